"""Quiz items in the studio: the lesson's items, and a form for the chosen one, by type.

Texts are written here in the pack's source language; the translations page holds the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.screens.studio_fields import Form, part, section
from edu_app.ui.screens.studio_state import StudioState
from lessons.blank_items import blank_item
from lessons.model import ITEM_TYPES, RED_FLAG_FORMATS

Loc = tuple[Any, ...]


def build(session: Session, state: StudioState, lesson_id: str) -> ft.Control:
    """The lesson's quiz: its items, buttons to add one of each type, the chosen item's form."""
    return part(session, state, lambda redraw: _quiz(session, state, lesson_id, redraw))


def _quiz(session: Session, state: StudioState, lesson_id: str, redraw: Callable[[], None]) -> ft.Control:
    t = session.t
    draft = state.draft
    assert draft is not None
    items = draft.items(lesson_id)
    form = Form(session, state, f"lessons/{lesson_id}/quiz.yaml", redraw)
    index = min(state.item_index, len(items) - 1)

    def select(i: int) -> None:
        state.item_index = i
        form.redraw()

    def add(kind: str) -> None:
        taken = {item.get("id") for texts in draft.quizzes.values() for item in texts.get("items", []) if isinstance(item, dict)}
        number = len(items) + 1
        while f"{lesson_id}-{number}" in taken:
            number += 1
        items.append(blank_item(kind, f"{lesson_id}-{number}", draft.source_language))
        state.item_index = len(items) - 1
        form.changed()
        form.redraw()

    chips: list[ft.Control] = []
    for i, item in enumerate(items):
        label = t("studio.item_chip", number=i + 1, kind=t(f"studio.type.{item.get('type')}") if item.get("type") in ITEM_TYPES else "?")
        chips.append(ft.FilledTonalButton(label) if i == index else ft.TextButton(label, on_click=lambda _e, i=i: select(i)))
    adders = [
        ft.OutlinedButton(t("studio.add_item", kind=t(f"studio.type.{kind}")), icon=ft.Icons.ADD, on_click=lambda _e, k=kind: add(k))
        for kind in ITEM_TYPES
    ]
    controls: list[ft.Control] = [
        ft.Text(t("studio.items_hint"), size=13),
        ft.Row(chips, wrap=True, spacing=4, run_spacing=4),
        ft.Row(adders, wrap=True, spacing=6, run_spacing=6),
    ]
    if 0 <= index < len(items) and isinstance(items[index], dict):
        controls.append(ft.Divider())
        controls.extend(_item_form(session, state, form, items, index))
    return section(t("studio.quiz"), *controls)


def _item_form(session: Session, state: StudioState, form: Form, items: list[Any], index: int) -> list[ft.Control]:
    t = session.t
    item = items[index]
    loc: Loc = ("items", index)
    lang = state.draft.source_language if state.draft else "en"
    kind = item.get("type")

    def remove(_e: object) -> None:
        del items[index]
        state.item_index = max(0, index - 1)
        form.changed()
        form.redraw()

    controls: list[ft.Control] = [
        ft.Row(
            [
                ft.Text(t("studio.item_heading", number=index + 1, kind=t(f"studio.type.{kind}") if kind in ITEM_TYPES else str(kind)), weight=ft.FontWeight.W_600, expand=True),
                widgets.danger_button(t("studio.remove_item", number=index + 1), ft.Icons.DELETE_OUTLINE, remove),
            ],
            wrap=True,
        ),
        form.problem_line(loc),
        form.text(t("studio.item_id"), item, "id", (*loc, "id"), width=280),
        form.localized(t("studio.prompt"), item, "prompt", (*loc, "prompt"), lang, multiline=True),
    ]
    builder = _FORMS.get(str(kind))
    if builder is not None:
        controls.extend(builder(session, form, item, loc, lang))
    controls.append(form.localized(t("studio.explanation"), item, "explanation", (*loc, "explanation"), lang, multiline=True, required=False))
    return controls


def _redraw_after(session: Session, form: Form, change: Callable[[], None]) -> Callable[[object], None]:
    def run(_e: object) -> None:
        change()
        form.changed()
        form.redraw()

    return run


def _choices(session: Session, form: Form, item: dict[str, Any], loc: Loc, lang: str) -> list[ft.Control]:
    t = session.t
    options = item.setdefault("options", [])
    controls: list[ft.Control] = [form.problem_line((*loc, "options"))]
    for i, option in enumerate(options):
        if not isinstance(option, dict):
            continue
        oloc = (*loc, "options", i)
        number = i + 1
        box = _marked_box(bool(option.get("correct")), ft.Colors.PRIMARY)
        controls.append(box)
        box.content = ft.Column(
                    [
                        form.localized(t("studio.option", number=number), option, "text", (*oloc, "text"), lang),
                        ft.Row(
                            [
                                form.check(t("studio.option_correct", number=number), option, "correct", on_toggle=_remark(box, ft.Colors.PRIMARY)),
                                ft.TextButton(
                                    t("studio.remove_option", number=number),
                                    icon=ft.Icons.DELETE_OUTLINE,
                                    on_click=_redraw_after(session, form, lambda i=i: options.pop(i)),
                                ),
                            ],
                            wrap=True,
                        ),
                        form.localized(t("studio.option_feedback", number=number), option, "feedback", (*oloc, "feedback"), lang, required=False),
                    ],
                    spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                )

    def add() -> None:
        taken = {o.get("id") for o in options if isinstance(o, dict)}
        new_id = next(chr(c) for c in range(ord("a"), ord("z") + 1) if chr(c) not in taken)
        options.append({"id": new_id, "text": {lang: ""}})

    controls.append(ft.Row([ft.TextButton(t("studio.add_option"), icon=ft.Icons.ADD, on_click=_redraw_after(session, form, add))]))
    return controls


def _marked_box(marked: bool, color: str) -> ft.Container:
    """An option or segment, with a coloured edge when it is marked (correct, a red flag)."""
    return ft.Container(
        padding=ft.Padding.only(left=12),
        border=ft.Border.only(left=ft.BorderSide(3, color if marked else ft.Colors.OUTLINE_VARIANT)),
    )


def _remark(box: ft.Container, color: str) -> Callable[[bool], None]:
    """Recolour ``box``'s edge in place (a redraw would cut into the typing that follows)."""

    def toggle(marked: bool) -> None:
        box.border = ft.Border.only(left=ft.BorderSide(3, color if marked else ft.Colors.OUTLINE_VARIANT))
        box.update()

    return toggle


