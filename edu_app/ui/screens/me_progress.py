"""The progress part of Me: mastery per skill (a chart), streak calendar, badges, recent answers,
and the learner's data: export to a JSON file, import one, delete the learning history."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import date, datetime, timedelta

import flet as ft

from edu_app.store.errors import StorageError
from edu_app.ui import theme, widgets
from edu_app.ui.context import Session
from edu_app.ui.screens.home import progress_cards

CALENDAR_WEEKS = 5
HISTORY_ROWS = 10
# Larger files are refused before parsing (a real progress file is a few hundred kB at most).
MAX_IMPORT_BYTES = 50 * 1024 * 1024
# Where the data section's last message (export done, import refused) is kept across redraws.
RESULT_DRAFT = "me.data_result"
log = logging.getLogger(__name__)


def sections(session: Session) -> list[ft.Control]:
    """Everything Me shows about progress, in order."""
    t = session.t
    assert session.profile is not None
    progress = session.app.learning.progress(session.profile.id, session.language)
    return [
        progress_cards(session, progress),
        widgets.section(
            t("me.mastery_title"),
            ft.Text(t("me.mastery_hint"), theme_style=ft.TextThemeStyle.BODY_SMALL),
            *mastery_chart(session, progress.mastery),
            ft.OutlinedButton(t("skills.open"), icon=ft.Icons.ACCOUNT_TREE_OUTLINED, on_click=lambda _e: session.go("/me/skills")),
        ),
        widgets.section(t("me.calendar_title"), *streak_calendar(session, set(progress.active_days), session.app.today())),
        widgets.section(t("me.badges_title"), badge_grid(session, progress.badges)),
        widgets.section(t("me.history_title"), *history(session, progress)),
        data_section(session),
    ]


# ----- mastery chart ------------------------------------------------------------------------------


def mastery_chart(session: Session, mastery: list) -> list[ft.Control]:  # type: ignore[type-arg]
    """A horizontal bar chart (a vertical flet-charts BarChart turned a quarter) of the practised
    skills, best first; skills not practised yet are counted below it."""
    t = session.t
    practised = sorted((m for m in mastery if m.answers > 0), key=lambda m: (-m.p, m.name))
    waiting = len(mastery) - len(practised)
    if not practised:
        return [ft.Text(t("me.mastery_empty"))]
    # Imported here: the chart library takes a noticeable share of start-up and only Me needs it.
    import flet_charts as fch

    # Room for a skill name in two lines. A wider label area makes flet-charts drop the scale
    # (the 0-100% labels) on wide screens, so it is the same on every size.
    label_size = 130
    slot = 34
    groups = [
        fch.BarChartGroup(
            x=index,
            rods=[
                fch.BarChartRod(
                    from_y=0,
                    to_y=round(m.p * 100, 1),
                    width=16,
                    color=theme.RIGHT if m.p >= 0.6 else ft.Colors.TERTIARY,
                    border_radius=4,
                    bg_to_y=100,
                    bgcolor=ft.Colors.with_opacity(0.10, ft.Colors.PRIMARY),
                    tooltip=f"{m.name}: {round(m.p * 100)}%",
                )
            ],
        )
        for index, m in enumerate(practised)
    ]

    def skill_label(m) -> ft.Control:  # type: ignore[no-untyped-def]
        # The chart is turned clockwise; its labels are turned back so they read normally.
        return ft.RotatedBox(
            quarter_turns=3,
            content=ft.Container(
                ft.Text(f"{m.name} {round(m.p * 100)}%", size=12, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS,
                        text_align=ft.TextAlign.RIGHT),
                width=label_size - 8,
                alignment=ft.Alignment.CENTER_RIGHT,
            ),
        )

    chart = fch.BarChart(
        groups=groups,
        min_y=0,
        max_y=100,
        interactive=False,
        bottom_axis=fch.ChartAxis(
            label_size=label_size,
            labels=[fch.ChartAxisLabel(value=i, label=skill_label(m)) for i, m in enumerate(practised)],
        ),
        left_axis=fch.ChartAxis(
            label_size=24,
            # Without an explicit spacing the chart samples its own interval and drops every
            # custom label that falls between its samples: the scale would not show at all.
            label_spacing=25,
            labels=[
                fch.ChartAxisLabel(value=v, label=ft.RotatedBox(quarter_turns=3, content=ft.Text(f"{v}%", size=11)))
                for v in (0, 25, 50, 75, 100)
            ],
        ),
        horizontal_grid_lines=fch.ChartGridLines(
            interval=25, color=ft.Colors.with_opacity(0.15, ft.Colors.ON_SURFACE), width=1
        ),
        width=len(practised) * slot + 32,
    )
    controls: list[ft.Control] = [ft.Container(ft.RotatedBox(quarter_turns=1, content=chart), padding=ft.Padding.only(right=12))]
    if waiting:
        controls.append(ft.Text(t("me.mastery_waiting", count=waiting), theme_style=ft.TextThemeStyle.BODY_SMALL))
    return controls


# ----- streak calendar ----------------------------------------------------------------------------


def streak_calendar(session: Session, active: set[date], today: date) -> list[ft.Control]:
    """The last weeks as a Monday-first grid; active days filled, today outlined."""
    t = session.t
    start = today - timedelta(days=today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    weekdays = t("me.weekdays").split(",")
    header = ft.Row(
        [ft.Container(ft.Text(day.strip(), size=11), width=34, alignment=ft.Alignment.CENTER) for day in weekdays],
        spacing=4,
    )
    rows: list[ft.Control] = [header]
    shown = 0
    for week in range(CALENDAR_WEEKS):
        cells: list[ft.Control] = []
        for weekday in range(7):
            day = start + timedelta(days=7 * week + weekday)
            future = day > today
            is_active = day in active
            shown += is_active
            cells.append(
                ft.Container(
                    ft.Text(str(day.day), size=11,
                            color=ft.Colors.ON_PRIMARY if is_active else ft.Colors.ON_SURFACE_VARIANT),
                    width=34,
                    height=34,
                    alignment=ft.Alignment.CENTER,
                    border_radius=8,
                    bgcolor=ft.Colors.PRIMARY if is_active else (
                        None if future else ft.Colors.with_opacity(0.06, ft.Colors.ON_SURFACE)),
                    border=ft.Border.all(2, theme.REWARD) if day == today else None,
                    opacity=0.4 if future else 1.0,
                )
            )
        rows.append(ft.Row(cells, spacing=4))
    return [
        ft.Text(t("me.calendar_summary", active=shown, days=CALENDAR_WEEKS * 7)),
        ft.Column(rows, spacing=4),
    ]


# ----- badges and history -------------------------------------------------------------------------


def badge_grid(session: Session, badges: list) -> ft.Control:  # type: ignore[type-arg]
    t = session.t
    cells: list[ft.Control] = []
    for badge in badges:
        earned = badge.earned_at is not None
        cells.append(
            ft.Container(
                col={"xs": 12, "sm": 6},
                padding=10,
                border_radius=12,
                bgcolor=ft.Colors.with_opacity(0.10, theme.REWARD) if earned else None,
                border=ft.Border.all(1, theme.REWARD if earned else ft.Colors.OUTLINE_VARIANT),
                content=ft.Row(
                    [
                        ft.Icon(ft.Icons.MILITARY_TECH if earned else ft.Icons.LOCK_OUTLINE,
                                color=theme.REWARD if earned else ft.Colors.ON_SURFACE_VARIANT),
                        ft.Column(
                            [
                                ft.Text(badge.title, weight=ft.FontWeight.W_600),
                                ft.Text(badge.description, theme_style=ft.TextThemeStyle.BODY_SMALL),
                                ft.Text(
                                    t("me.badge_earned", date=_local(session, badge.earned_at).strftime("%Y-%m-%d"))
                                    if earned else t("me.badge_not_yet"),
                                    theme_style=ft.TextThemeStyle.BODY_SMALL,
                                ),
                            ],
                            spacing=2,
                            expand=True,
                        ),
                    ],
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
            )
        )
    earned_count = sum(1 for b in badges if b.earned_at is not None)
    return ft.Column(
        [ft.Text(t("me.badges_count", earned=earned_count, total=len(badges))),
         ft.ResponsiveRow(cells, spacing=8, run_spacing=8)],
        spacing=8,
    )


def _local(session: Session, moment):  # type: ignore[no-untyped-def]
    """``moment`` in the learner's time zone (the one the streak and calendar use)."""
    from edu_app.learning.clock import zone_of

    return moment.astimezone(zone_of(session.app.clock))


