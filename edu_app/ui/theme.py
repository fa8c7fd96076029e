"""Colours and fonts, so Chinese and emoji render offline in every mode.

Latin text uses Roboto (Flutter's own default, served locally in web mode). Characters Roboto
lacks fall back to the bundled Noto Sans SC subset (Chinese) and then to the bundled Noto Color
Emoji subset. The fallback has to be set on every text style: a theme-wide font family alone
has no fallback list.
"""

from __future__ import annotations

import flet as ft

LATIN_FONT = "Roboto"
CJK_FONT = "Noto Sans SC"
EMOJI_FONT = "Noto Color Emoji"
FONTS = {
    CJK_FONT: "fonts/NotoSansSC-Regular-subset.otf",
    EMOJI_FONT: "fonts/NotoColorEmoji-subset.ttf",
}
SEED_COLOR = ft.Colors.TEAL
# Below this width the app uses the phone layout (bottom navigation bar).
PHONE_MAX_WIDTH = 720
_TEXT_STYLES = [
    f"{group}_{size}"
    for group in ("display", "headline", "title", "body", "label")
    for size in ("large", "medium", "small")
]


def _theme() -> ft.Theme:
    style = ft.TextStyle(font_family=LATIN_FONT, font_family_fallback=[CJK_FONT, EMOJI_FONT])
    return ft.Theme(
        color_scheme_seed=SEED_COLOR,
        font_family=LATIN_FONT,
        text_theme=ft.TextTheme(**{name: style for name in _TEXT_STYLES}),
        primary_text_theme=ft.TextTheme(**{name: style for name in _TEXT_STYLES}),
    )


def apply(page: ft.Page, theme: str) -> None:
    """Set the fonts and light/dark themes; ``theme`` is system, light or dark."""
    page.fonts = dict(FONTS)
    page.theme = _theme()
    page.dark_theme = _theme()
    page.theme_mode = {
        "light": ft.ThemeMode.LIGHT,
        "dark": ft.ThemeMode.DARK,
    }.get(theme, ft.ThemeMode.SYSTEM)