def _true_false(session: Session, form: Form, item: dict[str, Any], loc: Loc, lang: str) -> list[ft.Control]:
    t = session.t
    return [
        form.check(t("studio.tf_answer"), item, "answer"),
        form.localized(t("studio.tf_feedback_true"), item, "feedback_true", (*loc, "feedback_true"), lang, required=False),
        form.localized(t("studio.tf_feedback_false"), item, "feedback_false", (*loc, "feedback_false"), lang, required=False),
    ]


def _numeric(session: Session, form: Form, item: dict[str, Any], loc: Loc, lang: str) -> list[ft.Control]:
    t = session.t
    return [
        ft.Row(
            [
                form.number(t("studio.numeric_answer"), item, "answer", (*loc, "answer")),
                form.number(t("studio.numeric_tolerance"), item, "tolerance", (*loc, "tolerance")),
            ],
            wrap=True,
        ),
        form.localized(t("studio.numeric_unit"), item, "unit", (*loc, "unit"), lang, required=False),
        form.localized(t("studio.feedback_correct"), item, "feedback_correct", (*loc, "feedback_correct"), lang, required=False),
        form.localized(t("studio.feedback_incorrect"), item, "feedback_incorrect", (*loc, "feedback_incorrect"), lang, required=False),
    ]


def _ordering(session: Session, form: Form, item: dict[str, Any], loc: Loc, lang: str) -> list[ft.Control]:
    t = session.t
    entries = item.setdefault("entries", [])
    controls: list[ft.Control] = [ft.Text(t("studio.ordering_hint"), size=13), form.problem_line((*loc, "entries"))]
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        buttons: list[ft.Control] = []
        if i > 0:
            label = t("studio.entry_up", number=i + 1)
            buttons.append(
                ft.IconButton(
                    icon=ft.Icon(ft.Icons.ARROW_UPWARD, semantics_label=label), tooltip=label,
                    on_click=_redraw_after(session, form, lambda i=i: entries.insert(i - 1, entries.pop(i))),
                )
            )
        buttons.append(
            ft.IconButton(
                icon=ft.Icon(ft.Icons.DELETE_OUTLINE, semantics_label=t("studio.remove_entry", number=i + 1)),
                tooltip=t("studio.remove_entry", number=i + 1),
                on_click=_redraw_after(session, form, lambda i=i: entries.pop(i)),
            )
        )
        field = form.localized(t("studio.entry", number=i + 1), entry, "text", (*loc, "entries", i, "text"), lang)
        controls.append(ft.Row([ft.Container(field, expand=True), *buttons]))

    def add() -> None:
        taken = {e.get("id") for e in entries if isinstance(e, dict)}
        number = len(entries) + 1
        while f"step-{number}" in taken:
            number += 1
        entries.append({"id": f"step-{number}", "text": {lang: ""}})

    controls.append(ft.Row([ft.TextButton(t("studio.add_entry"), icon=ft.Icons.ADD, on_click=_redraw_after(session, form, add))]))
    return controls


