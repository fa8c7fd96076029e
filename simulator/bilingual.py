"""Text in the two languages the app speaks: English and Simplified Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("en", "zh-CN")


@dataclass(frozen=True, slots=True)
class Bilingual:
    """One piece of user-facing text in English (``en``) and Simplified Chinese (``zh``)."""

    en: str
    zh: str

    def get(self, lang: str = "en") -> str:
        """The text in ``lang`` ("en" or "zh-CN"); anything starting with "zh" picks Chinese."""
        return self.zh if lang.lower().startswith("zh") else self.en

    def format(self, **params: object) -> Bilingual:
        """Both texts with ``{named}`` placeholders filled in."""
        return Bilingual(self.en.format(**params), self.zh.format(**params))

    def to_dict(self) -> dict[str, str]:
        """``{"en": ..., "zh-CN": ...}``, the shape used in JSON and YAML files."""
        return {"en": self.en, "zh-CN": self.zh}

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> Bilingual:
        """Inverse of ``to_dict``."""
        return cls(en=data["en"], zh=data["zh-CN"])

    def joined(self, separator: str = " / ") -> str:
        """Both languages on one line, for places with no language setting (the CLI's stderr)."""
        return f"{self.en}{separator}{self.zh}"
