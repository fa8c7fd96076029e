"""Fixtures shared by every test folder: the store backends (SQLite file and a real PostgreSQL)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from tests.postgres import PostgresCluster, find_bindir

# Files that take minutes, longest first. Workers take whole files in collection order, so these
# start first and the many quick files fill in around them instead of one long file ending the run.
SLOW_FILES = (
    "browser/test_looks_en.py",
    "browser/test_looks_zh.py",
    "browser/test_studio.py",
    "browser/test_trading.py",
    "browser/test_event.py",
    "browser/test_access.py",
    "browser/test_learn.py",
    "browser/test_risk.py",
    "browser/test_phone_and_redraws.py",
    "browser/test_shell.py",
    "store/test_migration_safety.py",
    "events/test_service.py",
)


def _slowness(item: pytest.Item) -> int:
    path = item.path.as_posix()
    for rank, name in enumerate(SLOW_FILES):
        if path.endswith("tests/" + name):
            return rank
    return len(SLOW_FILES) + (0 if "/browser/" in path else 1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slowest files first (a stable sort keeps each file's own order)."""
    items.sort(key=_slowness)


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
