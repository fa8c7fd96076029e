"""Merge two imports of the same questions in different languages into one bilingual pack.

A teacher who has a question bank in English and the same bank in Chinese imports each (GIFT,
Aiken, a sheet) and merges them: the first pack gives the ids, the structure and the source
language; the second adds its text as the translation. Lessons are matched by position, items
by position within their lesson, options, entries and segments by position, scenario states by
name. Everything that is not text (types, correct marks, answers, tolerances, links) must agree:
a difference means the two files are not the same questions, and is reported at its line in
both packs instead of being guessed at. The merged translations are confirmed in the lock,
since the teacher asserts they are the same questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lessons import errors as E
from lessons.errors import PackError
from lessons.files import PackFiles
from lessons.importers.common import dump_yaml
from lessons.loader import LoadResult, load_pack_files
from lessons.markdown import parse_lesson_file
from lessons.starter import confirm_translations
from lessons.yamlsafe import YamlDocument, parse_yaml

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
#: Keys whose values name things rather than say them: the first pack's are kept.
_NAMES = frozenset({"id"})


@dataclass
class MergeResult:
    """The merged pack's files (empty when anything disagrees) and every disagreement."""

    files: dict[str, bytes] = field(default_factory=dict)
    errors: list[PackError] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the packs matched and the merged pack was made."""
        return not self.errors


def merge_languages(first: PackFiles, second: PackFiles) -> MergeResult:
    """Merge ``second``'s languages into ``first`` (see the module docstring)."""
    loaded = [load_pack_files(first), load_pack_files(second)]
    errors = [
        PackError(f"{files.label}/{e.path}", e.line, e.col, e.code, e.message)
        for files, result in zip((first, second), loaded)
        for e in result.errors
    ]
    if errors:
        return MergeResult(errors=errors)
    a, b = loaded
    assert a.pack is not None and b.pack is not None
    added = [language for language in b.languages if language not in a.languages]
    if not added:
        message = f"{second.label} adds no language: both packs are in {', '.join(a.languages)}"
        return MergeResult(errors=[PackError(f"{second.label}/pack.yaml", 1, 1, E.INVALID_VALUE, message)])
    merger = _Merger(first, second)
    files = merger.merge(a, b, added)
    if merger.errors:
        return MergeResult(errors=sorted(merger.errors))
    files = confirm_translations(files)
    check = load_pack_files(PackFiles(files=dict(files)))
    if not check.ok:
        return MergeResult(errors=check.errors)
    return MergeResult(files=files, languages=check.languages)


