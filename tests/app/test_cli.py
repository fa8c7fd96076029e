"""The command-line contract of the foundation: version, help, data dir, desktop fallback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from edu_app import __version__
from edu_app.ui import launch


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edu_app", *args], capture_output=True, text=True, env=env or dict(os.environ), timeout=60
    )


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"edu-app {__version__}"
    help_text = run("--help").stdout
    for word in ("--web", "--host", "--port", "--data-dir", "pack", "sim", "prices"):
        assert word in help_text


def test_console_script_matches_module() -> None:
    script = Path(sys.executable).with_name("edu-app")
    assert subprocess.run([str(script), "--version"], capture_output=True, text=True).stdout.strip() == f"edu-app {__version__}"


def test_linux_without_display_falls_back_to_web(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launch.platform, "system", lambda: "Linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert launch.desktop_client_available() is False


def test_port_in_use_gives_a_clear_message(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("--web", "--port", str(port), "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_data_dir_option_and_environment(tmp_path: Path) -> None:
    from edu_app import paths

    env_dir = tmp_path / "from-env"
    os.environ["EDU_APP_DATA_DIR"] = str(env_dir)
    try:
        paths.set_data_dir(None)
        assert paths.data_dir() == env_dir
        paths.set_data_dir(tmp_path / "from-option")
        assert paths.data_dir() == (tmp_path / "from-option").resolve()
        assert paths.cache_dir() == (tmp_path / "from-option").resolve() / "cache"
    finally:
        paths.set_data_dir(None)
        del os.environ["EDU_APP_DATA_DIR"]


def test_preview_of_a_folder_that_is_not_a_pack_says_what_to_do(tmp_path: Path) -> None:
    missing = run("pack", "preview", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "is not a pack folder" in missing.stderr
    empty = run("pack", "preview", str(tmp_path), "--web", "--port", "0")
    assert empty.returncode == 2
    assert "has no pack.yaml" in empty.stderr and "edu-app pack new DIR" in empty.stderr
    assert "Traceback" not in missing.stderr + empty.stderr
