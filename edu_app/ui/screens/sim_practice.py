"""Free practice: pick one to five instruments (search by symbol or name in either language), a
date range, the market rules and the starting cash, then start a session.

Phone first: the chosen instruments sit as chips above a search field, and the matching series
below it add or remove one with a tap.
"""

from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass, field
from datetime import date

import flet as ft

from edu_app.risk.suitability import Product
from edu_app.trading import TradingError
from edu_app.trading.service import MAX_PRACTICE_INSTRUMENTS
from edu_app.ui import widgets
from edu_app.ui.suitability import confirm_start, questionnaire_invite
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from edu_app.ui.screens.sim_format import day


@dataclass
class PracticeForm:
    """The form's fields as the learner left them."""

    query: str = ""
    symbols: list[str] = field(default_factory=lambda: ["GSPC"])
    start: str = "2015-01-02"
    end: str = "2016-12-30"
    rules: str = "us"
    cash: str = "100000"
    error: str = ""
    full: bool = False  # the learner tried to add a sixth instrument

    def toggle(self, symbol: str) -> None:
        """Add ``symbol`` to the portfolio, or take it out when it is already in; a sixth is
        refused (``full`` says so until one is taken out)."""
        if symbol in self.symbols:
            self.symbols.remove(symbol)
            self.full = False
        elif len(self.symbols) >= MAX_PRACTICE_INSTRUMENTS:
            self.full = True
        else:
            self.symbols.append(symbol)
            self.full = False


