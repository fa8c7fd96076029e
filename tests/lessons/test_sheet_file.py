"""Importing a spreadsheet from a file on disk, as the studio does."""

from __future__ import annotations

from pathlib import Path

from lessons.importers.sheet import import_sheet_file, sheet_template
from lessons.writer import draft_from_files


def test_the_template_imports_into_a_pack_the_studio_can_open(tmp_path: Path) -> None:
    sheet = tmp_path / "questions.xlsx"
    sheet.write_bytes(sheet_template())
    imported = import_sheet_file(sheet)
    assert imported.ok, [p.format(sheet.name) for p in imported.problems]
    draft, errors = draft_from_files(imported.files)
    assert draft is not None, errors
    folder = tmp_path / "pack"
    folder.mkdir()
    draft.save(folder)
    assert (folder / "pack.yaml").is_file()


def test_a_file_that_is_not_a_sheet_is_one_problem_at_its_first_cell(tmp_path: Path) -> None:
    notes = tmp_path / "questions.txt"
    notes.write_text("Q1?", encoding="utf-8")
    assert [p.format("questions.txt") for p in import_sheet_file(notes).problems] == [
        "questions.txt:1:A: not a .xlsx or .csv file: save the sheet in one of these formats"
    ]
    missing = import_sheet_file(tmp_path / "gone.csv")
    assert len(missing.problems) == 1 and missing.problems[0].row == 1


def test_a_broken_row_names_its_cell_and_writes_nothing(tmp_path: Path) -> None:
    sheet = tmp_path / "broken.csv"
    sheet.write_text("type,prompt.en,answer\nsingle,Which one?,\n", encoding="utf-8")
    imported = import_sheet_file(sheet)
    assert not imported.ok and imported.files == {}
    assert all(problem.row >= 1 and problem.column for problem in imported.problems)
