"""Learn: the lesson packs and their lessons."""

from __future__ import annotations

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    return widgets.scroll_column(
        [
            widgets.heading(t("learn.title")),
            ft.Text(t("learn.intro")),
            widgets.notice(t("learn.coming_soon"), ft.Icons.MENU_BOOK_OUTLINED),
            ft.OutlinedButton(t("learn.library"), icon=ft.Icons.LIBRARY_BOOKS, on_click=lambda _e: session.go("/learn/library")),
        ]
    )


def build_lesson(session: Session, route: Route) -> ft.Control:
    t = session.t
    return widgets.scroll_column(
        [
            ft.TextButton(t("common.back"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/learn")),
            widgets.heading(t("lesson.title", lesson=route.params.get("lesson", ""))),
            ft.Text(t("lesson.pack", pack=route.params.get("pack", ""))),
            widgets.notice(t("learn.coming_soon"), ft.Icons.MENU_BOOK_OUTLINED),
        ]
    )
