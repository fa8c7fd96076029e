"""The pre-test and post-test (/event/<code>/test/<pre|post>): one item at a time, no feedback
until the end (a test measures; the lessons teach), and an answer cannot be taken back."""

from __future__ import annotations

import time
from typing import Any

import flet as ft

from edu_app.events.service import EventClosed
from edu_app.store.errors import StorageError
from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.quiz import WIDGETS
from edu_app.ui.quiz.base import ItemContext
from edu_app.ui.routes import Route
from edu_app.ui.screens import event_common as common

_DRAFT = "event.test"


def build(session: Session, route: Route) -> ft.View:
    t = session.t
    code, phase = route.params.get("code", ""), route.params.get("phase", "pre")
    events = session.app.events
    event = events.find(code)
    me = events.attendee(code, session.profile.id) if event and session.profile else None
    if event is None or me is None or me.removed:
        return common.view(session, common.message(session, t("event.unknown"), ft.Icons.LINK_OFF))
    back = ft.TextButton(t("event.back_to_event"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go(f"/event/{code}"))
    form = getattr(event.forms, phase)
    done = me.pre_done if phase == "pre" else me.post_done
    if event.status == "ended" or done or not form:
        return common.view(session, widgets.scroll_column([back, widgets.notice(t("event.test_finished"))]), event.title)
    answered = events.answered_items(code, me.profile_id, phase)
    remaining = [ref for ref in form if ref.key() not in answered]
    ref = remaining[0]
    item = events.item(ref)
    pack = session.app.catalog.pack(ref.pack_id)
    number = len(form) - len(remaining) + 1
    title = t("event.step_pre") if phase == "pre" else t("event.step_post")
    drafts: dict[str, Any] = session.drafts.setdefault(_DRAFT, {})
    started = drafts.setdefault(f"{code}:{phase}:{ref.key()}:shown", time.monotonic())
    header: list[ft.Control] = [
        back,
        widgets.heading(title),
        ft.Text(t("quiz.progress", current=number, total=len(form)), weight=ft.FontWeight.W_600),
        ft.ProgressBar(value=(number - 1) / len(form), border_radius=4,
                       semantics_label=t("quiz.progress", current=number, total=len(form))),
    ]
    if item is None or pack is None:
        return common.view(session, widgets.scroll_column([*header, widgets.notice(t("quiz.item_gone"))]), event.title)
    next_button = ft.FilledButton(t("event.test_next") if len(remaining) > 1 else t("event.test_finish"),
                                  icon=ft.Icons.ARROW_FORWARD)
    key = f"{code}:{phase}:{ref.key()}"
    assert session.profile is not None
    ctx = ItemContext(pack=pack, item=item, language=session.language, t=t,
                      seed=(session.profile.id, pack.id, item.id), on_change=lambda: changed(), submit=lambda: submit())
    view = WIDGETS[item.type](ctx, drafts.get(key))

    def changed() -> None:
        drafts[key] = view.response()
        next_button.disabled = view.response() is None
        next_button.update()

    def submit() -> None:
        response = view.response()
        if response is None:
            return
        try:
            events.answer_test(code, me.profile_id, phase, ref, response, time.monotonic() - started)
        except (StorageError, EventClosed, LookupError):
            session.toast(t("event.not_saved"))
            return
        drafts.pop(key, None)
        if len(remaining) > 1:
            session.rerender()
        else:
            session.go(f"/event/{code}")

    next_button.on_click = lambda _e: submit()
    next_button.disabled = view.response() is None
    prompt = ft.Text(pack.text(item.prompt, session.language), size=18, weight=ft.FontWeight.W_600)
    body = widgets.scroll_column([*header, prompt, view.control,
                                  ft.Text(t("event.test_hint"), theme_style=ft.TextThemeStyle.BODY_SMALL)])
    return common.view(session, widgets.with_actions(body, ft.Row([next_button], wrap=True)), event.title)
