"""Ordering: move entries up and down with buttons (accessible; no drag needed)."""

from __future__ import annotations

from typing import Any

import flet as ft

from edu_app.ui.quiz.base import RIGHT, WRONG, ItemContext, ItemView, feedback_line
from edu_app.ui.shuffle import seeded_order
from lessons import GradeResult, OrderingItem


class OrderingView(ItemView):
    def __init__(self, ctx: ItemContext, initial: Any = None) -> None:
        super().__init__(ctx, initial)
        item: OrderingItem = ctx.item  # type: ignore[assignment]
        self.item = item
        ids = [entry.id for entry in item.entries]
        if isinstance(initial, (list, tuple)) and sorted(initial) == sorted(ids):
            self.order = list(initial)
        else:
            self.order = [entry.id for entry in seeded_order(item.entries, *ctx.seed)]
        self.texts = {entry.id: ctx.text(entry.text) for entry in item.entries}
        self.column = ft.Column(spacing=6)
        self.control = ft.Column([ft.Text(ctx.t("quiz.order_hint"), italic=True), self.column], spacing=8)
        self._fill()

    def _fill(self) -> None:
        t = self.ctx.t
        rows = []
        last = len(self.order) - 1
        for position, entry_id in enumerate(self.order):
            text = self.texts[entry_id]
            in_place = self.grade is not None and self.item.entries[position].id == entry_id
            color = (RIGHT if in_place else WRONG) if self.grade is not None else ft.Colors.OUTLINE_VARIANT
            buttons: list[ft.Control] = []
            if not self.locked:
                buttons = [
                    ft.IconButton(
                        icon=ft.Icon(ft.Icons.ARROW_UPWARD, semantics_label=t("quiz.move_up", entry=text)),
                        disabled=position == 0,
                        on_click=lambda _e, p=position: self._move(p, -1),
                    ),
                    ft.IconButton(
                        icon=ft.Icon(ft.Icons.ARROW_DOWNWARD, semantics_label=t("quiz.move_down", entry=text)),
                        disabled=position == last,
                        on_click=lambda _e, p=position: self._move(p, 1),
                    ),
                ]
            rows.append(
                ft.Container(
                    content=ft.Row(
                        [
                            ft.Container(
                                ft.Text(str(position + 1), weight=ft.FontWeight.W_700),
                                width=28,
                                alignment=ft.Alignment.CENTER,
                            ),
                            ft.Text(text, expand=True, size=16),
                            *buttons,
                        ],
                        spacing=4,
                    ),
                    padding=ft.Padding.only(left=8, right=4, top=6, bottom=6),
                    border=ft.Border.all(2 if self.grade is not None else 1, color),
                    border_radius=12,
                )
            )
        self.column.controls = rows

    def _move(self, position: int, delta: int) -> None:
        target = position + delta
        if self.locked or not 0 <= target < len(self.order):
            return
        self.order[position], self.order[target] = self.order[target], self.order[position]
        self._input_changed()

    def response(self) -> Any | None:
        return list(self.order)


    def details(self, grade: GradeResult) -> list[ft.Control]:
        t = self.ctx.t
        in_place = sum(1 for given, entry in zip(self.order, self.item.entries) if given == entry.id)
        lines: list[ft.Control] = [
            feedback_line(
                ft.Icons.CHECK_CIRCLE if grade.correct else ft.Icons.CANCEL,
                RIGHT if grade.correct else WRONG,
                t("quiz.order_in_place", count=in_place, total=len(self.order)),
            )
        ]
        if not grade.correct:
            right = "\n".join(f"{n}. {self.texts[e.id]}" for n, e in enumerate(self.item.entries, start=1))
            lines.append(feedback_line(ft.Icons.FORMAT_LIST_NUMBERED, RIGHT, t("quiz.right_order"), right))
        return lines


build = OrderingView
