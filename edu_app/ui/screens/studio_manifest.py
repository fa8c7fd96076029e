"""The pack's details (``pack.yaml``) as forms: titles, languages, people, sources, skills,
lesson order and unlock rules."""

from __future__ import annotations

from typing import Any

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.screens.studio_fields import Form, part, section
from edu_app.ui.screens.studio_state import StudioState
from lessons.loader import MANIFEST_FILE
from lessons.model import KNOWN_FEATURES, SLUG_PATTERN
from lessons.writer import add_lesson

_CONDITIONS = ("lesson_completed", "quiz_score", "skill_mastery")


def build(session: Session, state: StudioState) -> list[ft.Control]:
    draft = state.draft
    assert draft is not None
    m = draft.manifest
    languages = draft.languages

    def form(redraw):  # type: ignore[no-untyped-def]
        return Form(session, state, MANIFEST_FILE, redraw)

    return [
        part(session, state, lambda redraw: _general(session, form(redraw), m, languages)),
        part(session, state, lambda redraw: _sources(session, form(redraw), m)),
        part(session, state, lambda redraw: _skills(session, form(redraw), m, languages)),
        part(session, state, lambda redraw: _lessons(session, state, form(redraw), m)),
        part(session, state, lambda redraw: _unlocks(session, form(redraw), m)),
    ]


def _general(session: Session, form: Form, m: dict[str, Any], languages: list[str]) -> ft.Control:
    t = session.t

    def languages_typed(text: str) -> None:
        m["languages"] = [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]

    language_field = form.text(t("studio.languages_field"), {"v": ", ".join(languages)}, "v", ("languages",), on_text=languages_typed)
    # New languages bring new fields: redraw once the teacher leaves the field.
    language_field.on_blur = lambda _e: session.rerender()  # every translatable field changes
    general = section(
        t("studio.pack_details"),
        *[form.localized(t("studio.field_title"), m, "title", ("title",), lang) for lang in languages],
        *[form.localized(t("studio.field_description"), m, "description", ("description",), lang, multiline=True) for lang in languages],
        language_field,
        form.choice(t("studio.source_language"), m, "source_language", ("source_language",), [(x, x) for x in languages], redraw=True),
        ft.Row(
            [
                form.text(t("studio.field_id"), m, "id", ("id",), width=260),
                form.text(t("studio.field_version"), m, "version", ("version",), width=140),
            ],
            wrap=True,
        ),
        form.text(t("studio.field_publisher"), m, "publisher", ("publisher",)),
        form.text(t("studio.field_license"), m, "license", ("license",)),
        *_authors(session, form, m),
    )
    return general


def _authors(session: Session, form: Form, m: dict[str, Any]) -> list[ft.Control]:
    t = session.t
    authors = m.setdefault("authors", [])
    controls: list[ft.Control] = [
        form.text(t("studio.field_author", number=i + 1), author, "name", ("authors", i, "name"))
        for i, author in enumerate(authors)
        if isinstance(author, dict)
    ]

    def add(_e: object) -> None:
        authors.append({"name": ""})
        form.changed()
        form.redraw()

    controls.append(ft.Row([ft.TextButton(t("studio.add_author"), icon=ft.Icons.PERSON_ADD, on_click=add)]))
    return controls


def _remove_button(session: Session, form: Form, label: str, values: list[Any], index: int) -> ft.Control:
    def remove(_e: object) -> None:
        del values[index]
        form.changed()
        form.redraw()

    return ft.IconButton(icon=ft.Icon(ft.Icons.DELETE_OUTLINE, semantics_label=label), tooltip=label, on_click=remove)


