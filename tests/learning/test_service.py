"""The service end to end on real SQLite files: storage, lessons, badges, rebuild, deletion."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from edu_app.learning.rewards import PRACTICE_XP
from edu_app.learning import FixedClock, LearningService, PackCatalog, clock_from_env
from edu_app.learning.persistence import DERIVED_TABLES, LEARNING_TABLES
from edu_app.services.profiles import ProfileService
from edu_app.store import Database, open_database
from edu_app.learning.replay import red_flags_spotted
from lessons import InvalidResponse
from lessons.model import QuizFile

from tests.learning.conftest import AF, SHANGHAI, answer_lesson, right, wrong


def snapshot(service: LearningService, catalog: PackCatalog, profile_id: int) -> dict[str, Any]:
    """Everything a screen can see, plus the raw derived rows."""
    return {
        "progress": service.progress(profile_id, "en"),
        "features": service.features(profile_id, "zh-CN"),
        "queue": service.review_queue(profile_id, limit=500),
        "lessons": {pack.id: service.lesson_status(profile_id, pack.id) for pack in catalog.packs()},
        "rows": derived_rows(service, profile_id),
    }


def derived_rows(service: LearningService, profile_id: int) -> dict[str, list[tuple]]:
    with service._db.engine.connect() as conn:  # noqa: SLF001 - the test inspects the raw tables
        return {
            table.__tablename__: sorted(
                tuple(row)
                for row in conn.execute(
                    text(f"SELECT * FROM {table.__tablename__} WHERE profile_id = :p"), {"p": profile_id}
                )
            )
            for table in DERIVED_TABLES
        }


def count_rows(db: Database, profile_id: int) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            table.__tablename__: conn.execute(
                text(f"SELECT count(*) FROM {table.__tablename__} WHERE profile_id = :p"), {"p": profile_id}
            ).scalar_one()
            for table in LEARNING_TABLES
        }


# ----- recording ----------------------------------------------------------------------------


def test_an_answer_is_stored_with_everything_the_issue_lists(
    service: LearningService, catalog: PackCatalog, profile_id: int, db: Database, clock: FixedClock
) -> None:
    item = next(i for i in catalog.pack(AF).items_of("pig-butchering") if i.type == "red_flags")
    marked = list(reversed(right(item)))
    outcome = service.record_answer(profile_id, AF, "pig-butchering", item.id, set(marked), 12.5)
    assert outcome.grade.correct and outcome.xp_gained == 10
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM answer")).mappings().one()
    assert row["profile_id"] == profile_id
    assert (row["pack_id"], row["pack_version"], row["lesson_id"], row["item_id"]) == (
        AF,
        "1.0.0",
        "pig-butchering",
        item.id,
    )
    assert json.loads(row["response"]) == sorted(marked)
    assert (bool(row["correct"]), row["score"], row["seconds"]) == (True, 1.0, 12.5)
    stored = row["answered_at"]
    if isinstance(stored, str):  # SQLite has no datetime type: UTC text
        assert stored.startswith(clock.now().strftime("%Y-%m-%d %H:%M:%S"))
    else:  # PostgreSQL: a zone-aware timestamp
        assert stored == clock.now()


def test_a_malformed_response_raises_and_stores_nothing(
    service: LearningService, catalog: PackCatalog, profile_id: int, db: Database
) -> None:
    item = catalog.pack(AF).items_of("guaranteed-returns")[0]
    with pytest.raises(InvalidResponse):
        service.record_answer(profile_id, AF, None, item.id, {"not": "a response"}, 1)
    with pytest.raises(LookupError):
        service.record_answer(profile_id, AF, None, "no-such-item", True, 1)
    with pytest.raises(LookupError):
        service.record_answer(profile_id + 99, AF, None, item.id, right(item), 1)
    assert sum(count_rows(db, profile_id).values()) == 0


def test_quiz_score_uses_the_latest_answer_per_item(
    service: LearningService, catalog: PackCatalog, profile_id: int
) -> None:
    items = catalog.pack(AF).items_of("guaranteed-returns")
    for item in items:
        service.record_answer(profile_id, AF, "guaranteed-returns", item.id, right(item), 2)
    service.record_answer(profile_id, AF, "guaranteed-returns", items[0].id, wrong(items[0]), 2)
    first = service.complete_lesson(profile_id, AF, "guaranteed-returns")
    assert first.quiz_score == pytest.approx(6 / 7) and first.passed and first.xp_gained == 30
    assert [b.id for b in first.new_badges] == ["first_lesson"]
    service.record_answer(profile_id, AF, "guaranteed-returns", items[0].id, right(items[0]), 2)
    second = service.complete_lesson(profile_id, AF, "guaranteed-returns")
    assert (second.quiz_score, second.xp_gained) == (1.0, 20)
    assert [b.id for b in second.new_badges] == ["perfect_quiz"]
    status = service.lesson_status(profile_id, AF)
    assert status["guaranteed-returns"].completed and status["guaranteed-returns"].best_score == 1.0
    assert status["pig-butchering"].completed is False and status["pig-butchering"].best_score is None
    assert set(status) == {lesson.id for lesson in catalog.pack(AF).lessons}


def test_a_lesson_never_answered_scores_zero(service: LearningService, profile_id: int) -> None:
    outcome = service.complete_lesson(profile_id, AF, "pump-and-dump")
    assert (outcome.quiz_score, outcome.passed, outcome.xp_gained) == (0.0, False, 0)
    with pytest.raises(LookupError):
        service.complete_lesson(profile_id, AF, "no-such-lesson")


def test_badges_speak_the_profiles_language_unless_told(
    service: LearningService, catalog: PackCatalog, db: Database
) -> None:
    zh_profile = ProfileService(db).create("小明", language="zh-CN").id
    assert service.complete_lesson(zh_profile, AF, "pump-and-dump").new_badges[0].title == "第一课"
    other = ProfileService(db).create("Bo").id
    assert service.complete_lesson(other, AF, "pump-and-dump", language="en").new_badges[0].title == "First lesson"


def test_a_diligent_learner_earns_every_badge(
    service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    start = clock.now()
    for pack in catalog.packs():
        for lesson in pack.lessons:
            answer_lesson(service, catalog, profile_id, pack.id, lesson.id)
    daily = catalog.pack(AF).items_of("pump-and-dump")[0]
    for _day in range(6):
        clock.advance(timedelta(days=1))
        service.record_answer(profile_id, AF, None, daily.id, right(daily), 2)
        for entry in service.review_queue(profile_id, limit=3):
            item = catalog.item(entry.pack_id, entry.item_id)
            service.record_answer(profile_id, entry.pack_id, None, entry.item_id, right(item), 2)
    # The simulator's habits (finishing, reporting a scam tip, ...) earn the remaining badges.
    practice = service.record_practice(profile_id, [(name, "long-recovery") for name in PRACTICE_XP])
    assert practice.xp_gained == sum(PRACTICE_XP.values()) and len(practice.new_badges) == len(PRACTICE_XP)
    progress = service.progress(profile_id, "en")
    earned = {badge.id: badge.earned_at for badge in progress.badges}
    assert None not in earned.values(), earned
    assert earned["first_lesson"] == earned["red_flags_10"] == earned["anti_fraud_master"] == start
    assert earned["first_review"] == start + timedelta(days=2)
    assert earned["streak_7"] == start + timedelta(days=6)
    assert progress.level >= 5 and progress.answers >= 100 and progress.lessons_completed == 25
    assert len(progress.history) == 20 and progress.history[0].answered_at == clock.now()


def test_anti_fraud_master_needs_80_percent_on_every_lesson(
    service: LearningService, catalog: PackCatalog, profile_id: int
) -> None:
    pack = catalog.pack(AF)
    for index, lesson in enumerate(pack.lessons):
        # The last lesson's first two items wrong: below 80% on a lesson of up to 10 items.
        wrong_ids = {item.id for item in lesson.items[:2]} if index == len(pack.lessons) - 1 else set()
        answer_lesson(service, catalog, profile_id, AF, lesson.id, wrong_ids)
    earned = {b.id: b.earned_at for b in service.progress(profile_id, "en").badges}
    assert earned["anti_fraud_master"] is None


def test_red_flags_are_counted_net_of_false_alarms() -> None:
    item = QuizFile.model_validate(
        {
            "items": [
                {
                    "id": "rf",
                    "type": "red_flags",
                    "format": "sms",
                    "prompt": {"en": "x"},
                    "segments": [
                        {"id": f"s{n}", "text": {"en": "x"}, "red_flag": n < 2} for n in range(5)
                    ],
                }
            ]
        }
    ).items[0]
    assert red_flags_spotted(item, '["s0","s1"]') == 2
    assert red_flags_spotted(item, '["s0","s1","s2"]') == 1
    assert red_flags_spotted(item, '["s0","s1","s2","s3","s4"]') == 0  # marking everything earns nothing
    assert red_flags_spotted(item, "[]") == 0


def test_the_tenth_red_flag_earns_the_badge(
    service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    spotted, reached_at = 0, None
    for lesson in catalog.pack(AF).lessons:
        for item in lesson.items:
            if item.type == "red_flags" and reached_at is None:
                clock.advance(timedelta(minutes=1))
                outcome = service.record_answer(profile_id, AF, lesson.id, item.id, right(item), 2)
                spotted += len(right(item))
                if spotted >= 10:
                    reached_at = clock.now()
                    assert "red_flags_10" in [badge.id for badge in outcome.new_badges]
    earned = {b.id: b.earned_at for b in service.progress(profile_id, "en").badges}
    assert earned["red_flags_10"] == reached_at is not None


# ----- derived state is a function of the history ---------------------------------------------


def test_rebuild_gives_the_same_progress_as_incremental_updates(
    service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    pack = catalog.pack(AF)
    for day, lesson in enumerate(pack.lessons[:5]):
        answer_lesson(service, catalog, profile_id, AF, lesson.id, {lesson.items[day % len(lesson.items)].id})
        clock.advance(timedelta(hours=20 + day))
        for entry in service.review_queue(profile_id):
            item = catalog.item(entry.pack_id, entry.item_id)
            response = wrong(item) if day % 2 else right(item)
            service.record_answer(profile_id, entry.pack_id, None, entry.item_id, response, 2)
    before = snapshot(service, catalog, profile_id)
    service.rebuild(profile_id)
    assert snapshot(service, catalog, profile_id) == before


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(["right", "wrong", "complete", "wait"]), st.integers(0, 62)),
        min_size=1,
        max_size=40,
    )
)
def test_rebuild_matches_any_sequence_of_actions(catalog: PackCatalog, actions: list[tuple[str, int]]) -> None:
    items = [(lesson.id, item) for lesson in catalog.pack(AF).lessons for item in lesson.items]
    with tempfile.TemporaryDirectory() as directory:
        db = open_database(Path(directory)).database
        try:
            profile_id = ProfileService(db).create("Hy").id
            clock = FixedClock(datetime(2026, 3, 1, 22, 0, tzinfo=SHANGHAI), SHANGHAI)
            service = LearningService(db, catalog, clock)
            for action, index in actions:
                lesson_id, item = items[index % len(items)]
                if action == "wait":
                    clock.advance(timedelta(hours=index))
                elif action == "complete":
                    service.complete_lesson(profile_id, AF, lesson_id)
                else:
                    response = right(item) if action == "right" else wrong(item)
                    service.record_answer(profile_id, AF, lesson_id, item.id, response, 1)
            before = snapshot(service, catalog, profile_id)
            service.rebuild(profile_id)
            assert snapshot(service, catalog, profile_id) == before
        finally:
            db.close()


def test_a_different_time_zone_recomputes_the_calendar(
    db: Database, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    service = LearningService(db, catalog, clock)
    items = catalog.pack(AF).items_of("guaranteed-returns")
    clock.set(datetime(2026, 11, 23, 7, 0))  # 07:00 Shanghai = 23:00 UTC the day before
    service.record_answer(profile_id, AF, None, items[0].id, right(items[0]), 2)
    assert service.progress(profile_id, "en").active_days == [datetime(2026, 11, 23).date()]
    in_utc = LearningService(db, catalog, FixedClock(clock.now(), UTC))
    assert in_utc.progress(profile_id, "en").active_days == [datetime(2026, 11, 22).date()]


def test_installing_or_removing_a_pack_recomputes_derived_state(
    db: Database, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    service = LearningService(db, catalog, clock)
    answer_lesson(service, catalog, profile_id, AF, "guaranteed-returns")
    with_pack = service.progress(profile_id, "en")
    without_af = [pack for pack in catalog.packs() if pack.id != AF]
    smaller = LearningService(db, PackCatalog(loader=lambda: without_af), clock)
    progress = smaller.progress(profile_id, "en")
    # The answers stay (XP, streak, counts); mastery and reviews ignore items no longer installed.
    assert (progress.answers, progress.xp) == (with_pack.answers, with_pack.xp)
    assert progress.score == 0 < with_pack.score
    assert smaller.review_queue(profile_id) == []
    assert service.progress(profile_id, "en") == with_pack  # and back again


def test_a_clock_that_goes_back_is_handled_by_replaying(
    service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock
) -> None:
    items = catalog.pack(AF).items_of("guaranteed-returns")
    service.record_answer(profile_id, AF, None, items[0].id, right(items[0]), 2)
    clock.advance(timedelta(hours=-2))
    outcome = service.record_answer(profile_id, AF, None, items[1].id, right(items[1]), 2)
    assert outcome.xp_gained == 10
    before = snapshot(service, catalog, profile_id)
    service.rebuild(profile_id)
    assert snapshot(service, catalog, profile_id) == before
    assert before["progress"].history[0].item_id == items[0].id  # newest first, by time


# ----- deletion -----------------------------------------------------------------------------


def test_delete_learning_data_keeps_the_profile_and_other_learners(
    service: LearningService, catalog: PackCatalog, profile_id: int, db: Database
) -> None:
    other = ProfileService(db).create("Bo").id
    for learner in (profile_id, other):
        answer_lesson(service, catalog, learner, AF, "guaranteed-returns")
        service.record_practice(learner, [("scenario_finished", "long-recovery")])
    assert all(count_rows(db, profile_id).values())
    service.delete_learning_data(profile_id)
    assert set(count_rows(db, profile_id).values()) == {0}
    assert all(count_rows(db, other).values())
    assert ProfileService(db).get(profile_id) is not None
    fresh = service.progress(profile_id, "en")
    assert (fresh.xp, fresh.score, fresh.answers, fresh.badges[0].earned_at) == (0, 0, 0, None)


def test_deleting_a_profile_deletes_its_learning_rows(
    service: LearningService, catalog: PackCatalog, profile_id: int, db: Database
) -> None:
    answer_lesson(service, catalog, profile_id, AF, "guaranteed-returns")
    ProfileService(db).delete(profile_id)
    assert set(count_rows(db, profile_id).values()) == {0}


# ----- clock --------------------------------------------------------------------------------


def test_clock_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDU_APP_NOW", "2026-11-23T09:00:00+08:00")
    monkeypatch.setenv("EDU_APP_TZ", "Asia/Shanghai")
    clock = clock_from_env()
    assert clock.now() == datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    assert str(clock.zone) == "Asia/Shanghai"  # type: ignore[attr-defined]
    monkeypatch.setenv("EDU_APP_NOW", "2026-11-23T09:00:00")
    with pytest.raises(ValueError):
        clock_from_env()
    monkeypatch.delenv("EDU_APP_NOW")
    assert abs(clock_from_env().now() - datetime.now(UTC)) < timedelta(seconds=5)
