"""The projector screen (/event/<code>/screen): a large QR code with the address and the PIN,
live counts, the live question with its answers once it closes, and the leaderboard."""

from __future__ import annotations

import io
from functools import lru_cache

import flet as ft

from edu_app import pack_share
from edu_app.events.service import EventView, LiveState
from edu_app.ui import theme, widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from edu_app.ui.screens import event_challenge
from edu_app.ui.screens import event_common as common
from lessons import Item, Pack


def join_url(session: Session, code: str) -> str:
    """The address attendees open: the one ``event serve`` recommended, else this server's."""
    urls = [u for u in session.app.event_urls if u.endswith(f"/event/{code}")]
    if urls:
        return urls[0]
    return f"{pack_share.base_url() or 'http://127.0.0.1:8550'}/event/{code}"


@lru_cache(maxsize=16)
def qr_png(link: str) -> bytes:
    """The link as a QR code (dark on light whatever the theme: scanners need it).

    Kept: the projector redraws every time somebody joins, and the code never changes."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=4, dark="black", light="white")
    return buffer.getvalue()


def distribution(session: Session, pack: Pack, item: Item, live: LiveState) -> list[ft.Control]:
    """How many chose each answer (after the question closed), the right one marked."""
    import json

    t = session.t
    if item.type == "true_false":
        options = [("true", t("event.true"), item.answer is True), ("false", t("event.false"), item.answer is False)]
        counts = {k: live.distribution.get(json.dumps(v), 0) for k, v in (("true", True), ("false", False))}
    else:
        options = [(o.id, pack.text(o.text, session.language), o.correct) for o in getattr(item, "options", [])]
        counts = {o: live.distribution.get(json.dumps(o), 0) for o, _text, _right in options}
    total = max(1, sum(live.distribution.values()))
    rows: list[ft.Control] = []
    for letter, (key, text, right) in zip("ABCDEFGH", options, strict=False):
        count = counts.get(key, 0)
        label = t("event.option_count", letter=letter, text=text, count=count)
        rows.append(ft.Column([
            ft.Row([ft.Icon(ft.Icons.CHECK_CIRCLE if right else ft.Icons.CIRCLE_OUTLINED,
                            color=theme.RIGHT if right else ft.Colors.OUTLINE),
                    ft.Text(label + (f" · {t('event.right_answer')}" if right else ""), expand=True,
                            weight=ft.FontWeight.W_700 if right else None)]),
            ft.ProgressBar(value=count / total, border_radius=4, color=theme.RIGHT if right else ft.Colors.OUTLINE),
        ], spacing=4))
    return rows


def live_section(session: Session, event: EventView, live: LiveState, large: bool = False) -> ft.Control | None:
    """The live question: its text and answer count while open, the distribution once closed."""
    t = session.t
    if live.number is None or live.item is None:
        return None
    item = session.app.events.item(live.item)
    pack = session.app.catalog.pack(live.item.pack_id)
    title = t("event.live_title", number=live.number, total=live.total)
    if item is None or pack is None:
        return widgets.section(title, widgets.notice(t("quiz.item_gone")))
    controls: list[ft.Control] = [ft.Text(pack.text(item.prompt, session.language), size=26 if large else 18,
                                          weight=ft.FontWeight.W_600)]
    if live.status == "open":
        if item.type != "true_false":
            controls += [ft.Text(f"{letter}. {pack.text(o.text, session.language)}", size=20 if large else 15)
                         for letter, o in zip("ABCDEFGH", getattr(item, "options", []), strict=False)]
        controls.append(ft.Text(t("event.live_answers_so_far", count=live.answers), weight=ft.FontWeight.W_600))
    else:
        controls += distribution(session, pack, item, live)
    return widgets.section(title, *controls)


def counts_row(session: Session, code: str) -> ft.Control:
    """Joined / pre-test done / lessons done / finished, as large figures."""
    t = session.t
    counts = session.app.events.counts(code)
    figures = [(t("event.count_joined"), counts.joined), (t("event.count_pre"), counts.pre_done),
               (t("event.count_lessons"), counts.lessons_done), (t("event.count_finished"), counts.finished)]
    return ft.Row(
        [ft.Container(ft.Column([ft.Text(str(value), size=32, weight=ft.FontWeight.W_700), ft.Text(label)],
                                spacing=0, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
                      padding=8, width=120)
         for label, value in figures],
        wrap=True, spacing=8,
    )


def leaderboard(session: Session, code: str, limit: int = 10) -> ft.Control | None:
    t = session.t
    board = session.app.events.leaderboard(code, limit=limit)
    if not any(points for _n, points in board):
        return None
    rows = [ft.Row([ft.Text(f"{rank}.", width=32, size=18), ft.Text(name, expand=True, size=18),
                    ft.Text(t("event.points", points=points), size=18)])
            for rank, (name, points) in enumerate(board, start=1)]
    return widgets.section(t("event.leaderboard"), *rows, ft.Text(t("event.scoring_rule"), theme_style=ft.TextThemeStyle.BODY_SMALL))


def build(session: Session, route: Route) -> ft.View:
    """/event/<code>/screen, for the organiser (host or token holder) only: it shows the PIN."""
    t = session.t
    code = route.params.get("code", "")
    common.take_token(session, code)
    if not common.tokens_loaded(session):
        return common.view(session, ft.ProgressRing())
    events = session.app.events
    event = events.find(code)
    if event is None:
        return common.view(session, common.message(session, t("event.unknown"), ft.Icons.LINK_OFF))
    if not events.is_organiser(code, common.organiser(session, code)):
        return common.view(session, common.message(session, t("event.not_organiser"), ft.Icons.LOCK))
    link = join_url(session, code)
    live = events.live_state(code)

    def fingerprint() -> object:
        return (events.revision(code), events.counts(code), events.live_state(code).answers,
                tuple(events.leaderboard(code)), event_challenge.fingerprint(session, event))

    common.watch(session, fingerprint, fingerprint())
    door: list[ft.Control] = [
        ft.Image(src=qr_png(link), width=320, height=320, semantics_label=t("event.qr_label", link=link)),
        ft.Text(link, selectable=True, size=18, weight=ft.FontWeight.W_600),
        ft.Text(t("event.pin_big", pin=" ".join(event.pin)), size=40, weight=ft.FontWeight.W_700),
    ]
    if pack_share.is_loopback_link(link):
        door.append(widgets.notice(t("event.local_only")))
    status_key = {"setup": "event.status_setup", "open": "event.status_open", "closed": "event.status_closed",
                  "ended": "event.status_ended"}[event.status]
    right: list[ft.Control] = [
        ft.Text(event.title, theme_style=ft.TextThemeStyle.DISPLAY_SMALL, weight=ft.FontWeight.W_700),
        ft.Text(t(status_key), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        counts_row(session, code),
    ]
    section = live_section(session, event, live, large=True)
    if section is not None:
        right.append(section)
    challenge_board = event_challenge.leaderboard(session, event, size=18)
    if challenge_board is not None:
        right.append(challenge_board)
    board = leaderboard(session, code)
    if board is not None:
        right.append(board)
    right.append(ft.Text(t("disclaimer.not_advice"), theme_style=ft.TextThemeStyle.BODY_SMALL))
    body = ft.Column(
        [ft.ResponsiveRow([
            ft.Column(door, col={"xs": 12, "md": 5}, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
            ft.Column(right, col={"xs": 12, "md": 7}, spacing=12),
        ])],
        scroll=ft.ScrollMode.AUTO, expand=True,
    )
    return common.view(session, body, event.title)
