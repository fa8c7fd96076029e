"""Single choice: tap one option. Feedback: the chosen option's, then the right one's."""

from __future__ import annotations

from typing import Any

import flet as ft

from edu_app.ui.quiz.base import RIGHT, WRONG, ItemContext, ItemView, choice_tile, feedback_line
from edu_app.ui.shuffle import seeded_order
from lessons import GradeResult, SingleChoiceItem


class SingleChoiceView(ItemView):
    def __init__(self, ctx: ItemContext, initial: Any = None) -> None:
        super().__init__(ctx, initial)
        item: SingleChoiceItem = ctx.item  # type: ignore[assignment]
        self.item = item
        self.options = seeded_order(item.options, *ctx.seed)
        self.chosen: str | None = initial if isinstance(initial, str) else None
        self.control = self.column
        self._fill()

    def _fill(self) -> None:
        tiles = []
        for option in self.options:
            verdict = None
            if self.grade is not None:
                if option.correct:
                    verdict = "right"
                elif option.id == self.chosen:
                    verdict = "wrong"
            tiles.append(
                choice_tile(
                    self.ctx.text(option.text),
                    selected=option.id == self.chosen,
                    on_click=None if self.locked else (lambda i=option.id: self._pick(i)),
                    verdict=verdict,
                )
            )
        self.column.controls = tiles

    def _pick(self, option_id: str) -> None:
        if self.locked:
            return
        self.chosen = option_id
        self._input_changed()

    def response(self) -> Any | None:
        return self.chosen


    def details(self, grade: GradeResult) -> list[ft.Control]:
        t = self.ctx.t
        by_id = {option.id: option for option in self.item.options}
        chosen = by_id.get(self.chosen or "")
        lines: list[ft.Control] = []
        if chosen is not None:
            lines.append(
                feedback_line(
                    ft.Icons.CHECK_CIRCLE if chosen.correct else ft.Icons.CANCEL,
                    RIGHT if chosen.correct else WRONG,
                    t("quiz.your_answer_is", answer=self.ctx.text(chosen.text)),
                    self.ctx.text(chosen.feedback),
                )
            )
        if chosen is None or not chosen.correct:
            for option in self.item.options:
                if option.correct:
                    lines.append(
                        feedback_line(
                            ft.Icons.CHECK_CIRCLE,
                            RIGHT,
                            t("quiz.right_answer_is", answer=self.ctx.text(option.text)),
                            self.ctx.text(option.feedback),
                        )
                    )
        return lines


build = SingleChoiceView