_FORMS: weakref.WeakKeyDictionary[Session, PracticeForm] = weakref.WeakKeyDictionary()


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    form = _FORMS.setdefault(session, PracticeForm())
    unlocked = session.app.learning.unlocked_features(session.profile.id)
    if "simulator" not in unlocked:
        session.go("/simulate")
        return ft.Column()
    trading = session.app.trading
    lang = session.language
    chosen = ft.Column(spacing=6)
    results = ft.Column(spacing=8)

    def show_chosen() -> None:
        chips: list[ft.Control] = [
            _chosen_chip(f"{symbol} · {_short(trading.prices.name(symbol).get(lang))}",
                         t("practice.remove", symbol=symbol), lambda s=symbol: toggle(s))
            for symbol in form.symbols
        ]
        count = t("practice.count", count=len(form.symbols), max=MAX_PRACTICE_INSTRUMENTS)
        chosen.controls = [
            ft.Text(count if chips else t("practice.none_chosen"), size=13,
                    color=ft.Colors.ON_SURFACE_VARIANT if chips else ft.Colors.ERROR),
            ft.Row(chips, wrap=True, spacing=6, run_spacing=6),
        ]
        if form.full:
            chosen.controls.append(ft.Text(t("practice.limit", max=MAX_PRACTICE_INSTRUMENTS), color=ft.Colors.ERROR,
                                           size=13))

    def show_choices() -> None:
        choices = trading.instruments(form.query)
        rows: list[ft.Control] = []
        for c in choices:
            picked = c.symbol in form.symbols
            label = f"{c.symbol} · {c.name.get(lang)}"
            rows.append(ft.Column(
                [
                    (ft.FilledTonalButton if picked else ft.OutlinedButton)(
                        label, icon=ft.Icons.CHECK if picked else ft.Icons.ADD,
                        tooltip=t("practice.remove", symbol=c.symbol) if picked else t("practice.add", symbol=c.symbol),
                        on_click=lambda _e, sym=c.symbol: toggle(sym),
                    ),
                    ft.Text(t("practice.available", start=day(c.first), end=day(c.last)), size=12,
                            color=ft.Colors.ON_SURFACE_VARIANT),
                ],
                spacing=2,
            ))
        results.controls = rows or [ft.Text(t("practice.no_match"), color=ft.Colors.ON_SURFACE_VARIANT)]

    def toggle(symbol: str) -> None:
        form.toggle(symbol)
        show_chosen()
        show_choices()
        chosen.update()
        results.update()

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
        symbols = list(form.symbols)

        def create() -> int | None:
            try:
                new_id = trading.start_practice(profile_id, symbols, first, last, form.rules, cash)
            except TradingError as error:
                form.error = error.message(lang)
                session.rerender()
                return None
            form.error = ""
            return int(new_id)

        if not symbols:
            create()  # the service names what is missing
            return
        confirm_start(session, _product(session, symbols, form.rules), symbols, create)

    def text_field(label: str, name: str, width: int = 200) -> ft.TextField:
        return ft.TextField(label=label, value=getattr(form, name), width=width, dense=True,
                            on_change=lambda e: setattr(form, name, e.control.value or ""))

    def set_rules(value: str) -> None:
        form.rules = value
        session.rerender()

    show_chosen()
    show_choices()
    rules = [("us", t("trade.rules_us")), ("cn_a", t("trade.rules_cn_a"))]
    controls: list[ft.Control] = [
        ft.Row([ft.IconButton(ft.Icon(ft.Icons.ARROW_BACK, semantics_label=t("trade.back_to_list")),
                              on_click=lambda _e: session.go("/simulate")),
                widgets.heading(t("practice.title"))]),
        ft.Text(t("practice.hint")),
        widgets.section(
            t("practice.instruments", max=MAX_PRACTICE_INSTRUMENTS),
            chosen,
            ft.TextField(label=t("practice.search"), value=form.query, on_change=searched, dense=True,
                         prefix_icon=ft.Icons.SEARCH, expand=True),
            results,
        ),
        widgets.section(
            t("practice.settings"),
            ft.Row([text_field(t("practice.start"), "start"), text_field(t("practice.end"), "end")], wrap=True),
            widgets.choice_row(rules, form.rules, set_rules),
            text_field(t("practice.cash"), "cash"),
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


def _chosen_chip(label: str, remove_label: str, remove) -> ft.Control:  # type: ignore[no-untyped-def]
    """A chosen instrument with its own remove button (a plain button is what screen readers and
    taps find reliably; a chip's delete icon is not announced as one)."""
    return ft.Container(
        ft.Row(
            [ft.Text(label, size=13, color=ft.Colors.ON_SECONDARY_CONTAINER),
             ft.IconButton(ft.Icon(ft.Icons.CLOSE, size=16, color=ft.Colors.ON_SECONDARY_CONTAINER,
                                   semantics_label=remove_label),
                           tooltip=remove_label, on_click=lambda _e: remove(),
                           style=ft.ButtonStyle(padding=4), width=32, height=32)],
            spacing=2, tight=True,
        ),
        bgcolor=ft.Colors.SECONDARY_CONTAINER, border_radius=8,
        padding=ft.Padding.only(left=12, right=2),
    )


def _short(name: str) -> str:
    """An instrument's name without its data note ("Microsoft, split-adjusted" -> "Microsoft"),
    so a chip stays one short line on a phone."""
    for mark in (", ", "（", " ("):
        name = name.split(mark)[0]
    return name


def _product(session: Session, symbols: list[str], rules: str) -> Product:
    """What the practice portfolio trades, for the suitability warning: the riskiest instrument
    decides, as for a portfolio scenario."""
    trading = session.app.trading
    parts = []
    for symbol in symbols:
        name = trading.prices.name(symbol)
        parts.append(Product.from_instrument(symbol, trading.kind_of(symbol), rules,
                                             {"en": name.get("en"), "zh-CN": name.get("zh-CN")}))
    if len(parts) == 1:
        return parts[0]
    names = [_short(trading.prices.name(symbol).get(lang)) for symbol in symbols for lang in ("en", "zh-CN")]
    title = {"en": ", ".join(names[0::2]), "zh-CN": "、".join(names[1::2])}
    return dataclasses.replace(parts[0], title=title, others=tuple((p.kind, p.board) for p in parts[1:]))
