"""FSRS glue: ratings, whole-day intervals, determinism, and the daily review queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Rating, State

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.learning.review import is_due, rating_for, review

from tests.learning.conftest import AF, right, wrong

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def test_ratings() -> None:
    assert (rating_for(True), rating_for(False)) == (Rating.Good, Rating.Again)


def test_a_wrong_answer_comes_back_the_next_day_a_right_one_after_two() -> None:
    assert review(None, False, T0).due == T0 + timedelta(days=1)
    first = review(None, True, T0)
    assert first.state == State.Review and first.due == T0 + timedelta(days=2)


def test_intervals_grow_with_each_on_time_right_answer_and_reset_after_a_lapse() -> None:
    card, at, intervals = None, T0, []
    for _ in range(4):
        card = review(card, True, at)
        intervals.append((card.due - at).days)
        at = card.due
    assert intervals == sorted(intervals) and intervals[-1] > 20
    lapsed = review(card, False, at)
    assert lapsed.state == State.Relearning and lapsed.due == at + timedelta(days=1)
    assert lapsed.stability < card.stability
    relearned = review(lapsed, True, lapsed.due)
    assert relearned.state == State.Review and relearned.due > lapsed.due + timedelta(days=1)


def test_scheduling_is_deterministic() -> None:
    def run() -> list[datetime]:
        card, at, dues = None, T0, []
        for correct in (True, False, True, True, True):
            card = review(card, correct, at)
            dues.append(card.due)
            at = card.due + timedelta(hours=3)
        return dues

    assert run() == run()


def test_is_due() -> None:
    card = review(None, True, T0)
    assert not is_due(None, T0)
    assert not is_due(card, card.due - timedelta(seconds=1))
    assert is_due(card, card.due)


def test_review_queue_holds_wrong_answers_from_the_next_day(
    service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    items = catalog.pack(AF).items_of("guaranteed-returns")
    service.record_answer(profile_id, AF, "guaranteed-returns", items[0].id, wrong(items[0]), 3)
    service.record_answer(profile_id, AF, "guaranteed-returns", items[1].id, right(items[1]), 3)
    assert service.review_queue(profile_id) == []
    clock.advance(timedelta(days=1))
    queue = service.review_queue(profile_id)
    assert [(entry.item_id, entry.lesson_id) for entry in queue] == [(items[0].id, "guaranteed-returns")]
    clock.advance(timedelta(days=1))
    assert [entry.item_id for entry in service.review_queue(profile_id)] == [items[0].id, items[1].id]
    assert [entry.item_id for entry in service.review_queue(profile_id, limit=1)] == [items[0].id]


def test_the_daily_session_includes_items_due_later_today(
    service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    item = catalog.pack(AF).items_of("guaranteed-returns")[0]
    clock.set(datetime(2026, 11, 23, 20, 0))  # 20:00 in Shanghai
    service.record_answer(profile_id, AF, None, item.id, wrong(item), 3)
    clock.set(datetime(2026, 11, 24, 8, 0))  # due at 20:00 today: in this morning's session
    (entry,) = service.review_queue(profile_id)
    assert entry.due > clock.now()


def test_answering_a_due_item_is_a_review_and_reschedules_it(
    service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    item = catalog.pack(AF).items_of("guaranteed-returns")[0]
    service.record_answer(profile_id, AF, None, item.id, wrong(item), 3)
    clock.advance(timedelta(days=1))
    outcome = service.record_answer(profile_id, AF, None, item.id, right(item), 3)
    assert [badge.id for badge in outcome.new_badges] == ["first_review"]
    assert service.review_queue(profile_id) == []
