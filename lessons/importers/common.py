"""What the importers share: questions collected into lessons, written as a pack."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from lessons.starter import slug_from

IMPORTED_VERSION = "0.1.0"
_MAX_ID_LENGTH = 60


@dataclass(frozen=True, order=True)
class ImportNote:
    """Something the importer could not convert (``skipped``) or converted with a loss."""

    line: int
    message: str
    skipped: bool = True

    def format(self, source_name: str) -> str:
        """``FILE:LINE: message``."""
        prefix = "skipped" if self.skipped else "note"
        return f"{source_name}:{self.line}: {prefix}: {self.message}"


@dataclass
class ImportedLesson:
    id: str
    title: str
    skill: str | None
    items: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ImportResult:
    """The pack's files and what could not be converted."""

    files: dict[str, bytes]
    notes: list[ImportNote]
    converted: int


class IdMaker:
    """Unique, stable item ids made from question names or text."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, hint: str, fallback: str) -> str:
        words = re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]", "", hint.lower())).split()[:8]
        base = "-".join(words)[:_MAX_ID_LENGTH].strip("-") or fallback
        candidate = base
        number = 2
        while candidate in self.used:
            candidate = f"{base}-{number}"
            number += 1
        self.used.add(candidate)
        return candidate


def option_id(index: int) -> str:
    """``a``, ``b``, ... for the first 26 options, then ``o27``, ``o28``..."""
    return chr(ord("a") + index) if index < 26 else f"o{index + 1}"


def pack_files(
    *,
    pack_id: str,
    title: str,
    language: str,
    source_name: str,
    lessons: list[ImportedLesson],
    publisher: str,
    license_: str,
) -> dict[str, bytes]:
    """The files of a single-language pack holding ``lessons`` (empty lessons are left out)."""
    lessons = [lesson for lesson in lessons if lesson.items]
    skills = [
        {"id": lesson.skill, "name": {language: lesson.title}} for lesson in lessons if lesson.skill is not None
    ]
    manifest: dict[str, Any] = {
        "schema_version": 1,
        "id": pack_id,
        "version": IMPORTED_VERSION,
        "languages": [language],
        "source_language": language,
        "title": {language: title},
        "description": {language: f"Imported from {source_name}."},
        "authors": [{"name": publisher}],
        "publisher": publisher,
        "license": license_,
        "skills": skills,
        "lessons": [lesson.id for lesson in lessons],
    }
    files = {"pack.yaml": _dump(manifest)}
    for lesson in lessons:
        front = {"id": lesson.id, "title": lesson.title}
        if lesson.skill:
            front["skills"] = [lesson.skill]
        body = f"# {lesson.title}\n\nQuestions imported from {source_name}.\n"
        files[f"lessons/{lesson.id}/{language}.md"] = ("---\n" + _dump(front).decode() + "---\n" + body).encode()
        files[f"lessons/{lesson.id}/quiz.yaml"] = _dump({"items": lesson.items})
    return files


def default_pack_id(source_name: str) -> str:
    """A pack id from the imported file's name."""
    return slug_from(source_name.rsplit(".", 1)[0])


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).encode()
