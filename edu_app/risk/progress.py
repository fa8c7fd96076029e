"""Questionnaire results and suitability-warning choices in the progress file.

Two optional lists join the version-1 progress file (readers ignore keys they do not know, so
older files and older apps still work): ``risk_assessments`` and ``suitability_choices``.
Import adds the entries the learner does not have yet: an assessment is a duplicate when time,
questionnaire and answers are equal, a choice when time, product and choice are.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool
from sqlalchemy import insert
from sqlmodel import Session, select

from edu_app.moment import Moment
from edu_app.risk.files import Grade, Level
from edu_app.store.merge import rows_not_stored
from edu_app.store.models import RiskAssessment, SuitabilityChoice

MAX_ASSESSMENTS = 10_000
MAX_CHOICES = 100_000
Short = Annotated[str, Field(min_length=1, max_length=64)]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ExportedAssessment(_Entry):
    """One questionnaire result in the file."""

    questionnaire_id: Short
    questionnaire_version: Annotated[int, Field(ge=1)]
    answers: Annotated[dict[Short, Short], Field(max_length=100)]
    total: Annotated[int, Field(ge=0)]
    max_total: Annotated[int, Field(ge=0)]
    grade: Grade
    lowest_category: StrictBool
    tolerated_fall: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = None
    # Range-checked: a year-9999 date would overflow later in time-zone arithmetic.
    taken_at: Moment


class ExportedChoice(_Entry):
    """One suitability-warning choice in the file."""

    product_key: Annotated[str, Field(min_length=1, max_length=200)]
    product_level: Level
    grade: Grade | None = None
    warning_kind: Annotated[str, Field(min_length=1, max_length=32)]
    context: Annotated[str, Field(min_length=1, max_length=32)]
    confirmed: StrictBool
    chosen_at: Moment


def answers_json(answers: dict[str, str]) -> str:
    """Answers as stored: canonical JSON, so equal answer sets compare equal."""
    return json.dumps(answers, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def export_rows(session: Session, profile_id: int) -> dict[str, list[dict[str, Any]]]:
    """The learner's results and choices as JSON-serialisable lists, oldest first."""
    assessments = [
        {
            "questionnaire_id": row.questionnaire_id,
            "questionnaire_version": row.questionnaire_version,
            "answers": json.loads(row.answers),
            "total": row.total,
            "max_total": row.max_total,
            "grade": row.grade,
            "lowest_category": row.lowest_category,
            "tolerated_fall": row.tolerated_fall,
            "taken_at": row.taken_at.isoformat(),
        }
        for row in session.exec(
            select(RiskAssessment)
            .where(RiskAssessment.profile_id == profile_id)
            .order_by(RiskAssessment.taken_at, RiskAssessment.id)
        )
    ]
    choices = [
        {
            "product_key": row.product_key,
            "product_level": row.product_level,
            "grade": row.grade,
            "warning_kind": row.warning_kind,
            "context": row.context,
            "confirmed": row.confirmed,
            "chosen_at": row.chosen_at.isoformat(),
        }
        for row in session.exec(
            select(SuitabilityChoice)
            .where(SuitabilityChoice.profile_id == profile_id)
            .order_by(SuitabilityChoice.chosen_at, SuitabilityChoice.id)
        )
    ]
    return {"risk_assessments": assessments, "suitability_choices": choices}


def merge_rows(
    session: Session, profile_id: int, assessments: list[ExportedAssessment], choices: list[ExportedChoice]
) -> tuple[int, int]:
    """Add the results and choices not yet present; returns how many of each were added."""
    seen_assessments = set(
        session.exec(
            select(RiskAssessment.taken_at, RiskAssessment.questionnaire_id, RiskAssessment.answers).where(
                RiskAssessment.profile_id == profile_id
            )
        )
    )
    new_assessments = []
    for entry in assessments:
        answers = answers_json(entry.answers)
        identity = (entry.taken_at, entry.questionnaire_id, answers)
        if identity in seen_assessments:
            continue
        seen_assessments.add(identity)
        new_assessments.append({**entry.model_dump(), "answers": answers, "profile_id": profile_id})
    new_choices = rows_not_stored(
        session, SuitabilityChoice, profile_id, ("chosen_at", "product_key", "confirmed"), choices
    )
    if new_assessments:
        session.execute(insert(RiskAssessment), new_assessments)
    if new_choices:
        session.execute(insert(SuitabilityChoice), new_choices)
    return len(new_assessments), len(new_choices)
