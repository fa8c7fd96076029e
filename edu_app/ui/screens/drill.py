"""Scam drill: a freshly generated "spot the red flags" message every time.

Drills come from ``lessons.drills`` (templates filled with Faker), so the red flags sit in new
places on every try and cannot be memorised. They are practice only: a drill is not an item of an
installed pack, so it is graded and explained but not added to the learner's history.
"""

from __future__ import annotations

import random

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.quiz.base import RIGHT, WRONG, ItemContext, feedback_line
from edu_app.ui.quiz.red_flags import RedFlagsView
from edu_app.ui.routes import Route
from lessons import Manifest, Pack, RedFlagsItem, grade
from lessons.drills import DRILL_KINDS, generate_drill

# Drill texts carry both languages; this stand-in pack only supplies the text fallback rules.
_TEXTS = Pack.model_construct(manifest=Manifest.model_construct(source_language="en"), lessons=[], root=None)


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    seed_text = route.params.get("seed", "")
    if not seed_text.isdigit():
        seed = random.SystemRandom().randrange(1, 10**9)
        kind = DRILL_KINDS[seed % len(DRILL_KINDS)]
        session.go(f"/learn/drill/{kind}/{seed}")
        return ft.Column()
    kind = route.params.get("kind", DRILL_KINDS[0])
    if kind not in DRILL_KINDS:
        kind = DRILL_KINDS[0]
    item = RedFlagsItem.model_validate(generate_drill(kind, int(seed_text)))
    # Marks and the check survive a redraw (theme, language, resize): they live on the session.
    draft: dict[str, object] = session.drafts.setdefault(f"drill:{kind}:{seed_text}", {"marked": [], "checked": False})
    feedback = ft.Column(spacing=8)
    check = ft.FilledButton(t("quiz.check"), icon=ft.Icons.DONE, disabled=True)

    def changed() -> None:
        draft["marked"] = view.response() or []
        _enable(check, view)

    view = RedFlagsView(
        ItemContext(
            pack=_TEXTS,
            item=item,
            language=session.language,
            t=t,
            seed=("drill", seed_text),
            on_change=changed,
            submit=lambda: None,
        ),
        draft["marked"],
    )

    def show_result() -> None:
        result = grade(item, view.response() or [])
        view.lock(result)
        verdict = feedback_line(
            ft.Icons.CHECK_CIRCLE if result.correct else ft.Icons.INFO,
            RIGHT if result.correct else WRONG,
            t("quiz.correct") if result.correct else t("quiz.incorrect"),
        )
        feedback.controls = [verdict, *view.details(result)]
        check.disabled = True

    def on_check(_e: object) -> None:
        draft["checked"] = True
        show_result()
        session.page.update()

    check.on_click = on_check
    if draft["checked"]:
        show_result()
    else:
        check.disabled = view.response() is None or not draft["marked"]
    body = widgets.scroll_column(
        [
            ft.TextButton(t("common.back"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/learn")),
            widgets.heading(t("drill.title")),
            ft.Text(t("drill.intro")),
            view.control,
            feedback,
            widgets.notice(t("drill.practice_only")),
        ]
    )
    another = ft.OutlinedButton(t("drill.another"), icon=ft.Icons.REFRESH, on_click=lambda _e: session.go("/learn/drill"))
    return widgets.with_actions(body, widgets.action_row(check, another))


def _enable(check: ft.FilledButton, view: RedFlagsView) -> None:
    check.disabled = view.locked or view.response() is None
    check.update()
