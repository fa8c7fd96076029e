"""Reading and writing a learner's learning rows. Datetimes go in and come out timezone-aware
(SQLModel's UTC column type stores UTC)."""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Iterator
from datetime import date
from typing import Any

from fsrs import Card, State
from sqlalchemy import delete, func, insert
from sqlmodel import Session, SQLModel, select

from edu_app.learning.clock import day_bounds
from edu_app.learning.replay import AnswerEvent, CompletionEvent, PracticeEvent, Replayer
from edu_app.learning.rewards import Streak, answer_xp_value
from edu_app.learning.state import Changes, DayTotals, ItemKey, LearnerState, SkillEstimate
from edu_app.store.models import (
    Answer,
    EarnedBadge,
    LearnerStats,
    LearningDay,
    LessonCompletion,
    MasteryEstimate,
    PracticeAchievement,
    ReviewCard,
    UnlockedFeature,
)
from lessons import Item

DERIVED_TABLES: tuple[type[SQLModel], ...] = (
    LearnerStats,
    MasteryEstimate,
    ReviewCard,
    LearningDay,
    EarnedBadge,
    UnlockedFeature,
)
LEARNING_TABLES: tuple[type[SQLModel], ...] = (Answer, LessonCompletion, PracticeAchievement, *DERIVED_TABLES)
_UNORDERED_RESPONSES = ("multiple_choice", "red_flags")


def response_json(item: Item, response: Any) -> str:
    """A response as stored: canonical JSON, unordered choices as sorted ids, so equal answers match."""
    if item.type in _UNORDERED_RESPONSES:
        response = sorted(set(response))
    elif isinstance(response, tuple):
        response = list(response)
    elif isinstance(response, float) and not math.isfinite(response):
        # JSON has no NaN or infinity; the answer was graded wrong, which is what matters.
        response = None
    return canonical_json(response)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: one text per value."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def has_history(session: Session, profile_id: int) -> bool:
    """Whether the learner has any answer or lesson completion."""
    for table in (Answer, LessonCompletion, PracticeAchievement):
        if session.exec(select(table.id).where(table.profile_id == profile_id).limit(1)).first() is not None:
            return True
    return False


def load_state(
    session: Session, profile_id: int, replayer: Replayer, *, item: ItemKey | None = None, day: date | None = None
) -> LearnerState:
    """The stored derived state, with the card of ``item`` and the totals of ``day`` (local date),
    which is all one new event can touch besides the small per-learner tables."""
    state = LearnerState()
    stats = session.get(LearnerStats, profile_id)
    if stats is not None:
        state.xp, state.answers, state.correct = stats.xp, stats.answers, stats.correct
        state.red_flags_spotted, state.review_answers = stats.red_flags_spotted, stats.review_answers
        state.streak = Streak(stats.streak_last_day, stats.streak_current, stats.streak_longest, stats.streak_freezes)
        state.last_event_at = stats.last_event_at
    for row in session.exec(select(MasteryEstimate).where(MasteryEstimate.profile_id == profile_id)):
        state.skills[row.skill_id] = SkillEstimate(row.p, row.answers, row.correct)
    state.lessons = lesson_bests(session, profile_id)
    for badge in session.exec(select(EarnedBadge).where(EarnedBadge.profile_id == profile_id)):
        state.badges[badge.badge_id] = badge.earned_at
    for feature in session.exec(select(UnlockedFeature).where(UnlockedFeature.profile_id == profile_id)):
        state.unlocked[feature.feature] = feature.unlocked_at
    if item is not None:
        card = session.get(ReviewCard, (profile_id, *item))
        if card is not None:
            state.cards[item] = _card(card)
    if day is not None:
        totals = session.get(LearningDay, (profile_id, day))
        if totals is not None:
            state.days[day] = DayTotals(totals.xp, totals.answers, totals.correct, totals.first_xp_at)
        if item is not None:
            state.item_day_xp[(*item, day)] = _item_xp_on(session, profile_id, item, day, replayer)
    return state


