"""Saved sessions in the store: one ``trading_session`` row per session, the engine's state as
JSON. Reading and writing happen in the caller's transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from edu_app.store.models import TradingSessionRow
from simulator.session import TradingSession

ACTIVE = "active"
FINISHED = "finished"


def dumps(value: Any) -> str:
    """Compact JSON (the state of a long session is mostly numbers)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def new_row(
    profile_id: int,
    engine: TradingSession,
    *,
    kind: str,
    scenario_id: str | None,
    at: datetime,
) -> TradingSessionRow:
    """The row of a session just started."""
    return TradingSessionRow(
        profile_id=profile_id,
        kind=kind,
        scenario_id=scenario_id,
        symbols=",".join(getattr(engine, "symbols", None) or (engine.symbol,)),
        rules=engine.profile.id,
        start_cash=engine.start_cash,
        status=ACTIVE,
        revision=1,
        state=dumps(engine.to_dict()),
        journal=dumps({"prompts": []}),
        created_at=at,
        updated_at=at,
    )


def owned(session: Session, profile_id: int, session_id: int) -> TradingSessionRow | None:
    """The learner's session ``session_id`` (None for someone else's or a deleted one)."""
    row = session.get(TradingSessionRow, session_id)
    return row if row is not None and row.profile_id == profile_id else None


def rows_of(session: Session, profile_id: int) -> list[TradingSessionRow]:
    """Every session of the learner, most recently played first."""
    return list(
        session.exec(
            select(TradingSessionRow)
            .where(TradingSessionRow.profile_id == profile_id)
            .order_by(TradingSessionRow.updated_at.desc(), TradingSessionRow.id.desc())  # type: ignore[attr-defined]
        )
    )


def journal(row: TradingSessionRow) -> dict[str, Any]:
    """What the app keeps beside the engine's state (risk prompts and the learner's choices)."""
    data = json.loads(row.journal or "{}")
    data.setdefault("prompts", [])
    return data
