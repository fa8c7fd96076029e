"""Build the bundled emoji font: assets/fonts/NotoColorEmoji-subset.ttf.

Offline web mode has no emoji glyphs of its own, and the nickname rules accept any emoji, so the
app ships every emoji of Noto Color Emoji (SIL OFL 1.1): single code points, ZWJ sequences such
as 👩‍💻 and family groups, flags such as 🇨🇳, skin tones and keycaps (all kept through the font's
ligature table). The full font is 11 MB because each picture is a 136x128 PNG; nicknames show
emoji at 14-32 logical pixels, so the pictures are scaled down to ``--ppem`` pixels per em
(default 48: exact for 24 px text on a 2x screen, slightly soft on a 3x one) with a 64-colour
palette, which brings the whole set to 4.7 MB (64 px: 6.1 MB). The app loads it only once a
screen shows an emoji (edu_app/ui/theme.py), so learners without one never download it. Source: Debian's fonts-noto-color-emoji package.

Usage: python tools/make_emoji_font.py [--ppem N] [--colors N] [-o OUT] [SOURCE.ttf]
Needs fonttools and Pillow (the "fonts" extra; not runtime dependencies).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image

SOURCE = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
TARGET = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "NotoColorEmoji-subset.ttf"
DEFAULT_PPEM = 48
# Colours per picture: a 64-colour palette is indistinguishable at nickname size and about a
# third smaller than 256 colours.
DEFAULT_COLORS = 64
_LINE_METRICS = ("ascender", "descender", "widthMax", "minOriginSB", "minAdvanceSB", "maxBeforeBL", "minAfterBL")
_GLYPH_METRICS = ("height", "width", "BearingX", "BearingY", "Advance")


def scale_strikes(font: TTFont, ppem: int, colors: int = DEFAULT_COLORS) -> None:
    """Scale every colour bitmap (CBDT) of ``font`` to ``ppem`` pixels per em, with its metrics."""
    for strike, data in zip(font["CBLC"].strikes, font["CBDT"].strikeData, strict=True):
        table = strike.bitmapSizeTable
        factor = ppem / table.ppemY
        table.ppemX = table.ppemY = ppem
        for lines in (table.hori, table.vert):
            for name in _LINE_METRICS:
                setattr(lines, name, round(getattr(lines, name) * factor))
        for glyph in data.values():
            glyph.ensureDecompiled()
            metrics = glyph.metrics
            for name in _GLYPH_METRICS:
                setattr(metrics, name, max(0, round(getattr(metrics, name) * factor)) if name in ("height", "width")
                        else round(getattr(metrics, name) * factor))
            with Image.open(io.BytesIO(glyph.imageData)) as image:
                small = image.convert("RGBA").resize((max(1, metrics.width), max(1, metrics.height)), Image.LANCZOS)
            out = io.BytesIO()
            small.quantize(colors=colors, method=Image.Quantize.FASTOCTREE).save(out, format="PNG", optimize=True)
            glyph.imageData = out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("--ppem", type=int, default=DEFAULT_PPEM, help="pixels per em of the pictures")
    parser.add_argument("--colors", type=int, default=DEFAULT_COLORS, help="palette size of each picture")
    parser.add_argument("-o", "--output", type=Path, default=TARGET)
    args = parser.parse_args()
    font = TTFont(str(args.source))
    scale_strikes(font, args.ppem, args.colors)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(args.output))
    print(f"wrote {args.output}: {args.output.stat().st_size:,} bytes ({len(font.getBestCmap())} code points, "
          f"{len(font.getGlyphOrder())} glyphs, {args.ppem} px per em)")


if __name__ == "__main__":
    main()
