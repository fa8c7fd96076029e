"""What the learning service returns to the screens: frozen values, detached from the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from lessons import GradeResult

RequirementKind = Literal["all", "any", "lesson_completed", "quiz_score", "skill_mastery"]


@dataclass(frozen=True)
class Badge:
    """A badge in the asked language; ``earned_at`` is None until it is earned."""

    id: str
    title: str
    description: str
    earned_at: datetime | None


@dataclass(frozen=True)
class AnswerOutcome:
    """What one answer changed. ``mastery`` maps each of the item's skills to (before, after)."""

    grade: GradeResult
    xp_gained: int
    mastery: dict[str, tuple[float, float]]
    score_before: int
    score_after: int
    new_badges: list[Badge]
    newly_unlocked: list[str]


@dataclass(frozen=True)
class LessonOutcome:
    """The result of finishing a lesson's quiz."""

    quiz_score: float
    passed: bool
    xp_gained: int
    new_badges: list[Badge]
    newly_unlocked: list[str]


@dataclass(frozen=True)
class SkillMastery:
    """One skill's mastery estimate (0 until practised) and how many answers it rests on."""

    skill_id: str
    name: str
    p: float
    answers: int


@dataclass(frozen=True)
class HistoryEntry:
    """One recent answer."""

    answered_at: datetime
    pack_id: str
    lesson_id: str | None
    item_id: str
    correct: bool


@dataclass(frozen=True)
class Progress:
    """Everything the Home and Me screens show."""

    score: int
    mastery: list[SkillMastery]
    xp: int
    level: int
    xp_into_level: int
    xp_for_next_level: int
    daily_goal_xp: int
    today_xp: int
    streak_days: int
    longest_streak: int
    freezes_available: int
    active_days: list[date]
    badges: list[Badge]
    lessons_completed: int
    answers: int
    correct: int
    history: list[HistoryEntry]


@dataclass(frozen=True)
class Requirement:
    """A node of a feature's unlock condition, with the learner's standing on it.

    Leaves: ``lesson_completed`` (current/target 0 or 1), ``quiz_score`` and ``skill_mastery``
    (fractions 0..1). ``all``/``any``: current = children met, target = children needed.
    """

    kind: RequirementKind
    text: str
    met: bool
    current: float | None = None
    target: float | None = None
    children: tuple[Requirement, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class FeatureStatus:
    """A feature on the skill map: whether it is unlocked and what it takes."""

    feature: str
    title: str
    description: str
    unlocked: bool
    requirement: Requirement


@dataclass(frozen=True)
class ReviewItem:
    """A quiz item due for review."""

    pack_id: str
    item_id: str
    lesson_id: str | None
    due: datetime


@dataclass(frozen=True)
class LessonStatus:
    """Whether a lesson's quiz was completed, and its best score (None before the first time)."""

    completed: bool
    best_score: float | None


@dataclass(frozen=True)
class ImportSummary:
    """What an import added. ``answers_unknown`` of the added answers name packs or items that are
    not installed: they are kept (and exported again) but do not count for mastery or reviews."""

    answers_added: int
    answers_duplicate: int
    completions_added: int
    completions_duplicate: int
    answers_unknown: int


@dataclass(frozen=True)
class PracticeOutcome:
    """What recording simulator habits changed: the ones new to the learner, XP and badges."""

    achievements: list[str]
    xp_gained: int
    new_badges: list[Badge]
