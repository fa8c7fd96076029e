"""Red flags: a chat, text message, notice, e-mail or post, one bubble per segment; tapping a
bubble toggles "Mark as red flag". Feedback explains each marked segment and each missed flag."""

from __future__ import annotations

from typing import Any

import flet as ft

from edu_app.ui import theme

from edu_app.ui.quiz.base import RIGHT, WRONG, ItemContext, ItemView, feedback_line
from lessons import GradeResult, RedFlagsItem

_FORMAT_ICONS = {
    "group_chat": ft.Icons.GROUPS,
    "private_chat": ft.Icons.CHAT,
    "sms": ft.Icons.SMS,
    "app_notice": ft.Icons.NOTIFICATIONS,
    "email": ft.Icons.EMAIL,
    "post": ft.Icons.DYNAMIC_FEED,
}
FLAG = theme.WRONG


class RedFlagsView(ItemView):
    def __init__(self, ctx: ItemContext, initial: Any = None) -> None:
        super().__init__(ctx, initial)
        item: RedFlagsItem = ctx.item  # type: ignore[assignment]
        self.item = item
        known = {segment.id for segment in item.segments}
        self.marked: set[str] = (
            {i for i in initial if i in known} if isinstance(initial, (list, set, tuple)) else set()
        )
        self.chat = item.format in ("group_chat", "private_chat", "sms")
        header = ft.Row(
            [
                ft.Icon(_FORMAT_ICONS.get(item.format, ft.Icons.CHAT), color=ft.Colors.ON_SURFACE_VARIANT, size=18),
                ft.Text(ctx.t(f"quiz.format.{item.format}"), color=ft.Colors.ON_SURFACE_VARIANT),
            ],
            spacing=6,
        )
        self.control = ft.Column(
            [
                ft.Text(ctx.t("quiz.flags_hint"), italic=True),
                ft.Container(
                    content=ft.Column([header, self.column], spacing=10),
                    padding=12,
                    border_radius=16,
                    bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST if self.chat else ft.Colors.SURFACE_CONTAINER_LOW,
                    border=None if self.chat else ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
                ),
            ],
            spacing=8,
        )
        self._fill()

    def _bubble(self, segment) -> ft.Control:  # type: ignore[no-untyped-def]
        t = self.ctx.t
        marked = segment.id in self.marked
        if self.grade is None:
            state_icon = ft.Icons.FLAG if marked else ft.Icons.OUTLINED_FLAG
            state_text = t("quiz.flag_marked") if marked else t("quiz.flag_mark")
            color = FLAG if marked else ft.Colors.ON_SURFACE_VARIANT
        elif segment.red_flag:
            state_icon = ft.Icons.FLAG
            state_text = t("quiz.flag_spotted") if marked else t("quiz.flag_missed")
            color = RIGHT if marked else WRONG
        else:
            state_icon = ft.Icons.OUTLINED_FLAG
            state_text = t("quiz.flag_false_alarm") if marked else t("quiz.flag_not_flag")
            color = WRONG if marked else ft.Colors.ON_SURFACE_VARIANT
        parts: list[ft.Control] = []
        if segment.speaker:
            parts.append(ft.Text(self.ctx.text(segment.speaker), weight=ft.FontWeight.W_600, size=13))
        parts.append(ft.Text(self.ctx.text(segment.text), size=16))
        parts.append(ft.Row([ft.Icon(state_icon, color=color, size=18), ft.Text(state_text, color=color, size=13)], spacing=4))
        highlighted = marked or (self.grade is not None and segment.red_flag)
        return ft.Container(
            content=ft.Column(parts, spacing=4),
            padding=ft.Padding.symmetric(horizontal=14, vertical=10),
            border_radius=ft.BorderRadius.only(
                top_left=4 if self.chat else 12, top_right=16, bottom_left=16, bottom_right=16
            ),
            bgcolor=ft.Colors.with_opacity(0.10, color) if highlighted else ft.Colors.SURFACE,
            border=ft.Border.all(2 if highlighted else 1, color if highlighted else ft.Colors.OUTLINE_VARIANT),
            on_click=None if self.locked else (lambda _e, i=segment.id: self._toggle(i)),
            ink=not self.locked,
            margin=ft.Margin.only(right=32) if self.chat else None,
        )

    def _fill(self) -> None:
        self.column.controls = [self._bubble(segment) for segment in self.item.segments]

    def _toggle(self, segment_id: str) -> None:
        if self.locked:
            return
        self.marked ^= {segment_id}
        self._input_changed()

    def response(self) -> Any | None:
        return sorted(self.marked)


    def details(self, grade: GradeResult) -> list[ft.Control]:
        t = self.ctx.t
        lines: list[ft.Control] = []
        flags = sum(1 for s in self.item.segments if s.red_flag)
        spotted = sum(1 for s in self.item.segments if s.red_flag and s.id in self.marked)
        lines.append(
            feedback_line(
                ft.Icons.FLAG,
                RIGHT if grade.correct else WRONG,
                t("quiz.flags_summary", spotted=spotted, total=flags),
            )
        )
        for segment in self.item.segments:
            marked = segment.id in self.marked
            if not (marked or segment.red_flag):
                continue
            text = self.ctx.text(segment.text)
            if segment.red_flag and marked:
                title, icon, color = t("quiz.flag_spotted_line", text=text), ft.Icons.CHECK_CIRCLE, RIGHT
            elif segment.red_flag:
                title, icon, color = t("quiz.flag_missed_line", text=text), ft.Icons.ERROR_OUTLINE, WRONG
            else:
                title, icon, color = t("quiz.flag_false_alarm_line", text=text), ft.Icons.CANCEL, WRONG
            lines.append(feedback_line(icon, color, title, self.ctx.text(segment.explanation)))
        return lines


build = RedFlagsView
