"""Caps on what a pack may contain. Packs come from strangers: these stop zip bombs and floods.

Read at call time (``limits.MAX_FILES``), so tests can lower them with ``monkeypatch``.
"""

from __future__ import annotations

#: Most files (zip entries or folder files) a pack may hold.
MAX_FILES = 2_000
#: Largest single file, unpacked.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Largest total of all files, unpacked.
MAX_TOTAL_BYTES = 50 * 1024 * 1024
#: Largest unpacked/packed size ratio for a zip entry bigger than ``RATIO_CHECK_MIN_BYTES``;
#: ordinary text and images stay far below it, crafted bombs far above.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024
#: Deepest nesting of YAML collections (real packs need fewer than 10 levels).
MAX_YAML_DEPTH = 40
#: Image types the app (Flet) can show, by file extension.
MEDIA_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
