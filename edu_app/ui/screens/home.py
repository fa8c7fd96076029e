"""Home: a greeting, the knowledge score and the next step."""

from __future__ import annotations

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    return widgets.scroll_column(
        [
            widgets.heading(t("home.greeting", nickname=session.profile.nickname)),
            widgets.section(
                t("home.score_title"),
                ft.Text(t("home.score_value", score=0), theme_style=ft.TextThemeStyle.DISPLAY_SMALL),
                ft.Text(t("home.score_hint")),
            ),
            widgets.section(
                t("home.next_title"),
                ft.Text(t("home.next_body")),
                ft.FilledButton(t("home.start_learning"), icon=ft.Icons.SCHOOL, on_click=lambda _e: session.go("/learn")),
            ),
            widgets.notice(t("disclaimer.not_advice")),
        ]
    )
