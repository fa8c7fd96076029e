"""The studio's writer: a pack opened and saved is the same pack, and its files stay plain."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lessons import load_pack
from lessons.blank_items import blank_item
from lessons.files import PackFiles
from lessons.loader import load_pack_files
from lessons.model import ITEM_TYPES
from lessons.writer import add_lesson, draft_from_files, new_pack, open_draft

PACKS = sorted(p for p in (Path(__file__).resolve().parents[2] / "lessons" / "packs").iterdir() if p.is_dir())


def _content(result):  # type: ignore[no-untyped-def]
    pack = result.pack
    # Card line numbers move when front matter is laid out differently; the text must not.
    lessons = [lesson.model_dump(exclude={"cards": {"__all__": {"__all__": {"line"}}}}) for lesson in pack.lessons]
    return pack.manifest.model_dump(), lessons


@pytest.mark.parametrize("folder", PACKS, ids=[p.name for p in PACKS])
def test_open_and_save_keeps_every_built_in_pack_byte_for_byte(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    draft, errors = open_draft(copy)
    assert draft is not None and not errors
    assert draft.save(copy) == []
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    after = {p.relative_to(copy): p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert after == before
    assert load_pack(copy).ok


@pytest.mark.parametrize("folder", PACKS, ids=[p.name for p in PACKS])
def test_every_file_written_anew_gives_the_same_valid_pack(folder: Path) -> None:
    original = load_pack(folder)
    draft, _ = open_draft(folder)
    assert draft is not None
    files = draft.files(rewrite_all=True)
    assert files["pack.yaml"] != (folder / "pack.yaml").read_bytes()  # really rewritten
    rewritten = load_pack_files(PackFiles(files=files))
    assert rewritten.ok, rewritten.errors
    assert _content(rewritten) == _content(original)
    # Translations confirmed by hand stay confirmed: the keys and texts are the same.
    assert rewritten.translations.stale == [] and len(rewritten.translations.unconfirmed) == len(
        original.translations.unconfirmed
    )


def test_a_changed_field_rewrites_only_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(PACKS[0], folder)
    draft, _ = open_draft(folder)
    assert draft is not None
    draft.manifest["title"]["en"] = 'Scams: "too good" to be true #1'
    assert draft.save(folder) == ["pack.yaml"]
    reloaded = load_pack(folder)
    assert reloaded.ok
    assert reloaded.pack is not None and reloaded.pack.manifest.title["en"] == 'Scams: "too good" to be true #1'


def test_a_pack_built_from_blank_items_validates_once_its_texts_are_written() -> None:
    draft = new_pack("my-pack", "My pack", ["en", "zh-CN"], "en")
    items = draft.items("lesson-1")
    for number, kind in enumerate(ITEM_TYPES, start=1):
        items.append(blank_item(kind, f"q{number}", "en"))
    first = draft.validate()
    assert not first.ok
    assert any(e.path == "lessons/lesson-1/quiz.yaml" for e in first.errors)

    def fill(value):  # type: ignore[no-untyped-def]
        if isinstance(value, dict):
            for key, inner in value.items():
                if inner == "" or inner == {"en": ""}:
                    value[key] = "Text" if inner == "" else {"en": "Text"}
                else:
                    fill(inner)
        elif isinstance(value, list):
            for inner in value:
                fill(inner)

    fill(draft.manifest)
    for texts in draft.lessons.values():
        for lesson in texts.values():
            lesson.meta["title"] = "Title"
            lesson.body = "# Card\n\nSome text.\n"
    fill(draft.quizzes)
    result = draft.validate()
    assert result.ok, result.errors
    assert result.items_by_type() == {kind: 1 for kind in ITEM_TYPES}
    assert result.translations.missing  # only English written so far

    draft.manifest["title"]["zh-CN"] = "我的课程包"
    draft.confirm_translation("zh-CN", "pack.title")
    report = draft.validate().translations
    assert not any(i.key == "pack.title" for i in report.missing + report.unconfirmed + report.stale)
    draft.manifest["title"]["en"] = "My pack, changed"
    assert any(i.key == "pack.title" for i in draft.validate().translations.stale)


def test_a_saved_new_pack_reads_back_the_same(tmp_path: Path) -> None:
    draft = new_pack("my-pack", "My pack", ["en"], "en")
    add_lesson(draft, "second")
    draft.lessons["second"]["en"].body = "Line one\n\n---\n\nCard two\n"
    draft.save(tmp_path)
    again, errors = open_draft(tmp_path)
    assert again is not None and not errors
    assert again.manifest == draft.manifest
    assert again.lessons["second"]["en"].body == draft.lessons["second"]["en"].body
    assert again.save(tmp_path) == []


def test_a_manifest_that_is_not_a_mapping_cannot_be_opened() -> None:
    draft, errors = draft_from_files({"pack.yaml": b"- just\n- a list\n"})
    assert draft is None


def test_errors_are_located_at_their_fields() -> None:
    from lessons.error_fields import locate

    draft = new_pack("my-pack", "My pack", ["en", "zh-CN"], "en")
    draft.items("lesson-1").append(blank_item("single_choice", "q1", "en"))
    draft.lessons["lesson-1"]["en"].body = "# Hi\n\n![x](media/missing.png)\n"
    files = draft.files()
    result = draft.validate()
    fields = {(path, loc) for _error, path, loc in locate(files, result.errors)}
    assert ("pack.yaml", ("description", "en")) in fields
    assert ("pack.yaml", ("publisher",)) in fields
    assert ("lessons/lesson-1/quiz.yaml", ("items", 0, "options", 1, "text", "en")) in fields
    assert ("lessons/lesson-1/en.md", ("meta", "title")) in fields
    assert ("lessons/lesson-1/en.md", ("body",)) in fields


def test_images_are_checked_as_the_validator_checks_them(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from PIL import Image

    from lessons import limits
    from lessons.media import MediaRefused, check_image, media_name

    for fmt, suffix in (("PNG", ".png"), ("JPEG", ".jpg"), ("GIF", ".gif"), ("WEBP", ".webp")):
        buffer = io.BytesIO()
        Image.new("RGB", (321, 123)).save(buffer, fmt)
        assert check_image(f"x{suffix}", buffer.getvalue()) == (321, 123), fmt
    with pytest.raises(MediaRefused, match="bad-type"):
        check_image("x.png", b"GIF89a....")
    with pytest.raises(MediaRefused, match="bad-type"):
        check_image("x.svg", b"<svg/>")
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10)
    with pytest.raises(MediaRefused, match="too-large"):
        check_image("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    assert media_name("My Photo 1.PNG") == "my-photo-1.png"
