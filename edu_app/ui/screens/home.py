"""Home: the knowledge score, level and XP, streak, daily goal, and the next step."""

from __future__ import annotations

import flet as ft

from edu_app.ui import learn_common as lc
from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.locks import feature_status, locked_panel
from edu_app.ui.routes import Route


def stat_card(title: str, value: str, *extra: ft.Control, icon: ft.IconData) -> ft.Control:
    """A small card with a title, a big value and optional details; half a row on wide screens."""
    return ft.Container(
        col={"xs": 6},
        content=ft.Card(
            content=ft.Container(
                padding=12,
                content=ft.Column(
                    [
                        ft.Row([ft.Icon(icon, color=ft.Colors.PRIMARY),
                                ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_SMALL, expand=True)]),
                        ft.Text(value, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_700),
                        *extra,
                    ],
                    spacing=6,
                ),
            )
        ),
    )


def progress_cards(session: Session, progress) -> ft.Control:  # type: ignore[no-untyped-def]
    """Score, level, streak and daily goal as a responsive grid of cards (shared with Me)."""
    t = session.t
    goal = max(1, progress.daily_goal_xp)
    return ft.ResponsiveRow(
        [
            stat_card(
                t("home.score_title"),
                t("home.score_value", score=progress.score),
                ft.ProgressBar(value=progress.score / 100, border_radius=4),
                ft.Text(t("home.score_hint"), theme_style=ft.TextThemeStyle.BODY_SMALL),
                icon=ft.Icons.INSIGHTS,
            ),
            stat_card(
                t("progress.level_title"),
                t("progress.level", level=progress.level),
                ft.ProgressBar(value=progress.xp_into_level / max(1, progress.xp_for_next_level), border_radius=4),
                ft.Text(t("progress.xp_to_next", xp=progress.xp_into_level, needed=progress.xp_for_next_level,
                          total=progress.xp), theme_style=ft.TextThemeStyle.BODY_SMALL),
                icon=ft.Icons.STARS,
            ),
            stat_card(
                t("progress.streak_title"),
                t("progress.streak_days", days=progress.streak_days),
                ft.Text(t("progress.freezes", count=progress.freezes_available), theme_style=ft.TextThemeStyle.BODY_SMALL),
                ft.Text(t("progress.longest", days=progress.longest_streak), theme_style=ft.TextThemeStyle.BODY_SMALL),
                icon=ft.Icons.LOCAL_FIRE_DEPARTMENT,
            ),
            stat_card(
                t("progress.goal_title"),
                t("progress.goal_value", xp=progress.today_xp, goal=progress.daily_goal_xp),
                ft.ProgressBar(value=min(1.0, progress.today_xp / goal), border_radius=4),
                ft.Text(t("progress.goal_met") if progress.today_xp >= goal else t("progress.goal_hint"),
                        theme_style=ft.TextThemeStyle.BODY_SMALL),
                icon=ft.Icons.FLAG,
            ),
        ],
        spacing=8,
        run_spacing=8,
    )


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    progress = session.app.learning.progress(session.profile.id, session.language)
    following = lc.next_lesson(session)
    due = lc.due_reviews(session)
    next_step: list[ft.Control] = []
    if due:
        next_step.append(ft.Text(t("home.review_body", count=due)))
        next_step.append(
            ft.FilledButton(t("learn.review_due", count=due), icon=ft.Icons.REPLAY, on_click=lambda _e: lc.start_review(session))
        )
    if following is not None:
        pack, lesson = following
        new_learner = progress.lessons_completed == 0 and progress.answers == 0
        if new_learner:
            next_step.append(ft.Text(t("home.next_body")))
        # One way forward: "Start learning: …" for a new learner, "Continue: …" after that.
        label = t("home.start_first" if new_learner else "home.continue", lesson=lc.lesson_title(session, pack, lesson))
        button = ft.FilledButton if not due else ft.OutlinedButton
        next_step.append(
            button(label, icon=ft.Icons.PLAY_ARROW, on_click=lambda _e: session.go(lc.lesson_route(pack.id, lesson.id)))
        )
        if not new_learner:
            next_step.append(ft.TextButton(t("home.all_lessons"), icon=ft.Icons.SCHOOL, on_click=lambda _e: session.go("/learn")))
    else:
        next_step.append(ft.Text(t("home.all_done")))
        next_step.append(ft.TextButton(t("home.all_lessons"), icon=ft.Icons.SCHOOL, on_click=lambda _e: session.go("/learn")))
    controls: list[ft.Control] = [
        widgets.heading(t("home.greeting", nickname=session.profile.nickname)),
        progress_cards(session, progress),
        widgets.section(t("home.next_title"), *next_step),
    ]
    simulator = feature_status(session, "simulator")
    if simulator is not None and not simulator.unlocked:
        controls.append(locked_panel(session, simulator))
    elif simulator is not None:
        controls.append(
            widgets.notice(t("simulate.unlocked"), ft.Icons.LOCK_OPEN),
        )
    controls.append(widgets.notice(t("disclaimer.not_advice")))
    return widgets.scroll_column(controls)
