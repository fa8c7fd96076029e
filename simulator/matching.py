"""Where an order would fill on one bar, from the bar's open, high and low alone.

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

from simulator.orders import OrderType, Side


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
