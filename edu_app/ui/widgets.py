"""Small building blocks shared by screens, so every screen looks and reads alike."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from edu_app.ui.theme import CONTENT_MAX_WIDTH


def heading(text: str) -> ft.Text:
    """A screen title."""
    return ft.Text(text, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600)


def section(title: str, *controls: ft.Control) -> ft.Card:
    """A titled card grouping related controls."""
    return ft.Card(
        content=ft.Container(
            padding=16,
            content=ft.Column(
                [ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600), *controls],
                spacing=10,
            ),
        )
    )


def choice_row(
    options: list[tuple[str, str]], selected: str, on_pick: Callable[[str], None]
) -> ft.Row:
    """A row of buttons for picking one value; the chosen one is filled (and says it is selected)."""
    buttons: list[ft.Control] = []
    for value, label in options:
        if value == selected:
            buttons.append(ft.FilledButton(label, icon=ft.Icons.CHECK))
        else:
            buttons.append(ft.OutlinedButton(label, on_click=lambda _e, v=value: on_pick(v)))
    return ft.Row(buttons, wrap=True, spacing=8, run_spacing=8)


def danger_button(label: str, icon: ft.IconData, on_click: Callable[[ft.Event[ft.OutlinedButton]], None]) -> ft.OutlinedButton:
    """An action that deletes something: drawn in the theme's error colour, never the ordinary one."""
    return ft.OutlinedButton(
        label,
        icon=icon,
        on_click=on_click,
        style=ft.ButtonStyle(color=ft.Colors.ERROR, icon_color=ft.Colors.ERROR, side=ft.BorderSide(1, ft.Colors.ERROR)),
    )


def danger_confirm(label: str, icon: ft.IconData, on_click: Callable[[ft.Event[ft.FilledButton]], None]) -> ft.FilledButton:
    """The confirming button of a deletion dialog, filled with the error colour."""
    return ft.FilledButton(
        label,
        icon=icon,
        on_click=on_click,
        style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR, icon_color=ft.Colors.ON_ERROR),
    )


def notice(text: str, icon: ft.IconData = ft.Icons.INFO_OUTLINE) -> ft.Container:
    """A tinted box for important information (disclaimers, locked features, recovery)."""
    return ft.Container(
        padding=12,
        border_radius=12,
        bgcolor=ft.Colors.with_opacity(0.08, ft.Colors.PRIMARY),
        content=ft.Row(
            [ft.Icon(icon, color=ft.Colors.PRIMARY), ft.Text(text, expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    )


def scroll_column(controls: list[ft.Control]) -> ft.Column:
    """The scrollable body of a screen, limited to a readable width on desktops.

    Every child stretches to the same width, so cards line up instead of each being as wide as
    its own text.
    """
    return ft.Column(
        [
            ft.Container(
                content=ft.Column(
                    [_natural_width(c) for c in controls],
                    spacing=16,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
                width=CONTENT_MAX_WIDTH,
                padding=ft.Padding.only(bottom=24),
            )
        ],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
    )


# Buttons keep their own width in a stretched column (a 760-pixel "Back" button reads oddly).
_BUTTONS = (ft.FilledButton, ft.OutlinedButton, ft.TextButton, ft.Button, ft.FilledTonalButton)


def _natural_width(control: ft.Control) -> ft.Control:
    return ft.Row([control]) if isinstance(control, _BUTTONS) else control


def with_actions(body: ft.Column, actions: ft.Control) -> ft.Column:
    """A screen whose primary actions stay pinned below the scrolling ``body``.

    On a phone the scrolling content runs behind nothing: the action bar sits between it and the
    navigation bar, so "Start quiz" or "Next question" is always reachable without a scroll.
    """
    bar = ft.Container(
        content=ft.Container(content=actions, width=CONTENT_MAX_WIDTH),
        alignment=ft.Alignment.CENTER,
        padding=ft.Padding.only(top=8, bottom=4),
        border=ft.Border.only(top=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
    )
    return ft.Column([body, bar], expand=True, spacing=0)


def action_row(*buttons: ft.Control) -> ft.Row:
    """Buttons side by side, wrapping on narrow screens."""
    return ft.Row(list(buttons), wrap=True, spacing=8, run_spacing=8)


def close_dialog(dialog: ft.DialogControl) -> None:
    """Close this dialog. (``page.pop_dialog()`` closes the topmost *open* dialog, which may be a
    snack bar still showing, leaving the dialog the learner answered on screen.)"""
    if dialog.open:
        dialog.open = False
        dialog.update()


class Dialog:
    """An ``AlertDialog`` that can run something once it has fully closed.

    Redrawing the page (``session.rerender()``) while a dialog is still closing leaves the dialog
    on screen, so work that redraws waits for the dismissal that Flutter reports.
    """

    def __init__(self, page: ft.Page, **kwargs: object) -> None:
        self.page = page
        self._after: Callable[[], None] | None = None
        self.control = ft.AlertDialog(on_dismiss=self._dismissed, **kwargs)  # type: ignore[arg-type]

    def show(self) -> None:
        self.page.show_dialog(self.control)

    def close(self, then: Callable[[], None] | None = None) -> None:
        """Close the dialog; ``then()`` runs after it is gone."""
        self._after = then
        close_dialog(self.control)

    def _dismissed(self, _e: object) -> None:
        after, self._after = self._after, None
        if after is not None:
            after()
