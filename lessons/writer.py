"""A pack as editable data, and writing it back as the plain files the format defines.

:class:`PackDraft` holds the manifest, each lesson's front matter and Markdown body per
language, and each quiz as plain Python data (what YAML gives), so a form can edit any field and
a person can still edit the same files by hand. Saving writes only what changed: a file whose
data equals what was read keeps its bytes, comments and layout; a changed file is written anew
with PyYAML (block style, Unicode kept, keys in the order they were read).
"""

from __future__ import annotations

import copy
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lessons.errors import PackError
from lessons.files import PackFiles, read_pack_files
from lessons.loader import MANIFEST_FILE, QUIZ_FILE, LoadResult, load_pack_files
from lessons.translations import LOCK_FILE, accept_language, dump_lock, read_lock, text_hash
from lessons.yamlsafe import parse_yaml

_FRONT_MATTER_END = ("---", "...")


@dataclass
class LessonText:
    """One lesson file: its front matter (a mapping) and the Markdown after it."""

    meta: dict[str, Any]
    body: str


@dataclass
class PackDraft:
    """An editable pack. ``verbatim`` holds files kept as they are (media, lock, README, and
    any YAML or lesson file that could not be read, so nothing is lost on save)."""

    manifest: dict[str, Any]
    lessons: dict[str, dict[str, LessonText]] = field(default_factory=dict)
    quizzes: dict[str, dict[str, Any]] = field(default_factory=dict)
    verbatim: dict[str, bytes] = field(default_factory=dict)
    # What each file held when read: path -> (data as read, bytes); unchanged data keeps its bytes.
    _read: dict[str, tuple[Any, bytes]] = field(default_factory=dict, repr=False)

    @property
    def languages(self) -> list[str]:
        """The pack's declared languages (those that are text)."""
        return [x for x in self.manifest.get("languages") or [] if isinstance(x, str)]

    @property
    def source_language(self) -> str:
        """The language everything is written in first."""
        source = self.manifest.get("source_language")
        return source if isinstance(source, str) else (self.languages or ["en"])[0]

    def lesson_ids(self) -> list[str]:
        """Lessons in the manifest's order, then any others found in the folder."""
        listed = [x for x in self.manifest.get("lessons") or [] if isinstance(x, str)]
        return list(dict.fromkeys([*listed, *self.lessons]))

    def items(self, lesson_id: str) -> list[dict[str, Any]]:
        """The quiz items of a lesson (a new empty quiz when it had none)."""
        quiz = self.quizzes.setdefault(lesson_id, {"items": []})
        items = quiz.setdefault("items", [])
        return items

    def media(self) -> list[str]:
        """The pack's media paths (``media/...``), sorted."""
        return sorted(path for path in self.verbatim if path.startswith("media/"))

    def files(self, *, rewrite_all: bool = False) -> dict[str, bytes]:
        """The pack as files. Unchanged files keep their bytes unless ``rewrite_all``."""
        result = dict(self.verbatim)
        result[MANIFEST_FILE] = self._bytes(MANIFEST_FILE, self.manifest, dump_yaml, rewrite_all)
        for lesson_id, texts in self.lessons.items():
            for language, lesson in texts.items():
                path = f"lessons/{lesson_id}/{language}.md"
                if _untranslated(lesson) and language != self.source_language and path not in self._read:
                    # A translation not started yet is missing, not an empty (invalid) file.
                    continue
                data = (lesson.meta, lesson.body)
                result[path] = self._bytes(path, data, lambda d: dump_lesson(LessonText(*d)), rewrite_all)
        for lesson_id, quiz in self.quizzes.items():
            path = f"lessons/{lesson_id}/{QUIZ_FILE}"
            if not quiz.get("items") and path not in self._read:
                continue
            result[path] = self._bytes(path, quiz, dump_yaml, rewrite_all)
        return result

    def _bytes(self, path: str, data: Any, dump: Any, rewrite_all: bool) -> bytes:
        read = self._read.get(path)
        if read is not None and not rewrite_all and read[0] == data:
            return read[1]
        return dump(data).encode("utf-8")

    def validate(self, root: Path | None = None) -> LoadResult:
        """Validate the draft as it would be saved (``root``: where its media live)."""
        return load_pack_files(PackFiles(files=self.files(), root=root, label=root.name if root else "."))

    def confirm_translation(self, language: str, key: str | None = None) -> None:
        """Record in the translation lock that ``language``'s text of ``key`` (every text when
        ``None``) matches the current source text."""
        result = self.validate()
        lock, _errors = read_lock(self.verbatim.get(LOCK_FILE))
        source = self.source_language
        if key is None:
            lock = accept_language(result.texts, source, language, lock)
        else:
            entry = next((t for t in result.texts if t.key == key), None)
            if entry is None or source not in entry.texts or language not in entry.texts:
                return
            lock = {lang: dict(entries) for lang, entries in lock.items()}
            lock.setdefault(language, {})[key] = text_hash(entry.texts[source])
        self.verbatim[LOCK_FILE] = dump_lock(lock).encode("utf-8")

    def save(self, folder: Path) -> list[str]:
        """Write every changed file into ``folder``; returns the paths written."""
        written = []
        for path, data in self.files().items():
            target = folder / path
            try:
                if target.read_bytes() == data:
                    continue
            except OSError:
                pass
            _write_atomically(target, data)
            written.append(path)
        # What is on disk now is what counts as unchanged.
        self._remember()
        return written

    def _remember(self) -> None:
        files = self.files()
        self._read[MANIFEST_FILE] = (copy.deepcopy(self.manifest), files[MANIFEST_FILE])
        for lesson_id, texts in self.lessons.items():
            for language, lesson in texts.items():
                path = f"lessons/{lesson_id}/{language}.md"
                if path in files:
                    self._read[path] = ((copy.deepcopy(lesson.meta), lesson.body), files[path])
        for lesson_id, quiz in self.quizzes.items():
            path = f"lessons/{lesson_id}/{QUIZ_FILE}"
            if path in files:
                self._read[path] = (copy.deepcopy(quiz), files[path])


