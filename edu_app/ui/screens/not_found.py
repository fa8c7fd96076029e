"""A link to a page that does not exist: say so, and offer the way home."""

from __future__ import annotations

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    return widgets.scroll_column(
        [
            widgets.heading(t("not_found.title")),
            widgets.notice(t("not_found.body", path=route.params.get("path", "")), ft.Icons.LINK_OFF),
            ft.FilledButton(t("not_found.home"), icon=ft.Icons.HOME, on_click=lambda _e: session.go("/")),
        ]
    )
