"""What every quiz item widget shares: its context, its interface, tiles and feedback lines.

Each item type has its own module building an :class:`ItemView`: a control the learner answers
with, the response in the grading shape (``lessons/grading.py``), a locked "graded" look, and the
item-specific part of the feedback (the player adds the verdict, explanation, XP and score).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flet as ft

from edu_app.i18n import Translator
from edu_app.ui import theme
from lessons import GradeResult, Item, Pack

# Re-exported for the item widgets: graded colours are roles of the theme (see theme.py).
RIGHT = theme.RIGHT
WRONG = theme.WRONG


@dataclass
class ItemContext:
    """Everything an item widget needs: the pack (for text), the item, language and callbacks."""

    pack: Pack
    item: Item
    language: str
    t: Translator
    seed: tuple[object, ...]
    # Called when the response may have become ready (or not): the player enables "Check".
    on_change: Callable[[], None]
    # Called by items that finish themselves (a scenario reaching an ending).
    submit: Callable[[], None]

    def text(self, value: dict[str, str] | None) -> str:
        return self.pack.text(value, self.language)


class ItemView:
    """Base class of the item widgets."""

    #: True when the item submits itself (no "Check" button).
    self_submitting = False

    def __init__(self, ctx: ItemContext, initial: Any = None) -> None:
        self.ctx = ctx
        self.control: ft.Control = ft.Column()
        # The column of answer tiles that ``_fill`` rebuilds (items without tiles leave it empty).
        self.column = ft.Column(spacing=8)
        self.locked = False
        self.grade: GradeResult | None = None

    def response(self) -> Any | None:
        """The response in the grading shape, or None while it is incomplete."""
        raise NotImplementedError

    def lock(self, grade: GradeResult) -> None:
        """Show the graded state (right and wrong parts) and stop taking input."""
        self.locked = True
        self.grade = grade
        self._fill()

    def _fill(self) -> None:
        """Rebuild ``column`` from the item's state (items that draw tiles override this)."""

    def _input_changed(self) -> None:
        """After the learner's input: redraw the tiles and let the player re-check "Check"."""
        self._fill()
        self.column.update()
        self.ctx.on_change()

    def details(self, grade: GradeResult) -> list[ft.Control]:
        """Item-specific feedback: the chosen answer's feedback, the right answer, and so on."""
        return []


def choice_tile(
    text: str,
    *,
    selected: bool,
    on_click: Callable[[], None] | None,
    multiple: bool = False,
    verdict: str | None = None,
) -> ft.Control:
    """An answer option as a full-width, wrapping, clickable tile (a button to screen readers).

    ``verdict`` after grading: "right" (the right answer), "wrong" (chosen but wrong) or None.
    """
    if verdict == "right":
        icon, color = ft.Icons.CHECK_CIRCLE, RIGHT
    elif verdict == "wrong":
        icon, color = ft.Icons.CANCEL, WRONG
    elif multiple:
        icon, color = (ft.Icons.CHECK_BOX if selected else ft.Icons.CHECK_BOX_OUTLINE_BLANK), ft.Colors.PRIMARY
    else:
        icon, color = (ft.Icons.RADIO_BUTTON_CHECKED if selected else ft.Icons.RADIO_BUTTON_UNCHECKED), ft.Colors.PRIMARY
    border_color = color if (selected or verdict) else ft.Colors.OUTLINE_VARIANT
    return ft.Container(
        content=ft.Row(
            [ft.Icon(icon, color=color), ft.Text(text, expand=True, size=16)],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        padding=ft.Padding.symmetric(horizontal=14, vertical=12),
        border=ft.Border.all(2 if selected or verdict else 1, border_color),
        border_radius=12,
        bgcolor=ft.Colors.with_opacity(0.08, color) if selected or verdict else None,
        on_click=(lambda _e: on_click()) if on_click else None,
        ink=on_click is not None,
    )


def feedback_line(icon: ft.IconData, color: str | None, title: str, body: str = "") -> ft.Control:
    """One line of feedback: an icon, a bold title (what it is about) and an optional text."""
    texts: list[ft.Control] = [ft.Text(title, weight=ft.FontWeight.W_600)]
    if body:
        texts.append(ft.Text(body))
    return ft.Row(
        [ft.Icon(icon, color=color, size=20), ft.Column(texts, spacing=2, expand=True)],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def number_text(value: float) -> str:
    """A number without a useless ``.0``."""
    return f"{value:g}" if abs(value) < 1e15 else str(value)
