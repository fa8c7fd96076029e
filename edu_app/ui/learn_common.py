"""Helpers the learn-loop screens share: titles, the next lesson, starting quizzes and reviews,
where a feature lives, and lesson tiles."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from edu_app.ui import theme
from edu_app.ui.context import Session
from lessons import Lesson, Pack

#: Where each feature is used in the app (a place to go once it is unlocked).
FEATURE_ROUTES = {"simulator": "/simulate"}


def pack_title(session: Session, pack: Pack) -> str:
    return pack.text(pack.manifest.title, session.language)


def lesson_title(session: Session, pack: Pack, lesson: Lesson) -> str:
    return pack.text(lesson.title, session.language)


def lesson_route(pack_id: str, lesson_id: str, card: int | None = None) -> str:
    base = f"/learn/{pack_id}/{lesson_id}"
    return f"{base}?card={card}" if card and card > 1 else base


def quiz_key(pack_id: str, lesson_id: str) -> str:
    return f"lesson:{pack_id}/{lesson_id}"


REVIEW_KEY = "review"


def start_quiz(session: Session, pack_id: str, lesson_id: str) -> None:
    """Open a lesson's quiz from the start (a finished earlier run is dropped)."""
    run = session.quiz_runs.get(quiz_key(pack_id, lesson_id))
    if run is not None and run.finished:
        del session.quiz_runs[quiz_key(pack_id, lesson_id)]
    session.go(f"/learn/{pack_id}/{lesson_id}/quiz")


def start_review(session: Session) -> None:
    """Open today's review session (a finished earlier session is dropped)."""
    run = session.quiz_runs.get(REVIEW_KEY)
    if run is not None and run.finished:
        del session.quiz_runs[REVIEW_KEY]
    session.go("/learn/review")


def next_lesson(session: Session) -> tuple[Pack, Lesson] | None:
    """The first lesson, in pack and lesson order, whose quiz is not completed yet."""
    assert session.profile is not None
    for pack in ordered_packs(session):
        status = session.app.learning.lesson_status(session.profile.id, pack.id)
        for lesson in pack.lessons:
            entry = status.get(lesson.id)
            if entry is None or not entry.completed:
                return pack, lesson
    return None


def ordered_packs(session: Session) -> list[Pack]:
    """Packs in learning order: the anti-fraud essentials first (they unlock the simulator),
    then the others by id."""
    packs = session.app.catalog.packs()
    first = "anti-fraud-essentials"
    return sorted(packs, key=lambda p: (p.id != first, p.id))


def due_reviews(session: Session) -> int:
    assert session.profile is not None
    return len(session.app.learning.review_queue(session.profile.id))


def feature_route(feature: str) -> str:
    return FEATURE_ROUTES.get(feature, "/me/skills")


def lesson_tile(
    session: Session, pack: Pack, lesson: Lesson, completed: bool, best: float | None, on_open: Callable[[], None]
) -> ft.Control:
    """A lesson in a list: done or not, title, minutes and best quiz score. A button."""
    t = session.t
    meta = []
    if lesson.minutes:
        meta.append(t("learn.minutes", minutes=lesson.minutes))
    if lesson.items:
        meta.append(t("learn.questions", count=len(lesson.items)))
    if best is not None:
        meta.append(t("learn.best_score", percent=round(best * 100)))
    status = t("learn.done") if completed else t("learn.not_done")
    return ft.Container(
        content=ft.Row(
            [
                ft.Icon(
                    ft.Icons.CHECK_CIRCLE if completed else ft.Icons.PLAY_CIRCLE_OUTLINE,
                    color=theme.RIGHT if completed else ft.Colors.PRIMARY,
                ),
                ft.Column(
                    [
                        ft.Text(lesson_title(session, pack, lesson), weight=ft.FontWeight.W_600),
                        ft.Text(" · ".join([status, *meta]), theme_style=ft.TextThemeStyle.BODY_SMALL),
                    ],
                    spacing=2,
                    expand=True,
                ),
                ft.Icon(ft.Icons.CHEVRON_RIGHT),
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        padding=ft.Padding.symmetric(horizontal=12, vertical=10),
        border_radius=12,
        on_click=lambda _e: on_open(),
        ink=True,
    )
