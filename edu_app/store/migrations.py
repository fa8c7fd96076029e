"""Forward-only schema migrations.

Each migration moves the database from ``version - 1`` to ``version`` and must keep every
learner's rows. The DDL is plain SQL that SQLite and PostgreSQL both accept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text


@dataclass(frozen=True)
class Migration:
    """One step of the schema history."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _v1_profiles(conn: Connection) -> None:
    conn.execute(text("CREATE TABLE schema_info (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)"))
    conn.execute(
        text(
            "CREATE TABLE profile ("
            " id INTEGER PRIMARY KEY,"
            " nickname VARCHAR(96) NOT NULL,"
            " created_at TIMESTAMP NOT NULL)"
        )
    )


def _v2_profile_preferences(conn: Connection) -> None:
    # Language and theme became per-profile choices, and nicknames unique regardless of case.
    conn.execute(text("ALTER TABLE profile ADD COLUMN nickname_key VARCHAR(96)"))
    conn.execute(text("ALTER TABLE profile ADD COLUMN language VARCHAR(8)"))
    conn.execute(text("ALTER TABLE profile ADD COLUMN theme VARCHAR(8) NOT NULL DEFAULT 'system'"))
    from edu_app.services.nickname import nickname_key

    rows = conn.execute(text("SELECT id, nickname FROM profile ORDER BY id")).all()
    seen: set[str] = set()
    for profile_id, nickname in rows:
        key = nickname_key(nickname)
        # Older databases did not enforce uniqueness; keep every row and make the key unique.
        suffix = 2
        unique = key
        while unique in seen:
            unique = f"{key}#{suffix}"
            suffix += 1
        seen.add(unique)
        conn.execute(
            text("UPDATE profile SET nickname_key = :key WHERE id = :id"),
            {"key": unique, "id": profile_id},
        )
    conn.execute(text("CREATE UNIQUE INDEX ix_profile_nickname_key ON profile (nickname_key)"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "profiles", _v1_profiles),
    Migration(2, "per-profile language and theme; unique nicknames", _v2_profile_preferences),
)

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The schema version recorded in the database (0 for an empty database)."""
    if not inspect(conn).has_table("schema_info"):
        return 0
    row = conn.execute(text("SELECT version FROM schema_info WHERE id = 1")).first()
    return int(row[0]) if row else 0


def migrate(conn: Connection, target: int = LATEST_VERSION) -> int:
    """Apply every migration above the recorded version up to ``target``; return the new version.

    Each step runs in the caller's transaction, so a failed step leaves the database unchanged.
    """
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise NewerSchemaError(version)
    for migration in MIGRATIONS:
        if version < migration.version <= target:
            migration.apply(conn)
            if version == 0:
                conn.execute(text("INSERT INTO schema_info (id, version) VALUES (1, :v)"), {"v": migration.version})
            else:
                conn.execute(text("UPDATE schema_info SET version = :v WHERE id = 1"), {"v": migration.version})
            version = migration.version
    return version


class NewerSchemaError(Exception):
    """The database was written by a newer Invest Quest than this one."""

    def __init__(self, version: int) -> None:
        super().__init__(f"database schema {version} is newer than this app supports ({LATEST_VERSION})")
        self.version = version
