"""Simulate: the paper-trading simulator, locked until the learner earns it.

While locked: exactly what unlocks it and how far the learner is. Once unlocked: sessions in
progress to resume, the scenario cards (locked ones visible with what unlocks them), free
practice, and finished sessions with their report cards.
"""

from __future__ import annotations

import flet as ft

from edu_app.learning.views import FeatureStatus
from edu_app.risk.service import builtin_scenarios
from edu_app.risk.suitability import Product
from edu_app.trading import TradingError
from edu_app.ui import widgets
from edu_app.ui.suitability import confirm_start, questionnaire_invite
from edu_app.ui.context import Session
from edu_app.ui.locks import locked_panel
from edu_app.ui.routes import Route
from edu_app.ui.screens.sim_format import day, money, percent


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    # One look at the learner's unlocks serves every card: each look replays their progress.
    statuses = {s.feature: s for s in session.app.learning.features(session.profile.id, session.language)}
    status = statuses.get("simulator")
    controls: list[ft.Control] = [widgets.heading(t("simulate.title"))]
    if status is not None and status.unlocked:
        controls += unlocked_sections(session, statuses)
    else:
        controls += [
            widgets.notice(t("simulate.locked"), ft.Icons.LOCK_OUTLINE),
            ft.Text(t("simulate.how_to_unlock")),
        ]
        if status is not None:
            controls.append(locked_panel(session, status))
        controls.append(
            ft.FilledButton(t("home.start_learning"), icon=ft.Icons.SCHOOL, on_click=lambda _e: session.go("/learn"))
        )
    controls.append(widgets.notice(t("simulate.disclaimer")))
    return widgets.scroll_column(controls)


