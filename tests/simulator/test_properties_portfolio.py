"""Property-based tests for portfolios: random instruments with suspensions and locked limits."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.market_rules import price_band
from simulator.orders import OrderStatus, Side
from simulator.session import TradingSession

from .builders import series_from_bars, trading_days

DAYS = trading_days(__import__("datetime").date(2021, 1, 4), 30)
SYMBOLS = ("600000.SS", "000001.SZ", "300001.SZ")


@st.composite
def instrument(draw, symbol: str):
    """Bars on a random subset of the days (gaps are suspensions), with one-price limit days."""
    price = draw(st.floats(5, 100))
    # Suspended spans: a run of missing days (always trading on the first two days).
    gap_start = draw(st.integers(2, len(DAYS) - 1))
    gap_length = draw(st.integers(0, 12))
    present = [not gap_start <= index < gap_start + gap_length for index in range(len(DAYS))]
    limit = 0.20 if symbol.startswith("300") else 0.10
    bars, dates = [], []
    for day, here in zip(DAYS, present):
        if not here:
            continue
        kind = draw(st.sampled_from(["walk", "walk", "walk", "up", "down"]))
        low_band, high_band = price_band(price, limit, 0.01)
        if kind == "up":
            bar = (high_band,) * 4
        elif kind == "down":
            bar = (low_band,) * 4
        else:
            close = min(max(round(price * (1 + draw(st.floats(-0.09, 0.09))), 2), low_band), high_band)
            open_ = min(max(round(price * (1 + draw(st.floats(-0.05, 0.05))), 2), low_band), high_band)
            high = min(round(max(open_, close) * (1 + draw(st.floats(0, 0.03))), 2), high_band)
            low = max(round(min(open_, close) * (1 - draw(st.floats(0, 0.03))), 2), low_band)
            bar = (open_, high, low, close)
        bars.append(bar)
        dates.append(day)
        price = bar[3]
    return series_from_bars(bars, symbol=symbol, dates=dates)


portfolios = st.integers(2, 3).flatmap(lambda n: st.tuples(*(instrument(symbol) for symbol in SYMBOLS[:n])))
actions = st.lists(
    st.one_of(
        st.tuples(st.just("place"), st.integers(0, 2), st.sampled_from(["buy", "buy", "sell"]),
                  st.sampled_from(["market", "limit"]), st.sampled_from([100, 300, 1000, "held", "amount"]),
                  st.floats(-0.05, 0.05), st.sampled_from(["day", "gtc"])),
        st.tuples(st.just("advance"), st.integers(1, 3)),
    ),
    min_size=10, max_size=50,
)


def place(session: TradingSession, action) -> None:
    _, index, side, order_type, size, offset, tif = action
    symbol = session.symbols[index % len(session.symbols)]
    options = {"order_type": order_type, "time_in_force": tif, "symbol": symbol}
    if order_type == "limit":
        options["limit_price"] = round(session.price_of(symbol) * (1 + offset), 2)
    if size == "amount":
        if side == "buy":
            session.place_order(side, amount=round(session.available_cash() * 0.4, 2), **options)
        return
    quantity = session.position(symbol).quantity if size == "held" else size
    session.place_order(side, quantity or 100, **options)


def check_step(session: TradingSession) -> None:
    ledger = session.ledger
    assert ledger.cash >= 0
    holdings = 0.0
    for symbol in session.symbols:
        position = ledger.position(symbol)
        assert position.quantity >= 0 and 0 <= position.locked <= position.quantity
        holdings += position.quantity * session.price_of(symbol)
    assert session.equity == pytest.approx(ledger.cash + holdings, abs=1e-6)
    assert all(order.status is OrderStatus.OPEN for order in session.open_orders)


def check_history(session: TradingSession) -> None:
    held: dict[str, float] = defaultdict(float)
    before: dict[tuple[str, int], float] = {}
    sold: dict[tuple[str, int], float] = defaultdict(float)
    for fill in session.trade_log:
        instrument = session.instruments[fill.symbol]
        row = instrument.row[fill.bar]
        assert row >= 0, f"{fill.symbol} filled on {fill.date}, a day it did not trade"
        state = instrument.limit_state(row)
        if fill.side is Side.BUY:
            assert not state.locked_up, f"buy filled on a locked limit-up day {fill.date}"
        else:
            assert not state.locked_down, f"sell filled on a locked limit-down day {fill.date}"
        key = (fill.symbol, fill.bar)
        before.setdefault(key, held[fill.symbol])
        held[fill.symbol] += fill.quantity if fill.side is Side.BUY else -fill.quantity
        if fill.side is Side.SELL:
            sold[key] += fill.quantity
    for key, quantity in sold.items():
        assert quantity <= before[key] + 1e-9, f"T+1 broken for {key}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(series=portfolios, cash=st.sampled_from([30_000, 200_000]), steps=actions)
def test_random_portfolio_orders_keep_money_and_rules_intact(series, cash, steps):
    session = TradingSession(list(series), "cn_a", cash)
    for action in steps:
        if action[0] == "place":
            place(session, action)
        else:
            session.advance(action[1])
        check_step(session)
    check_history(session)
    state = json.loads(json.dumps(session.to_dict()))
    resumed = TradingSession.from_dict(state, list(reversed(series)))
    assert resumed.to_dict() == session.to_dict()
