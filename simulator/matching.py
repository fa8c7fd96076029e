"""Matching: where and whether an order fills on one bar, from the bar's open, high and low alone.

Daily bars do not say in which order prices traded, so the rules are the usual conservative ones:
- market orders fill at the open;
- a limit order fills at the open if the open is already at or better than the limit, otherwise
  at the limit if the bar's range reaches it;
- a stop order becomes a market order when its stop trades: at the open if the bar gaps through
  the stop, otherwise at the stop price;
- a stop-limit order fills on its trigger bar only if the trigger price itself satisfies the limit;
  otherwise it rests as a limit order from the next bar, because the bar cannot tell whether the
  price came back to the limit after the trigger.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from simulator.events import EventKind
from simulator.fees import trade_fees
from simulator.instruments import Instrument, LimitState
from simulator.ledger import Ledger
from simulator.market_rules import RulesProfile
from simulator.money import round_money, round_to_tick
from simulator.order_book import OrderBook
from simulator.orders import Order, OrderStatus, OrderType, Side, TimeInForce
from simulator.pretrade import lot_too_dear, quantity_for_budget
from simulator.rejections import RuleCode, reject


def _limit_fill(buy: bool, limit: float, open_: float, high: float, low: float) -> tuple[float | None, bool]:
    if buy:
        if open_ <= limit:
            return open_, True
        return (limit, False) if low <= limit else (None, False)
    if open_ >= limit:
        return open_, True
    return (limit, False) if high >= limit else (None, False)


def base_fill(
    order_type: OrderType,
    side: Side,
    limit_price: float | None,
    stop_price: float | None,
    triggered: bool,
    open_: float,
    high: float,
    low: float,
) -> tuple[float | None, bool, bool]:
    """``(price, at_open, triggered_now)`` for one order on one bar.

    ``price`` is None when the order does not fill; ``at_open`` says the fill belongs to the
    opening phase (which runs before intraday fills); ``triggered_now`` reports a stop-limit
    order whose stop traded on this bar.
    """
    buy = side is Side.BUY
    if order_type is OrderType.MARKET:
        return open_, True, False
    if order_type is OrderType.LIMIT or (order_type is OrderType.STOP_LIMIT and triggered):
        price, at_open = _limit_fill(buy, limit_price, open_, high, low)  # type: ignore[arg-type]
        return price, at_open, False
    stop = stop_price
    if buy:
        if open_ >= stop:  # type: ignore[operator]
            trigger, at_open = open_, True
        elif high >= stop:  # type: ignore[operator]
            trigger, at_open = stop, False
        else:
            return None, False, False
    elif open_ <= stop:  # type: ignore[operator]
        trigger, at_open = open_, True
    elif low <= stop:  # type: ignore[operator]
        trigger, at_open = stop, False
    else:
        return None, False, False
    if order_type is OrderType.STOP:
        return trigger, at_open, False
    limit = limit_price
    if (buy and trigger <= limit) or (not buy and trigger >= limit):  # type: ignore[operator]
        return trigger, at_open, True
    return None, False, True


# ------------------------------------------------------------------------------ one calendar day

_EPSILON = 1e-9


def match_bar(
    book: OrderBook,
    ledger: Ledger,
    instruments: Mapping[str, Instrument],
    profile: RulesProfile,
    bar: int,
    day: date,
) -> None:
    """Fill, block or expire every open order on calendar day ``bar``.

    Fills happen in two phases, each with sells before buys across all instruments: first
    everything that fills at the open, then everything that fills intraday. Selling first lets
    sale proceeds pay for buys on the same day (allowed in both markets); T+1 still holds
    because units bought on this bar are locked in their position until the next bar.

    A suspended instrument fills nothing: its orders are blocked with the ``suspended`` reason.
    Day orders expire at the end of the bar whether or not their instrument traded.
    """
    orders = book.orders
    plans: list[tuple[int, int, int, float]] = []
    for sequence, order_id in enumerate(book.open_ids):
        order = orders[order_id]
        instrument = instruments[order.symbol]
        row = instrument.row[bar]
        if row < 0:
            book.block(order, bar, day, reject(
                RuleCode.SUSPENDED, symbol=order.symbol, date=day.isoformat()
            ))
            continue
        series = instrument.series
        price, at_open, triggered = base_fill(
            order.type, order.side, order.limit_price, order.stop_price, order.triggered,
            series.open[row], series.high[row], series.low[row],
        )
        if triggered and not order.triggered:
            book.update(order.with_changes(triggered=True))
            book.log(bar, day, order_id, EventKind.TRIGGERED)
        if price is not None:
            phase = (0 if at_open else 2) + (0 if order.side is Side.SELL else 1)
            plans.append((phase, sequence, order_id, price))
    if plans:
        states: dict[str, LimitState] = {}
        for _, _, order_id, price in sorted(plans):
            order = orders[order_id]
            instrument = instruments[order.symbol]
            state = states.get(order.symbol)
            if state is None:
                state = states[order.symbol] = instrument.limit_state(instrument.row[bar])
            execute(book, ledger, instrument, profile, order, price, bar, day, state)
    for order_id in list(book.open_ids):
        order = orders[order_id]
        if order.time_in_force is TimeInForce.DAY:
            book.close(order, OrderStatus.EXPIRED)
            book.log(bar, day, order_id, EventKind.EXPIRED)


def execute(
    book: OrderBook,
    ledger: Ledger,
    instrument: Instrument,
    profile: RulesProfile,
    order: Order,
    price: float,
    bar: int,
    day: date,
    limits: LimitState,
) -> None:
    """Fill ``order`` at ``price`` if the limit lock, cash and shares allow it.

    Locked limits: a buy cannot fill on a day locked at limit-up, a sell cannot fill on a day
    locked at limit-down; the order stays open (GTC) or expires (day). Prices in the data beyond
    the band (a US series replayed under A-share rules) are pulled back to the limit.
    """
    buy = order.side is Side.BUY
    if profile.slippage:
        price *= 1 + profile.slippage if buy else 1 - profile.slippage
    limit = order.limit_price
    if limit is not None:
        price = min(price, limit) if buy else max(price, limit)
    if limits.limit is not None:
        if (buy and limits.locked_up) or (not buy and limits.locked_down):
            book.block(order, bar, day, reject(
                RuleCode.PRICE_LIMIT, "locked_up" if buy else "locked_down", date=day.isoformat(),
                price=instrument.series.close[instrument.row[bar]],
            ))
            return
        low, high = limits.low, limits.high
        price = min(max(price, low), high)  # type: ignore[type-var]
        if limit is not None and (price > limit + _EPSILON if buy else price < limit - _EPSILON):
            return
    if profile.price_tick is not None:
        price = round_to_tick(price, profile.price_tick)
    symbol = instrument.symbol
    position = ledger.position(symbol)
    if buy:
        if order.amount is not None:
            budget = min(order.amount, ledger.cash)
            quantity = quantity_for_budget(profile, instrument.quantities, budget, price)
            if not quantity:
                book.reject(order, bar, day, lot_too_dear(profile, instrument.quantities, budget, price))
                return
        else:
            quantity = order.quantity  # type: ignore[assignment]
        value = round_money(quantity * price)
        fees = trade_fees(profile, Side.BUY, value)
        needed = round_money(value + fees.total)
        if needed > ledger.cash:
            book.reject(order, bar, day, reject(
                RuleCode.INSUFFICIENT_CASH, "fill", date=day.isoformat(),
                price=round(price, 4), needed=needed, available=ledger.cash,
            ))
            return
        ledger.buy(symbol, order.id, bar, day, quantity, price, fees, lock=not profile.sell_same_day)
    else:
        quantity = order.quantity  # type: ignore[assignment]
        if quantity > position.quantity + _EPSILON:
            book.block(order, bar, day, reject(
                RuleCode.INSUFFICIENT_SHARES, "fill", date=day.isoformat(),
                held=position.quantity, quantity=quantity,
            ))
            return
        if quantity > position.quantity - position.locked + _EPSILON:
            book.block(order, bar, day, reject(
                RuleCode.T_PLUS_ONE, "fill", locked=position.locked, date=day.isoformat()
            ))
            return
        value = round_money(quantity * price)
        fees = trade_fees(profile, Side.SELL, value)
        if ledger.cash + value - fees.total < 0:
            book.reject(order, bar, day, reject(
                RuleCode.INSUFFICIENT_CASH, "fees", quantity=quantity, value=value,
                fees=fees.total, available=ledger.cash,
            ))
            return
        ledger.sell(symbol, order.id, bar, day, quantity, price, fees)
    book.close(
        order, OrderStatus.FILLED, filled_bar=bar, fill_price=price, filled_quantity=quantity
    )
    book.log(bar, day, order.id, EventKind.FILLED)
