"""Portfolios on real A-share history: one cash ledger, a union calendar, suspensions, limits."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from simulator.bundled_prices import load_bundled
from simulator.orders import OrderStatus
from simulator.rejections import RuleCode
from simulator.session import EventKind, TradingSession

DATA = Path(__file__).parent / "data"


def vanke_and_index(**options) -> TradingSession:
    return TradingSession(
        [load_bundled("000002.SZ"), load_bundled("000300.SS")], "cn_a", 1_000_000,
        start=date(2015, 12, 14), end=date(2016, 7, 29), **options,
    )


def test_the_calendar_is_the_union_and_a_missing_bar_is_a_suspension():
    session = vanke_and_index()
    assert session.symbols == ("000002.SZ", "000300.SS")
    session.advance(4)
    assert session.date == date(2015, 12, 18) and not session.is_suspended("000002.SZ")
    session.advance()
    # CSI 300 traded on 2015-12-21; Vanke was suspended (Baoneng takeover battle).
    assert session.date == date(2015, 12, 21)
    assert session.is_suspended("000002.SZ") and not session.is_suspended("000300.SS")
    snapshot = session.snapshot()
    assert snapshot.suspended == ("000002.SZ",)
    views = {view.symbol: view for view in snapshot.instruments}
    assert views["000002.SZ"].suspended and views["000002.SZ"].price == 23.71
    assert views["000002.SZ"].last_traded == date(2015, 12, 18)
    assert views["000002.SZ"].board == "main" and views["000002.SZ"].adjusted


def test_a_suspended_holding_is_valued_at_its_last_close_and_its_orders_wait():
    session = vanke_and_index()
    session.place_order("buy", 10_000, symbol="000002.SZ")
    session.advance()
    fill = session.trade_log[-1]
    assert fill.symbol == "000002.SZ"
    session.advance(4)  # 2015-12-21, suspended
    gtc = session.place_order("sell", 10_000, symbol="000002.SZ", time_in_force="gtc")
    day = session.place_order("buy", 100, symbol="VANKE")  # alias of the same instrument
    assert gtc.accepted and day.accepted and day.order.symbol == "000002.SZ"
    report = session.advance()
    assert session.order(day.order.id).status is OrderStatus.EXPIRED
    reasons = {e.order_id: e.rejection.rule for e in report.events if e.kind is EventKind.BLOCKED}
    assert reasons[gtc.order.id] is RuleCode.SUSPENDED
    assert session.equity == pytest.approx(session.cash + 10_000 * 23.71)
    # Still waiting on the last suspended day; on 2016-07-04 and 07-05 Vanke is locked limit-down.
    while session.date < date(2016, 7, 5):
        session.advance()
        assert session.order(gtc.order.id).is_open
    locks = [e for e in session.events if e.order_id == gtc.order.id and e.rejection
             and e.rejection.reason == "price_limit.locked_down"]
    assert [e.date for e in locks] == [date(2016, 7, 4), date(2016, 7, 5)]
    session.advance()
    order = session.order(gtc.order.id)
    assert order.status is OrderStatus.FILLED and order.filled_bar == session.bar
    assert session.date == date(2016, 7, 6) and order.fill_price == 18.38


def test_east_money_buy_cannot_fill_through_nine_locked_limit_up_days():
    session = TradingSession(load_bundled("300059.SZ"), "cn_a", 100_000,
                             start=date(2015, 4, 15), end=date(2015, 6, 30))
    session.advance()  # 2015-04-16, first limit-up after the resumption
    order = session.place_order("buy", 2000, time_in_force="gtc").order
    while session.date < date(2015, 4, 28):
        session.advance()
        assert session.order(order.id).is_open
    session.advance()
    filled = session.order(order.id)
    assert filled.status is OrderStatus.FILLED and session.date == date(2015, 4, 29)
    assert filled.fill_price == 34.59
    flags = {flag.code: flag for flag in session.coaching()}
    assert flags["chasing"].details["limit_up_days"] == 9


def test_chinext_limit_orders_outside_the_2015_ten_percent_band_are_refused():
    session = TradingSession(load_bundled("300059.SZ"), "cn_a", 100_000,
                             start=date(2015, 6, 1), end=date(2015, 6, 30))
    close = session.price
    result = session.place_order("buy", 100, order_type="limit", limit_price=round(close * 1.15, 2))
    assert result.rejection.rule is RuleCode.PRICE_LIMIT
    assert result.rejection.params["limit"] == 0.10
    # Forward-adjusted series get one point of slack: 10.5% above is accepted, 11.5% is not.
    assert session.place_order("buy", 100, order_type="limit", limit_price=round(close * 1.105, 2)).accepted
    assert not session.place_order("buy", 100, order_type="limit", limit_price=round(close * 1.115, 2)).accepted


def test_sale_proceeds_of_one_instrument_pay_for_another_on_the_same_day():
    session = TradingSession([load_bundled("601318.SS"), load_bundled("000001.SZ")], "cn_a", 50_000,
                             start=date(2014, 3, 3), end=date(2014, 6, 30))
    session.place_order("buy", amount=49_000, symbol="601318.SS")
    session.advance(2)
    held = session.position("601318.SS").quantity
    session.place_order("sell", held, symbol="601318.SS")
    # Market-sell proceeds count as buying power for a buy of another instrument.
    buy = session.place_order("buy", amount=session.available_cash() * 0.95, symbol="000001.SZ")
    assert buy.accepted
    report = session.advance()
    assert [fill.side.value for fill in report.fills] == ["sell", "buy"]
    assert session.cash >= 0


def test_the_benchmark_splits_starting_cash_equally_or_follows_the_named_series():
    pair = [load_bundled("601318.SS"), load_bundled("000001.SZ")]
    session = TradingSession(pair, "cn_a", 100_000, start=date(2015, 1, 5), end=date(2015, 12, 31))
    session.advance(300)
    curve = session.benchmark_curve()
    first, last = session.first_bar, session.bar
    expected = sum(
        50_000 / item.close[item.index_on_or_before(session.calendar[first])]
        * item.close[item.index_on_or_before(session.calendar[last])] for item in pair
    )
    assert curve[-1][1] == pytest.approx(expected)
    index = load_bundled("000300.SS")
    named = TradingSession(pair, "cn_a", 100_000, start=date(2015, 1, 5), end=date(2015, 12, 31),
                           benchmark=index)
    named.advance(300)
    ratio = index.close[index.index_on_or_before(named.date)] / index.close[index.index_on_or_before(date(2015, 1, 5))]
    assert named.benchmark_curve()[-1][1] == pytest.approx(100_000 * ratio)


def test_concentration_and_diversification_are_judged_on_the_whole_account():
    symbols = ["601318.SS", "000001.SZ", "002032.SZ", "000002.SZ"]
    session = TradingSession([load_bundled(s) for s in symbols], "cn_a", 100_000,
                             start=date(2014, 1, 2), end=date(2014, 12, 31))
    session.place_order("buy", amount=90_000, symbol="002032.SZ")
    session.advance(200)
    flags = {flag.code: flag for flag in session.coaching()}
    assert flags["concentration"].details["symbol"] == "002032.SZ"
    assert flags["diversification"].details["average"] == pytest.approx(1.0)
    spread = TradingSession([load_bundled(s) for s in symbols], "cn_a", 100_000,
                            start=date(2014, 1, 2), end=date(2014, 12, 31))
    for symbol in symbols:
        spread.place_order("buy", amount=23_000, symbol=symbol)
    spread.advance(200)
    codes = {flag.code for flag in spread.coaching()}
    assert "concentration" not in codes and "diversification" not in codes


def test_a_saved_portfolio_resumes_identically():
    session = vanke_and_index()
    session.place_order("buy", 1000, symbol="000002.SZ")
    session.place_order("buy", amount=100_000, symbol="000300.SS")
    session.advance(6)
    state = json.loads(json.dumps(session.to_dict()))
    assert state["version"] == 2
    resumed = TradingSession.from_dict(state, {"b": load_bundled("000300.SS"), "a": load_bundled("000002.SZ")})
    assert resumed.to_dict() == session.to_dict()
    session.advance(30)
    resumed.advance(30)
    assert resumed.to_dict() == session.to_dict()


def test_sessions_saved_in_version_one_still_load_and_play_on():
    state = json.loads((DATA / "session_v1.json").read_text(encoding="utf-8"))
    assert state["version"] == 1
    session = TradingSession.from_dict(state, load_bundled("GSPC"))
    assert session.trade_log[0].symbol == "GSPC" and session.open_orders[0].symbol == "GSPC"
    session.advance(20)
    # Figures from the same save played on by the single-instrument engine it was written with.
    assert session.equity == pytest.approx(9158.85994)
    assert len(session.trade_log) == 1


def test_unknown_symbols_are_refused_with_the_instruments_on_offer():
    session = vanke_and_index()
    result = session.place_order("buy", 100, symbol="600519.SS")
    assert result.rejection.rule is RuleCode.UNKNOWN_SYMBOL
    assert "000002.SZ" in result.message("en") and "600519.SS" in result.message("zh-CN")
