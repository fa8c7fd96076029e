"""The studio's first page: start a new pack, or open a pack folder on this computer."""

from __future__ import annotations

from pathlib import Path

import flet as ft

from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.screens.studio_state import StudioState, studio_home
from lessons.starter import slug_from
from lessons.importers.sheet import import_sheet_file
from lessons.writer import PackDraft, draft_from_files, new_pack, open_draft

_LANGUAGE_SETS = {"en+zh-CN": (["en", "zh-CN"], "en"), "zh-CN+en": (["zh-CN", "en"], "zh-CN"), "en": (["en"], "en"), "zh-CN": (["zh-CN"], "zh-CN")}


def build(session: Session, state: StudioState) -> list[ft.Control] | ft.Control:
    t = session.t
    home = studio_home(session)
    feedback = ft.Column(spacing=4)
    title_field = ft.TextField(label=t("studio.new_title"), dense=True)
    folder_field = ft.TextField(label=t("studio.new_folder"), value=str(home / "my-pack"), dense=True)
    languages = {"value": "en+zh-CN"}

    def title_typed(_e: object) -> None:
        # The folder follows the title until the teacher types a folder of their own.
        if Path(folder_field.value or "").parent == home:
            folder_field.value = str(home / slug_from(title_field.value or ""))
            folder_field.update()

    title_field.on_change = title_typed

    def pick_languages(value: str) -> None:
        languages["value"] = value
        language_row.controls = [_language_choices(session, value, pick_languages)]
        language_row.update()

    language_row = ft.Row([_language_choices(session, languages["value"], pick_languages)])

    def save_and_open(draft: PackDraft, folder: Path, message: str, **params: object) -> None:
        """Write a new pack's files into ``folder`` and open it on the pack page."""
        try:
            draft.save(folder)
        except OSError as error:
            _say(feedback, t("studio.save_failed", path=str(folder), reason=error.strerror or str(error)))
            return
        state.open(folder, draft)
        state.say(message, path=str(folder), **params)
        session.go("/studio/pack")

    def create(_e: object) -> None:
        title = (title_field.value or "").strip()
        folder = Path((folder_field.value or "").strip()).expanduser()
        if not title:
            _say(feedback, t("studio.need_title"))
            return
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            _say(feedback, t("studio.folder_not_empty", path=str(folder)))
            return
        langs, source = _LANGUAGE_SETS[languages["value"]]
        draft = new_pack(slug_from(folder.name or title), title, langs, source)
        save_and_open(draft, folder, "studio.created")

    open_field = ft.TextField(label=t("studio.open_folder"), value=str(home) + "/", dense=True)

    def open_folder(folder: Path) -> None:
        draft, errors = open_draft(folder)
        if draft is None:
            _say(feedback, t("studio.open_failed", path=str(folder)), [str(e) for e in errors[:20]])
            return
        state.open(folder, draft)
        state.say("studio.opened", path=str(folder))
        session.go("/studio/pack")

    sheet_field = ft.TextField(label=t("studio.sheet_file"), value=str(Path.home()) + "/", dense=True)
    sheet_folder_field = ft.TextField(label=t("studio.new_folder"), value=str(home / "from-sheet"), dense=True)

    def sheet_chosen(_e: object) -> None:
        # The pack folder is named after the sheet until the teacher types a folder of their own.
        if Path(sheet_folder_field.value or "").parent == home:
            sheet_folder_field.value = str(home / slug_from(Path(sheet_field.value or "").stem or "from-sheet"))
            sheet_folder_field.update()

    sheet_field.on_change = sheet_chosen

    def import_sheet(_e: object) -> None:
        sheet = Path((sheet_field.value or "").strip()).expanduser()
        folder = Path((sheet_folder_field.value or "").strip()).expanduser()
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            _say(feedback, t("studio.folder_not_empty", path=str(folder)))
            return
        imported = import_sheet_file(sheet)
        if not imported.ok:
            details = [problem.format(str(sheet)) for problem in imported.problems[:20]]
            _say(feedback, t("studio.sheet_problems", count=len(imported.problems), path=str(sheet)), details)
            return
        draft, errors = draft_from_files(imported.files)
        if draft is None:
            _say(feedback, t("studio.open_failed", path=str(sheet)), [str(e) for e in errors[:20]])
            return
        save_and_open(draft, folder, "studio.sheet_imported", count=imported.converted)

    controls: list[ft.Control] = [widgets.heading(t("studio.title")), ft.Text(t("studio.intro"))]
    if state.draft is not None and state.folder is not None:
        controls.append(
            ft.FilledTonalButton(
                t("studio.continue", path=state.folder.name), icon=ft.Icons.EDIT, on_click=lambda _e: session.go("/studio/pack")
            )
        )
    controls += [
        widgets.section(
            t("studio.new_pack"),
            title_field,
            folder_field,
            ft.Text(t("studio.languages")),
            language_row,
            ft.Row([ft.FilledButton(t("studio.create"), icon=ft.Icons.ADD, on_click=create)]),
        ),
        widgets.section(
            t("studio.open_pack"),
            ft.Text(t("studio.open_hint")),
            open_field,
            ft.Row(
                [
                    ft.OutlinedButton(
                        t("studio.open"),
                        icon=ft.Icons.FOLDER_OPEN,
                        on_click=lambda _e: open_folder(Path((open_field.value or "").strip()).expanduser()),
                    )
                ]
            ),
            *_recent(session, home, open_folder),
        ),
        widgets.section(
            t("studio.sheet_title"),
            ft.Text(t("studio.sheet_hint")),
            sheet_field,
            sheet_folder_field,
            ft.Row([ft.OutlinedButton(t("studio.sheet_import"), icon=ft.Icons.TABLE_VIEW, on_click=import_sheet)]),
        ),
        feedback,
    ]
    return widgets.scroll_column(controls)


def _language_choices(session: Session, selected: str, pick) -> ft.Control:  # type: ignore[no-untyped-def]
    t = session.t
    options = [(key, t(f"studio.langs.{key}")) for key in _LANGUAGE_SETS]
    return widgets.choice_row(options, selected, pick)


def _recent(session: Session, home: Path, open_folder) -> list[ft.Control]:  # type: ignore[no-untyped-def]
    """Buttons for the pack folders already in the studio folder."""
    try:
        folders = sorted(p for p in home.iterdir() if (p / "pack.yaml").is_file())
    except OSError:
        return []
    return [
        ft.TextButton(
            session.t("studio.open_named", name=p.name), icon=ft.Icons.FOLDER_OUTLINED, on_click=lambda _e, p=p: open_folder(p)
        )
        for p in folders[:20]
    ]


def _say(feedback: ft.Column, message: str, details: list[str] | None = None) -> None:
    feedback.controls = [
        widgets.notice(message, ft.Icons.ERROR_OUTLINE),
        *(ft.Text(line, size=13) for line in details or []),
    ]
    feedback.update()
