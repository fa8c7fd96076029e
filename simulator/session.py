"""The interactive paper-trading session: one or more instruments, replayed one day at a time.

Time model. The session stands at the close of its current bar: the learner sees every bar up to
and including it. Orders placed now are for the next bar; ``advance`` moves to that bar, fills
what can fill (``simulator.matching``), expires day orders and marks the portfolio to the bar's
close (``simulator.portfolio``).

Several instruments share one cash ledger, one rules profile and one calendar: the union of their
trading days. An instrument with no bar on a calendar day is suspended that day
(``simulator.instruments``). With a single instrument the calendar is its own dates, so bar
numbers are indices into its series, as they always were.

Cash is checked twice: when an order is placed (``simulator.pretrade``: against cash not already
set aside for other open buys, plus the expected proceeds of open market sells) and again at the
fill, because prices move overnight. Cash can therefore never go negative.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from simulator.bilingual import Bilingual
from simulator.errors import SetupError, SimulatorError
from simulator.events import EventKind, OrderEvent, OrderResult, StepReport
from simulator.features import ALL_FEATURES, SCENARIOS_CRISIS, TIPS_FEED
from simulator.fees import trade_fees
from simulator.instruments import Instrument, union_calendar
from simulator.ledger import Fill, Ledger, Position
from simulator.market_rules import RulesProfile, get_profile
from simulator.matching import match_bar
from simulator.metrics import Metrics, ReturnMetrics, compute_metrics, compute_return_metrics
from simulator.money import MAX_START_CASH, MIN_START_CASH, round_money
from simulator.order_book import OrderBook
from simulator.orders import Order, OrderStatus, OrderType, Side, TimeInForce
from simulator.portfolio import (
    InstrumentView,
    PositionView,
    equal_split_curve,
    weights,
)
from simulator.pretrade import (
    EPSILON,
    check_buy_lots,
    check_features,
    check_fields,
    check_prices,
    check_sell,
    feature_rejection,
    lot_too_dear,
    parse_enums,
    quantity_for_budget,
    units_to_quantity,
)
from simulator.rejections import Rejection, RuleCode, reject
from simulator.series import PriceSeries
from simulator.snapshot import Snapshot
from simulator.tips import TIP_FOLLOW_DAYS, Tip, TipKind, TipRecord, TipResponse

if TYPE_CHECKING:
    from simulator.coaching import CoachingFlag
    from simulator.luck import LuckReport
    from simulator.margin import MarginDebrief
    from simulator.scenarios import Scenario

# Version 2 saves several instruments; version 1 (one instrument) is still read.
STATE_VERSION = 2
READABLE_VERSIONS = (1, 2)

__all__ = [
    "EventKind", "FeatureLockedError", "InstrumentView", "OrderEvent", "OrderResult",
    "PositionView", "STATE_VERSION", "Snapshot", "StepReport", "TradingSession",
    "feature_rejection",
]


class FeatureLockedError(SimulatorError):
    """A session cannot start because it needs a feature the learner has not unlocked."""

    def __init__(self, feature: str) -> None:
        self.rejection = feature_rejection(feature)
        super().__init__(
            Bilingual(self.rejection.message("en"), self.rejection.message("zh-CN")),
            code=RuleCode.FEATURE_LOCKED.value,
        )


def _as_series_list(series: PriceSeries | Iterable[PriceSeries]) -> list[PriceSeries]:
    if isinstance(series, PriceSeries):
        return [series]
    if isinstance(series, Mapping):
        return list(series.values())
    items = list(series)
    if not items:
        raise SetupError(
            Bilingual("A session needs at least one price series.", "模拟至少需要一个价格序列。"),
            code="no_series",
        )
    symbols = [item.symbol for item in items]
    if len(set(symbols)) != len(symbols):
        raise SetupError(
            Bilingual(f"Each instrument may appear once: {', '.join(symbols)}.",
                      f"每个品种只能出现一次：{', '.join(symbols)}。"),
            code="duplicate_symbol",
        )
    return items


def _window(calendar: Sequence[date], label: str, start: date | None, end: date | None) -> tuple[int, int]:
    first = 0 if start is None else bisect_left(calendar, start)
    last = len(calendar) - 1 if end is None else bisect_right(calendar, end) - 1
    if first >= len(calendar) or last < 0 or last - first < 1:
        requested = f"{start or calendar[0]} .. {end or calendar[-1]}"
        available = f"{calendar[0]} .. {calendar[-1]}"
        raise SetupError(
            Bilingual(
                f"{label}: the range {requested} holds fewer than two price bars "
                f"(data available {available}).",
                f"{label}：区间 {requested} 内不足两根K线（可用数据 {available}）。",
            ),
            code="empty_range",
        )
    return first, last


class TradingSession:
    """A paper-trading session on one or more price series under one market's rules.

    ``series`` is one ``PriceSeries`` or several (one cash ledger, one calendar). ``features`` is
    the set of unlocked feature ids (``simulator.features``); None unlocks all, which suits scripts
    and the command line. ``start``/``end`` bound the playable bars; bars before ``start`` are
    history the learner can look at. ``is_st`` marks risk-warning stocks: True for all, or a
    collection of symbols. ``benchmark`` is a series to compare with (a scenario's index);
    without one the benchmark is the starting cash split equally across the instruments.
    """

    def __init__(
        self,
        series: PriceSeries | Sequence[PriceSeries],
        rules: str | RulesProfile = "us",
        cash: float = 100_000.0,
        features: Iterable[str] | None = None,
        *,
        start: date | None = None,
        end: date | None = None,
        tips: Sequence[Tip] = (),
        is_st: bool | Iterable[str] = False,
        scenario_id: str | None = None,
        benchmark: PriceSeries | None = None,
    ) -> None:
        profile = get_profile(rules) if isinstance(rules, str) else rules
        unlocked = ALL_FEATURES if features is None else frozenset(features)
        if profile.feature and profile.feature not in unlocked:
            raise FeatureLockedError(profile.feature)
        if not (isinstance(cash, int | float) and MIN_START_CASH <= cash <= MAX_START_CASH):
            raise SetupError(
                Bilingual(
                    f"Starting cash must be a positive amount between 1 and 1e12 (a trillion), got {cash}.",
                    f"初始资金必须在 1 到 1e12（一万亿）之间，收到 {cash}。",
                ),
                code="bad_cash",
            )
        items = _as_series_list(series)
        st_symbols = (
            {item.symbol for item in items} if is_st is True
            else set() if is_st is False else set(is_st)  # type: ignore[arg-type]
        )
        calendar = union_calendar(items)
        if len(items) == 1:
            first, last = items[0].window(start, end)
        else:
            first, last = _window(calendar, " + ".join(item.symbol for item in items), start, end)
        self.profile = profile
        self.instruments: dict[str, Instrument] = {
            item.symbol: Instrument(item, calendar, profile, item.symbol in st_symbols) for item in items
        }
        self._instrument_list = list(self.instruments.values())
        main = self._instrument_list[0]
        self.series = main.series
        self.board = main.board
        self.quantities = main.quantities
        self.is_st = main.is_st
        self.features = unlocked
        self.start_cash = round_money(float(cash))
        self.scenario_id = scenario_id
        self.first_bar = first
        self.last_bar = last
        self.benchmark_series = benchmark
        self._benchmark = Instrument(benchmark, calendar, profile) if benchmark is not None else None
        self._dates = calendar
        self._valuation = main.valuation
        self.ledger = Ledger(self.start_cash)
        self._bind_positions()
        self._bar = first
        self._book = OrderBook()
        self._equity: list[float] = [self.start_cash]
        self._exposed_bars = 0
        self._tips = tuple(sorted(tips, key=lambda tip: tip.date))
        self._tip_records = {tip.id: TipRecord(tip.id, tip.kind) for tip in self._tips}
        self._tip_bars = [self._bar_of_tip(tip) for tip in self._tips]
        self._next_tip = 0
        self._next_tip_bar = self._tip_bars[0] if self._tip_bars else math.inf
        self._tips_today: tuple[Tip, ...] = ()
        self._deliver_tips(first)

    def _bind_positions(self) -> None:
        # One Position per instrument, created up front, so the daily step reads them directly.
        ledger = self.ledger
        self._positions = [ledger.position(item.symbol) for item in self._instrument_list]
        self._marks = [(position, item.valuation) for position, item in zip(self._positions, self._instrument_list)]

    @classmethod
    def from_scenario(
        cls,
        scenario: Scenario,
        series: PriceSeries | Sequence[PriceSeries] | None = None,
        features: Iterable[str] | None = None,
        *,
        cash: float | None = None,
        rules: str | RulesProfile | None = None,
    ) -> TradingSession:
        """A session on ``scenario`` (its instruments, dates, rules, cash, tips and benchmark).

        ``series`` may be omitted: the scenario's bundled series are loaded. Given for some
        instruments only (the old single-series call), the others come from the bundle.
        Crisis scenarios need the ``scenarios.crisis`` feature.
        """
        from simulator.bundled_prices import load_bundled

        unlocked = ALL_FEATURES if features is None else frozenset(features)
        if scenario.crisis and SCENARIOS_CRISIS not in unlocked:
            raise FeatureLockedError(SCENARIOS_CRISIS)
        given = [] if series is None else _as_series_list(series)
        by_symbol = {item.symbol: item for item in given}
        chosen = []
        for symbol in scenario.all_symbols:
            found = by_symbol.get(symbol)
            if found is None:
                found = next((item for item in given if _same_instrument(item.symbol, symbol)), None)
            chosen.append(found if found is not None else load_bundled(symbol))
        benchmark = load_bundled(scenario.benchmark) if scenario.benchmark else None
        return cls(
            chosen,
            rules if rules is not None else scenario.rules,
            scenario.start_cash if cash is None else cash,
            unlocked,
            start=scenario.start,
            end=scenario.end,
            tips=scenario.session_tips(),
            scenario_id=scenario.id,
            benchmark=benchmark,
        )

    def _bar_of_tip(self, tip: Tip) -> int:
        index = bisect_left(self._dates, tip.date)
        return max(self.first_bar, index if index < len(self._dates) else self.last_bar + 1)

    # ----------------------------------------------------------------------------- properties

    @property
    def symbol(self) -> str:
        """The first (or only) instrument."""
        return self.series.symbol

    @property
    def symbols(self) -> tuple[str, ...]:
        """Every instrument of the session, in the order given."""
        return tuple(self.instruments)

    @property
    def calendar(self) -> tuple[date, ...]:
        """The session's trading days: the union of its instruments' days (history included)."""
        return tuple(self._dates)

    @property
    def bar(self) -> int:
        """Index into ``calendar`` of the current bar (with one instrument: into ``series``)."""
        return self._bar

    @property
    def date(self) -> date:
        """Date of the current bar."""
        return self._dates[self._bar]

    @property
    def price(self) -> float:
        """Last close of the first (or only) instrument."""
        return self._valuation[self._bar]

    def price_of(self, symbol: str) -> float:
        """Last close of ``symbol`` (its close before a suspension while suspended)."""
        return self._instrument(symbol).valuation[self._bar]

    def is_suspended(self, symbol: str | None = None) -> bool:
        """Whether ``symbol`` (default: the first instrument) has no bar on the current day."""
        return not self._instrument(symbol).trades_on(self._bar)

    def position(self, symbol: str | None = None) -> Position:
        """The ledger position in ``symbol`` (default: the first instrument)."""
        return self.ledger.position(self._instrument(symbol).symbol)

    @property
    def end_date(self) -> date:
        """The date of the last playable bar."""
        return self._dates[self.last_bar]

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
        """Cash plus holdings at their last close."""
        return self._equity[-1]

    @property
    def trade_log(self) -> tuple[Fill, ...]:
        """Every fill so far, oldest first (``Fill.symbol`` names the instrument)."""
        return tuple(self.ledger.fills)

    @property
    def equity_curve(self) -> tuple[tuple[date, float], ...]:
        """``(date, equity)`` from the start bar to the current bar."""
        return tuple(zip(self._dates[self.first_bar : self._bar + 1], self._equity))

    @property
    def events(self) -> tuple[OrderEvent, ...]:
        """Everything that happened to orders after they were accepted."""
        return tuple(self._book.events)

    @property
    def orders(self) -> tuple[Order, ...]:
        """All orders ever placed, oldest first."""
        return tuple(self._book.orders.values())

    @property
    def open_orders(self) -> tuple[Order, ...]:
        """Orders that can still fill."""
        return self._book.open_orders

    @property
    def tip_records(self) -> tuple[TipRecord, ...]:
        """One record per scheduled tip: delivered or not, response, linked orders."""
        return tuple(self._tip_records.values())

    @property
    def tips(self) -> tuple[Tip, ...]:
        """Every tip the session schedules, delivered or not."""
        return self._tips

    def order(self, order_id: int) -> Order | None:
        """The order with ``order_id``, if any."""
        return self._book.orders.get(order_id)

    def order_reason(self, order_id: int) -> Rejection | None:
        """Why an order was rejected, expired or is still waiting (its latest reason), if any."""
        return self._book.last_reason(order_id)

    def tips_due(self) -> tuple[Tip, ...]:
        """Tips that arrived on the current bar (empty if the tips feed is locked)."""
        return self._tips_today

    def _instrument(self, symbol: str | None) -> Instrument:
        if symbol is None:
            return self._instrument_list[0]
        found = self._find(symbol)
        if found is None:
            refusal = reject(RuleCode.UNKNOWN_SYMBOL, symbol=symbol, symbols=", ".join(self.instruments))
            raise SimulatorError(
                Bilingual(refusal.message("en"), refusal.message("zh-CN")),
                code=RuleCode.UNKNOWN_SYMBOL.value,
            )
        return found

    def _find(self, symbol: str) -> Instrument | None:
        found = self.instruments.get(symbol)
        if found is None:
            for key, instrument in self.instruments.items():
                if _same_instrument(key, symbol):
                    return instrument
        return found

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
        symbol: str | None = None,
    ) -> OrderResult:
        """Place an order for the next bar, on ``symbol`` (default: the first instrument).

        Give ``quantity`` (units), or for buys ``amount`` (cash to invest: the quantity is worked
        out at the fill price, in whole lots, fees included). Returns the accepted order or a
        ``Rejection`` naming the rule.
        """
        parsed = parse_enums(side, order_type, time_in_force)
        if isinstance(parsed, Rejection):
            return OrderResult(None, parsed)
        side_, type_, tif = parsed
        instrument = self._instrument_list[0] if symbol is None else self._find(symbol)
        if instrument is None:
            return OrderResult(None, reject(
                RuleCode.UNKNOWN_SYMBOL, symbol=symbol, symbols=", ".join(self.instruments)
            ))
        rejection = (
            self._check_session(instrument)
            or check_features(instrument, type_, self.features)
            or check_fields(instrument, side_, type_, quantity, amount, limit_price, stop_price)
            or check_prices(
                instrument, self.profile, self._bar, self._dates[self._bar + 1],
                limit_price, stop_price,
            )
        )
        if rejection is None:
            if quantity is not None:
                quantity = units_to_quantity(
                    instrument.quantities, round(quantity / instrument.quantities.unit)
                )
            if side_ is Side.BUY:
                rejection = self._check_buy(instrument, type_, quantity, amount, limit_price, stop_price)
            else:
                rejection = self._check_sell(instrument, quantity)  # type: ignore[arg-type]
        if rejection is not None:
            return OrderResult(None, rejection)
        order = Order(
            id=self._book.new_id(),
            side=side_,
            type=type_,
            quantity=quantity,
            amount=round_money(amount) if amount is not None else None,
            limit_price=limit_price,
            stop_price=stop_price,
            time_in_force=tif,
            placed_on=self.date,
            placed_bar=self._bar,
            symbol=instrument.symbol,
        )
        self._book.add(order)
        self._link_to_tips(order)
        return OrderResult(order)

    def cancel(self, order_id: int) -> OrderResult:
        """Cancel an open order; refused with ``unknown_order`` if it is not open."""
        order = self._book.orders.get(order_id)
        if order is None or not order.is_open:
            return OrderResult(order, reject(RuleCode.UNKNOWN_ORDER, order_id=order_id))
        order = self._book.close(order, OrderStatus.CANCELLED)
        self._book.log(self._bar, self.date, order_id, EventKind.CANCELLED)
        return OrderResult(order)

    def _check_session(self, instrument: Instrument) -> Rejection | None:
        if self.finished:
            return reject(RuleCode.SESSION_ENDED, date=self.date.isoformat())
        kind = instrument.series.kind
        if not kind.tradable:
            label = kind.label
            return reject(RuleCode.NOT_TRADABLE, symbol=instrument.symbol, kind=label.en, kind_zh=label.zh)
        if not instrument.listed_by(self._bar):
            return reject(
                RuleCode.NOT_TRADABLE, "no_price", symbol=instrument.symbol, date=self.date.isoformat()
            )
        return None

    def _check_buy(
        self,
        instrument: Instrument,
        order_type: OrderType,
        quantity: float | None,
        amount: float | None,
        limit_price: float | None,
        stop_price: float | None,
    ) -> Rejection | None:
        if quantity is not None:
            rejection = check_buy_lots(instrument, quantity)
            if rejection is not None:
                return rejection
        if amount is not None:
            price = self._reference_price(instrument, order_type, limit_price, stop_price)
            if not quantity_for_budget(self.profile, instrument.quantities, amount, price):
                return lot_too_dear(self.profile, instrument.quantities, amount, price)
        needed = self._estimated_cost(instrument, order_type, quantity, amount, limit_price, stop_price)
        available = self.available_cash()
        if needed > available + EPSILON:
            return reject(RuleCode.INSUFFICIENT_CASH, "place", needed=needed, available=available)
        return None

    def _check_sell(self, instrument: Instrument, quantity: float) -> Rejection | None:
        symbol = instrument.symbol
        pending_buys = sum(
            order.quantity or 0 for order in self.open_orders
            if order.side is Side.BUY and order.symbol == symbol
        )
        return check_sell(
            instrument, quantity, self.ledger.position(symbol).quantity,
            self._reserved_for_sells(symbol), pending_buys, self.profile.sell_same_day,
        )

    def _reference_price(
        self, instrument: Instrument, order_type: OrderType, limit_price: float | None,
        stop_price: float | None,
    ) -> float:
        if order_type in (OrderType.LIMIT, OrderType.STOP_LIMIT):
            return limit_price  # type: ignore[return-value]
        if order_type is OrderType.STOP:
            return stop_price  # type: ignore[return-value]
        return instrument.valuation[self._bar]

    def _estimated_cost(
        self,
        instrument: Instrument,
        order_type: OrderType,
        quantity: float | None,
        amount: float | None,
        limit_price: float | None,
        stop_price: float | None,
    ) -> float:
        if amount is not None:
            return round_money(amount)
        price = self._reference_price(instrument, order_type, limit_price, stop_price)
        if order_type in (OrderType.MARKET, OrderType.STOP):
            price *= 1 + self.profile.slippage
        value = round_money(quantity * price)  # type: ignore[operator]
        return round_money(value + trade_fees(self.profile, Side.BUY, value).total)

    def available_cash(self) -> float:
        """Cash not set aside for open buys, plus expected proceeds of open market sells.

        Only market sells of instruments that are trading count towards buying power because
        they are the only sells sure to fill on the next bar (unless locked at the limit).
        """
        available = self.ledger.cash
        bar = self._bar
        for order in self.open_orders:
            instrument = self.instruments[order.symbol]
            if order.side is Side.BUY:
                available -= self._estimated_cost(
                    instrument, order.type, order.quantity, order.amount, order.limit_price,
                    order.stop_price,
                )
            elif order.type is OrderType.MARKET and instrument.trades_on(bar):
                price = instrument.valuation[bar] * (1 - self.profile.slippage)
                value = round_money(order.quantity * price)  # type: ignore[operator]
                available += value - trade_fees(self.profile, Side.SELL, value).total
        return round_money(available)

    def _reserved_for_sells(self, symbol: str) -> float:
        return sum(
            order.quantity or 0 for order in self.open_orders
            if order.side is Side.SELL and order.symbol == symbol
        )

    def sellable_quantity(self, symbol: str | None = None) -> float:
        """Units of ``symbol`` a new sell may cover (holdings not reserved by open sells)."""
        instrument = self._instrument(symbol)
        held = self.ledger.position(instrument.symbol).quantity
        return max(held - self._reserved_for_sells(instrument.symbol), 0)

    def max_buy_quantity(self, price: float | None = None, symbol: str | None = None) -> float:
        """The most units of ``symbol`` a new buy could cover at ``price`` (default: last close)."""
        instrument = self._instrument(symbol)
        return quantity_for_budget(
            self.profile, instrument.quantities, self.available_cash(),
            price or instrument.valuation[self._bar],
        )

    # -------------------------------------------------------------------------------- advance

    def advance(self, days: int = 1) -> StepReport:
        """Move forward ``days`` bars (stopping at the last one), filling orders on each."""
        if days < 1:
            raise ValueError("days must be at least 1")
        start_bar = self._bar
        fills_before = len(self.ledger.fills)
        events_before = len(self._book.events)
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
            events=tuple(self._book.events[events_before:]),
            tips=delivered,
            finished=self.finished,
        )

    def _step(self) -> None:
        # The hot path of every backtest: keep it to a few attribute reads when nothing is open.
        bar = self._bar + 1
        self._bar = bar
        ledger = self.ledger
        for position in self._positions:
            if position.locked:
                position.locked = 0
        if self._book.open_ids:
            match_bar(self._book, ledger, self.instruments, self.profile, bar, self._dates[bar])
        held = 0.0
        for position, valuation in self._marks:
            quantity = position.quantity
            if quantity:
                held += quantity * valuation[bar]
        self._equity.append(ledger.cash + held)
        if held:
            self._exposed_bars += 1
        self._tips_today = ()
        if bar >= self._next_tip_bar:
            self._deliver_tips(bar)

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
                and (tip.symbol is None or _same_instrument(tip.symbol, order.symbol))
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

    def margin_debriefs(self) -> list[MarginDebrief]:
        """For each delivered margin-offer tip: what the offered 1:N account would have become.

        Computed from the real prices up to the session's last bar, beside the learner's own
        return over the same days (``simulator.margin``).
        """
        from simulator.margin import margin_debrief

        result = []
        for tip in self._tips:
            record = self._tip_records[tip.id]
            if tip.kind is not TipKind.MARGIN_OFFER or tip.margin is None or record.delivered_bar is None:
                continue
            instrument = self._instrument(tip.margin.symbol or None)
            opened = record.delivered_bar
            own_start = self._equity[opened - self.first_bar]
            own_now = self._equity[-1]
            result.append(margin_debrief(
                instrument.series, self._dates[opened], self._dates[self.last_bar], tip.margin,
                learner_return=own_now / own_start - 1 if own_start else None,
                limit_state=instrument.limit_state, tip_id=tip.id,
            ))
        return result

    # ------------------------------------------------------------------------------- reporting

    def metrics(self) -> Metrics:
        """Metrics of the whole portfolio from the start bar to the current bar."""
        return compute_metrics(
            self._equity,
            self._dates[self.first_bar : self._bar + 1],
            self.series.frequency.periods_per_year,
            self.ledger.fills,
            self._exposed_bars,
        )

    def _benchmark_values(self) -> list[float]:
        first, last = self.first_bar, self._bar
        if self._benchmark is not None:
            items = [self._benchmark]
        else:
            items = self._instrument_list
        if len(items) == 1:
            valuation = items[0].valuation
            scale = self.start_cash / valuation[first]
            return [value * scale for value in valuation[first : last + 1]]
        return equal_split_curve(items, first, last, self.start_cash)

    def benchmark_curve(self) -> tuple[tuple[date, float], ...]:
        """Buy-and-hold of the starting cash, same dates as ``equity_curve``.

        The scenario's benchmark series when it names one, else the cash split equally across
        the session's instruments at the first close (no fees, no rebalancing).
        """
        return tuple(zip(self._dates[self.first_bar : self._bar + 1], self._benchmark_values()))

    def benchmark_metrics(self) -> ReturnMetrics:
        """Return metrics of ``benchmark_curve``."""
        return compute_return_metrics(
            self._benchmark_values(), self._dates[self.first_bar : self._bar + 1],
            self.series.frequency.periods_per_year,
        )

    def luck_or_skill(self, traders: int = 1000, seed: int | None = None) -> LuckReport:
        """The learner's return and drawdown beside ``traders`` random traders on the same
        instruments, dates, rules and number of trades (``simulator.luck``)."""
        from simulator.luck import random_traders

        return random_traders(self, traders, seed=seed)

    def weights(self) -> dict[str, float]:
        """Each instrument's share of equity at the current bar."""
        return weights(self.ledger, self.instruments, self._bar, self.equity)

    def instrument_views(self) -> tuple[InstrumentView, ...]:
        """Every instrument on the current bar: price, suspension, limits, holding, weight."""
        bar = self._bar
        current = self.weights()
        views = []
        next_day = self._dates[bar + 1] if bar + 1 < len(self._dates) else self._dates[bar]
        for symbol, instrument in self.instruments.items():
            row = instrument.row[bar]
            last_row = instrument.last_row[bar]
            state = instrument.limit_state(row) if row >= 0 else None
            band = instrument.band_after(bar, next_day) if last_row >= 0 else None
            position = self.ledger.positions.get(symbol)
            quantity = position.quantity if position else 0
            price = instrument.valuation[bar]
            series = instrument.series
            views.append(InstrumentView(
                symbol=symbol,
                name=_bundled_name(series),
                kind=series.kind.value,
                board=instrument.board.id,
                board_name=instrument.board.name,
                adjusted=series.adjusted,
                price=price,
                last_traded=series.dates[last_row] if last_row >= 0 else None,
                suspended=row < 0,
                listed=last_row >= 0,
                limit=band[2] if band else None,
                limit_down_price=band[0] if band else None,
                limit_up_price=band[1] if band else None,
                locked_up=bool(state and state.locked_up),
                locked_down=bool(state and state.locked_down),
                limit_up_streak=instrument.limit_up_streak(row) if row >= 0 else 0,
                quantity=quantity,
                sellable=self.sellable_quantity(symbol),
                market_value=quantity * price,
                weight=current[symbol],
            ))
        return tuple(views)

    def snapshot(self) -> Snapshot:
        """Everything a screen shows about the current bar."""
        bar = self._bar
        equity = self.equity
        views: list[PositionView] = []
        unrealised = 0.0
        for symbol, position in self.ledger.positions.items():
            if not position.quantity:
                continue
            instrument = self.instruments[symbol]
            price = instrument.valuation[bar]
            market_value = position.quantity * price
            gain = market_value - position.cost
            unrealised += gain
            views.append(PositionView(
                symbol, position.quantity, self.sellable_quantity(symbol), position.average_cost,
                price, market_value, gain, market_value / equity if equity > 0 else 0.0,
                not instrument.trades_on(bar),
            ))
        ledger = self.ledger
        return Snapshot(
            date=self.date,
            bar=bar,
            bars_left=self.last_bar - bar,
            price=self.price,
            cash=ledger.cash,
            available_cash=self.available_cash(),
            positions=tuple(views),
            equity=equity,
            open_orders=self.open_orders,
            realised_pnl=ledger.realised_pnl,
            unrealised_pnl=unrealised,
            total_pnl=equity - self.start_cash,
            fees_paid=ledger.fees_paid,
            taxes_paid=ledger.stamp_duty_paid,
            metrics=self.metrics(),
            tips_today=self._tips_today,
            finished=self.finished,
            instruments=self.instrument_views(),
            suspended=tuple(
                symbol for symbol, item in self.instruments.items() if not item.trades_on(bar)
            ),
        )

    def coaching(self) -> list[CoachingFlag]:
        """Behaviour flags from the trades so far, judged only on prices seen so far."""
        from simulator.coaching import review_portfolio

        return review_portfolio(
            self._instrument_list,
            self._dates,
            self.first_bar,
            self._bar,
            self.ledger.fills,
            self._equity,
            self.start_cash,
            self.tip_records,
        )

    # ---------------------------------------------------------------------------- persistence

    def to_dict(self) -> dict[str, Any]:
        """The whole session state as plain JSON-safe data (price series by reference)."""
        refs = [_series_ref(item.series) for item in self._instrument_list]
        return {
            "version": STATE_VERSION,
            "series": refs[0],
            "instruments": refs,
            "benchmark": _series_ref(self.benchmark_series) if self.benchmark_series else None,
            "rules": {"id": self.profile.id, **self.profile.costs()},
            "is_st": self.is_st,
            "st_symbols": sorted(item.symbol for item in self._instrument_list if item.is_st),
            "features": sorted(self.features),
            "start_cash": self.start_cash,
            "start": self._dates[self.first_bar].isoformat(),
            "end": self._dates[self.last_bar].isoformat(),
            "bar": self._bar,
            "scenario_id": self.scenario_id,
            "ledger": self.ledger.to_dict(),
            "orders": [order.to_dict() for order in self._book.orders.values()],
            "open_order_ids": list(self._book.open_ids),
            "next_order_id": self._book.next_id,
            "equity": list(self._equity),
            "exposed_bars": self._exposed_bars,
            "events": [event.to_dict() for event in self._book.events],
            "tips": [tip.to_dict() for tip in self._tips],
            "tip_records": [record.to_dict() for record in self._tip_records.values()],
            "next_tip": self._next_tip,
            "tips_today": [tip.id for tip in self._tips_today],
        }

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        series: PriceSeries | Sequence[PriceSeries] | Mapping[str, PriceSeries],
        benchmark: PriceSeries | None = None,
    ) -> TradingSession:
        """Resume a session saved with ``to_dict`` (version 1 or 2) on the same ``series``.

        Several instruments: pass their series in any order (a list or a symbol mapping).
        """
        version = data.get("version")
        if version not in READABLE_VERSIONS:
            raise SetupError(
                Bilingual("This saved session comes from an incompatible version.", "该存档来自不兼容的版本。"),
                code="bad_state",
            )
        given = _as_series_list(series)
        refs = data["instruments"] if version >= 2 else [data["series"]]
        chosen = []
        for ref in refs:
            match = next((item for item in given if _matches_ref(item, ref)), None)
            if match is None:
                raise SetupError(
                    Bilingual(
                        f"The saved session was played on {ref['symbol']} ({ref['first_date']}, "
                        f"{ref['bars']} bars), not on this price series.",
                        f"该存档使用的是 {ref['symbol']}（{ref['first_date']}，{ref['bars']} 根K线），与当前价格序列不符。",
                    ),
                    code="bad_state",
                )
            chosen.append(match)
        rules = data["rules"]
        profile = get_profile(rules["id"]).with_costs(
            rules["commission_rate"], rules["commission_min"], rules["slippage"]
        )
        tips = [Tip.from_dict(item) for item in data["tips"]]
        if benchmark is None and data.get("benchmark"):
            from simulator.bundled_prices import find_bundled, load_bundled

            if find_bundled(data["benchmark"]["symbol"]) is not None:
                benchmark = load_bundled(data["benchmark"]["symbol"])
        is_st: bool | list[str] = data["is_st"] if version == 1 else list(data.get("st_symbols", []))
        session = cls(
            chosen, profile, data["start_cash"], data["features"],
            start=date.fromisoformat(data["start"]), end=date.fromisoformat(data["end"]),
            tips=tips, is_st=is_st, scenario_id=data["scenario_id"], benchmark=benchmark,
        )
        main_symbol = chosen[0].symbol
        session.ledger = Ledger.from_dict(data["ledger"], main_symbol)
        session._bind_positions()
        session._bar = data["bar"]
        book = session._book
        book.orders = {item["id"]: Order.from_dict(item, main_symbol) for item in data["orders"]}
        book.open_ids = list(data["open_order_ids"])
        book.next_id = data["next_order_id"]
        book.events = [OrderEvent.from_dict(item) for item in data["events"]]
        session._equity = list(data["equity"])
        session._exposed_bars = data["exposed_bars"]
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


def _series_ref(series: PriceSeries) -> dict[str, Any]:
    return {
        "symbol": series.symbol,
        "first_date": series.first_date.isoformat(),
        "last_date": series.last_date.isoformat(),
        "bars": len(series),
    }


def _matches_ref(series: PriceSeries, ref: Mapping[str, Any]) -> bool:
    return (
        _same_instrument(series.symbol, ref["symbol"])
        and ref["first_date"] == series.first_date.isoformat()
        and ref["bars"] == len(series)
    )


def _same_instrument(left: str, right: str) -> bool:
    """Same symbol, or two names of one bundled series (``VANKE`` and ``000002.SZ``)."""
    if left.upper() == right.upper():
        return True
    from simulator.bundled_prices import find_bundled

    one, other = find_bundled(left), find_bundled(right)
    return one is not None and one is other


def _bundled_name(series: PriceSeries) -> Bilingual:
    from simulator.bundled_prices import find_bundled

    item = find_bundled(series.symbol)
    return item.name if item is not None else Bilingual(series.name, series.name)

