"""The Flet entry point: one ``main`` per connection, routing each URL to its screen."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import flet as ft

from edu_app.ui import routes, shell, theme, widgets
from edu_app.ui.context import AppContext, Session, restore_session
from edu_app.ui.screens import (
    drill,
    event_attendee,
    event_common,
    event_organiser,
    event_projector,
    event_test,
    home,
    learn,
    lesson,
    library,
    me,
    not_found,
    preview,
    quiz,
    report,
    review,
    risk,
    sim_practice,
    simulate,
    skills,
    studio,
    trade,
    welcome,
)

log = logging.getLogger(__name__)

_SCREENS = {
    "home": home.build,
    "learn": learn.build,
    "library": library.build,
    "drill": drill.build,
    "preview": preview.build,
    "pack": learn.build,
    "lesson": lesson.build,
    "quiz": quiz.build,
    "review": review.build,
    "skills": skills.build,
    "simulate": simulate.build,
    "sim_practice": sim_practice.build,
    "trade": trade.build,
    "report": report.build,
    "me": me.build,
    "risk": risk.build,
    "risk_take": risk.build_take,
    "profiles": me.build,
    "not_found": not_found.build,
    "studio": studio.build,
    "studio_pack": studio.build,
    "studio_lesson": studio.build,
    "studio_translations": studio.build,
}

# Event screens draw their own view (no navigation bar): the projector and organiser need no
# profile, and an attendee's profile comes from joining.
_EVENT_SCREENS = {
    "event_join": event_attendee.build_join,
    "event_summary": event_attendee.build_summary,
    "event_test": event_test.build,
    "event_organise": event_organiser.build,
    "event_screen": event_projector.build,
}


def make_main(app: AppContext) -> Callable[[ft.Page], Awaitable[None]]:
    """Return the per-connection ``main`` for ``ft.run`` bound to the shared ``app`` context."""

    async def main(page: ft.Page) -> None:
        page.title = "Invest Quest"
        theme.apply(page, "system")
        session = await restore_session(page, app)
        state = {"phone": shell.is_phone(page)}

        def render() -> None:
            route = routes.parse(page.route)
            if route.destination == "studio" and not session.is_host:
                # The studio writes to the host's disk: for a visitor it does not exist.
                route = routes.Route("not_found", "home", {"path": route.params.get("path", "")})
            page.title = session.t("app.name")
            # Without a profile every route shows the welcome screen; the URL is kept, so a deep
            # link opens where it pointed once the learner has a nickname.
            try:
                if route.name in _EVENT_SCREENS:
                    view = _EVENT_SCREENS[route.name](session, route)
                elif session.profile is None and session.app.event_code and route.name in ("home", "welcome"):
                    # In event mode a new visitor at the plain address is sent to the event's door.
                    view = event_attendee.build_join(session, route)
                elif session.profile is None or route.name == "welcome":
                    view = ft.View(route="/welcome", controls=[welcome.build(session, route)], padding=16)
                else:
                    view = shell.build_view(session, route, _SCREENS[route.name](session, route))
            except Exception:  # noqa: BLE001 - a broken screen must not leave the learner stuck
                log.exception("screen %s failed", route.name)
                view = shell.build_view(session, route, _error_body(session))
            back_to_event = event_common.banner(session, route)
            if back_to_event is not None:
                view.controls.insert(0, back_to_event)
            recovery = _recovery_banner(session)
            if recovery is not None:
                view.controls.insert(0, recovery)
            theme.ensure_emoji_font(page, view)
            page.views.clear()
            page.views.append(view)
            page.update()

        def on_resize(_e: ft.PageResizeEvent) -> None:
            if shell.is_phone(page) != state["phone"]:
                state["phone"] = shell.is_phone(page)
                render()

        session.rerender = render
        def on_route_change(_e: ft.RouteChangeEvent) -> None:
            if session.route_arrived(page.route):
                render()

        page.on_route_change = on_route_change
        page.on_resize = on_resize
        if app.preview is not None:
            _start_preview(session, app)
        render()
        if session.route_without_host_key is not None:
            # Take the host key out of the address bar once the browser has stored it.
            await page.push_route(session.route_without_host_key)

    return main


def _start_preview(session: Session, app: AppContext) -> None:
    """Preview mode: a ready-made profile, the preview screen first, redraws on every file change."""
    if session.profile is None:
        profiles = app.profiles.list()
        session.use_profile(profiles[0] if profiles else app.profiles.create("Preview"))
    if routes.parse(session.page.route).name == "home":
        session.page.route = "/preview"

    async def redraw() -> None:
        session.rerender()

    app.live_sessions.add(session)
    session.page.on_disconnect = lambda _e: app.live_sessions.discard(session)
    session.redraw_from_thread = lambda: session.page.run_task(redraw)


def _error_body(session: Session) -> ft.Control:
    return widgets.scroll_column(
        [
            widgets.notice(session.t("error.screen"), ft.Icons.ERROR_OUTLINE),
            ft.FilledButton(session.t("nav.home"), icon=ft.Icons.HOME, on_click=lambda _e: session.go("/")),
        ]
    )


def _recovery_banner(session: Session) -> ft.Control | None:
    """Tell the learner plainly that an unreadable data file was moved aside (never deleted)."""
    moved = session.app.opened.moved_aside
    if moved is None or session.recovery_acknowledged:
        return None

    def dismiss(_e: object) -> None:
        session.recovery_acknowledged = True
        session.rerender()

    # Only the host is shown where the old file went: a visitor never sees the host's folders.
    message = (
        session.t("recovery.message", path=str(moved)) if session.is_host else session.t("access.recovery_visitor")
    )
    return ft.Container(
        padding=ft.Padding.symmetric(horizontal=12, vertical=4),
        content=ft.Column(
            [
                widgets.notice(message, ft.Icons.WARNING_AMBER),
                ft.TextButton(session.t("recovery.dismiss"), on_click=dismiss),
            ],
            spacing=4,
        ),
    )
