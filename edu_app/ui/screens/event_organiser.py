"""The organiser's screen (/event/<code>/organise): links and PIN, the controls (joining, live
quiz, end), live figures and attendees, and the set-up. Only the host or the holder of the
organiser token gets past the door; the service checks the same on every action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from edu_app.events import forms as forms_rules
from edu_app.events.config import EventConfig, LessonRef
from edu_app.events.service import AttendeeView, EventClosed, EventView, NotOrganiser, Organiser
from edu_app.i18n import LANGUAGES
from edu_app.store.errors import StorageError
from edu_app.ui import learn_common as lc
from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from edu_app.ui.screens import event_challenge
from edu_app.ui.screens import event_common as common
from edu_app.ui.screens import event_projector as projector

_SETUP = "event.setup"
_QUERY = "event.attendee_query"
# A room of hundreds: the screen lists this many (newest first) and finds the rest by nickname.
ATTENDEE_ROWS = 20
_LANGUAGE_NAMES = {"zh-CN": "中文", "en": "English"}


def build(session: Session, route: Route) -> ft.View:
    t = session.t
    code = route.params.get("code", "")
    common.take_token(session, code)
    if not common.tokens_loaded(session):
        return common.view(session, ft.ProgressRing())
    events = session.app.events
    event = events.find(code)
    if event is None:
        return common.view(session, common.message(session, t("event.unknown"), ft.Icons.LINK_OFF))
    who = common.organiser(session, code)
    if not events.is_organiser(code, who):
        return common.view(session, common.message(session, t("event.not_organiser"), ft.Icons.LOCK))
    live_box = ft.Container(content=_live_part(session, event))
    attendees, refresh_attendees = _attendees(session, event, who)

    def refresh() -> None:
        live_box.content = _live_part(session, events.get(code))
        live_box.update()
        refresh_attendees()

    def fingerprint() -> object:
        return (events.revision(code), events.counts(code), events.live_state(code).answers,
                event_challenge.fingerprint(session, event))

    common.watch(session, fingerprint, fingerprint(), on_change=refresh)
    controls: list[ft.Control] = [
        widgets.heading(t("event.organiser_title", title=event.title)),
        _links(session, event),
        _controls(session, event, who),
        live_box,
        attendees,
    ]
    if event.status != "ended":
        controls.append(_setup(session, event, who))
    else:
        controls.append(widgets.notice(t("event.report_hint", code=code), ft.Icons.DESCRIPTION))
    return common.view(session, widgets.scroll_column(controls), event.title)


def _act(session: Session, action: Any) -> None:
    """Run an organiser action and redraw; a refusal or a failed save is said, never raised."""
    try:
        action()
    except NotOrganiser:
        session.toast(session.t("event.not_organiser"))
    except EventClosed:
        session.toast(session.t("event.ended"))
    except StorageError as error:
        session.toast(session.t(error.message_key))
    session.rerender()


def _links(session: Session, event: EventView) -> ft.Control:
    t = session.t
    link = projector.join_url(session, event.code)
    lines: list[ft.Control] = [
        ft.Text(t("event.pin_big", pin=event.pin), size=28, weight=ft.FontWeight.W_700),
        ft.Text(t("event.attendee_link", link=link), selectable=True),
    ]
    for other in session.app.event_urls[1:]:
        lines.append(ft.Text(t("event.other_link", link=other), selectable=True, theme_style=ft.TextThemeStyle.BODY_SMALL))
    lines.append(ft.OutlinedButton(t("event.open_projector"), icon=ft.Icons.CO_PRESENT,
                                   on_click=lambda _e: session.go(f"/event/{event.code}/screen")))
    return widgets.section(t("event.links"), *lines)


def _controls(session: Session, event: EventView, who: Organiser) -> ft.Control:
    t = session.t
    events = session.app.events
    code = event.code
    buttons: list[ft.Control] = []
    status_key = {"setup": "event.status_setup", "open": "event.status_open", "closed": "event.status_closed",
                  "ended": "event.status_ended"}[event.status]
    if event.status in ("setup", "closed"):
        buttons.append(ft.FilledButton(t("event.open_joining"), icon=ft.Icons.LOCK_OPEN,
                                       on_click=lambda _e: _act(session, lambda: events.set_joining(code, who, True))))
    elif event.status == "open":
        buttons.append(ft.OutlinedButton(t("event.close_joining"), icon=ft.Icons.LOCK,
                                         on_click=lambda _e: _act(session, lambda: events.set_joining(code, who, False))))
    if event.status in ("open", "closed") and event.config.live_quiz and event.forms.live:
        live = events.live_state(code)
        if live.number is None:
            label = t("event.live_start")
        elif live.status == "open":
            label = t("event.live_close")
        elif live.number < live.total:
            label = t("event.live_next")
        else:
            label = None
        if label:
            buttons.append(ft.FilledButton(label, icon=ft.Icons.QUIZ,
                                           on_click=lambda _e: _act(session, lambda: events.advance_live(code, who))))
        else:
            buttons.append(ft.Text(t("event.live_over")))
    if event.status in ("open", "closed") and event.config.trading_challenge and event.config.scenario_id:
        running = event.config.challenge_running
        buttons.append((ft.OutlinedButton if running else ft.FilledButton)(
            t("event.challenge_stop") if running else t("event.challenge_begin"), icon=ft.Icons.SHOW_CHART,
            on_click=lambda _e: _act(session, lambda: events.set_challenge(code, who, not running))))
    if event.status != "ended":
        buttons.append(widgets.danger_button(t("event.end"), ft.Icons.STOP_CIRCLE, lambda _e: _confirm_end(session, event, who)))
    return widgets.section(t("event.controls"), ft.Text(t(status_key), weight=ft.FontWeight.W_600), widgets.action_row(*buttons))


def _confirm_end(session: Session, event: EventView, who: Organiser) -> None:
    t = session.t
    _confirm(session, t("event.end_title"), t("event.end_body"), t("event.end_confirm"), ft.Icons.STOP_CIRCLE,
             lambda: session.app.events.end(event.code, who))


def _confirm_remove(session: Session, event: EventView, who: Organiser, profile_id: int, nickname: str) -> None:
    t = session.t
    # A tap in a long list of similar rows can hit the wrong name: say whose it is first.
    _confirm(session, t("event.remove_title", nickname=nickname), t("event.remove_body"), t("event.remove"),
             ft.Icons.PERSON_REMOVE, lambda: session.app.events.remove(event.code, who, profile_id))


def _confirm(session: Session, title: str, body: str, confirm: str, icon: ft.IconData, action: Callable[[], object]) -> None:
    """Ask before an organiser action that cannot be undone; do it only on the red button."""
    dialog = widgets.Dialog(session.page, title=ft.Text(title), content=ft.Text(body))

    def go(_e: object) -> None:
        dialog.close(then=lambda: _act(session, action))

    dialog.control.actions = [
        ft.TextButton(session.t("common.cancel"), on_click=lambda _e: dialog.close()),
        widgets.danger_confirm(confirm, icon, go),
    ]
    dialog.show()


def _live_part(session: Session, event: EventView) -> ft.Control:
    """What changes while the event runs: counts, the live question, the challenge board."""
    t = session.t
    events = session.app.events
    parts: list[ft.Control] = [widgets.section(t("event.progress"), projector.counts_row(session, event.code))]
    section = projector.live_section(session, event, events.live_state(event.code))
    if section is not None:
        parts.append(section)
    challenge_board = event_challenge.leaderboard(session, event)
    if challenge_board is not None:
        parts.append(challenge_board)
    return ft.Column(parts, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def _attendees(session: Session, event: EventView, who: Organiser) -> tuple[ft.Control, Callable[[], None]]:
    """The attendees card (a search and the newest few rows) and what redraws its rows."""
    t = session.t
    title = ft.Text(theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600)
    rows = ft.Column(spacing=10)

    def fill() -> None:
        query = session.drafts.get(_QUERY, "")
        found = session.app.events.find_attendees(event.code, who, query, ATTENDEE_ROWS)
        title.value = t("event.attendees", count=found.total)
        controls: list[ft.Control] = [_attendee_row(session, event, who, a) for a in found.shown]
        if found.total == 0:
            controls = [ft.Text(t("event.no_attendees"))]
        elif found.matching == 0:
            controls = [ft.Text(t("event.no_match", query=query.strip()))]
        elif found.matching > len(found.shown):
            controls.append(ft.Text(t("event.showing_some", shown=len(found.shown), matching=found.matching),
                                    theme_style=ft.TextThemeStyle.BODY_SMALL, color=ft.Colors.ON_SURFACE_VARIANT))
        rows.controls = controls

    def refresh() -> None:
        fill()
        title.update()
        rows.update()

    def search(e: ft.ControlEvent) -> None:
        session.drafts[_QUERY] = e.control.value or ""
        refresh()

    fill()
    field = ft.TextField(label=t("event.find_attendee"), prefix_icon=ft.Icons.SEARCH,
                         value=session.drafts.get(_QUERY, ""), on_change=search)
    card = ft.Card(content=ft.Container(padding=16, content=ft.Column([title, field, rows], spacing=10)))
    return card, refresh


def _attendee_row(session: Session, event: EventView, who: Organiser, a: AttendeeView) -> ft.Control:
    t = session.t
    progress = t("event.attendee_progress", pre=t("event.yes") if a.pre_done else "–",
                 lessons=len(a.lessons_done), post=t("event.yes") if a.post_done else "–", points=a.points)
    return ft.Row([
        ft.Column([ft.Text(a.nickname, weight=ft.FontWeight.W_600), ft.Text(progress, theme_style=ft.TextThemeStyle.BODY_SMALL)],
                  spacing=2, expand=True),
        # The nickname is in the button's own text: a screen reader (and a hurried tap in a
        # long list) must know whose it is.
        ft.TextButton(t("event.remove_named", nickname=a.nickname), icon=ft.Icons.PERSON_REMOVE,
                      on_click=lambda _e: _confirm_remove(session, event, who, a.profile_id, a.nickname)),
    ])


# ----- set-up ------------------------------------------------------------------------------------


def _draft(session: Session, event: EventView) -> dict[str, Any]:
    drafts: dict[str, Any] = session.drafts.setdefault(_SETUP, {})
    if drafts.get("code") != event.code:
        c = event.config
        drafts.clear()
        drafts.update(code=event.code, title=event.title, languages=list(c.languages),
                      lessons=[lesson.key() for lesson in c.lessons], skills=list(c.test_skills),
                      items_per_skill=c.items_per_skill, live_quiz=c.live_quiz, live_questions=c.live_questions,
                      speed_bonus=c.speed_bonus, trading_challenge=c.trading_challenge,
                      scenario_id=c.scenario_id, granted=list(c.granted_features))
    return drafts


def _setup(session: Session, event: EventView, who: Organiser) -> ft.Control:
    t = session.t
    d = _draft(session, event)
    catalog = session.app.catalog
    title = ft.TextField(label=t("event.setup_title"), value=d["title"], max_length=200)
    title.on_change = lambda _e: d.__setitem__("title", title.value or "")

    def toggle(name: str, value: str) -> None:
        chosen = d[name]
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        session.rerender()

    def set_value(name: str, value: object) -> None:
        d[name] = value
        session.rerender()

    languages = ft.Row([ft.Checkbox(label=_LANGUAGE_NAMES[code], value=code in d["languages"],
                                    on_change=lambda _e, c=code: toggle("languages", c)) for code in LANGUAGES], wrap=True)
    lessons: list[ft.Control] = []
    for pack in catalog.packs():
        lessons.append(ft.Text(pack.text(pack.manifest.title, session.language), weight=ft.FontWeight.W_600))
        lessons += [ft.Checkbox(label=lc.lesson_title(session, pack, lesson),
                                value=f"{pack.id}/{lesson.id}" in d["lessons"],
                                on_change=lambda _e, k=f"{pack.id}/{lesson.id}": toggle("lessons", k))
                    for lesson in pack.lessons]
    config = _config_from(d, event)
    available = forms_rules.available_per_skill(catalog.packs(), config.model_copy(update={"test_skills": list(catalog.taxonomy())}))
    skills = [
        ft.Checkbox(label=t("event.skill_items", skill=catalog.skill_name(skill, session.language), count=count),
                    value=skill in d["skills"], disabled=count == 0 and skill not in d["skills"],
                    on_change=lambda _e, s=skill: toggle("skills", s))
        for skill, count in available.items()
    ]
    frozen = event.status != "setup"
    save = ft.FilledButton(t("event.save_setup"), icon=ft.Icons.SAVE,
                           on_click=lambda _e: _act(session, lambda: session.app.events.configure(
                               event.code, who, d["title"], _config_from(d, event))))
    return widgets.section(
        t("event.setup"),
        title,
        ft.Text(t("event.setup_languages"), weight=ft.FontWeight.W_600), languages,
        ft.Text(t("event.setup_lessons"), weight=ft.FontWeight.W_600), *lessons,
        ft.Text(t("event.setup_skills"), weight=ft.FontWeight.W_600),
        ft.Text(t("event.setup_skills_hint"), theme_style=ft.TextThemeStyle.BODY_SMALL), *skills,
        ft.Text(t("event.setup_items_per_skill"), weight=ft.FontWeight.W_600),
        widgets.choice_row([(str(n), str(n)) for n in (1, 2, 3)], str(d["items_per_skill"]),
                           lambda v: set_value("items_per_skill", int(v))),
        ft.Switch(label=t("event.setup_live"), value=d["live_quiz"], on_change=lambda e: set_value("live_quiz", bool(e.control.value))),
        *([ft.Text(t("event.setup_live_questions"), weight=ft.FontWeight.W_600),
           widgets.choice_row([(str(n), str(n)) for n in (3, 5, 10)], str(d["live_questions"]),
                              lambda v: set_value("live_questions", int(v))),
           ft.Switch(label=t("event.setup_speed_bonus"), value=d["speed_bonus"],
                     on_change=lambda e: set_value("speed_bonus", bool(e.control.value))),
           ft.Text(t("event.setup_speed_hint"), theme_style=ft.TextThemeStyle.BODY_SMALL)] if d["live_quiz"] else []),
        ft.Switch(label=t("event.setup_challenge"), value=d["trading_challenge"],
                  on_change=lambda e: set_value("trading_challenge", bool(e.control.value))),
        *(_challenge_setup(session, d, set_value, toggle) if d["trading_challenge"] else []),
        *([widgets.notice(t("event.setup_frozen"))] if frozen else []),
        ft.Row([save]),
    )


def _config_from(d: dict[str, Any], event: EventView) -> EventConfig:
    return event.config.model_copy(update={
        "languages": list(d["languages"]) or list(LANGUAGES),
        "lessons": [LessonRef.parse(k) for k in d["lessons"]],
        "test_skills": list(d["skills"]),
        "items_per_skill": d["items_per_skill"],
        "live_quiz": d["live_quiz"],
        "live_questions": d["live_questions"],
        "speed_bonus": d["speed_bonus"],
        "trading_challenge": d["trading_challenge"] and bool(d["scenario_id"]),
        "scenario_id": d["scenario_id"],
        "granted_features": list(d["granted"]),
    })


def _challenge_setup(session: Session, d: dict[str, Any], set_value: Any, toggle: Any) -> list[ft.Control]:
    """Which scenario the challenge plays, and which extra simulator features are granted."""
    from simulator.features import FEATURE_NAMES
    from simulator.scenarios import load_scenarios

    t = session.t
    scenarios = [(s.id, s.title.bilingual().get(session.language)) for s in load_scenarios()]
    return [
        ft.Text(t("event.setup_scenario"), weight=ft.FontWeight.W_600),
        widgets.choice_row(scenarios, d["scenario_id"] or "", lambda v: set_value("scenario_id", v)),
        ft.Text(t("event.setup_granted"), weight=ft.FontWeight.W_600),
        ft.Text(t("event.setup_granted_hint"), theme_style=ft.TextThemeStyle.BODY_SMALL),
        *[ft.Checkbox(label=name.get(session.language), value=feature in d["granted"],
                      on_change=lambda _e, f=feature: toggle("granted", f))
          for feature, name in FEATURE_NAMES.items()],
    ]
