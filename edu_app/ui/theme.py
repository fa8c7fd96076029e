"""Colours and fonts, so Chinese and emoji render offline in every mode, light or dark.

Latin text uses Roboto (Flutter's own default, served locally in web mode). Characters Roboto
lacks fall back to the bundled Noto Sans SC subset (Chinese) and then to the bundled Noto Color
Emoji subset. The fallback has to be set on every text style: a theme-wide font family alone
has no fallback list.

Colours come only from the theme's colour scheme (roles such as ``ON_SURFACE``, ``PRIMARY``,
``ERROR``), never fixed values, so both brightnesses stay readable. A ``TextTheme`` given to
Flutter *replaces* the brightness-aware default styles, colour included: a style without a
colour paints black, which is unreadable on the dark surface. So every style names its role.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable

import flet as ft

LATIN_FONT = "Roboto"
CJK_FONT = "Noto Sans SC"
EMOJI_FONT = "Noto Color Emoji"
FONTS = {CJK_FONT: "fonts/NotoSansSC-Regular-subset.otf"}
# Every emoji (sequences, flags, skin tones, keycaps: what the nickname rules accept) is several
# megabytes, and only nicknames use emoji, so the font is loaded once a screen shows one.
EMOJI_FONT_FILE = "fonts/NotoColorEmoji-subset.ttf"
SEED_COLOR = ft.Colors.TEAL
# Below this width the app uses the phone layout (bottom navigation bar).
PHONE_MAX_WIDTH = 720
# The widest a screen's content grows on a desktop, so cards line up in one column.
CONTENT_MAX_WIDTH = 760
_TEXT_STYLES = [
    f"{group}_{size}"
    for group in ("display", "headline", "title", "body", "label")
    for size in ("large", "medium", "small")
]

# Meanings the colour scheme has no role named for, mapped onto its roles so they follow the
# brightness: "right" is the primary role (teal, from the seed), "wrong" and destructive actions
# the error role, rewards (badges, trophies) the tertiary accent. Icons carry the meaning too,
# so nothing depends on telling two colours apart.
RIGHT = ft.Colors.PRIMARY
WRONG = ft.Colors.ERROR
DANGER = ft.Colors.ERROR
REWARD = ft.Colors.TERTIARY


def _text_theme(color: str) -> ft.TextTheme:
    style = ft.TextStyle(font_family=LATIN_FONT, font_family_fallback=[CJK_FONT, EMOJI_FONT], color=color)
    return ft.TextTheme(**{name: style for name in _TEXT_STYLES})


def _theme() -> ft.Theme:
    # Flet gives ``page.dark_theme`` the dark brightness itself (ft.Theme has no brightness field);
    # the colour roles below then resolve against whichever scheme is showing.
    none = ft.PageTransitionTheme.NONE
    return ft.Theme(
        color_scheme_seed=SEED_COLOR,
        font_family=LATIN_FONT,
        # Every navigation replaces the one view; an animated transition would swallow a tap that
        # lands while it plays (a quick second tap on the bottom bar was lost).
        page_transitions=ft.PageTransitionsTheme(android=none, ios=none, linux=none, macos=none, windows=none),
        text_theme=_text_theme(ft.Colors.ON_SURFACE),
        primary_text_theme=_text_theme(ft.Colors.ON_PRIMARY),
    )


def apply(page: ft.Page, theme: str) -> None:
    """Set the fonts and light/dark themes; ``theme`` is system, light or dark."""
    page.fonts = {**FONTS, **({EMOJI_FONT: EMOJI_FONT_FILE} if EMOJI_FONT in (page.fonts or {}) else {})}
    page.theme = _theme()
    page.dark_theme = _theme()
    page.theme_mode = {
        "light": ft.ThemeMode.LIGHT,
        "dark": ft.ThemeMode.DARK,
    }.get(theme, ft.ThemeMode.SYSTEM)


# Code points drawn from the emoji font: pictographs, dingbats and symbols, regional indicators,
# skin tones, tags (subdivision flags), the keycap mark, ZWJ and the emoji variation selector.
_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0xE0020, 0xE007F), (0x2300, 0x23FF),
    (0x20E3, 0x20E3), (0x200D, 0x200D), (0xFE0F, 0xFE0F), (0x3030, 0x3030), (0x303D, 0x303D),
    (0x3297, 0x3297), (0x3299, 0x3299), (0x203C, 0x203C), (0x2049, 0x2049), (0x25AA, 0x25FE),
)


_EMOJI_PATTERN = re.compile("[" + "".join(f"{chr(start)}-{chr(end)}" for start, end in _EMOJI_RANGES) + "]")


def has_emoji(text: str) -> bool:
    """True when ``text`` has a character that only the emoji font draws."""
    return not text.isascii() and _EMOJI_PATTERN.search(text) is not None


@functools.cache
def _public_fields(cls: type) -> tuple[str, ...]:
    """The fields of a control class that can hold what it shows (what ``_set_values`` misses)."""
    structural = getattr(cls, "_structural_fields", None)
    if structural is not None:
        # Flet keeps the properties a control was given in ``_values``; only lists such as
        # ``controls`` live outside it.
        return tuple(name for name in structural if not name.startswith("_"))
    return tuple(spec.name for spec in dataclasses.fields(cls) if not spec.name.startswith("_") and spec.name != "parent")


def _set_values(control: ft.BaseControl) -> Iterable[object]:
    given = getattr(control, "_values", None)
    return given.values() if isinstance(given, dict) and hasattr(type(control), "_structural_fields") else ()


def _shows_emoji(controls: Iterable[object]) -> bool:
    """True when a control tree holds a string (text value, label, hint...) with an emoji.

    Runs at every screen change, over every control of the screen: a plain loop with a stack,
    not nested generators, keeps it a few milliseconds for a long screen."""
    stack = list(controls)
    seen: set[int] = set()
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if has_emoji(value):
                return True
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, ft.BaseControl) and id(value) not in seen:
            seen.add(id(value))
            stack.extend(_set_values(value))
            stack.extend(getattr(value, name, None) for name in _public_fields(type(value)))
    return False


def ensure_emoji_font(page: ft.Page, *controls: ft.Control) -> bool:
    """Load the emoji font on ``page`` if ``controls`` show an emoji; True when it was added now."""
    fonts = dict(page.fonts or {})
    if EMOJI_FONT in fonts or not _shows_emoji(controls):
        return False
    fonts[EMOJI_FONT] = EMOJI_FONT_FILE
    page.fonts = fonts
    return True