def lesson_bests(session: Session, profile_id: int) -> dict[tuple[str, str], float]:
    """(pack id, lesson id) -> best quiz score, for every completed lesson."""
    rows = session.exec(
        select(LessonCompletion.pack_id, LessonCompletion.lesson_id, func.max(LessonCompletion.quiz_score))
        .where(LessonCompletion.profile_id == profile_id)
        .group_by(LessonCompletion.pack_id, LessonCompletion.lesson_id)
    )
    return {(pack_id, lesson_id): float(best) for pack_id, lesson_id, best in rows}


def history_stamp(session: Session, profile_id: int) -> str:
    """Which history the learner has now: counts and last ids of answers, completions and
    practice achievements.

    Derived rows carry the stamp of the history they were computed from; any other writer
    (another process, an older app, a repair by hand) that adds history without updating them
    changes the stamp, so a stale state is noticed and rebuilt instead of being kept forever.
    """
    parts = []
    for table in (Answer, LessonCompletion, PracticeAchievement):
        count, last = session.execute(
            select(func.count(), func.max(table.id)).where(table.profile_id == profile_id)
        ).one()
        parts.append(f"{count}/{last or 0}")
    return "a{};c{};p{}".format(*parts)


def save_changes(session: Session, profile_id: int, state: LearnerState, derivation_key: str) -> None:
    """Write back what ``state.changed`` lists (rows may already exist), stamped with the history
    as it is now in this transaction (the new event's row must already be added)."""
    session.flush()
    session.merge(_stats_row(profile_id, state, derivation_key, history_stamp(session, profile_id)))
    for skill_id in state.changed.skills:
        session.merge(_skill_row(profile_id, skill_id, state))
    for item in state.changed.cards:
        session.merge(_card_row(profile_id, item, state.cards[item]))
    for day in state.changed.days:
        session.merge(_day_row(profile_id, day, state.days[day]))
    for badge_id in state.changed.badges:
        session.add(EarnedBadge(profile_id=profile_id, badge_id=badge_id, earned_at=state.badges[badge_id]))
    for feature in state.changed.features:
        session.add(
            UnlockedFeature(profile_id=profile_id, feature=feature, unlocked_at=state.unlocked[feature])
        )
    session.flush()


def rebuild(session: Session, profile_id: int, replayer: Replayer, derivation_key: str) -> LearnerState:
    """Recompute every derived row of the learner from the history, in the caller's transaction."""
    state = LearnerState()
    for event in history_events(session, profile_id):
        if isinstance(event, AnswerEvent):
            replayer.apply_answer(state, event)
        elif isinstance(event, PracticeEvent):
            replayer.apply_practice(state, event)
        else:
            replayer.apply_completion(state, event)
    clear(session, profile_id, DERIVED_TABLES)
    stamp = history_stamp(session, profile_id)
    rows: dict[type[SQLModel], list[dict[str, object]]] = {
        # No history, no stats row: the same as a learner who never answered.
        LearnerStats: [_stats_row(profile_id, state, derivation_key, stamp).model_dump()] if state.last_event_at else [],
        MasteryEstimate: [_skill_row(profile_id, skill_id, state).model_dump() for skill_id in state.skills],
        ReviewCard: [_card_row(profile_id, item, card).model_dump() for item, card in state.cards.items()],
        LearningDay: [_day_row(profile_id, day, totals).model_dump() for day, totals in state.days.items()],
        EarnedBadge: [
            {"profile_id": profile_id, "badge_id": badge_id, "earned_at": at}
            for badge_id, at in state.badges.items()
        ],
        UnlockedFeature: [
            {"profile_id": profile_id, "feature": feature, "unlocked_at": at}
            for feature, at in state.unlocked.items()
        ],
    }
    for table, values in rows.items():
        if values:
            session.execute(insert(table), values)
    state.changed = Changes()
    return state


def clear(session: Session, profile_id: int, tables: tuple[type[SQLModel], ...]) -> None:
    """Delete the learner's rows from ``tables``."""
    for table in tables:
        session.execute(delete(table).where(table.profile_id == profile_id))  # type: ignore[attr-defined]


