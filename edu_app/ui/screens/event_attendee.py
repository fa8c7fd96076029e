"""The attendee's side of an event: join with the room PIN (/event/<code>), then one page with
the steps (pre-test, lessons, post-test), the live quiz when one is running, the leaderboard,
and at the end a personal summary (/event/<code>/summary)."""

from __future__ import annotations

from typing import Any

import flet as ft

from edu_app.events.nicknames import NicknameBlocked
from edu_app.events.service import AttendeeView, EventClosed, EventView, JoinRefused, LiveState
from edu_app.services.nickname import NicknameError
from edu_app.store.errors import StorageError
from edu_app.ui import learn_common as lc
from edu_app.ui import theme, widgets
from edu_app.ui.context import Session
from edu_app.ui.quiz import WIDGETS
from edu_app.ui.quiz.base import ItemContext
from edu_app.ui.routes import Route
from edu_app.ui.screens import event_challenge
from edu_app.ui.screens import event_common as common
from edu_app.ui.screens.welcome import nickname_error_text

PIN_DRAFT = "event.pin"
JOIN_ERROR = "event.join_error"
NICK_DRAFT = "event.nickname"
LIVE_DRAFT = "event.live_response"


def build_join(session: Session, route: Route) -> ft.View:
    """/event/<code>: the PIN door, or the attendee's page once joined."""
    t = session.t
    events = session.app.events
    code = route.params.get("code") or session.app.event_code or ""
    event = events.find(code) if code else None
    if event is None:
        return common.view(session, common.message(session, t("event.unknown"), ft.Icons.LINK_OFF))
    attendee = events.attendee(code, session.profile.id) if session.profile else None
    if attendee is not None and attendee.removed:
        return common.view(session, common.message(session, t("event.removed"), ft.Icons.BLOCK), event.title)
    if attendee is not None:
        return common.view(session, _hub(session, event, attendee), event.title)
    common.watch(session, lambda: events.revision(code), events.revision(code))
    return common.view(session, _door(session, event), event.title)


def _door(session: Session, event: EventView) -> ft.Control:
    t = session.t
    if event.status != "open":
        key = {"setup": "event.not_open", "closed": "event.join_closed", "ended": "event.ended"}[event.status]
        return widgets.scroll_column([widgets.heading(event.title), widgets.notice(t(key), ft.Icons.SCHEDULE)])
    field = ft.TextField(
        label=t("event.pin_label"), hint_text=t("event.pin_hint"), value=session.drafts.get(PIN_DRAFT, ""),
        keyboard_type=ft.KeyboardType.NUMBER, max_length=6, autofocus=True,
        error=session.drafts.get(JOIN_ERROR), error_max_lines=3, on_submit=lambda _e: join(),
    )

    def typed(_e: object) -> None:
        session.drafts[PIN_DRAFT] = field.value or ""

    field.on_change = typed

    def join() -> None:
        try:
            language = session.language if session.language in event.config.languages else event.config.languages[0]
            opened = session.app.events.join(event.code, field.value or "", _client(session), language)
        except JoinRefused as refused:
            session.drafts[JOIN_ERROR] = _refusal_text(session, refused)
            session.rerender()
            return
        except StorageError as error:
            session.drafts[JOIN_ERROR] = t(error.message_key)
            session.rerender()
            return
        session.drafts.pop(JOIN_ERROR, None)
        session.drafts.pop(PIN_DRAFT, None)
        session.open(opened)
        session.rerender()

    return widgets.scroll_column([
        widgets.heading(event.title),
        ft.Text(t("event.join_intro")),
        field,
        ft.FilledButton(t("event.join"), icon=ft.Icons.LOGIN, on_click=lambda _e: join()),
        *([widgets.choice_row([(c, n) for c, n in (("zh-CN", "中文"), ("en", "English")) if c in event.config.languages],
                              session.language, session.set_language)] if len(event.config.languages) > 1 else []),
        widgets.notice(t("event.privacy"), ft.Icons.LOCK_OUTLINE),
        ft.Text(t("disclaimer.not_advice"), theme_style=ft.TextThemeStyle.BODY_SMALL),
    ])