def _sources(session: Session, form: Form, m: dict[str, Any]) -> ft.Control:
    t = session.t
    sources = m.setdefault("sources", [])
    rows: list[ft.Control] = [ft.Text(t("studio.sources_hint"), size=13)]
    for i, source in enumerate(sources):
        if not isinstance(source, dict):
            continue
        loc = ("sources", i)
        rows.append(
            ft.Column(
                [
                    ft.Row(
                        [
                            form.text(t("studio.source_id", number=i + 1), source, "id", (*loc, "id"), width=220),
                            _remove_button(session, form, t("studio.remove_source", number=i + 1), sources, i),
                        ]
                    ),
                    form.text(t("studio.source_title", number=i + 1), source, "title", (*loc, "title")),
                    form.text(t("studio.source_publisher", number=i + 1), source, "publisher", (*loc, "publisher"), optional=True),
                    form.text(t("studio.source_url", number=i + 1), source, "url", (*loc, "url"), optional=True),
                    form.text(t("studio.source_accessed", number=i + 1), source, "accessed", (*loc, "accessed"), optional=True, width=220),
                ],
                spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            )
        )

    def add(_e: object) -> None:
        sources.append({"id": f"source-{len(sources) + 1}", "title": ""})
        form.changed()
        form.redraw()

    rows.append(ft.Row([ft.TextButton(t("studio.add_source"), icon=ft.Icons.ADD, on_click=add)]))
    return section(t("studio.sources"), *rows)


def _skills(session: Session, form: Form, m: dict[str, Any], languages: list[str]) -> ft.Control:
    t = session.t
    skills = m.setdefault("skills", [])
    rows: list[ft.Control] = []
    for i, skill in enumerate(skills):
        if not isinstance(skill, dict):
            continue
        loc = ("skills", i)
        rows.append(
            ft.Column(
                [
                    ft.Row(
                        [
                            form.text(t("studio.skill_id", number=i + 1), skill, "id", (*loc, "id"), width=220),
                            _remove_button(session, form, t("studio.remove_skill", number=i + 1), skills, i),
                        ]
                    ),
                    *[form.localized(t("studio.skill_name", number=i + 1), skill, "name", (*loc, "name"), lang) for lang in languages],
                ],
                spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            )
        )

    def add(_e: object) -> None:
        skills.append({"id": f"skill-{len(skills) + 1}", "name": {m.get("source_language", "en"): ""}})
        form.changed()
        form.redraw()

    rows.append(ft.Row([ft.TextButton(t("studio.add_skill"), icon=ft.Icons.ADD, on_click=add)]))
    return section(t("studio.skills"), *rows)


def _lessons(session: Session, state: StudioState, form: Form, m: dict[str, Any]) -> ft.Control:
    """Lesson order (up and down), and a new lesson by id."""
    t = session.t
    draft = state.draft
    assert draft is not None
    order = m.setdefault("lessons", [])
    rows: list[ft.Control] = []

    def move(index: int, step: int) -> None:
        order[index], order[index + step] = order[index + step], order[index]
        form.changed()
        form.redraw()

    for i, lesson_id in enumerate(order):
        buttons = []
        if i > 0:
            label = t("studio.move_up", lesson=lesson_id)
            buttons.append(ft.IconButton(icon=ft.Icon(ft.Icons.ARROW_UPWARD, semantics_label=label), tooltip=label, on_click=lambda _e, i=i: move(i, -1)))
        if i < len(order) - 1:
            label = t("studio.move_down", lesson=lesson_id)
            buttons.append(ft.IconButton(icon=ft.Icon(ft.Icons.ARROW_DOWNWARD, semantics_label=label), tooltip=label, on_click=lambda _e, i=i: move(i, 1)))
        rows.append(ft.Row([ft.Text(f"{i + 1}. {lesson_id}", expand=True), *buttons]))
        rows.append(form.problem_line(("lessons", i)))
    new_id = ft.TextField(label=t("studio.new_lesson_id"), dense=True, width=260)

    def add(_e: object) -> None:
        import re

        lesson_id = (new_id.value or "").strip()
        if not re.fullmatch(SLUG_PATTERN, lesson_id) or lesson_id in draft.lessons:
            new_id.error = t("studio.bad_lesson_id")
            new_id.update()
            return
        add_lesson(draft, lesson_id)
        form.changed()
        session.go(f"/studio/lesson/{lesson_id}")

    rows.append(ft.Row([new_id, ft.OutlinedButton(t("studio.add_lesson"), icon=ft.Icons.ADD, on_click=add)], wrap=True))
    return section(t("studio.lesson_order"), *rows)


