"""Load and validate a pack: ``load_pack(path) -> LoadResult``. Never raises for bad input.

Every file is checked even after errors elsewhere, so one run reports every problem.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
import typing
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from yaml.nodes import ScalarNode

from lessons import errors as E
from lessons import limits
from lessons.errors import PackError
from lessons.files import PackFiles, read_pack_files
from lessons.markdown import MarkdownBudget, parse_lesson_file
from lessons.model import (
    ITEM_TYPES,
    LANGUAGE_PATTERN,
    LOCALIZED,
    REF_PATTERN,
    SEMVER_PATTERN,
    SLUG_PATTERN,
    URL_PATTERN,
    Item,
    Lesson,
    LessonMeta,
    Manifest,
    Pack,
    TranslatedLessonMeta,
    UnlockRule,
)
from lessons.translations import (
    LOCK_FILE,
    TranslatableText,
    TranslationReport,
    check_translations,
    read_lock,
)
from lessons.suggest import closest, did_you_mean
from lessons.validate import Problem, check_item, check_manifest, check_unlocks
from lessons.yamlsafe import YamlDocument, parse_yaml

MANIFEST_FILE = "pack.yaml"
QUIZ_FILE = "quiz.yaml"
#: Files a pack may carry besides its content.
EXTRA_FILES = frozenset({"README.md", "LICENSE", "LICENSE.md", "LICENSE.txt", "CHANGELOG.md", "SIGNATURE.json"})
_ITEM_ADAPTER: TypeAdapter[Item] = TypeAdapter(Item)
_UNLOCKS_ADAPTER: TypeAdapter[list[UnlockRule]] = TypeAdapter(list[UnlockRule])
_MEDIA_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
_PATTERN_MESSAGES = {
    SLUG_PATTERN: "must be an id: lowercase letters, digits and single hyphens",
    REF_PATTERN: "must be an id, or PACK_ID/ID for another pack",
    LANGUAGE_PATTERN: "must be a language code such as en or zh-CN",
    SEMVER_PATTERN: "must be a semantic version such as 1.0.0",
    URL_PATTERN: "must be an http or https URL",
}
_TYPE_MESSAGES = {
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "list_type": "must be a list",
    "dict_type": "must be a mapping (key: value)",
    "model_type": "must be a mapping (key: value)",
    "model_attributes_type": "must be a mapping (key: value)",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date (YYYY-MM-DD)",
}


@dataclass
class LoadResult:
    """What loading a pack found.

    ``pack`` is ``None`` only when ``pack.yaml`` is missing or invalid; otherwise it holds
    everything that could be read (check ``ok`` before trusting it). ``lessons`` is the same
    list, also filled when the manifest is broken. ``files`` are the pack's files as read.
    """

    pack: Pack | None
    errors: list[PackError]
    translations: TranslationReport
    lessons: list[Lesson] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    source_language: str | None = None
    texts: list[TranslatableText] = field(default_factory=list, repr=False)
    files: PackFiles = field(default_factory=PackFiles, repr=False)

    @property
    def ok(self) -> bool:
        """True when the pack has no errors (missing or stale translations are not errors)."""
        return not self.errors

    def items_by_type(self) -> dict[str, int]:
        """How many items of each type the pack holds (every type listed, zeros included)."""
        counts = Counter(item.type for lesson in self.lessons for item in lesson.items)
        return {kind: counts.get(kind, 0) for kind in ITEM_TYPES}

    def summary(self) -> dict[str, Any]:
        """The result as the JSON that ``edu-app pack validate --json`` prints."""
        manifest = self.pack.manifest if self.pack else None
        by_type = self.items_by_type()
        return {
            "ok": self.ok,
            "errors": [error.to_dict() for error in self.errors],
            "id": manifest.id if manifest else None,
            "version": manifest.version if manifest else None,
            "lessons": len(self.lessons),
            "items": sum(by_type.values()),
            "items_by_type": by_type,
            "skills": len(manifest.skills) if manifest else 0,
            "languages": self.languages,
            "source_language": self.source_language,
            "missing_translations": [issue.to_dict() for issue in self.translations.missing],
            "stale_translations": [issue.to_dict() for issue in self.translations.stale],
            "unconfirmed_translations": [issue.to_dict() for issue in self.translations.unconfirmed],
        }


def load_pack(path: str | os.PathLike[str]) -> LoadResult:
    """Read and validate the pack at ``path`` (a folder or a ``.zip``)."""
    return load_pack_files(read_pack_files(path))


def load_pack_files(files: PackFiles) -> LoadResult:
    """Validate a pack already read into memory (see :func:`lessons.files.read_pack_files`)."""
    loading = _Loading(files)
    try:
        loading.run()
    except Exception as error:  # noqa: BLE001 - the last line of defence: a bug must not crash the app
        loading.errors.append(PackError(MANIFEST_FILE, 1, 1, E.INTERNAL, f"the validator failed: {error!r}"))
    return loading.result()


@dataclass
class _Outline:
    """What the rest of the pack is checked against; salvaged from a broken manifest."""

    languages: list[str] = field(default_factory=list)
    source_language: str = "en"
    lessons: list[tuple[int, str]] = field(default_factory=list)
    skills: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    lessons_known: bool = False


class _Loading:
    def __init__(self, files: PackFiles) -> None:
        self.files = files
        self.errors: list[PackError] = list(files.errors)
        self.texts: list[TranslatableText] = []
        self.lessons: list[Lesson] = []
        self.manifest: Manifest | None = None
        self.outline = _Outline()
        self.item_ids: dict[str, str] = {}
        self.report = TranslationReport()
        self.manifest_doc = YamlDocument(MANIFEST_FILE, None)
        self.unlocks: list[UnlockRule] = []
        self.markup = MarkdownBudget()
        self.quiz_trouble: set[str] = set()

    # ----- helpers ------------------------------------------------------------------------------

    def result(self) -> LoadResult:
        pack = None
        if self.manifest is not None:
            pack = Pack(manifest=self.manifest, lessons=self.lessons, root=self.files.root)
        return LoadResult(
            pack=pack,
            errors=sorted(set(self.errors)),
            translations=self.report,
            lessons=self.lessons,
            languages=list(self.outline.languages),
            source_language=self.outline.source_language if self.outline.languages else None,
            texts=self.texts,
            files=self.files,
        )

    def media(self) -> MediaFiles:
        """The files an image may name; a file refused for its size or type is there, since
        it has its own error and a second one at every image naming it would be a cascade."""
        refused = {error.path for error in self.files.errors}
        # In a zip with one top-level folder, errors name the entry with that folder.
        refused |= {path.split("/", 1)[1] for path in refused if "/" in path}
        return MediaFiles(self.files.files, refused)

    def text_of(self, path: str) -> str | None:
        data = self.files.files.get(path)
        if data is None:
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            self.errors.append(PackError(path, line, col, E.ENCODING, "the file is not UTF-8 text"))
            return None

    def validate(self, model: Any, raw: Any, doc: YamlDocument, prefix: tuple[Any, ...] = ()) -> Any:
        """Validate ``raw`` against a model or adapter; errors are recorded, ``None`` returned."""
        try:
            if isinstance(model, TypeAdapter):
                return model.validate_python(raw)
            return model.model_validate(raw)
        except ValidationError as error:
            self.errors.extend(pydantic_errors(error, doc, prefix))
            return None

    def problems(self, problems: list[Problem], doc: YamlDocument) -> None:
        self.errors.extend(doc.error(p.loc, p.code, p.message, key=p.key) for p in problems)

    def add_texts(self, model: BaseModel, key: str, loc: tuple[Any, ...], doc: YamlDocument) -> None:
        for text_key, text_loc, texts in localized_texts(model, key, loc):
            self.texts.append(TranslatableText(text_key, texts, functools.partial(_locate_in, doc, text_loc)))

    # ----- steps --------------------------------------------------------------------------------

    def run(self) -> None:
        if MANIFEST_FILE not in self.files.files:
            if not self.errors:
                message = "no pack.yaml: a pack has its manifest at the top" + did_you_mean(
                    MANIFEST_FILE, self.files.files, rename=True
                )
                self.errors.append(PackError(MANIFEST_FILE, 1, 1, E.MISSING_MANIFEST, message))
            return
        self.load_manifest()
        self.check_inventory()
        for index, lesson_id in self.outline.lessons:
            self.load_lesson(index, lesson_id)
        if self.unlocks:
            # A lesson whose quiz file is broken, misnamed or missing with the lesson has its
            # own error already; "has no quiz" on top of it would be a cascade.
            with_items = {lesson.id for lesson in self.lessons if lesson.items} | self.quiz_trouble
            lessons = {lesson_id for _, lesson_id in self.outline.lessons}
            problems = check_unlocks(self.unlocks, lessons, self.outline.skills, with_items)
            self.problems(problems, self.manifest_doc)
        if self.outline.languages:
            lock, lock_errors = read_lock(self.files.files.get(LOCK_FILE))
            self.errors.extend(lock_errors)
            self.report, errors = check_translations(
                self.texts, self.outline.languages, self.outline.source_language, lock
            )
            self.errors.extend(errors)

    def load_manifest(self) -> None:
        text = self.text_of(MANIFEST_FILE)
        raw, doc, errors = parse_yaml(text or "", MANIFEST_FILE)
        self.manifest_doc = doc
        self.errors.extend(errors)
        if text is None or (errors and raw is None):
            return
        if not isinstance(raw, dict):
            self.errors.append(doc.error((), E.WRONG_TYPE, "pack.yaml must be a mapping (key: value)"))
            return
        self.manifest = self.validate(Manifest, raw, doc)
        if self.manifest is None:
            self.outline = _salvage_outline(raw)
            try:
                # Already reported if invalid; when valid, its references are still worth checking.
                self.unlocks = _UNLOCKS_ADAPTER.validate_python(raw.get("unlocks", []))
            except ValidationError:
                pass
            return
        self.unlocks = self.manifest.unlocks
        manifest = self.manifest
        self.outline = _Outline(
            languages=list(dict.fromkeys(manifest.languages)),
            source_language=manifest.source_language,
            lessons=_first_listing(manifest.lessons),
            skills={skill.id for skill in manifest.skills},
            sources={source.id for source in manifest.sources},
            lessons_known=True,
        )
        self.problems(check_manifest(manifest), doc)
        self.add_texts(manifest, "pack", (), doc)

    def check_inventory(self) -> None:
        """Every file is one the format knows; media are images of an allowed type."""
        listed = {lesson_id for _, lesson_id in self.outline.lessons}
        languages = set(self.outline.languages)
        unlisted: set[str] = set()
        for path, data in self.files.files.items():
            parts = path.split("/")
            if path in (MANIFEST_FILE, LOCK_FILE) or path in EXTRA_FILES:
                continue
            if parts[0] == "media" and len(parts) > 1:
                self.check_media(path, data)
            elif parts[0] == "lessons" and len(parts) == 3:
                lesson_id, name = parts[1], parts[2]
                if name.lower().startswith("quiz."):
                    self.quiz_trouble.add(lesson_id)
                misnamed = next((known for known in listed if known.lower() == lesson_id.lower()), None)
                source_file = f"lessons/{misnamed}/{self.outline.source_language}.md"
                if misnamed is not None and lesson_id not in listed and source_file not in self.files.files:
                    # The listed lesson's missing-lesson error names this folder to rename.
                    self.quiz_trouble.add(misnamed)
                    continue
                if lesson_id not in listed and self.outline.lessons_known:
                    if lesson_id not in unlisted:
                        unlisted.add(lesson_id)
                        self.errors.append(
                            PackError(path, 1, 1, E.LESSON_NOT_LISTED, f"lesson '{lesson_id}' is not listed in pack.yaml")
                        )
                elif name.endswith(".md") and languages and name[:-3] not in languages:
                    meant = next((lang for lang in languages if lang.lower() == name[:-3].lower()), None)
                    if meant == self.outline.source_language and f"lessons/{lesson_id}/{meant}.md" not in self.files.files:
                        continue  # the missing-lesson error names this file to rename
                    message = f"language '{name[:-3]}' is not declared in pack.yaml"
                    if meant is not None:
                        message += f"; did you mean '{meant}.md'? Rename the file"
                    self.errors.append(PackError(path, 1, 1, E.UNKNOWN_LANGUAGE, message))
                elif name != QUIZ_FILE and not name.endswith(".md"):
                    self.errors.append(_unexpected(path))
            else:
                self.errors.append(_unexpected(path))

    def check_media(self, path: str, data: bytes) -> None:
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in limits.MEDIA_EXTENSIONS:
            allowed = ", ".join(sorted(ext[1:] for ext in limits.MEDIA_EXTENSIONS))
            self.errors.append(PackError(path, 1, 1, E.BAD_MEDIA_TYPE, f"media must be images ({allowed})"))
            return
        signatures = _MEDIA_SIGNATURES[suffix]
        valid = data.startswith(signatures) and (suffix != ".webp" or data[8:12] == b"WEBP")
        if not valid:
            self.errors.append(
                PackError(path, 1, 1, E.BAD_MEDIA_TYPE, f"the content is not a {suffix[1:].upper()} image")
            )

    def load_lesson(self, index: int, lesson_id: str) -> None:
        source = self.outline.source_language
        folder = f"lessons/{lesson_id}/"
        source_path = f"{folder}{source}.md"
        text = self.text_of(source_path)
        if text is None:
            if source_path not in self.files.files:
                self.quiz_trouble.add(lesson_id)
                message = f"lesson '{lesson_id}' has no file {source_path}"
                message += did_you_mean(source_path, self.files.files, rename=True)
                self.errors.append(self.manifest_doc.error(("lessons", index), E.MISSING_LESSON, message))
            return
        parsed = parse_lesson_file(text, source_path, self.media(), self.markup)
        self.errors.extend(parsed.errors)
        meta = self.validate(LessonMeta, parsed.meta, parsed.meta_doc) if parsed.meta_readable else None
        if meta is not None:
            self.problems(self.check_meta(meta, lesson_id), parsed.meta_doc)
        raw_title = parsed.meta.get("title") if isinstance(parsed.meta, dict) else None
        lesson = Lesson(
            id=lesson_id,
            title={source: meta.title if meta else str(raw_title or lesson_id)},
            minutes=meta.minutes if meta else None,
            skills=meta.skills if meta else [],
            sources=meta.sources if meta else [],
            cards={source: parsed.cards},
        )
        title_at = {source: (source_path, *parsed.meta_doc.position(("title",)))}
        card_at: list[dict[str, tuple[str, int, int]]] = [{source: (source_path, c.line, 1)} for c in parsed.cards]
        for language in self.outline.languages:
            if language != source:
                self.load_translation(lesson, f"{folder}{language}.md", language, title_at, card_at, parsed.meta_readable)
        key = f"lessons.{lesson_id}"
        self.texts.append(TranslatableText(f"{key}.title", lesson.title, functools.partial(_locate_at, title_at)))
        for number, cards_at in enumerate(card_at, start=1):
            texts = {lang: lesson.cards[lang][number - 1].markdown for lang in cards_at}
            self.texts.append(TranslatableText(f"{key}.cards.{number}", texts, functools.partial(_locate_at, cards_at)))
        self.load_quiz(lesson, f"{folder}{QUIZ_FILE}")
        self.lessons.append(lesson)

    def check_meta(self, meta: LessonMeta, lesson_id: str) -> list[Problem]:
        problems = []
        if meta.id != lesson_id:
            problems.append(
                Problem(("id",), E.LESSON_ID_MISMATCH, f"id '{meta.id}' differs from the lesson folder '{lesson_id}'")
            )
        for index, skill in enumerate(meta.skills):
            if skill not in self.outline.skills:
                problems.append(Problem(("skills", index), E.UNKNOWN_REFERENCE, f"no skill '{skill}' in pack.yaml"))
        for index, source in enumerate(meta.sources):
            if source not in self.outline.sources:
                problems.append(Problem(("sources", index), E.UNKNOWN_REFERENCE, f"no source '{source}' in pack.yaml"))
        return problems

    def load_translation(
        self,
        lesson: Lesson,
        path: str,
        language: str,
        title_at: dict[str, tuple[str, int, int]],
        card_at: list[dict[str, tuple[str, int, int]]],
        source_readable: bool = True,
    ) -> None:
        text = self.text_of(path)
        if text is None:
            return
        parsed = parse_lesson_file(text, path, self.media(), self.markup)
        self.errors.extend(parsed.errors)
        if parsed.meta_readable:
            meta = self.validate(TranslatedLessonMeta, parsed.meta, parsed.meta_doc)
            if meta is not None:
                lesson.title[language] = meta.title
                title_at[language] = (path, *parsed.meta_doc.position(("title",)))
        lesson.cards[language] = parsed.cards
        for number, card in enumerate(parsed.cards, start=1):
            if number > len(card_at) and not source_readable:
                # The source file's own error (its front matter) explains the missing cards.
                break
            if number > len(card_at):
                self.errors.append(
                    PackError(
                        path, card.line, 1, E.EXTRA_CARD,
                        f"card {number} has no counterpart in the source language ({len(card_at)} cards)",
                    )
                )
            else:
                card_at[number - 1][language] = (path, card.line, 1)
        del lesson.cards[language][len(card_at) :]

    def load_quiz(self, lesson: Lesson, path: str) -> None:
        text = self.text_of(path)
        if text is None:
            return
        raw, doc, errors = parse_yaml(text, path)
        self.errors.extend(errors)
        if raw is None:
            return
        if not isinstance(raw, dict):
            self.errors.append(doc.error((), E.WRONG_TYPE, "quiz.yaml must be a mapping with a list of 'items'"))
            return
        for name in raw:
            if name != "items":
                self.errors.append(doc.error((name,), E.UNKNOWN_FIELD, f"unknown field '{name}'", key=True))
        items = raw.get("items", [])
        if not isinstance(items, list):
            self.errors.append(doc.error(("items",), E.WRONG_TYPE, "items: must be a list"))
            return
        for index, raw_item in enumerate(items):
            loc = ("items", index)
            item = self.validate(_ITEM_ADAPTER, raw_item, doc, loc)
            if item is None:
                continue
            self.problems(check_item(item, loc, self.outline.skills), doc)
            first = self.item_ids.get(item.id)
            if first is not None:
                self.errors.append(
                    doc.error((*loc, "id"), E.DUPLICATE_ID, f"item id '{item.id}' is already used in {first}")
                )
                continue
            self.item_ids[item.id] = "{}:{}".format(path, doc.position((*loc, "id"))[0])
            self.add_texts(item, f"items.{item.id}", loc, doc)
            lesson.items.append(item)


def _unexpected(path: str) -> PackError:
    name = path.rsplit("/", 1)[-1]
    hint = ""
    if name.lower() in ("quiz.yml", "quiz.yaml", "pack.yml", "pack.yaml") and name != name.lower().replace(".yml", ".yaml"):
        hint = f"; did you mean '{name.lower().replace('.yml', '.yaml')}'? Rename the file"
    elif name.lower().endswith((".markdown", ".md")) and not name.endswith(".md"):
        hint = f"; lesson files end in .md: rename it to '{name.rsplit('.', 1)[0]}.md'"
    return PackError(
        path, 1, 1, E.UNEXPECTED_FILE, f"this file has no place in a pack (see docs/lesson-packs.md){hint}"
    )


class MediaFiles:
    """The pack's paths for image checks, with paths already refused counted as present."""

    def __init__(self, files: dict[str, bytes], refused: set[str]) -> None:
        self.files = files
        self.refused = refused

    def __contains__(self, path: object) -> bool:
        return path in self.files or path in self.refused

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