class _Merger:
    def __init__(self, first: PackFiles, second: PackFiles) -> None:
        self.first = first
        self.second = second
        self.errors: list[PackError] = []

    def merge(self, a: LoadResult, b: LoadResult, added: list[str]) -> dict[str, bytes]:
        assert a.pack is not None and b.pack is not None
        files = {path: data for path, data in self.first.files.items() if not path.startswith("lessons/")}
        for path, data in self.second.files.items():
            if path.startswith("media/") and path not in files:
                files[path] = data
        files.pop("translations.lock.yaml", None)
        manifest_a, doc_a = self._yaml(self.first, "pack.yaml")
        manifest_b, doc_b = self._yaml(self.second, "pack.yaml")
        manifest = {
            **manifest_a,
            "languages": [*a.languages, *added],
            "title": {**manifest_b["title"], **manifest_a["title"]},
            "description": {**manifest_b["description"], **manifest_a["description"]},
        }
        if len(manifest_a.get("skills", [])) == len(manifest_b.get("skills", [])):
            manifest["skills"] = self._value(manifest_a.get("skills", []), manifest_b.get("skills", []), ("skills",), doc_a, doc_b)
        files["pack.yaml"] = dump_yaml(manifest)
        lessons_a, lessons_b = a.pack.manifest.lessons, b.pack.manifest.lessons
        if len(lessons_a) != len(lessons_b):
            self._differ(doc_a, doc_b, ("lessons",), ("lessons",), f"{len(lessons_a)} lessons here, {len(lessons_b)} in the other pack")
            return files
        for lesson_a, lesson_b in zip(lessons_a, lessons_b):
            self._lesson(files, a, lesson_a, b, lesson_b, added)
        return files

    def _lesson(self, files: dict[str, bytes], a: LoadResult, lesson_a: str, b: LoadResult, lesson_b: str, added: list[str]) -> None:
        folder_a, folder_b = f"lessons/{lesson_a}/", f"lessons/{lesson_b}/"
        for path, data in self.first.files.items():
            if path.startswith(folder_a):
                files[path] = data
        for language in added:
            source = self.second.files.get(f"{folder_b}{language}.md")
            if source is None:
                continue
            parsed = parse_lesson_file(source.decode("utf-8-sig"), f"{folder_b}{language}.md", self.second.files.keys())
            title = parsed.meta.get("title") if isinstance(parsed.meta, dict) else lesson_b
            body = source.decode("utf-8-sig").replace("\r\n", "\n").split("\n---\n", 1)[-1]
            files[f"{folder_a}{language}.md"] = ("---\n" + dump_yaml({"title": title}).decode() + "---\n" + body).encode()
        if f"{folder_a}quiz.yaml" not in self.first.files and f"{folder_b}quiz.yaml" not in self.second.files:
            return
        quiz_a, doc_a = self._yaml(self.first, f"{folder_a}quiz.yaml")
        quiz_b, doc_b = self._yaml(self.second, f"{folder_b}quiz.yaml")
        merged = self._value(quiz_a.get("items", []), quiz_b.get("items", []), ("items",), doc_a, doc_b)
        files[f"{folder_a}quiz.yaml"] = dump_yaml({"items": merged})

    def _yaml(self, files: PackFiles, path: str) -> tuple[dict[str, Any], YamlDocument]:
        data = files.files.get(path)
        if data is None:
            return {}, YamlDocument(f"{files.label}/{path}", None)
        raw, doc, _ = parse_yaml(data.decode("utf-8-sig"), f"{files.label}/{path}")
        return (raw if isinstance(raw, dict) else {}), doc

    def _value(self, a: Any, b: Any, loc: tuple[Any, ...], doc_a: YamlDocument, doc_b: YamlDocument) -> Any:
        if _is_text(a) and _is_text(b):
            return {**b, **a}
        if isinstance(a, dict) and isinstance(b, dict):
            result = {}
            for key in dict.fromkeys([*a, *b]):
                if key in a and key in b:
                    result[key] = a[key] if key in _NAMES else self._value(a[key], b[key], (*loc, key), doc_a, doc_b)
                elif key in a and (_is_text(a[key]) or key in _NAMES):
                    result[key] = a[key]
                elif key in b and _is_text(b[key]):
                    result[key] = b[key]
                else:
                    here = "here only" if key in a else "only in the other pack"
                    self._differ(doc_a, doc_b, (*loc, key), loc, f"'{key}' is {here}")
            return result
        if isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                self._differ(doc_a, doc_b, loc, loc, f"{len(a)} entries here, {len(b)} in the other pack")
                return a
            return [self._value(x, y, (*loc, i), doc_a, doc_b) for i, (x, y) in enumerate(zip(a, b))]
        if a != b:
            self._differ(doc_a, doc_b, loc, loc, f"{_show(loc)} is {a!r} here and {b!r} in the other pack")
        return a

    def _differ(self, doc_a: YamlDocument, doc_b: YamlDocument, loc_a: tuple[Any, ...], loc_b: tuple[Any, ...], what: str) -> None:
        line_b = doc_b.position(loc_b)[0]
        message = f"the packs differ: {what} ({doc_b.path}:{line_b}); merge only two imports of the same questions"
        self.errors.append(doc_a.error(loc_a, E.INVALID_VALUE, message))


def _is_text(value: Any) -> bool:
    """A translatable text: a non-empty map from language codes to strings."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and _LANGUAGE.fullmatch(k) and isinstance(v, str) for k, v in value.items())
    )


def _show(loc: tuple[Any, ...]) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc]
    return "".join(parts).lstrip(".")

