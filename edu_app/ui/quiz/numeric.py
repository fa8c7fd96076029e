"""Numeric: type a number (full-width digits, a unit or thousands separators are fine)."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

import flet as ft

from edu_app.ui.quiz.base import RIGHT, WRONG, ItemContext, ItemView, feedback_line, number_text
from lessons import GradeResult, NumericItem

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(text: str, unit: str = "") -> float | None:
    """The number in ``text`` or None: "730", "730%", "７３０", "1,234.5", "2,5" and "-3" work."""
    value = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "").replace("\u2212", "-")
    unit = unicodedata.normalize("NFKC", unit or "").strip()
    if unit and value.endswith(unit):
        value = value[: -len(unit)]
    value = value.rstrip("%")
    if _THOUSANDS.match(value):
        value = value.replace(",", "")
    if not _NUMBER.match(value):
        return None
    number = float(value.replace(",", "."))
    return number if math.isfinite(number) else None


class NumericView(ItemView):
    def __init__(self, ctx: ItemContext, initial: Any = None) -> None:
        super().__init__(ctx, initial)
        item: NumericItem = ctx.item  # type: ignore[assignment]
        self.item = item
        self.unit = ctx.text(item.unit) if item.unit else ""
        self.field = ft.TextField(
            label=ctx.t("quiz.number_label"),
            value=number_text(initial) if isinstance(initial, (int, float)) and not isinstance(initial, bool) else "",
            suffix=self.unit or None,
            keyboard_type=ft.KeyboardType.NUMBER,
            on_change=lambda _e: self._changed(),
            on_submit=lambda _e: self._submit(),
            width=260,
        )
        self.control = ft.Column([self.field], spacing=8)

    def _changed(self) -> None:
        text = self.field.value or ""
        error = None if not text.strip() or self.response() is not None else self.ctx.t("quiz.number_invalid")
        if self.field.error != error:
            self.field.error = error
            self.field.update()
        self.ctx.on_change()

    def _submit(self) -> None:
        if self.response() is not None and not self.locked:
            self.ctx.submit()

    def response(self) -> Any | None:
        return parse_number(self.field.value or "", self.unit)

    def lock(self, grade: GradeResult) -> None:
        super().lock(grade)
        self.field.read_only = True
        self.field.border_color = RIGHT if grade.correct else WRONG

    def _with_unit(self, value: float) -> str:
        return f"{number_text(value)} {self.unit}".strip() if self.unit not in ("%",) else f"{number_text(value)}%"

    def details(self, grade: GradeResult) -> list[ft.Control]:
        t = self.ctx.t
        given = self.response()
        text = self.item.feedback_correct if grade.correct else self.item.feedback_incorrect
        lines: list[ft.Control] = []
        if given is not None:
            lines.append(
                feedback_line(
                    ft.Icons.CHECK_CIRCLE if grade.correct else ft.Icons.CANCEL,
                    RIGHT if grade.correct else WRONG,
                    t("quiz.your_answer_is", answer=self._with_unit(given)),
                    self.ctx.text(text),
                )
            )
        right = self._with_unit(self.item.answer)
        if self.item.tolerance:
            right = t("quiz.numeric_tolerance", answer=right, tolerance=number_text(self.item.tolerance))
        lines.append(feedback_line(ft.Icons.CHECK_CIRCLE, RIGHT, t("quiz.right_answer_is", answer=right)))
        return lines


build = NumericView
