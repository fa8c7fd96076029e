"""A lesson's quiz (/learn/<pack>/<lesson>/quiz) and its result card."""

from __future__ import annotations

import flet as ft

from edu_app.store.errors import StorageError
from edu_app.ui import learn_common as lc
from edu_app.ui import theme, widgets
from edu_app.ui.celebrate import celebrate
from edu_app.ui.context import Session
from edu_app.ui.quiz.player import QuizEntry, QuizPlayer, QuizRun
from edu_app.ui.routes import Route


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    pack_id, lesson_id = route.params.get("pack", ""), route.params.get("lesson", "")
    pack = session.app.catalog.pack(pack_id)
    lesson = pack.lesson(lesson_id) if pack else None
    back_to_learn = ft.TextButton(t("common.back"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/learn"))
    if pack is None or lesson is None:
        return widgets.scroll_column([back_to_learn, widgets.notice(t("reader.missing"), ft.Icons.ERROR_OUTLINE)])
    if not lesson.items:
        return widgets.scroll_column([back_to_learn, widgets.notice(t("quiz.no_items"), ft.Icons.INFO_OUTLINE)])
    key = lc.quiz_key(pack.id, lesson.id)
    run = session.quiz_runs.get(key)
    if run is None:
        run = QuizRun(
            kind="lesson",
            entries=[QuizEntry(pack.id, item.id, lesson.id) for item in lesson.items],
            pack_id=pack.id,
            lesson_id=lesson.id,
        )
        session.quiz_runs[key] = run
    title = lc.lesson_title(session, pack, lesson)
    header: list[ft.Control] = [
        ft.TextButton(
            t("quiz.back_to_lesson"),
            icon=ft.Icons.ARROW_BACK,
            on_click=lambda _e: session.go(lc.lesson_route(pack.id, lesson.id)),
        ),
        widgets.heading(t("quiz.title", lesson=title)),
    ]
    if run.finished:
        return widgets.scroll_column([*header, *results(session, run, pack, lesson)])

    def finish() -> None:
        assert session.profile is not None
        try:
            run.lesson_outcome = session.app.learning.complete_lesson(
                session.profile.id, pack.id, lesson.id, language=session.language
            )
        except StorageError as error:
            # The answers are saved; finishing can be tried again from the last question.
            session.toast(session.t(error.message_key))
            return
        run.finished = True
        session.rerender()
        if not run.celebrated:
            run.celebrated = True
            celebrate(session, run.new_badges(), run.newly_unlocked())

    player = QuizPlayer(session, run, finish)
    column = widgets.scroll_column(
        [*header, player.control, ft.Text(t("quiz.no_penalty"), theme_style=ft.TextThemeStyle.BODY_SMALL)]
    )
    player.scroller = column
    return widgets.with_actions(column, player.actions)


def results(session: Session, run: QuizRun, pack, lesson) -> list[ft.Control]:  # type: ignore[no-untyped-def]
    """The result card: score, pass or not, XP, knowledge score, badges, unlocked features."""
    t = session.t
    outcome = run.lesson_outcome
    total = len(run.entries)
    percent = round((outcome.quiz_score if outcome else run.correct / max(1, total)) * 100)
    passed = bool(outcome and outcome.passed)
    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(ft.Icons.EMOJI_EVENTS if passed else ft.Icons.REPLAY, size=40,
                        color=theme.REWARD if passed else ft.Colors.PRIMARY),
                ft.Text(t("results.passed") if passed else t("results.not_passed"), size=22,
                        weight=ft.FontWeight.W_700, expand=True),
            ]
        ),
        ft.Text(t("results.right", correct=run.correct, total=total, percent=percent), size=18),
        ft.Text(t("results.xp", xp=run.xp)),
    ]
    if run.score_start is not None and run.score_now is not None:
        lines.append(ft.Text(t("results.score", before=run.score_start, after=run.score_now)))
    if not passed:
        lines.append(ft.Text(t("results.try_again")))
    badges = run.new_badges()
    if badges:
        lines.append(ft.Text(t("results.new_badges"), weight=ft.FontWeight.W_600))
        lines.extend(
            ft.Row([ft.Icon(ft.Icons.MILITARY_TECH, color=theme.REWARD),
                    ft.Text(f"{badge.title}: {badge.description}", expand=True)])
            for badge in badges
        )
    controls: list[ft.Control] = [widgets.section(t("results.title"), *lines)]
    unlocked = run.newly_unlocked()
    if unlocked:
        assert session.profile is not None
        titles = {s.feature: s.title for s in session.app.learning.features(session.profile.id, session.language)}
        items: list[ft.Control] = []
        for feature in unlocked:
            title = titles.get(feature, feature)
            items.append(ft.Row([ft.Icon(ft.Icons.LOCK_OPEN, color=theme.RIGHT),
                                 ft.Text(t("celebrate.unlocked", feature=title), expand=True)]))
            items.append(
                ft.FilledButton(t("celebrate.go_to", feature=title), icon=ft.Icons.ARROW_FORWARD,
                                on_click=lambda _e, r=lc.feature_route(feature): session.go(r))
            )
        controls.append(widgets.section(t("results.unlocked"), *items))
    buttons: list[ft.Control] = []
    following = _following_lesson(pack, lesson)
    if following is not None:
        buttons.append(
            ft.FilledButton(
                t("results.next_lesson", lesson=lc.lesson_title(session, pack, following)),
                icon=ft.Icons.ARROW_FORWARD,
                on_click=lambda _e: session.go(lc.lesson_route(pack.id, following.id)),
            )
        )
    buttons += [
        ft.OutlinedButton(t("results.retry"), icon=ft.Icons.REPLAY,
                          on_click=lambda _e: lc.start_quiz(session, pack.id, lesson.id)),
        ft.OutlinedButton(t("results.back_to_pack"), icon=ft.Icons.LIST,
                          on_click=lambda _e: session.go(f"/learn/{pack.id}")),
    ]
    controls.append(ft.Row(buttons, wrap=True, spacing=8, run_spacing=8))
    return controls


def _following_lesson(pack, lesson):  # type: ignore[no-untyped-def]
    ids = [item.id for item in pack.lessons]
    index = ids.index(lesson.id)
    return pack.lessons[index + 1] if index + 1 < len(ids) else None
