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
#: Most lines one lesson file may hold, and all lesson files of a pack together (the built-in
#: lessons hold under 100 lines, the built-in packs about 1,000). markdown-it-py spends tens of
#: microseconds on a line, so lines, not bytes, are what bound its block parse.
MAX_LESSON_LINES = 1_000
MAX_PACK_LESSON_LINES = 20_000
#: Most Markdown signs ([ ] * _ ` < ! and the like) in the paragraphs with links, images or
#: HTML of one lesson file, and of all lesson files of a pack. Only those paragraphs need
#: markdown-it's inline parse, which costs up to a few hundred microseconds a sign on crafted
#: input; the built-in lessons hold under 40 such signs, the built-in packs under 250.
MAX_LESSON_MARKUP = 2_000
MAX_PACK_MARKUP = 20_000
#: Most link, image and HTML problems reported for one lesson file; the first ones say enough.
MAX_MARKUP_ERRORS_PER_FILE = 100
#: Image types the app (Flet) can show, by file extension.
MEDIA_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
