"""Opening the database: WAL mode, explicit transactions, locked migrations, and recovery from a
file that fails SQLite's own checks (and only from that).

Transactions are managed here rather than by the driver: Python's sqlite3 module begins a
transaction lazily, before the first write, and never around DDL, so reads that decide a write
and schema changes would otherwise run outside any transaction. Every transaction on SQLite
starts with ``BEGIN IMMEDIATE`` (it takes the write lock up front, so a read-modify-write by one
process never interleaves with another's); ``Database.reading()`` uses a plain deferred ``BEGIN``
for pure reads. On PostgreSQL the services lock the rows they derive from.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, event, exc, text
from sqlmodel import Session, create_engine

from edu_app.store.errors import StorageError, StoreOpenError, storage_code
from edu_app.store.migrations import LATEST_VERSION, NewerSchemaError, apply_step, current_version, pending

DB_FILENAME = "invest-quest.db"
# Companion files SQLite keeps next to a WAL-mode database; they move with it.
_SIDECARS = ("-wal", "-shm")
# How long a statement waits for another process's write lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 10_000
# A start-up waits longer: another process may be migrating a large database.
MIGRATION_BUSY_TIMEOUT_MS = 120_000
# Any constant will do: every Invest Quest process migrating the same PostgreSQL database takes it.
_PG_MIGRATION_LOCK = 0x1E57_0001
_BEGIN_OPTION = "edu_app_begin"


class Database:
    """A handle on the store. Use ``transaction()`` once per user action."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose changes commit together at the end, or not at all on error.

        On SQLite it holds the write lock from its first statement, so what it reads is still
        true when it writes. A storage failure (disk full, locked, read-only) raises
        ``StorageError``; the transaction is rolled back and earlier data is untouched.
        """
        with _storage_errors(), Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only: a consistent snapshot that does not wait for writers."""
        engine = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
        with _storage_errors(), Session(engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @property
    def is_sqlite(self) -> bool:
        """Whether this is the SQLite file (else a database server)."""
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        """Release every pooled connection (the file can then be moved or deleted)."""
        self.engine.dispose()


@contextmanager
def _storage_errors() -> Iterator[None]:
    try:
        yield
    except (exc.DBAPIError, sqlite3.Error) as error:
        code = storage_code(error)
        if code is None:
            raise
        raise StorageError(code, str(getattr(error, "orig", error))) from error


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
        # The driver must not open or commit transactions by itself (see the module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Wait for a lock before anything else, including switching to WAL on a new file.
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # WAL lets the UI read while a write is in progress; NORMAL sync is safe with WAL.
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
        if mode == "IMMEDIATE":
            _begin_immediate(conn.connection.driver_connection)
        else:
            conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """Put the file in WAL mode, waiting out another process doing the same.

    Two processes opening a brand-new file at once both switch it; SQLite answers the loser
    "database is locked" at once instead of calling the busy handler (it would deadlock), so the
    wait is done here, bounded by the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02 + random.random() * 0.05)


def _begin_immediate(raw: sqlite3.Connection) -> None:
    """Take the write lock, waiting up to the connection's busy timeout.

    SQLite's own busy handler retries at up to 100 ms intervals, so a process whose writes
    follow each other closely can keep a waiting one out for seconds; short jittered retries
    give both processes a fair chance at the lock.
    """
    timeout_ms = int(raw.execute("PRAGMA busy_timeout").fetchone()[0])
    raw.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if storage_code(error) != "locked" or time.monotonic() >= deadline:
                    raise
            time.sleep(random.uniform(0.0005, 0.004))
    finally:
        raw.execute(f"PRAGMA busy_timeout={timeout_ms}")


def upgrade(engine: Engine) -> int:
    """Bring the database to the latest schema, one migration per transaction, under a lock.

    The version is read again inside the lock, so of several processes starting together one
    migrates and the others wait and then find nothing to do. A step that is interrupted (a
    kill, a full disk) is rolled back as a whole. Returns the version reached; raises
    ``NewerSchemaError`` for a database written by a newer app.
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        # Straight to the driver: through SQLAlchemy the PRAGMA would begin a transaction.
        raw = conn.connection.driver_connection
        if sqlite:
            raw.execute(f"PRAGMA busy_timeout={MIGRATION_BUSY_TIMEOUT_MS}")
        try:
            # Most starts find nothing to do: read without the write lock first, so a start does
            # not wait for another process's long write just to learn that.
            # (execution_options changes this connection in place, hence the switch back.)
            conn.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
            with conn.begin():
                version = current_version(conn)
                if not pending(version):
                    return version
            conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
            while True:
                with conn.begin():
                    if not sqlite:
                        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
                    version = current_version(conn)
                    steps = pending(version)
                    if not steps:
                        return version
                    apply_step(conn, steps[0], version)
        finally:
            if sqlite:
                raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _check_readable(path: Path) -> str | None:
    """Return why the SQLite file at ``path`` fails SQLite's own checks, or None if it passes.

    Anything that is not damage (a lock, a permission, a full disk) raises ``StoreOpenError``:
    such a file is fine and must stay where it is.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=MIGRATION_BUSY_TIMEOUT_MS / 1000)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        code = storage_code(error)
        if code == "corrupt":
            return str(error)
        raise StoreOpenError(code or "cannot-open", str(error), path=str(path)) from error
    if not result or result[0] != "ok":
        return f"integrity check failed: {result[0] if result else 'no answer'}"
    return None


def _check_access(data_dir: Path, path: Path) -> None:
    """Refuse plainly when the data dir or the file cannot be written (never move such a file)."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreOpenError("read-only", str(error), path=str(data_dir)) from error
    if path.exists() and not os.access(path, os.R_OK):
        raise StoreOpenError("cannot-open", "no permission to read", path=str(path))
    # SQLite writes the file and, in WAL mode, creates its companions next to it.
    for target in (path, *(path.with_name(path.name + suffix) for suffix in _SIDECARS)):
        if target.exists() and not os.access(target, os.R_OK | os.W_OK):
            raise StoreOpenError("read-only", "no permission to write", path=str(target))
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise StoreOpenError("read-only", "no permission to write", path=str(data_dir))


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


@contextmanager
def _recovery_lock(data_dir: Path) -> Iterator[None]:
    """Serialise moving a damaged file aside between processes, so that one process never moves
    away the fresh database another has just created in its place."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; recovery races are not handled there
        yield
        return
    with open(data_dir / f".{DB_FILENAME}.recovery-lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _open_engine(engine: Engine, where: str) -> Database:
    """Migrate ``engine``'s database; turn every failure into ``StoreOpenError`` (or re-raise a
    damaged-file error as ``StorageError('corrupt')`` for the caller to recover from)."""
    try:
        upgrade(engine)
    except NewerSchemaError as error:
        engine.dispose()
        raise StoreOpenError(
            "newer-schema", str(error), path=where, version=error.version, supported=LATEST_VERSION
        ) from error
    except (exc.DBAPIError, sqlite3.Error) as error:
        engine.dispose()
        code = storage_code(error)
        if code == "corrupt":
            raise StorageError("corrupt", str(error)) from error
        raise StoreOpenError(code or "migration-failed", str(error), path=where) from error
    return Database(engine)


def open_database(data_dir: Path, url: str | None = None) -> OpenResult:
    """Open (creating or migrating) the database in ``data_dir``.

    ``url`` (or ``DATABASE_URL``) selects another database server instead of the SQLite file.
    A SQLite file that fails SQLite's own checks is moved aside with a timestamped name and a
    fresh one is created, so the app starts and the old file can still be inspected. Anything
    else raises ``StoreOpenError`` and leaves the file exactly as it was: a database written by
    a newer app, a read-only or unreadable file or folder, a lock held too long, a full disk.
    """
    url = url or os.environ.get("DATABASE_URL")
    if url:
        engine = create_engine(url, pool_pre_ping=True)
        where = engine.url.render_as_string(hide_password=True)
        try:
            return OpenResult(_open_engine(engine, where))
        except StorageError as error:
            raise StoreOpenError("cannot-open", error.detail, path=where) from error

    path = data_dir / DB_FILENAME
    _check_access(data_dir, path)
    reason = _check_readable(path) if path.exists() else None
    if reason is None:
        try:
            return OpenResult(_open_engine(_sqlite_engine(path), str(path)))
        except StorageError as error:
            reason = error.detail
    with _recovery_lock(data_dir):
        # Another process may have recovered the file while this one waited for the lock.
        moved = move_aside(path) if path.exists() and _check_readable(path) is not None else None
        try:
            database = _open_engine(_sqlite_engine(path), str(path))
        except StorageError as error:
            if moved is not None:
                raise StoreOpenError("cannot-open", error.detail, path=str(path)) from error
            # Damage that only the migration ran into (SQLite's quick check passed).
            reason = error.detail
            moved = move_aside(path)
            try:
                database = _open_engine(_sqlite_engine(path), str(path))
            except StorageError as again:
                raise StoreOpenError("cannot-open", again.detail, path=str(path)) from again
    return OpenResult(database, moved_aside=moved, reason=reason if moved else None)
