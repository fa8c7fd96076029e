"""The studio: write, check, build and try a lesson pack in the app (host only).

Routes: ``/studio`` (create or open a pack), ``/studio/pack`` (the manifest),
``/studio/lesson/<id>`` (a lesson, its cards and its quiz), ``/studio/translations``.
A visitor on a shared server never gets here: every studio route is "not found" for them.
"""

from __future__ import annotations

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from edu_app.ui.screens import not_found, studio_actions, studio_lesson, studio_manifest, studio_start, studio_translations
from edu_app.ui.screens.studio_state import StudioState, state_of
from edu_app.ui.shell import is_phone

STUDIO_MAX_WIDTH = 1100


def build(session: Session, route: Route) -> ft.Control:
    if not session.is_host:
        return not_found.build(session, Route("not_found", "home", {"path": route.params.get("path", "/studio")}))
    state = state_of(session)
    state.begin_screen()
    if state.draft is None or route.name == "studio":
        return studio_start.build(session, state)
    if route.name == "studio_pack":
        body = studio_manifest.build(session, state)
    elif route.name == "studio_lesson":
        body = studio_lesson.build(session, state, route.params.get("lesson", ""))
    else:
        body = studio_translations.build(session, state)
    assert state.general is not None
    # Problems no field shows go last: a list that grows and shrinks while the teacher types
    # must not move the fields being typed in.
    controls = [_header(session, state, route), *body, state.general]
    state.show_errors(session)
    return page_column(session, controls)


def page_column(session: Session, controls: list[ft.Control]) -> ft.Control:
    """The scrolling studio page: wider than a reading column, so text and preview fit side by side."""
    return ft.Column(
        [
            ft.Container(
                content=ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                width=None if is_phone(session.page) else STUDIO_MAX_WIDTH,
                padding=ft.Padding.only(bottom=24, left=4, right=4),
            )
        ],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
    )


def _header(session: Session, state: StudioState, route: Route) -> ft.Control:
    """Where am I (the pack's sections), what can I do (save, build, try), and is it valid."""
    t = session.t
    draft = state.draft
    assert draft is not None
    current = route.params.get("lesson") if route.name == "studio_lesson" else route.name

    def section(label: str, target: str, key: str | None, icon: ft.IconData) -> ft.Control:
        if key == current:
            return ft.FilledTonalButton(label, icon=icon)
        return ft.TextButton(label, icon=icon, on_click=lambda _e: session.go(target))

    sections: list[ft.Control] = [
        ft.TextButton(t("studio.all_packs"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/studio")),
        section(t("studio.pack_details"), "/studio/pack", "studio_pack", ft.Icons.TUNE),
    ]
    for lesson_id in draft.lesson_ids():
        title = _lesson_title(state, lesson_id)
        sections.append(
            section(t("studio.lesson_named", title=title), f"/studio/lesson/{lesson_id}", lesson_id, ft.Icons.ARTICLE_OUTLINED)
        )
    sections.append(section(t("studio.translations"), "/studio/translations", "studio_translations", ft.Icons.TRANSLATE))
    assert state.status is not None
    return ft.Column(
        [
            widgets.heading(t("studio.title")),
            ft.Text(t("studio.folder", path=str(state.folder)), size=13),
            ft.Row(sections, wrap=True, spacing=4, run_spacing=4),
            studio_actions.action_bar(session, state),
            state.status,
        ],
        spacing=8,
    )


def _lesson_title(state: StudioState, lesson_id: str) -> str:
    draft = state.draft
    assert draft is not None
    texts = draft.lessons.get(lesson_id, {})
    source = texts.get(draft.source_language)
    title = source.meta.get("title") if source else None
    return str(title) if title else lesson_id
