"""``edu-app event serve --workers 2``: two processes serve one port and one event."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import msgpack
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.app.test_load_event import _load_event_module, _run_in_own_thread
from tests.browser.harness import free_port

REGISTER_CLIENT = 1
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="several processes per port need Linux")


def _serve(data_dir: Path, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "EDU_APP_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "edu_app", "event", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _wait_for_line(process: subprocess.Popen[str], start: str) -> str:
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(start):
            return line
    raise AssertionError(f"the server ended without printing {start!r}")


def _stop(process: subprocess.Popen[str]) -> int:
    """Stop the server as a terminal's kill does; its exit status."""
    process.terminate()
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def _children(pid: int) -> list[int]:
    """The worker processes ``pid`` started (the load generator finds them the same way)."""
    return _load_event_module().ServerProcess(pid).pids()[1:]


def _connections_held(pid: int, port: int) -> int:
    """Established TCP connections to ``port`` whose socket ``pid`` holds (from /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    held = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:  # 01: ESTABLISHED
                held += 1
    return held


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    process = _serve(tmp_path / "data", port)
    _wait_for_line(process, "Joining opens")
    workers = _children(process.pid)
    yield process, port
    _stop(process)
    for pid in workers:  # only if stopping the server failed to stop them (a test then fails)
        if Path(f"/proc/{pid}").exists():
            os.kill(pid, 9)


def test_phones_are_spread_over_both_processes(server: tuple[subprocess.Popen[str], int]) -> None:
    process, port = server
    workers = _children(process.pid)
    assert len(workers) == 1
    with ExitStack() as phones:
        opened: list[ClientConnection] = []
        for _ in range(16):
            ws = phones.enter_context(connect(f"ws://127.0.0.1:{port}/ws", ping_interval=None))
            page = {"route": "/", "web": True, "width": 390.0, "height": 844.0, "platform": "android"}
            ws.send(b"\x00" + msgpack.packb([REGISTER_CLIENT, {"session_id": None, "page_name": "", "page": page}]))
            opened.append(ws)
        for ws in opened:
            ws.recv(timeout=30)  # each process answers its own phones
        held = {pid: _connections_held(pid, port) for pid in (process.pid, *workers)}
        # The kernel spreads connections by their addresses: 16 all in one process would be a
        # 1-in-30,000 chance, not a fault to tolerate.
        assert sum(held.values()) == 16
        assert all(count > 0 for count in held.values()), held


def test_stopping_the_server_stops_its_worker(server: tuple[subprocess.Popen[str], int]) -> None:
    process, _port = server
    worker = _children(process.pid)[0]
    _stop(process)
    # The server waited for its worker before ending, so nothing of it is left.
    assert not Path(f"/proc/{worker}").exists()


def test_a_worker_whose_server_was_killed_outright_ends_too(server: tuple[subprocess.Popen[str], int]) -> None:
    process, _port = server
    worker = _children(process.pid)[0]
    process.kill()
    process.wait()
    deadline = time.monotonic() + 20
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(f"/proc/{worker}").exists()


def test_a_port_already_served_by_several_processes_is_refused(server: tuple[subprocess.Popen[str], int],
                                                               tmp_path: Path) -> None:
    _process, port = server
    second = _serve(tmp_path / "other", port)
    out, _ = second.communicate(timeout=60)
    assert second.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in out and "Choose another port" in out


def test_attendees_in_either_process_join_learn_and_trade_in_one_event() -> None:
    # The organiser opens joining (one process); learners join, answer and trade wherever the
    # kernel puts them; the projector and organiser screens stay open.
    figures = _run_in_own_thread(
        _load_event_module().main,
        ["-n", "6", "--think", "0.05", "0.1", "--ramp", "0.3", "--duration", "90", "--workers", "2"],
    )
    assert figures["server_processes"] == 2
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["finished"] == 6
