"""The order ticket: side, type (locked types visible with what unlocks them), time in force,
a lot-aware quantity stepper with Max, prices, a cost estimate before sending, and the "think
twice" risk prompt. Rejections come back from the engine as sentences naming the rule."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

import flet as ft

from edu_app.trading import TradingError
from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.locks import feature_status, locked_panel
from edu_app.ui.screens.sim_format import money, quantity
from edu_app.ui.suitability import order_warning, show_warning

if TYPE_CHECKING:
    from edu_app.ui.screens.trade import TradeScreen


@dataclass
class TicketState:
    """The ticket's fields as the learner left them."""

    side: str = "buy"
    order_type: str = "market"
    tif: str = "day"
    qty: str = ""
    limit: str = ""
    stop: str = ""


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def order_type_labels(t) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Order type -> its name."""
    return {"market": t("trade.type_market"), "limit": t("trade.type_limit"), "stop": t("trade.type_stop"),
            "stop_limit": t("trade.type_stop_limit")}


def describe(t, order) -> str:  # type: ignore[no-untyped-def]
    """An open order in one line."""
    side = t("trade.buy") if order.side.value == "buy" else t("trade.sell")
    size = quantity(order.quantity) if order.quantity is not None else money(order.amount or 0)
    prices = []
    if order.stop_price is not None:
        prices.append(t("trade.stop_at", price=money(order.stop_price)))
    if order.limit_price is not None:
        prices.append(t("trade.limit_at", price=money(order.limit_price)))
    tif = t("trade.tif_gtc") if order.time_in_force.value == "gtc" else t("trade.tif_day")
    kind = order_type_labels(t)[order.type.value]
    return " · ".join([f"{side} {size}", kind, *prices, tif, t("trade.placed_on", date=order.placed_on.isoformat())])


def describe_closed(t, order, lang: str) -> str:  # type: ignore[no-untyped-def]
    """A filled, expired, cancelled or rejected order with its reason."""
    side = t("trade.buy") if order.side.value == "buy" else t("trade.sell")
    size = quantity(order.filled_quantity or order.quantity or 0)
    status = order.status.value
    if status == "filled":
        return t("trade.filled_line", side=side, qty=size, price=money(order.fill_price or 0))
    reason = order.rejection.message(lang) if order.rejection is not None else ""
    if status == "expired":
        return t("trade.expired_line", side=side, qty=size, reason=reason or t("trade.expired_reason"))
    if status == "cancelled":
        return t("trade.cancelled_line", side=side, qty=size)
    return t("trade.rejected_line", side=side, qty=size, reason=reason)


class Ticket:
    """The order ticket of a trading screen (inline on desktop, in a bottom sheet on a phone)."""

    def __init__(self, session: Session, screen: TradeScreen) -> None:
        self.session = session
        self.screen = screen
        self.t = session.t
        self.box = ft.Container()
        self.estimate_text = ft.Column(spacing=2)
        self.sheet: ft.BottomSheet | None = None
        self.panel: ft.Control | None = None

    @property
    def state(self) -> TicketState:
        return self.screen.ui.ticket

    def control(self) -> ft.Control:
        """The ticket's controls, rebuilt from the current state."""
        self.box.content = self._form()
        # Not a Card: a Card merges its children into one accessibility node, and the quantity
        # field would then swallow the whole ticket.
        self.panel = ft.Container(
            ft.Column([ft.Text(self.t("trade.ticket_title"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                               weight=ft.FontWeight.W_600), self.box], spacing=10),
            padding=16, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        )
        return self.panel

    def open_sheet(self, side: str) -> None:
        """Phone: open the ticket in a bottom sheet for ``side``."""
        self.state.side = side
        self.screen.ui.message = None
        self.box.content = self._form()
        head = ft.Row([ft.Text(self.t("trade.ticket_title"), weight=ft.FontWeight.W_600, expand=True),
                       ft.TextButton(self.t("trade.close"), on_click=lambda _e: self._close_sheet())])
        self.sheet = ft.BottomSheet(
            content=ft.Container(ft.Column([head, self.box], tight=True, scroll=ft.ScrollMode.AUTO), padding=16),
            show_drag_handle=True, scrollable=True, dismissible=True,
        )
        self.session.page.show_dialog(self.sheet)

    def _rebuild(self) -> None:
        self.box.content = self._form()
        if self.box.page is not None:
            self.box.update()

    # ----- the form -----------------------------------------------------------------------

    def _form(self) -> ft.Control:
        t, s, view = self.t, self.state, self.screen.view
        labels = order_type_labels(t)
        type_buttons: list[ft.Control] = []
        for kind, missing in view.order_types.items():
            if missing is None:
                if kind == s.order_type:
                    type_buttons.append(ft.FilledButton(labels[kind], icon=ft.Icons.CHECK))
                else:
                    type_buttons.append(ft.OutlinedButton(labels[kind], on_click=lambda _e, k=kind: self._set(order_type=k)))
            else:
                type_buttons.append(ft.OutlinedButton(
                    t("trade.type_locked", type=labels[kind]), icon=ft.Icons.LOCK_OUTLINE,
                    on_click=lambda _e, f=missing: self._show_lock(f),
                ))
        if view.order_types.get(s.order_type) is not None:
            s.order_type = "market"
        step = view.lot
        self.qty_field = ft.TextField(
            value=s.qty, label=t("trade.quantity"), keyboard_type=ft.KeyboardType.NUMBER, width=130, dense=True,
            on_change=lambda e: self._typed("qty", e.control.value),
        )
        qty_row = ft.Row(
            [
                ft.IconButton(ft.Icon(ft.Icons.REMOVE, semantics_label=t("trade.less", step=step)),
                              tooltip=t("trade.less", step=step), on_click=lambda _e: self._step(-step)),
                self.qty_field,
                ft.IconButton(ft.Icon(ft.Icons.ADD, semantics_label=t("trade.more", step=step)),
                              tooltip=t("trade.more", step=step), on_click=lambda _e: self._step(step)),
                ft.TextButton(t("trade.max"), on_click=lambda _e: self._max()),
            ],
            spacing=2, wrap=True,
        )
        fields: list[ft.Control] = []
        if s.order_type in ("stop", "stop_limit"):
            fields.append(ft.TextField(value=s.stop, label=t("trade.stop_price"), width=150, dense=True,
                                       keyboard_type=ft.KeyboardType.NUMBER,
                                       on_change=lambda e: self._typed("stop", e.control.value)))
        if s.order_type in ("limit", "stop_limit"):
            fields.append(ft.TextField(value=s.limit, label=t("trade.limit_price"), width=150, dense=True,
                                       keyboard_type=ft.KeyboardType.NUMBER,
                                       on_change=lambda e: self._typed("limit", e.control.value)))
        lot_hint = t("trade.lot_hint_cn", lot=step) if view.rules == "cn_a" else t("trade.lot_hint_us")
        self._fill_estimate()
        send = t("trade.send_buy") if s.side == "buy" else t("trade.send_sell")
        self.outcome = ft.Container(self._outcome())
        return ft.Column(
            [
                widgets.choice_row([("buy", t("trade.buy")), ("sell", t("trade.sell"))], s.side,
                                   lambda v: self._set(side=v)),
                ft.Row(type_buttons, wrap=True, spacing=6, run_spacing=6),
                widgets.choice_row([("day", t("trade.tif_day")), ("gtc", t("trade.tif_gtc"))], s.tif,
                                   lambda v: self._set(tif=v)),
                qty_row,
                ft.Text(lot_hint + " " + t("trade.max_hint", buy=quantity(view.max_buy), sell=quantity(view.sellable)),
                        size=12, color=ft.Colors.ON_SURFACE_VARIANT),
                *([ft.Row(fields, wrap=True, spacing=8)] if fields else []),
                self.estimate_text,
                ft.FilledButton(send, icon=ft.Icons.SEND, on_click=lambda _e: self._send()),
                self.outcome,
            ],
            spacing=10,
        )

    def _outcome(self) -> ft.Control | None:
        """The outcome of the last order sent from the ticket, if it is to be shown here."""
        if self.screen.ui.message is None or not self.screen.ui.message_in_ticket:
            return None
        from edu_app.ui.screens.trade import message_box

        return message_box(*self.screen.ui.message)

    def _fill_estimate(self) -> None:
        t, s = self.t, self.state
        qty = _number(s.qty)
        lines: list[ft.Control] = []
        if qty and qty > 0:
            try:
                est = self._estimate(qty)
            except TradingError as error:
                lines.append(ft.Text(error.message(self.session.language), color=ft.Colors.ERROR))
            else:
                small = ft.Colors.ON_SURFACE_VARIANT
                lines += [
                    ft.Text(t("trade.est_value", value=money(est.value)), size=13),
                    ft.Text(t("trade.est_fees", commission=money(est.commission), stamp=money(est.stamp_duty),
                              transfer=money(est.transfer_fee)), size=12, color=small),
                    ft.Text(t("trade.est_cash_after", cash=money(est.cash_after)), size=13,
                            color=ft.Colors.ERROR if est.cash_after < 0 else ft.Colors.ON_SURFACE),
                ]
        else:
            lines.append(ft.Text(t("trade.est_empty"), size=12, color=ft.Colors.ON_SURFACE_VARIANT))
        self.estimate_text.controls = lines

    def _estimate(self, qty: float):  # type: ignore[no-untyped-def]
        s = self.state
        assert self.session.profile is not None
        return self.session.app.trading.estimate(
            self.session.profile.id, self.screen.view.id, s.side, qty, s.order_type,
            _number(s.limit), _number(s.stop), symbol=self.screen.view.symbol,
        )

    # ----- actions ------------------------------------------------------------------------

    def _set(self, **changes: str) -> None:
        for name, value in changes.items():
            setattr(self.state, name, value)
        self._rebuild()

    def _typed(self, name: str, value: str) -> None:
        setattr(self.state, name, value)
        self._fill_estimate()
        if self.estimate_text.page is not None:
            self.estimate_text.update()

    def _step(self, delta: int) -> None:
        current = _number(self.state.qty) or 0
        self.state.qty = quantity(max(0, current + delta)).replace(",", "")
        self._rebuild()

    def _max(self) -> None:
        view = self.screen.view
        self.state.qty = quantity(view.max_buy if self.state.side == "buy" else view.sellable).replace(",", "")
        self._rebuild()

    def _show_lock(self, feature: str) -> None:
        status = feature_status(self.session, feature)
        if status is None:
            return
        dialog = widgets.Dialog(self.session.page, content=locked_panel(self.session, status, show_map_link=False),
                                actions=[])
        dialog.control.actions = [ft.TextButton(self.t("trade.close"), on_click=lambda _e: dialog.close())]
        dialog.show()

    def _send(self) -> None:
        t, s = self.t, self.state
        qty = _number(s.qty)
        if not qty or qty <= 0:
            self._result(t("trade.need_quantity"), True)
            return
        if not self._suits(qty):
            return
        self._checked(qty)

    def _suits(self, qty: float) -> bool:
        """True to go on with the order now; False while the suitability warning is open (it
        goes on with the order if the learner confirms). Shown once per session and instrument."""
        view = self.screen.view
        assert self.session.profile is not None
        profile_id = self.session.profile.id
        try:
            warning = order_warning(self.session, view.id, view.symbol,
                                    {"en": view.instrument_name.get("en"), "zh-CN": view.instrument_name.get("zh-CN")})
        except TradingError:
            return True  # the order itself will say what is wrong with the session
        if warning is None:
            return True

        def go_on() -> None:
            self.session.app.trading.mark_suitability_seen(profile_id, view.id, [view.symbol])
            self._checked(qty)

        # A dialog over the phone's bottom sheet would sit under it; as for "think twice".
        self._close_sheet()
        show_warning(self.session, warning, context="place_order", on_continue=go_on)
        return False

    def _checked(self, qty: float) -> None:
        """The order after the suitability check: the "think twice" prompts, then the order."""
        t = self.t
        try:
            prompts = self._estimate(qty).prompts
        except TradingError as error:
            self._result(error.message(self.session.language), True)
            return
        if prompts:
            self._think_twice(qty, list(prompts))
        else:
            self._place(qty, [])

    def _think_twice(self, qty: float, codes: list[str]) -> None:
        t = self.t
        texts = {
            "run_up": t("trade.prompt_run_up"),
            "limit_up_again": t("trade.prompt_limit_up_again"),
            "steep_fall": t("trade.prompt_steep_fall"),
            "concentrated": t("trade.prompt_concentrated"),
            "unverified_tip": t("trade.prompt_unverified_tip"),
        }
        dialog = widgets.Dialog(
            self.session.page,
            modal=True,
            title=ft.Text(t("trade.prompt_title")),
            content=ft.Column([ft.Text(texts[code]) for code in codes] + [ft.Text(t("trade.prompt_never_blocks"), size=12,
                              color=ft.Colors.ON_SURFACE_VARIANT)], tight=True, spacing=8, width=340),
        )

        def cancel(_e: object) -> None:
            assert self.session.profile is not None
            self.session.app.trading.record_prompt_cancel(self.session.profile.id, self.screen.view.id, codes)
            dialog.close(lambda: self._result(t("trade.prompt_cancelled"), False))

        def go_on(_e: object) -> None:
            dialog.close(lambda: self._place(qty, codes))

        dialog.control.actions = [ft.TextButton(t("trade.prompt_cancel"), on_click=cancel),
                                  ft.FilledButton(t("trade.prompt_continue"), on_click=go_on)]
        self._close_sheet()
        dialog.show()

    def _place(self, qty: float, acknowledged: list[str]) -> None:
        s = self.state
        assert self.session.profile is not None
        outcome = self.session.app.trading.place_order(
            self.session.profile.id, self.screen.view.id, s.side, qty, s.order_type,
            _number(s.limit), _number(s.stop), s.tif, acknowledged, symbol=self.screen.view.symbol,
        )
        if outcome.accepted:
            self._result(self.t("trade.placed", order=describe(self.t, outcome.order)), False)
        else:
            self._result(outcome.rejection.message(self.session.language), True)  # type: ignore[union-attr]

    def _result(self, text: str, is_error: bool) -> None:
        """Show the outcome in the ticket at once (where the learner is looking), then redraw the
        screen behind it (orders, cash). On a phone the sheet stays open until closed."""
        self.screen.ui.message = (text, is_error)
        self.screen.ui.message_in_ticket = True
        # Only the outcome line changes: the form the learner filled in stays as it is.
        self.outcome.content = self._outcome()
        if self.outcome.page is not None:
            self.outcome.update()

        async def behind() -> None:
            # A moment later, so the outcome reaches the screen before the bigger redraw.
            await asyncio.sleep(0.02)
            self.screen.redraw(ticket=False)

        self.session.page.run_task(behind)

    def _close_sheet(self) -> None:
        if self.sheet is not None and self.sheet.open:
            self.sheet.open = False
            self.sheet.update()
