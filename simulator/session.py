"""The interactive paper-trading session: one instrument, replayed one bar at a time.

Time model. The session stands at the close of its current bar: the learner sees every bar up to
and including it. Orders placed now are for the next bar; ``advance`` moves to that bar, fills
what can fill, expires day orders and marks the portfolio to the bar's close.

Within a bar, fills happen in two phases, each with sells before buys: first everything that
fills at the open, then everything that fills intraday. Selling first lets sale proceeds pay for
buys on the same day (allowed in both markets); a sell can never use units bought on the same
bar under T+1 rules, because ``Position.locked`` holds them back until the next bar.

Cash is checked twice: when an order is placed (against cash not already set aside for other
open buys, plus the expected proceeds of open market sells) and again at the fill, because prices
move overnight. Cash can therefore never go negative.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from simulator.bilingual import Bilingual
from simulator.errors import SetupError, SimulatorError
from simulator.features import (
    ALL_FEATURES,
    FEATURE_NAMES,
    ORDERS_LIMIT,
    ORDERS_STOP,
    SCENARIOS_CRISIS,
    TIPS_FEED,
)
from simulator.fees import trade_fees
from simulator.ledger import Fill, Ledger
from simulator.market_rules import (
    RulesProfile,
    board_for,
    get_profile,
    price_band,
    quantity_rules,
)
from simulator.matching import base_fill
from simulator.metrics import Metrics, compute_metrics
from simulator.money import is_on_tick, round_money, round_to_tick
from simulator.orders import Order, OrderStatus, OrderType, Side, TimeInForce
from simulator.rejections import Rejection, RuleCode, reject
from simulator.series import PriceSeries
from simulator.tips import TIP_FOLLOW_DAYS, Tip, TipRecord, TipResponse

if TYPE_CHECKING:
    from simulator.coaching import CoachingFlag
    from simulator.scenarios import Scenario

STATE_VERSION = 1
_EPSILON = 1e-9
_ORDER_FEATURES: dict[OrderType, tuple[str, ...]] = {
    OrderType.MARKET: (),
    OrderType.LIMIT: (ORDERS_LIMIT,),
    OrderType.STOP: (ORDERS_STOP,),
    OrderType.STOP_LIMIT: (ORDERS_STOP, ORDERS_LIMIT),
}


def feature_rejection(feature: str) -> Rejection:
    """The rejection for using ``feature`` before it is unlocked."""
    name = FEATURE_NAMES.get(feature, Bilingual(feature, feature))
    return reject(
        RuleCode.FEATURE_LOCKED, feature=feature, feature_name=name.en, feature_name_zh=name.zh
    )


class FeatureLockedError(SimulatorError):
    """A session cannot start because it needs a feature the learner has not unlocked."""

    def __init__(self, feature: str) -> None:
        self.rejection = feature_rejection(feature)
        super().__init__(
            Bilingual(self.rejection.message("en"), self.rejection.message("zh-CN")),
            code=RuleCode.FEATURE_LOCKED.value,
        )


class EventKind(StrEnum):
    """Things that happen to an order after it was accepted."""

    FILLED = "filled"
    # Could not fill on this bar (limit lock, T+1, shares not there yet); a day order then
    # expires, a good-till-cancelled order tries again on the next bar.
    BLOCKED = "blocked"
    REJECTED = "rejected"
    EXPIRED = "expired"
    TRIGGERED = "triggered"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class OrderEvent:
    """One thing that happened to one order on one bar."""

    bar: int
    date: date
    order_id: int
    kind: EventKind
    rejection: Rejection | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "bar": self.bar,
            "date": self.date.isoformat(),
            "order_id": self.order_id,
            "kind": self.kind.value,
            "rejection": self.rejection.to_dict() if self.rejection else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OrderEvent:
        """Inverse of ``to_dict``."""
        rejection = Rejection.from_dict(data["rejection"]) if data["rejection"] else None
        return cls(
            data["bar"], date.fromisoformat(data["date"]), data["order_id"],
            EventKind(data["kind"]), rejection,
        )


@dataclass(frozen=True, slots=True)
class OrderResult:
    """The answer to ``place_order`` or ``cancel``: the order, or why it was refused."""

    order: Order | None
    rejection: Rejection | None = None

    @property
    def accepted(self) -> bool:
        """Whether the request was accepted."""
        return self.rejection is None

    def message(self, lang: str = "en") -> str:
        """The rejection's explanation in ``lang``, or an empty string when accepted."""
        return self.rejection.message(lang) if self.rejection else ""


