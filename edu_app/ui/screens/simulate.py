"""Simulate: the paper-trading simulator, locked until the learner earns it.

The simulator itself is built elsewhere; this screen shows the unlock state: while locked,
exactly what unlocks it and how far the learner is; once unlocked, a placeholder.
"""

from __future__ import annotations

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.locks import feature_status, locked_panel
from edu_app.ui.routes import Route


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    status = feature_status(session, "simulator")
    controls: list[ft.Control] = [widgets.heading(t("simulate.title"))]
    if status is not None and status.unlocked:
        controls += [
            widgets.notice(t("simulate.unlocked"), ft.Icons.LOCK_OPEN),
            ft.Text(t("simulate.placeholder")),
        ]
    else:
        controls += [
            widgets.notice(t("simulate.locked"), ft.Icons.LOCK_OUTLINE),
            ft.Text(t("simulate.how_to_unlock")),
        ]
        if status is not None:
            controls.append(locked_panel(session, status))
        controls.append(
            ft.FilledButton(t("home.start_learning"), icon=ft.Icons.SCHOOL, on_click=lambda _e: session.go("/learn"))
        )
    controls.append(widgets.notice(t("simulate.disclaimer")))
    return widgets.scroll_column(controls)
