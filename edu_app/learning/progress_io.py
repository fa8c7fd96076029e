"""The progress file: export a learner's history to JSON, validate a file, merge it in.

Only the history is written (answers and lesson completions); everything else is derived from
it again on import. The nickname is not written: the file may be shared, and the importing
profile already has its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StrictBool, ValidationError
from sqlalchemy import insert
from sqlmodel import Session, select

from edu_app.i18n import catalog
from edu_app.learning.persistence import canonical_json
from edu_app.learning.views import ImportSummary
from edu_app.moment import Moment
from edu_app.risk import progress as risk_progress
from edu_app.store.merge import rows_not_stored
from edu_app.store.models import Answer, LessonCompletion
from lessons.model import SLUG_PATTERN

FORMAT = "invest-quest-progress"
VERSION = 1
MAX_ANSWERS = 500_000
MAX_COMPLETIONS = 50_000
MAX_TRADING_SESSIONS = 10_000
# A real file nests four levels (file, list, entry, response list); deeper is not ours, and
# deep enough nesting would exhaust Python's recursion limit while parsing or validating.
MAX_DEPTH = 32

Id = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=100)]
Version = Annotated[str, Field(min_length=1, max_length=100)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class _Entry(BaseModel):
    # Unknown keys are ignored so that a later version 1 writer may add optional fields.
    model_config = ConfigDict(extra="ignore")


class ExportedAnswer(_Entry):
    """One answer in the file."""

    pack_id: Id
    pack_version: Version
    lesson_id: Id | None = None
    item_id: Id
    response: JsonValue
    correct: StrictBool
    score: Fraction
    seconds: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    answered_at: Moment


class ExportedCompletion(_Entry):
    """One lesson completion in the file."""

    pack_id: Id
    pack_version: Version
    lesson_id: Id
    quiz_score: Fraction
    completed_at: Moment


class ExportedAchievement(_Entry):
    """A simulator habit that earned XP (see edu_app/trading/achievements.py)."""

    achievement: Id
    source: Annotated[str, Field(min_length=1, max_length=100)]
    earned_at: Moment


class ExportedTradingSession(_Entry):
    """A paper-trading session: the engine's saved state and the app's journal beside it."""

    kind: Literal["scenario", "practice"]
    scenario_id: Id | None = None
    symbols: Annotated[str, Field(min_length=1, max_length=400)]
    rules: Annotated[str, Field(min_length=1, max_length=16)]
    start_cash: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    status: Literal["active", "finished"]
    revision: Annotated[int, Field(ge=0)]
    state: dict[str, JsonValue]
    journal: dict[str, JsonValue]
    final_return: float | None = None
    benchmark_return: float | None = None
    created_at: Moment
    updated_at: Moment
    finished_at: Moment | None = None


class ProgressFile(_Entry):
    """The whole file. Trading sessions and practice achievements were added later as optional
    lists, so older files (and older readers, which ignore them) still work."""

    format: Literal["invest-quest-progress"]
    version: Literal[1]
    exported_at: Moment
    answers: list[ExportedAnswer]
    lesson_completions: list[ExportedCompletion]
    # Optional: risk questionnaire results and suitability-warning choices (edu_app.risk).
    risk_assessments: list[risk_progress.ExportedAssessment] = Field(default_factory=list)
    suitability_choices: list[risk_progress.ExportedChoice] = Field(default_factory=list)
    practice_achievements: list[ExportedAchievement] = Field(default_factory=list)
    trading_sessions: list[ExportedTradingSession] = Field(default_factory=list)


class ProgressImportError(Exception):
    """A progress file that cannot be imported. ``code`` is stable; the messages are for people."""

    def __init__(self, code: str, message_en: str, message_zh: str, detail: str | None = None) -> None:
        super().__init__(f"{code}: {message_en}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.message_en = message_en
        self.message_zh = message_zh
        self.detail = detail


def _error(code: str, key: str, detail: str | None = None, **params: object) -> ProgressImportError:
    en, zh = catalog("en")[key], catalog("zh-CN")[key]
    return ProgressImportError(code, en.format(**params), zh.format(**params), detail)


def out_of_range(detail: str) -> ProgressImportError:
    """The error for a file whose values the rules cannot compute with (dates, numbers)."""
    return _error("out-of-range", "learning.import.out_of_range", detail)


def parse(data: Any) -> ProgressFile:
    """Validate a progress file: its text or bytes, or the object ``json.load`` gave.

    Raises :class:`ProgressImportError` with code ``not-json``, ``too-deep``, ``not-an-object``,
    ``foreign-format``, ``newer-version``, ``too-large`` or ``invalid-entry``.
    """
    if isinstance(data, (bytes, bytearray, str)):
        try:
            text = data.decode("utf-8-sig") if isinstance(data, (bytes, bytearray)) else data
            data = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise _error("not-json", "learning.import.not_json", str(error)) from error
        except RecursionError as error:
            raise _error("too-deep", "learning.import.too_deep", None, limit=MAX_DEPTH) from error
    if _nesting_exceeds(data, MAX_DEPTH):
        raise _error("too-deep", "learning.import.too_deep", None, limit=MAX_DEPTH)
    if not isinstance(data, dict):
        raise _error("not-an-object", "learning.import.not_object", type(data).__name__)
    if data.get("format") != FORMAT:
        raise _error("foreign-format", "learning.import.foreign_format", repr(data.get("format")))
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise _error("newer-version", "learning.import.newer_version", None, version=version)
    for field, limit in (
        ("answers", MAX_ANSWERS),
        ("lesson_completions", MAX_COMPLETIONS),
        ("risk_assessments", risk_progress.MAX_ASSESSMENTS),
        ("suitability_choices", risk_progress.MAX_CHOICES),
        ("trading_sessions", MAX_TRADING_SESSIONS),
    ):
        entries = data.get(field)
        if isinstance(entries, list) and len(entries) > limit:
            raise _error("too-large", "learning.import.too_large", f"{field}: {len(entries)}", limit=limit)
    try:
        return ProgressFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        entry, field = _where(first["loc"])
        detail = f"{_dotted(first['loc'])}: {first['msg']}"
        raise _error("invalid-entry", "learning.import.invalid_entry", detail, entry=entry, field=field) from error


def _nesting_exceeds(value: Any, limit: int) -> bool:
    """Whether lists and dicts nest deeper than ``limit`` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children: Any = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def export_document(session: Session, profile_id: int, exported_at: datetime) -> dict[str, Any]:
    """The learner's progress file as JSON-serialisable data (datetimes as ISO 8601 with offset)."""
    answers = [
        {
            "pack_id": row.pack_id,
            "pack_version": row.pack_version,
            "lesson_id": row.lesson_id,
            "item_id": row.item_id,
            "response": json.loads(row.response),
            "correct": row.correct,
            "score": row.score,
            "seconds": row.seconds,
            "answered_at": row.answered_at.isoformat(),
        }
        for row in session.exec(
            select(Answer).where(Answer.profile_id == profile_id).order_by(Answer.answered_at, Answer.id)
        )
    ]
    completions = [
        {
            "pack_id": row.pack_id,
            "pack_version": row.pack_version,
            "lesson_id": row.lesson_id,
            "quiz_score": row.quiz_score,
            "completed_at": row.completed_at.isoformat(),
        }
        for row in session.exec(
            select(LessonCompletion)
            .where(LessonCompletion.profile_id == profile_id)
            .order_by(LessonCompletion.completed_at, LessonCompletion.id)
        )
    ]
    from edu_app.trading import transfer

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
        "answers": answers,
        "lesson_completions": completions,
        **risk_progress.export_rows(session, profile_id),
        "practice_achievements": transfer.export_achievements(session, profile_id),
        "trading_sessions": transfer.export_sessions(session, profile_id),
    }


