"""Preview (``edu-app pack preview``): the pack being written, its errors, and its lessons.

The screen redraws whenever a file of the pack changes. Errors are listed as the validator
reports them (``path:line:col: message``) so the author can jump to the spot.
"""

from __future__ import annotations

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    preview = session.app.preview
    if preview is None:
        return widgets.scroll_column([widgets.notice(t("preview.off"))])
    result = preview.result
    controls: list[ft.Control] = [
        widgets.heading(t("preview.title")),
        ft.Text(t("preview.folder", path=str(preview.pack_dir))),
        ft.Text(t("preview.revision", revision=preview.revision), theme_style=ft.TextThemeStyle.BODY_SMALL),
    ]
    if not result.ok or result.pack is None:
        controls.append(widgets.notice(t("preview.invalid", count=len(result.errors)), ft.Icons.ERROR_OUTLINE))
        controls.extend(ft.Text(str(error), font_family="monospace", size=12) for error in result.errors[:300])
        return widgets.scroll_column(controls)
    pack = result.pack
    report = result.translations
    controls.append(
        widgets.notice(
            t(
                "preview.valid",
                title=pack.text(pack.manifest.title, session.language),
                lessons=len(pack.lessons),
                items=sum(len(lesson.items) for lesson in pack.lessons),
                missing=len(report.missing),
                stale=len(report.stale),
            ),
            ft.Icons.CHECK_CIRCLE_OUTLINE,
        )
    )
    for lesson in pack.lessons:
        controls.append(
            ft.OutlinedButton(
                pack.text(lesson.title, session.language),
                icon=ft.Icons.MENU_BOOK_OUTLINED,
                on_click=lambda _e, lesson_id=lesson.id: session.go(f"/learn/{pack.id}/{lesson_id}"),
            )
        )
    return widgets.scroll_column(controls)
