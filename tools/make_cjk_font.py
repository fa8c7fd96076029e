"""Build the bundled CJK font subset: assets/fonts/NotoSansSC-Regular-subset.otf.

Offline web mode has no CJK glyphs of its own, so the app ships Noto Sans CJK SC (SIL OFL 1.1),
subset to GB 2312 (all 6,763 hanzi and its symbols), ASCII, Latin-1, general and CJK punctuation,
full-width forms and a few symbols the UI uses. Source: Debian's fonts-noto-cjk package.

Every phone at an event downloads this font, so it keeps only what horizontal Chinese and Latin
text needs: the glyphs the characters map to, the layout features that shape horizontal text
(kerning, ligatures, marks, proportional punctuation), no vertical metrics, no CFF hints (at
phone resolutions Skia renders the outlines unhinted alike). The Japanese, Korean and traditional
Chinese glyph variants that ``locl``/``aalt`` would drag in are dropped: that halves the file.

Usage: python tools/make_cjk_font.py [SOURCE.ttc|SOURCE.otf]
SOURCE may also be a previous subset (same characters), e.g. the bundled file itself.
Needs fonttools (not a runtime dependency).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
TARGET = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "NotoSansSC-Regular-subset.otf"
SC_INDEX_NAME = "Noto Sans CJK SC"
HORIZONTAL_FEATURES = ["ccmp", "calt", "liga", "kern", "palt", "mark", "mkmk"]


def gb2312_characters() -> set[str]:
    """Every character encodable in GB 2312 (rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    chars: set[str] = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def extra_characters() -> set[str]:
    """ASCII, Latin-1, punctuation blocks and symbols used by the UI (arrows, currency, stars)."""
    ranges = [
        (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x20A0, 0x20BF), (0x2100, 0x214F),
        (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x2600, 0x26FF),
        (0x3000, 0x303F), (0xFF00, 0xFFEF),
    ]
    return {chr(c) for start, end in ranges for c in range(start, end + 1)}


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    if source.suffix.lower() == ".ttc":
        collection = TTCollection(str(source))
        font = next(f for f in collection.fonts if f["name"].getDebugName(4) == SC_INDEX_NAME)
    else:
        font = TTFont(str(source))
    options = subset.Options()
    options.layout_features = HORIZONTAL_FEATURES
    options.hinting = False
    options.drop_tables += ["vhea", "vmtx", "VORG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(gb2312_characters() | extra_characters())))
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(TARGET))
    print(f"wrote {TARGET} ({TARGET.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
