"""GIFT and Aiken imports produce valid packs and report what they could not convert."""

from __future__ import annotations

import yaml
from conftest import FIXTURES, load

from lessons.importers.aiken import import_aiken
from lessons.importers.gift import import_gift

GIFT = FIXTURES / "gift"


def _items(result) -> dict[str, dict]:
    items = {}
    for path, data in result.files.items():
        if path.endswith("quiz.yaml"):
            items.update({item["id"]: item for item in yaml.safe_load(data)["items"]})
    return items


def test_moodle_examples_convert_to_a_valid_pack():
    result = import_gift((GIFT / "moodle_gift_examples.txt").read_text(), source_name="examples.txt")
    loaded = load(result.files)
    assert loaded.ok, loaded.errors
    assert loaded.languages == ["en"] and result.converted == 31
    counts = loaded.items_by_type()
    assert counts["single_choice"] == 16 and counts["multiple_choice"] == 2
    assert counts["true_false"] == 5 and counts["numeric"] == 8
    skipped = {(n.line, n.message) for n in result.notes if n.skipped}
    assert (55, "matching questions are not supported") in skipped
    assert (43, "short-answer questions with text answers are not supported") in skipped
    items = _items(result)
    assert items["grant-is-in-grants-tomb"]["prompt"]["en"] == "Grant is _____ in Grant's tomb."
    pi = items["what-is-the-value-of-pi-to-3-2"]
    assert (pi["answer"], pi["tolerance"]) == (3.1415, 0.0005)
    control = items["gift-control-characters"]
    assert [o["text"]["en"] for o in control["options"]] == ["~", "=", "#", "{", "}", "\\"]
    assert control["options"][5]["correct"] is True
    hometown = items["jesus-hometown"]
    assert hometown["type"] == "single_choice" and hometown["options"][3]["feedback"]["en"] == "Yes! That's right!"


def test_moodle_fixture_with_general_feedback_and_odd_names():
    result = import_gift((GIFT / "moodle_gift_test_fixture.txt").read_text(), source_name="fixture.txt")
    assert load(result.files).ok
    items = _items(result)
    tf = items["q1"]
    assert tf["answer"] is False
    assert tf["feedback_false"]["en"] == "You gave the right answer."
    assert tf["explanation"]["en"].startswith("This is, of course")
    assert items["colours"]["type"] == "multiple_choice"
    assert {n.line for n in result.notes if n.skipped} == {2, 5, 34}
    assert result.notes[0].format("fixture.txt") == "fixture.txt:2: skipped: essay questions are not supported"


def test_categories_become_lessons_and_skills():
    text = "$CATEGORY: $course$/top/Fraud basics\n\nQ1 {T}\n\n$CATEGORY: $course$/top/Fees\n\nQ2 {F}\n"
    result = import_gift(text, source_name="c.gift", language="zh-CN")
    loaded = load(result.files)
    assert loaded.ok and loaded.languages == ["zh-CN"]
    assert [lesson.id for lesson in loaded.lessons] == ["fraud-basics", "fees"]
    assert [skill.id for skill in loaded.pack.manifest.skills] == ["fraud-basics", "fees"]


def test_aiken():
    result = import_aiken((FIXTURES / "aiken_sample.txt").read_text(), source_name="aiken_sample.txt")
    loaded = load(result.files)
    assert loaded.ok and result.converted == 2
    assert [(n.line, n.message) for n in result.notes] == [
        (13, "no ANSWER line after the options"),
        (17, "a question needs at least two options"),
        (21, "ANSWER 'D' is not one of the options A, B"),
        (26, "ANSWER line without a question"),
    ]
    second = loaded.lessons[0].items[1]
    assert second.prompt["en"] == "What should you do before investing with a firm you met online?"
    assert [o.correct for o in second.options] == [True, False]
