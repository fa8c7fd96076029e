"""Opening the database: WAL mode, migrations, and recovery from a corrupt file."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from edu_app.store.migrations import NewerSchemaError, migrate

DB_FILENAME = "invest-quest.db"
# Companion files SQLite keeps next to a WAL-mode database; they move with it.
_SIDECARS = ("-wal", "-shm")


class Database:
    """A handle on the store. Use ``transaction()`` once per user action."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose changes commit together at the end, or not at all on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def close(self) -> None:
        """Release every pooled connection (the file can then be moved or deleted)."""
        self.engine.dispose()


@dataclass(frozen=True)
class OpenResult:
    """An open database, plus where an unreadable file was moved if one was found."""

    database: Database
    moved_aside: Path | None = None
    reason: str | None = None


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the UI read while a write is in progress; NORMAL sync is safe with WAL.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    return engine


def _check_readable(path: Path) -> str | None:
    """Return why the SQLite file at ``path`` is unusable, or None if it looks healthy."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        return str(error)
    if not result or result[0] != "ok":
        return f"integrity check failed: {result[0] if result else 'no answer'}"
    return None


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename ``path`` (and its WAL companions) to a timestamped name; never deletes anything."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 2
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    os.replace(path, target)
    for suffix in _SIDECARS:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, target.with_name(target.name + suffix))
    return target


def _open_and_migrate(engine: Engine) -> Database:
    with engine.begin() as conn:
        migrate(conn)
    return Database(engine)


def open_database(data_dir: Path, url: str | None = None) -> OpenResult:
    """Open (creating or migrating) the database in ``data_dir``.

    ``url`` (or ``DATABASE_URL``) selects another database server instead of the SQLite file.
    An unreadable SQLite file is moved aside with a timestamped name and a fresh one is created,
    so the app always starts and the old file can still be inspected or recovered.
    """
    url = url or os.environ.get("DATABASE_URL")
    if url:
        return OpenResult(_open_and_migrate(create_engine(url)))

    path = data_dir / DB_FILENAME
    reason = _check_readable(path) if path.exists() else None
    if reason is None and path.exists():
        engine = _sqlite_engine(path)
        try:
            return OpenResult(_open_and_migrate(engine))
        except NewerSchemaError as error:
            reason = str(error)
        except Exception as error:  # noqa: BLE001 - any failure here means the file is unusable
            reason = f"{type(error).__name__}: {error}"
        engine.dispose()
    moved = move_aside(path) if reason is not None else None
    return OpenResult(_open_and_migrate(_sqlite_engine(path)), moved_aside=moved, reason=reason)
