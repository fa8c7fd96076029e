"""Spreadsheet import: the template round-trips, every problem is at FILE:ROW:COLUMN."""

from __future__ import annotations

import io

import openpyxl
import pytest
from conftest import load

from lessons.importers.sheet import SHEET_TYPES, TEMPLATE_COLUMNS, import_sheet, sheet_template
from lessons.model import ITEM_TYPES


def _csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode("utf-8")


def test_the_template_has_an_example_of_every_supported_type_and_imports_as_a_bilingual_pack():
    data = sheet_template()
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == TEMPLATE_COLUMNS
    assert {row[0] for row in rows[1:]} == set(SHEET_TYPES) == set(ITEM_TYPES) - {"scenario"}
    result = import_sheet(data, source_name="template.xlsx")
    assert result.ok and result.converted == len(SHEET_TYPES)
    loaded = load(result.files)
    assert loaded.ok, loaded.errors
    assert loaded.languages == ["en", "zh-CN"] and loaded.source_language == "en"
    # Written in both languages at once: nothing missing, stale or unconfirmed.
    report = loaded.translations
    assert not (report.missing or report.stale or report.unconfirmed)
    items = {item.id: item for item in loaded.lessons[0].items}
    assert [o.correct for o in items["guaranteed-returns"].options] == [True, False]
    assert [o.correct for o in items["warning-signs"].options] == [True, True, False]
    assert items["steady-three-percent"].answer is False
    assert (items["compound-ten-days"].answer, items["compound-ten-days"].tolerance) == (134.4, 0.1)
    assert [e.id for e in items["suspicious-offer-steps"].entries] == ["a", "b", "c"]
    flags = items["vip-group-chat"]
    assert [s.red_flag for s in flags.segments] == [True, False, True] and flags.format == "group_chat"
    assert flags.segments[0].explanation["zh-CN"] == "没有人能承诺每周 30%。"
    assert flags.segments[1].speaker == {"en": "Member", "zh-CN": "群友"}
    assert loaded.lessons[0].title == {"en": "Spotting investment scams", "zh-CN": "识别投资骗局"}
    assert loaded.lessons[0].minutes and loaded.lessons[0].minutes >= 3


def test_csv_rows_in_chinese_first_with_gbk_encoding_and_chinese_type_names():
    text = "type,prompt.zh-CN,option1.zh-CN,option2.zh-CN,answer,lesson.zh-CN\n判断,保证收益的投资是骗局。,,,对,第一课\n单选,先做什么？,查牌照,转账,1,第一课\n"
    result = import_sheet(text.encode("gb18030"), source_name="题库.csv")
    assert result.ok, result.problems
    loaded = load(result.files)
    assert loaded.ok and loaded.source_language == "zh-CN"
    first, second = loaded.lessons[0].items
    assert first.answer is True and first.id.startswith("q-")
    assert loaded.lessons[0].id.startswith("q-")  # a Chinese lesson title gets a hashed id


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_with_semicolons_or_tabs(delimiter):
    text = delimiter.join(["type", "prompt.en", "answer", "tolerance"]) + "\n" + delimiter.join(["numeric", "1,5 + 1?", "2.5", "0"]) + "\n"
    result = import_sheet(text.encode(), source_name="s.csv")
    assert result.ok, result.problems
    assert load(result.files).lessons[0].items[0].prompt["en"] == "1,5 + 1?"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            ["type,prompt.en,option1.en,option2.en,answer", "single_choise,Q?,a,b,A"],
            "s.csv:2:A: unknown item type 'single_choise'; did you mean 'single_choice'?",
        ),
        (["type,prompt.en,option1.en,option2.en,answer", "single_choice,Q?,a,b,C"], "s.csv:2:E: answer 'C' is not one of the options"),
        (["type,prompt.en,option1.en,option2.en,answer", "single_choice,Q?,a,b,"], "s.csv:2:E: a single_choice row needs exactly one answer"),
        (["type,prompt.en,answer", "true_false,Q?,maybe"], "s.csv:2:C: the answer of a true_false row is true or false"),
        (["type,prompt.en,answer,tolerance", "numeric,Q?,12,-1"], "s.csv:2:D: the tolerance is a number of 0 or more"),
        (["type,prompt.en,answer", "numeric,,12"], "s.csv:2:B: the prompt in the source language (en) is empty"),
        (["type,prompt.en,option1.en,answer", "ordering,Q?,only one,"], "s.csv:2:B: an ordering row needs at least two options"),
        (["type,promt.en,answer", "true_false,Q?,true"], "s.csv:1:B: unknown column 'promt.en'; did you mean 'prompt.en'?"),
        (["type,id,prompt.en,answer", "true_false,Bad Id,Q?,true"], "s.csv:2:B: id 'Bad Id' must be lowercase letters"),
        (
            ["type,id,prompt.en,answer", "true_false,same,Q?,true", "true_false,same,Q2?,false"],
            "s.csv:3:B: id 'same' is already used in row 2",
        ),
        (["type,prompt.en,format,option1.en,answer", "red_flags,Q?,telegram,hi,1"], "s.csv:2:C: input should be 'group_chat'"),
    ],
)
def test_problems_are_reported_at_row_and_column(rows, expected):
    result = import_sheet(_csv(*rows), source_name="s.csv")
    assert not result.ok and result.files == {}
    shown = [problem.format("s.csv") for problem in result.problems]
    assert any(line.startswith(expected) for line in shown), shown


def test_every_bad_row_is_reported_at_once_and_blank_rows_are_skipped():
    rows = ["type,prompt.en,answer", "true_false,Q1?,yes", ",,", "true_false,Q2?,perhaps", "numeric,Q3?,many"]
    result = import_sheet(_csv(*rows), source_name="s.csv")
    assert [(p.row, p.column) for p in result.problems] == [(4, "C"), (5, "C")]


def test_unreadable_files_get_a_message_not_a_traceback():
    result = import_sheet(b"PK\x03\x04 not really a workbook", source_name="broken.xlsx")
    assert not result.ok and result.problems[0].format("broken.xlsx").startswith("broken.xlsx:1:A: not a readable .xlsx")
    assert not import_sheet(b"", source_name="empty.csv").ok
