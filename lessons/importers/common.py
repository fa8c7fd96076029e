"""What the importers share: questions collected into lessons, written as a pack."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
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
    """Unique, stable item ids made from question names or text.

    A name or text that gives no slug (Chinese, symbols) gets ``q-`` and a short hash of the
    text, never its line number: re-importing an edited file keeps every unchanged question's
    id, so learners keep their history.
    """

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, hint: str) -> str:
        """A new id for the question named or worded ``hint``."""
        words = re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]", "", hint.lower())).split()[:8]
        base = "-".join(words)[:_MAX_ID_LENGTH].strip("-") or content_id(hint)
        candidate = base
        number = 2
        while candidate in self.used:
            candidate = f"{base}-{number}"
            number += 1
        self.used.add(candidate)
        return candidate


def content_id(text: str) -> str:
    """``q-`` and the first 8 hex digits of the SHA-256 of ``text`` (whitespace normalised)."""
    normalised = " ".join(unicodedata.normalize("NFKC", text).split())
    return "q-" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:8]


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9À-ɏ]+")
#: Reading speeds used for lesson estimates: adults read about 200 English words or 400 Chinese
#: characters a minute on a phone; answering a quiz item takes about half a minute.
WORDS_PER_MINUTE = 200
CJK_CHARS_PER_MINUTE = 400
MINUTES_PER_ITEM = 0.5


def cjk_share(text: str) -> float:
    """The share of CJK characters among the letters and CJK characters of ``text`` (0..1)."""
    cjk = len(_CJK.findall(text))
    latin = sum(len(word) for word in _LATIN_WORD.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def language_mismatch(texts: list[str], language: str) -> str | None:
    """A note when text imported as a non-CJK language is mostly Chinese (or Japanese, Korean)."""
    if language.split("-")[0] in ("zh", "ja", "ko"):
        return None
    sample = " ".join(texts)
    if cjk_share(sample) < 0.5:
        return None
    return (
        f"the questions look like Chinese text but were imported as --language {language}; "
        "run the import again with --language zh-CN"
    )


def reading_minutes(texts: list[str], items: int) -> int:
    """Minutes a learner needs for a lesson: reading ``texts`` and answering ``items`` items."""
    joined = " ".join(texts)
    cjk = len(_CJK.findall(joined))
    words = len(_LATIN_WORD.findall(joined))
    minutes = words / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE + items * MINUTES_PER_ITEM
    return max(1, min(600, math.ceil(minutes)))


def item_texts(value: Any) -> list[str]:
    """Every string inside an item dict (prompts, options, feedback), for estimates."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, child in value.items() if key not in ("id", "type", "goto") for text in item_texts(child)]
    if isinstance(value, list):
        return [text for child in value for text in item_texts(child)]
    return []


def default_lesson(language: str) -> ImportedLesson:
    """The lesson that holds questions with no category, titled in ``language``."""
    return ImportedLesson("imported", "导入的题目" if language.startswith("zh") else "Imported questions", None)


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
        "description": {language: _imported_from(language, source_name)},
        "authors": [{"name": publisher}],
        "publisher": publisher,
        "license": license_,
        "skills": skills,
        "lessons": [lesson.id for lesson in lessons],
    }
    files = {"pack.yaml": dump_yaml(manifest)}
    for lesson in lessons:
        body = f"# {lesson.title}\n\n{_intro(language, source_name)}\n"
        minutes = reading_minutes([body, *item_texts(lesson.items)], len(lesson.items))
        front: dict[str, Any] = {"id": lesson.id, "title": lesson.title, "minutes": minutes}
        if lesson.skill:
            front["skills"] = [lesson.skill]
        files[f"lessons/{lesson.id}/{language}.md"] = ("---\n" + dump_yaml(front).decode() + "---\n" + body).encode()
        files[f"lessons/{lesson.id}/quiz.yaml"] = dump_yaml({"items": lesson.items})
    return files


def _imported_from(language: str, source_name: str) -> str:
    if language.startswith("zh"):
        return f"导入自 {source_name}。"
    return f"Imported from {source_name}."


def _intro(language: str, source_name: str) -> str:
    if language.startswith("zh"):
        return f"本课的题目导入自 {source_name}。"
    return f"Questions imported from {source_name}."


def default_pack_id(source_name: str) -> str:
    """A pack id from the imported file's name."""
    return slug_from(source_name.rsplit(".", 1)[0])


def dump_yaml(data: Any) -> bytes:
    """``data`` as YAML in UTF-8, keys in the order given (the order educators read)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).encode()
