"""The skill map (/me/skills): every feature of the app, locked or not, and exactly what unlocks it."""

from __future__ import annotations

import flet as ft

from edu_app.ui import learn_common as lc
from edu_app.ui import routes, theme, widgets
from edu_app.ui.context import Session
from edu_app.ui.locks import requirement_controls
from edu_app.ui.routes import Route


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    statuses = session.app.learning.features(session.profile.id, session.language)
    unlocked = sum(1 for s in statuses if s.unlocked)
    controls: list[ft.Control] = [
        ft.TextButton(t("common.back"), icon=ft.Icons.ARROW_BACK,
                      on_click=lambda _e: session.go(routes.destination_route(route.destination))),
        widgets.heading(t("skills.title")),
        ft.Text(t("skills.intro")),
        ft.Text(t("skills.count", unlocked=unlocked, total=len(statuses)), weight=ft.FontWeight.W_600),
    ]
    for status in statuses:
        controls.append(_feature_card(session, status))
    return widgets.scroll_column(controls)


def _feature_card(session: Session, status) -> ft.Control:  # type: ignore[no-untyped-def]
    t = session.t
    state = ft.Container(
        content=ft.Row(
            [
                ft.Icon(ft.Icons.LOCK_OPEN if status.unlocked else ft.Icons.LOCK_OUTLINE, size=16,
                        color=theme.RIGHT if status.unlocked else ft.Colors.ON_SURFACE_VARIANT),
                ft.Text(t("skills.unlocked") if status.unlocked else t("skills.locked"), size=13),
            ],
            spacing=4,
            tight=True,
        ),
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        border_radius=20,
        bgcolor=ft.Colors.with_opacity(0.12, theme.RIGHT if status.unlocked else ft.Colors.ON_SURFACE_VARIANT),
    )
    body: list[ft.Control] = [
        ft.Row(
            [ft.Text(status.title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600, expand=True),
             state],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        ft.Text(status.description),
        ft.Text(t("skills.what_it_takes") if not status.unlocked else t("skills.how_unlocked"),
                weight=ft.FontWeight.W_600),
        *requirement_controls(session, status.requirement),
    ]
    route = lc.FEATURE_ROUTES.get(status.feature)
    if status.unlocked and route:
        body.append(
            ft.TextButton(t("celebrate.go_to", feature=status.title), icon=ft.Icons.ARROW_FORWARD,
                          on_click=lambda _e: session.go(route))
        )
    return ft.Card(content=ft.Container(padding=16, content=ft.Column(body, spacing=8)))
