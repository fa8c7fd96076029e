"""The event's secrets: an unguessable code, the room PIN and the organiser token."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# 72 random bits: nobody finds an event by trying codes, and the URL stays short enough to type.
CODE_BYTES = 9
TOKEN_BYTES = 32
PIN_DIGITS = 6


def new_code() -> str:
    """A fresh event code (12 URL-safe characters)."""
    return secrets.token_urlsafe(CODE_BYTES)


def new_pin() -> str:
    """A fresh six-digit room PIN (leading zeros allowed)."""
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def new_token() -> str:
    """A fresh organiser token (256 random bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the store keeps of the organiser token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(expected_hash: str, presented: object) -> bool:
    """True when ``presented`` (from a URL or browser storage) is the organiser token."""
    if not isinstance(presented, str) or not presented or len(presented) > 128:
        return False
    return hmac.compare_digest(expected_hash, token_hash(presented))