def _client(session: Session) -> str:
    # Wrong PINs are counted per network address; a browser cannot choose a new one by
    # clearing its storage.
    return session.page.client_ip or f"session-{id(session)}"


def _refusal_text(session: Session, refused: JoinRefused) -> str:
    t = session.t
    if refused.reason == "incomplete":
        return t("event.pin_incomplete")
    if refused.reason == "wrong_pin":
        return t("event.wrong_pin", tries=refused.tries_left)
    if refused.reason == "wait":
        return t("event.pin_wait", seconds=refused.wait_seconds)
    keys = {"not_open": "event.refused_not_open", "closed": "event.refused_closed", "ended": "event.refused_ended",
            "full": "event.refused_full"}
    return t(keys.get(refused.reason, "event.refused_closed"))


# ----- the attendee's page ---------------------------------------------------------------------


def _hub(session: Session, event: EventView, me: AttendeeView) -> ft.Control:
    t = session.t
    events = session.app.events
    live = events.live_state(event.code) if event.config.live_quiz else LiveState(total=0)
    common.watch(session, lambda: events.revision(event.code), (event.revision, event.status))
    # The title is in the bar above; the page starts with what the attendee does.
    controls: list[ft.Control] = []
    if event.status == "ended":
        controls.append(widgets.notice(t("event.ended_attendee"), ft.Icons.FLAG))
    controls.append(_nickname_card(session, event, me))
    if live.number is not None and event.status != "ended":
        controls.append(_live_card(session, event, me, live))
    controls.append(_steps(session, event, me))
    challenge_board = event_challenge.leaderboard(session, event, limit=5)
    if challenge_board is not None:
        controls.append(challenge_board)
    board = events.leaderboard(event.code, limit=5)
    if event.config.live_quiz and any(points for _n, points in board):
        controls.append(_leaderboard(session, board, me))
    controls.append(ft.Text(t("event.privacy_attendee"), theme_style=ft.TextThemeStyle.BODY_SMALL))
    return widgets.scroll_column(controls)


def _nickname_card(session: Session, event: EventView, me: AttendeeView) -> ft.Control:
    t = session.t
    editing = NICK_DRAFT in session.drafts
    if not editing:
        return widgets.section(
            t("event.you_are", nickname=me.nickname),
            ft.Row([
                ft.OutlinedButton(t("event.change_nickname"), icon=ft.Icons.EDIT,
                                  on_click=lambda _e: (session.drafts.__setitem__(NICK_DRAFT, me.nickname),
                                                       session.rerender())),
            ]),
        )
    field = ft.TextField(label=t("event.nickname_label"), value=session.drafts.get(NICK_DRAFT, ""),
                         on_submit=lambda _e: save())

    def typed(_e: object) -> None:
        session.drafts[NICK_DRAFT] = field.value or ""
        if theme.ensure_emoji_font(session.page, field):
            session.page.update()

    field.on_change = typed

    def save() -> None:
        try:
            session.app.events.rename(event.code, me.profile_id, field.value or "")
        except NicknameBlocked:
            field.error = t("event.nickname_blocked")
            field.update()
            return
        except NicknameError as error:
            field.error = nickname_error_text(session, error)
            field.update()
            return
        except (StorageError, EventClosed):
            field.error = t("event.not_saved")
            field.update()
            return
        session.drafts.pop(NICK_DRAFT, None)
        session.profile = session.app.profiles.get(me.profile_id)
        session.rerender()

    return widgets.section(
        t("event.change_nickname"),
        field,
        widgets.action_row(
            ft.FilledButton(t("event.save_nickname"), icon=ft.Icons.CHECK, on_click=lambda _e: save()),
            ft.TextButton(t("common.cancel"), on_click=lambda _e: (session.drafts.pop(NICK_DRAFT, None), session.rerender())),
        ),
    )


def _step(done: bool, title: str, detail: str, action: ft.Control | None) -> ft.Control:
    icon = ft.Icon(ft.Icons.CHECK_CIRCLE if done else ft.Icons.RADIO_BUTTON_UNCHECKED,
                   color=theme.RIGHT if done else ft.Colors.OUTLINE)
    texts = ft.Column([ft.Text(title, weight=ft.FontWeight.W_600), ft.Text(detail)], spacing=2, expand=True)
    return ft.Column([ft.Row([icon, texts], vertical_alignment=ft.CrossAxisAlignment.START),
                      *([ft.Row([action], wrap=True)] if action else [])], spacing=6)


