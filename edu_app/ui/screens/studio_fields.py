"""Form fields bound to a place in the studio's draft, each showing the errors found there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from edu_app.ui.context import Session
from edu_app.ui.screens.studio_state import StudioState, language_name
from lessons.error_fields import Loc


class Form:
    """Builds fields for one file of the draft (``path``); every edit goes through ``changed``."""

    def __init__(
        self, session: Session, state: StudioState, path: str, redraw: Callable[[], None] | None = None
    ) -> None:
        self.session = session
        self.state = state
        self.path = path
        # Redraws the part of the screen this form is in (the whole screen when not given).
        self.redraw: Callable[[], None] = redraw or session.rerender

    def changed(self) -> None:
        self.state.changed(self.session)

    def key(self, loc: Loc) -> str:
        """A key unique to this field's place and drawing, so Flutter never hands one field's
        editing state (its text) to the field that replaces it on a redraw."""
        return f"{self.path}:{loc!r}:{self.state.drawing}"

    def text(
        self,
        label: str,
        container: Any,
        key: Any,
        loc: Loc,
        *,
        multiline: bool = False,
        on_text: Callable[[str], None] | None = None,
        optional: bool = False,
        width: int | None = None,
    ) -> ft.TextField:
        """A text field for ``container[key]``. ``optional``: an empty field removes the key."""
        value = container.get(key) if isinstance(container, dict) else container[key]

        def edit(e: ft.Event[ft.TextField]) -> None:
            new = e.control.value or ""
            if optional and not new and isinstance(container, dict):
                container.pop(key, None)
            else:
                container[key] = new
            if on_text is not None:
                on_text(new)
            self.changed()

        field = ft.TextField(
            label=label,
            value="" if value is None else str(value),
            multiline=multiline,
            min_lines=3 if multiline else None,
            max_lines=None if multiline else 1,
            on_change=edit,
            width=width,
            dense=True,
            error_max_lines=2,
            # An empty helper line keeps room for an error, so fields do not jump while typing.
            helper=" ",
            key=self.key(loc),
        )
        self.state.spot(self.path, loc, field)
        return field

    def localized(
        self, label: str, container: dict[str, Any], key: str, loc: Loc, language: str, *, multiline: bool = False,
        required: bool = True,
    ) -> ft.TextField:
        """The ``language`` text of the translatable ``container[key]``.

        An emptied translation is removed (it is then marked missing, not wrong); an emptied
        source text stays, so the validator points at it.
        """
        texts = container.get(key)
        value = texts.get(language, "") if isinstance(texts, dict) else ""
        source = self.state.draft.source_language if self.state.draft else language

        def edit(e: ft.Event[ft.TextField]) -> None:
            new = e.control.value or ""
            current = container.get(key)
            if not isinstance(current, dict):
                current = container[key] = {}
            if new or (language == source and required):
                current[language] = new
            else:
                current.pop(language, None)
                if not current:
                    container.pop(key, None)
            self.changed()

        field = ft.TextField(
            label=f"{label} ({language_name(language)})",
            value=value,
            multiline=multiline,
            min_lines=2 if multiline else None,
            max_lines=None if multiline else 1,
            on_change=edit,
            dense=True,
            error_max_lines=2,
            # An empty helper line keeps room for an error, so fields do not jump while typing.
            helper=" ",
            key=self.key((*loc, language)),
        )
        self.state.spot(self.path, (*loc, language), field)
        return field

    def number(self, label: str, container: dict[str, Any], key: str, loc: Loc, *, width: int = 160) -> ft.TextField:
        """A number field; text that is not a number is kept, so the validator says so."""
        value = container.get(key)

        def edit(e: ft.Event[ft.TextField]) -> None:
            raw = (e.control.value or "").strip()
            try:
                number: Any = int(raw)
            except ValueError:
                try:
                    number = float(raw)
                except ValueError:
                    number = raw
            container[key] = number
            self.changed()

        field = ft.TextField(
            label=label, value="" if value is None else str(value), on_change=edit, width=width, dense=True,
            keyboard_type=ft.KeyboardType.NUMBER,
            key=self.key(loc),
            helper=" ",
            error_max_lines=2,
        )
        self.state.spot(self.path, loc, field)
        return field

    def check(
        self, label: str, container: dict[str, Any], key: str, *, on_toggle: Callable[[bool], None] | None = None
    ) -> ft.Checkbox:
        """A checkbox for a true/false field (absent means false)."""

        def edit(e: ft.Event[ft.Checkbox]) -> None:
            container[key] = bool(e.control.value)
            self.changed()
            if on_toggle is not None:
                on_toggle(bool(e.control.value))

        return ft.Checkbox(label=label, value=bool(container.get(key)), on_change=edit)

    def choice(
        self, label: str, container: dict[str, Any], key: str, loc: Loc, options: list[tuple[str, str]],
        *, redraw: bool = False, width: int = 240, on_pick: Callable[[], None] | None = None,
    ) -> ft.Dropdown:
        """A drop-down for a field with a few allowed values."""

        def edit(e: ft.Event[ft.Dropdown]) -> None:
            container[key] = e.control.value
            self.changed()
            if on_pick is not None:
                on_pick()
            if redraw:
                self.session.rerender()

        value = container.get(key)
        field = ft.Dropdown(
            label=label,
            value=str(value) if value is not None else None,
            options=[ft.DropdownOption(key=k, text=text) for k, text in options],
            on_select=edit,
            width=width,
            dense=True,
        )
        self.state.spot(self.path, loc, field)
        return field

    def problem_line(self, loc: Loc) -> ft.Text:
        """A line showing errors about a whole group (an item's options, a scenario's states)."""
        # Always on screen (empty when all is well), so its errors appearing moves nothing.
        line = ft.Text("", color=ft.Colors.ERROR, size=13)
        self.state.spot(self.path, loc, line)
        return line


def section(title: str, *controls: ft.Control) -> ft.Card:
    """A titled card whose fields take its full width (forms read better with long fields)."""
    return ft.Card(
        content=ft.Container(
            padding=16,
            content=ft.Column(
                [ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600), *controls],
                spacing=10,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
        )
    )


def part(session: Session, state: StudioState, build: Callable[[Callable[[], None]], ft.Control]) -> ft.Container:
    """A part of the screen that redraws alone (adding an option, a state, a source): the page
    keeps its scroll position and the field being typed in keeps its place.

    ``build(redraw)`` makes the part's controls; its forms call ``redraw`` after a change of shape.
    """
    holder = ft.Container()
    own: list[int] = []

    def fill() -> None:
        start = len(state.spots)
        holder.content = build(redraw)
        own[:] = [id(spot) for spot in state.spots[start:]]

    def redraw() -> None:
        state.drawing += 1
        gone = set(own)
        state.spots = [spot for spot in state.spots if id(spot) not in gone]
        fill()
        state.show_errors(session)
        session.page.update()

    fill()
    return holder
