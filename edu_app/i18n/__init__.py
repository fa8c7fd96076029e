"""UI text catalogs (zh-CN and en) and the translator the screens use.

Every UI string lives in ``<lang>/<area>.json`` (one file per area of the app, so features can
add their strings without touching each other's files). A test checks that both languages have the
same keys and the same ``{placeholders}``, and that no key is defined twice.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "en"
_DIR = Path(__file__).resolve().parent
# English plural forms inside a message: "{count} {count:lesson|lessons}" reads "1 lesson",
# "2 lessons". Chinese has no plural forms and just uses "{count}".
_PLURAL = re.compile(r"\{(\w+):([^{}|]*)\|([^{}]*)\}")


_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "'": "'"}


def _unquoted(template: str, name: str, value: object) -> object:
    """``value`` without its own surrounding quotes when the template quotes it already, so an
    answer option written as “…” reads “…” and not ““…””."""
    if not isinstance(value, str) or len(value) < 2 or _QUOTE_PAIRS.get(value[0]) != value[-1]:
        return value
    if value[-1] in value[1:-1] or not any(f"{q}{{{name}}}" in template for q in _QUOTE_PAIRS):
        return value
    return value[1:-1]


def plural_forms(text: str, params: dict[str, object]) -> str:
    """Replace every ``{name:one|other}`` in ``text`` by the form that fits ``params[name]``."""
    return _PLURAL.sub(lambda m: m.group(2) if params.get(m.group(1)) == 1 else m.group(3), text)


@cache
def catalog(language: str) -> dict[str, str]:
    """The merged message catalog for ``language`` (one of ``LANGUAGES``)."""
    merged: dict[str, str] = {}
    for path in sorted((_DIR / language).glob("*.json")):
        with open(path, encoding="utf-8") as handle:
            part = json.load(handle)
        duplicates = merged.keys() & part.keys()
        if duplicates:
            raise ValueError(f"{path.name}: keys already defined in another file: {sorted(duplicates)}")
        merged.update(part)
    return merged


def language_from_locale(locale: str | None) -> str:
    """Map a locale tag such as ``zh_Hans_CN``, ``zh-TW`` or ``en-GB`` to a supported language."""
    if locale and locale.replace("_", "-").lower().startswith("zh"):
        return "zh-CN"
    return DEFAULT_LANGUAGE


class Translator:
    """Looks up UI strings in one language and fills in ``{named}`` placeholders."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._messages = catalog(self.language)

    def __call__(self, key: str, **params: object) -> str:
        text = self._messages.get(key)
        if text is None:
            # A missing key is a bug the catalog test catches; show the key rather than crash.
            return key
        if not params:
            return text
        values = {name: _unquoted(text, name, value) for name, value in params.items()}
        return plural_forms(text, params).format(**values)