def _steps(session: Session, event: EventView, me: AttendeeView) -> ft.Control:
    t = session.t
    forms = event.forms
    ended = event.status == "ended"
    rows: list[ft.Control] = []
    if forms.pre:
        action = None if me.pre_done or ended else ft.FilledButton(
            t("event.start_pre") if not me.pre_answered else t("event.continue_test"), icon=ft.Icons.PLAY_ARROW,
            on_click=lambda _e: session.go(f"/event/{event.code}/test/pre"))
        detail = t("event.test_done", correct=me.pre_correct, total=len(forms.pre)) if me.pre_done else \
            t("event.pre_detail", count=len(forms.pre))
        rows.append(_step(me.pre_done, t("event.step_pre"), detail, action))
    catalog = session.app.catalog
    for lesson_ref in event.config.lessons:
        pack = catalog.pack(lesson_ref.pack_id)
        lesson = pack.lesson(lesson_ref.lesson_id) if pack else None
        if pack is None or lesson is None:
            continue
        done = lesson_ref.key() in me.lessons_done
        title = lc.lesson_title(session, pack, lesson)
        action = None if ended else (ft.OutlinedButton if done else ft.FilledButton)(
            t("event.open_lesson", lesson=title), icon=ft.Icons.MENU_BOOK,
            on_click=lambda _e, r=lc.lesson_route(pack.id, lesson.id): session.go(r))
        rows.append(_step(done, t("event.step_lesson", lesson=title),
                          t("event.lesson_done") if done else t("event.lesson_detail"), action))
    if forms.post:
        ready = me.pre_done or not forms.pre
        if me.post_done or ended:
            action = None
        elif ready:
            action = ft.FilledButton(t("event.start_post") if not me.post_answered else t("event.continue_test"),
                                     icon=ft.Icons.PLAY_ARROW, on_click=lambda _e: session.go(f"/event/{event.code}/test/post"))
        else:
            action = None
        detail = t("event.test_done", correct=me.post_correct, total=len(forms.post)) if me.post_done else \
            (t("event.post_detail", count=len(forms.post)) if ready else t("event.post_after_pre"))
        rows.append(_step(me.post_done, t("event.step_post"), detail, action))
    challenge = event_challenge.step(session, event, me)
    if challenge is not None:
        rows.append(challenge)
    if me.post_done or ended:
        rows.append(ft.FilledButton(t("event.see_summary"), icon=ft.Icons.INSIGHTS,
                                    on_click=lambda _e: session.go(f"/event/{event.code}/summary")))
    return widgets.section(t("event.steps"), *rows)


def _leaderboard(session: Session, board: list[tuple[str, int]], me: AttendeeView) -> ft.Control:
    t = session.t
    rows = [
        ft.Row([ft.Text(f"{rank}.", width=28), ft.Text(name, expand=True,
                                                        weight=ft.FontWeight.W_700 if name == me.nickname else None),
                ft.Text(t("event.points", points=points))])
        for rank, (name, points) in enumerate(board, start=1)
    ]
    rows.append(ft.Text(t("event.your_points", points=me.points), theme_style=ft.TextThemeStyle.BODY_SMALL))
    return widgets.section(t("event.leaderboard"), *rows)


# ----- the live quiz -----------------------------------------------------------------------------


