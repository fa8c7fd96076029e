"""The rules of the game as a fold over the history: each answer or lesson completion, applied in
time order, updates XP, the calendar, the streak, mastery, review cards, badges and unlocks.

Recording an answer applies one step to the learner's loaded state; ``rebuild`` applies every
step to an empty state. Both run this code, which is why they agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from edu_app.learning import badges, mastery, review, unlocks
from edu_app.learning.catalog import PackCatalog
from edu_app.learning.clock import local_day
from edu_app.learning.rewards import PRACTICE_XP, answer_xp_value, lesson_xp
from edu_app.learning.state import DayTotals, LearnerState, SkillEstimate
from lessons import RedFlagsItem


@dataclass(frozen=True)
class AnswerEvent:
    """A stored answer; ``response`` is the stored JSON text."""

    pack_id: str
    item_id: str
    response: str
    correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class CompletionEvent:
    """A stored lesson completion."""

    pack_id: str
    lesson_id: str
    quiz_score: float
    completed_at: datetime
    # The stored row's id: the order completions were recorded on this device. None for the one
    # being recorded now (recorded after every other).
    recorded: int | None = None


@dataclass(frozen=True)
class PracticeEvent:
    """A stored practice achievement (a good trading habit shown in the simulator)."""

    achievement: str
    source: str
    earned_at: datetime


class Replayer:
    """Applies history events to a ``LearnerState`` for one catalog and time zone."""

    def __init__(self, catalog: PackCatalog, zone: tzinfo) -> None:
        self.catalog = catalog
        self.zone = zone
        self.rules = unlocks.feature_rules(catalog.packs())

    def day_of(self, moment: datetime) -> date:
        """The learner's local date at ``moment``."""
        return local_day(moment, self.zone)

    def apply_answer(self, state: LearnerState, event: AnswerEvent) -> None:
        """One answer: XP (an item earns at most ``XP_CORRECT`` a day), mastery, review card, badges."""
        at = event.answered_at
        day = self.day_of(at)
        state.answers += 1
        state.correct += event.correct
        totals = self._day(state, day)
        totals.answers += 1
        totals.correct += event.correct
        key = (event.pack_id, event.item_id, day)
        granted = state.item_day_xp.get(key, 0)
        gain = max(0, answer_xp_value(event.correct) - granted)
        state.item_day_xp[key] = granted + gain
        self._add_xp(state, totals, day, gain, at)

        info = self.catalog.item_info(event.pack_id, event.item_id)
        if info is not None:
            guess = mastery.guess_probability(info.item)
            for skill_id in dict.fromkeys(info.skills):
                estimate = state.skills.setdefault(skill_id, SkillEstimate(mastery.P_INIT))
                estimate.p = mastery.update(estimate.p, event.correct, guess)
                estimate.answers += 1
                estimate.correct += event.correct
                state.changed.skills.add(skill_id)
            item_key = (event.pack_id, event.item_id)
            card = state.cards.get(item_key)
            if review.is_due(card, at):
                state.review_answers += 1
            state.cards[item_key] = review.review(card, event.correct, at)
            state.changed.cards.add(item_key)
            if isinstance(info.item, RedFlagsItem):
                state.red_flags_spotted += red_flags_spotted(info.item, event.response)
        self._finish(state, totals, at)

    def apply_completion(self, state: LearnerState, event: CompletionEvent) -> None:
        """One lesson completion: the best score, lesson XP, badges."""
        at = event.completed_at
        day = self.day_of(at)
        key = (event.pack_id, event.lesson_id)
        best = state.lessons.get(key)
        state.lessons[key] = event.quiz_score if best is None else max(best, event.quiz_score)
        if event.recorded is not None:
            # Lesson XP compares with completions that are both earlier and recorded earlier: an
            # imported older completion never takes back XP a completion on this device earned.
            records = state.lesson_records.setdefault(key, [])
            best = max((score for row, score in records if row < event.recorded), default=None)
            records.append((event.recorded, event.quiz_score))
        totals = self._day(state, day)
        self._add_xp(state, totals, day, lesson_xp(best, event.quiz_score), at)
        self._finish(state, totals, at)

    def apply_practice(self, state: LearnerState, event: PracticeEvent) -> None:
        """One practice achievement: its XP (process, never profit) and the badge it may earn."""
        at = event.earned_at
        day = self.day_of(at)
        state.practice.add(event.achievement)
        totals = self._day(state, day)
        self._add_xp(state, totals, day, PRACTICE_XP.get(event.achievement, 0), at)
        self._finish(state, totals, at)

    def _day(self, state: LearnerState, day: date) -> DayTotals:
        state.changed.days.add(day)
        return state.days.setdefault(day, DayTotals())

    def _add_xp(self, state: LearnerState, totals: DayTotals, day: date, xp: int, at: datetime) -> None:
        if xp <= 0:
            return
        state.xp += xp
        if totals.xp == 0:
            # The first XP of the day makes it an active (streak) day.
            totals.first_xp_at = at
            state.streak = state.streak.with_active_day(day)
        totals.xp += xp

    def _finish(self, state: LearnerState, totals: DayTotals, at: datetime) -> None:
        state.last_event_at = at if state.last_event_at is None else max(state.last_event_at, at)
        for badge_id in badges.newly_earned(state, totals, self.catalog):
            state.badges[badge_id] = at
            state.changed.badges.append(badge_id)
        for feature in unlocks.newly_met(self.rules, state, state.unlocked):
            state.unlocked[feature] = at
            state.changed.features.append(feature)


def red_flags_spotted(item: RedFlagsItem, response_json: str) -> int:
    """Red flags correctly marked, net of false alarms (marking every segment earns nothing)."""
    response: Any = json.loads(response_json)
    if not isinstance(response, list):
        return 0
    marked = {segment_id for segment_id in response if isinstance(segment_id, str)}
    flags = {segment.id for segment in item.segments if segment.red_flag}
    return max(0, len(marked & flags) - len(marked - flags))
