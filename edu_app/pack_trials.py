"""Packs opened from the studio to try in the real reader and quiz player, before they are
built and shared. They sit in the catalog beside the library's packs (replacing one with the
same id) until the app stops; nothing is installed."""

from __future__ import annotations

import threading

from lessons import Pack


class PackTrials:
    """The packs being tried, by id."""

    def __init__(self) -> None:
        self._packs: dict[str, Pack] = {}
        self._lock = threading.Lock()

    def put(self, pack: Pack) -> None:
        """Try ``pack`` (replacing an earlier version of it)."""
        with self._lock:
            self._packs[pack.id] = pack

    def packs_with(self, others: list[Pack]) -> list[Pack]:
        """``others`` with the tried packs in place of any pack with the same id."""
        with self._lock:
            tried = dict(self._packs)
        return [p for p in others if p.id not in tried] + list(tried.values())