def _live_card(session: Session, event: EventView, me: AttendeeView, live: LiveState) -> ft.Control:
    t = session.t
    events = session.app.events
    assert live.item is not None and live.number is not None
    item = events.item(live.item)
    pack = session.app.catalog.pack(live.item.pack_id)
    title = t("event.live_title", number=live.number, total=live.total)
    if item is None or pack is None:
        return widgets.section(title, widgets.notice(t("quiz.item_gone")))
    mine = events.live_answer_of(event.code, me.profile_id, live.number)
    prompt = ft.Text(pack.text(item.prompt, session.language), size=18, weight=ft.FontWeight.W_600)
    key = f"{event.code}:{live.number}"
    drafts: dict[str, Any] = session.drafts.setdefault(LIVE_DRAFT, {})
    send = ft.FilledButton(t("event.send_answer"), icon=ft.Icons.SEND)
    ctx = ItemContext(pack=pack, item=item, language=session.language, t=t,
                      seed=(me.profile_id, pack.id, item.id), on_change=lambda: changed(), submit=lambda: submit())
    item_view = WIDGETS[item.type](ctx, drafts.get(key) if mine is None else _stored(mine.response))

    def changed() -> None:
        drafts[key] = item_view.response()
        send.disabled = item_view.response() is None
        send.update()

    def submit() -> None:
        response = item_view.response()
        if response is None:
            return
        try:
            result = events.answer_live(event.code, me.profile_id, live.number, response)
        except StorageError as error:
            session.toast(t(error.message_key))
            return
        if result is None:
            session.toast(t("event.live_too_late"))
        session.rerender()

    send.on_click = lambda _e: submit()
    send.disabled = item_view.response() is None
    controls: list[ft.Control] = [prompt]
    if live.status == "closed":
        from lessons.grading import grade

        if mine is not None:
            result = grade(item, _stored(mine.response))
            item_view.lock(result)
            verdict = t("event.live_right", points=mine.points) if mine.correct else t("event.live_wrong")
            controls += [item_view.control, widgets.notice(verdict, ft.Icons.CHECK_CIRCLE if mine.correct else ft.Icons.INFO)]
        else:
            controls += [widgets.notice(t("event.live_missed"))]
    elif mine is not None:
        _freeze(item_view)
        controls += [item_view.control, widgets.notice(t("event.live_sent"), ft.Icons.HOURGLASS_TOP)]
    else:
        controls += [item_view.control, ft.Row([send])]
        if event.config.speed_bonus:
            controls.append(ft.Text(t("event.speed_bonus_on"), theme_style=ft.TextThemeStyle.BODY_SMALL))
    return widgets.section(title, *controls)


def _stored(text: str) -> Any:
    import json

    return json.loads(text)


def _freeze(item_view: Any) -> None:
    """Stop taking input without grading: the answer was sent, the right one is not shown yet."""
    item_view.locked = True
    item_view._fill()


# ----- the personal summary ----------------------------------------------------------------------


def build_summary(session: Session, route: Route) -> ft.View:
    """/event/<code>/summary: the attendee's own results, and keeping the progress on the phone."""
    from edu_app.ui.screens.me_progress import data_section

    t = session.t
    code = route.params.get("code", "")
    events = session.app.events
    event = events.find(code)
    me = events.attendee(code, session.profile.id) if event and session.profile else None
    if event is None or me is None:
        return common.view(session, common.message(session, t("event.unknown"), ft.Icons.LINK_OFF))
    forms = event.forms
    lines: list[ft.Control] = []
    if forms.pre and me.pre_done:
        lines.append(ft.Text(t("event.summary_pre", correct=me.pre_correct, total=len(forms.pre)), size=18))
    if forms.post and me.post_done:
        lines.append(ft.Text(t("event.summary_post", correct=me.post_correct, total=len(forms.post)), size=18))
    if forms.pre and forms.post and me.pre_done and me.post_done:
        change = round(100 * (me.post_correct / len(forms.post) - me.pre_correct / len(forms.pre)))
        lines.append(ft.Text(t("event.summary_change", change=f"{change:+d}"), weight=ft.FontWeight.W_600))
    lines.append(ft.Text(t("event.summary_lessons", done=len(me.lessons_done), total=len(event.config.lessons))))
    if event.config.live_quiz:
        lines.append(ft.Text(t("event.your_points", points=me.points)))
    controls: list[ft.Control] = [
        ft.TextButton(t("event.back_to_event"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go(f"/event/{code}")),
        widgets.heading(t("event.summary_title")),
        widgets.section(me.nickname, *lines),
        ft.Text(t("event.keep_progress")),
        data_section(session),
        ft.Text(t("disclaimer.not_advice"), theme_style=ft.TextThemeStyle.BODY_SMALL),
    ]
    return common.view(session, widgets.scroll_column(controls), event.title)
