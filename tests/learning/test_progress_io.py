"""Export and import of progress: the file, round trips, and clear errors for bad files."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from edu_app.learning import FixedClock, LearningService, PackCatalog, ProgressImportError
from edu_app.services.profiles import ProfileService
from edu_app.store import Database, open_database

from tests.learning.conftest import AF, SHANGHAI, answer_lesson, right, wrong


@pytest.fixture
def exported(service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock) -> dict[str, Any]:
    answer_lesson(service, catalog, profile_id, AF, "guaranteed-returns", {"gr-2"})
    clock.advance(timedelta(days=1, hours=2))
    answer_lesson(service, catalog, profile_id, AF, "pig-butchering")
    return service.export_progress(profile_id)


def test_the_file_holds_the_history_and_no_nickname(exported: dict[str, Any]) -> None:
    assert (exported["format"], exported["version"]) == ("invest-quest-progress", 1)
    assert "Ann" not in json.dumps(exported, ensure_ascii=False)
    answer = exported["answers"][0]
    assert set(answer) == {
        "pack_id",
        "pack_version",
        "lesson_id",
        "item_id",
        "response",
        "correct",
        "score",
        "seconds",
        "answered_at",
    }
    assert answer["answered_at"].endswith("+00:00")
    assert len(exported["lesson_completions"]) == 2
    json.dumps(exported, allow_nan=False)  # strictly valid JSON


def test_import_on_another_device_gives_the_same_progress(
    tmp_path: Path, service: LearningService, catalog: PackCatalog, profile_id: int, clock: FixedClock, exported: dict
) -> None:
    (tmp_path / "other").mkdir()
    other_db = open_database(tmp_path / "other").database
    try:
        other = LearningService(other_db, catalog, clock)
        newcomer = ProfileService(other_db).create("Ann on a phone").id
        summary = other.import_progress(newcomer, json.dumps(exported).encode())
        assert (summary.answers_added, summary.completions_added, summary.answers_unknown) == (
            len(exported["answers"]),
            2,
            0,
        )
        assert other.progress(newcomer, "en") == service.progress(profile_id, "en")
        assert other.features(newcomer, "en") == service.features(profile_id, "en")
        assert other.review_queue(newcomer) == service.review_queue(profile_id)
        assert other.export_progress(newcomer)["answers"] == exported["answers"]
    finally:
        other_db.close()


def test_importing_twice_adds_nothing(service: LearningService, profile_id: int, exported: dict) -> None:
    before = service.progress(profile_id, "en")
    summary = service.import_progress(profile_id, exported)
    assert (summary.answers_added, summary.answers_duplicate) == (0, len(exported["answers"]))
    assert (summary.completions_added, summary.completions_duplicate) == (0, 2)
    assert service.progress(profile_id, "en") == before


def test_duplicates_are_found_whatever_offset_the_file_writes(
    service: LearningService, profile_id: int, exported: dict
) -> None:
    data = copy.deepcopy(exported)
    for answer in data["answers"]:
        answer["answered_at"] = datetime.fromisoformat(answer["answered_at"]).astimezone(SHANGHAI).isoformat()
    assert data["answers"][0]["answered_at"].endswith("+08:00")
    summary = service.import_progress(profile_id, data)
    assert (summary.answers_added, summary.answers_duplicate) == (0, len(data["answers"]))


def test_import_merges_with_history_already_on_the_device(
    service: LearningService, catalog: PackCatalog, profile_id: int, db: Database, exported: dict, clock: FixedClock
) -> None:
    learner = ProfileService(db).create("Bo").id
    clock.advance(timedelta(days=1))
    item = catalog.pack(AF).items_of("pump-and-dump")[0]
    service.record_answer(learner, AF, "pump-and-dump", item.id, wrong(item), 3)
    service.import_progress(learner, exported)
    progress = service.progress(learner, "en")
    assert progress.answers == len(exported["answers"]) + 1
    assert progress.lessons_completed == 2
    # Derived state equals a replay of the merged history.
    service.rebuild(learner)
    assert service.progress(learner, "en") == progress


def test_answers_for_unknown_packs_are_kept_counted_and_ignored_for_mastery(
    service: LearningService, profile_id: int, db: Database, exported: dict
) -> None:
    data = copy.deepcopy(exported)
    stranger = dict(data["answers"][0], pack_id="someone-elses-pack", item_id="q-1")
    data["answers"].append(stranger)
    learner = ProfileService(db).create("Cy").id
    summary = service.import_progress(learner, data)
    assert summary.answers_unknown == 1
    progress = service.progress(learner, "en")
    assert progress.answers == len(data["answers"])
    assert sum(skill.answers for skill in progress.mastery) == sum(
        skill.answers for skill in service.progress(profile_id, "en").mastery
    )
    assert stranger in service.export_progress(learner)["answers"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n", "not-json"),
        ("{\"format\": ", "not-json"),
        ("[1, 2]", "not-an-object"),
        ({"format": "anki-deck", "version": 1}, "foreign-format"),
        ({"version": 1, "answers": []}, "foreign-format"),
        ({"format": "invest-quest-progress", "version": 2}, "newer-version"),
    ],
)
def test_broken_or_foreign_files_are_refused_with_a_code(
    data: Any, code: str, service: LearningService, profile_id: int
) -> None:
    with pytest.raises(ProgressImportError) as caught:
        service.import_progress(profile_id, data)
    error = caught.value
    assert error.code == code
    assert error.message_en and error.message_zh and error.message_en != error.message_zh


def test_newer_version_names_the_version(service: LearningService, profile_id: int) -> None:
    with pytest.raises(ProgressImportError) as caught:
        service.import_progress(profile_id, {"format": "invest-quest-progress", "version": 7})
    assert "7" in caught.value.message_en and "7" in caught.value.message_zh


@pytest.mark.parametrize(
    ("break_it", "entry", "field"),
    [
        (lambda d: d["answers"][3].update(answered_at="yesterday"), "answers[3]", "answered_at"),
        (lambda d: d["answers"][1].pop("item_id"), "answers[1]", "item_id"),
        (lambda d: d["answers"][0].update(correct="yes"), "answers[0]", "correct"),
        (lambda d: d["answers"][2].update(answered_at="2026-11-23T09:00:00"), "answers[2]", "answered_at"),
        (lambda d: d["lesson_completions"][1].update(quiz_score=1.5), "lesson_completions[1]", "quiz_score"),
        (lambda d: d.pop("answers"), "file", "answers"),
        (lambda d: d.update(version="1"), "file", "version"),
    ],
)
def test_an_invalid_entry_is_named_with_its_field(
    service: LearningService, profile_id: int, exported: dict, break_it: Any, entry: str, field: str
) -> None:
    data = copy.deepcopy(exported)
    break_it(data)
    before = service.progress(profile_id, "en")
    with pytest.raises(ProgressImportError) as caught:
        service.import_progress(profile_id, data)
    error = caught.value
    assert error.code == "invalid-entry"
    assert entry in error.message_en and field in error.message_en
    assert entry in error.message_zh and field in error.message_zh
    assert error.detail and error.detail.startswith(f"{entry}.{field}" if entry != "file" else field)
    assert service.progress(profile_id, "en") == before  # nothing changed


def test_a_huge_file_is_refused_before_validation(service: LearningService, profile_id: int) -> None:
    data = {"format": "invest-quest-progress", "version": 1, "answers": [{}] * 500_001, "lesson_completions": []}
    with pytest.raises(ProgressImportError) as caught:
        service.import_progress(profile_id, data)
    assert caught.value.code == "too-large"


def test_unordered_responses_are_stored_sorted(service: LearningService, catalog: PackCatalog, profile_id: int) -> None:
    item = next(i for i in catalog.pack(AF).items_of("pig-butchering") if i.type in ("multiple_choice", "red_flags"))
    service.record_answer(profile_id, AF, None, item.id, tuple(reversed(right(item))), 1)
    (answer,) = service.export_progress(profile_id)["answers"]
    assert answer["response"] == sorted(right(item)) and answer["correct"] is True


def test_a_non_finite_number_is_stored_as_null(service: LearningService, catalog: PackCatalog, profile_id: int) -> None:
    item = next(i for lesson in catalog.pack(AF).lessons for i in lesson.items if i.type == "numeric")
    assert not service.record_answer(profile_id, AF, None, item.id, float("nan"), float("inf")).grade.correct
    (answer,) = service.export_progress(profile_id)["answers"]
    assert (answer["response"], answer["seconds"]) == (None, 0.0)
    json.dumps(service.export_progress(profile_id), allow_nan=False)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "make",
    [
        lambda d: json.dumps(d)[:-1] + ', "extra": ' + _deep(3000) + "}",  # deep anywhere in the text
        lambda d: json.dumps(d).replace('"response": ', '"response": ' + _deep(3000) + ', "x": ', 1),
        lambda d: _deep(3000).encode(),
    ],
    ids=["deep-extra-key", "deep-response", "deep-top-level"],
)
def test_a_3000_deep_file_is_refused_with_a_clear_message(
    service: LearningService, profile_id: int, exported: dict, make: Any
) -> None:
    before = service.progress(profile_id, "en")
    with pytest.raises(ProgressImportError) as caught:
        service.import_progress(profile_id, make(exported))
    assert caught.value.code == "too-deep"
    assert "nested" in caught.value.message_en and "嵌套" in caught.value.message_zh
    assert service.progress(profile_id, "en") == before


def test_an_already_parsed_deep_document_is_refused_too(service: LearningService, profile_id: int, exported: dict) -> None:
    data = copy.deepcopy(exported)
    response: Any = []
    for _ in range(3000):
        response = [response]
    data["answers"][0]["response"] = response
    with pytest.raises(ProgressImportError) as caught:
        service.import_progress(profile_id, data)
    assert caught.value.code == "too-deep"


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-01:00", "9999-12-31T23:00:00+00:00", "0001-01-01T00:30:00+01:00"])
@pytest.mark.parametrize("where", ["answers", "lesson_completions", "exported_at"])
def test_a_date_out_of_range_is_refused_with_a_clear_message(
    service: LearningService, profile_id: int, exported: dict, moment: str, where: str
) -> None:
    data = copy.deepcopy(exported)
    if where == "exported_at":
        data["exported_at"] = moment
    elif where == "answers":
        data["answers"][2]["answered_at"] = moment
    else:
        data["lesson_completions"][0]["completed_at"] = moment
    before = service.progress(profile_id, "en")
    with pytest.raises(ProgressImportError) as caught:
        service.import_progress(profile_id, json.dumps(data))
    error = caught.value
    assert error.code == "invalid-entry"
    assert ("file" if where == "exported_at" else where) in error.message_en
    assert error.detail and "2000" in error.detail
    assert service.progress(profile_id, "en") == before


def test_importing_older_history_never_lowers_what_was_earned_today(
    service: LearningService, catalog: PackCatalog, profile_id: int, db: Database, exported: dict, clock: FixedClock
) -> None:
    # Today, on this device, a learner passes a lesson that the file shows passed days earlier
    # on another device. What today's work earned (the daily goal, the streak day) must stay.
    learner = ProfileService(db).create("Cy").id
    clock.advance(timedelta(days=3))
    answer_lesson(service, catalog, learner, AF, "guaranteed-returns")
    today_before = service.progress(learner, "en").today_xp
    total_before = service.progress(learner, "en").xp
    assert today_before > 50  # answers plus the lesson's first-pass XP

    service.import_progress(learner, exported)
    after = service.progress(learner, "en")
    assert after.today_xp == today_before
    assert after.xp >= total_before
    # Still a pure function of the stored history: a rebuild gives the same numbers.
    service.rebuild(learner)
    assert service.progress(learner, "en") == after


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-01:00", "9999-12-31T23:00:00+00:00", "0001-01-01T00:30:00+01:00"])
@pytest.mark.parametrize(("where", "field"), [("risk_assessments", "taken_at"), ("suitability_choices", "chosen_at")])
def test_a_risk_entry_with_a_date_out_of_range_is_refused(
    service: LearningService, profile_id: int, exported: dict, moment: str, where: str, field: str
) -> None:
    entries = {
        "risk_assessments": {
            "questionnaire_id": "risk", "questionnaire_version": 1, "answers": {"age": "a"}, "total": 1,
            "max_total": 100, "grade": "C1", "lowest_category": False, "taken_at": "2026-11-20T10:00:00+00:00",
        },
        "suitability_choices": {
            "product_key": "fund:x", "product_level": "R1", "warning_kind": "mismatch", "context": "place_order",
            "confirmed": True, "chosen_at": "2026-11-20T10:00:00+00:00",
        },
    }
    data = copy.deepcopy(exported)
    data[where] = [entries[where] | {field: moment}]
    before = service.progress(profile_id, "en")
    with pytest.raises(ProgressImportError) as caught:
        service.import_progress(profile_id, json.dumps(data))
    assert caught.value.code == "invalid-entry"
    assert f"{where}[0]" in caught.value.message_en
    assert caught.value.detail and "2000" in caught.value.detail
    assert service.progress(profile_id, "en") == before
