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


def test_validate_on_pack_yaml_validates_its_folder_and_speaks_chinese(files, tmp_path, capsys, monkeypatch):
    folder = write_folder(tmp_path / "p", files)
    code, out, _ = run(capsys, "pack", "validate", str(folder / "pack.yaml"))
    assert code == 0 and "starter 0.1.0: valid" in out
    (folder / "pack.yaml").write_text((folder / "pack.yaml").read_text().replace("at_least: 0.8", "at_least: 80"))
    code, out, err = run(capsys, "pack", "validate", str(folder), "--lang", "zh-CN")
    assert code == 1 and "at_least 是 0 到 1 之间的小数：80% 请写成 0.8 [invalid-value]" in out and "1 个错误" in err
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert "请写成 0.8" in run(capsys, "pack", "validate", str(folder))[1]
    code, out, _ = run(capsys, "pack", "validate", str(folder), "--lang", "en")
    assert "write 0.8 for 80% [invalid-value]" in out
    # --json keeps English messages and the same codes for tools.
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    import json

    errors = json.loads(run(capsys, "pack", "validate", str(folder), "--json")[1])["errors"]
    assert [e["code"] for e in errors] == ["invalid-value"] and "write 0.8" in errors[0]["message"]


def test_stray_files_get_a_note_and_building_inside_the_folder_skips_its_own_zip(files, tmp_path, capsys, monkeypatch):
    folder = write_folder(tmp_path / "p", {**files, "Thumbs.db": b"x", "~$quiz.xlsx": b"x"})
    code, out, _ = run(capsys, "pack", "validate", str(folder))
    assert code == 0 and "note: ignored 2 files a computer leaves behind (Thumbs.db, ~$quiz.xlsx)" in out
    monkeypatch.chdir(folder)
    assert run(capsys, "pack", "build", ".", "-o", "p.zip")[0] == 0
    first = (folder / "p.zip").read_bytes()
    code, out, _ = run(capsys, "pack", "build", ".", "-o", "p.zip")
    assert code == 0 and (folder / "p.zip").read_bytes() == first  # the old zip was not packed
    import zipfile

    names = zipfile.ZipFile(folder / "p.zip").namelist()
    assert "p.zip" not in names and "Thumbs.db" not in names


def test_build_strict_refuses_missing_or_stale_translations(files, tmp_path, capsys):
    folder = write_folder(tmp_path / "p", files)
    quiz = folder / "lessons/guaranteed-returns/quiz.yaml"
    quiz.write_text(quiz.read_text().replace("Which of these are warning signs?", "Which are warning signs?"))
    assert run(capsys, "pack", "build", str(folder), "-o", str(tmp_path / "a.zip"))[0] == 0
    code, out, err = run(capsys, "pack", "build", str(folder), "-o", str(tmp_path / "b.zip"), "--strict")
    assert code == 1 and not (tmp_path / "b.zip").exists() and "Nothing was built." in err
    assert "items.gr-multi.prompt: the zh-CN translation is stale" in out and "[stale-translation]" in out
    zh = folder / "lessons/guaranteed-returns/zh-CN.md"
    zh.unlink()
    code, out, _ = run(capsys, "pack", "build", str(folder), "-o", str(tmp_path / "b.zip"), "--strict")
    assert code == 1 and "lessons.guaranteed-returns.title: no zh-CN translation [missing-translation]" in out


def test_pack_new_in_chinese_is_chinese_first(tmp_path, capsys):
    target = tmp_path / "zh-pack"
    code, out, _ = run(capsys, "pack", "new", str(target), "--language", "zh-CN")
    assert code == 0 and "已在" in out
    manifest = (target / "pack.yaml").read_text(encoding="utf-8")
    assert "source_language: zh-CN" in manifest and "languages: [zh-CN, en]" in manifest
    assert "title:\n  zh-CN: \"我的课程包\"" in manifest and "# 课程包清单" in manifest
    lesson = (target / "lessons/guaranteed-returns/zh-CN.md").read_text(encoding="utf-8")
    assert lesson.startswith("---\nid: guaranteed-returns\ntitle: 好得不像真的\n")
    assert (target / "lessons/guaranteed-returns/en.md").read_text().startswith("---\ntitle: Too good to be true\n---\n")
    quiz = (target / "lessons/guaranteed-returns/quiz.yaml").read_text(encoding="utf-8")
    assert quiz.startswith("# 本课的测验题") and quiz.index("zh-CN: 帖子承诺") < quiz.index("en: A post promises")
    code, out, _ = run(capsys, "pack", "validate", str(target))
    assert code == 0 and "languages: zh-CN (source), en" in out
    assert "missing translations: 0" in out and "unconfirmed translations (warning): 0" in out
