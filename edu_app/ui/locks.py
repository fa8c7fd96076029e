"""Locked features say exactly what unlocks them: the requirement tree with the learner's progress."""

from __future__ import annotations

import flet as ft

from edu_app.ui import theme
from edu_app.ui.context import Session

_FRACTION_KINDS = ("quiz_score", "skill_mastery")


def requirement_controls(session: Session, requirement, depth: int = 0) -> list[ft.Control]:  # type: ignore[no-untyped-def]
    """One line per condition (met or not, its text, progress towards it), nested for all/any."""
    t = session.t
    indent = ft.Padding.only(left=20 * depth)
    if requirement.kind in ("all", "any"):
        head = t("locks.all_of") if requirement.kind == "all" else t("locks.any_of")
        if requirement.text:
            head = requirement.text
        lines: list[ft.Control] = []
        if depth > 0 or len(requirement.children) > 1:
            lines.append(ft.Container(ft.Text(head, weight=ft.FontWeight.W_600), padding=indent))
        for child in requirement.children:
            lines.extend(requirement_controls(session, child, depth + (1 if lines else 0)))
        return lines
    icon = ft.Icons.CHECK_CIRCLE if requirement.met else ft.Icons.RADIO_BUTTON_UNCHECKED
    color = theme.RIGHT if requirement.met else ft.Colors.ON_SURFACE_VARIANT
    status = t("locks.met") if requirement.met else t("locks.not_met")
    column: list[ft.Control] = [ft.Text(t("locks.line", text=requirement.text, status=status))]
    if requirement.kind in _FRACTION_KINDS and requirement.target:
        current = max(0.0, requirement.current or 0.0)
        column.append(
            ft.Row(
                [
                    ft.ProgressBar(value=min(1.0, current / requirement.target), expand=True, border_radius=4),
                    ft.Text(
                        t("locks.progress", current=round(current * 100), target=round(requirement.target * 100)),
                        theme_style=ft.TextThemeStyle.BODY_SMALL,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )
    return [
        ft.Container(
            ft.Row(
                [ft.Icon(icon, color=color, size=20), ft.Column(column, spacing=4, expand=True)],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            padding=indent,
        )
    ]


def feature_status(session: Session, feature: str):  # type: ignore[no-untyped-def]
    """The learner's FeatureStatus for ``feature`` (None for a feature no pack unlocks)."""
    assert session.profile is not None
    statuses = session.app.learning.features(session.profile.id, session.language)
    return next((status for status in statuses if status.feature == feature), None)


def locked_panel(session: Session, status, show_map_link: bool = True) -> ft.Control:  # type: ignore[no-untyped-def]
    """What a locked place in the app shows: it is locked, and exactly what unlocks it."""
    t = session.t
    controls: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(ft.Icons.LOCK_OUTLINE, color=ft.Colors.PRIMARY),
                ft.Text(t("locks.locked_title", feature=status.title), weight=ft.FontWeight.W_600, expand=True),
            ]
        ),
        ft.Text(t("locks.to_unlock")),
        *requirement_controls(session, status.requirement),
    ]
    if show_map_link:
        controls.append(
            ft.TextButton(t("skills.open"), icon=ft.Icons.ACCOUNT_TREE_OUTLINED, on_click=lambda _e: session.go("/me/skills"))
        )
    return ft.Container(
        content=ft.Column(controls, spacing=8),
        padding=16,
        border_radius=12,
        bgcolor=ft.Colors.with_opacity(0.06, ft.Colors.PRIMARY),
    )
