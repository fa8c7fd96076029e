"""The spreadsheet, merge and GIFT export commands, run through the real entry point."""

from __future__ import annotations

from conftest import write_folder

from edu_app.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sheet_template_then_import_sheet_gives_a_valid_pack(tmp_path, capsys):
    template = tmp_path / "questions.xlsx"
    code, out, _ = run(capsys, "pack", "sheet-template", "-o", str(template))
    assert code == 0 and "6 example rows" in out
    assert run(capsys, "pack", "sheet-template", "-o", str(template))[0] == 2  # never overwrites
    code, out, _ = run(capsys, "pack", "import-sheet", str(template), "-o", str(tmp_path / "p"), "--publisher", "School")
    assert code == 0 and "Converted 6 rows (en, zh-CN)" in out
    code, out, _ = run(capsys, "pack", "validate", str(tmp_path / "p"))
    assert code == 0 and "questions 0.1.0: valid" in out and "missing translations: 0" in out


def test_import_sheet_reports_file_row_column_and_writes_nothing(tmp_path, capsys):
    sheet = tmp_path / "bank.csv"
    sheet.write_text("type,prompt.en,answer\ntrue_false,Q1?,yes\nnumeric,Q2?,lots\n", encoding="utf-8")
    code, out, err = run(capsys, "pack", "import-sheet", str(sheet), "-o", str(tmp_path / "p"))
    assert code == 1 and out.splitlines() == [f"{sheet}:3:C: the answer of a numeric row is a number, not 'lots'"]
    assert "nothing was written" in err and not (tmp_path / "p").exists()
    assert run(capsys, "pack", "import-sheet", str(tmp_path / "bank.ods"), "-o", str(tmp_path / "q"))[0] == 2


def test_merge_languages_and_export_gift(tmp_path, capsys):
    en, zh = tmp_path / "en.gift", tmp_path / "zh.gift"
    en.write_text("::one::Guaranteed returns are a red flag.{T}\n\n::two::Check the licence first?{T}\n", encoding="utf-8")
    zh.write_text("保证收益是危险信号。{T}\n\n先查牌照？{T}\n", encoding="utf-8")
    assert run(capsys, "pack", "import-gift", str(en), "-o", str(tmp_path / "a"))[0] == 0
    assert run(capsys, "pack", "import-gift", str(zh), "-o", str(tmp_path / "b"), "--language", "zh-CN")[0] == 0
    code, out, _ = run(capsys, "pack", "merge-languages", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "m"))
    assert code == 0 and "(en, zh-CN)" in out
    code, out, _ = run(capsys, "pack", "validate", str(tmp_path / "m"))
    assert code == 0 and "languages: en (source), zh-CN" in out
    code, out, _ = run(capsys, "pack", "export-gift", str(tmp_path / "m"), "-o", str(tmp_path / "m.gift"), "--language", "zh-CN")
    assert code == 0 and "2 questions, skipped 0" in out
    assert "::one::保证收益是危险信号。" in (tmp_path / "m.gift").read_text(encoding="utf-8")


def test_export_gift_says_which_items_it_skips(files, tmp_path, capsys):
    folder = write_folder(tmp_path / "p", files)
    code, out, _ = run(capsys, "pack", "export-gift", str(folder), "-o", str(tmp_path / "s.gift"))
    assert code == 0 and "lessons/guaranteed-returns/quiz.yaml:70: skipped: item 'gr-order'" in out
    assert "4 questions, skipped 3" in out
