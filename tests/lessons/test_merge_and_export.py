"""Merging two single-language imports into one bilingual pack; exporting quizzes as GIFT."""

from __future__ import annotations

from conftest import QUIZ, load

from lessons.export_gift import export_gift
from lessons.files import PackFiles
from lessons.importers.aiken import import_aiken
from lessons.importers.gift import import_gift
from lessons.merge import merge_languages

EN = "::tf::Guaranteed returns are a red flag.{T#No.#Right.}\n\n::pick::What do you check first?{=The licence ~The returns#No.}\n\n::n::3% a day for 10 days on 100?{#134.4:0.1}\n"
ZH = "::判断::保证收益是危险信号。{T#不对。#对。}\n\n::选择::先查什么？{=牌照 ~收益#不对。}\n\n::数值::100 元每天 3%，10 天后？{#134.4:0.1}\n"


def _files(result, label: str) -> PackFiles:
    return PackFiles(files=dict(result.files), label=label)


def test_two_imports_of_the_same_questions_merge_into_one_bilingual_pack():
    english = import_gift(EN, source_name="bank.gift", language="en")
    chinese = import_gift(ZH, source_name="bank.gift", language="zh-CN")
    merged = merge_languages(_files(english, "en-pack"), _files(chinese, "zh-pack"))
    assert merged.ok, merged.errors
    loaded = load(merged.files)
    assert loaded.ok, loaded.errors
    assert loaded.languages == ["en", "zh-CN"] and loaded.source_language == "en"
    items = {item.id: item for item in loaded.lessons[0].items}
    assert set(items) == {"tf", "pick", "n"}  # ids from the first pack
    assert items["pick"].options[0].text == {"en": "The licence", "zh-CN": "牌照"}
    assert items["pick"].options[1].feedback == {"en": "No.", "zh-CN": "不对。"}
    assert items["tf"].feedback_false == {"en": "No.", "zh-CN": "不对。"}
    assert loaded.lessons[0].title == {"en": "Imported questions", "zh-CN": "导入的题目"}
    assert len(loaded.lessons[0].cards["zh-CN"]) == 1
    report = loaded.translations
    assert not (report.missing or report.stale or report.unconfirmed)


def test_packs_that_are_not_the_same_questions_are_refused_at_their_lines():
    english = import_gift(EN, source_name="bank.gift", language="en")
    wrong = ZH.replace("{=牌照 ~收益#不对。}", "{~牌照 =收益#不对。}")
    merged = merge_languages(_files(english, "en-pack"), _files(import_gift(wrong, source_name="b.gift", language="zh-CN"), "zh-pack"))
    assert not merged.ok and merged.files == {}
    shown = [str(error) for error in merged.errors]
    assert any(
        line.startswith("en-pack/lessons/imported/quiz.yaml:") and "zh-pack/lessons/imported/quiz.yaml:" in line
        and "correct" in line for line in shown
    ), shown
    fewer = import_aiken("Q?\nA. x\nB. y\nANSWER: A\n", source_name="a.txt", language="zh-CN")
    assert "entries here" in str(merge_languages(_files(english, "a"), _files(fewer, "b")).errors[0])
    same = merge_languages(_files(english, "a"), _files(english, "b"))
    assert "adds no language" in str(same.errors[0])


def test_export_gift_round_trips_the_types_gift_holds_and_names_the_rest(starter):
    loaded = load(starter)
    exported = export_gift(loaded.pack, starter)
    assert exported.exported == 4
    skipped = [str(note) for note in exported.notes if note.skipped]
    assert skipped == [
        f"{QUIZ}:70: skipped: item 'gr-order': ordering items have no GIFT form",
        f"{QUIZ}:83: skipped: item 'gr-flags': red-flag items have no GIFT form",
        f"{QUIZ}:118: skipped: item 'gr-scenario': scenario items have no GIFT form",
    ]
    back = import_gift(exported.text, source_name="s.gift")
    assert [n for n in back.notes if n.skipped] == [] and not back.notes
    again = {item.id: item for item in load(back.files).lessons[0].items}
    original = {item.id: item for item in loaded.lessons[0].items}
    for item_id in ("gr-single", "gr-multi", "gr-tf", "gr-numeric"):
        assert again[item_id].type == original[item_id].type
    assert [o.correct for o in again["gr-multi"].options] == [o.correct for o in original["gr-multi"].options]
    assert again["gr-single"].options[0].feedback["en"] == original["gr-single"].options[0].feedback["en"]
    assert (again["gr-numeric"].answer, again["gr-numeric"].tolerance) == (134.4, 0.1)
    assert again["gr-tf"].answer is False and again["gr-tf"].feedback_true["en"] == original["gr-tf"].feedback_true["en"]
    assert again["gr-single"].explanation["en"] == original["gr-single"].explanation["en"]
    chinese = export_gift(loaded.pack, starter, "zh-CN")
    assert "::gr-single::帖子承诺" in chinese.text