def open_draft(folder: Path) -> tuple[PackDraft | None, list[PackError]]:
    """Read the pack folder into a draft. ``None`` with errors when ``pack.yaml`` cannot be read
    as a mapping (the studio cannot show a form for it; the errors say what to fix)."""
    files = read_pack_files(folder)
    return draft_from_files(files.files, files.errors)


def draft_from_files(files: dict[str, bytes], errors: list[PackError] | None = None) -> tuple[PackDraft | None, list[PackError]]:
    """A draft of the pack held in ``files`` (relative path -> bytes)."""
    errors = list(errors or [])
    manifest_bytes = files.get(MANIFEST_FILE)
    if manifest_bytes is None:
        return None, errors or [PackError(MANIFEST_FILE, 1, 1, "missing-manifest", "no pack.yaml in this folder")]
    manifest, manifest_errors = _read_yaml(manifest_bytes, MANIFEST_FILE)
    if not isinstance(manifest, dict):
        return None, errors + manifest_errors
    draft = PackDraft(manifest=manifest)
    draft._read[MANIFEST_FILE] = (copy.deepcopy(manifest), manifest_bytes)
    for path, data in files.items():
        parts = path.split("/")
        if path == MANIFEST_FILE:
            continue
        if parts[0] == "lessons" and len(parts) == 3 and parts[2].endswith(".md"):
            lesson = _read_lesson(data, path)
            if lesson is not None:
                draft.lessons.setdefault(parts[1], {})[parts[2][:-3]] = lesson
                draft._read[path] = ((copy.deepcopy(lesson.meta), lesson.body), data)
                continue
        elif parts[0] == "lessons" and len(parts) == 3 and parts[2] == QUIZ_FILE:
            quiz, _quiz_errors = _read_yaml(data, path)
            if isinstance(quiz, dict) and isinstance(quiz.get("items", []), list):
                draft.quizzes[parts[1]] = quiz
                draft._read[path] = (copy.deepcopy(quiz), data)
                continue
        draft.verbatim[path] = data
    return draft, errors


def _untranslated(lesson: LessonText) -> bool:
    return not lesson.meta.get("title") and not lesson.body.strip() and set(lesson.meta) <= {"title"}


def _read_yaml(data: bytes, path: str) -> tuple[Any, list[PackError]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [PackError(path, 1, 1, "encoding", "the file is not UTF-8 text")]
    raw, _doc, errors = parse_yaml(text, path)
    return (raw if not errors else None), errors


def split_lesson(text: str) -> tuple[str, str] | None:
    """``(front matter, body)`` of a lesson file's text, or ``None`` without front matter."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FRONT_MATTER_END), None)
    if end is None:
        return None
    return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :])


def _read_lesson(data: bytes, path: str) -> LessonText | None:
    try:
        parts = split_lesson(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None
    if parts is None:
        return None
    meta, _doc, errors = parse_yaml(parts[0], path, line_offset=1)
    if errors or not isinstance(meta, dict):
        return None
    return LessonText(meta=meta, body=parts[1])


class _Dumper(yaml.SafeDumper):
    """Block style; text with line breaks as a literal block (``|``), as people write it."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # List items indented under their key (``items:\n  - id: ...``), as the docs show them.
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """``data`` as YAML that reads back to the same data."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)


def dump_lesson(lesson: LessonText) -> str:
    """A lesson file: front matter between ``---`` lines, then the Markdown body."""
    body = lesson.body if lesson.body.startswith("\n") or not lesson.body else lesson.body
    text = f"---\n{dump_yaml(lesson.meta)}---\n{body}"
    return text if text.endswith("\n") else text + "\n"


def new_pack(pack_id: str, title: str, languages: list[str], source_language: str) -> PackDraft:
    """A new pack with one empty lesson, in ``languages`` (titles given in each)."""
    titles = {language: title for language in languages}
    manifest: dict[str, Any] = {
        "schema_version": 1,
        "id": pack_id,
        "version": "0.1.0",
        "languages": list(languages),
        "source_language": source_language,
        "title": titles,
        "description": {source_language: ""},
        "authors": [{"name": ""}],
        "publisher": "",
        "license": "CC-BY-4.0",
        "sources": [],
        "skills": [],
        "lessons": ["lesson-1"],
        "unlocks": [],
    }
    draft = PackDraft(manifest=manifest)
    add_lesson(draft, "lesson-1")
    return draft


def add_lesson(draft: PackDraft, lesson_id: str) -> None:
    """Add an empty lesson (one card per language) and list it in the manifest."""
    source = draft.source_language
    texts = {source: LessonText(meta={"id": lesson_id, "title": "", "minutes": 5}, body="\n")}
    for language in draft.languages:
        if language != source:
            texts[language] = LessonText(meta={"title": ""}, body="\n")
    draft.lessons[lesson_id] = texts
    lessons = draft.manifest.setdefault("lessons", [])
    if lesson_id not in lessons:
        lessons.append(lesson_id)


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".studio-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
