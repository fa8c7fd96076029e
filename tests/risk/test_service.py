"""The risk service on a real SQLite database: results kept with their date, warnings and the
choices made, the reality check from stored data, export/import/delete with the learner's data,
and the migration that adds the tables."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlmodel import select

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.risk.scoring import AnswerError
from edu_app.risk.service import RiskService
from edu_app.risk.suitability import Product
from edu_app.services.profiles import ProfileService
from edu_app.store import Database, open_database
from edu_app.store.migrations import LATEST_VERSION, current_version, migrate
from edu_app.store.models import RiskAssessment, SuitabilityChoice
from tests.learning.conftest import builtin_packs
from tests.risk.conftest import SHANGHAI, answers_for_total, play, with_answer
from tests.risk.test_reality import SLIDE

CRISIS = Product(kind="index", board="us", scenario_id="global-financial-crisis", crisis=True, symbol="GSPC")


def test_results_are_kept_with_their_date_and_the_latest_counts(
    service: RiskService, profile_id: int, clock: FixedClock
) -> None:
    assert service.latest(profile_id) is None
    first = service.submit(profile_id, answers_for_total(service.questionnaire, 50))
    clock.advance(timedelta(days=3))
    second = service.submit(profile_id, answers_for_total(service.questionnaire, 70))
    assert (first.grade, second.grade) == ("C3", "C4")
    assert second.taken_at - first.taken_at == timedelta(days=3)
    assert service.latest(profile_id) == second
    assert [a.id for a in service.history(profile_id)] == [second.id, first.id]
    assert service.history(profile_id)[1].answers == answers_for_total(service.questionnaire, 50)


def test_bad_answers_store_nothing(service: RiskService, profile_id: int) -> None:
    with pytest.raises(AnswerError):
        service.submit(profile_id, {"age": "18-30"})
    with pytest.raises(LookupError):
        service.submit(profile_id + 99, answers_for_total(service.questionnaire, 50))
    assert service.history(profile_id) == []


def test_the_warning_follows_the_latest_grade_and_choices_are_recorded(
    service: RiskService, profile_id: int, clock: FixedClock
) -> None:
    before = service.suitability_warning(profile_id, CRISIS)
    assert before is not None and before.kind == "no_assessment"
    service.submit(profile_id, answers_for_total(service.questionnaire, 50))  # C3
    warning = service.suitability_warning(profile_id, CRISIS)
    assert warning is not None and (warning.kind, warning.level, warning.grade) == ("above_grade", "R4", "C3")
    service.record_warning_choice(profile_id, warning, confirmed=False, context="start_scenario")
    clock.advance(timedelta(minutes=1))
    service.record_warning_choice(profile_id, warning, confirmed=True, context="start_scenario")
    choices = service.warning_choices(profile_id)
    assert [(c.confirmed, c.product_level, c.grade, c.context) for c in choices] == [
        (True, "R4", "C3", "start_scenario"),
        (False, "R4", "C3", "start_scenario"),
    ]
    assert choices[0].product_key == "scenario:global-financial-crisis|symbol:GSPC|kind:index|board:us"
    service.submit(profile_id, answers_for_total(service.questionnaire, 70))  # C4
    assert service.suitability_warning(profile_id, CRISIS) is None


def test_the_reality_check_uses_stored_answers_mastery_and_sessions(
    db: Database, profile_id: int, clock: FixedClock
) -> None:
    loaded = builtin_packs()
    catalog = PackCatalog(loader=lambda: loaded)
    service = RiskService(db, clock, learning=LearningService(db, catalog, clock), catalog=catalog)
    assert service.reality_check(profile_id).verdict == "no_assessment"
    # Growth-seeking, "up to 30%": C4 with a 30% tolerable fall.
    answers = with_answer(answers_for_total(service.questionnaire, 66), "max-loss", "up-to-30")
    assert service.submit(profile_id, answers).grade == "C4"
    stored = json.loads(json.dumps(play(SLIDE, {0: ("buy", 100), 5: ("sell", 100)}).to_dict()))
    service.session_source = lambda pid: [stored] if pid == profile_id else []
    result = service.reality_check(profile_id)
    assert result.verdict == "overstated"
    assert [f.code for f in result.findings] == ["panic_sale", "skills_gap"]
    # Skill names come from the packs, in each language.
    assert "Diversification" in result.findings[1].text("en") and "分散投资" in result.findings[1].text("zh-CN")
    assert service.reality_check(profile_id, sessions=[]).verdict == "overstated"


def test_export_and_import_carry_results_and_choices(
    tmp_path: Path, db: Database, profile_id: int, clock: FixedClock
) -> None:
    loaded = builtin_packs()
    catalog = PackCatalog(loader=lambda: loaded)
    learning = LearningService(db, catalog, clock)
    risk = RiskService(db, clock)
    risk.submit(profile_id, answers_for_total(risk.questionnaire, 30))
    warning = risk.suitability_warning(profile_id, CRISIS)
    assert warning is not None
    risk.record_warning_choice(profile_id, warning, confirmed=True, context="place_order")
    document = json.loads(json.dumps(learning.export_progress(profile_id)))
    assert len(document["risk_assessments"]) == 1 and len(document["suitability_choices"]) == 1
    assert document["risk_assessments"][0]["answers"]["age"]
    assert "Ann" not in json.dumps(document, ensure_ascii=False)

    (tmp_path / "other").mkdir()
    other_db = open_database(tmp_path / "other").database
    try:
        other_learning = LearningService(other_db, catalog, clock)
        other_risk = RiskService(other_db, clock)
        newcomer = ProfileService(other_db).create("Ann on a phone").id
        other_learning.import_progress(newcomer, json.dumps(document).encode())
        other_learning.import_progress(newcomer, json.dumps(document).encode())  # twice adds nothing
        assert [a.grade for a in other_risk.history(newcomer)] == ["C2"]
        assert other_risk.latest(newcomer).taken_at == risk.latest(profile_id).taken_at  # type: ignore[union-attr]
        assert len(other_risk.warning_choices(newcomer)) == 1
    finally:
        other_db.close()


def test_a_file_without_risk_entries_still_imports_and_a_bad_grade_is_refused(
    db: Database, profile_id: int, clock: FixedClock
) -> None:
    from edu_app.learning import ProgressImportError

    loaded = builtin_packs()
    learning = LearningService(db, PackCatalog(loader=lambda: loaded), clock)
    old = {"format": "invest-quest-progress", "version": 1, "exported_at": "2026-11-20T10:00:00+00:00",
           "answers": [], "lesson_completions": []}
    learning.import_progress(profile_id, old)
    bad = old | {"risk_assessments": [{"questionnaire_id": "x", "questionnaire_version": 1, "answers": {},
                                       "total": 1, "max_total": 100, "grade": "C9", "lowest_category": False,
                                       "taken_at": "2026-11-20T10:00:00+00:00"}]}
    with pytest.raises(ProgressImportError) as caught:
        learning.import_progress(profile_id, bad)
    assert caught.value.code == "invalid-entry" and "risk_assessments[0]" in caught.value.message_en


def test_deleting_the_profile_or_the_results_removes_the_rows(db: Database, service: RiskService) -> None:
    profiles = ProfileService(db)
    keep, gone = profiles.create("Keep").id, profiles.create("Gone").id
    for pid in (keep, gone):
        service.submit(pid, answers_for_total(service.questionnaire, 50))
        warning = service.suitability_warning(pid, CRISIS)
        assert warning is not None
        service.record_warning_choice(pid, warning, confirmed=True, context="example")
    profiles.delete(gone)
    with db.transaction() as session:
        owners = {row.profile_id for row in session.exec(select(RiskAssessment))}
        owners |= {row.profile_id for row in session.exec(select(SuitabilityChoice))}
    assert owners == {keep}
    service.delete_risk_data(keep)
    assert service.history(keep) == [] and service.warning_choices(keep) == []
    assert profiles.get(keep) is not None


def test_an_older_database_gains_the_tables_and_keeps_its_profiles(tmp_path: Path) -> None:
    path = tmp_path / "invest-quest.db"
    sqlite3.connect(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        migrate(connection, target=3)
        connection.execute(text("INSERT INTO profile (id, nickname, nickname_key, theme, created_at) "
                                "VALUES (1, 'Old', 'old', 'system', '2026-01-01 00:00:00')"))
    engine.dispose()
    opened = open_database(tmp_path)
    try:
        with opened.database.engine.connect() as connection:
            assert current_version(connection) == LATEST_VERSION
            assert {"risk_assessment", "suitability_choice"} <= set(inspect(connection).get_table_names())
        service = RiskService(opened.database, _clock())
        assert service.submit(1, answers_for_total(service.questionnaire, 90)).grade == "C5"
    finally:
        opened.database.close()


@pytest.mark.parametrize("model", [RiskAssessment, SuitabilityChoice], ids=lambda m: m.__tablename__)
def test_the_migration_matches_the_model(tmp_path: Path, model: type) -> None:
    opened = open_database(tmp_path)
    try:
        inspector = inspect(opened.database.engine)
        name = model.__tablename__
        columns = {
            c["name"]: (c["type"]._type_affinity, c["nullable"], getattr(c["type"], "length", None))
            for c in inspector.get_columns(name)
        }
        table = model.__table__
        assert columns == {
            column.name: (column.type._type_affinity, column.nullable, getattr(column.type, "length", None))
            for column in table.columns
        }
        assert inspector.get_pk_constraint(name)["constrained_columns"] == [c.name for c in table.primary_key.columns]
        assert [(f["constrained_columns"], f["referred_table"]) for f in inspector.get_foreign_keys(name)] == [
            ([fk.parent.name], fk.column.table.name) for fk in table.foreign_keys
        ]
        assert sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(name)) == sorted(
            (i.name, tuple(c.name for c in i.columns)) for i in table.indexes
        )
    finally:
        opened.database.close()


def _clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), SHANGHAI)