def _red_flags(session: Session, form: Form, item: dict[str, Any], loc: Loc, lang: str) -> list[ft.Control]:
    t = session.t
    segments = item.setdefault("segments", [])
    formats = [(f, t(f"studio.format.{f}")) for f in RED_FLAG_FORMATS]
    typed = {"text": ""}

    def keep(e: ft.Event[ft.TextField]) -> None:
        typed["text"] = e.control.value or ""

    message = ft.TextField(label=t("studio.message_to_split"), multiline=True, min_lines=3, dense=True, on_change=keep)

    def split() -> None:
        lines = [line.strip() for line in typed["text"].split("\n") if line.strip()]
        if not lines:
            return
        segments.clear()
        for number, line in enumerate(lines, start=1):
            speaker, _sep, text = line.partition(": ") if ": " in line[:30] else ("", "", line)
            segment: dict[str, Any] = {"id": f"s{number}", "text": {lang: text}, "red_flag": False}
            if speaker:
                segment = {"id": f"s{number}", "speaker": {lang: speaker}, "text": {lang: text}, "red_flag": False}
            segments.append(segment)

    controls: list[ft.Control] = [
        form.choice(t("studio.red_flag_format"), item, "format", (*loc, "format"), formats),
        ft.Text(t("studio.split_hint"), size=13),
        message,
        ft.Row([ft.OutlinedButton(t("studio.split"), icon=ft.Icons.CALL_SPLIT, on_click=_redraw_after(session, form, split))]),
        form.problem_line((*loc, "segments")),
    ]
    for i, segment in enumerate(segments):
        if not isinstance(segment, dict):
            continue
        sloc = (*loc, "segments", i)
        number = i + 1
        box = _marked_box(bool(segment.get("red_flag")), ft.Colors.ERROR)
        column: list[ft.Control] = [
            form.localized(t("studio.segment_speaker", number=number), segment, "speaker", (*sloc, "speaker"), lang, required=False),
            form.localized(t("studio.segment_text", number=number), segment, "text", (*sloc, "text"), lang),
            ft.Row(
                [
                    form.check(t("studio.segment_flag", number=number), segment, "red_flag", on_toggle=_remark(box, ft.Colors.ERROR)),
                    ft.TextButton(
                        t("studio.remove_segment", number=number), icon=ft.Icons.DELETE_OUTLINE,
                        on_click=_redraw_after(session, form, lambda i=i: segments.pop(i)),
                    ),
                ],
                wrap=True,
            ),
            form.localized(t("studio.segment_explanation", number=number), segment, "explanation", (*sloc, "explanation"), lang, required=False),
        ]
        box.content = ft.Column(column, spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        controls.append(box)

    def add() -> None:
        taken = {s.get("id") for s in segments if isinstance(s, dict)}
        number = len(segments) + 1
        while f"s{number}" in taken:
            number += 1
        segments.append({"id": f"s{number}", "text": {lang: ""}, "red_flag": False})

    controls.append(ft.Row([ft.TextButton(t("studio.add_segment"), icon=ft.Icons.ADD, on_click=_redraw_after(session, form, add))]))
    return controls


def _scenario(session: Session, form: Form, item: dict[str, Any], loc: Loc, lang: str) -> list[ft.Control]:
    t = session.t
    states = item.setdefault("states", {})
    if not isinstance(states, dict):
        return [widgets.notice(t("studio.edit_by_hand"))]
    names = [str(name) for name in states]
    targets = [(name, name) for name in names]
    links = ft.Text(_links(item), font_family="monospace", size=13)

    def relink() -> None:
        links.value = _links(item)
        links.update()

    endings = [("", t("studio.ending.none")), ("good", t("studio.ending.good")), ("bad", t("studio.ending.bad")), ("neutral", t("studio.ending.neutral"))]
    controls: list[ft.Control] = [
        form.choice(t("studio.scenario_start"), item, "start", (*loc, "start"), targets),
        ft.Text(t("studio.scenario_links"), size=13),
        links,
        form.problem_line((*loc, "states")),
    ]
    for name in names:
        state_data = states[name]
        if not isinstance(state_data, dict):
            continue
        sloc = (*loc, "states", name)
        column: list[ft.Control] = [
            ft.Text(t("studio.state_heading", name=name), weight=ft.FontWeight.W_600),
            form.problem_line(sloc),
            form.localized(t("studio.state_text", name=name), state_data, "text", (*sloc, "text"), lang, multiline=True),
        ]

        def set_ending(e: ft.Event[ft.Dropdown], data: dict[str, Any] = state_data) -> None:
            if e.control.value:
                data["ending"] = e.control.value
                data.pop("choices", None)
            else:
                data.pop("ending", None)
                data.setdefault("choices", [])
            form.changed()
            form.redraw()

        column.append(
            ft.Dropdown(
                label=t("studio.state_ending", name=name),
                value=str(state_data.get("ending") or ""),
                options=[ft.DropdownOption(key=k, text=v) for k, v in endings],
                on_select=set_ending,
                width=240,
                dense=True,
            )
        )
        choices = state_data.get("choices") or []
        for i, choice in enumerate(choices):
            if not isinstance(choice, dict):
                continue
            cloc = (*sloc, "choices", i)
            number = i + 1
            column.append(
                ft.Container(
                    padding=ft.Padding.only(left=12),
                    border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.OUTLINE_VARIANT)),
                    content=ft.Column(
                        [
                            form.localized(t("studio.choice_text", name=name, number=number), choice, "text", (*cloc, "text"), lang),
                            form.choice(t("studio.choice_goto", name=name, number=number), choice, "goto", (*cloc, "goto"), targets, on_pick=relink),
                            form.localized(t("studio.choice_feedback", name=name, number=number), choice, "feedback", (*cloc, "feedback"), lang, required=False),
                        ],
                        spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                    ),
                )
            )
        if not state_data.get("ending"):
            column.append(
                ft.Row(
                    [
                        ft.TextButton(
                            t("studio.add_choice", name=name), icon=ft.Icons.ADD,
                            on_click=_redraw_after(
                                session, form,
                                lambda data=state_data: data.setdefault("choices", []).append({"text": {lang: ""}, "goto": names[0]}),
                            ),
                        )
                    ]
                )
            )
        controls.append(ft.Column(column, spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))
    new_name = ft.TextField(label=t("studio.new_state"), dense=True, width=220)

    def add_state(_e: object) -> None:
        import re

        from lessons.model import SLUG_PATTERN

        name = (new_name.value or "").strip()
        if not re.fullmatch(SLUG_PATTERN, name) or name in states:
            new_name.error = t("studio.bad_state_name")
            new_name.update()
            return
        states[name] = {"text": {lang: ""}, "ending": "neutral"}
        form.changed()
        form.redraw()

    controls.append(ft.Row([new_name, ft.OutlinedButton(t("studio.add_state"), icon=ft.Icons.ADD, on_click=add_state)], wrap=True))
    return controls


def _links(item: dict[str, Any]) -> str:
    """The scenario's graph as lines: ``start → ask (choice 1)``, endings marked."""
    lines = []
    states = item.get("states") or {}
    for name, data in states.items():
        if not isinstance(data, dict):
            continue
        if data.get("ending"):
            lines.append(f"{name}: [{data['ending']}]")
        for number, choice in enumerate(data.get("choices") or [], start=1):
            if isinstance(choice, dict):
                lines.append(f"{name} —{number}→ {choice.get('goto')}")
    return "\n".join(lines)


_FORMS: dict[str, Callable[[Session, Form, dict[str, Any], Loc, str], list[ft.Control]]] = {
    "single_choice": _choices,
    "multiple_choice": _choices,
    "true_false": _true_false,
    "numeric": _numeric,
    "ordering": _ordering,
    "red_flags": _red_flags,
    "scenario": _scenario,
}
