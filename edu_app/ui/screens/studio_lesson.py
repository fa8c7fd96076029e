"""A lesson in the studio: its details, its Markdown with a live preview (side by side on a
desktop, tabs on a phone), its images, and its quiz items."""

from __future__ import annotations

from pathlib import Path

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.lesson_card import card_controls
from edu_app.ui.screens import studio_items
from edu_app.ui.screens.studio_fields import Form, section
from edu_app.ui.screens.studio_state import StudioState, language_name
from edu_app.ui.shell import is_phone
from lessons.markdown import parse_lesson_file
from lessons.media import MediaRefused, check_image, media_name
from lessons.writer import LessonText, dump_lesson


class _MediaRoot:
    """What the card renderer needs of a pack to show its images: the folder they are in."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def media_path(self, reference: str) -> Path | None:
        if self.root is None or not reference.startswith("media/") or ".." in reference.split("/"):
            return None
        return self.root / reference


def build(session: Session, state: StudioState, lesson_id: str) -> list[ft.Control]:
    t = session.t
    draft = state.draft
    assert draft is not None
    source = draft.source_language
    texts = draft.lessons.get(lesson_id)
    if texts is None or source not in texts:
        return [widgets.notice(t("studio.no_lesson", lesson=lesson_id), ft.Icons.ERROR_OUTLINE)]
    lesson = texts[source]
    path = f"lessons/{lesson_id}/{source}.md"
    form = Form(session, state, path)
    meta = lesson.meta

    def list_typed(key: str):  # type: ignore[no-untyped-def]
        def typed(text: str) -> None:
            values = [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]
            if values:
                meta[key] = values
            else:
                meta.pop(key, None)

        return typed

    details = section(
        t("studio.lesson_details"),
        form.text(t("studio.lesson_title", language=language_name(source)), meta, "title", ("meta", "title")),
        ft.Row(
            [
                form.number(t("studio.minutes"), meta, "minutes", ("meta", "minutes")),
                form.text(t("studio.lesson_skills"), {"v": ", ".join(map(str, meta.get("skills") or []))}, "v", ("meta", "skills"), on_text=list_typed("skills")),
                form.text(t("studio.lesson_sources"), {"v": ", ".join(map(str, meta.get("sources") or []))}, "v", ("meta", "sources"), on_text=list_typed("sources")),
            ],
            wrap=True,
        ),
    )
    return [
        details,
        _editor(session, state, form, lesson, path),
        _media(session, state, lesson),
        studio_items.build(session, state, lesson_id),
    ]


def _editor(session: Session, state: StudioState, form: Form, lesson: LessonText, path: str) -> ft.Control:
    t = session.t
    preview = ft.Column(spacing=8)
    media = _MediaRoot(state.folder)

    def render(_text: str | None = None) -> None:
        media_names = state.draft.verbatim.keys() if state.draft else ()
        cards = parse_lesson_file(dump_lesson(lesson), path, media_names).cards
        controls: list[ft.Control] = []
        for number, card in enumerate(cards, start=1):
            controls.append(ft.Text(t("studio.card_number", number=number, total=len(cards)), size=12, color=ft.Colors.PRIMARY))
            controls.extend(card_controls(media, card.markdown, lambda _url: None))  # type: ignore[arg-type]
            controls.append(ft.Divider())
        if not cards:
            controls.append(ft.Text(t("studio.no_cards"), italic=True))
        preview.controls = controls

    def typed(text: str) -> None:
        render(text)
        preview.update()

    editor = form.text(t("studio.markdown"), lesson.__dict__, "body", ("body",), multiline=True, on_text=typed)
    editor.min_lines = 14
    render()
    hint = ft.Text(t("studio.markdown_hint"), size=13)
    preview_box = ft.Container(
        content=preview,
        padding=12,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        border_radius=8,
    )
    if not is_phone(session.page):
        return section(
            t("studio.cards"),
            hint,
            ft.Row(
                [
                    ft.Container(ft.Semantics(container=True, content=editor), expand=True),
                    ft.Container(ft.Semantics(container=True, label=t("studio.tab_preview"), content=preview_box), expand=True),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        )

    def pick(value: str) -> None:
        state.lesson_tab = value
        session.rerender()

    tabs = widgets.choice_row([("write", t("studio.tab_write")), ("preview", t("studio.tab_preview"))], state.lesson_tab, pick)
    shown: ft.Control = ft.Semantics(container=True, content=editor)
    if state.lesson_tab != "write":
        # The field is not on screen, but its errors still have a place: keep it registered.
        form.state.spots = [s for s in form.state.spots if s.control is not editor]
        shown = ft.Column([form.problem_line(("body",)), preview_box])
    return section(t("studio.cards"), hint, tabs, shown)


def _media(session: Session, state: StudioState, lesson: LessonText) -> ft.Control:
    """The pack's images: add one (checked as the validator checks it), insert it in the text."""
    t = session.t
    draft = state.draft
    assert draft is not None
    feedback = ft.Column(spacing=4)

    async def add(_e: object) -> None:
        files = await ft.FilePicker().pick_files(
            dialog_title=t("studio.pick_image"),
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["png", "jpg", "jpeg", "gif", "webp"],
            with_data=True,
        )
        if not files:
            return
        chosen = files[0]
        name = media_name(chosen.name)
        try:
            if chosen.bytes is None:
                raise MediaRefused("too-large")
            size = check_image(name, chosen.bytes)
        except MediaRefused as refused:
            feedback.controls = [widgets.notice(t(f"studio.image_{refused.code.replace('-', '_')}", name=chosen.name), ft.Icons.ERROR_OUTLINE)]
            feedback.update()
            return
        if state.folder is not None:
            target = state.folder / "media" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(chosen.bytes)
        draft.verbatim[f"media/{name}"] = chosen.bytes
        shown = f"{size[0]}×{size[1]}" if size else "?"
        state.say("studio.image_added", name=name, size=shown, kb=max(1, len(chosen.bytes) // 1024))
        state.changed(session)
        session.rerender()

    def insert(reference: str) -> None:
        alt = Path(reference).stem.replace("-", " ")
        lesson.body = lesson.body.rstrip("\n") + f"\n\n![{alt}]({reference})\n"
        state.changed(session)
        session.rerender()

    rows: list[ft.Control] = [ft.Text(t("studio.images_hint"), size=13)]
    for reference in draft.media():
        rows.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.IMAGE_OUTLINED),
                    ft.Text(reference, expand=True),
                    ft.TextButton(t("studio.insert_image", name=Path(reference).name), on_click=lambda _e, r=reference: insert(r)),
                ]
            )
        )
    rows.append(ft.Row([ft.OutlinedButton(t("studio.add_image"), icon=ft.Icons.ADD_PHOTO_ALTERNATE_OUTLINED, on_click=add)]))
    rows.append(feedback)
    return section(t("studio.images"), *rows)
