"""Nickname rules: 1-24 characters of any script or emoji, no control characters."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

MAX_LENGTH = 24
# Characters that join or modify the previous one; they do not make a new visible character.
_JOINERS = {"\u200d", "\u200c"}
_FORMAT_ALLOWED = _JOINERS


@dataclass
class NicknameError(ValueError):
    """A nickname broke a rule; ``code`` names the i18n message ``nickname.<code>``."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"nickname rejected: {self.code} {self.params}"


def visible_length(text: str) -> int:
    """Count user-perceived characters: combining marks, joiners, variation selectors and emoji
    modifiers attach to the character before them (close to Unicode grapheme clusters)."""
    count = 0
    join_next = False
    for char in text:
        code = ord(char)
        attaches = (
            unicodedata.combining(char) != 0
            or unicodedata.category(char) in {"Mn", "Me"}
            or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF
            or 0xE0020 <= code <= 0xE007F
        )
        if char in _JOINERS:
            join_next = True
            continue
        if attaches or join_next:
            join_next = False
            if count:
                continue
        count += 1
    return count


def normalise(text: str) -> str:
    """The nickname as stored: NFC-normalised with surrounding spaces removed."""
    return unicodedata.normalize("NFC", text).strip()


def nickname_key(text: str) -> str:
    """The comparison key that makes nicknames unique regardless of case or width."""
    return unicodedata.normalize("NFKC", normalise(text)).casefold()


def validate(text: str) -> str:
    """Return the normalised nickname or raise ``NicknameError``."""
    value = normalise(text)
    if not value:
        raise NicknameError("empty")
    for char in value:
        category = unicodedata.category(char)
        if category in {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"} or (
            category == "Cf" and char not in _FORMAT_ALLOWED and not 0xE0020 <= ord(char) <= 0xE007F
        ):
            raise NicknameError("control", {"char": f"U+{ord(char):04X}"})
    length = visible_length(value)
    if length > MAX_LENGTH:
        raise NicknameError("too_long", {"max": MAX_LENGTH, "length": length})
    return value
