"""The SQLite store: WAL mode, migrations that keep rows, recovery from unreadable files."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from edu_app.store.database import DB_FILENAME, move_aside, open_database
from edu_app.store.errors import StoreOpenError
from edu_app.store.migrations import LATEST_VERSION, MIGRATIONS, current_version, migrate


def test_new_database_is_wal_and_at_latest_version(tmp_path: Path) -> None:
    opened = open_database(tmp_path)
    with opened.database.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert current_version(conn) == LATEST_VERSION
    assert opened.moved_aside is None


def test_upgrade_from_version_1_keeps_every_profile(tmp_path: Path) -> None:
    # A database as the first release wrote it, including two nicknames that differ only by case.
    path = tmp_path / DB_FILENAME
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate(conn, target=1)
        conn.execute(
            text("INSERT INTO profile (id, nickname, created_at) VALUES (1, 'Ann', '2025-01-01'), (2, 'ann', '2025-01-02'), (3, '小明', '2025-01-03')")
        )
    engine.dispose()

    opened = open_database(tmp_path)
    assert opened.moved_aside is None
    profiles = {p.id: p for p in __import__("edu_app.services.profiles", fromlist=["x"]).ProfileService(opened.database).list()}
    assert [profiles[i].nickname for i in (1, 2, 3)] == ["Ann", "ann", "小明"]
    assert {p.theme for p in profiles.values()} == {"system"}
    with opened.database.engine.connect() as conn:
        assert current_version(conn) == LATEST_VERSION
        keys = [row[0] for row in conn.execute(text("SELECT nickname_key FROM profile ORDER BY id"))]
    assert len(set(keys)) == 3


def test_migrations_are_numbered_in_order() -> None:
    # Numbers are reserved per feature, so a later step can land before an earlier-numbered one
    # (a gap until it does); they must never repeat or go backwards.
    versions = [m.version for m in MIGRATIONS]
    assert versions[0] == 1
    assert versions == sorted(set(versions))


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # an empty file is a valid (empty) SQLite database, see below
        b"garbage" * 1000,
        b"SQLite format 3\x00" + b"\xff" * 4000,
    ],
)
def test_unreadable_file_is_moved_aside_never_deleted(tmp_path: Path, damage: bytes) -> None:
    path = tmp_path / DB_FILENAME
    path.write_bytes(damage)
    opened = open_database(tmp_path)
    if damage == b"":
        assert opened.moved_aside is None
        return
    assert opened.moved_aside is not None
    assert opened.moved_aside.read_bytes() == damage
    assert opened.moved_aside.name.startswith(f"{DB_FILENAME}.corrupt-")
    assert opened.reason
    # The fresh database works.
    with opened.database.engine.connect() as conn:
        assert current_version(conn) == LATEST_VERSION


def test_truncated_database_is_detected(tmp_path: Path) -> None:
    opened = open_database(tmp_path)
    from edu_app.services.profiles import ProfileService

    service = ProfileService(opened.database)
    for i in range(200):
        service.create(f"learner {i}")
    opened.database.close()
    path = tmp_path / DB_FILENAME
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    again = open_database(tmp_path)
    assert again.moved_aside is not None
    assert again.moved_aside.stat().st_size == len(data) // 2


def test_database_from_a_newer_app_is_refused_and_left_in_place(tmp_path: Path) -> None:
    opened = open_database(tmp_path)
    from edu_app.services.profiles import ProfileService

    ProfileService(opened.database).create("Ann")
    with opened.database.transaction() as session:
        session.exec(text("UPDATE schema_info SET version = 999"))  # type: ignore[call-overload]
    opened.database.close()
    before = (tmp_path / DB_FILENAME).read_bytes()
    with pytest.raises(StoreOpenError) as raised:
        open_database(tmp_path)
    error = raised.value
    assert error.code == "newer-schema" and error.params["version"] == 999
    assert "999" in error.message("en") and "update" in error.message("en").lower()
    assert "999" in error.message("zh-CN") and "更新" in error.message("zh-CN")
    assert (tmp_path / DB_FILENAME).read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_move_aside_never_overwrites_an_earlier_copy(tmp_path: Path) -> None:
    now = datetime(2026, 11, 22, 10, 0, 0)
    first = tmp_path / "a.db"
    first.write_text("one")
    moved_one = move_aside(first, now)
    first.write_text("two")
    moved_two = move_aside(first, now)
    assert moved_one != moved_two
    assert (moved_one.read_text(), moved_two.read_text()) == ("one", "two")
