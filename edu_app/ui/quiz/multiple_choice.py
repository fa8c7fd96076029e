"""Multiple choice: tick every right option. Feedback on each ticked option and each missed one."""

from __future__ import annotations

from typing import Any

import flet as ft

from edu_app.ui.quiz.base import RIGHT, WRONG, ItemContext, ItemView, choice_tile, feedback_line
from edu_app.ui.shuffle import seeded_order
from lessons import GradeResult, MultipleChoiceItem


class MultipleChoiceView(ItemView):
    def __init__(self, ctx: ItemContext, initial: Any = None) -> None:
        super().__init__(ctx, initial)
        item: MultipleChoiceItem = ctx.item  # type: ignore[assignment]
        self.item = item
        self.options = seeded_order(item.options, *ctx.seed)
        known = {option.id for option in item.options}
        self.chosen: set[str] = {i for i in initial if i in known} if isinstance(initial, (list, set, tuple)) else set()
        self.control = ft.Column([ft.Text(ctx.t("quiz.choose_all"), italic=True), self.column], spacing=8)
        self._fill()

    def _fill(self) -> None:
        tiles = []
        for option in self.options:
            verdict = None
            if self.grade is not None:
                if option.correct:
                    verdict = "right"
                elif option.id in self.chosen:
                    verdict = "wrong"
            tiles.append(
                choice_tile(
                    self.ctx.text(option.text),
                    selected=option.id in self.chosen,
                    multiple=True,
                    on_click=None if self.locked else (lambda i=option.id: self._toggle(i)),
                    verdict=verdict,
                )
            )
        self.column.controls = tiles

    def _toggle(self, option_id: str) -> None:
        if self.locked:
            return
        self.chosen ^= {option_id}
        self._input_changed()

    def response(self) -> Any | None:
        # Ticking nothing is a valid (if unlikely) answer only once something was considered.
        return sorted(self.chosen) if self.chosen else None


    def details(self, grade: GradeResult) -> list[ft.Control]:
        t = self.ctx.t
        lines: list[ft.Control] = []
        for option in self.options:
            text = self.ctx.text(option.text)
            if option.id in self.chosen and option.correct:
                title, icon, color = t("quiz.multi_chosen_right", answer=text), ft.Icons.CHECK_CIRCLE, RIGHT
            elif option.id in self.chosen:
                title, icon, color = t("quiz.multi_chosen_wrong", answer=text), ft.Icons.CANCEL, WRONG
            elif option.correct:
                title, icon, color = t("quiz.multi_missed", answer=text), ft.Icons.ERROR_OUTLINE, WRONG
            else:
                continue
            lines.append(feedback_line(icon, color, title, self.ctx.text(option.feedback)))
        return lines


build = MultipleChoiceView
