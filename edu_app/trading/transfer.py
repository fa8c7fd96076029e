"""Trading sessions and practice achievements in the progress file: export and merge.

Used by ``edu_app.learning.progress_io``; plain rows in, plain JSON out, so moving a learner to
another device resumes their sessions exactly where they were.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from edu_app.store.models import PracticeAchievement, TradingSessionRow

_COPIED = ("kind", "scenario_id", "symbols", "rules", "start_cash", "status", "revision",
           "final_return", "benchmark_return")


def export_sessions(session: Session, profile_id: int) -> list[dict[str, Any]]:
    """Every trading session of the learner, oldest first, with its state as JSON objects."""
    rows = session.exec(
        select(TradingSessionRow).where(TradingSessionRow.profile_id == profile_id).order_by(TradingSessionRow.id)
    )
    return [
        {
            **{name: getattr(row, name) for name in _COPIED},
            "state": json.loads(row.state),
            "journal": json.loads(row.journal),
            "created_at": row.created_at.isoformat(),
            "updated_at": row.updated_at.isoformat(),
            "finished_at": row.finished_at.isoformat() if row.finished_at else None,
        }
        for row in rows
    ]


def export_achievements(session: Session, profile_id: int) -> list[dict[str, Any]]:
    """Every practice achievement of the learner, oldest first."""
    rows = session.exec(
        select(PracticeAchievement)
        .where(PracticeAchievement.profile_id == profile_id)
        .order_by(PracticeAchievement.earned_at, PracticeAchievement.id)
    )
    return [
        {"achievement": row.achievement, "source": row.source, "earned_at": row.earned_at.isoformat()}
        for row in rows
    ]


def merge_sessions(session: Session, profile_id: int, entries: list[dict[str, Any]]) -> tuple[int, int]:
    """Add sessions the learner does not have (same start time, kind, scenario and instruments
    is the same session: the newer revision wins). Returns (added or updated, skipped)."""
    existing = {
        (row.created_at, row.kind, row.scenario_id, row.symbols): row
        for row in session.exec(select(TradingSessionRow).where(TradingSessionRow.profile_id == profile_id))
    }
    changed = skipped = 0
    for entry in entries:
        created = datetime.fromisoformat(entry["created_at"])
        key = (created, entry["kind"], entry["scenario_id"], entry["symbols"])
        row = existing.get(key)
        if row is not None and row.revision >= entry["revision"]:
            skipped += 1
            continue
        if row is None:
            row = TradingSessionRow(profile_id=profile_id, created_at=created)
        for name in _COPIED:
            setattr(row, name, entry[name])
        row.state = json.dumps(entry["state"], separators=(",", ":"))
        row.journal = json.dumps(entry["journal"], ensure_ascii=False, separators=(",", ":"))
        row.updated_at = datetime.fromisoformat(entry["updated_at"])
        row.finished_at = datetime.fromisoformat(entry["finished_at"]) if entry["finished_at"] else None
        session.add(row)
        changed += 1
    return changed, skipped


def merge_achievements(session: Session, profile_id: int, entries: list[dict[str, Any]]) -> int:
    """Add achievements the learner does not have (one per achievement and source)."""
    seen = set(
        session.exec(
            select(PracticeAchievement.achievement, PracticeAchievement.source).where(
                PracticeAchievement.profile_id == profile_id
            )
        )
    )
    added = 0
    for entry in entries:
        key = (entry["achievement"], entry["source"])
        if key in seen:
            continue
        seen.add(key)
        session.add(
            PracticeAchievement(
                profile_id=profile_id,
                achievement=entry["achievement"],
                source=entry["source"],
                earned_at=datetime.fromisoformat(entry["earned_at"]),
            )
        )
        added += 1
    return added
