"""What the event screens share: their view (no navigation bar), the organiser's token in this
browser, live refresh, and the banner that leads an attendee back to the event."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import flet as ft

from edu_app.events.service import EventView, Organiser
from edu_app.ui import routes, widgets
from edu_app.ui.context import Session
from edu_app.ui.shell import SHELL_VIEW_ROUTE

log = logging.getLogger(__name__)

# The query parameter of the organiser link, and where a browser keeps organiser tokens by event.
TOKEN_PARAM = "organiser"
TOKENS_KEY = "invest_quest.organiser_tokens"
_TOKENS = "event.organiser_tokens"
_TOKENS_LOADED = "event.organiser_tokens_loaded"
# How often open event screens look for changes in the store (other processes write there too).
POLL_SECONDS = 1.5
_WATCH = "event.watch"


def view(session: Session, body: ft.Control, title: str | None = None) -> ft.View:
    """An event screen's view: the title bar with language and theme switches, no navigation."""
    t = session.t
    appbar = ft.AppBar(
        title=ft.Text(title or t("app.name"), weight=ft.FontWeight.W_600),
        actions=[
            ft.IconButton(
                icon=ft.Icon(ft.Icons.TRANSLATE, semantics_label=t("shell.switch_language")),
                tooltip=t("shell.switch_language"),
                on_click=lambda _e: session.set_language("en" if session.language == "zh-CN" else "zh-CN"),
            ),
            ft.IconButton(
                icon=ft.Icon(ft.Icons.DARK_MODE_OUTLINED, semantics_label=t("shell.toggle_theme")),
                tooltip=t("shell.toggle_theme"),
                on_click=lambda _e: session.set_theme(_next_theme(session)),
            ),
        ],
    )
    return ft.View(route=SHELL_VIEW_ROUTE, appbar=appbar, controls=[body], padding=12,
                   horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def _next_theme(session: Session) -> str:
    from edu_app.ui.shell import _next_theme as shell_next

    return shell_next(session)


def message(session: Session, text: str, icon: ft.IconData = ft.Icons.INFO_OUTLINE) -> ft.Control:
    """A screen that only says something (an unknown event, a refusal)."""
    return widgets.scroll_column([widgets.notice(text, icon)])


# ----- the organiser's authority in this browser ------------------------------------------------


def take_token(session: Session, code: str) -> None:
    """Keep an organiser token presented in the URL (the organiser link) in this browser, and
    take it out of the address bar."""
    parts = urlsplit(session.page.route or "/")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    token = next((value for name, value in pairs if name == TOKEN_PARAM), None)
    if token is None:
        return
    tokens: dict[str, str] = session.drafts.setdefault(_TOKENS, {})
    if len(token) <= 128:
        tokens[code] = token
        session.page.run_task(ft.SharedPreferences().set, TOKENS_KEY, json.dumps(tokens))
    rest = urlencode([(name, value) for name, value in pairs if name != TOKEN_PARAM])
    clean = urlunsplit(("", "", parts.path, rest, ""))
    session.page.run_task(session.page.push_route, clean)


def organiser(session: Session, code: str) -> Organiser:
    """Who this browser is to event ``code``: the host, and the token it holds (if any)."""
    token = session.drafts.get(_TOKENS, {}).get(code)
    return Organiser(is_host=session.is_host, token=token)


def tokens_loaded(session: Session) -> bool:
    """Whether the tokens this browser stored earlier were read; if not, read them and redraw."""
    if session.drafts.get(_TOKENS_LOADED):
        return True

    async def load() -> None:
        try:
            stored = await ft.SharedPreferences().get(TOKENS_KEY)
            parsed = json.loads(stored) if isinstance(stored, str) else {}
        except Exception:  # noqa: BLE001 - nothing stored (or garbage) is the same as no token
            parsed = {}
        tokens: dict[str, str] = session.drafts.setdefault(_TOKENS, {})
        if isinstance(parsed, dict):
            for code, token in list(parsed.items())[:50]:
                if isinstance(code, str) and isinstance(token, str) and len(token) <= 128:
                    tokens.setdefault(code, token)
        session.drafts[_TOKENS_LOADED] = True
        session.rerender()

    session.page.run_task(load)
    return False


# ----- live refresh ------------------------------------------------------------------------------


def watch(session: Session, fingerprint: Callable[[], object], current: object,
          on_change: Callable[[], None] | None = None) -> None:
    """Refresh the open event screen when ``fingerprint()`` (what it shows, cheaply) changes.

    The store is polled rather than pushed to, so changes made by another server process are
    seen too. ``on_change`` redraws (the whole screen by default).
    """
    state = session.drafts.get(_WATCH)
    if state is None:
        state = session.drafts[_WATCH] = {}
        session.page.on_close = lambda _e: state.update(closed=True)
        session.page.run_task(_poll, session, state)
    state.update(fingerprint=fingerprint, last=current, on_change=on_change or session.rerender,
                 route=session.page.route)


async def _poll(session: Session, state: dict) -> None:  # type: ignore[type-arg]
    while not state.get("closed"):
        await asyncio.sleep(POLL_SECONDS)
        if state.get("route") != session.page.route or not routes.parse(session.page.route).name.startswith("event"):
            continue
        try:
            value = state["fingerprint"]()
            if value != state["last"]:
                state["last"] = value
                state["on_change"]()
        except Exception:  # noqa: BLE001 - a failed refresh is retried on the next tick
            log.debug("event refresh failed", exc_info=True)


# ----- back to the event -------------------------------------------------------------------------


def banner(session: Session, route: routes.Route) -> ft.Control | None:
    """On the ordinary screens (a lesson, its quiz), a line that leads an attendee back to their event."""
    if session.profile is None or route.name.startswith("event") or session.app.events is None:
        return None
    try:
        event: EventView | None = session.app.events.event_of(session.profile.id)
    except Exception:  # noqa: BLE001 - the banner is a convenience; the screen works without it
        return None
    if event is None or event.status == "ended":
        return None
    return ft.Container(
        padding=ft.Padding.symmetric(horizontal=12, vertical=4),
        content=ft.Row(
            [
                ft.Icon(ft.Icons.GROUPS, color=ft.Colors.PRIMARY),
                ft.Text(session.t("event.banner", title=event.title), expand=True, max_lines=2),
                ft.FilledTonalButton(session.t("event.back_to_event"), icon=ft.Icons.ARROW_BACK,
                                     on_click=lambda _e: session.go(f"/event/{event.code}")),
            ],
        ),
    )
