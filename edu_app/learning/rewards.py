"""XP, levels, the daily goal and the daily streak with streak freezes.

All of it is a function of the answer and lesson history (see ``replay.py``), so it survives
restarts and an export/import. The rules, and why, are in docs/learning-model.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

#: An item is worth at most this much XP per local day: trying earns ``XP_TRY``, a right answer
#: tops it up to ``XP_CORRECT``. Re-answering the same item the same day earns nothing more.
XP_CORRECT = 10
XP_TRY = 2
#: A lesson earns ``XP_LESSON_PASSED`` the first time its quiz is passed and ``XP_LESSON_PERFECT``
#: more the first time it is answered without a mistake.
XP_LESSON_PASSED = 30
XP_LESSON_PERFECT = 20
PASS_SCORE = 0.6
#: XP for habits shown in the simulator, once per habit and place (scenario). Rewards the
#: process, never the profit: a lucky gamble earns nothing here.
PRACTICE_XP = {
    "scenario_finished": 40,
    "scam_reported": 20,
    "steady_hands": 30,
    "diversified": 20,
}
DAILY_GOAL_XP = 50
XP_PER_LEVEL_STEP = 100
FREEZE_EVERY_DAYS = 7
MAX_FREEZES = 2


def answer_xp_value(correct: bool) -> int:
    """What one answer to an item is worth within a day (before what the item already earned)."""
    return XP_CORRECT if correct else XP_TRY


def lesson_xp(best_before: float | None, score: float) -> int:
    """XP for completing a lesson's quiz with ``score`` when its best score so far was ``best_before``."""
    before = -1.0 if best_before is None else best_before
    xp = 0
    if score >= PASS_SCORE > before:
        xp += XP_LESSON_PASSED
    if score >= 1.0 > before:
        xp += XP_LESSON_PERFECT
    return xp


@dataclass(frozen=True)
class Level:
    """The level reached with some XP, and the progress towards the next one."""

    level: int
    xp_into_level: int
    xp_for_next_level: int


def level_for(xp: int) -> Level:
    """Level 1 at 0 XP; going from level L to L+1 takes ``100 * L`` XP (so level 5 is 1,000 XP)."""
    level, floor = 1, 0
    while xp >= floor + XP_PER_LEVEL_STEP * level:
        floor += XP_PER_LEVEL_STEP * level
        level += 1
    return Level(level, xp - floor, XP_PER_LEVEL_STEP * level)


@dataclass(frozen=True)
class Streak:
    """The streak as of the last active day (a local date on which the learner earned XP).

    ``current`` counts active days; a missed day is bridged by spending a freeze (a frozen day
    keeps the streak but does not lengthen it). A freeze is earned every ``FREEZE_EVERY_DAYS``
    days of a streak, at most ``MAX_FREEZES`` held. With no freeze left, a missed day ends it.
    """

    last_day: date | None = None
    current: int = 0
    longest: int = 0
    freezes: int = 0

    def with_active_day(self, day: date) -> Streak:
        """The streak after ``day`` became active; days must arrive in order."""
        if self.last_day is not None and day <= self.last_day:
            return self
        current, freezes = 1, self.freezes
        if self.last_day is not None:
            missed = (day - self.last_day).days - 1
            if missed <= freezes:
                current, freezes = self.current + 1, freezes - missed
            else:
                freezes = 0
        if current % FREEZE_EVERY_DAYS == 0:
            freezes = min(MAX_FREEZES, freezes + 1)
        return replace(self, last_day=day, current=current, longest=max(self.longest, current), freezes=freezes)

    def as_of(self, today: date) -> tuple[int, int]:
        """Streak length and freezes held on ``today``, which still counts as not yet missed."""
        if self.last_day is None:
            return 0, self.freezes
        missed = max(0, (today - self.last_day).days - 1)
        if missed <= self.freezes:
            return self.current, self.freezes - missed
        return 0, 0
