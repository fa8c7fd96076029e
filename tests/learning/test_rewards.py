"""XP, levels, the daily goal and the streak, including time zones and the local day boundary."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.learning.clock import day_bounds, local_day
from edu_app.learning.rewards import (
    DAILY_GOAL_XP,
    MAX_FREEZES,
    XP_CORRECT,
    XP_LESSON_PASSED,
    XP_LESSON_PERFECT,
    XP_TRY,
    Streak,
    lesson_xp,
    level_for,
)
from edu_app.store import Database

from tests.learning.conftest import AF, SHANGHAI, right, wrong

NEW_YORK = ZoneInfo("America/New_York")
D = date(2026, 11, 2)


def days(*offsets: int) -> list[date]:
    return [D + timedelta(days=offset) for offset in offsets]


def streak_of(active: list[date]) -> Streak:
    streak = Streak()
    for day in active:
        streak = streak.with_active_day(day)
    return streak


# ----- levels and lesson XP -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("xp", "level", "into", "step"),
    [(0, 1, 0, 100), (99, 1, 99, 100), (100, 2, 0, 200), (299, 2, 199, 200), (300, 3, 0, 300), (1000, 5, 0, 500)],
)
def test_levels(xp: int, level: int, into: int, step: int) -> None:
    assert level_for(xp) == type(level_for(0))(level, into, step)


def test_lesson_xp_only_for_the_first_pass_and_the_first_perfect_score() -> None:
    assert lesson_xp(None, 0.5) == 0
    assert lesson_xp(None, 0.6) == XP_LESSON_PASSED
    assert lesson_xp(0.6, 0.8) == 0
    assert lesson_xp(0.8, 1.0) == XP_LESSON_PERFECT
    assert lesson_xp(None, 1.0) == XP_LESSON_PASSED + XP_LESSON_PERFECT
    assert lesson_xp(1.0, 1.0) == 0


# ----- streak rules -------------------------------------------------------------------------


def test_consecutive_days_build_a_streak() -> None:
    streak = streak_of(days(0, 1, 2))
    assert (streak.current, streak.longest, streak.freezes) == (3, 3, 0)
    assert streak.as_of(D + timedelta(days=2)) == (3, 0)
    # Today not yet active is not a missed day.
    assert streak.as_of(D + timedelta(days=3)) == (3, 0)
    # Yesterday missed with no freeze: the streak is over.
    assert streak.as_of(D + timedelta(days=4)) == (0, 0)


def test_a_freeze_is_earned_every_seven_days_and_spent_on_a_single_missed_day() -> None:
    week = streak_of(days(*range(7)))
    assert (week.current, week.freezes) == (7, 1)
    bridged = week.with_active_day(D + timedelta(days=8))  # day 7 missed
    assert (bridged.current, bridged.freezes) == (8, 0)
    assert week.as_of(D + timedelta(days=8)) == (7, 0)  # the freeze covers yesterday


def test_two_missed_days_with_one_freeze_end_the_streak() -> None:
    week = streak_of(days(*range(7)))
    restarted = week.with_active_day(D + timedelta(days=9))
    assert (restarted.current, restarted.longest, restarted.freezes) == (1, 7, 0)


def test_at_most_two_freezes_are_held_and_two_bridge_two_days() -> None:
    long_run = streak_of(days(*range(21)))
    assert long_run.freezes == MAX_FREEZES
    bridged = long_run.with_active_day(D + timedelta(days=23))
    assert (bridged.current, bridged.freezes) == (22, 0)


def test_same_day_twice_changes_nothing() -> None:
    once = streak_of(days(0))
    assert once.with_active_day(D) == once


@given(st.lists(st.integers(0, 60), max_size=40))
def test_streak_is_a_function_of_the_set_of_active_days(offsets: list[int]) -> None:
    ordered = sorted(set(offsets))
    streak = streak_of(days(*ordered))
    # Replaying with repeats gives the same state; the longest run bounds the current one.
    assert streak_of(days(*sorted(offsets))) == streak
    assert streak.current <= streak.longest <= len(ordered)
    assert 0 <= streak.freezes <= MAX_FREEZES
    if ordered:
        # A run of consecutive days is a lower bound for the longest streak.
        run = best = 1
        for a, b in zip(ordered, ordered[1:]):
            run = run + 1 if b - a == 1 else 1
            best = max(best, run)
        assert streak.longest >= best


# ----- day boundaries in the learner's zone --------------------------------------------------


def test_day_bounds_in_shanghai_are_utc_16_00() -> None:
    start, end = day_bounds(date(2026, 11, 23), SHANGHAI)
    assert (start.isoformat(), end.isoformat()) == ("2026-11-22T16:00:00+00:00", "2026-11-23T16:00:00+00:00")


def _service(db: Database, catalog: PackCatalog, when: datetime, zone: ZoneInfo) -> tuple[LearningService, FixedClock]:
    clock = FixedClock(when, zone)
    return LearningService(db, catalog, clock), clock


def test_2359_and_0001_local_are_two_days_although_the_same_utc_day(
    db: Database, catalog: PackCatalog, profile_id: int
) -> None:
    service, clock = _service(db, catalog, datetime(2026, 11, 23, 23, 59, tzinfo=SHANGHAI), SHANGHAI)
    items = catalog.pack(AF).items_of("guaranteed-returns")
    service.record_answer(profile_id, AF, None, items[0].id, right(items[0]), 3)
    first_utc = clock.now()
    clock.set(datetime(2026, 11, 24, 0, 1))  # 00:01 in Shanghai
    assert clock.now().date() == first_utc.date()  # both 2026-11-23 in UTC
    service.record_answer(profile_id, AF, None, items[1].id, right(items[1]), 3)
    progress = service.progress(profile_id, "en")
    assert progress.active_days == [date(2026, 11, 23), date(2026, 11, 24)]
    assert progress.streak_days == 2
    assert progress.today_xp == XP_CORRECT  # the 23:59 answer belongs to yesterday


def test_same_local_evening_across_utc_midnight_is_one_day(db: Database, catalog: PackCatalog, profile_id: int) -> None:
    service, clock = _service(db, catalog, datetime(2026, 11, 23, 18, 30, tzinfo=NEW_YORK), NEW_YORK)
    items = catalog.pack(AF).items_of("guaranteed-returns")
    service.record_answer(profile_id, AF, None, items[0].id, right(items[0]), 3)
    clock.set(datetime(2026, 11, 23, 23, 59))  # 04:59 UTC on the 24th
    service.record_answer(profile_id, AF, None, items[1].id, right(items[1]), 3)
    progress = service.progress(profile_id, "en")
    assert progress.active_days == [date(2026, 11, 23)]
    assert (progress.streak_days, progress.today_xp) == (1, 2 * XP_CORRECT)
    clock.set(datetime(2026, 11, 24, 0, 1))
    progress = service.progress(profile_id, "en")
    assert (progress.streak_days, progress.today_xp) == (1, 0)  # a new day: goal resets, streak holds


def test_dst_change_does_not_split_or_merge_days() -> None:
    # New York falls back on 2026-11-01: that local day is 25 hours long.
    start, end = day_bounds(date(2026, 11, 1), NEW_YORK)
    assert end - start == timedelta(hours=25)
    assert local_day(end - timedelta(microseconds=1), NEW_YORK) == date(2026, 11, 1)


# ----- XP per answer, daily goal and streak through the service ------------------------------


def test_an_item_earns_at_most_ten_xp_a_day(
    service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    item = catalog.pack(AF).items_of("guaranteed-returns")[0]
    gains = [
        service.record_answer(profile_id, AF, None, item.id, response, 3).xp_gained
        for response in (wrong(item), wrong(item), right(item), right(item))
    ]
    assert gains == [XP_TRY, 0, XP_CORRECT - XP_TRY, 0]
    clock.advance(timedelta(days=1))
    assert service.record_answer(profile_id, AF, None, item.id, right(item), 3).xp_gained == XP_CORRECT


def test_daily_goal_streak_and_freeze_through_the_service(
    service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    items = [item for lesson in catalog.pack(AF).lessons for item in lesson.items]
    for day in range(7):
        item = items[day]
        service.record_answer(profile_id, AF, None, item.id, right(item), 3)
        clock.advance(timedelta(days=1))
    progress = service.progress(profile_id, "en")
    assert (progress.streak_days, progress.freezes_available, progress.today_xp) == (7, 1, 0)
    assert next(b for b in progress.badges if b.id == "streak_7").earned_at is not None
    clock.advance(timedelta(days=1))  # a day missed: the freeze covers it
    progress = service.progress(profile_id, "en")
    assert (progress.streak_days, progress.freezes_available) == (7, 0)
    for item in items[10:16]:
        service.record_answer(profile_id, AF, None, item.id, right(item), 3)
    progress = service.progress(profile_id, "en")
    assert progress.streak_days == 8 and progress.today_xp == 60 >= DAILY_GOAL_XP
    assert next(b for b in progress.badges if b.id == "daily_goal").earned_at == clock.now()
    clock.advance(timedelta(days=3))
    assert service.progress(profile_id, "en").streak_days == 0
    assert service.progress(profile_id, "en").longest_streak == 8
