"""Fixtures shared by every test folder: the store backends (SQLite file and a real PostgreSQL)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from tests.postgres import PostgresCluster, find_bindir

# The browser tests (one worker runs them all) start first, as they take most of the run; the
# other worker takes these slow files first, then the many quick ones.
SLOW_FILES = ("store/test_migration_safety.py", "learning/test_progress_io.py", "learning/test_service.py")


def _start_order(item: pytest.Item) -> int:
    path = item.path.as_posix()
    if "/tests/browser/" in path:
        return 0
    return 1 if any(path.endswith("tests/" + name) for name in SLOW_FILES) else 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the longest work first (a stable sort keeps each file's own order)."""
    items.sort(key=_start_order)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A throw-away PostgreSQL cluster for the whole run, stopped even when tests fail."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (tools/test.sh installs it from Debian's packages)")
    cluster = PostgresCluster(bindir)
    # A run stopped with SIGTERM (a timeout, CI) unwinds like Ctrl-C, so the server is stopped too.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str | None:
    """None for the SQLite file in the test's data dir, else the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres_cluster").new_database()
