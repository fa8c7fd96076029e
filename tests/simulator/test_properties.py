"""Property-based tests: random order sequences never break the ledger or the market rules."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.orders import OrderStatus, Side
from simulator.session import TradingSession

from .builders import series_from_bars

BARS = 40


@st.composite
def price_paths(draw):
    """A random walk of daily bars with intraday ranges, gaps and occasional limit moves."""
    price = draw(st.floats(5, 200))
    bars = []
    for _ in range(BARS):
        move = draw(st.floats(-0.15, 0.15))
        open_ = round(price * (1 + draw(st.floats(-0.05, 0.05))), 2)
        close = round(max(price * (1 + move), 0.5), 2)
        high = round(max(open_, close) * (1 + draw(st.floats(0, 0.04))), 2)
        low = round(min(open_, close) * (1 - draw(st.floats(0, 0.04))), 2)
        bars.append((open_, high, max(low, 0.01), close))
        price = close
    return series_from_bars(bars, symbol="600000.SS")


placements = st.tuples(
    st.just("place"),
    st.sampled_from(["buy", "buy", "sell"]),
    st.sampled_from(["market", "market", "limit", "limit", "stop", "stop_limit"]),
    st.sampled_from([1, 7, 100, 150, 300, 1000, "held", "held+pending", "held+pending", "max", "max", "amount"]),
    st.floats(-0.04, 0.04),
    st.floats(-0.02, 0.02),
    st.sampled_from(["day", "gtc"]),
)
advances = st.tuples(st.just("advance"), st.integers(1, 3))
actions = st.lists(
    # Placing and advancing dominate so that orders meet many bars; cancels are rarer.
    st.one_of(placements, placements, placements, advances, advances, st.tuples(st.just("cancel"), st.integers(0, 30))),
    min_size=10,
    max_size=60,
)


def place(session: TradingSession, action) -> None:
    _, side, order_type, size, offset, spread, tif = action
    price = round(session.price * (1 + offset), 2)
    stop = round(session.price * (1 + offset + spread), 2)
    options = {"order_type": order_type, "time_in_force": tif}
    if order_type in ("limit", "stop_limit"):
        options["limit_price"] = price
    if order_type in ("stop", "stop_limit"):
        options["stop_price"] = stop
    if size == "amount":
        if side == "sell":
            return
        session.place_order(side, amount=round(session.available_cash() * 0.6, 2), **options)
    elif size == "max":
        # Everything affordable at today's close: a gap up at the open must not overdraw cash.
        session.place_order(side, session.max_buy_quantity() or 100, **options)
    elif size in ("held", "held+pending"):
        quantity = session.ledger.position(session.symbol).quantity
        if size == "held+pending":
            # Selling shares that a pending buy will deliver: same-day round trip (T+0 vs T+1).
            quantity += sum(o.quantity or 0 for o in session.open_orders if o.side is Side.BUY)
        session.place_order(side, quantity or 100, **options)
    else:
        session.place_order(side, size, **options)


def check_invariants(session: TradingSession) -> None:
    ledger = session.ledger
    position = ledger.position(session.symbol)
    assert ledger.cash >= 0
    assert position.quantity >= 0
    assert 0 <= position.locked <= position.quantity
    assert session.equity == pytest.approx(ledger.cash + position.quantity * session.price, abs=1e-6)
    snapshot = session.snapshot()
    assert snapshot.realised_pnl + snapshot.unrealised_pnl == pytest.approx(
        snapshot.equity - session.start_cash, abs=1e-6
    )
    for fill in ledger.fills:
        assert fill.commission >= session.profile.commission_min
    assert all(order.status is OrderStatus.OPEN for order in session.open_orders)


def check_t_plus_one(session: TradingSession) -> None:
    held_before: dict[int, float] = defaultdict(float)
    held = 0.0
    sold_on: dict[int, float] = defaultdict(float)
    last_bar = None
    for fill in session.trade_log:
        if fill.bar != last_bar:
            held_before[fill.bar] = held
            last_bar = fill.bar
        held += fill.quantity if fill.side is Side.BUY else -fill.quantity
        if fill.side is Side.SELL:
            sold_on[fill.bar] += fill.quantity
    for bar, sold in sold_on.items():
        assert sold <= held_before[bar] + 1e-9, f"sold shares bought on bar {bar}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series=price_paths(), rules=st.sampled_from(["us", "cn_a"]), cash=st.sampled_from([20_000, 100_000]), steps=actions)
def test_random_orders_keep_money_and_rules_intact(series, rules, cash, steps):
    session = TradingSession(series, rules, cash)
    for action in steps:
        if action[0] == "place":
            place(session, action)
        elif action[0] == "cancel":
            open_orders = session.open_orders
            if open_orders:
                session.cancel(open_orders[action[1] % len(open_orders)].id)
        else:
            session.advance(action[1])
        check_invariants(session)
    if rules == "cn_a":
        check_t_plus_one(session)

    # A saved and resumed session is the same session.
    state = json.loads(json.dumps(session.to_dict()))
    resumed = TradingSession.from_dict(state, series)
    assert resumed.to_dict() == session.to_dict()
    if not session.finished:
        session.advance(5)
        resumed.advance(5)
        assert resumed.to_dict() == session.to_dict()
