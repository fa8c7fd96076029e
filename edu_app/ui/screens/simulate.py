"""Simulate: the paper-trading simulator, locked until the learner earns it."""

from __future__ import annotations

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    return widgets.scroll_column(
        [
            widgets.heading(t("simulate.title")),
            widgets.notice(t("simulate.locked"), ft.Icons.LOCK_OUTLINE),
            ft.Text(t("simulate.how_to_unlock")),
            ft.FilledButton(t("home.start_learning"), icon=ft.Icons.SCHOOL, on_click=lambda _e: session.go("/learn")),
            widgets.notice(t("disclaimer.not_advice")),
        ]
    )
