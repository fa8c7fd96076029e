"""The trading challenge on the event screens: the attendee's step, and the leaderboard with its
rule (process score, raw return beside it) for the attendee page and the projector."""

from __future__ import annotations

import flet as ft

from edu_app.events.challenge import Entry, challenge_sessions
from edu_app.events.service import AttendeeView, EventView
from edu_app.trading.errors import TradingError
from edu_app.ui import widgets
from edu_app.ui.context import Session
from simulator.scenarios import load_scenarios


def scenario_title(session: Session, scenario_id: str) -> str:
    """A built-in scenario's title in the session's language (its id when unknown)."""
    scenario = next((s for s in load_scenarios() if s.id == scenario_id), None)
    return scenario.title.bilingual().get(session.language) if scenario else scenario_id


def entries(session: Session, event: EventView) -> list[Entry]:
    """The challenge leaderboard, best process score first (empty without a challenge)."""
    config = event.config
    if not config.trading_challenge or not config.scenario_id or session.app.event_board is None:
        return []
    try:
        return session.app.event_board.entries(event.code, config.scenario_id)
    except (TradingError, LookupError, ValueError):
        return []


def step(session: Session, event: EventView, me: AttendeeView) -> ft.Control | None:
    """The attendee's challenge step: start or continue the scenario, and their own score."""
    t = session.t
    config = event.config
    if not config.trading_challenge or not config.scenario_id:
        return None
    title = scenario_title(session, config.scenario_id)
    mine = [s for s in challenge_sessions(session.app.opened.database, event.code, config.scenario_id)
            if s[0] == me.profile_id]
    session_id = mine[-1][2] if mine else None

    def start() -> None:
        try:
            new_id = session.app.trading.start_scenario(me.profile_id, config.scenario_id)
        except TradingError as error:
            session.toast(error.message(session.language))
            return
        session.go(f"/simulate/session/{new_id}")

    lines: list[ft.Control] = [ft.Text(t("event.challenge_step", scenario=title), weight=ft.FontWeight.W_600)]
    if config.challenge_running and event.status != "ended":
        if session_id is None:
            lines.append(ft.Row([ft.FilledButton(t("event.challenge_start"), icon=ft.Icons.SHOW_CHART,
                                                 on_click=lambda _e: start())]))
        else:
            lines.append(ft.Row([ft.FilledButton(t("event.challenge_continue"), icon=ft.Icons.SHOW_CHART,
                                                 on_click=lambda _e: session.go(f"/simulate/session/{session_id}"))]))
    elif session_id is None:
        lines.append(ft.Text(t("event.challenge_waiting")))
    mine_entry = next((e for e in entries(session, event) if e.profile_id == me.profile_id), None)
    if mine_entry is not None:
        lines.append(ft.Text(t("event.challenge_yours", score=mine_entry.score.total,
                               ret=f"{mine_entry.total_return * 100:+.1f}%")))
    lines.append(ft.Text(t("event.challenge_rule"), theme_style=ft.TextThemeStyle.BODY_SMALL))
    return ft.Column(lines, spacing=6)


def leaderboard(session: Session, event: EventView, limit: int = 10, size: int = 16) -> ft.Control | None:
    """The challenge leaderboard: rank, nickname, process score, raw return beside it, the rule."""
    t = session.t
    found = entries(session, event)[:limit]
    if not found:
        return None
    rows: list[ft.Control] = [
        ft.Row([
            ft.Text(f"{rank}.", width=32, size=size),
            ft.Text(entry.nickname, expand=True, size=size),
            ft.Text(t("event.challenge_score", score=entry.score.total), size=size, weight=ft.FontWeight.W_700),
            ft.Text(t("event.challenge_return", ret=f"{entry.total_return * 100:+.1f}%"), size=size - 2),
        ])
        for rank, entry in enumerate(found, start=1)
    ]
    return widgets.section(t("event.challenge_board"), *rows,
                           ft.Text(t("event.challenge_rule"), theme_style=ft.TextThemeStyle.BODY_SMALL))


def fingerprint(session: Session, event: EventView) -> object:
    """What the leaderboard shows, cheaply: the sessions and their revisions."""
    config = event.config
    if not config.trading_challenge or not config.scenario_id:
        return ()
    return tuple(challenge_sessions(session.app.opened.database, event.code, config.scenario_id))