def _locate_in(doc: YamlDocument, loc: tuple[Any, ...], language: str | None) -> tuple[str, int, int]:
    return (doc.path, *doc.position(loc if language is None else (*loc, language)))


def _locate_at(places: dict[str, tuple[str, int, int]], language: str | None) -> tuple[str, int, int]:
    if language in places:
        return places[language]
    return next(iter(places.values()))


def _salvage_outline(raw: dict[Any, Any]) -> _Outline:
    """The parts of an invalid manifest that are still usable to check the rest of the pack."""
    outline = _Outline()
    languages = raw.get("languages")
    if isinstance(languages, list):
        outline.languages = list(dict.fromkeys(x for x in languages if isinstance(x, str)))
    source = raw.get("source_language")
    if isinstance(source, str):
        outline.source_language = source
    elif outline.languages:
        outline.source_language = outline.languages[0]
    if outline.source_language not in outline.languages:
        outline.languages = []
    lessons = raw.get("lessons")
    if isinstance(lessons, list):
        outline.lessons = _first_listing([x if isinstance(x, str) and _is_slug(x) else None for x in lessons])
        outline.lessons_known = True
    for name, target in (("skills", outline.skills), ("sources", outline.sources)):
        entries = raw.get(name)
        if isinstance(entries, list):
            target.update(e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str))
    return outline


