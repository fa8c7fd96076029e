"""Scenario: read the situation, pick what to do, see what happens, until an ending.

Each choice shows its feedback at once; the item is graded (and recorded) when an ending is
reached, so there is no "Check" button.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import flet as ft

from edu_app.ui import theme

from edu_app.ui.quiz.base import RIGHT, WRONG, ItemContext, ItemView, choice_tile, feedback_line
from lessons import GradeResult, ScenarioItem
from lessons.grading import InvalidResponse, scenario_path

_ENDING_ICONS = {"good": (ft.Icons.EMOJI_EVENTS, RIGHT), "neutral": (ft.Icons.REMOVE_CIRCLE_OUTLINE, theme.REWARD),
                 "bad": (ft.Icons.CANCEL, WRONG)}


def good_path(item: ScenarioItem) -> list[int] | None:
    """The shortest list of choices from the start to a good ending."""
    queue: deque[tuple[str, list[int]]] = deque([(item.start, [])])
    seen = {item.start}
    while queue:
        state_id, choices = queue.popleft()
        state = item.states[state_id]
        if state.ending == "good":
            return choices
        for index, choice in enumerate(state.choices):
            if choice.goto not in seen:
                seen.add(choice.goto)
                queue.append((choice.goto, [*choices, index]))
    return None


class ScenarioView(ItemView):
    self_submitting = True

    def __init__(self, ctx: ItemContext, initial: Any = None) -> None:
        super().__init__(ctx, initial)
        item: ScenarioItem = ctx.item  # type: ignore[assignment]
        self.item = item
        self.choices: list[int] = []
        if isinstance(initial, (list, tuple)):
            try:
                scenario_path(item, list(initial))
                self.choices = list(initial)
            except InvalidResponse:
                self.choices = []
        self.column = ft.Column(spacing=10)
        self.control = self.column
        self._fill()

    def _path(self) -> list[str]:
        return scenario_path(self.item, self.choices)

    def _fill(self) -> None:
        t = self.ctx.t
        path = self._path()
        controls: list[ft.Control] = []
        for step, state_id in enumerate(path):
            state = self.item.states[state_id]
            controls.append(
                ft.Container(
                    ft.Text(self.ctx.text(state.text), size=16),
                    padding=12,
                    border_radius=12,
                    bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
                )
            )
            if step < len(self.choices):
                choice = state.choices[self.choices[step]]
                controls.append(
                    ft.Container(
                        feedback_line(ft.Icons.SUBDIRECTORY_ARROW_RIGHT, ft.Colors.PRIMARY,
                                      t("quiz.you_chose", choice=self.ctx.text(choice.text)),
                                      self.ctx.text(choice.feedback)),
                        padding=ft.Padding.only(left=12),
                    )
                )
            elif state.ending is None and not self.locked:
                controls.append(ft.Text(t("quiz.scenario_choose"), weight=ft.FontWeight.W_600))
                controls.extend(
                    choice_tile(self.ctx.text(choice.text), selected=False, on_click=lambda i=index: self._choose(i))
                    for index, choice in enumerate(state.choices)
                )
            elif state.ending is not None:
                icon, color = _ENDING_ICONS[state.ending]
                controls.append(feedback_line(icon, color, t(f"quiz.ending.{state.ending}")))
        self.column.controls = controls

    def _choose(self, index: int) -> None:
        if self.locked:
            return
        self.choices.append(index)
        state = self.item.states[self._path()[-1]]
        self._fill()
        self.column.update()
        if state.ending is not None:
            self.ctx.submit()

    def finished(self) -> bool:
        return self.item.states[self._path()[-1]].ending is not None

    def response(self) -> Any | None:
        return list(self.choices) if self.finished() else None


    def details(self, grade: GradeResult) -> list[ft.Control]:
        t = self.ctx.t
        if grade.correct:
            return []
        best = good_path(self.item)
        if not best:
            return []
        state_id = self.item.start
        steps = []
        for index in best:
            choice = self.item.states[state_id].choices[index]
            steps.append(self.ctx.text(choice.text))
            state_id = choice.goto
        return [feedback_line(ft.Icons.ROUTE, RIGHT, t("quiz.better_path"), "\n".join(f"→ {s}" for s in steps))]


build = ScenarioView
