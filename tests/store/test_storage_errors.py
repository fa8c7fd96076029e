"""A write that fails (disk full, database locked, read-only) raises one error type with a message
for the learner in both languages, and loses nothing saved before; once the cause is gone the
same action works. Real SQLite conditions (page limit, a second connection's lock, query-only)
and real PostgreSQL ones (a lock held by another session, a read-only transaction mode)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import event, text

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.services.profiles import ProfileService
from edu_app.store import Database, StorageError, open_database
from edu_app.store.database import DB_FILENAME
from tests.learning.conftest import AF, SHANGHAI, answer_lesson, right
from tests.store.conftest import Store


@contextmanager
def on_every_connection(db: Database, *statements: str) -> Iterator[None]:
    """Run ``statements`` on each new connection of the app's engine (the pool is emptied first)."""

    def apply(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        for statement in statements:
            cursor.execute(statement)
        cursor.close()
        # PostgreSQL undoes a SET made in a transaction that is rolled back: keep it.
        dbapi_connection.commit()  # type: ignore[attr-defined]

    db.engine.dispose()
    event.listen(db.engine, "connect", apply)
    try:
        yield
    finally:
        event.remove(db.engine, "connect", apply)
        db.engine.dispose()


@contextmanager
def disk_full(store: Store, db: Database) -> Iterator[None]:
    # The file may not grow by a single page: what SQLite reports when the disk is full.
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
    with on_every_connection(db, f"PRAGMA max_page_count={pages}"):
        yield


@contextmanager
def locked(store: Store, db: Database) -> Iterator[None]:
    if store.url is None:
        # Another program holds the write lock (and keeps it longer than the app waits).
        other = sqlite3.connect(store.data_dir / DB_FILENAME, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with on_every_connection(db, "PRAGMA busy_timeout=200"):
                yield
        finally:
            other.execute("ROLLBACK")
            other.close()
    else:
        import psycopg

        other = psycopg.connect(store.url.replace("postgresql+psycopg", "postgresql"))
        other.execute("LOCK TABLE answer, profile IN ACCESS EXCLUSIVE MODE")
        try:
            with on_every_connection(db, "SET lock_timeout = '200ms'"):
                yield
        finally:
            other.rollback()
            other.close()


@contextmanager
def read_only(store: Store, db: Database) -> Iterator[None]:
    statement = "PRAGMA query_only=1" if store.url is None else "SET default_transaction_read_only = on"
    with on_every_connection(db, statement):
        yield


CONDITIONS: dict[str, tuple[str, Callable[[Store, Database], object]]] = {
    "disk-full": ("disk-full", disk_full),
    "locked": ("locked", locked),
    "read-only": ("read-only", read_only),
}


@pytest.fixture
def setting(new_store: Callable[[], Store], catalog: PackCatalog) -> Iterator[tuple[Store, Database, LearningService, int]]:
    store = new_store()
    db = open_database(store.data_dir, url=store.url).database
    service = LearningService(db, catalog, FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), SHANGHAI))
    profile_id = ProfileService(db).create("Ann", language="en").id
    answer_lesson(service, catalog, profile_id, AF, "guaranteed-returns")
    yield store, db, service, profile_id
    db.close()


@pytest.mark.parametrize("condition", list(CONDITIONS))
def test_a_failed_write_says_what_happened_and_loses_nothing(
    setting: tuple[Store, Database, LearningService, int], catalog: PackCatalog, condition: str
) -> None:
    store, db, service, profile_id = setting
    code, make = CONDITIONS[condition]
    if condition == "disk-full" and store.url is not None:
        pytest.skip("a full disk cannot be made for one PostgreSQL database without root on its server")
    saved = service.export_progress(profile_id)
    before = service.progress(profile_id, "en")
    items = catalog.pack(AF).items_of("pig-butchering")  # type: ignore[union-attr]

    with make(store, db):  # type: ignore[attr-defined]
        with pytest.raises(StorageError) as raised:
            # A full disk may still take a write or two into free pages: keep going until it bites.
            for item in items * 20:
                service.record_answer(profile_id, AF, "pig-butchering", item.id, right(item), 2.0)
        with pytest.raises(StorageError) as on_welcome:
            for n in range(200):
                ProfileService(db).create(f"Bob {n}")
        assert on_welcome.value.code == code
    error = raised.value
    assert error.code == code
    english, chinese = error.message("en"), error.message("zh-CN")
    assert english != chinese and "again" in english and "重试" in chinese

    # Nothing saved before was lost, and the totals still match the history.
    after = service.export_progress(profile_id)
    assert after["answers"][: len(saved["answers"])] == saved["answers"]
    assert service.progress(profile_id, "en").xp >= before.xp
    # Once the cause is gone, the same action works.
    outcome = service.record_answer(profile_id, AF, "pig-butchering", items[0].id, right(items[0]), 2.0)
    assert outcome.grade.correct
    with db.engine.connect() as conn:
        answers = conn.execute(text("SELECT count(*) FROM answer")).scalar_one()
    assert service.progress(profile_id, "en").answers == answers