def _first_listing(lessons: list[str | None]) -> list[tuple[int, str]]:
    """``(position, id)`` of each lesson listed, once: a lesson listed twice is one error (the
    duplicate), not a second load of every item it holds."""
    seen: set[str] = set()
    result = []
    for index, lesson_id in enumerate(lessons):
        if lesson_id is not None and lesson_id not in seen:
            seen.add(lesson_id)
            result.append((index, lesson_id))
    return result


def _is_slug(value: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, value) is not None


# ----- pydantic errors to located errors ----------------------------------------------------------


def pydantic_errors(error: ValidationError, doc: YamlDocument, prefix: tuple[Any, ...] = ()) -> list[PackError]:
    """Each pydantic error as a :class:`PackError` at the line of the offending YAML node."""
    result = []
    found = error.errors(include_url=False)
    missing = {tuple(d["loc"][:-1]): [] for d in found if d["type"] == "missing"}
    for d in found:
        if d["type"] == "missing":
            missing[tuple(d["loc"][:-1])].append(str(d["loc"][-1]))
    explained: set[tuple[Any, ...]] = set()
    hints: dict[tuple[Any, ...], str] = {}
    for d in found:
        if d["type"] == "extra_forbidden":
            parent, name = tuple(d["loc"][:-1]), str(d["loc"][-1])
            # A misspelt key is one mistake: "unknown 'promt'", not that plus "'prompt' missing".
            guess = closest(name, missing.get(parent, []))
            if guess is not None:
                explained.add((*parent, guess))
            else:
                guess = closest(name, _field_names(), cutoff=0.8)
            if guess is not None and guess != name:
                hints[tuple(d["loc"])] = f"; did you mean '{guess}'?"
    for details in found:
        if details["type"] == "missing" and tuple(details["loc"]) in explained:
            continue
        loc = (*prefix, *details["loc"])
        code, message = describe_error(details)
        message += hints.get(tuple(details["loc"]), "")
        trap = _yaml_trap(details, doc, loc)
        if trap:
            message = trap
        shown = _field_path(loc)
        text = f"{shown}: {message}" if shown else message
        result.append(doc.error(loc, code, text, key=details["type"] == "extra_forbidden"))
    return result


