"""The adaptive shell: a navigation bar on phones, a navigation rail on wider screens."""

from __future__ import annotations

import flet as ft

from edu_app.ui import routes, theme
from edu_app.ui.context import Session
from edu_app.ui.routes import Route

# Every screen is drawn in one view with this fixed route (the URL is ``page.route``): a view
# with a new route would be a new page for Flutter's navigator, which ignores taps while it
# switches pages, so a quick second tap on the bottom bar was lost.
SHELL_VIEW_ROUTE = "/"
_ICONS = {
    "home": (ft.Icons.HOME_OUTLINED, ft.Icons.HOME),
    "learn": (ft.Icons.SCHOOL_OUTLINED, ft.Icons.SCHOOL),
    "simulate": (ft.Icons.SHOW_CHART_OUTLINED, ft.Icons.SHOW_CHART),
    "me": (ft.Icons.PERSON_OUTLINE, ft.Icons.PERSON),
    "studio": (ft.Icons.EDIT_NOTE_OUTLINED, ft.Icons.EDIT_NOTE),
}


def is_phone(page: ft.Page) -> bool:
    """True when the window is narrow enough for the phone layout."""
    return (page.width or 0) < theme.PHONE_MAX_WIDTH


def build_view(session: Session, route: Route, body: ft.Control) -> ft.View:
    """Wrap a screen's ``body`` in the shell for ``route``."""
    t = session.t
    destinations = routes.HOST_DESTINATIONS if session.is_host else routes.DESTINATIONS
    selected = destinations.index(route.destination) if route.destination in destinations else 0

    def on_change(e: ft.Event[ft.NavigationBar] | ft.Event[ft.NavigationRail]) -> None:
        index = int(e.control.selected_index or 0)
        session.go(routes.destination_route(destinations[index]))

    appbar = ft.AppBar(
        title=ft.Text(t("app.name"), weight=ft.FontWeight.W_600),
        actions=[
            ft.IconButton(
                # The icon's label is what screen readers announce; a tooltip alone is not read.
                icon=ft.Icon(ft.Icons.TRANSLATE, semantics_label=t("shell.switch_language")),
                tooltip=t("shell.switch_language"),
                on_click=lambda _e: session.set_language("en" if session.language == "zh-CN" else "zh-CN"),
            ),
            ft.IconButton(
                icon=ft.Icon(ft.Icons.DARK_MODE_OUTLINED, semantics_label=t("shell.toggle_theme")),
                tooltip=t("shell.toggle_theme"),
                on_click=lambda _e: session.set_theme(_next_theme(session)),
            ),
        ],
    )
    if is_phone(session.page):
        bar = ft.NavigationBar(
            selected_index=selected,
            on_change=on_change,
            destinations=[
                ft.NavigationBarDestination(icon=_ICONS[d][0], selected_icon=_ICONS[d][1], label=t(f"nav.{d}"))
                for d in destinations
            ],
        )
        return ft.View(route=SHELL_VIEW_ROUTE, appbar=appbar, navigation_bar=bar, controls=[body], padding=12)
    rail = ft.NavigationRail(
        selected_index=selected,
        on_change=on_change,
        label_type=ft.NavigationRailLabelType.ALL,
        min_width=88,
        destinations=[
            ft.NavigationRailDestination(icon=_ICONS[d][0], selected_icon=_ICONS[d][1], label=t(f"nav.{d}"))
            for d in destinations
        ],
    )
    return ft.View(
        route=SHELL_VIEW_ROUTE,
        appbar=appbar,
        controls=[ft.Row([rail, ft.VerticalDivider(width=1), body], expand=True, vertical_alignment=ft.CrossAxisAlignment.START)],
        padding=0,
    )


def _next_theme(session: Session) -> str:
    current = session.profile.theme if session.profile else "system"
    if current == "dark":
        return "light"
    if current == "light":
        return "dark"
    brightness = session.page.platform_brightness
    return "light" if brightness == ft.Brightness.DARK else "dark"
