"""Pre-trade checks: what an exchange and a broker verify before they accept an order.

An order is refused at once, with the rule that refuses it, when it is malformed (no quantity,
a limit order with no limit), uses a feature the learner has not unlocked, has a price off the
tick grid or outside the day's price-limit band (the exchange would not accept it), breaks the
board's lot rules, or needs more cash or shares than are free. "Free" means not already set aside
for other open orders: two buy orders cannot spend the same cash twice.

These checks run when the order is placed; matching checks cash and shares again at the fill,
because prices move overnight.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from simulator.bilingual import Bilingual
from simulator.features import FEATURE_NAMES, ORDERS_LIMIT, ORDERS_STOP
from simulator.fees import trade_fees
from simulator.instruments import Instrument, finite_positive
from simulator.market_rules import QuantityRules, RulesProfile
from simulator.money import is_on_tick, round_money, round_to_tick
from simulator.orders import OrderType, Side, TimeInForce
from simulator.rejections import Rejection, RuleCode, reject

EPSILON = 1e-9
ORDER_FEATURES: dict[OrderType, tuple[str, ...]] = {
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


def parse_enums(
    side: Side | str, order_type: OrderType | str, time_in_force: TimeInForce | str
) -> tuple[Side, OrderType, TimeInForce] | Rejection:
    """The three choices of an order as enums, or an ``invalid_order`` rejection naming the bad one."""
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


def check_features(
    instrument: Instrument, order_type: OrderType, features: Collection[str]
) -> Rejection | None:
    """Order types and boards (STAR, ChiNext) that need an unlocked feature."""
    needed = ORDER_FEATURES[order_type]
    if instrument.board.feature:
        needed = (instrument.board.feature, *needed)
    for feature in needed:
        if feature not in features:
            return feature_rejection(feature)
    return None


def check_fields(
    instrument: Instrument,
    side: Side,
    order_type: OrderType,
    quantity: float | None,
    amount: float | None,
    limit_price: float | None,
    stop_price: float | None,
) -> Rejection | None:
    """Exactly one size, the prices the order type needs and no others, whole units."""
    if side is Side.SELL and amount is not None:
        return reject(RuleCode.INVALID_ORDER, "amount_on_sell")
    sizes = [value for value in (quantity, amount) if value is not None]
    if len(sizes) != 1 or not finite_positive(sizes[0]):
        return reject(RuleCode.INVALID_ORDER, "quantity")
    needs_limit = order_type in (OrderType.LIMIT, OrderType.STOP_LIMIT)
    needs_stop = order_type in (OrderType.STOP, OrderType.STOP_LIMIT)
    for needed, value, field_name, reason in (
        (needs_limit, limit_price, "limit price", "limit_price"),
        (needs_stop, stop_price, "stop price", "stop_price"),
    ):
        if needed and not finite_positive(value):
            return reject(RuleCode.INVALID_ORDER, reason, order_type=order_type.value)
        if not needed and value is not None:
            return reject(
                RuleCode.INVALID_ORDER, "unexpected_price",
                order_type=order_type.value, field=field_name,
            )
    if quantity is not None:
        unit = instrument.quantities.unit
        if abs(quantity / unit - round(quantity / unit)) > 1e-6:
            return reject(RuleCode.LOT_SIZE, "unit", unit=unit, quantity=quantity)
    return None


def check_prices(
    instrument: Instrument,
    profile: RulesProfile,
    bar: int,
    next_day: object,
    limit_price: float | None,
    stop_price: float | None,
) -> Rejection | None:
    """Prices on the tick grid, and a limit price inside the next trading day's band.

    The exchanges refuse an order priced outside the day's band outright rather than queue it:
    it could never trade that day. The band comes from the last close, which after a suspension
    is the close before it.
    """
    tick = profile.price_tick
    if tick is not None:
        for price in (limit_price, stop_price):
            if price is not None and not is_on_tick(price, tick):
                return reject(
                    RuleCode.TICK_SIZE, tick=tick, price=price,
                    suggestion=round_to_tick(price, tick),
                )
    if limit_price is None:
        return None
    band = instrument.band_after(bar, next_day)  # type: ignore[arg-type]
    if band is not None:
        low, high, limit = band
        if not low - EPSILON <= limit_price <= high + EPSILON:
            return reject(
                RuleCode.PRICE_LIMIT, "band", low=low, high=high, price=limit_price,
                limit=limit, previous_close=instrument.last_close(bar),
            )
    return None


def check_buy_lots(instrument: Instrument, quantity: float) -> Rejection | None:
    """Buys come in the board's lots (100 shares on the main board and ChiNext, 200+1 on STAR)."""
    rules = instrument.quantities
    units = round(quantity / rules.unit)
    if units < rules.buy_min or (units - rules.buy_min) % rules.buy_step:
        fitting = max(
            rules.buy_min,
            rules.buy_min + (units - rules.buy_min) // rules.buy_step * rules.buy_step,
        )
        board = instrument.board
        return reject(
            RuleCode.LOT_SIZE, "buy", board=board.name.en, board_zh=board.name.zh,
            minimum=units_to_quantity(rules, rules.buy_min),
            step=units_to_quantity(rules, rules.buy_step),
            quantity=quantity, suggestion=units_to_quantity(rules, fitting),
        )
    return None