def _unlocks(session: Session, form: Form, m: dict[str, Any]) -> ft.Control:
    """Unlock rules: a feature and the conditions that must all hold. Rules with "any" or
    nested groups are shown as they are and edited by hand."""
    t = session.t
    rules = m.setdefault("unlocks", [])
    rows: list[ft.Control] = [ft.Text(t("studio.unlocks_hint"), size=13)]
    features = [(f, f) for f in sorted(KNOWN_FEATURES)]
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            continue
        loc = ("unlocks", i)
        when = rule.get("when")
        conditions = _simple_conditions(when)
        rule_rows: list[ft.Control] = [
            ft.Row(
                [
                    form.choice(t("studio.unlock_feature", number=i + 1), rule, "feature", (*loc, "feature"), features),
                    _remove_button(session, form, t("studio.remove_unlock", number=i + 1), rules, i),
                ],
                wrap=True,
            )
        ]
        if conditions is None:
            rule_rows.append(widgets.notice(t("studio.unlock_by_hand")))
        else:
            in_all = isinstance(when, dict) and "all" in when
            for j, condition in enumerate(conditions):
                cloc = (*loc, "when", "all", j) if in_all else (*loc, "when")
                rule_rows.append(_condition_row(session, form, rule, conditions, j, condition, cloc))

            def add_condition(_e: object, rule: dict[str, Any] = rule, conditions: list[Any] = conditions) -> None:
                conditions.append({"lesson_completed": (m.get("lessons") or [""])[0]})
                rule["when"] = {"all": conditions}
                form.changed()
                form.redraw()

            rule_rows.append(ft.Row([ft.TextButton(t("studio.add_condition"), icon=ft.Icons.ADD, on_click=add_condition)]))
        rule_rows.append(form.problem_line(loc))
        rows.append(ft.Column(rule_rows, spacing=6))

    def add(_e: object) -> None:
        rules.append({"feature": "simulator", "when": {"lesson_completed": (m.get("lessons") or [""])[0]}})
        form.changed()
        form.redraw()

    rows.append(ft.Row([ft.TextButton(t("studio.add_unlock"), icon=ft.Icons.LOCK_OPEN, on_click=add)]))
    return section(t("studio.unlocks"), *rows)


def _simple_conditions(when: Any) -> list[Any] | None:
    """The conditions of ``when`` as one list when they are simple (one, or an "all" of them)."""
    if isinstance(when, dict) and len(when) == 1 and next(iter(when)) in _CONDITIONS:
        return [when]
    if isinstance(when, dict) and list(when) == ["all"] and isinstance(when["all"], list):
        if all(isinstance(c, dict) and len(c) == 1 and next(iter(c)) in _CONDITIONS for c in when["all"]):
            return when["all"]
    return None


def _condition_row(
    session: Session, form: Form, rule: dict[str, Any], conditions: list[Any], index: int, condition: dict[str, Any],
    loc: tuple[Any, ...],
) -> ft.Control:
    t = session.t
    kind = next(iter(condition))
    number = index + 1

    def set_kind(e: ft.Event[ft.Dropdown]) -> None:
        new = e.control.value or "lesson_completed"
        ref = _ref_of(condition)
        condition.clear()
        if new == "lesson_completed":
            condition[new] = ref
        elif new == "quiz_score":
            condition[new] = {"lesson": ref, "at_least": 0.8}
        else:
            condition[new] = {"skill": ref, "at_least": 0.8}
        rule["when"] = conditions[0] if len(conditions) == 1 else {"all": conditions}
        form.changed()
        form.redraw()

    kinds = ft.Dropdown(
        label=t("studio.condition", number=number),
        value=kind,
        options=[ft.DropdownOption(key=k, text=t(f"studio.condition.{k}")) for k in _CONDITIONS],
        on_select=set_kind,
        width=260,
        dense=True,
    )
    row: list[ft.Control] = [kinds]
    if kind == "lesson_completed":
        row.append(form.text(t("studio.condition_lesson", number=number), condition, kind, (*loc, kind), width=220))
    else:
        args = condition[kind] if isinstance(condition[kind], dict) else {}
        condition[kind] = args
        name = "lesson" if kind == "quiz_score" else "skill"
        row.append(form.text(t(f"studio.condition_{name}", number=number), args, name, (*loc, kind, name), width=220))
        row.append(form.number(t("studio.condition_at_least", number=number), args, "at_least", (*loc, kind, "at_least")))
    return ft.Row(row, wrap=True)


def _ref_of(condition: dict[str, Any]) -> str:
    value = next(iter(condition.values()), "")
    if isinstance(value, dict):
        value = value.get("lesson") or value.get("skill") or ""
    return str(value)
