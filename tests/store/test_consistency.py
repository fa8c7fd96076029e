"""Derived rows (XP, streak, mastery, review cards, days, badges, unlocks) stay equal to a
rebuild from the stored history when two processes answer for the same learner at once, and a
derived state that does not match the history is noticed and rebuilt. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from edu_app.learning import FixedClock, LearningService, PackCatalog, SystemClock
from edu_app.learning.persistence import DERIVED_TABLES
from edu_app.services.profiles import ProfileService
from edu_app.store import Database, open_database
from tests.learning.conftest import AF, SHANGHAI, answer_lesson, right
from tests.store.conftest import Store, last_json, start_together

ANSWERS_PER_PROCESS = 80


def derived_rows(db: Database, profile_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every derived row of the learner, as plain sorted tuples (the stamp column left out)."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for table in DERIVED_TABLES:
            name = table.__tablename__  # type: ignore[attr-defined]
            result = conn.execute(text(f"SELECT * FROM {name} WHERE profile_id = :p"), {"p": profile_id})
            keep = [key for key in result.keys() if key != "history_stamp"]
            rows[name] = sorted(
                (tuple(round(v, 9) if isinstance(v, float) else v for v in (row[k] for k in keep)) for row in result.mappings()),
                key=repr,
            )
    return rows


def test_two_processes_answering_for_one_learner_keep_totals_equal_to_a_rebuild(
    new_store: Callable[[], Store], catalog: PackCatalog
) -> None:
    store = new_store()
    opened = open_database(store.data_dir, url=store.url)
    profile_id = ProfileService(opened.database).create("Ann").id
    opened.database.close()

    results = start_together([(store, ("answer", str(profile_id), str(ANSWERS_PER_PROCESS)))] * 2)
    for returncode, out, err in results:
        assert returncode == 0, err
        last_json(out)

    db = open_database(store.data_dir, url=store.url).database
    try:
        with db.engine.connect() as conn:
            answers = conn.execute(text("SELECT count(*) FROM answer")).scalar_one()
            stats = conn.execute(text("SELECT answers, history_stamp FROM learner_stats")).one()
        assert answers == 2 * ANSWERS_PER_PROCESS
        # The writers kept the totals current themselves: nothing was left for a reader to repair.
        assert stats.answers == answers
        # The children's clock and zone, so that the rebuild derives under the same key.
        service = LearningService(db, catalog, SystemClock())
        with db.transaction() as session:
            from edu_app.learning.persistence import history_stamp

            assert stats.history_stamp == history_stamp(session, profile_id)
        as_written = derived_rows(db, profile_id)
        service.rebuild(profile_id)
        assert derived_rows(db, profile_id) == as_written
    finally:
        db.close()


def test_history_written_behind_the_totals_back_is_noticed_and_rebuilt(
    new_store: Callable[[], Store], catalog: PackCatalog
) -> None:
    # As an older app, or one that lost an update, would leave it: an answer the totals miss.
    store = new_store()
    db = open_database(store.data_dir, url=store.url).database
    try:
        clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), SHANGHAI)
        service = LearningService(db, catalog, clock)
        profile_id = ProfileService(db).create("Ann").id
        answer_lesson(service, catalog, profile_id, AF, "guaranteed-returns")
        before = service.progress(profile_id, "en")
        item = catalog.pack(AF).items_of("pig-butchering")[0]  # type: ignore[union-attr]
        with db.transaction() as session:
            session.execute(
                text(
                    "INSERT INTO answer (profile_id, pack_id, pack_version, lesson_id, item_id, response,"
                    " correct, score, seconds, answered_at) VALUES (:p, :pack, '1.0.0', 'pig-butchering',"
                    " :item, :response, :correct, 1.0, 3.0, :at)"
                ),
                {"p": profile_id, "pack": AF, "item": item.id, "response": '"x"', "correct": True,
                 "at": clock.now().astimezone(UTC)},
            )
        after = service.progress(profile_id, "en")
        assert after.answers == before.answers + 1
        assert after.xp == before.xp + 10
        assert derived_rows(db, profile_id) == _rebuilt(db, service, profile_id)
        # And the write path keeps working from the repaired state.
        outcome = service.record_answer(profile_id, AF, "pig-butchering", item.id, right(item), 2.0)
        assert service.progress(profile_id, "en").answers == after.answers + 1
        assert outcome.grade.correct
    finally:
        db.close()


def _rebuilt(db: Database, service: LearningService, profile_id: int) -> dict[str, list[tuple[Any, ...]]]:
    service.rebuild(profile_id)
    return derived_rows(db, profile_id)
