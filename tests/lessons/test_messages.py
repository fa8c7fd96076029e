"""Messages a teacher can act on: the YAML traps with the fixed line, "did you mean", one error
per root cause, and the same messages in Chinese."""

from __future__ import annotations

import pytest
from conftest import LESSON_EN, LESSON_ZH, QUIZ, edit, load, write_folder, write_zip

from lessons.files import read_pack_files
from lessons.loader import load_pack, load_pack_files
from lessons.messages import locale_language, localized, translate

LICENCE_PROMPT = "      en: Which of these are warning signs?"
ENTRY = "text: { en: Stop and do not transfer money, zh-CN: 停下来，不要转账 }"


def _only(files) -> str:
    """The one error of the pack; it has a Chinese form too."""
    result = load(files)
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    error = result.errors[0]
    assert translate(error.message, "zh-CN") != error.message, error.message
    return str(error)


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        # A colon inside text.
        (QUIZ, LICENCE_PROMPT, "      en: Warning: which of these are signs?",
         "put the text in quotes: en: \"Warning: which of these are signs?\" [yaml-syntax]"),
        # " #" inside text: YAML silently drops the rest as a comment.
        (QUIZ, LICENCE_PROMPT, "      en: Which of these are sign #1?",
         "YAML reads ' #' as the start of a comment; if the rest belongs to the text, put it all in quotes: "
         "en: \"Which of these are sign #1?\" [yaml-bad-value]"),
        # Quotes inside quotes, an apostrophe inside single quotes, a colon inside { }.
        (QUIZ, LICENCE_PROMPT, '      en: "Which are "warning" signs?"',
         'put the text in quotes: en: "Which are \\"warning\\" signs?" [yaml-syntax]'),
        (QUIZ, LICENCE_PROMPT, "      en: 'Which aren't signs?'", 'put the text in quotes: en: "Which aren\'t signs?"'),
        (QUIZ, ENTRY, "text: { en: Stop: do not transfer, zh-CN: 停下来 }",
         'put the text in quotes: text: { en: "Stop: do not transfer", zh-CN: "停下来" } [yaml-syntax]'),
        # Yes/No read as true/false, dates read as dates.
        (QUIZ, ENTRY, "text: { en: Yes, zh-CN: 是 }",
         "'Yes' was read as true or false, not as text; put it in quotes: text: { en: \"Yes\", zh-CN: 是 } [wrong-type]"),
        (QUIZ, "      en: Which of these are warning signs?", "      en: 2024-05-01",
         "'2024-05-01' was read as a date, not as text; put it in quotes: en: \"2024-05-01\" [wrong-type]"),
        # Commas inside { }.
        (QUIZ, ENTRY, "text: { en: Stop, think, then act, zh-CN: 停下来，不要转账 }",
         "so 'think' and 'then act' became keys of their own; put the text in quotes: "
         "text: { en: \"Stop, think, then act\", zh-CN: 停下来，不要转账 } [yaml-bad-value]"),
        # Did you mean: a field, an item type, a media name.
        (QUIZ, "    prompt:\n      en: Which of these", "    promt:\n      en: Which of these",
         "items[1].promt: unknown field; did you mean 'prompt'? [unknown-field]"),
        (QUIZ, "type: ordering", "type: Ordering", "unknown item type 'Ordering'; did you mean 'ordering'?"),
        (LESSON_EN, "media/example.png", "media/Example.PNG",
         "image 'media/Example.PNG' is not in the pack; did you mean 'media/example.png'? [missing-media]"),
        # A percentage where a fraction belongs.
        ("pack.yaml", "at_least: 0.8", "at_least: 75", "at_least is a fraction from 0 to 1: write 0.75 for 75%"),
        # One root cause, one error: a lesson listed twice, a missing '---'.
        ("pack.yaml", "lessons:\n  - guaranteed-returns", "lessons:\n  - guaranteed-returns\n  - guaranteed-returns",
         "pack.yaml:30:5: lesson 'guaranteed-returns' is used twice [duplicate-id]"),
        (LESSON_EN, "---\nid: guaranteed-returns", "id: guaranteed-returns", "the first line must be '---'"),
        (LESSON_EN, "sources: [sec-ponzi]\n---\n", "sources: [sec-ponzi]\n",
         f"{LESSON_EN}:7:1: the front matter is not closed: put a line '---' before line 7 ('# The promise')"),
    ],
)
def test_one_clear_error_with_the_fix(files, path, old, new, expected):
    edit(files, path, lambda text: text.replace(old, new, 1))
    assert expected in _only(files)


