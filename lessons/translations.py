"""Translation checks and the translation lock.

Every translatable string has a stable key (``items.gr-single.options.a.text``,
``lessons.guaranteed-returns.cards.2``). For each language other than the source language:

* **missing**: the key has no text in that language;
* **stale**: ``translations.lock.yaml`` records a hash of the source text that differs from
  the current source text, so the source changed after the translation was confirmed;
* **unconfirmed**: the translation exists but the lock has no entry for it (a warning).

``edu-app pack translations PATH --accept LANG`` records the current source hashes for LANG.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

from lessons import errors as E
from lessons.errors import PackError
from lessons.yamlsafe import parse_yaml

LOCK_FILE = "translations.lock.yaml"
HASH_LENGTH = 12
_LOCK_HEADER = (
    "# Which source text each translation was confirmed against (short sha256 of the source).\n"
    "# Written by `edu-app pack translations PATH --accept LANG`; do not edit by hand.\n"
)

#: ``locate(language)`` -> ``(path, line, col)`` of that language's text; ``None`` means the
#: string as a whole (used when even the source text is missing).
Locator = Callable[[str | None], tuple[str, int, int]]


@dataclass(frozen=True)
class TranslatableText:
    """One translatable string of the pack, in every language it exists in."""

    key: str
    texts: Mapping[str, str]
    locate: Locator = field(repr=False, compare=False)


@dataclass(frozen=True, order=True)
class TranslationIssue:
    """A missing, stale or unconfirmed translation. The location is the translation's, or the
    source text's when the translation is missing."""

    path: str
    line: int
    col: int
    language: str
    key: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.language}: {self.key}"

    def to_dict(self) -> dict[str, Any]:
        """The issue as a JSON-ready dict."""
        return asdict(self)


@dataclass
class TranslationReport:
    """What the translation check found, per kind."""

    missing: list[TranslationIssue] = field(default_factory=list)
    stale: list[TranslationIssue] = field(default_factory=list)
    unconfirmed: list[TranslationIssue] = field(default_factory=list)


def text_hash(text: str) -> str:
    """The short sha256 of a source text that the lock records."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def check_translations(
    texts: Iterable[TranslatableText],
    languages: list[str],
    source_language: str,
    lock: Mapping[str, Mapping[str, str]],
) -> tuple[TranslationReport, list[PackError]]:
    """Compare every string against the declared languages and the lock.

    Errors: text in an undeclared language, or a string with no source-language text.
    """
    report = TranslationReport()
    errors: list[PackError] = []
    declared = set(languages)
    targets = [language for language in languages if language != source_language]
    for entry in texts:
        for language in entry.texts:
            if language not in declared:
                path, line, col = entry.locate(language)
                errors.append(
                    PackError(path, line, col, E.UNKNOWN_LANGUAGE, f"language '{language}' is not declared in pack.yaml")
                )
        source = entry.texts.get(source_language)
        if source is None:
            path, line, col = entry.locate(None)
            errors.append(
                PackError(path, line, col, E.MISSING_SOURCE_TEXT, f"no text in the source language '{source_language}'")
            )
            continue
        digest: str | None = None
        for language in targets:
            if language not in entry.texts:
                report.missing.append(TranslationIssue(*entry.locate(source_language), language, entry.key))
                continue
            confirmed = lock.get(language, {}).get(entry.key)
            if confirmed is None:
                report.unconfirmed.append(TranslationIssue(*entry.locate(language), language, entry.key))
                continue
            digest = digest or text_hash(source)
            if confirmed != digest:
                report.stale.append(TranslationIssue(*entry.locate(language), language, entry.key))
    for issues in (report.missing, report.stale, report.unconfirmed):
        issues.sort()
    return report, errors


def read_lock(data: bytes | None) -> tuple[dict[str, dict[str, str]], list[PackError]]:
    """Parse ``translations.lock.yaml`` (absent: empty lock). Malformed entries are errors."""
    if data is None:
        return {}, []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, [PackError(LOCK_FILE, 1, 1, E.ENCODING, "the file is not UTF-8 text")]
    raw, doc, errors = parse_yaml(text, LOCK_FILE)
    lock: dict[str, dict[str, str]] = {}
    if raw is None:
        return lock, errors
    if not isinstance(raw, dict):
        return lock, [*errors, doc.error((), E.BAD_LOCK, "the lock is a map from language to {key: hash}")]
    for language, entries in raw.items():
        if not isinstance(language, str) or not isinstance(entries, dict):
            errors.append(doc.error((language,), E.BAD_LOCK, "the lock is a map from language to {key: hash}", key=True))
            continue
        good = {}
        for key, digest in entries.items():
            if isinstance(key, str) and isinstance(digest, str):
                good[key] = digest
            else:
                errors.append(doc.error((language, key), E.BAD_LOCK, "each lock entry is 'key: hash'", key=True))
        lock[language] = good
    return lock, errors


def accept_language(
    texts: Iterable[TranslatableText],
    source_language: str,
    language: str,
    lock: Mapping[str, Mapping[str, str]],
) -> dict[str, dict[str, str]]:
    """A new lock in which every existing ``language`` translation is confirmed against the
    current source text. Entries of other languages are kept; stale keys of ``language`` go."""
    new_lock = {lang: dict(entries) for lang, entries in lock.items() if lang != language}
    new_lock[language] = {
        entry.key: text_hash(entry.texts[source_language])
        for entry in texts
        if language in entry.texts and source_language in entry.texts
    }
    return new_lock


def dump_lock(lock: Mapping[str, Mapping[str, str]]) -> str:
    """The lock as YAML text, sorted so that it diffs well."""
    ordered = {language: dict(sorted(lock[language].items())) for language in sorted(lock) if lock[language]}
    body = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    return _LOCK_HEADER + (body if ordered else "{}\n")
