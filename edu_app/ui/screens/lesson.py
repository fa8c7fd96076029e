"""The lesson reader (/learn/<pack>/<lesson>?card=N): one card at a time, back/next (swipe on
phones), progress and the estimated time; the last card leads to the quiz."""

from __future__ import annotations

import flet as ft

from edu_app.store.errors import StorageError
from edu_app.ui import learn_common as lc
from edu_app.ui import lesson_card, widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from edu_app.ui.screens.learn import open_url

# A swipe: a quick flick, or a drag across a good part of the card.
SWIPE_VELOCITY = 250  # logical pixels per second
SWIPE_DISTANCE = 60  # logical pixels


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    pack_id, lesson_id = route.params.get("pack", ""), route.params.get("lesson", "")
    pack = session.app.catalog.pack(pack_id)
    lesson = pack.lesson(lesson_id) if pack else None
    if pack is None or lesson is None:
        return widgets.scroll_column(
            [
                ft.TextButton(t("common.back"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/learn")),
                widgets.heading(t("lesson.title", lesson=lesson_id)),
                ft.Text(t("lesson.pack", pack=pack_id)),
                widgets.notice(t("reader.missing"), ft.Icons.ERROR_OUTLINE),
            ]
        )
    language = session.language
    cards = pack.cards(lesson.id, language)
    total = max(1, len(cards))
    number = min(max(1, int(route.params.get("card", "1") or 1)), total)

    def go_card(n: int) -> None:
        if 1 <= n <= total:
            session.go(lc.lesson_route(pack.id, lesson.id, n))

    def finish() -> None:
        if lesson.items:
            lc.start_quiz(session, pack.id, lesson.id)
            return
        # A lesson without a quiz is done once read.
        assert session.profile is not None
        try:
            session.app.learning.complete_lesson(session.profile.id, pack.id, lesson.id)
        except StorageError as error:
            session.toast(session.t(error.message_key))
            return
        session.go(f"/learn/{pack.id}")

    drag = {"x": None}

    # Async handlers run in order on the event loop, so the start is always seen before the end.
    async def on_drag_start(e: ft.DragStartEvent) -> None:
        drag["x"] = e.global_position.x if e.global_position else None

    async def on_swipe(e: ft.DragEndEvent) -> None:
        velocity = e.primary_velocity if e.primary_velocity is not None else (e.velocity.x if e.velocity else 0.0)
        start = drag["x"]
        distance = e.global_position.x - start if start is not None and e.global_position else 0.0
        drag["x"] = None
        if velocity <= -SWIPE_VELOCITY or distance <= -SWIPE_DISTANCE:
            if number < total:
                go_card(number + 1)
        elif velocity >= SWIPE_VELOCITY or distance >= SWIPE_DISTANCE:
            go_card(number - 1)

    body = lesson_card.card_controls(pack, cards[number - 1].markdown, lambda url: open_url(session, url)) if cards else []
    card = ft.GestureDetector(
        on_horizontal_drag_start=on_drag_start,
        on_horizontal_drag_end=on_swipe,
        content=ft.Container(
            content=ft.Column(body, spacing=12),
            padding=20,
            border_radius=16,
            bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        ),
    )
    last = number >= total
    if last:
        forward = ft.FilledButton(
            t("reader.start_quiz") if lesson.items else t("reader.finish"),
            icon=ft.Icons.QUIZ if lesson.items else ft.Icons.CHECK,
            on_click=lambda _e: finish(),
        )
    else:
        forward = ft.FilledButton(t("reader.next"), icon=ft.Icons.ARROW_FORWARD, on_click=lambda _e: go_card(number + 1))
    meta = [t("reader.card_of", current=number, total=total)]
    if lesson.minutes:
        meta.append(t("learn.minutes", minutes=lesson.minutes))
    controls: list[ft.Control] = [
        ft.TextButton(
            t("reader.back_to_pack", pack=lc.pack_title(session, pack)),
            icon=ft.Icons.ARROW_BACK,
            on_click=lambda _e: session.go(f"/learn/{pack.id}"),
        ),
        widgets.heading(lc.lesson_title(session, pack, lesson)),
        ft.Text(" · ".join(meta), theme_style=ft.TextThemeStyle.BODY_MEDIUM),
        ft.ProgressBar(value=number / total, border_radius=4, semantics_label=meta[0]),
    ]
    if language not in pack.manifest.languages:
        controls.append(widgets.notice(t("learn.language_fallback"), ft.Icons.TRANSLATE))
    controls.append(card)
    if not last and lesson.items:
        controls.append(
            ft.TextButton(t("reader.skip_to_quiz"), icon=ft.Icons.QUIZ_OUTLINED, on_click=lambda _e: finish())
        )
    # Back/next stay pinned above the navigation bar: a long card never hides "Start quiz".
    buttons = ft.Row(
        [
            ft.OutlinedButton(
                t("reader.previous"), icon=ft.Icons.ARROW_BACK, disabled=number <= 1, on_click=lambda _e: go_card(number - 1)
            ),
            forward,
        ],
        alignment=ft.MainAxisAlignment.SPACE_BETWEEN,
    )
    return widgets.with_actions(widgets.scroll_column(controls), buttons)
