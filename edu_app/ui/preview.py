"""``edu-app pack preview``: show a pack being written, reloading it whenever a file changes.

Validation errors are shown inside the app instead of crashing it; while the pack is broken, the
last good version stays out of the catalog so nothing half-written is taught.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from lessons import LoadResult, Pack, load_pack

log = logging.getLogger(__name__)


class PackPreview:
    """The pack under preview: its latest load result, reloaded on every change to its files."""

    def __init__(self, pack_dir: Path) -> None:
        self.pack_dir = pack_dir.resolve()
        self.result: LoadResult = load_pack(self.pack_dir)
        self.revision = 1
        self._listeners: list[Callable[[], None]] = []
        self._stop = threading.Event()

    @property
    def pack(self) -> Pack | None:
        """The previewed pack when it is valid, else None."""
        return self.result.pack if self.result.ok else None

    def packs_with(self, others: list[Pack]) -> list[Pack]:
        """The library's packs with the previewed one in place of any pack with the same id."""
        pack = self.pack
        if pack is None:
            return others
        return [p for p in others if p.id != pack.id] + [pack]

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (from the watcher thread) after each reload."""
        self._listeners.append(listener)

    def reload(self) -> None:
        """Load the pack again and tell every listener."""
        self.result = load_pack(self.pack_dir)
        self.revision += 1
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # noqa: BLE001 - one closed browser tab must not stop the others
                log.exception("preview listener failed")

    def watch_in_background(self) -> None:
        """Start a daemon thread that reloads the pack whenever one of its files changes."""
        from watchfiles import watch

        def run() -> None:
            for _changes in watch(self.pack_dir, stop_event=self._stop, debounce=300):
                self.reload()

        threading.Thread(target=run, name="pack-preview-watcher", daemon=True).start()

    def stop(self) -> None:
        """Stop watching."""
        self._stop.set()
