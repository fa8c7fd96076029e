"""Adding imported rows that a learner does not have yet."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, SQLModel, select


def rows_not_stored(
    session: Session, table: type[SQLModel], profile_id: int, identity: tuple[str, ...], entries: Iterable[BaseModel]
) -> list[dict[str, Any]]:
    """The ``entries`` whose ``identity`` columns match no stored row of ``profile_id`` (nor an
    earlier entry), as rows for ``table`` ready to insert."""
    columns = [getattr(table, name) for name in identity]
    seen = {tuple(row) for row in session.exec(select(*columns).where(table.profile_id == profile_id))}  # type: ignore[attr-defined]
    rows: list[dict[str, Any]] = []
    for entry in entries:
        key = tuple(getattr(entry, name) for name in identity)
        if key in seen:
            continue
        seen.add(key)
        rows.append({**entry.model_dump(), "profile_id": profile_id})
    return rows
