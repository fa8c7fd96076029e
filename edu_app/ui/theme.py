"""Colours and the bundled CJK font, so Chinese renders offline in every mode."""

from __future__ import annotations

import flet as ft

FONT_FAMILY = "Noto Sans SC"
FONT_FILE = "fonts/NotoSansSC-Regular-subset.otf"
SEED_COLOR = ft.Colors.TEAL
# Below this width the app uses the phone layout (bottom navigation bar).
PHONE_MAX_WIDTH = 720


def apply(page: ft.Page, theme: str) -> None:
    """Set the font and light/dark themes; ``theme`` is system, light or dark."""
    page.fonts = {FONT_FAMILY: FONT_FILE}
    page.theme = ft.Theme(color_scheme_seed=SEED_COLOR, font_family=FONT_FAMILY)
    page.dark_theme = ft.Theme(color_scheme_seed=SEED_COLOR, font_family=FONT_FAMILY)
    page.theme_mode = {
        "light": ft.ThemeMode.LIGHT,
        "dark": ft.ThemeMode.DARK,
    }.get(theme, ft.ThemeMode.SYSTEM)
