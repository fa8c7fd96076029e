"""Small building blocks shared by screens, so every screen looks and reads alike."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft


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
    """The scrollable body of a screen, limited to a readable width on desktops."""
    return ft.Column(
        [ft.Container(content=ft.Column(controls, spacing=16), width=760, padding=ft.Padding.only(bottom=24))],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
    )


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
