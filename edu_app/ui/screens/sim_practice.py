"""Free practice: pick an instrument (search by symbol or name in either language), a date
range, the market rules and the starting cash, then start a session."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date

import flet as ft

from edu_app.risk.suitability import Product
from edu_app.trading import TradingError
from edu_app.ui import widgets
from edu_app.ui.suitability import confirm_start, questionnaire_invite
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from edu_app.ui.screens.sim_format import day


@dataclass
class PracticeForm:
    """The form's fields as the learner left them."""

    query: str = ""
    symbol: str = "GSPC"
    start: str = "2015-01-02"
    end: str = "2016-12-30"
    rules: str = "us"
    cash: str = "100000"
    error: str = ""


_FORMS: weakref.WeakKeyDictionary[Session, PracticeForm] = weakref.WeakKeyDictionary()


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    form = _FORMS.setdefault(session, PracticeForm())
    unlocked = session.app.learning.unlocked_features(session.profile.id)
    if "simulator" not in unlocked:
        session.go("/simulate")
        return ft.Column()
    results = ft.Column(spacing=4)

    def show_choices() -> None:
        choices = session.app.trading.instruments(form.query)
        results.controls = [
            ft.Row(
                [
                    (ft.FilledButton if c.symbol == form.symbol else ft.OutlinedButton)(
                        f"{c.symbol} · {c.name.get(session.language)}",
                        on_click=lambda _e, sym=c.symbol: pick(sym),
                    ),
                    ft.Text(t("practice.available", start=day(c.first), end=day(c.last)), size=12,
                            color=ft.Colors.ON_SURFACE_VARIANT),
                ],
                wrap=True,
            )
            for c in choices
        ] or [ft.Text(t("practice.no_match"), color=ft.Colors.ON_SURFACE_VARIANT)]

    def pick(symbol: str) -> None:
        form.symbol = symbol
        session.rerender()

    def searched(e: ft.Event[ft.TextField]) -> None:
        form.query = e.control.value or ""
        show_choices()
        results.update()

    def start(_e: object) -> None:
        try:
            first, last = date.fromisoformat(form.start.strip()), date.fromisoformat(form.end.strip())
            cash = float(form.cash.replace(",", ""))
        except ValueError:
            form.error = t("practice.bad_input")
            session.rerender()
            return
        profile_id = session.profile.id

        def create() -> int | None:
            try:
                new_id = session.app.trading.start_practice(profile_id, [form.symbol], first, last, form.rules, cash)
            except TradingError as error:
                form.error = error.message(session.language)
                session.rerender()
                return None
            form.error = ""
            return int(new_id)

        name = session.app.trading.prices.name(form.symbol)
        product = Product.from_instrument(form.symbol, session.app.trading.kind_of(form.symbol), form.rules,
                                          {"en": name.get("en"), "zh-CN": name.get("zh-CN")})
        confirm_start(session, product, [form.symbol], create)

    def field(label: str, name: str, width: int = 160) -> ft.TextField:
        return ft.TextField(label=label, value=getattr(form, name), width=width, dense=True,
                            on_change=lambda e: setattr(form, name, e.control.value or ""))

    def set_rules(value: str) -> None:
        form.rules = value
        session.rerender()

    show_choices()
    rules = [("us", t("trade.rules_us")), ("cn_a", t("trade.rules_cn_a"))]
    controls: list[ft.Control] = [
        ft.Row([ft.IconButton(ft.Icon(ft.Icons.ARROW_BACK, semantics_label=t("trade.back_to_list")),
                              on_click=lambda _e: session.go("/simulate")),
                widgets.heading(t("practice.title"))]),
        ft.Text(t("practice.hint")),
        widgets.section(
            t("practice.instrument"),
            ft.TextField(label=t("practice.search"), value=form.query, on_change=searched, dense=True,
                         prefix_icon=ft.Icons.SEARCH),
            results,
            ft.Text(t("practice.one_for_now"), size=12, color=ft.Colors.ON_SURFACE_VARIANT),
        ),
        widgets.section(
            t("practice.settings"),
            ft.Row([field(t("practice.start"), "start"), field(t("practice.end"), "end")], wrap=True),
            widgets.choice_row(rules, form.rules, set_rules),
            field(t("practice.cash"), "cash"),
        ),
    ]
    if "market.cn_a" not in unlocked:
        controls.append(ft.Text(t("practice.cn_a_locked"), size=12, color=ft.Colors.ON_SURFACE_VARIANT))
    if form.error:
        controls.append(widgets.notice(form.error, ft.Icons.ERROR_OUTLINE))
    invite = questionnaire_invite(session)
    if invite is not None:
        controls.append(invite)
    controls += [
        ft.FilledButton(t("practice.go"), icon=ft.Icons.PLAY_ARROW, on_click=start),
        widgets.notice(t("simulate.disclaimer")),
    ]
    return widgets.scroll_column(controls)
