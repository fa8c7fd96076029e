"""True or false: two tiles. Feedback: the text for the learner's answer and the right answer."""

from __future__ import annotations

from typing import Any

import flet as ft

from edu_app.ui.quiz.base import RIGHT, WRONG, ItemContext, ItemView, choice_tile, feedback_line
from lessons import GradeResult, TrueFalseItem


class TrueFalseView(ItemView):
    def __init__(self, ctx: ItemContext, initial: Any = None) -> None:
        super().__init__(ctx, initial)
        item: TrueFalseItem = ctx.item  # type: ignore[assignment]
        self.item = item
        self.chosen: bool | None = initial if isinstance(initial, bool) else None
        self.control = self.column
        self._fill()

    def _label(self, value: bool) -> str:
        return self.ctx.t("quiz.true") if value else self.ctx.t("quiz.false")

    def _fill(self) -> None:
        tiles = []
        # Always "True" then "False": a fixed order is what people expect for this pair.
        for value in (True, False):
            verdict = None
            if self.grade is not None:
                if value == self.item.answer:
                    verdict = "right"
                elif value == self.chosen:
                    verdict = "wrong"
            tiles.append(
                choice_tile(
                    self._label(value),
                    selected=value == self.chosen,
                    on_click=None if self.locked else (lambda v=value: self._pick(v)),
                    verdict=verdict,
                )
            )
        self.column.controls = tiles

    def _pick(self, value: bool) -> None:
        if self.locked:
            return
        self.chosen = value
        self._input_changed()

    def response(self) -> Any | None:
        return self.chosen


    def details(self, grade: GradeResult) -> list[ft.Control]:
        t = self.ctx.t
        if self.chosen is None:
            return []
        chosen_text = self.item.feedback_true if self.chosen else self.item.feedback_false
        right = self.chosen == self.item.answer
        lines: list[ft.Control] = [
            feedback_line(
                ft.Icons.CHECK_CIRCLE if right else ft.Icons.CANCEL,
                RIGHT if right else WRONG,
                t("quiz.your_answer_is", answer=self._label(self.chosen)),
                self.ctx.text(chosen_text),
            )
        ]
        if not right:
            lines.append(
                feedback_line(
                    ft.Icons.CHECK_CIRCLE,
                    RIGHT,
                    t("quiz.statement_is_true") if self.item.answer else t("quiz.statement_is_false"),
                )
            )
        return lines


build = TrueFalseView