def history_events(session: Session, profile_id: int) -> Iterator[AnswerEvent | CompletionEvent | PracticeEvent]:
    """Answers, completions and practice achievements in time order; at the same instant an
    answer comes first, since a lesson is completed after its last answer."""
    answers = session.execute(
        select(Answer.pack_id, Answer.item_id, Answer.response, Answer.correct, Answer.answered_at, Answer.id)
        .where(Answer.profile_id == profile_id)
        .order_by(Answer.answered_at, Answer.id)
    )
    completions = session.execute(
        select(
            LessonCompletion.pack_id,
            LessonCompletion.lesson_id,
            LessonCompletion.quiz_score,
            LessonCompletion.completed_at,
            LessonCompletion.id,
        )
        .where(LessonCompletion.profile_id == profile_id)
        .order_by(LessonCompletion.completed_at, LessonCompletion.id)
    ).all()
    answer_events = (
        (at, 0, row_id, AnswerEvent(pack_id, item_id, response, bool(correct), at))
        for pack_id, item_id, response, correct, at, row_id in answers
    )
    completion_events = (
        (at, 1, row_id, CompletionEvent(pack_id, lesson_id, float(score), at, row_id))
        for pack_id, lesson_id, score, at, row_id in completions
    )
    practice = session.execute(
        select(PracticeAchievement.achievement, PracticeAchievement.source, PracticeAchievement.earned_at, PracticeAchievement.id)
        .where(PracticeAchievement.profile_id == profile_id)
        .order_by(PracticeAchievement.earned_at, PracticeAchievement.id)
    ).all()
    practice_events = ((at, 2, row_id, PracticeEvent(name, source, at)) for name, source, at, row_id in practice)
    merged = heapq.merge(answer_events, completion_events, practice_events, key=lambda entry: entry[:3])
    for _at, _kind, _id, event in merged:
        yield event


def _item_xp_on(session: Session, profile_id: int, item: ItemKey, day: date, replayer: Replayer) -> int:
    """XP the item already earned on ``day``: the best of its answers that day (see rewards)."""
    start, end = day_bounds(day, replayer.zone)
    results = session.exec(
        select(Answer.correct).where(
            Answer.profile_id == profile_id,
            Answer.pack_id == item[0],
            Answer.item_id == item[1],
            Answer.answered_at >= start,
            Answer.answered_at < end,
        )
    ).all()
    return max((answer_xp_value(bool(correct)) for correct in results), default=0)


def _card(row: ReviewCard) -> Card:
    return Card(
        card_id=0,
        state=State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
    )


def _stats_row(profile_id: int, state: LearnerState, derivation_key: str, stamp: str) -> LearnerStats:
    return LearnerStats(
        profile_id=profile_id,
        derivation_key=derivation_key,
        history_stamp=stamp,
        xp=state.xp,
        answers=state.answers,
        correct=state.correct,
        red_flags_spotted=state.red_flags_spotted,
        review_answers=state.review_answers,
        streak_last_day=state.streak.last_day,
        streak_current=state.streak.current,
        streak_longest=state.streak.longest,
        streak_freezes=state.streak.freezes,
        last_event_at=state.last_event_at,
    )


def _skill_row(profile_id: int, skill_id: str, state: LearnerState) -> MasteryEstimate:
    estimate = state.skills[skill_id]
    return MasteryEstimate(
        profile_id=profile_id, skill_id=skill_id, p=estimate.p, answers=estimate.answers, correct=estimate.correct
    )


def _card_row(profile_id: int, item: ItemKey, card: Card) -> ReviewCard:
    return ReviewCard(
        profile_id=profile_id,
        pack_id=item[0],
        item_id=item[1],
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def _day_row(profile_id: int, day: date, totals: DayTotals) -> LearningDay:
    return LearningDay(
        profile_id=profile_id,
        day=day,
        xp=totals.xp,
        answers=totals.answers,
        correct=totals.correct,
        first_xp_at=totals.first_xp_at,
    )