def test_misnamed_files_are_one_error_that_names_the_fix(files):
    renamed = dict(files)
    renamed["lessons/guaranteed-returns/quiz.yml"] = renamed.pop(QUIZ)
    assert "quiz.yml:1:1: this file has no place in a pack (see docs/lesson-packs.md); did you mean 'quiz.yaml'?" in _only(renamed)
    folder = {path.replace("lessons/guaranteed-returns/", "lessons/Guaranteed-Returns/"): data for path, data in files.items()}
    assert "found 'lessons/Guaranteed-Returns/en.md': rename it to 'lessons/guaranteed-returns/en.md'" in _only(folder)
    source = dict(files)
    source["lessons/guaranteed-returns/EN.md"] = source.pop(LESSON_EN)
    assert "found 'lessons/guaranteed-returns/EN.md': rename it to 'lessons/guaranteed-returns/en.md'" in _only(source)
    translation = dict(files)
    translation["lessons/guaranteed-returns/zh-cn.md"] = translation.pop(LESSON_ZH)
    assert "language 'zh-cn' is not declared in pack.yaml; did you mean 'zh-CN.md'? Rename the file" in _only(translation)
    manifest = dict(files)
    manifest["pack.yml"] = manifest.pop("pack.yaml")
    assert "found 'pack.yml': rename it to 'pack.yaml' [missing-manifest]" in _only(manifest)


def test_a_too_large_image_is_one_error_not_one_more_per_lesson_using_it(files, tmp_path, monkeypatch):
    from lessons import limits

    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 20_000)
    files["media/example.png"] = files["media/example.png"] + b"\0" * 30_000
    result = load_pack(write_folder(tmp_path / "p", files))
    assert [(e.path, e.code) for e in result.errors] == [("media/example.png", "file-too-large")]
    zipped = load_pack(write_zip(tmp_path / "p.zip", {f"my-pack/{name}": data for name, data in files.items()}))
    assert [(e.path, e.code) for e in zipped.errors] == [("my-pack/media/example.png", "file-too-large")]


def test_stray_files_are_ignored_and_listed(files, tmp_path):
    clutter = ["Thumbs.db", ".DS_Store", "media/~$notes.docx", f"{QUIZ}~", "desktop.ini"]
    folder = write_folder(tmp_path / "p", {**files, **{name: b"x" for name in clutter}})
    result = load_pack(folder)
    assert result.ok, result.errors
    assert sorted(result.files.ignored) == sorted(clutter)
    zipped = load_pack_files(read_pack_files(write_zip(tmp_path / "p.zip", {**files, "Thumbs.db": b"x"})))
    assert zipped.ok and zipped.files.ignored == ["Thumbs.db"]


def test_a_windows_zip_with_backslashes_gets_one_hint_to_use_pack_build(files, tmp_path):
    entries = {name.replace("/", "\\"): data for name, data in files.items()}
    result = load_pack_files(read_pack_files(write_zip(tmp_path / "win.zip", entries)))
    unsafe = [e for e in result.errors if e.code == "unsafe-path"]
    assert len(unsafe) == 1
    assert "entries use backslashes" in unsafe[0].message
    assert "edu-app pack build FOLDER -o FILE.zip" in unsafe[0].message


def test_every_message_above_has_a_chinese_form_with_the_same_code(files):
    option = "text: { en: Treat it as a red flag, zh-CN: 把它当作危险信号 }"
    edit(files, QUIZ, lambda t: t.replace("type: ordering", "type: sorting").replace(option, "text: { en: Yes, zh-CN: 是 }"))
    edit(files, "pack.yaml", lambda t: t.replace("at_least: 0.8", "at_least: 80"))
    edit(files, LESSON_ZH, lambda t: t.replace("media/example.png", "media/exemple.png"))
    result = load(files)
    assert len(result.errors) == 4
    for error in result.errors:
        shown = localized(error, "zh-CN")
        assert shown.endswith(f"[{error.code}]") and shown.startswith(f"{error.path}:{error.line}:{error.col}: ")
        assert shown != str(error)
    shown = "\n".join(localized(e, "zh-CN") for e in result.errors)
    assert "at_least 是 0 到 1 之间的小数：80% 请写成 0.8" in shown
    assert "未知题型 'sorting'" in shown
    assert "'Yes' 被 YAML 读成了布尔值（true/false），而不是文字；请加上引号：text: { en: \"Yes\", zh-CN: 是 }" in shown
    assert "课程包中没有图片 'media/exemple.png'；是不是想写 'media/example.png'？" in shown


def test_translate_leaves_english_and_unknown_messages_alone():
    assert translate("required field is missing", "en") == "required field is missing"
    assert translate("items[0].prompt: required field is missing", "zh-CN") == "items[0].prompt：缺少必填字段"
    assert translate("something new nobody translated", "zh-CN") == "something new nobody translated"


def test_message_language_follows_the_locale():
    assert locale_language({"LANG": "zh_CN.UTF-8"}) == "zh-CN"
    assert locale_language({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert locale_language({}) == "en"
