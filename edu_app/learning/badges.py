"""Badges: what earns each one. ``earned_at`` is the time of the event that first met the rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from edu_app.i18n import Translator
from edu_app.learning.catalog import PackCatalog
from edu_app.learning.rewards import DAILY_GOAL_XP, level_for
from edu_app.learning.state import DayTotals, LearnerState
from edu_app.learning.views import Badge

ANTI_FRAUD_PACK = "anti-fraud-essentials"
MASTERED_SCORE = 0.8
RED_FLAGS_TARGET = 10
STREAK_TARGET = 7
LEVEL_TARGET = 5
ANSWERS_TARGET = 100

# The rule sees the state after the event and the totals of the event's local day.
BadgeTest = Callable[[LearnerState, DayTotals, PackCatalog], bool]


@dataclass(frozen=True)
class BadgeRule:
    """A badge: its id, text keys and the test that earns it."""

    id: str
    title_key: str
    description_key: str
    earned: BadgeTest


def _all_anti_fraud_mastered(state: LearnerState, _day: DayTotals, catalog: PackCatalog) -> bool:
    pack = catalog.pack(ANTI_FRAUD_PACK)
    return pack is not None and all(
        (state.lesson_best(pack.id, lesson.id) or 0.0) >= MASTERED_SCORE for lesson in pack.lessons
    )


def _practised(achievement: str) -> BadgeTest:
    return lambda state, _day, _catalog: achievement in state.practice


BADGES: tuple[BadgeRule, ...] = (
    BadgeRule(
        "first_lesson",
        "learning.badge.first_lesson.title",
        "learning.badge.first_lesson.description",
        lambda state, _day, _catalog: bool(state.lessons),
    ),
    BadgeRule(
        "first_review",
        "learning.badge.first_review.title",
        "learning.badge.first_review.description",
        lambda state, _day, _catalog: state.review_answers >= 1,
    ),
    BadgeRule(
        "daily_goal",
        "learning.badge.daily_goal.title",
        "learning.badge.daily_goal.description",
        lambda _state, day, _catalog: day.xp >= DAILY_GOAL_XP,
    ),
    BadgeRule(
        "red_flags_10",
        "learning.badge.red_flags_10.title",
        "learning.badge.red_flags_10.description",
        lambda state, _day, _catalog: state.red_flags_spotted >= RED_FLAGS_TARGET,
    ),
    BadgeRule(
        "perfect_quiz",
        "learning.badge.perfect_quiz.title",
        "learning.badge.perfect_quiz.description",
        lambda state, _day, _catalog: any(best >= 1.0 for best in state.lessons.values()),
    ),
    BadgeRule(
        "streak_7",
        "learning.badge.streak_7.title",
        "learning.badge.streak_7.description",
        lambda state, _day, _catalog: state.streak.current >= STREAK_TARGET,
    ),
    BadgeRule(
        "answers_100",
        "learning.badge.answers_100.title",
        "learning.badge.answers_100.description",
        lambda state, _day, _catalog: state.answers >= ANSWERS_TARGET,
    ),
    BadgeRule(
        "level_5",
        "learning.badge.level_5.title",
        "learning.badge.level_5.description",
        lambda state, _day, _catalog: level_for(state.xp).level >= LEVEL_TARGET,
    ),
    BadgeRule(
        "anti_fraud_master",
        "learning.badge.anti_fraud_master.title",
        "learning.badge.anti_fraud_master.description",
        _all_anti_fraud_mastered,
    ),
    # Simulator habits (see edu_app/trading/achievements.py): the process, never the profit.
    BadgeRule(
        "scenario_finished",
        "learning.badge.scenario_finished.title",
        "learning.badge.scenario_finished.description",
        _practised("scenario_finished"),
    ),
    BadgeRule(
        "scam_reported",
        "learning.badge.scam_reported.title",
        "learning.badge.scam_reported.description",
        _practised("scam_reported"),
    ),
    BadgeRule(
        "steady_hands",
        "learning.badge.steady_hands.title",
        "learning.badge.steady_hands.description",
        _practised("steady_hands"),
    ),
    BadgeRule(
        "diversified",
        "learning.badge.diversified.title",
        "learning.badge.diversified.description",
        _practised("diversified"),
    ),
)
_BY_ID = {rule.id: rule for rule in BADGES}


def newly_earned(state: LearnerState, day: DayTotals, catalog: PackCatalog) -> list[str]:
    """Badges not yet in ``state.badges`` whose rule now holds, in display order."""
    return [rule.id for rule in BADGES if rule.id not in state.badges and rule.earned(state, day, catalog)]


def badge_view(
    badge_id: str, earned_at: datetime | None, language: str, catalog: PackCatalog | None = None
) -> Badge:
    """A badge with its title and description in ``language``; a pack it names is named by the
    pack's own title (from ``catalog``), so the two never disagree."""
    rule = _BY_ID[badge_id]
    t = Translator(language)
    pack = catalog.pack(ANTI_FRAUD_PACK) if catalog is not None else None
    pack_title = pack.text(pack.manifest.title, language) if pack is not None else ANTI_FRAUD_PACK
    return Badge(badge_id, t(rule.title_key), t(rule.description_key, pack=pack_title), earned_at)


def all_badges(earned: dict[str, datetime], language: str, catalog: PackCatalog | None = None) -> list[Badge]:
    """Every badge in display order, with ``earned_at`` where it was earned."""
    return [badge_view(rule.id, earned.get(rule.id), language, catalog) for rule in BADGES]
