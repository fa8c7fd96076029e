"""A learner's derived state in memory: what the replay of their history produces.

When an answer is recorded only the parts it touches are loaded (the item's card, the day's
totals, that item's XP for the day); a rebuild starts from an empty state. ``changed`` records
what to write back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from fsrs import Card

from edu_app.learning import mastery
from edu_app.learning.rewards import Streak

ItemKey = tuple[str, str]  # (pack id, item id)
LessonKey = tuple[str, str]  # (pack id, lesson id)


@dataclass
class SkillEstimate:
    """BKT estimate of one skill and the answers behind it."""

    p: float
    answers: int = 0
    correct: int = 0


@dataclass
class DayTotals:
    """One local day: XP earned, answers, and when the first XP came (the day became active)."""

    xp: int = 0
    answers: int = 0
    correct: int = 0
    first_xp_at: datetime | None = None


@dataclass
class Changes:
    """Keys changed since the state was loaded, and badges and features gained, in order."""

    skills: set[str] = field(default_factory=set)
    cards: set[ItemKey] = field(default_factory=set)
    days: set[date] = field(default_factory=set)
    badges: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)


@dataclass
class LearnerState:
    """Totals, estimates, cards, calendar, badges and unlocked features of one learner."""

    xp: int = 0
    answers: int = 0
    correct: int = 0
    red_flags_spotted: int = 0
    review_answers: int = 0
    streak: Streak = field(default_factory=Streak)
    last_event_at: datetime | None = None
    skills: dict[str, SkillEstimate] = field(default_factory=dict)
    lessons: dict[LessonKey, float] = field(default_factory=dict)  # best quiz score
    # During a replay only: (row id, score) of each lesson's completions so far (see replay.py).
    lesson_records: dict[LessonKey, list[tuple[int, float]]] = field(default_factory=dict)
    cards: dict[ItemKey, Card] = field(default_factory=dict)
    item_day_xp: dict[tuple[str, str, date], int] = field(default_factory=dict)
    days: dict[date, DayTotals] = field(default_factory=dict)
    badges: dict[str, datetime] = field(default_factory=dict)
    unlocked: dict[str, datetime] = field(default_factory=dict)
    # Practice achievements seen by this replay (badge rules test them; not stored as such).
    practice: set[str] = field(default_factory=set)
    changed: Changes = field(default_factory=Changes)

    def mastery(self, skill_id: str) -> float:
        """The reported mastery of a skill (0 when never practised)."""
        estimate = self.skills.get(skill_id)
        return mastery.reported(estimate.p if estimate else None)

    def lesson_best(self, pack_id: str, lesson_id: str) -> float | None:
        """The best quiz score of a lesson, or None when it was never completed."""
        return self.lessons.get((pack_id, lesson_id))

    def estimates(self) -> dict[str, float]:
        """Skill id -> BKT estimate, for practised skills."""
        return {skill_id: estimate.p for skill_id, estimate in self.skills.items()}