def merge(
    session: Session, profile_id: int, document: ProgressFile, is_known: Callable[[str, str], bool]
) -> ImportSummary:
    """Add the file's answers and completions that the learner does not have yet.

    An answer is a duplicate when pack, item, time and response are equal; a completion when
    pack, lesson and time are. ``is_known(pack_id, item_id)`` counts answers for items not installed.
    """
    seen_answers = set(
        session.exec(
            select(Answer.pack_id, Answer.item_id, Answer.answered_at, Answer.response).where(
                Answer.profile_id == profile_id
            )
        )
    )
    new_answers: list[dict[str, Any]] = []
    unknown = 0
    for answer in document.answers:
        response = canonical_json(answer.response)
        identity = (answer.pack_id, answer.item_id, answer.answered_at, response)
        if identity in seen_answers:
            continue
        seen_answers.add(identity)
        unknown += not is_known(answer.pack_id, answer.item_id)
        new_answers.append({**answer.model_dump(), "response": response, "profile_id": profile_id})
    new_completions = rows_not_stored(
        session, LessonCompletion, profile_id, ("pack_id", "lesson_id", "completed_at"), document.lesson_completions
    )
    if new_answers:
        session.execute(insert(Answer), new_answers)
    if new_completions:
        session.execute(insert(LessonCompletion), new_completions)
    risk_progress.merge_rows(session, profile_id, document.risk_assessments, document.suitability_choices)
    from edu_app.trading import transfer

    transfer.merge_achievements(session, profile_id, [entry.model_dump(mode="json") for entry in document.practice_achievements])
    transfer.merge_sessions(session, profile_id, [entry.model_dump(mode="json") for entry in document.trading_sessions])
    return ImportSummary(
        answers_added=len(new_answers),
        answers_duplicate=len(document.answers) - len(new_answers),
        completions_added=len(new_completions),
        completions_duplicate=len(document.lesson_completions) - len(new_completions),
        answers_unknown=unknown,
    )


def _where(loc: tuple[int | str, ...]) -> tuple[str, str]:
    """("answers", 3, "answered_at") -> ("answers[3]", "answered_at"); top-level -> ("file", key)."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        field = ".".join(str(part) for part in loc[2:]) or "-"
        return f"{loc[0]}[{loc[1]}]", field
    return "file", _dotted(loc)


def _dotted(loc: tuple[int | str, ...]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
