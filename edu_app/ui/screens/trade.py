"""The trading screen, phone first: chart with range chips, account line, tips feed, positions,
orders, and time controls pinned at the bottom. The order ticket opens in a bottom sheet on a
phone and sits in a side column on wider screens.

The screen is a view over a saved session: every button calls the trading service (which saves),
then the body redraws from the view it returns, so a reload shows exactly the same state.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass, field

import flet as ft

from edu_app.trading import TradingError
from edu_app.trading.views import TradeView
from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.routes import Route
from edu_app.ui.screens import sim_charts, sim_ticket
from edu_app.ui.screens.sim_format import day, money, percent, quantity, signed_money

log = logging.getLogger(__name__)
SPEEDS = (1, 2, 5)  # bars per second when playing


@dataclass
class TradeUi:
    """What the learner chose on the screen (kept across redraws of the same browser tab)."""

    session_id: int = 0
    range_key: str = "3m"
    style: str = "line"  # "line", "candles" or "equity"
    playing: bool = False
    speed: int = 1
    symbol: str | None = None  # the instrument the chart and the ticket show (None: the first)
    ticket: sim_ticket.TicketState = field(default_factory=sim_ticket.TicketState)
    message: tuple[str, bool] | None = None  # (text, is_error) of the last action
    message_in_ticket: bool = False  # the ticket shows its own outcomes where the learner looks


_UI: weakref.WeakKeyDictionary[Session, TradeUi] = weakref.WeakKeyDictionary()


def ui_state(session: Session, session_id: int) -> TradeUi:
    """The screen choices of this tab for ``session_id`` (fresh ones for another session)."""
    state = _UI.get(session)
    if state is None or state.session_id != session_id:
        state = TradeUi(session_id=session_id)
        _UI[session] = state
    return state


def build(session: Session, route: Route) -> ft.Control:
    t = session.t
    assert session.profile is not None
    try:
        session_id = int(route.params.get("id", ""))
        view = session.app.trading.view(session.profile.id, session_id, ui_state(session, session_id).symbol)
    except (ValueError, TradingError) as error:
        text = error.message(session.language) if isinstance(error, TradingError) else t("trade.not_found")
        return widgets.scroll_column([
            widgets.notice(text, ft.Icons.ERROR_OUTLINE),
            ft.FilledButton(t("trade.back_to_list"), icon=ft.Icons.ARROW_BACK, on_click=lambda _e: session.go("/simulate")),
        ])
    return TradeScreen(session, view).root


class TradeScreen:
    """The controls of one trading screen and the actions behind its buttons."""

    def __init__(self, session: Session, view: TradeView) -> None:
        self.session = session
        self.t = session.t
        self.view = view
        self.ui = ui_state(session, view.id)
        self.phone = (session.page.width or 0) < 720
        # Every card as wide as its column: uneven card widths read as a broken layout.
        self.body = ft.Column(spacing=12, scroll=ft.ScrollMode.AUTO, expand=True,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.side = ft.Column(spacing=12, scroll=ft.ScrollMode.AUTO, width=360,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        # Phone: Buy and Sell are pinned above the time controls, never half under them.
        self.actions = ft.Container()
        self.clock = ft.Container()
        self._clock_key: tuple | None = None  # type: ignore[type-arg]
        # The header, chart and account line: redrawn first after "next day"; the rest (feed,
        # positions, orders) a frame later on its own, so the chart is not compared twice.
        self.top = ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.lower = ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.body.controls = [self.top, self.lower]
        self.ticket = sim_ticket.Ticket(session, self)
        # The last chart card drawn: (what it shows, its shape, the card). An order or a tip
        # answer does not change the chart, so the same control is reused and the browser does
        # not redraw it; a new day in the same shape changes the price chart's points in place.
        # Kept per screen: the card's chips act on this screen.
        self._chart: tuple[tuple, tuple, ft.Control] | None = None  # type: ignore[type-arg]
        self._price: sim_charts.PriceChart | None = None
        self._fill_top()
        self._fill()
        if self.phone:
            self.root = ft.Column([self.body, self.actions, self.clock], expand=True, spacing=6,
                                  horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        else:
            # The time controls close the main column; the side column runs the full height.
            self.root = ft.Row(
                [
                    ft.Column([ft.Container(self.body, expand=True, padding=ft.Padding.only(left=16, top=8)),
                               ft.Container(self.clock, padding=ft.Padding.only(left=16, top=6, bottom=6))],
                              expand=True, spacing=0),
                    ft.Container(self.side, padding=ft.Padding.only(right=12, top=8)),
                ],
                expand=True, vertical_alignment=ft.CrossAxisAlignment.STRETCH, spacing=16,
            )

    # ----- drawing ------------------------------------------------------------------------

    def _fill_top(self) -> None:
        self.top.controls = [self._header(), self._chart_card(), self._account()]

    def _fill(self, ticket: bool = True) -> list[ft.Control]:
        """Fill everything below the account line; returns the parts that changed."""
        view, t = self.view, self.t
        main: list[ft.Control] = []
        if view.tips_enabled and view.feed:
            main.append(self._feed())
        if self.ui.message is not None and (self.phone or not self.ui.message_in_ticket):
            main.append(message_box(*self.ui.message))
        positions = [self._positions(), self._orders()]
        disclaimer = widgets.notice(t("trade.disclaimer"))
        changed: list[ft.Control] = [self.lower]
        if self.phone:
            self.lower.controls = main + positions + [disclaimer]
            done = view.finished or view.status == "finished"
            if (self.actions.content is None) != done:
                self.actions.content = None if done else self._trade_buttons()
                self.actions.visible = not done
                changed.append(self.actions)
        else:
            self.lower.controls = main + [disclaimer]
            panel = self.ticket.control() if ticket or self.ticket.panel is None else self.ticket.panel
            self.side.controls = [panel, *positions]
            changed.append(self.side)
        # Rebuilt only when what they show changes: a tap on "Next day" must never land on a
        # button that a redraw is replacing.
        clock_key = (self.view.finished, self.view.status, self.ui.playing, self.ui.speed)
        if clock_key != self._clock_key:
            self._clock_key = clock_key
            self.clock.content = self._time_controls()
            changed.append(self.clock)
        return changed

    def redraw(self, view: TradeView | None = None, ticket: bool = True) -> None:
        """Redraw the body from ``view`` (or a fresh one) without rebuilding the whole page;
        ``ticket=False`` keeps the ticket as it is (it has just shown an outcome itself)."""
        if view is not None:
            self.view = view
        else:
            assert self.session.profile is not None
            self.view = self.session.app.trading.view(self.session.profile.id, self.view.id, self.ui.symbol)
        self._fill_top()
        self._fill(ticket)
        self.root.update()

    def redraw_staged(self, view: TradeView) -> None:
        """After time moved: show the new chart and account at once, then the rest a moment later
        (positions, orders, feed, controls), so the figures the learner watches come first."""
        self.view = view
        self._fill_top()
        self.top.update()

        async def rest() -> None:
            await asyncio.sleep(0.02)
            if self.view is view:
                self.session.page.update(*self._fill())

        self.session.page.run_task(rest)

    def _header(self) -> ft.Control:
        view, t = self.view, self.t
        lang = self.session.language
        rules = t("trade.rules_cn_a") if view.rules == "cn_a" else t("trade.rules_us")
        return ft.Column(
            [
                ft.Row(
                    [
                        ft.IconButton(ft.Icon(ft.Icons.ARROW_BACK, semantics_label=t("trade.back_to_list")),
                                      tooltip=t("trade.back_to_list"), on_click=lambda _e: self.session.go("/simulate")),
                        ft.Text(view.title.get(lang), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                weight=ft.FontWeight.W_600, expand=True),
                    ],
                    spacing=4,
                ),
                ft.Text(
                    t("trade.where", date=day(view.date), symbol=view.symbol, name=view.instrument_name.get(lang),
                      rules=rules, left=view.bars_left),
                    color=ft.Colors.ON_SURFACE_VARIANT, size=13,
                ),
                *([self._instrument_chips()] if len(view.symbols) > 1 else []),
            ],
            spacing=4,
        )

    def _instrument_chips(self) -> ft.Control:
        """With several instruments, a chip per instrument switches the chart and the ticket."""
        return ft.Row(
            [_chip(symbol, symbol == self.view.symbol, lambda s=symbol: self._pick_symbol(s))
             for symbol in self.view.symbols],
            wrap=True, spacing=6, run_spacing=4, key="instrument-chips",
        )

    def _chart_card(self) -> ft.Control:
        view, t, ui = self.view, self.t, self.ui
        key = (view.symbol, view.date, ui.range_key, ui.style, len(view.fills), len(view.tip_dates), self.phone,
               self.session.language)
        if self._chart is not None and self._chart[0] == key:
            return self._chart[2]
        bars = sim_charts.window(view.bars, view.first_played, ui.range_key)
        # The card, its chips and a price chart stay while only the day moves; the chart's
        # points change in place.
        shape = (view.symbol, ui.range_key, ui.style, len(bars) < 2, self.phone, self.session.language)
        if self._chart is not None and self._chart[1] == shape and isinstance(self._price, sim_charts.PriceChart):
            card = self._chart[2]
            self._show_prices(self._price, bars)
        else:
            card = self._new_chart_card(bars)
        self._chart = (key, shape, card)
        return card

    def _new_chart_card(self, bars: list) -> ft.Control:  # type: ignore[type-arg]
        view, t, ui = self.view, self.t, self.ui
        ranges = [("1m", t("trade.range_1m")), ("3m", t("trade.range_3m")), ("1y", t("trade.range_1y")),
                  ("all", t("trade.range_all"))]
        styles = [("line", t("trade.style_line")), ("candles", t("trade.style_candles")),
                  ("equity", t("trade.style_equity"))]
        height = 190 if self.phone else 260
        self._price = None
        if ui.style == "equity":
            chart: ft.Control = sim_charts.equity_chart(view.equity_curve, view.benchmark_curve,
                                                        t("trade.chart_equity_label", date=day(view.date)), height)
            keys = sim_charts.legend([(ft.Colors.PRIMARY, t("trade.legend_you")),
                                      (ft.Colors.TERTIARY, t("trade.legend_hold"))])
        else:
            if len(bars) < 2:
                # A first day of trading (an IPO) has no past to draw: say so, not an empty chart.
                chart = ft.Container(
                    ft.Text(t("trade.chart_first_day", symbol=view.symbol, price=money(view.price)),
                            color=ft.Colors.ON_SURFACE_VARIANT, text_align=ft.TextAlign.CENTER),
                    height=height, alignment=ft.Alignment.CENTER, padding=16,
                )
            else:
                self._price = sim_charts.PriceChart(ui.style, height, max_points=60 if self.phone else 120)
                self._show_prices(self._price, bars)
                chart = self._price.control
            keys = sim_charts.legend([(ft.Colors.PRIMARY, t("trade.legend_price")),
                                      (ft.Colors.TERTIARY, t("trade.legend_buys")),
                                      (ft.Colors.ERROR, t("trade.legend_sells")),
                                      (ft.Colors.SECONDARY, t("trade.legend_tips"))])
        chips = ft.Row(
            [_chip(label, key == ui.range_key and ui.style != "equity", lambda k=key: self._set(range_key=k))
             for key, label in ranges]
            + [_chip(label, key == ui.style, lambda k=key: self._set(style=k)) for key, label in styles],
            wrap=True, spacing=6, run_spacing=4,
        )
        return ft.Container(ft.Column([chips, chart, keys], spacing=6), padding=8, border_radius=12,
                            bgcolor=ft.Colors.SURFACE_CONTAINER_LOW)

    def _show_prices(self, chart: sim_charts.PriceChart, bars: list) -> None:  # type: ignore[type-arg]
        view = self.view
        chart.show(bars, len(view.bars) - len(bars), view.fills, view.tip_dates,
                   self.t("trade.chart_price_label", symbol=view.symbol, date=day(view.date), price=money(view.price)))

    def _account(self) -> ft.Control:
        view, t = self.view, self.t
        total_ret = view.total_pnl / view.start_cash
        hold_ret = view.benchmark_pnl / view.start_cash

        def cell(label: str, value: str, color: str | None = None) -> ft.Control:
            return ft.Column([ft.Text(label, size=12, color=ft.Colors.ON_SURFACE_VARIANT),
                              ft.Text(value, weight=ft.FontWeight.W_600, color=color or ft.Colors.ON_SURFACE)],
                             spacing=0, width=108)

        return ft.Container(
            ft.Row(
                [
                    cell(t("trade.equity"), money(view.equity)),
                    cell(t("trade.cash"), money(view.cash)),
                    cell(t("trade.today"), signed_money(view.day_pnl), _pnl_color(view.day_pnl)),
                    cell(t("trade.total"), f"{signed_money(view.total_pnl)} ({percent(total_ret)})",
                         _pnl_color(view.total_pnl)),
                    cell(t("trade.vs_hold"), percent(hold_ret), ft.Colors.ON_SURFACE_VARIANT),
                ],
                wrap=True, spacing=8, run_spacing=6,
            ),
            padding=10, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER,
        )

    def _feed(self) -> ft.Control:
        view, t, lang = self.view, self.t, self.session.language
        cards: list[ft.Control] = []
        for card in view.feed[:3]:
            record, tip = card.record, card.tip
            head = ft.Row([ft.Icon(ft.Icons.CHAT_OUTLINED, color=ft.Colors.SECONDARY, size=18),
                           ft.Text(t("trade.tip_from", source=tip.source.get(lang), date=day(record.delivered_on)),
                                   size=12, color=ft.Colors.ON_SURFACE_VARIANT, expand=True)])
            parts: list[ft.Control] = [head, ft.Text(tip.text.get(lang))]
            if record.response is None:
                parts.append(ft.Row(
                    [
                        ft.TextButton(t("trade.tip_act"), on_click=lambda _e, i=tip.id: self._tip(i, "acted")),
                        ft.TextButton(t("trade.tip_ignore"), on_click=lambda _e, i=tip.id: self._tip(i, "ignored")),
                        ft.TextButton(t("trade.tip_report"), icon=ft.Icons.REPORT_OUTLINED,
                                      on_click=lambda _e, i=tip.id: self._tip(i, "reported")),
                    ],
                    wrap=True, spacing=4,
                ))
            else:
                said = {
                    "acted": t("trade.tip_said_acted"),
                    "ignored": t("trade.tip_said_ignored"),
                    "verified": t("trade.tip_said_verified"),
                    "reported": t("trade.tip_said_reported"),
                }[record.response.value]
                parts.append(ft.Text(said, size=12, color=ft.Colors.ON_SURFACE_VARIANT, italic=True))
            cards.append(ft.Container(ft.Column(parts, spacing=4), padding=10, border_radius=12,
                                      bgcolor=ft.Colors.SECONDARY_CONTAINER))
        return ft.Column([ft.Text(t("trade.feed_title"), weight=ft.FontWeight.W_600), *cards], spacing=6)

    def _trade_buttons(self) -> ft.Control:
        t = self.t
        return ft.Row(
            [
                ft.FilledButton(t("trade.buy"), icon=ft.Icons.ADD_SHOPPING_CART, expand=True,
                                on_click=lambda _e: self.ticket.open_sheet("buy")),
                ft.FilledTonalButton(t("trade.sell"), icon=ft.Icons.SELL_OUTLINED, expand=True,
                                     on_click=lambda _e: self.ticket.open_sheet("sell")),
            ],
            spacing=8,
        )

    def _positions(self) -> ft.Control:
        view, t = self.view, self.t
        # A portfolio lists every instrument (one not held on a single compact line), so today's
        # suspension or locked limit is visible before the learner tries to trade it.
        shown = view.positions
        if not shown:
            return panel(t("trade.positions"), ft.Text(t("trade.no_positions"), color=ft.Colors.ON_SURFACE_VARIANT))
        rows: list[ft.Control] = []
        badge_text = {"limit_up": t("trade.badge_limit_up"), "limit_down": t("trade.badge_limit_down"),
                      "suspended": t("trade.badge_suspended")}
        for p in shown:
            badges = [ft.Container(ft.Text(badge_text[b], size=11, color=ft.Colors.ON_ERROR_CONTAINER),
                                   bgcolor=ft.Colors.ERROR_CONTAINER, padding=ft.Padding.symmetric(horizontal=6, vertical=2),
                                   border_radius=8) for b in p.badges]
            rows.append(ft.Column(
                [
                    ft.Row([ft.Text(p.symbol, weight=ft.FontWeight.W_600), *badges,
                            ft.Text(t("trade.weight", weight=percent(p.weight, signed=False)), size=12,
                                    color=ft.Colors.ON_SURFACE_VARIANT)], wrap=True, spacing=8),
                    *([ft.Text(t("trade.position_line", qty=quantity(p.quantity), sellable=quantity(p.sellable),
                                 cost=money(p.average_cost), price=money(p.price))),
                       ft.Text(t("trade.position_pnl", pnl=signed_money(p.pnl), value=money(p.market_value)),
                               color=_pnl_color(p.pnl))]
                      if p.quantity else
                      [ft.Text(t("trade.not_held", price=money(p.price)), size=13, color=ft.Colors.ON_SURFACE_VARIANT)]),
                ],
                spacing=2,
            ))
        return panel(t("trade.positions"), *rows)

    def _orders(self) -> ft.Control:
        view, t = self.view, self.t
        lines: list[ft.Control] = []
        for order in view.open_orders:
            text: list[ft.Control] = [ft.Text(sim_ticket.describe(t, order))]
            reason = view.waiting.get(order.id)
            if reason is not None:
                text.append(ft.Text(t("trade.still_open", reason=reason.message(self.session.language)), size=12,
                                    color=ft.Colors.ON_SURFACE_VARIANT))
            lines.append(ft.Row(
                [ft.Column(text, spacing=2, expand=True),
                 ft.TextButton(t("trade.cancel_order"), on_click=lambda _e, i=order.id: self._cancel(i))],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ))
        if not lines:
            lines.append(ft.Text(t("trade.no_open_orders"), color=ft.Colors.ON_SURFACE_VARIANT))
        done = [ft.Text(sim_ticket.describe_closed(t, order, self.session.language), size=13)
                for order in view.closed_orders[:6]]
        parts = [ft.Text(t("trade.open_orders"), weight=ft.FontWeight.W_600), *lines]
        if done:
            parts += [ft.Text(t("trade.closed_orders"), weight=ft.FontWeight.W_600), *done]
        return panel(t("trade.orders"), *parts)

    def _time_controls(self) -> ft.Control:
        view, t, ui = self.view, self.t, self.ui
        if view.finished or view.status == "finished":
            return ft.Row([ft.FilledButton(t("trade.open_report"), icon=ft.Icons.ASSESSMENT_OUTLINED, expand=True,
                                           on_click=lambda _e: self._finish())])
        play_label = t("trade.pause") if ui.playing else t("trade.play", speed=ui.speed)
        compact = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=8, vertical=0))
        return ft.Container(
            ft.Column(
                [
                    ft.Row(
                        [
                            ft.FilledButton(t("trade.next_day"), icon=ft.Icons.SKIP_NEXT, style=compact,
                                            on_click=lambda _e: self._advance(1)),
                            ft.OutlinedButton(t("trade.next_week"), style=compact,
                                              on_click=lambda _e: self._advance(view.weeks_step)),
                            ft.OutlinedButton(play_label, icon=ft.Icons.PAUSE if ui.playing else ft.Icons.PLAY_ARROW,
                                              style=compact, on_click=lambda _e: self._toggle_play()),
                        ],
                        wrap=True, spacing=6, run_spacing=4, alignment=ft.MainAxisAlignment.CENTER,
                    ),
                    ft.Row(
                        [
                            ft.TextButton(t("trade.speed", speed=ui.speed), style=compact,
                                          on_click=lambda _e: self._next_speed()),
                            ft.TextButton(t("trade.jump_end"), style=compact, on_click=lambda _e: self._advance(100_000)),
                            ft.TextButton(t("trade.end_now"), style=compact, on_click=lambda _e: self._finish()),
                        ],
                        wrap=True, spacing=0, alignment=ft.MainAxisAlignment.CENTER,
                    ),
                ],
                spacing=0, tight=True,
            ),
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH, border_radius=12, padding=4,
        )

    # ----- actions ------------------------------------------------------------------------

    def _set(self, **changes: object) -> None:
        for name, value in changes.items():
            setattr(self.ui, name, value)
        if changes.get("range_key") and self.ui.style == "equity":
            self.ui.style = "line"
        self.redraw(self.view)

    def _pick_symbol(self, symbol: str) -> None:
        if symbol == self.view.symbol:
            return
        assert self.session.profile is not None
        self.ui.symbol = symbol
        # The ticket's draft (quantity, prices) belonged to the other instrument.
        self.ui.ticket.qty = ""
        self.ui.ticket.limit = ""
        self.ui.ticket.stop = ""
        if self.ui.style == "equity":
            self.ui.style = "line"
        self.redraw(self.session.app.trading.view(self.session.profile.id, self.view.id, symbol))

    def _advance(self, bars: int) -> None:
        assert self.session.profile is not None
        self.ui.message = None
        self.redraw_staged(self.session.app.trading.advance(self.session.profile.id, self.view.id, bars,
                                                            self.ui.symbol))

    def _cancel(self, order_id: int) -> None:
        assert self.session.profile is not None
        outcome = self.session.app.trading.cancel_order(self.session.profile.id, self.view.id, order_id)
        self.ui.message_in_ticket = False
        self.ui.message = (
            (self.t("trade.cancelled"), False) if outcome.accepted
            else (outcome.rejection.message(self.session.language), True)  # type: ignore[union-attr]
        )
        self.redraw()

    def _tip(self, tip_id: str, response: str) -> None:
        assert self.session.profile is not None
        self.ui.message_in_ticket = False
        try:
            self.session.app.trading.respond_to_tip(self.session.profile.id, self.view.id, tip_id, response)
            self.ui.message = ({"acted": self.t("trade.tip_noted_acted"), "ignored": self.t("trade.tip_noted_ignored"),
                                "reported": self.t("trade.tip_noted_reported")}[response], False)
        except TradingError as error:
            self.ui.message = (error.message(self.session.language), True)
        self.redraw()

    def _finish(self) -> None:
        assert self.session.profile is not None
        self.ui.playing = False
        self.session.app.trading.finish(self.session.profile.id, self.view.id)
        self.session.go(f"/simulate/session/{self.view.id}/report")

    def _next_speed(self) -> None:
        self.ui.speed = SPEEDS[(SPEEDS.index(self.ui.speed) + 1) % len(SPEEDS)] if self.ui.speed in SPEEDS else 1
        self.redraw(self.view)

    def _toggle_play(self) -> None:
        self.ui.playing = not self.ui.playing
        self.redraw(self.view)
        if self.ui.playing:
            self.session.page.run_task(self._play)

    async def _play(self) -> None:
        """Advance one bar at a time at the chosen speed until paused, finished or left."""
        try:
            while self.ui.playing and not self.view.finished and _UI.get(self.session) is self.ui:
                await asyncio.sleep(1 / max(1, self.ui.speed))
                if not self.ui.playing:
                    break
                self._advance(1)
                if self.view.tips_enabled and any(c.record.delivered_on == self.view.date for c in self.view.feed):
                    self.ui.playing = False  # a message arrived: stop so the learner can read it
                    self.redraw(self.view)
        except Exception:  # noqa: BLE001 - the tab closed or the screen changed under the loop
            log.debug("play loop stopped", exc_info=True)
            self.ui.playing = False


def _chip(label: str, selected: bool, pick) -> ft.Control:  # type: ignore[no-untyped-def]
    return ft.Chip(label=ft.Text(label, size=12), selected=selected, on_select=lambda _e: pick(),
                   show_checkmark=False)


def _pnl_color(value: float) -> str:
    if value > 0.005:
        return ft.Colors.PRIMARY
    if value < -0.005:
        return ft.Colors.ERROR
    return ft.Colors.ON_SURFACE


def panel(title: str, *controls: ft.Control) -> ft.Control:
    """A titled block of the trading screen, drawn like the chart and the ticket (same edges and
    tint), so the blocks of a column line up."""
    return ft.Container(
        ft.Column([ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600), *controls],
                  spacing=10),
        padding=16, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
    )


def message_box(text: str, is_error: bool) -> ft.Control:
    """The outcome of the learner's last action: a sentence, tinted as an error or a success."""
    return ft.Container(
        ft.Row([ft.Icon(ft.Icons.ERROR_OUTLINE if is_error else ft.Icons.CHECK_CIRCLE_OUTLINE,
                        color=ft.Colors.ON_ERROR_CONTAINER if is_error else ft.Colors.ON_PRIMARY_CONTAINER),
                ft.Text(text, expand=True,
                        color=ft.Colors.ON_ERROR_CONTAINER if is_error else ft.Colors.ON_PRIMARY_CONTAINER)],
               vertical_alignment=ft.CrossAxisAlignment.START),
        bgcolor=ft.Colors.ERROR_CONTAINER if is_error else ft.Colors.PRIMARY_CONTAINER,
        padding=10, border_radius=12,
    )
