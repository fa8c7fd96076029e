"""Today's review session (/learn/review): the items due, oldest first, with the same player.

Wrong answers come back the next day; right ones after longer and longer gaps (FSRS in
edu_app/learning). A review has no pass mark: every answer just reschedules its item.
"""

from __future__ import annotations

import flet as ft

from edu_app.ui import learn_common as lc
from edu_app.ui import widgets
from edu_app.ui.celebrate import celebrate
from edu_app.ui.context import Session
from edu_app.ui.quiz.player import QuizEntry, QuizPlayer, QuizRun, resolve
from edu_app.ui.routes import Route


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    header: list[ft.Control] = [
        ft.TextButton(t("common.back"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/learn")),
        widgets.heading(t("review.title")),
    ]
    run = session.quiz_runs.get(lc.REVIEW_KEY)
    if run is None:
        due = session.app.learning.review_queue(session.profile.id)
        entries = [QuizEntry(item.pack_id, item.item_id, item.lesson_id) for item in due]
        entries = [entry for entry in entries if resolve(session, entry) is not None]
        if not entries:
            return widgets.scroll_column(
                [
                    *header,
                    widgets.notice(t("review.empty"), ft.Icons.EVENT_AVAILABLE),
                    ft.Text(t("review.how")),
                    ft.FilledButton(t("review.to_learn"), icon=ft.Icons.SCHOOL, on_click=lambda _e: session.go("/learn")),
                ]
            )
        run = QuizRun(kind="review", entries=entries)
        session.quiz_runs[lc.REVIEW_KEY] = run
    if run.finished:
        return widgets.scroll_column([*header, *_summary(session, run)])

    def finish() -> None:
        run.finished = True
        session.rerender()
        if not run.celebrated:
            run.celebrated = True
            celebrate(session, run.new_badges(), run.newly_unlocked())

    player = QuizPlayer(session, run, finish)
    column = widgets.scroll_column([*header, ft.Text(t("review.intro", count=len(run.entries))), player.control])
    player.scroller = column
    return widgets.with_actions(column, player.actions)


def _summary(session: Session, run: QuizRun) -> list[ft.Control]:
    t = session.t

    def done(_e: object) -> None:
        session.quiz_runs.pop(lc.REVIEW_KEY, None)
        session.go("/learn")

    lines: list[ft.Control] = [
        ft.Text(t("review.done_right", correct=run.correct, total=len(run.entries)), size=18),
        ft.Text(t("results.xp", xp=run.xp)),
    ]
    if run.score_start is not None and run.score_now is not None:
        lines.append(ft.Text(t("results.score", before=run.score_start, after=run.score_now)))
    lines.append(ft.Text(t("review.how")))
    return [
        widgets.section(t("review.done_title"), *lines),
        ft.FilledButton(t("review.finish"), icon=ft.Icons.CHECK, on_click=done),
    ]