def unlocked_sections(session: Session, statuses: dict[str, FeatureStatus]) -> list[ft.Control]:
    """My sessions in progress, scenarios, free practice, finished sessions."""
    t = session.t
    assert session.profile is not None
    trading = session.app.trading
    mine = trading.sessions(session.profile.id)
    active = [s for s in mine if s.status == "active"]
    finished = [s for s in mine if s.status == "finished"]
    out: list[ft.Control] = [ft.Text(t("simulate.intro"), color=ft.Colors.ON_SURFACE_VARIANT)]
    invite = questionnaire_invite(session)
    if invite is not None:
        out.append(invite)
    if active:
        out.append(widgets.section(t("simulate.in_progress"), *[_session_row(session, s) for s in active]))
    cards = trading.scenarios(session.profile.id)
    out.append(ft.Text(t("simulate.scenarios"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600))
    out += [_scenario_card(session, card, statuses) for card in cards]
    out.append(widgets.section(
        t("simulate.practice_title"),
        ft.Text(t("simulate.practice_hint")),
        ft.OutlinedButton(t("simulate.practice_open"), icon=ft.Icons.TUNE, on_click=lambda _e: session.go("/simulate/practice")),
    ))
    if finished:
        out.append(widgets.section(t("simulate.finished"), *[_session_row(session, s) for s in finished]))
    return out


def _scenario_card(session: Session, card, statuses: dict[str, FeatureStatus]) -> ft.Control:  # type: ignore[no-untyped-def]
    t, lang = session.t, session.language
    difficulty = {"beginner": t("simulate.level_beginner"), "intermediate": t("simulate.level_intermediate"),
                  "advanced": t("simulate.level_advanced")}[card.difficulty]
    rules = t("trade.rules_cn_a") if card.rules == "cn_a" else t("trade.rules_us")
    badges = [_badge(difficulty), _badge(rules)]
    if card.crisis:
        badges.append(_badge(t("simulate.crisis"), error=True))
    names = ", ".join(f"{sym} · {name.get(lang)}" for sym, name in zip(card.symbols, card.instrument_names))
    body: list[ft.Control] = [
        ft.Row([ft.Text(card.title.get(lang), theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.W_600,
                        expand=True)]),
        ft.Row(badges, wrap=True, spacing=6, run_spacing=4),
        ft.Text(t("simulate.period", start=day(card.start), end=day(card.end), cash=money(card.start_cash)), size=13,
                color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Text(names, size=13, color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Text(card.intro.get(lang)),
        ft.Text(t("simulate.goals"), weight=ft.FontWeight.W_600, size=13),
        *[ft.Text(f"• {goal.get(lang)}", size=13) for goal in card.goals],
    ]
    if card.best_return is not None:
        body.append(ft.Text(t("simulate.best", result=percent(card.best_return),
                              hold=percent(card.best_benchmark or 0.0)), size=13, color=ft.Colors.PRIMARY))
    if card.locked:
        for feature in card.missing_features:
            status = statuses.get(feature)
            if status is not None:
                body.append(locked_panel(session, status))
    else:
        body.append(ft.FilledButton(t("simulate.start", title=card.title.get(lang)), icon=ft.Icons.PLAY_ARROW,
                                    on_click=lambda _e, i=card.id: _start(session, i)))
    return ft.Card(content=ft.Container(ft.Column(body, spacing=6), padding=14))


def _badge(text: str, error: bool = False) -> ft.Control:
    return ft.Container(
        ft.Text(text, size=11, color=ft.Colors.ON_ERROR_CONTAINER if error else ft.Colors.ON_SECONDARY_CONTAINER),
        bgcolor=ft.Colors.ERROR_CONTAINER if error else ft.Colors.SECONDARY_CONTAINER,
        padding=ft.Padding.symmetric(horizontal=8, vertical=2), border_radius=8,
    )


def _start(session: Session, scenario_id: str) -> None:
    """Start the scenario, after the suitability warning when it is above the learner's grade."""
    assert session.profile is not None
    profile_id = session.profile.id

    def create() -> int | None:
        try:
            return int(session.app.trading.start_scenario(profile_id, scenario_id))
        except TradingError as error:
            session.toast(error.message(session.language))
            return None

    scenario = builtin_scenarios().get(scenario_id)
    if scenario is None:
        # Not a built-in scenario: nothing to rate it by, and the service says why it cannot start.
        new_id = create()
        if new_id is not None:
            session.go(f"/simulate/session/{new_id}")
        return
    confirm_start(session, Product.from_scenario(scenario), scenario.all_symbols, create)


def _session_row(session: Session, summary) -> ft.Control:  # type: ignore[no-untyped-def]
    t, lang = session.t, session.language
    line = t("simulate.session_line", date=day(summary.current), equity=money(summary.equity),
             result=percent(summary.total_return))
    if summary.status == "active":
        main = ft.FilledTonalButton(t("simulate.resume", title=summary.title.get(lang)), icon=ft.Icons.PLAY_ARROW,
                                    on_click=lambda _e: session.go(f"/simulate/session/{summary.id}"))
    else:
        main = ft.FilledTonalButton(t("simulate.open_report", title=summary.title.get(lang)),
                                    icon=ft.Icons.ASSESSMENT_OUTLINED,
                                    on_click=lambda _e: session.go(f"/simulate/session/{summary.id}/report"))
    delete = ft.IconButton(
        ft.Icon(ft.Icons.DELETE_OUTLINE, semantics_label=t("simulate.delete", title=summary.title.get(lang))),
        tooltip=t("simulate.delete", title=summary.title.get(lang)),
        on_click=lambda _e: _confirm_delete(session, summary),
    )
    return ft.Column([ft.Row([ft.Container(main, expand=True), delete]), ft.Text(line, size=12,
                      color=ft.Colors.ON_SURFACE_VARIANT)], spacing=2)


def _confirm_delete(session: Session, summary) -> None:  # type: ignore[no-untyped-def]
    t = session.t
    dialog = widgets.Dialog(session.page, modal=True, title=ft.Text(t("simulate.delete_title")),
                            content=ft.Text(t("simulate.delete_body", title=summary.title.get(session.language))))

    def delete(_e: object) -> None:
        assert session.profile is not None
        session.app.trading.delete(session.profile.id, summary.id)
        dialog.close(session.rerender)

    dialog.control.actions = [ft.TextButton(t("simulate.keep"), on_click=lambda _e: dialog.close()),
                              ft.FilledButton(t("simulate.delete_confirm"), on_click=delete)]
    dialog.show()
