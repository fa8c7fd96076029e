"""Translations side by side: the source text, each other language's text, what is missing or
stale, and "confirm translation" (recorded in the translation lock)."""

from __future__ import annotations

from typing import Any

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.screens.studio_fields import Form, section
from edu_app.ui.screens.studio_state import StudioState, language_name
from lessons.error_fields import locate
from lessons.errors import PackError
from lessons.loader import MANIFEST_FILE
from lessons.writer import LessonText


def build(session: Session, state: StudioState) -> list[ft.Control]:
    t = session.t
    draft = state.draft
    result = state.result or state.validate()
    assert draft is not None and result is not None
    source = draft.source_language
    targets = [lang for lang in draft.languages if lang != source]
    if not targets:
        return [widgets.notice(t("studio.one_language"))]
    report = result.translations
    marks: dict[tuple[str, str], str] = {}
    for kind, issues in (("missing", report.missing), ("stale", report.stale), ("unconfirmed", report.unconfirmed)):
        for issue in issues:
            marks[(issue.language, issue.key)] = kind

    def confirm(language: str, key: str | None) -> None:
        draft.confirm_translation(language, key)
        state.validate()
        session.rerender()

    controls: list[ft.Control] = [
        ft.Text(t("studio.translations_hint"), size=13),
        widgets.action_row(
            *[
                ft.OutlinedButton(t("studio.confirm_all", language=language_name(lang)), icon=ft.Icons.DONE_ALL, on_click=lambda _e, lang=lang: confirm(lang, None))
                for lang in targets
            ]
        ),
        ft.Text(
            t("studio.translation_counts", missing=len(report.missing), stale=len(report.stale), unconfirmed=len(report.unconfirmed)),
            weight=ft.FontWeight.W_600,
        ),
    ]
    files = draft.files()
    for entry in result.texts:
        if entry.key.startswith("lessons.") and ".cards." in entry.key:
            continue
        row = _text_row(session, state, entry.key, entry.texts, entry.locate, files, targets, marks, confirm)
        if row is not None:
            controls.append(row)
    for lesson_id in draft.lesson_ids():
        controls.append(_lesson_bodies(session, state, lesson_id, targets, marks, confirm))
    return controls


def _mark(session: Session, kind: str | None) -> ft.Control:
    t = session.t
    if kind is None:
        return ft.Text(t("studio.mark_ok"), size=12, color=ft.Colors.PRIMARY)
    color = ft.Colors.ERROR if kind in ("missing", "stale") else ft.Colors.ON_SURFACE_VARIANT
    return ft.Text(t(f"studio.mark_{kind}"), size=12, color=color, weight=ft.FontWeight.W_600)


def _text_row(session, state, key, texts, locate_text, files, targets, marks, confirm) -> ft.Control | None:  # type: ignore[no-untyped-def]
    """One translatable string: its source text and a field per other language."""
    t = session.t
    draft = state.draft
    source = draft.source_language
    path, line, col = locate_text(source)
    container, field_key, path = _place(state, files, path, line, col, key)
    if container is None:
        return None
    form = Form(session, state, path)
    rows: list[ft.Control] = [
        ft.Text(key, size=12, color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Text(texts.get(source, "")),
    ]
    loc = _loc_of(files, path, line, col)
    for lang in targets:
        kind = marks.get((lang, key))
        if path.endswith(".md"):
            field = form.text(t("studio.translation_in", language=language_name(lang)), container[lang].meta, "title", ("meta", "title"))
        else:
            field = form.localized(t("studio.translation_of", what=_short(key)), container, field_key, (loc or ())[:-1], lang, required=False)
        actions: list[ft.Control] = [_mark(session, kind)]
        if kind in ("stale", "unconfirmed"):
            actions.append(ft.TextButton(t("studio.confirm", what=_short(key), language=language_name(lang)), on_click=lambda _e, lang=lang: confirm(lang, key)))
        rows.append(field)
        rows.append(ft.Row(actions, wrap=True))
    return ft.Container(
        content=ft.Column(rows, spacing=4, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        padding=ft.Padding.only(left=10, top=4, bottom=4),
        border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.ERROR if any(marks.get((lang, key)) in ("missing", "stale") for lang in targets) else ft.Colors.OUTLINE_VARIANT)),
    )


def _short(key: str) -> str:
    return key.split(".", 1)[1] if "." in key else key


def _loc_of(files: dict[str, bytes], path: str, line: int, col: int) -> tuple[Any, ...] | None:
    return locate(files, [PackError(path, line, col, "", "")])[0][2]


def _place(state: StudioState, files, path: str, line: int, col: int, key: str):  # type: ignore[no-untyped-def]
    """Where a translatable string lives in the draft: ``(container, key, file path)``.

    For a lesson title the container is the lesson's files by language."""
    draft = state.draft
    if path.endswith(".md"):
        lesson_id = path.split("/")[1]
        texts = draft.lessons.get(lesson_id, {})
        for lang in draft.languages:
            texts.setdefault(lang, LessonText(meta={"title": ""}, body="\n"))
        return texts, "title", path
    loc = _loc_of(files, path, line, col)
    if not loc:
        return None, None, path
    data: Any = draft.manifest if path == MANIFEST_FILE else draft.quizzes.get(path.split("/")[1])
    for part in loc[:-2]:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None, None, path
    if not isinstance(data, dict):
        return None, None, path
    return data, loc[-2], path


def _lesson_bodies(session, state, lesson_id, targets, marks, confirm) -> ft.Control:  # type: ignore[no-untyped-def]
    """A lesson's text in the source language beside each translation, card marks listed."""
    t = session.t
    draft = state.draft
    source = draft.source_language
    texts = draft.lessons.get(lesson_id, {})
    rows: list[ft.Control] = []
    for lang in targets:
        lesson = texts.setdefault(lang, LessonText(meta={"title": ""}, body="\n"))
        form = Form(session, state, f"lessons/{lesson_id}/{lang}.md")
        card_marks = sorted(
            (key.rsplit(".", 1)[1], kind)
            for (language, key), kind in marks.items()
            if language == lang and key.startswith(f"lessons.{lesson_id}.cards.")
        )
        mark_line = ", ".join(t(f"studio.card_mark_{kind}", number=number) for number, kind in card_marks) or t("studio.mark_ok")
        rows.append(
            ft.Row(
                [
                    ft.Container(
                        ft.Column([ft.Text(language_name(source), weight=ft.FontWeight.W_600), ft.Text(texts[source].body.strip())]),
                        expand=True,
                    ),
                    ft.Container(
                        ft.Semantics(
                            container=True,
                            content=form.text(
                                t("studio.lesson_translation", language=language_name(lang)), lesson.__dict__, "body", ("body",), multiline=True
                            ),
                        ),
                        expand=True,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
                wrap=session.page.width is not None and session.page.width < 720,
            )
        )
        rows.append(ft.Text(mark_line, size=12))
    return section(t("studio.lesson_named", title=lesson_id), *rows)
