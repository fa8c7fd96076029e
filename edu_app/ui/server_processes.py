"""Several server processes on one port, for a room of phones.

One Python process draws every learner's screens on one core. ``edu-app event serve --workers N``
binds N listening sockets to the same port (``SO_REUSEPORT``); Linux spreads new connections
evenly over them, and each socket is served by its own process. A phone's WebSocket carries its
whole session, so a session lives in one process; the processes share only the database (WAL,
one transaction per action; the event screens poll it, so they see what another process wrote).
A phone that reconnects may reach another process: the app there restores its profile from the
phone's storage, as after a server restart.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# Connections the kernel queues for a process while it is busy (a room arriving at once).
BACKLOG = 2048


def can_share_a_port() -> bool:
    """Whether several processes can serve one port here (Linux balances ``SO_REUSEPORT``)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets listening together on ``host:port``; OSError when that cannot be."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            listener = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(listener)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            listener.bind((host, port))
            listener.listen(BACKLOG)
    except OSError:
        for listener in sockets:
            listener.close()
        raise
    return sockets


@dataclass
class Worker:
    """A worker process and the pipe on which it says it is serving."""

    process: subprocess.Popen[bytes]
    ready_pipe: int


def start_workers(sockets: list[socket.socket], host: str, port: int, code: str, data_dir: Path) -> list[Worker]:
    """One worker process per socket, serving event ``code``.

    Each socket is closed here once its worker holds it: a socket nobody accepts on would still
    get its share of new connections, so a worker that ends must take its socket along.
    """
    workers = []
    env = {**os.environ, "EDU_APP_DATA_DIR": str(data_dir)}
    for listener in sockets:
        fd = listener.fileno()
        ready_read, ready_write = os.pipe()
        process = subprocess.Popen(
            [sys.executable, "-m", "edu_app.cli.event_worker", "--fd", str(fd), "--host", host, "--port", str(port),
             "--code", code, "--parent", str(os.getpid()), "--ready-fd", str(ready_write)],
            pass_fds=(fd, ready_write), env=env,
        )
        os.close(ready_write)
        listener.close()
        workers.append(Worker(process, ready_read))
    return workers


def wait_until_serving(workers: list[Worker], timeout: float = 120.0) -> int:
    """Wait until every worker serves (or ended, or ``timeout`` passed); how many serve."""
    deadline = time.monotonic() + timeout
    serving = 0
    for worker in workers:
        ready, _, _ = select.select([worker.ready_pipe], [], [], max(0.0, deadline - time.monotonic()))
        if ready and os.read(worker.ready_pipe, 1) == b"1":
            serving += 1
        os.close(worker.ready_pipe)
    return serving


def say_serving(ready_fd: int) -> None:
    """In a worker: tell the process that started it that this one now serves."""
    os.write(ready_fd, b"1")
    os.close(ready_fd)


def stop_workers(workers: list[Worker]) -> None:
    """Ask every worker to finish (they close their connections), then make sure they did."""
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.terminate()
    deadline = time.monotonic() + 20
    for worker in workers:
        try:
            worker.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()


def end_with_parent(parent: int) -> None:
    """In a worker: be stopped (SIGTERM) when the process that started it ends, however it ends."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before the line above took effect
        sys.exit(0)
