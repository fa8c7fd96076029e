"""Key and trust-list files are read only when they are regular files under a size cap.

A device such as ``/dev/zero`` would be read forever and a FIFO would block on open, so each
command is run in a child process with a timeout: a hang fails the test instead of stalling it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from edu_app import paths
from edu_app.cli import main
from lessons.signing import MAX_KEY_FILE_BYTES

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_SECONDS = 20

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EDU_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(paths, "_data_dir_override", None)
    return tmp_path / "data"


def edu_app(*argv: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process, with the test's data dir."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "edu_app", *argv], capture_output=True, text=True, timeout=HANG_GUARD_SECONDS,
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"edu-app {' '.join(argv)} did not finish within {HANG_GUARD_SECONDS} s")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "publisher.pub"
    os.mkfifo(path)
    return path


@pytest.fixture
def pack_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "src"
    assert main(["pack", "new", str(folder), "--id", "starter"]) == 0
    target = tmp_path / "starter.zip"
    assert main(["pack", "build", str(folder), "-o", str(target)]) == 0
    capsys.readouterr()
    return target


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_pack_sign_refuses_a_key_that_is_not_a_regular_file(pack_zip: Path, fifo: Path, special: str) -> None:
    key = str(fifo) if special == "fifo" else special
    before = pack_zip.read_bytes()
    result = edu_app("pack", "sign", str(pack_zip), "--key", key)
    assert result.returncode == 2, result.stderr
    assert f"{key} is not a regular file" in result.stderr
    assert pack_zip.read_bytes() == before


def test_pack_sign_refuses_an_oversized_key_unread(pack_zip: Path, tmp_path: Path) -> None:
    key = tmp_path / "huge.key"
    key.write_bytes(b"-" * (MAX_KEY_FILE_BYTES + 1))
    result = edu_app("pack", "sign", str(pack_zip), "--key", str(key))
    assert result.returncode == 2
    assert "is larger than" in result.stderr


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_trust_add_refuses_a_key_that_is_not_a_regular_file(fifo: Path, special: str) -> None:
    key = str(fifo) if special == "fifo" else special
    result = edu_app("trust", "add", key)
    assert result.returncode == 2, result.stderr
    assert key in result.stderr and "not" in result.stderr


def test_trust_add_refuses_an_oversized_key_file(tmp_path: Path) -> None:
    key = tmp_path / "big.pub"
    key.write_text("invest-quest-ed25519 " + "A" * MAX_KEY_FILE_BYTES, encoding="utf-8")
    result = edu_app("trust", "add", str(key))
    assert result.returncode == 2
    assert f"{key} is larger than" in result.stderr


def test_a_trust_list_that_is_a_fifo_is_reported_not_waited_on(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    os.mkfifo(data_dir / "trusted-publishers.json")
    result = edu_app("trust", "list")
    assert result.returncode == 1
    assert "cannot read the trust list" in result.stderr and "not a regular file" in result.stderr