def check_sell(
    instrument: Instrument,
    quantity: float,
    held: float,
    reserved: float,
    pending_buys: float,
    sell_same_day: bool,
) -> Rejection | None:
    """No short selling; under T+1 no selling of shares a pending buy will deliver; lot grid.

    An odd lot (fewer than a round lot, e.g. left by a bonus issue) can only be sold in one go.
    """
    free = held - reserved
    if quantity > free + EPSILON:
        if quantity <= free + pending_buys + EPSILON:
            if not sell_same_day:
                return reject(RuleCode.T_PLUS_ONE, "place", held=max(free, 0))
        else:
            return reject(
                RuleCode.INSUFFICIENT_SHARES, "place",
                available=max(free, 0), held=held, reserved=reserved,
            )
    rules = instrument.quantities
    units, held_units = round(quantity / rules.unit), round(held / rules.unit)
    odd = held_units % rules.sell_step
    on_grid = units % rules.sell_step in (0, odd)
    if units != held_units and held_units and (units < rules.sell_min or not on_grid):
        board = instrument.board
        return reject(
            RuleCode.LOT_SIZE, "sell", board=board.name.en, board_zh=board.name.zh,
            minimum=units_to_quantity(rules, rules.sell_min),
            step=units_to_quantity(rules, rules.sell_step),
            odd=units_to_quantity(rules, odd), quantity=quantity,
        )
    return None


def units_to_quantity(rules: QuantityRules, units: int) -> float:
    """``units`` lot units as a quantity (whole shares stay ints)."""
    unit = rules.unit
    return int(units) if unit == 1 else round(units * unit, 8)


def quantity_for_budget(
    profile: RulesProfile, rules: QuantityRules, budget: float, price: float
) -> float:
    """The largest allowed quantity whose value plus fees fits in ``budget`` at ``price``."""
    if price <= 0 or budget <= 0:
        return 0
    rate = profile.commission_rate + profile.transfer_fee_rate
    units = math.floor(budget / (price * (1 + rate)) / rules.unit + 1e-9)
    if units < rules.buy_min:
        return 0
    units = rules.buy_min + (units - rules.buy_min) // rules.buy_step * rules.buy_step
    while units >= rules.buy_min:
        quantity = units_to_quantity(rules, units)
        value = round_money(quantity * price)
        if value + trade_fees(profile, Side.BUY, value).total <= budget:
            return quantity
        units -= rules.buy_step
    return 0


def lot_too_dear(
    profile: RulesProfile, rules: QuantityRules, budget: float, price: float
) -> Rejection:
    """The rejection for an amount that does not buy even the smallest lot."""
    lot = units_to_quantity(rules, rules.buy_min)
    value = round_money(lot * price)
    needed = round_money(value + trade_fees(profile, Side.BUY, value).total)
    return reject(
        RuleCode.INSUFFICIENT_CASH, "lot", amount=budget, lot=lot, price=round(price, 4),
        needed=needed,
    )
