"""UI text catalogs (zh-CN and en) and the translator the screens use.

Every UI string lives in ``<lang>/<area>.json`` (one file per area of the app, so features can
add their strings without touching each other's files). A test checks that both languages have the
same keys and the same ``{placeholders}``, and that no key is defined twice.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "en"
_DIR = Path(__file__).resolve().parent


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
        return text.format(**params) if params else text
