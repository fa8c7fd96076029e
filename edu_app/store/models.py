"""Tables of the current schema.

Columns use only portable types (no SQLite-only features) so the same models run on PostgreSQL.
When a table changes, add a migration in ``migrations.py``; never edit an old migration.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    """The current time in UTC, the only time zone stored."""
    return datetime.now(UTC)


class SchemaInfo(SQLModel, table=True):
    """One row holding the schema version that the migrations brought the database to."""

    __tablename__ = "schema_info"

    id: int = Field(default=1, primary_key=True)
    version: int


class Profile(SQLModel, table=True):
    """A learner on this device: a nickname and their preferences, nothing personal."""

    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    nickname: str = Field(max_length=96)
    # Case-folded, NFC-normalised nickname; unique so two learners are never confused.
    nickname_key: str = Field(max_length=96, unique=True, index=True)
    language: str | None = Field(default=None, max_length=8)
    theme: str = Field(default="system", max_length=8)
    created_at: datetime = Field(default_factory=utc_now)
