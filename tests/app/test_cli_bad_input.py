"""The command line refuses numbers and data folders it cannot work with: one message, exit 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from edu_app import paths
from edu_app.cli import main
from simulator.bundled_prices import load_bundled
from simulator.errors import SetupError
from simulator.session import TradingSession

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_SECONDS = 20


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EDU_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(paths, "_data_dir_override", None)
    monkeypatch.setattr(paths, "_usable", set())


def edu_app(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process; a hang fails the test instead of stalling it."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "edu_app", *argv], capture_output=True, text=True,
            timeout=HANG_GUARD_SECONDS, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"edu-app {' '.join(argv)} did not finish within {HANG_GUARD_SECONDS} s")


@pytest.mark.parametrize("cash", ["1e300", "1e308", "1e309", "2e12", "0.001", "0", "-100", "nan", "inf", "lots"])
def test_cash_outside_one_to_a_trillion_is_refused_with_the_reason(cash):
    done = edu_app("sim", "run", "--symbol", "GSPC", "--cash", cash)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"argument --cash: '{cash}' is not a starting cash between 1 and 1e12" in done.stderr
    assert "not a learning scenario" in done.stderr and "lose their cents" in done.stderr
    assert "初始资金" in done.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--commission", "nan", "is not a commission rate"),
        ("--commission", "-0.1", "is not a commission rate"),
        ("--commission", "1", "is not a commission rate"),
        ("--fast", "0", "is not a window length"),
        ("--slow", "10001", "is not a window length"),
        ("--slow", "1" + "0" * 5000, "is not a window length"),
        ("--fast", "2.5", "is not a window length"),
    ],
)
def test_other_sim_numbers_are_range_checked(capsys, option, value, message):
    with pytest.raises(SystemExit) as caught:
        main(["sim", "run", "--symbol", "GSPC", "--strategy", "sma-cross", option, value])
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_port_is_range_checked(capsys, port):
    with pytest.raises(SystemExit) as caught:
        main(["--web", "--port", port])
    assert caught.value.code == 2
    assert f"'{port}' is not a port" in capsys.readouterr().err


@pytest.mark.parametrize("workers", ["0", "-2", "65", "two"])
def test_the_number_of_event_server_processes_is_range_checked(capsys, workers):
    with pytest.raises(SystemExit) as caught:
        main(["event", "serve", "--workers", workers])
    assert caught.value.code == 2
    assert f"'{workers}' is not a number of server processes: give a whole number from 1 to 64" in capsys.readouterr().err


def test_the_edges_of_the_cash_range_run(capsys):
    for cash in ("1", "1e12"):
        assert main(["sim", "run", "--symbol", "GSPC", "--cash", cash, "--json"]) == 0
        capsys.readouterr()


def test_the_engine_refuses_cash_it_cannot_size_orders_for():
    series = load_bundled("GSPC")
    for cash in (1e300, 1e12 * 1.5, 0.5):
        with pytest.raises(SetupError) as refused:
            TradingSession(series, "us", cash)
        assert "between 1 and 1e12" in str(refused.value)
    assert TradingSession(series, "us", 1e12).max_buy_quantity() > 0


# ----- the data folder -------------------------------------------------------------------------


COMMANDS = [["pack", "list"], ["prices", "list"], ["sim", "scenarios"], ["--web", "--port", "1"]]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv))
def test_data_dir_that_is_a_file_is_one_message_and_exit_2(tmp_path, argv):
    afile = tmp_path / "notes.txt"
    afile.write_text("not a folder")
    for flags, env in ((["--data-dir", str(afile)], None), ([], {"EDU_APP_DATA_DIR": str(afile)})):
        done = edu_app(*flags, *argv, env=env)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        [line] = done.stderr.strip().splitlines()
        assert line.startswith(f"edu-app: the data folder {afile} (set by ")
        assert "is a file, not a folder: choose another folder with --data-dir DIR" in line
    assert afile.read_text() == "not a folder"


def test_data_dir_under_a_file_cannot_be_created(tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    done = edu_app("--data-dir", str(afile / "data"), "pack", "list")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot be created: part of its path is a file" in done.stderr


def test_cache_folder_that_is_a_file_is_reported(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "cache").write_text("x")
    done = edu_app("--data-dir", str(data), "prices", "list")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"the cache folder {data / 'cache'} (inside the data folder) is a file" in done.stderr


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("runuser") is None, reason="needs root to switch user")
def test_a_folder_the_user_cannot_write_is_reported(request):
    # Root writes anywhere, so the check runs as 'nobody' on a folder root owns. The system
    # Python runs it: the virtualenv's may sit under root's home, which 'nobody' cannot read.
    python = shutil.which("python3", path="/usr/bin:/bin")
    if python is None:
        pytest.skip("no system python3")
    # pytest's own temporary folders are private to root, so this one sits in /tmp itself.
    parent = Path(tempfile.mkdtemp(prefix="edu-app-readonly-"))
    request.addfinalizer(lambda: shutil.rmtree(parent, ignore_errors=True))
    parent.chmod(0o755)
    folder = parent / "data"
    folder.mkdir(mode=0o755)
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from edu_app import paths\n"
        f"paths.set_data_dir({str(folder)!r})\n"
        "try:\n    paths.data_dir()\nexcept paths.DataDirError as error:\n    print(error)\n"
    )
    done = subprocess.run(
        ["runuser", "-u", "nobody", "--", python, "-c", script], capture_output=True, text=True, timeout=20
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"the data folder {folder} (set by --data-dir) is not writable (Permission denied)")
    assert "make it writable, or choose another folder with --data-dir DIR" in done.stdout
