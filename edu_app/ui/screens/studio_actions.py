"""The studio's actions on the whole pack: save, build the zip, try it in the reader."""

from __future__ import annotations

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.screens.studio_state import StudioState
from lessons.build import write_zip
from lessons.loader import load_pack
from lessons.signing import content_files


def action_bar(session: Session, state: StudioState) -> ft.Control:
    """Save, Build and Try buttons, and what the last of them did."""
    t = session.t
    controls: list[ft.Control] = [
        widgets.action_row(
            ft.FilledButton(t("studio.save"), icon=ft.Icons.SAVE_OUTLINED, on_click=lambda _e: save(session, state)),
            ft.OutlinedButton(t("studio.build"), icon=ft.Icons.ARCHIVE_OUTLINED, on_click=lambda _e: build_zip(session, state)),
            ft.OutlinedButton(t("studio.try"), icon=ft.Icons.MENU_BOOK_OUTLINED, on_click=lambda _e: try_in_reader(session, state)),
        )
    ]
    if state.message:
        # Kept as keys, so the message follows a change of language.
        text = " ".join(t(key, **params) for key, params in state.message)
        controls.append(widgets.notice(text, ft.Icons.INFO_OUTLINE))
    return ft.Column(controls, spacing=8)


def save(session: Session, state: StudioState, *, redraw: bool = True) -> bool:
    """Write the draft's changed files into its folder; False (with a message) when it cannot.

    ``redraw=False`` when the caller goes on to another screen or redraws itself."""
    if state.draft is None or state.folder is None:
        return False
    try:
        written = state.draft.save(state.folder)
    except OSError as error:
        state.say("studio.save_failed", path=str(state.folder), reason=error.strerror or str(error))
        session.rerender()
        return False
    result = state.validate()
    count = len(result.errors) if result else 0
    state.say("studio.saved", count=len(written))
    if count == 0:
        state.say("studio.saved_valid", replace=False)
    else:
        state.say("studio.saved_invalid", replace=False, count=count)
    if redraw:
        session.rerender()
    return True


def build_zip(session: Session, state: StudioState) -> None:
    """Save, validate the folder as the CLI does, and write ``<id>-<version>.zip`` beside it."""
    if not save(session, state, redraw=False) or state.folder is None:
        return
    result = load_pack(state.folder)
    if not result.ok or result.pack is None:
        state.say("studio.build_refused", count=len(result.errors))
        session.rerender()
        return
    manifest = result.pack.manifest
    # Beside the folder, never inside it: a later build must not pack its own output.
    output = state.folder.parent / f"{manifest.id}-{manifest.version}.zip"
    try:
        write_zip(content_files(result.files.files), output)
    except OSError as error:
        state.say("studio.save_failed", path=str(output), reason=error.strerror or str(error))
    else:
        state.say("studio.built", path=str(output), size=output.stat().st_size)
    session.rerender()


def try_in_reader(session: Session, state: StudioState, lesson_id: str | None = None) -> None:
    """Save, then open the pack's first (or the given) lesson in the real reader."""
    if not save(session, state, redraw=False) or state.folder is None:
        return
    result = load_pack(state.folder)
    if not result.ok or result.pack is None or not result.pack.lessons:
        state.say("studio.try_refused", count=len(result.errors))
        session.rerender()
        return
    session.app.trials.put(result.pack)
    session.app.packs_changed()
    target = lesson_id if lesson_id and result.pack.lesson(lesson_id) else result.pack.lessons[0].id
    session.go(f"/learn/{result.pack.id}/{target}")