@functools.cache
def _field_names() -> tuple[str, ...]:
    """Every field name of the pack format, for "did you mean" on unknown keys."""
    names: set[str] = set()
    todo: list[type[BaseModel]] = [BaseModel]
    while todo:
        for cls in todo.pop().__subclasses__():
            if cls.__module__ == "lessons.model":
                names.update(cls.model_fields)
            todo.append(cls)
    return tuple(sorted(names))


_READ_AS = {bool: "true or false", datetime.date: "a date", datetime.datetime: "a date and time", type(None): "nothing (empty)"}


def _yaml_trap(details: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> str | None:
    """A plain-words message, with the fixed line, for text that YAML read as something else:
    ``Yes``/``No``/``on``/``off`` as true/false, ``2024-05-01`` as a date, an empty value."""
    if details["type"] != "string_type":
        return None
    value = details.get("input")
    what = next((label for kind, label in _READ_AS.items() if type(value) is kind), None)
    node = doc.node_at(loc)
    if what is None or not isinstance(node, ScalarNode) or node.style not in (None, ""):
        return None
    line = doc.source_line(node)
    start, end = node.start_mark.column, node.end_mark.column
    if node.start_mark.line != node.end_mark.line or not node.value:
        if value is None:
            return "the text is empty: write it after the colon, or remove the line"
        return None
    quoted = '"' + node.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    fixed = (line[:start] + quoted + line[end:]).strip()
    return f"'{node.value}' was read as {what}, not as text; put it in quotes: {fixed}"


def describe_error(details: Any) -> tuple[str, str]:
    """``(code, message)`` for one pydantic error (``error.errors()`` entry)."""
    kind = details["type"]
    ctx = details.get("ctx") or {}
    if kind == "missing":
        return E.MISSING_FIELD, "required field is missing"
    if kind == "extra_forbidden":
        return E.UNKNOWN_FIELD, "unknown field"
    if kind == "union_tag_invalid":
        guess = closest(str(ctx.get("tag")), ITEM_TYPES)
        hint = f"; did you mean '{guess}'?" if guess else ""
        return E.UNKNOWN_ITEM_TYPE, f"unknown item type '{ctx.get('tag')}'{hint} (use one of {', '.join(ITEM_TYPES)})"
    if kind == "less_than_equal" and details["loc"][-1:] == ("at_least",) and _is_percent(details.get("input")):
        percent = float(details["input"])
        return E.INVALID_VALUE, f"at_least is a fraction from 0 to 1: write {percent / 100:g} for {percent:g}%"
    if kind == "union_tag_not_found":
        return E.MISSING_FIELD, f"an item needs a 'type' (one of {', '.join(ITEM_TYPES)})"
    if kind == "unknown-condition":
        return E.UNKNOWN_CONDITION, details["msg"]
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_MESSAGES:
        return E.INVALID_VALUE, _PATTERN_MESSAGES[ctx["pattern"]]
    if kind in _TYPE_MESSAGES:
        return E.WRONG_TYPE, _TYPE_MESSAGES[kind]
    message = str(details["msg"])
    return E.INVALID_VALUE, message[:1].lower() + message[1:]


def _is_percent(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value <= 100


def _field_path(loc: tuple[Any, ...]) -> str:
    """``items[0].options[1].text`` from a pydantic loc (union tags left out)."""
    parts: list[str] = []
    previous: Any = None
    for part in loc:
        if part in ITEM_TYPES or part == previous or part == "[key]":
            previous = part
            continue
        previous = part
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".")


# ----- translatable strings of a model --------------------------------------------------------------


@functools.cache
def _localized_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(name for name in cls.model_fields if _has_marker(hints.get(name)))


def _has_marker(annotation: Any) -> bool:
    if annotation is LOCALIZED:
        return True
    return any(_has_marker(arg) for arg in typing.get_args(annotation))


def localized_texts(
    model: BaseModel, key: str, loc: tuple[Any, ...]
) -> Iterator[tuple[str, tuple[Any, ...], dict[str, str]]]:
    """Every translatable string in ``model``: ``(stable key, YAML loc, texts)``.

    Keys use ids where elements have them (``options.a.text``) and positions otherwise
    (``choices.0.text``), so they survive reordering wherever the format gives a handle.
    """
    localized = _localized_fields(type(model))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value is None:
            continue
        if name in localized:
            yield f"{key}.{name}", (*loc, name), value
        elif isinstance(value, BaseModel):
            yield from localized_texts(value, f"{key}.{name}", (*loc, name))
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, BaseModel):
                    handle = getattr(element, "id", None) or index
                    yield from localized_texts(element, f"{key}.{name}.{handle}", (*loc, name, index))
        elif isinstance(value, dict):
            for handle, element in value.items():
                if isinstance(element, BaseModel):
                    yield from localized_texts(element, f"{key}.{name}.{handle}", (*loc, name, handle))


def read_manifest(path: str | os.PathLike[str]) -> tuple[Manifest | None, list[PackError]]:
    """Only the manifest of the pack at ``path`` (for listings); the rest is not validated."""
    files = read_pack_files(path)
    data = files.files.get(MANIFEST_FILE)
    if data is None:
        return None, files.errors or [PackError(MANIFEST_FILE, 1, 1, E.MISSING_MANIFEST, "no pack.yaml")]
    loading = _Loading(files)
    loading.load_manifest()
    return loading.manifest, loading.errors
