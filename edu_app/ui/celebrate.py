"""A short celebration for new badges and unlocked features: a dialog whose trophy pops in."""

from __future__ import annotations

import asyncio

import flet as ft

from edu_app.ui import learn_common as lc
from edu_app.ui import theme
from edu_app.ui.context import Session
from edu_app.ui.widgets import Dialog


def celebrate(session: Session, badges: list, features: list[str]) -> None:  # type: ignore[type-arg]
    """Show the celebration dialog when there is something to celebrate."""
    if not badges and not features:
        return
    t = session.t
    titles = {}
    if features:
        assert session.profile is not None
        titles = {s.feature: s.title for s in session.app.learning.features(session.profile.id, session.language)}
    trophy = ft.Container(
        content=ft.Icon(ft.Icons.EMOJI_EVENTS, size=72, color=theme.REWARD),
        scale=0.3,
        animate_scale=ft.Animation(600, ft.AnimationCurve.ELASTIC_OUT),
        alignment=ft.Alignment.CENTER,
    )
    lines: list[ft.Control] = [trophy]
    for badge in badges:
        lines.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.MILITARY_TECH, color=theme.REWARD),
                    ft.Column(
                        [ft.Text(t("celebrate.badge", badge=badge.title), weight=ft.FontWeight.W_600),
                         ft.Text(badge.description, theme_style=ft.TextThemeStyle.BODY_SMALL)],
                        spacing=2,
                        expand=True,
                    ),
                ]
            )
        )
    actions: list[ft.Control] = [ft.TextButton(t("celebrate.close"), on_click=lambda _e: dialog.close())]
    for feature in features:
        title = titles.get(feature, feature)
        lines.append(
            ft.Row(
                [ft.Icon(ft.Icons.LOCK_OPEN, color=theme.RIGHT),
                 ft.Text(t("celebrate.unlocked", feature=title), weight=ft.FontWeight.W_600, expand=True)]
            )
        )

        def go(_e: object, route: str = lc.feature_route(feature)) -> None:
            # Navigate once the dialog has closed (see widgets.Dialog).
            dialog.close(then=lambda: session.go(route))

        actions.append(ft.FilledButton(t("celebrate.go_to", feature=title), on_click=go))
    dialog = Dialog(
        session.page,
        title=ft.Text(t("celebrate.title"), text_align=ft.TextAlign.CENTER),
        content=ft.Column(lines, tight=True, spacing=12, width=360),
        scrollable=True,
        actions=actions,
        actions_alignment=ft.MainAxisAlignment.END,
    )
    dialog.show()

    async def pop_in() -> None:
        await asyncio.sleep(0.05)
        trophy.scale = 1.0
        try:
            trophy.update()
        except Exception:  # noqa: BLE001 - the dialog may already be closed
            pass

    session.page.run_task(pop_in)