@dataclass(frozen=True, slots=True)
class StepReport:
    """What one ``advance`` call did."""

    date: date
    bars_advanced: int
    fills: tuple[Fill, ...]
    events: tuple[OrderEvent, ...]
    tips: tuple[Tip, ...]
    finished: bool


@dataclass(frozen=True, slots=True)
class PositionView:
    """A position valued at the current close."""

    symbol: str
    quantity: float
    sellable: float
    average_cost: float
    price: float
    market_value: float
    unrealised_pnl: float


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The session's state at the current bar, for display."""

    date: date
    bar: int
    bars_left: int
    price: float
    cash: float
    available_cash: float
    positions: tuple[PositionView, ...]
    equity: float
    open_orders: tuple[Order, ...]
    realised_pnl: float
    unrealised_pnl: float
    total_pnl: float
    fees_paid: float
    taxes_paid: float
    metrics: Metrics
    tips_today: tuple[Tip, ...]
    finished: bool


class TradingSession:
    """A paper-trading session on one price series under one market's rules.

    ``features`` is the set of unlocked feature ids (``simulator.features``); None unlocks all,
    which suits scripts and the command line. ``start``/``end`` bound the playable bars; bars
    before ``start`` are history the learner can look at.
    """

    def __init__(
        self,
        series: PriceSeries,
        rules: str | RulesProfile = "us",
        cash: float = 100_000.0,
        features: Iterable[str] | None = None,
        *,
        start: date | None = None,
        end: date | None = None,
        tips: Sequence[Tip] = (),
        is_st: bool = False,
        scenario_id: str | None = None,
    ) -> None:
        profile = get_profile(rules) if isinstance(rules, str) else rules
        unlocked = ALL_FEATURES if features is None else frozenset(features)
        if profile.feature and profile.feature not in unlocked:
            raise FeatureLockedError(profile.feature)
        if not (isinstance(cash, int | float) and math.isfinite(cash) and cash > 0):
            raise SetupError(
                Bilingual(
                    f"Starting cash must be a positive amount, got {cash}.",
                    f"初始资金必须为正数，收到 {cash}。",
                ),
                code="bad_cash",
            )
        first, last = series.window(start, end)
        self.series = series
        self.profile = profile
        self.board = board_for(profile, series.symbol, series.kind, is_st)
        self.quantities = quantity_rules(self.board, series.kind)
        self.features = unlocked
        self.start_cash = round_money(float(cash))
        self.scenario_id = scenario_id
        self.is_st = is_st
        self.first_bar = first
        self.last_bar = last
        self.ledger = Ledger(self.start_cash)
        self._position = self.ledger.position(series.symbol)
        self._bar = first
        self._orders: dict[int, Order] = {}
        self._open_ids: list[int] = []
        self._next_order_id = 1
        self._equity: list[float] = [self.start_cash]
        self._exposed_bars = 0
        self._events: list[OrderEvent] = []
        self._tips = tuple(sorted(tips, key=lambda tip: tip.date))
        self._tip_records = {tip.id: TipRecord(tip.id, tip.kind) for tip in self._tips}
        self._tip_bars = [self._bar_of_tip(tip) for tip in self._tips]
        self._next_tip = 0
        self._next_tip_bar = self._tip_bars[0] if self._tip_bars else math.inf
        self._tips_today: tuple[Tip, ...] = ()
        self._bind_columns()
        self._deliver_tips(first)

    @classmethod
    def from_scenario(
        cls,
        scenario: Scenario,
        series: PriceSeries,
        features: Iterable[str] | None = None,
        *,
        cash: float | None = None,
        rules: str | RulesProfile | None = None,
    ) -> TradingSession:
        """A session on ``scenario`` (its dates, rules, cash and tips) over ``series``.

        Crisis scenarios need the ``scenarios.crisis`` feature.
        """
        unlocked = ALL_FEATURES if features is None else frozenset(features)
        if scenario.crisis and SCENARIOS_CRISIS not in unlocked:
            raise FeatureLockedError(SCENARIOS_CRISIS)
        return cls(
            series,
            rules if rules is not None else scenario.rules,
            scenario.start_cash if cash is None else cash,
            unlocked,
            start=scenario.start,
            end=scenario.end,
            tips=scenario.session_tips(),
            scenario_id=scenario.id,
        )

    def _bind_columns(self) -> None:
        series = self.series
        self._dates = series.dates
        self._open = series.open
        self._high = series.high
        self._low = series.low
        self._close = series.close
        if self.board.unlimited_first_days and series.listing_date is not None:
            listing = series.index_on_or_after(series.listing_date)
            self._limits_from_bar = (listing or 0) + self.board.unlimited_first_days
        else:
            self._limits_from_bar = 1

    def _bar_of_tip(self, tip: Tip) -> int:
        index = self.series.index_on_or_after(tip.date)
        return max(self.first_bar, index if index is not None else self.last_bar + 1)

    # ----------------------------------------------------------------------------- properties

    @property
    def symbol(self) -> str:
        """The traded instrument."""
        return self.series.symbol

    @property
    def bar(self) -> int:
        """Index into ``series`` of the current bar."""
        return self._bar

    @property
    def date(self) -> date:
        """Date of the current bar."""
        return self._dates[self._bar]

    @property
    def price(self) -> float:
        """Close of the current bar."""
        return self._close[self._bar]

    @property
    def finished(self) -> bool:
        """Whether the last playable bar has been reached."""
        return self._bar >= self.last_bar

    @property
    def cash(self) -> float:
        """Cash in the account."""
        return self.ledger.cash

    @property
    def equity(self) -> float:
        """Cash plus holdings at the current close."""
        return self._equity[-1]

    @property
    def trade_log(self) -> tuple[Fill, ...]:
        """Every fill so far, oldest first."""
        return tuple(self.ledger.fills)

    @property
    def equity_curve(self) -> tuple[tuple[date, float], ...]:
        """``(date, equity)`` from the start bar to the current bar."""
        return tuple(zip(self._dates[self.first_bar : self._bar + 1], self._equity))

    @property
    def events(self) -> tuple[OrderEvent, ...]:
        """Everything that happened to orders after they were accepted."""
        return tuple(self._events)

    @property
    def orders(self) -> tuple[Order, ...]:
        """All orders ever placed, oldest first."""
        return tuple(self._orders.values())

    @property
    def open_orders(self) -> tuple[Order, ...]:
        """Orders that can still fill."""
        return tuple(self._orders[order_id] for order_id in self._open_ids)

    @property
    def tip_records(self) -> tuple[TipRecord, ...]:
        """One record per scheduled tip: delivered or not, response, linked orders."""
        return tuple(self._tip_records.values())

    def order(self, order_id: int) -> Order | None:
        """The order with ``order_id``, if any."""
        return self._orders.get(order_id)

    def tips_due(self) -> tuple[Tip, ...]:
        """Tips that arrived on the current bar (empty if the tips feed is locked)."""
        return self._tips_today

    # ---------------------------------------------------------------------------------- orders

    def place_order(
        self,
        side: Side | str,
        quantity: float | None = None,
        *,
        order_type: OrderType | str = OrderType.MARKET,
        limit_price: float | None = None,
        stop_price: float | None = None,
        time_in_force: TimeInForce | str = TimeInForce.DAY,
        amount: float | None = None,
    ) -> OrderResult:
        """Place an order for the next bar.

        Give ``quantity`` (units), or for buys ``amount`` (cash to invest: the quantity is worked
        out at the fill price, in whole lots, fees included). Returns the accepted order or a
        ``Rejection`` naming the rule.
        """
        parsed = _parse_enums(side, order_type, time_in_force)
        if isinstance(parsed, Rejection):
            return OrderResult(None, parsed)
        side_, type_, tif = parsed
        rejection = (
            self._check_session()
            or self._check_features(type_)
            or self._check_fields(side_, type_, quantity, amount, limit_price, stop_price)
            or self._check_prices(limit_price, stop_price)
        )
        if rejection is None:
            if quantity is not None:
                quantity = self._units_to_quantity(round(quantity / self.quantities.unit))
            if side_ is Side.BUY:
                rejection = self._check_buy(type_, quantity, amount, limit_price, stop_price)
            else:
                rejection = self._check_sell(quantity)  # type: ignore[arg-type]
        if rejection is not None:
            return OrderResult(None, rejection)
        order = Order(
            id=self._next_order_id,
            side=side_,
            type=type_,
            quantity=quantity,
            amount=round_money(amount) if amount is not None else None,
            limit_price=limit_price,
            stop_price=stop_price,
            time_in_force=tif,
            placed_on=self.date,
            placed_bar=self._bar,
        )
        self._next_order_id += 1
        self._orders[order.id] = order
        self._open_ids.append(order.id)
        self._link_to_tips(order)
        return OrderResult(order)

    def cancel(self, order_id: int) -> OrderResult:
        """Cancel an open order; refused with ``unknown_order`` if it is not open."""
        order = self._orders.get(order_id)
        if order is None or not order.is_open:
            return OrderResult(order, reject(RuleCode.UNKNOWN_ORDER, order_id=order_id))
        order = self._close_order(order, OrderStatus.CANCELLED)
        self._events.append(OrderEvent(self._bar, self.date, order_id, EventKind.CANCELLED))
        return OrderResult(order)

    def _check_session(self) -> Rejection | None:
        if self.finished:
            return reject(RuleCode.SESSION_ENDED, date=self.date.isoformat())
        if not self.series.kind.tradable:
            kind = self.series.kind.label
            return reject(RuleCode.NOT_TRADABLE, symbol=self.symbol, kind=kind.en, kind_zh=kind.zh)
        return None

    def _check_features(self, order_type: OrderType) -> Rejection | None:
        needed = _ORDER_FEATURES[order_type]
        if self.board.feature:
            needed = (self.board.feature, *needed)
        for feature in needed:
            if feature not in self.features:
                return feature_rejection(feature)
        return None

    def _check_fields(
        self,
        side: Side,
        order_type: OrderType,
        quantity: float | None,
        amount: float | None,
        limit_price: float | None,
        stop_price: float | None,
    ) -> Rejection | None:
        if side is Side.SELL and amount is not None:
            return reject(RuleCode.INVALID_ORDER, "amount_on_sell")
        sizes = [value for value in (quantity, amount) if value is not None]
        if len(sizes) != 1 or not _positive(sizes[0]):
            return reject(RuleCode.INVALID_ORDER, "quantity")
        needs_limit = order_type in (OrderType.LIMIT, OrderType.STOP_LIMIT)
        needs_stop = order_type in (OrderType.STOP, OrderType.STOP_LIMIT)
        for needed, value, field_name, reason in (
            (needs_limit, limit_price, "limit price", "limit_price"),
            (needs_stop, stop_price, "stop price", "stop_price"),
        ):
            if needed and not _positive(value):
                return reject(RuleCode.INVALID_ORDER, reason, order_type=order_type.value)
            if not needed and value is not None:
                return reject(
                    RuleCode.INVALID_ORDER, "unexpected_price",
                    order_type=order_type.value, field=field_name,
                )
        if quantity is not None:
            unit = self.quantities.unit
            if abs(quantity / unit - round(quantity / unit)) > 1e-6:
                return reject(RuleCode.LOT_SIZE, "unit", unit=unit, quantity=quantity)
        return None

    def _check_prices(self, limit_price: float | None, stop_price: float | None) -> Rejection | None:
        tick = self.profile.price_tick
        if tick is not None:
            for price in (limit_price, stop_price):
                if price is not None and not is_on_tick(price, tick):
                    return reject(
                        RuleCode.TICK_SIZE, tick=tick, price=price,
                        suggestion=round_to_tick(price, tick),
                    )
        band = self._band(self._bar + 1)
        if band is not None and limit_price is not None:
            low, high = band
            if not low - _EPSILON <= limit_price <= high + _EPSILON:
                return reject(
                    RuleCode.PRICE_LIMIT, "band", low=low, high=high, price=limit_price,
                    limit=self.board.limit_on(self._dates[self._bar + 1]), previous_close=self.price,
                )
        return None

    def _check_buy(
        self,
        order_type: OrderType,
        quantity: float | None,
        amount: float | None,
        limit_price: float | None,
        stop_price: float | None,
    ) -> Rejection | None:
        rules = self.quantities
        if quantity is not None:
            units = round(quantity / rules.unit)
            if units < rules.buy_min or (units - rules.buy_min) % rules.buy_step:
                fitting = max(
                    rules.buy_min,
                    rules.buy_min + (units - rules.buy_min) // rules.buy_step * rules.buy_step,
                )
                return reject(
                    RuleCode.LOT_SIZE, "buy", board=self.board.name.en, board_zh=self.board.name.zh,
                    minimum=self._units_to_quantity(rules.buy_min),
                    step=self._units_to_quantity(rules.buy_step),
                    quantity=quantity, suggestion=self._units_to_quantity(fitting),
                )
        if amount is not None:
            price = self._reference_price(order_type, limit_price, stop_price)
            if not self._quantity_for_budget(amount, price):
                return self._lot_too_dear(amount, price)
        needed = self._estimated_cost(order_type, quantity, amount, limit_price, stop_price)
        available = self.available_cash()
        if needed > available + _EPSILON:
            return reject(
                RuleCode.INSUFFICIENT_CASH, "place", needed=needed, available=available
            )
        return None

    def _check_sell(self, quantity: float) -> Rejection | None:
        held = self._position.quantity
        reserved = self._reserved_for_sells()
        free = held - reserved
        if quantity > free + _EPSILON:
            pending_buys = sum(
                order.quantity or 0 for order in self.open_orders if order.side is Side.BUY
            )
            if quantity <= free + pending_buys + _EPSILON:
                if not self.profile.sell_same_day:
                    return reject(RuleCode.T_PLUS_ONE, "place", held=max(free, 0))
            else:
                return reject(
                    RuleCode.INSUFFICIENT_SHARES, "place",
                    available=max(free, 0), held=held, reserved=reserved,
                )
        rules = self.quantities
        units, held_units = round(quantity / rules.unit), round(held / rules.unit)
        odd = held_units % rules.sell_step
        on_grid = units % rules.sell_step in (0, odd)
        if units != held_units and held_units and (units < rules.sell_min or not on_grid):
            return reject(
                RuleCode.LOT_SIZE, "sell", board=self.board.name.en, board_zh=self.board.name.zh,
                minimum=self._units_to_quantity(rules.sell_min),
                step=self._units_to_quantity(rules.sell_step),
                odd=self._units_to_quantity(odd), quantity=quantity,
            )
        return None

    def _lot_too_dear(self, budget: float, price: float) -> Rejection:
        lot = self._units_to_quantity(self.quantities.buy_min)
        value = round_money(lot * price)
        needed = round_money(value + trade_fees(self.profile, Side.BUY, value).total)
        return reject(
            RuleCode.INSUFFICIENT_CASH, "lot", amount=budget, lot=lot, price=round(price, 4),
            needed=needed,
        )

    def _units_to_quantity(self, units: int) -> float:
        unit = self.quantities.unit
        return int(units) if unit == 1 else round(units * unit, 8)

    def _reference_price(
        self, order_type: OrderType, limit_price: float | None, stop_price: float | None
    ) -> float:
        if order_type in (OrderType.LIMIT, OrderType.STOP_LIMIT):
            return limit_price  # type: ignore[return-value]
        if order_type is OrderType.STOP:
            return stop_price  # type: ignore[return-value]
        return self.price

    def _estimated_cost(
        self,
        order_type: OrderType,
        quantity: float | None,
        amount: float | None,
        limit_price: float | None,
        stop_price: float | None,
    ) -> float:
        if amount is not None:
            return round_money(amount)
        price = self._reference_price(order_type, limit_price, stop_price)
        if order_type in (OrderType.MARKET, OrderType.STOP):
            price *= 1 + self.profile.slippage
        value = round_money(quantity * price)  # type: ignore[operator]
        return round_money(value + trade_fees(self.profile, Side.BUY, value).total)

    def available_cash(self) -> float:
        """Cash not set aside for open buys, plus expected proceeds of open market sells.

        Only market sells count towards buying power because they are the only sells sure to
        fill on the next bar (unless the price is locked at its limit).
        """
        available = self.ledger.cash
        for order in self.open_orders:
            if order.side is Side.BUY:
                available -= self._estimated_cost(
                    order.type, order.quantity, order.amount, order.limit_price, order.stop_price
                )
            elif order.type is OrderType.MARKET:
                price = self.price * (1 - self.profile.slippage)
                value = round_money(order.quantity * price)  # type: ignore[operator]
                available += value - trade_fees(self.profile, Side.SELL, value).total
        return round_money(available)

    def _reserved_for_sells(self) -> float:
        return sum(order.quantity or 0 for order in self.open_orders if order.side is Side.SELL)

    def sellable_quantity(self) -> float:
        """Units that a new sell order may cover (holdings not reserved by open sells)."""
        return max(self._position.quantity - self._reserved_for_sells(), 0)

    def max_buy_quantity(self, price: float | None = None) -> float:
        """The most units a new buy could cover at ``price`` (default: the current close)."""
        return self._quantity_for_budget(self.available_cash(), price or self.price)

    def _quantity_for_budget(self, budget: float, price: float) -> float:
        """The largest allowed quantity whose value plus fees fits in ``budget`` at ``price``."""
        rules = self.quantities
        if price <= 0 or budget <= 0:
            return 0
        rate = self.profile.commission_rate + self.profile.transfer_fee_rate
        units = math.floor(budget / (price * (1 + rate)) / rules.unit + 1e-9)
        if units < rules.buy_min:
            return 0
        units = rules.buy_min + (units - rules.buy_min) // rules.buy_step * rules.buy_step
        while units >= rules.buy_min:
            quantity = self._units_to_quantity(units)
            value = round_money(quantity * price)
            if value + trade_fees(self.profile, Side.BUY, value).total <= budget:
                return quantity
            units -= rules.buy_step
        return 0

    # -------------------------------------------------------------------------------- advance

    def advance(self, days: int = 1) -> StepReport:
        """Move forward ``days`` bars (stopping at the last one), filling orders on each."""
        if days < 1:
            raise ValueError("days must be at least 1")
        start_bar = self._bar
        fills_before = len(self.ledger.fills)
        events_before = len(self._events)
        for _ in range(min(days, self.last_bar - self._bar)):
            self._step()
        delivered = tuple(
            tip
            for tip in self._tips
            if (record := self._tip_records[tip.id]).delivered_bar is not None
            and start_bar < record.delivered_bar <= self._bar
        )
        return StepReport(
            date=self.date,
            bars_advanced=self._bar - start_bar,
            fills=tuple(self.ledger.fills[fills_before:]),
            events=tuple(self._events[events_before:]),
            tips=delivered,
            finished=self.finished,
        )

    def _step(self) -> None:
        # The hot path of every backtest: keep it to a few attribute reads when nothing is open.
        bar = self._bar + 1
        self._bar = bar
        position = self._position
        if position.locked:
            position.locked = 0
        if self._open_ids:
            self._match(bar)
        quantity = position.quantity
        self._equity.append(self.ledger.cash + quantity * self._close[bar])
        if quantity:
            self._exposed_bars += 1
        self._tips_today = ()
        if bar >= self._next_tip_bar:
            self._deliver_tips(bar)

    def _band(self, bar: int) -> tuple[float, float] | None:
        if bar > self.last_bar:
            return None
        limit = self.board.limit_on(self._dates[bar])
        if limit is None or bar < self._limits_from_bar or bar > self.last_bar:
            return None
        return price_band(self._close[bar - 1], limit, self.profile.price_tick or 0.01)

    def _match(self, bar: int) -> None:
        open_, high, low = self._open[bar], self._high[bar], self._low[bar]
        day = self._dates[bar]
        plans: list[tuple[int, int, int, float]] = []
        for sequence, order_id in enumerate(self._open_ids):
            order = self._orders[order_id]
            price, at_open, triggered = base_fill(
                order.type, order.side, order.limit_price, order.stop_price, order.triggered,
                open_, high, low,
            )
            if triggered and not order.triggered:
                self._orders[order_id] = order.with_changes(triggered=True)
                self._events.append(OrderEvent(bar, day, order_id, EventKind.TRIGGERED))
            if price is not None:
                phase = (0 if at_open else 2) + (0 if order.side is Side.SELL else 1)
                plans.append((phase, sequence, order_id, price))
        if plans:
            band = self._band(bar)
            for _, _, order_id, price in sorted(plans):
                self._execute(self._orders[order_id], price, bar, band)
        for order_id in list(self._open_ids):
            order = self._orders[order_id]
            if order.time_in_force is TimeInForce.DAY:
                self._close_order(order, OrderStatus.EXPIRED)
                self._events.append(OrderEvent(bar, day, order_id, EventKind.EXPIRED))

    def _execute(
        self, order: Order, price: float, bar: int, band: tuple[float, float] | None
    ) -> None:
        buy = order.side is Side.BUY
        day = self._dates[bar]
        profile = self.profile
        if profile.slippage:
            price *= 1 + profile.slippage if buy else 1 - profile.slippage
        limit = order.limit_price
        if limit is not None:
            price = min(price, limit) if buy else max(price, limit)
        if band is not None:
            low, high = band
            locked_up = buy and self._low[bar] >= high - _EPSILON
            if locked_up or (not buy and self._high[bar] <= low + _EPSILON):
                reason = "locked_up" if locked_up else "locked_down"
                limit_price = high if locked_up else low
                self._block(order, bar, reject(
                    RuleCode.PRICE_LIMIT, reason, date=day.isoformat(), price=limit_price
                ))
                return
            price = min(max(price, low), high)
            if limit is not None and (price > limit + _EPSILON if buy else price < limit - _EPSILON):
                return
        if profile.price_tick is not None:
            price = round_to_tick(price, profile.price_tick)
        ledger = self.ledger
        position = self._position
        if buy:
            if order.amount is not None:
                budget = min(order.amount, ledger.cash)
                quantity = self._quantity_for_budget(budget, price)
                if not quantity:
                    self._reject(order, bar, self._lot_too_dear(budget, price))
                    return
            else:
                quantity = order.quantity  # type: ignore[assignment]
            value = round_money(quantity * price)
            fees = trade_fees(profile, Side.BUY, value)
            needed = round_money(value + fees.total)
            if needed > ledger.cash:
                self._reject(order, bar, reject(
                    RuleCode.INSUFFICIENT_CASH, "fill", date=day.isoformat(),
                    price=round(price, 4), needed=needed, available=ledger.cash,
                ))
                return
            ledger.buy(
                self.symbol, order.id, bar, day, quantity, price, fees,
                lock=not profile.sell_same_day,
            )
        else:
            quantity = order.quantity  # type: ignore[assignment]
            if quantity > position.quantity + _EPSILON:
                self._block(order, bar, reject(
                    RuleCode.INSUFFICIENT_SHARES, "fill", date=day.isoformat(),
                    held=position.quantity, quantity=quantity,
                ))
                return
            if quantity > position.quantity - position.locked + _EPSILON:
                self._block(order, bar, reject(
                    RuleCode.T_PLUS_ONE, "fill", locked=position.locked, date=day.isoformat()
                ))
                return
            value = round_money(quantity * price)
            fees = trade_fees(profile, Side.SELL, value)
            if ledger.cash + value - fees.total < 0:
                self._reject(order, bar, reject(
                    RuleCode.INSUFFICIENT_CASH, "fees", quantity=quantity, value=value,
                    fees=fees.total, available=ledger.cash,
                ))
                return
            ledger.sell(self.symbol, order.id, bar, day, quantity, price, fees)
        self._close_order(
            order, OrderStatus.FILLED, filled_bar=bar, fill_price=price, filled_quantity=quantity
        )
        self._events.append(OrderEvent(bar, day, order.id, EventKind.FILLED))

    def _block(self, order: Order, bar: int, rejection: Rejection) -> None:
        self._events.append(
            OrderEvent(bar, self._dates[bar], order.id, EventKind.BLOCKED, rejection)
        )

    def _reject(self, order: Order, bar: int, rejection: Rejection) -> None:
        self._close_order(order, OrderStatus.REJECTED, rejection=rejection)
        self._events.append(
            OrderEvent(bar, self._dates[bar], order.id, EventKind.REJECTED, rejection)
        )

    def _close_order(self, order: Order, status: OrderStatus, **changes: Any) -> Order:
        order = order.with_changes(status=status, **changes)
        self._orders[order.id] = order
        self._open_ids.remove(order.id)
        return order

    # ------------------------------------------------------------------------------------ tips

    def _deliver_tips(self, bar: int) -> None:
        delivered = []
        while self._next_tip < len(self._tips) and self._tip_bars[self._next_tip] <= bar:
            tip = self._tips[self._next_tip]
            self._next_tip += 1
            if TIPS_FEED in self.features:
                record = self._tip_records[tip.id]
                record.delivered_on = self._dates[bar]
                record.delivered_bar = bar
                delivered.append(tip)
        self._tips_today = tuple(delivered)
        self._next_tip_bar = (
            self._tip_bars[self._next_tip] if self._next_tip < len(self._tips) else math.inf
        )

    def _link_to_tips(self, order: Order) -> None:
        for tip in self._tips:
            record = self._tip_records[tip.id]
            if (
                tip.action is order.side
                and record.delivered_on is not None
                and 0 <= (order.placed_on - record.delivered_on).days <= TIP_FOLLOW_DAYS
            ):
                record.order_ids.append(order.id)

    def respond_to_tip(self, tip_id: str, response: TipResponse | str) -> TipRecord:
        """Record what the learner did with a delivered tip (acted, ignored, verified, reported)."""
        record = self._tip_records.get(tip_id)
        if record is None or record.delivered_on is None:
            raise SimulatorError(
                Bilingual(f"No delivered tip with id '{tip_id}'.", f"没有已推送的消息“{tip_id}”。"),
                code="unknown_tip",
            )
        record.response = TipResponse(response)
        record.responded_on = self.date
        return record

    # ------------------------------------------------------------------------------- reporting

    def metrics(self) -> Metrics:
        """Metrics from the start bar to the current bar."""
        return compute_metrics(
            self._equity,
            self._dates[self.first_bar : self._bar + 1],
            self.series.frequency.periods_per_year,
            self.ledger.fills,
            self._exposed_bars,
        )

    def snapshot(self) -> Snapshot:
        """Everything a screen shows about the current bar."""
        position = self._position
        price = self.price
        views: tuple[PositionView, ...] = ()
        unrealised = 0.0
        if position.quantity:
            market_value = position.quantity * price
            unrealised = market_value - position.cost
            views = (
                PositionView(
                    self.symbol, position.quantity, self.sellable_quantity(),
                    position.average_cost, price, market_value, unrealised,
                ),
            )
        ledger = self.ledger
        return Snapshot(
            date=self.date,
            bar=self._bar,
            bars_left=self.last_bar - self._bar,
            price=price,
            cash=ledger.cash,
            available_cash=self.available_cash(),
            positions=views,
            equity=self.equity,
            open_orders=self.open_orders,
            realised_pnl=ledger.realised_pnl,
            unrealised_pnl=unrealised,
            total_pnl=self.equity - self.start_cash,
            fees_paid=ledger.fees_paid,
            taxes_paid=ledger.stamp_duty_paid,
            metrics=self.metrics(),
            tips_today=self._tips_today,
            finished=self.finished,
        )

    def coaching(self) -> list[CoachingFlag]:
        """Behaviour flags from the trades so far, judged only on prices seen so far."""
        from simulator.coaching import review_behaviour

        return review_behaviour(
            self.series,
            self.first_bar,
            self._bar,
            self.ledger.fills,
            self._equity,
            self.start_cash,
            self.tip_records,
        )

    # ---------------------------------------------------------------------------- persistence

    def to_dict(self) -> dict[str, Any]:
        """The whole session state as plain JSON-safe data (the price series by reference)."""
        series = self.series
        return {
            "version": STATE_VERSION,
            "series": {
                "symbol": series.symbol,
                "first_date": series.first_date.isoformat(),
                "last_date": series.last_date.isoformat(),
                "bars": len(series),
            },
            "rules": {"id": self.profile.id, **self.profile.costs()},
            "is_st": self.is_st,
            "features": sorted(self.features),
            "start_cash": self.start_cash,
            "start": self._dates[self.first_bar].isoformat(),
            "end": self._dates[self.last_bar].isoformat(),
            "bar": self._bar,
            "scenario_id": self.scenario_id,
            "ledger": self.ledger.to_dict(),
            "orders": [order.to_dict() for order in self._orders.values()],
            "open_order_ids": list(self._open_ids),
            "next_order_id": self._next_order_id,
            "equity": list(self._equity),
            "exposed_bars": self._exposed_bars,
            "events": [event.to_dict() for event in self._events],
            "tips": [tip.to_dict() for tip in self._tips],
            "tip_records": [record.to_dict() for record in self._tip_records.values()],
            "next_tip": self._next_tip,
            "tips_today": [tip.id for tip in self._tips_today],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], series: PriceSeries) -> TradingSession:
        """Resume a session saved with ``to_dict`` on the same ``series``."""
        if data.get("version") != STATE_VERSION:
            raise SetupError(
                Bilingual("This saved session comes from an incompatible version.", "该存档来自不兼容的版本。"),
                code="bad_state",
            )
        ref = data["series"]
        if (
            ref["symbol"] != series.symbol
            or ref["first_date"] != series.first_date.isoformat()
            or ref["bars"] != len(series)
        ):
            raise SetupError(
                Bilingual(
                    f"The saved session was played on {ref['symbol']} ({ref['first_date']}, "
                    f"{ref['bars']} bars), not on this price series.",
                    f"该存档使用的是 {ref['symbol']}（{ref['first_date']}，{ref['bars']} 根K线），与当前价格序列不符。",
                ),
                code="bad_state",
            )
        rules = data["rules"]
        profile = get_profile(rules["id"]).with_costs(
            rules["commission_rate"], rules["commission_min"], rules["slippage"]
        )
        tips = [Tip.from_dict(item) for item in data["tips"]]
        session = cls(
            series, profile, data["start_cash"], data["features"],
            start=date.fromisoformat(data["start"]), end=date.fromisoformat(data["end"]),
            tips=tips, is_st=data["is_st"], scenario_id=data["scenario_id"],
        )
        session.ledger = Ledger.from_dict(data["ledger"])
        session._position = session.ledger.position(series.symbol)
        session._bar = data["bar"]
        session._orders = {item["id"]: Order.from_dict(item) for item in data["orders"]}
        session._open_ids = list(data["open_order_ids"])
        session._next_order_id = data["next_order_id"]
        session._equity = list(data["equity"])
        session._exposed_bars = data["exposed_bars"]
        session._events = [OrderEvent.from_dict(item) for item in data["events"]]
        session._tip_records = {
            item["tip_id"]: TipRecord.from_dict(item) for item in data["tip_records"]
        }
        session._next_tip = data["next_tip"]
        session._next_tip_bar = (
            session._tip_bars[session._next_tip] if session._next_tip < len(tips) else math.inf
        )
        by_id = {tip.id: tip for tip in tips}
        session._tips_today = tuple(by_id[tip_id] for tip_id in data["tips_today"])
        return session


def _positive(value: float | None) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


def _parse_enums(
    side: Side | str, order_type: OrderType | str, time_in_force: TimeInForce | str
) -> tuple[Side, OrderType, TimeInForce] | Rejection:
    parsed = []
    for enum, value, field_name in (
        (Side, side, "side"),
        (OrderType, order_type, "order type"),
        (TimeInForce, time_in_force, "time in force"),
    ):
        try:
            parsed.append(enum(value))
        except ValueError:
            return reject(
                RuleCode.INVALID_ORDER, "choice", field=field_name, value=value,
                choices=", ".join(member.value for member in enum),
            )
    return parsed[0], parsed[1], parsed[2]
