"""UI text catalogs (zh-CN and en) and the translator the screens use.

Every UI string lives in ``<lang>.json``; a test checks that both catalogs have the same keys and
the same ``{placeholders}``.
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
    """The message catalog for ``language`` (one of ``LANGUAGES``)."""
    with open(_DIR / f"{language}.json", encoding="utf-8") as handle:
        return json.load(handle)


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
