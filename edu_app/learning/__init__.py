"""The learning services: the rules of the game below the UI.

Answers, mastery (BKT), spaced review (FSRS), XP, levels, streaks, badges, unlocks and the
progress file. Screens use :class:`LearningService` only; see docs/learning-model.md.
"""

from edu_app.learning.catalog import PackCatalog
from edu_app.learning.clock import Clock, FixedClock, SystemClock, clock_from_env
from edu_app.learning.progress_io import ProgressImportError
from edu_app.learning.service import LearningService
from edu_app.learning.views import (
    AnswerOutcome,
    Badge,
    FeatureStatus,
    HistoryEntry,
    ImportSummary,
    LessonOutcome,
    LessonStatus,
    Progress,
    Requirement,
    ReviewItem,
    SkillMastery,
)

__all__ = [
    "AnswerOutcome",
    "Badge",
    "Clock",
    "FeatureStatus",
    "FixedClock",
    "HistoryEntry",
    "ImportSummary",
    "LearningService",
    "LessonOutcome",
    "LessonStatus",
    "PackCatalog",
    "Progress",
    "ProgressImportError",
    "Requirement",
    "ReviewItem",
    "SkillMastery",
    "SystemClock",
    "clock_from_env",
]
