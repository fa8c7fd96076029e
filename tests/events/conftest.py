"""Fixtures: the built-in packs, a real store (SQLite file and PostgreSQL), an event service with a
settable clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from edu_app.events.service import EventService
from edu_app.learning import PackCatalog
from edu_app.services.access import ProfileAccess
from edu_app.store import Database, open_database
from tests.learning.conftest import builtin_packs


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(scope="session")
def catalog() -> PackCatalog:
    loaded = builtin_packs()
    return PackCatalog(loader=lambda: loaded)


@pytest.fixture
def db(tmp_path: Path, store_url: str | None) -> Iterator[Database]:
    """The SQLite file, and a real PostgreSQL database (parametrised)."""
    database = open_database(tmp_path, url=store_url).database
    yield database
    database.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def events(db: Database, catalog: PackCatalog, clock: Clock) -> EventService:
    return EventService(db, catalog, ProfileAccess(db), now=clock)
