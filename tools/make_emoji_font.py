"""Build the bundled emoji subset: assets/fonts/NotoColorEmoji-subset.ttf.

Offline web mode has no emoji glyphs of its own, so nicknames such as "小明🐼" would show boxes.
The full Noto Color Emoji (SIL OFL 1.1) is 11 MB, too heavy for phones in an event hall to
download, so the app ships the faces, hands, hearts, animals, plants, food and common symbols
(about 700 glyphs). Other emoji still show a box; the nickname itself is stored intact.
Source: Debian's fonts-noto-color-emoji package.

Usage: python tools/make_emoji_font.py [SOURCE.ttf]
Needs fonttools (not a runtime dependency).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
TARGET = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "NotoColorEmoji-subset.ttf"
RANGES = [
    (0x1F600, 0x1F64F),  # faces and gestures
    (0x1F400, 0x1F43F),  # animals
    (0x1F980, 0x1F9AE),  # more animals
    (0x1F330, 0x1F37F),  # plants and food
    (0x1F440, 0x1F450),  # hands
    (0x1F493, 0x1F49F),  # hearts
    (0x1F4B0, 0x1F4B8),  # money
    (0x1F4C8, 0x1F4CA),  # charts
    (0x1F525, 0x1F525), (0x1F680, 0x1F680), (0x1F389, 0x1F38A), (0x1F3C6, 0x1F3C6),
    (0x1F947, 0x1F949), (0x1F31F, 0x1F31F), (0x1F308, 0x1F308), (0x1F512, 0x1F513),
    (0x1F914, 0x1F92F), (0x1F970, 0x1F97A),  # more faces
    (0x2764, 0x2764), (0x2B50, 0x2B50), (0x2728, 0x2728), (0x2705, 0x2705), (0x274C, 0x274C),
    (0x26A0, 0x26A0), (0x270C, 0x270D), (0x261D, 0x261D), (0x263A, 0x263A), (0x2600, 0x2601),
    (0xFE0F, 0xFE0F), (0x200D, 0x200D),
]


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    font = TTFont(str(source))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for start, end in RANGES for c in range(start, end + 1)])
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(TARGET))
    print(f"wrote {TARGET} ({TARGET.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
