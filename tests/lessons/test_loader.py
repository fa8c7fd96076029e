"""Loading a pack: the model, summaries, locations of errors, reporting every error."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, LESSON_EN, LESSON_ZH, QUIZ, codes, edit, line_of, load, write_folder, write_zip

from lessons import load_pack
from lessons.model import ITEM_TYPES


def test_starter_is_valid_with_one_item_of_every_type(files):
    result = load(files)
    assert result.errors == []
    assert result.items_by_type() == {kind: 1 for kind in ITEM_TYPES}
    summary = result.summary()
    assert summary["ok"] is True
    assert summary["lessons"] == 1 and summary["items"] == 7 and summary["skills"] == 1
    assert summary["languages"] == ["en", "zh-CN"]
    assert summary["missing_translations"] == summary["stale_translations"] == []
    assert summary["unconfirmed_translations"] == []


def test_pack_helpers(files):
    pack = load(files).pack
    assert pack is not None
    lesson = pack.lesson("guaranteed-returns")
    assert lesson is not None and pack.lesson("nope") is None
    assert [item.id for item in pack.items_of("guaranteed-returns")][0] == "gr-single"
    assert pack.items_of("nope") == []
    item = pack.item("gr-tf")
    assert item is not None and item.type == "true_false"
    assert pack.text(item.prompt, "zh-CN").startswith("一年")
    assert pack.text(item.prompt, "fr") == item.prompt["en"]  # falls back to the source language
    assert pack.item_skills(item) == ["phantom-riches"]
    assert len(pack.cards("guaranteed-returns", "zh-CN")) == 2
    assert pack.cards("guaranteed-returns", "zh-CN")[0].markdown.startswith("# 诱人的承诺")
    assert pack.skill("phantom-riches").name["en"] == "Phantom riches"


def test_folder_and_zip_give_the_same_result(files, tmp_path):
    folder = load_pack(write_folder(tmp_path / "pack", files))
    archive = load_pack(write_zip(tmp_path / "pack.zip", files))
    nested = load_pack(write_zip(tmp_path / "nested.zip", {f"my-pack/{k}": v for k, v in files.items()}))
    assert folder.ok and archive.ok and nested.ok
    assert folder.summary() == archive.summary() == nested.summary()
    assert folder.pack.root == tmp_path / "pack" and archive.pack.root is None
    assert folder.pack.media_path("media/example.png").is_file()


def test_yaml_error_lines_point_at_the_offending_node(files):
    edit(files, QUIZ, lambda t: t.replace("    tolerance: 0.1", "    tolerance: -1", 1))
    edit(files, QUIZ, lambda t: t.replace("    format: group_chat", "    format: fax", 1))
    edit(files, "pack.yaml", lambda t: t.replace("license: CC-BY-4.0", "license: CC-BY-4.0\nlicence: typo"))
    result = load(files)
    quiz = files[QUIZ]
    found = {(e.path, e.line, e.code) for e in result.errors}
    assert (QUIZ, line_of(quiz, "tolerance: -1"), "invalid-value") in found
    assert (QUIZ, line_of(quiz, "format: fax"), "invalid-value") in found
    assert ("pack.yaml", line_of(files["pack.yaml"], "licence: typo"), "unknown-field") in found
    unknown = next(e for e in result.errors if e.code == "unknown-field")
    assert unknown.col == 1 and "licence" in unknown.message


def test_missing_field_points_at_its_mapping(files):
    edit(files, QUIZ, lambda t: t.replace("    answer: false\n", "", 1))
    result = load(files)
    [error] = result.errors
    assert error.code == "missing-field" and "items[2].answer" in error.message
    assert error.line == line_of(files[QUIZ], "id: gr-tf")


def test_markdown_errors_count_the_front_matter(files):
    edit(files, LESSON_EN, lambda t: t.replace("# Why it is a red flag", "# Why\n\nSee [this](javascript:alert(1))."))
    edit(files, LESSON_EN, lambda t: t.replace("minutes: 5", "minutes: lots"))
    result = load(files)
    by_code = {e.code: e for e in result.errors}
    assert by_code["link-scheme"].line == line_of(files[LESSON_EN], "javascript:")
    assert by_code["link-scheme"].col == files[LESSON_EN].decode().split("\n")[by_code["link-scheme"].line - 1].index("javascript:") + 1
    assert by_code["wrong-type"].line == line_of(files[LESSON_EN], "minutes: lots")


def test_every_error_is_reported_not_just_the_first(files):
    edit(files, "pack.yaml", lambda t: t.replace("version: 0.1.0", "version: one"))
    edit(files, LESSON_EN, lambda t: t.replace("skills: [phantom-riches]", "skills: [unknown-skill]"))
    edit(files, LESSON_ZH, lambda t: t.replace("title: 好得不像真的", "title: 好得不像真的\nminutes: 3"))
    edit(files, QUIZ, lambda t: t.replace("    start: dm", "    start: nowhere"))
    edit(files, QUIZ, lambda t: t.replace("id: gr-multi", "id: gr-single"))
    result = load(files)
    assert result.pack is None  # the manifest is invalid, yet the lessons were still checked
    assert {"invalid-value", "unknown-reference", "unknown-field", "scenario-graph", "duplicate-id"} <= codes(result)
    assert {e.path for e in result.errors} == {"pack.yaml", LESSON_EN, LESSON_ZH, QUIZ}


def test_semantic_rules(files):
    edit(files, QUIZ, lambda t: t.replace("        correct: true\n", "", 3))  # gr-single and gr-multi lose theirs
    edit(files, QUIZ, lambda t: t.replace("      - id: s2", "      - id: s1"))
    edit(files, QUIZ, lambda t: t.replace("        ending: good", "        ending: neutral"))
    edit(files, "pack.yaml", lambda t: t.replace("feature: simulator", "feature: teleport"))
    edit(files, "pack.yaml", lambda t: t.replace("schema_version: 1", "schema_version: 2"))
    result = load(files)
    messages = "\n".join(e.message for e in result.errors)
    assert "exactly one correct option, not 0" in messages
    assert "at least one correct option" in messages
    assert "segment id 's1' is used twice" in messages
    assert "no good ending can be reached" in messages
    assert {"unknown-feature", "unsupported-schema-version"} <= codes(result)


def test_scenario_graph_checks(files):
    edit(
        files,
        QUIZ,
        lambda t: t.replace(
            "      paid:\n",
            "      limbo:\n        text: { en: Lost, zh-CN: 迷路 }\n        choices:\n"
            "          - text: { en: Again, zh-CN: 再来 }\n            goto: limbo\n      paid:\n",
        ),
    )
    result = load(files)
    messages = [e.message for e in result.errors]
    assert "state 'limbo' cannot be reached from the start" in messages
    assert "no ending can be reached from state 'limbo'" not in messages  # unreachable: reported once
    assert {e.line for e in result.errors} == {line_of(files[QUIZ], "      limbo:")}


def test_lesson_files_and_inventory(files):
    files["lessons/orphan/en.md"] = b"---\nid: orphan\ntitle: O\n---\nx\n"
    files["lessons/guaranteed-returns/fr.md"] = b"---\ntitle: T\n---\nx\n"
    files["notes.txt"] = b"hello"
    del files[LESSON_EN]
    result = load(files)
    assert {"lesson-not-listed", "unknown-language", "unexpected-file", "missing-lesson"} <= codes(result)
    missing = next(e for e in result.errors if e.code == "missing-lesson")
    assert missing.path == "pack.yaml" and missing.line == line_of(files["pack.yaml"], "  - guaranteed-returns")


def test_cards_empty_and_extra(files):
    edit(files, LESSON_ZH, lambda t: t + "\n---\n\n# 多出来的一张\n")
    edit(files, LESSON_EN, lambda t: t.replace("# Why it is a red flag", "---\n\n# Why it is a red flag"))
    result = load(files)
    assert {"empty-card"} <= codes(result)
    # The English file now has an empty card, so its card count is still two.
    assert "extra-card" in codes(result)


def test_missing_and_stale_translations(files):
    edit(files, QUIZ, lambda t: t.replace("      zh-CN: 帖子承诺“每天 3%，保证收益”。最好的第一反应是什么？\n", ""))
    edit(files, QUIZ, lambda t: t.replace("Which of these are warning signs?", "Which of these are warning signs of fraud?"))
    edit(files, LESSON_EN, lambda t: t.replace("Li Wei sees a post", "Li Wei reads a post"))
    edit(files, LESSON_ZH, lambda t: t.split("\n---\n\n# 为什么")[0] + "\n")
    result = load(files)
    assert result.ok  # translation problems are reported, not errors
    missing = {(i.language, i.key) for i in result.translations.missing}
    stale = {(i.language, i.key) for i in result.translations.stale}
    assert missing == {("zh-CN", "items.gr-single.prompt"), ("zh-CN", "lessons.guaranteed-returns.cards.2")}
    assert stale == {("zh-CN", "items.gr-multi.prompt"), ("zh-CN", "lessons.guaranteed-returns.cards.1")}
    stale_prompt = next(i for i in result.translations.stale if i.key == "items.gr-multi.prompt")
    assert stale_prompt.path == QUIZ and stale_prompt.line == line_of(files[QUIZ], "以下哪些是警示信号")


def test_unconfirmed_without_lock_and_source_text_required(files):
    del files["translations.lock.yaml"]
    edit(files, QUIZ, lambda t: t.replace("      en: Tap every message that is a red flag.\n", ""))
    result = load(files)
    assert len(result.translations.unconfirmed) > 30
    assert codes(result) == {"missing-source-text"}


def test_tiny_fixture_pack_is_valid():
    assert load_pack(FIXTURES / "tiny-pack").ok


def test_missing_path_and_not_a_pack(tmp_path: Path):
    assert codes(load_pack(tmp_path / "nope")) == {"not-found"}
    assert codes(load_pack(tmp_path)) == {"missing-manifest"}
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    assert codes(load_pack(tmp_path / "x.zip")) == {"bad-zip"}


def test_lessons_never_imports_the_app_or_ui():
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, '.');"
        "import lessons, lessons.importers.gift, lessons.importers.aiken, lessons.build, lessons.schema;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flet', 'sqlmodel', 'sqlalchemy', 'edu_app')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True).returncode == 0
