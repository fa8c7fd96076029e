"""Suggestions for names a teacher nearly got right: a file in another case, ``.yml`` for
``.yaml``, a misspelt field or item type."""

from __future__ import annotations

import difflib
from collections.abc import Collection


def did_you_mean(wanted: str, candidates: Collection[str], *, rename: bool = False) -> str:
    """``"; did you mean 'X'?"`` for the candidate closest to ``wanted`` (same text in another
    case, ``.yml`` for ``.yaml``, or a near spelling), or ``""``."""
    def normal(name: str) -> str:
        return name.lower().replace(".yml", ".yaml").replace(".markdown", ".md")

    target = normal(wanted)
    same = [c for c in candidates if normal(c) == target and c != wanted]
    if same:
        found = same[0]
    else:
        close = difflib.get_close_matches(wanted, list(candidates), n=1, cutoff=0.8)
        if not close:
            return ""
        found = close[0]
    return f"; found '{found}': rename it to '{wanted}'" if rename else f"; did you mean '{found}'?"


def closest(wanted: str, candidates: Collection[str], cutoff: float = 0.75) -> str | None:
    """The candidate nearest to ``wanted`` (ignoring case, ``-`` for ``_``), or ``None``."""
    def normal(name: str) -> str:
        return name.lower().replace("-", "_").replace(" ", "_")

    by_normal = {normal(c): c for c in candidates}
    if normal(wanted) in by_normal:
        return by_normal[normal(wanted)]
    close = difflib.get_close_matches(normal(wanted), list(by_normal), n=1, cutoff=cutoff)
    return by_normal[close[0]] if close else None