def history(session: Session, progress) -> list[ft.Control]:  # type: ignore[no-untyped-def]
    """The latest answers and trading sessions (started, finished), newest first."""
    t = session.t
    controls: list[ft.Control] = [
        ft.Text(t("me.history_totals", answers=progress.answers, correct=progress.correct,
                  lessons=progress.lessons_completed))
    ]
    rows: list[tuple[datetime, ft.Control]] = [
        (entry.answered_at, _answer_row(session, entry)) for entry in progress.history[:HISTORY_ROWS]
    ]
    rows += trading_rows(session)
    if not rows:
        controls.append(ft.Text(t("me.history_empty")))
        return controls
    rows.sort(key=lambda row: _local(session, row[0]), reverse=True)
    controls += [control for _when, control in rows[:HISTORY_ROWS]]
    return controls


def _answer_row(session: Session, entry) -> ft.Control:  # type: ignore[no-untyped-def]
    t = session.t
    catalog = session.app.catalog
    pack = catalog.pack(entry.pack_id)
    item = catalog.item(entry.pack_id, entry.item_id)
    prompt = pack.text(item.prompt, session.language) if pack and item else entry.item_id
    when = _local(session, entry.answered_at).strftime("%Y-%m-%d %H:%M")
    return ft.Row(
        [
            ft.Icon(ft.Icons.CHECK_CIRCLE if entry.correct else ft.Icons.CANCEL,
                    color=theme.RIGHT if entry.correct else theme.WRONG, size=18),
            ft.Column(
                [ft.Text(prompt, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS),
                 ft.Text(f"{when} · {t('me.history_right') if entry.correct else t('me.history_wrong')}",
                         theme_style=ft.TextThemeStyle.BODY_SMALL)],
                spacing=0,
                expand=True,
            ),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def trading_rows(session: Session) -> list[tuple[datetime, ft.Control]]:
    """Each trading session as history: when it started (with "resume" while in progress) and
    when it finished (with its result and a link to the report card)."""
    from edu_app.ui.screens.sim_format import day, percent

    t, lang = session.t, session.language
    assert session.profile is not None
    rows: list[tuple[datetime, ft.Control]] = []
    for summary in session.app.trading.sessions(session.profile.id)[:HISTORY_ROWS]:
        title = summary.title.get(lang)
        started = _local(session, summary.started_at).strftime("%Y-%m-%d %H:%M")
        if summary.finished_at is None:
            line = t("me.history_trade_progress", when=started, date=day(summary.current),
                     result=percent(summary.total_return))
            rows.append((summary.started_at, _trade_row(
                ft.Icons.PLAY_CIRCLE_OUTLINE, t("me.history_trade_started", title=title), line,
                t("me.history_resume", title=title), f"/simulate/session/{summary.id}", session)))
            continue
        rows.append((summary.started_at, _trade_row(
            ft.Icons.PLAY_CIRCLE_OUTLINE, t("me.history_trade_started", title=title), started, None, None, session)))
        finished = _local(session, summary.finished_at).strftime("%Y-%m-%d %H:%M")
        line = t("me.history_trade_result", when=finished, result=percent(summary.total_return),
                 hold=percent(summary.benchmark_return))
        rows.append((summary.finished_at, _trade_row(
            ft.Icons.FLAG_OUTLINED, t("me.history_trade_finished", title=title), line,
            t("me.history_open_report", title=title), f"/simulate/session/{summary.id}/report", session)))
    return rows


def _trade_row(icon: ft.IconData, title: str, line: str, action: str | None, route: str | None,
               session: Session) -> ft.Control:
    parts: list[ft.Control] = [ft.Text(title, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS),
                               ft.Text(line, theme_style=ft.TextThemeStyle.BODY_SMALL)]
    if action is not None and route is not None:
        parts.append(ft.TextButton(action, icon=ft.Icons.ARROW_FORWARD, on_click=lambda _e: session.go(route),
                                   style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=4, vertical=0))))
    return ft.Row(
        [ft.Icon(icon, color=ft.Colors.PRIMARY, size=18), ft.Column(parts, spacing=0, expand=True)],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


# ----- export, import, delete ---------------------------------------------------------------------


def data_section(session: Session) -> ft.Control:
    t = session.t
    result = ft.Column(_result_controls(session), spacing=6)

    async def export(_e: object) -> None:
        assert session.profile is not None
        try:
            document = await asyncio.to_thread(session.app.learning.export_progress, session.profile.id)
        except StorageError as error:
            _show(result, widgets.notice(t(error.message_key), ft.Icons.ERROR_OUTLINE))
            return
        data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        name = f"invest-quest-progress-{session.app.today().isoformat()}.json"
        try:
            saved = await ft.FilePicker().save_file(
                dialog_title=t("me.export"),
                file_name=name,
                file_type=ft.FilePickerFileType.CUSTOM,
                allowed_extensions=["json"],
                src_bytes=data,
            )
        except Exception as error:  # noqa: BLE001 - tell the learner instead of failing silently
            log.warning("export failed: %s", error)
            _show(session, result, "me.export_failed", {"error": str(error)}, ft.Icons.ERROR_OUTLINE)
            return
        if session.page.web:
            _show(session, result, "me.export_downloaded", {"name": name}, ft.Icons.DOWNLOAD_DONE)
        elif saved:
            _show(session, result, "me.export_saved", {"path": saved}, ft.Icons.DOWNLOAD_DONE)

    async def import_file(_e: object) -> None:
        files = await ft.FilePicker().pick_files(
            dialog_title=t("me.import"),
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["json"],
            with_data=True,
        )
        if not files:
            return
        chosen = files[0]
        if chosen.size > MAX_IMPORT_BYTES or chosen.bytes is None:
            _show(session, result, "me.import_too_large", {"name": chosen.name}, ft.Icons.ERROR_OUTLINE)
            return
        await import_bytes(session, result, chosen.name, chosen.bytes)

    return widgets.section(
        t("me.data_title"),
        ft.Text(t("me.data_hint")),
        ft.Row(
            [
                ft.OutlinedButton(t("me.export"), icon=ft.Icons.DOWNLOAD, on_click=export),
                ft.OutlinedButton(t("me.import"), icon=ft.Icons.UPLOAD_FILE, on_click=import_file),
                widgets.danger_button(t("me.reset"), ft.Icons.DELETE_SWEEP_OUTLINED, lambda _e: _reset_dialog(session)),
            ],
            wrap=True,
            spacing=8,
            run_spacing=8,
        ),
        result,
    )


async def import_bytes(session: Session, result: ft.Column, name: str, data: bytes) -> None:
    """Validate and merge a progress file; a broken or foreign file, or a failed write, gets a
    clear message. The work runs off the event loop: a large file must not freeze other tabs."""
    from edu_app.learning import ProgressImportError

    t = session.t
    assert session.profile is not None
    try:
        # The service parses and validates the bytes (not JSON, foreign, newer, broken entries).
        summary = await asyncio.to_thread(session.app.learning.import_progress, session.profile.id, data)
    except StorageError as error:
        _show(result, widgets.notice(t(error.message_key), ft.Icons.ERROR_OUTLINE))
        return
    except ProgressImportError as error:
        message = error.message_zh if session.language == "zh-CN" else error.message_en
        # The parser's own words help a developer, not a learner: they go to the log only.
        log.info("progress file %s refused: %s", name, error.detail)
        _show(session, result, "me.import_failed", {"name": name, "message": message}, ft.Icons.ERROR_OUTLINE)
        return
    session.drafts.pop(RESULT_DRAFT, None)
    session.toast(
        t("me.import_done", answers=summary.answers_added, duplicates=summary.answers_duplicate,
          lessons=summary.completions_added)
    )
    session.rerender()


def _show(session: Session, result: ft.Column, key: str, params: dict[str, object], icon: ft.IconData) -> None:
    """Show one message under the data buttons; it is kept on the session (and translated
    again), so a redraw for a theme or language switch does not lose it."""
    session.drafts[RESULT_DRAFT] = (key, params, icon)
    result.controls = _result_controls(session)
    result.update()


def _result_controls(session: Session) -> list[ft.Control]:
    shown = session.drafts.get(RESULT_DRAFT)
    if shown is None:
        return []
    key, params, icon = shown
    return [widgets.notice(session.t(key, **params), icon)]


def _reset_dialog(session: Session) -> None:
    t = session.t

    def confirm(_e: object) -> None:
        assert session.profile is not None
        try:
            session.app.learning.delete_learning_data(session.profile.id)
        except StorageError as error:
            dialog.close(then=lambda: session.toast(t(error.message_key)))
            return
        session.quiz_runs.clear()

        def done() -> None:
            session.toast(t("me.reset_done"))
            session.rerender()

        dialog.close(then=done)

    dialog = widgets.Dialog(
        session.page,
        modal=True,
        title=ft.Text(t("me.reset_title")),
        content=ft.Text(t("me.reset_body")),
        actions=[
            ft.TextButton(t("common.cancel"), on_click=lambda _e: dialog.close()),
            widgets.danger_confirm(t("me.reset_confirm"), ft.Icons.DELETE_FOREVER, confirm),
        ],
    )
    dialog.show()
