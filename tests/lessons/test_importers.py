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
    chinese = import_gift("$CATEGORY: 基础\n\nQ1 {T}\n\n$CATEGORY: 费用\n\nQ2 {F}\n", source_name="c.gift", language="zh-CN")
    lessons = load(chinese.files).lessons
    assert len(lessons) == 2 and all(lesson.id.startswith("q-") for lesson in lessons)
    assert [lesson.title["zh-CN"] for lesson in lessons] == ["基础", "费用"]


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


def _front(result, lesson: str, language: str = "en") -> dict:
    text = result.files[f"lessons/{lesson}/{language}.md"].decode()
    return yaml.safe_load(text.split("---\n")[1])


def test_aiken_accepts_the_markers_chinese_teachers_type():
    text = (
        "以下哪项是投资骗局的迹象？\nA．有注册的招股说明书\nB．保证高收益\n答案：B\n\n"
        "遇到陌生人推荐的投资平台，应该先做什么？\nＡ、查询监管机构的牌照\nＢ、先转一小笔钱试试\n答案:A\n\n"
        "Which is a red flag?\nA) Audited accounts\nB) Pressure to pay today\nANSWER： b\n"
    )
    result = import_aiken(text, source_name="zh.txt", language="zh-CN")
    loaded = load(result.files)
    assert loaded.ok, loaded.errors
    assert result.converted == 3 and result.notes == []
    first, second, third = loaded.lessons[0].items
    assert [o.text["zh-CN"] for o in first.options] == ["有注册的招股说明书", "保证高收益"]
    assert [o.correct for o in first.options] == [False, True]
    assert [o.correct for o in second.options] == [True, False]
    assert [o.correct for o in third.options] == [False, True]
    # Chinese prompts cannot be slugged: their ids are content hashes.
    assert first.id.startswith("q-") and len(first.id) == 10


def test_aiken_never_runs_two_questions_together_across_a_blank_line():
    text = (
        "A question someone forgot to finish\n\n"
        "What should you check first?\nA. The licence\nB. The returns\nANSWER: A\n\n"
        "Options but no answer\nA. Yes\nB. No\n\n"
        "Last one?\nA. x\nB. y\nANSWER: B\n"
    )
    result = import_aiken(text, source_name="a.txt")
    assert result.converted == 2
    assert [(n.line, n.message) for n in result.notes] == [
        (1, "question without options"),
        (8, "no ANSWER line after the options"),
    ]
    items = load(result.files).lessons[0].items
    assert items[0].prompt["en"] == "What should you check first?"


def test_gift_markdown_prompts_are_rendered():
    text = "::md::[markdown]Is **this** a `scam`?\n- returns *guaranteed*\n- act now\n{T}\n"
    item = _items(import_gift(text, source_name="m.gift"))["md"]
    assert item["prompt"]["en"] == "Is this a scam?\n• returns guaranteed\n• act now"


def test_gift_ids_of_unsluggable_titles_are_content_hashes_that_survive_reimport():
    text = "::问题一::保证收益是骗局的迹象。{T}\n\n::问题二::每天3%的回报很正常。{F}\n"
    first = _items(import_gift(text, source_name="q.gift", language="zh-CN"))
    # The same questions further down the file, after a new one: the ids stay.
    moved = "// 新的题目\n::新题::新的问题？{T}\n\n\n" + text
    second = _items(import_gift(moved, source_name="q.gift", language="zh-CN"))
    assert len(first) == 2 and set(first) <= set(second)
    assert all(key.startswith("q-") for key in first)
    assert {key: item["answer"] for key, item in first.items()} == {key: second[key]["answer"] for key in first}


def test_gift_ordinary_moodle_weights_give_no_note():
    text = "::w:: Pick the red flags {~%100%Guaranteed returns ~%0%A registered prospectus ~%0%Audited accounts}\n"
    result = import_gift(text, source_name="w.gift")
    assert result.notes == [] and load(result.files).ok
    shares = import_gift("::s:: Pick {~%50%a ~%50%b ~%-100%c}\n", source_name="s.gift")
    assert shares.notes == []
    partial = import_gift("::p:: Pick {~%70%a ~%30%b ~%0%c}\n", source_name="p.gift")
    assert [n.message for n in partial.notes] == ["answer weights were dropped: every positive answer counts as correct"]


def test_gift_chinese_text_imported_as_english_is_detected():
    text = "// 题库\n\n::一::保证收益是骗局的迹象。{T}\n\n::二::每天3%的回报很正常。{F}\n"
    result = import_gift(text, source_name="zh.gift", language="en")
    notes = [n for n in result.notes if "--language zh-CN" in n.message]
    assert len(notes) == 1 and notes[0].line == 3 and not notes[0].skipped
    assert notes[0].format("zh.gift").startswith("zh.gift:3: note: the questions look like Chinese")
    assert import_gift(text, source_name="zh.gift", language="zh-CN").notes == []
    english = import_gift((GIFT / "moodle_gift_examples.txt").read_text(), source_name="examples.txt")
    assert not any("Chinese" in n.message for n in english.notes)
    aiken = import_aiken("Which?\nA. x\nB. y\nANSWER: A\n\n哪一项是骗局？\nA．保本\nB．分散\n答案：A\n", source_name="a.txt")
    assert [(n.line, n.skipped) for n in aiken.notes if "--language zh-CN" in n.message] == [(6, False)]


def test_imported_lessons_get_a_reading_time_estimate():
    one = import_gift("Q1 is true {T}\n", source_name="one.gift")
    many = import_gift((GIFT / "moodle_gift_examples.txt").read_text(), source_name="examples.txt")
    assert _front(one, "imported")["minutes"] == 1
    # 31 items at half a minute each, plus the reading.
    assert _front(many, "imported")["minutes"] >= 16
    assert load(many.files).lessons[0].minutes == _front(many, "imported")["minutes"]
