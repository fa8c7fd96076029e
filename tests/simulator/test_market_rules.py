"""Every market rule that touches money, each with a test that fails if the rule breaks."""

from __future__ import annotations

from datetime import date

import pytest

from simulator.features import ALL_FEATURES, BOARD_STAR_CHINEXT, MARKET_CN_A, ORDERS_LIMIT, ORDERS_STOP
from simulator.market_rules import CN_A, US, get_profile, price_band
from simulator.orders import OrderStatus, Side
from simulator.rejections import RuleCode
from simulator.series import InstrumentKind
from simulator.session import EventKind, FeatureLockedError, TradingSession

from .builders import closes_series, flat_series, series_from_bars


def cn_session(series, cash=100_000.0, **options):
    return TradingSession(series, "cn_a", cash, **options)


def restored_with_position(session: TradingSession, quantity: int, cost: float) -> TradingSession:
    """The session as if it held ``quantity`` units (e.g. after a bonus issue left an odd lot)."""
    state = session.to_dict()
    state["ledger"]["positions"] = [
        {"symbol": session.symbol, "quantity": quantity, "cost": cost, "locked": 0}
    ]
    return TradingSession.from_dict(state, session.series)


# --------------------------------------------------------------------------------- T+1 / T+0


def test_cn_a_refuses_to_sell_shares_from_a_buy_that_has_not_filled():
    session = cn_session(flat_series(10.0))
    assert session.place_order("buy", 100).accepted
    result = session.place_order("sell", 100, order_type="limit", limit_price=10.0)
    assert result.rejection.rule is RuleCode.T_PLUS_ONE
    assert "T+1" in result.message("en") and "T+1" in result.message("zh-CN")


def test_us_lets_shares_bought_at_the_open_be_sold_the_same_day():
    series = series_from_bars([(10, 10, 10, 10), (10, 12, 10, 11), (11, 11, 11, 11)])
    session = TradingSession(series, "us", 10_000)
    session.place_order("buy", 100)
    assert session.place_order("sell", 100, order_type="limit", limit_price=11.5).accepted
    report = session.advance()
    assert [(fill.side, fill.price) for fill in report.fills] == [(Side.BUY, 10.0), (Side.SELL, 11.5)]
    assert session.ledger.position("TEST").quantity == 0


def test_cn_a_shares_bought_today_are_sellable_on_the_next_trading_day():
    session = cn_session(flat_series(10.0))
    session.place_order("buy", 100)
    session.advance()
    assert session.snapshot().positions[0].quantity == 100
    assert session.place_order("sell", 100).accepted
    report = session.advance()
    assert report.fills[0].side is Side.SELL


def test_cn_a_sale_proceeds_can_buy_again_the_same_day():
    series = series_from_bars([(10, 10, 10, 10)] * 2 + [(10, 10.2, 9.5, 10)] * 2)
    session = cn_session(series, cash=10_010.0)
    session.place_order("buy", 1000)
    session.advance()
    assert session.cash < 10
    assert session.place_order("sell", 1000).accepted
    # Only the market sell's proceeds make this buy affordable.
    assert session.place_order("buy", 500, order_type="limit", limit_price=9.8).accepted
    report = session.advance()
    assert [fill.side for fill in report.fills] == [Side.SELL, Side.BUY]
    assert session.cash >= 0


# ---------------------------------------------------------------------------------- limits


def test_price_band_is_previous_close_times_limit_rounded_half_up():
    assert price_band(10.05, 0.10, 0.01) == (9.05, 11.06)
    assert price_band(10.0, 0.20, 0.01) == (8.0, 12.0)
    assert price_band(10.0, 0.05, 0.01) == (9.5, 10.5)


def test_buy_at_a_locked_limit_up_cannot_fill():
    series = series_from_bars([(10, 10, 10, 10), (11, 11, 11, 11), (11.5, 12, 10.9, 12)])
    session = cn_session(series)
    day = session.place_order("buy", 100)
    gtc = session.place_order("buy", 100, order_type="limit", limit_price=11.0, time_in_force="gtc")
    report = session.advance()
    assert report.fills == ()
    blocked = [event for event in report.events if event.kind is EventKind.BLOCKED]
    assert {event.rejection.rule for event in blocked} == {RuleCode.PRICE_LIMIT}
    assert blocked[0].rejection.reason == "price_limit.locked_up"
    assert "涨停" in blocked[0].rejection.message("zh-CN")
    assert session.order(day.order.id).status is OrderStatus.EXPIRED
    assert session.order(gtc.order.id).is_open
    session.advance()
    assert session.order(gtc.order.id).status is OrderStatus.FILLED


def test_sell_at_a_locked_limit_down_cannot_fill():
    series = series_from_bars([(10, 10, 10, 10)] * 2 + [(9, 9, 9, 9), (9, 9, 9, 9)])
    session = restored_with_position(cn_session(series), 1000, 10_000.0)
    session.advance()
    session.place_order("sell", 1000)
    report = session.advance()
    assert report.fills == ()
    assert report.events[0].rejection.reason == "price_limit.locked_down"


def test_limit_price_outside_the_daily_band_is_refused():
    session = cn_session(flat_series(10.0))
    result = session.place_order("buy", 100, order_type="limit", limit_price=11.01)
    assert result.rejection.rule is RuleCode.PRICE_LIMIT
    assert result.rejection.params["high"] == 11.0
    assert session.place_order("buy", 100, order_type="limit", limit_price=11.0).accepted


def test_fills_are_kept_inside_the_band_when_the_data_gaps_beyond_it():
    # Real US data replayed under A-share rules can open beyond ±10%; fills stop at the limit.
    series = series_from_bars([(10, 10, 10, 10), (11.5, 11.8, 10.9, 11.6), (11.6, 11.6, 11.6, 11.6)])
    session = cn_session(series)
    session.place_order("buy", 100)
    fill = session.advance().fills[0]
    assert fill.price == 11.0


def test_us_has_no_price_limits():
    series = series_from_bars([(10, 10, 10, 10), (15, 15, 15, 15), (15, 15, 15, 15)])
    session = TradingSession(series, "us", 10_000)
    session.place_order("buy", 10)
    assert session.advance().fills[0].price == 15


def test_st_board_limit_is_five_percent_and_star_is_twenty():
    series = closes_series([10.0] * 4, symbol="600001.SS")
    st = cn_session(series, is_st=True)
    assert st.place_order("buy", 100, order_type="limit", limit_price=10.51).rejection.rule is RuleCode.PRICE_LIMIT
    star = cn_session(closes_series([10.0] * 4, symbol="688001.SS"))
    assert star.place_order("buy", 200, order_type="limit", limit_price=12.0).accepted
    chinext = cn_session(closes_series([10.0] * 4, symbol="300750.SZ"))
    assert chinext.place_order("buy", 100, order_type="limit", limit_price=12.0).accepted


def test_star_and_chinext_have_no_limit_in_the_first_five_days_after_listing():
    bars = [(10, 10, 10, 10)] * 8
    listed = series_from_bars(bars, symbol="688999.SS", listing_date=series_from_bars(bars).first_date)
    session = cn_session(listed)
    assert session.place_order("buy", 200, order_type="limit", limit_price=30.0).accepted
    session.advance(5)
    result = session.place_order("buy", 200, order_type="limit", limit_price=30.0)
    assert result.rejection.rule is RuleCode.PRICE_LIMIT


# ------------------------------------------------------------------------------------ lots


def test_cn_a_buys_come_in_lots_of_100():
    session = cn_session(flat_series(10.0))
    result = session.place_order("buy", 150)
    assert result.rejection.rule is RuleCode.LOT_SIZE
    assert result.rejection.params["suggestion"] == 100
    assert "主板" in result.message("zh-CN") and "main board" in result.message("en")
    assert session.place_order("buy", 200).accepted


def test_odd_lot_can_be_sold_but_only_as_a_whole():
    session = restored_with_position(cn_session(flat_series(10.0)), 150, 1500.0)
    assert session.place_order("sell", 30).rejection.rule is RuleCode.LOT_SIZE
    for quantity in (50, 100, 150):
        result = session.place_order("sell", quantity)
        assert result.accepted, quantity
        session.cancel(result.order.id)


def test_star_market_buys_at_least_200_then_single_shares():
    session = cn_session(closes_series([10.0] * 5, symbol="688001.SS"))
    assert session.place_order("buy", 150).rejection.rule is RuleCode.LOT_SIZE
    assert session.place_order("buy", 201).accepted
    session.advance()
    assert session.place_order("sell", 100).rejection.rule is RuleCode.LOT_SIZE
    assert session.place_order("sell", 201).accepted


def test_us_trades_whole_shares_and_crypto_trades_fractions():
    session = TradingSession(flat_series(10.0), "us", 10_000)
    assert session.place_order("buy", 1.5).rejection.reason == "lot_size.unit"
    coin = TradingSession(flat_series(100.0, kind=InstrumentKind.CRYPTO), "us", 10_000)
    assert coin.place_order("buy", 0.25).accepted
    assert coin.place_order("buy", 0.00001).rejection.rule is RuleCode.LOT_SIZE


# ------------------------------------------------------------------------------------ costs


def test_commission_has_a_five_yuan_minimum():
    session = cn_session(flat_series(10.0))
    session.place_order("buy", 100)
    fill = session.advance().fills[0]
    assert fill.value == 1000.0
    assert fill.commission == 5.0  # 0.03% would be 0.30


def test_commission_rate_applies_above_the_minimum():
    session = cn_session(flat_series(10.0), cash=200_000)
    session.place_order("buy", 10_000)
    fill = session.advance().fills[0]
    assert fill.commission == 30.0
    assert fill.transfer_fee == 1.0  # 0.001% of 100,000, charged on buys too


def test_stamp_duty_is_charged_on_sells_only():
    session = cn_session(flat_series(10.0), cash=200_000)
    session.place_order("buy", 10_000)
    buy = session.advance().fills[0]
    session.place_order("sell", 10_000)
    sell = session.advance().fills[0]
    assert buy.stamp_duty == 0.0
    assert sell.stamp_duty == 50.0  # 0.05% of 100,000
    assert sell.transfer_fee == 1.0
    assert sell.fees == sell.commission + sell.transfer_fee + sell.stamp_duty
    assert session.ledger.stamp_duty_paid == 50.0


def test_transfer_fee_rounds_to_the_cent():
    session = cn_session(flat_series(10.0))
    session.place_order("buy", 100)
    assert session.advance().fills[0].transfer_fee == 0.01


def test_profile_figures_match_the_cited_sources():
    assert CN_A.stamp_duty_rate == 0.0005
    assert CN_A.transfer_fee_rate == 0.00001
    assert CN_A.commission_min == 5.0
    assert CN_A.commission_rate <= 0.003
    assert CN_A.boards["main"].price_limit == 0.10
    assert CN_A.boards["st"].price_limit == 0.05
    assert CN_A.boards["star"].price_limit == 0.20
    # ChiNext: ±10% until the registration reform, ±20% from its first day, 2020-08-24.
    chinext = CN_A.boards["chinext"]
    assert chinext.limit_on(date(2015, 4, 16)) == chinext.limit_on(date(2020, 8, 21)) == 0.10
    assert chinext.limit_on(date(2020, 8, 24)) == 0.20
    assert US.commission_rate == 0.0 and US.sell_same_day and US.price_tick is None


def test_fill_prices_are_rounded_to_the_tick():
    series = series_from_bars([(10, 10, 10, 10), (10.004, 10.2, 10.0, 10.1), (10.006, 10.2, 10.0, 10.1)])
    session = cn_session(series)
    session.place_order("buy", 100)
    assert session.advance().fills[0].price == 10.0
    session.place_order("buy", 100)
    assert session.advance().fills[0].price == 10.01


def test_limit_price_off_the_tick_is_refused():
    session = cn_session(flat_series(10.0))
    result = session.place_order("buy", 100, order_type="limit", limit_price=10.005)
    assert result.rejection.rule is RuleCode.TICK_SIZE
    assert result.rejection.params["suggestion"] == 10.01


def test_slippage_moves_market_fills_against_the_trader():
    profile = get_profile("us").with_costs(slippage=0.01)
    session = TradingSession(flat_series(100.0), profile, 10_000)
    session.place_order("buy", 10)
    assert session.advance().fills[0].price == pytest.approx(101.0)


def test_commission_override_applies_to_us():
    profile = get_profile("us").with_costs(commission_rate=0.002)
    session = TradingSession(flat_series(100.0), profile, 10_000)
    session.place_order("buy", 10)
    assert session.advance().fills[0].commission == 2.0


# ----------------------------------------------------------------------------- order types


def test_buy_stop_triggers_at_the_stop_or_the_gap_open():
    series = series_from_bars([(100, 100, 100, 100), (100, 106, 99, 104), (107, 108, 106, 107)])
    session = TradingSession(series, "us", 100_000)
    session.place_order("buy", 1, order_type="stop", stop_price=105, time_in_force="gtc")
    session.place_order("buy", 1, order_type="stop", stop_price=106.5, time_in_force="gtc")
    first = session.advance().fills
    assert [fill.price for fill in first] == [105]
    assert [fill.price for fill in session.advance().fills] == [107]


def test_sell_stop_fills_at_the_stop_or_below_on_a_gap():
    series = series_from_bars([(100, 100, 100, 100), (100, 101, 94, 96), (93, 94, 92, 93)])
    session = restored_with_position(TradingSession(series, "us", 10_000), 2, 200.0)
    session.place_order("sell", 1, order_type="stop", stop_price=95, time_in_force="gtc")
    session.place_order("sell", 1, order_type="stop", stop_price=94.5, time_in_force="gtc")
    assert [fill.price for fill in session.advance().fills] == [95, 94.5]
    series = series_from_bars([(100, 100, 100, 100), (93, 94, 92, 93), (93, 93, 93, 93)])
    gapped = restored_with_position(TradingSession(series, "us", 10_000), 1, 100.0)
    gapped.place_order("sell", 1, order_type="stop", stop_price=95)
    assert gapped.advance().fills[0].price == 93


def test_stop_limit_fills_when_the_trigger_meets_the_limit():
    series = series_from_bars([(100, 100, 100, 100), (100, 101, 93, 94), (94, 94, 94, 94)])
    session = restored_with_position(TradingSession(series, "us", 10_000), 1, 100.0)
    session.place_order("sell", 1, order_type="stop_limit", stop_price=95, limit_price=94)
    assert session.advance().fills[0].price == 95


def test_stop_limit_rests_as_a_limit_order_after_a_gap_through_it():
    series = series_from_bars([(100, 100, 100, 100), (92, 93, 91, 92), (93, 95, 93, 94.5)])
    session = restored_with_position(TradingSession(series, "us", 10_000), 1, 100.0)
    result = session.place_order(
        "sell", 1, order_type="stop_limit", stop_price=95, limit_price=94, time_in_force="gtc"
    )
    report = session.advance()
    assert report.fills == ()
    assert [event.kind for event in report.events] == [EventKind.TRIGGERED]
    assert session.order(result.order.id).triggered
    assert session.advance().fills[0].price == 94


def test_limit_buy_fills_at_the_limit_or_a_better_open():
    series = series_from_bars([(100, 100, 100, 100), (101, 102, 97, 99), (95, 96, 94, 95)])
    session = TradingSession(series, "us", 100_000)
    session.place_order("buy", 1, order_type="limit", limit_price=98, time_in_force="gtc")
    session.place_order("buy", 1, order_type="limit", limit_price=96, time_in_force="gtc")
    assert [fill.price for fill in session.advance().fills] == [98]
    assert [fill.price for fill in session.advance().fills] == [95]


def test_day_orders_expire_after_one_bar_and_gtc_orders_wait():
    series = series_from_bars([(100, 100, 100, 100)] * 3 + [(95, 95, 89, 90)])
    session = TradingSession(series, "us", 100_000)
    day = session.place_order("buy", 1, order_type="limit", limit_price=90)
    gtc = session.place_order("buy", 1, order_type="limit", limit_price=90, time_in_force="gtc")
    session.advance()
    assert session.order(day.order.id).status is OrderStatus.EXPIRED
    assert session.order(gtc.order.id).is_open
    session.advance(2)
    assert session.order(gtc.order.id).status is OrderStatus.FILLED


def test_cancelled_orders_never_fill_and_cannot_be_cancelled_twice():
    session = TradingSession(flat_series(100.0), "us", 100_000)
    order = session.place_order("buy", 1, order_type="limit", limit_price=100, time_in_force="gtc").order
    assert session.cancel(order.id).accepted
    assert session.cancel(order.id).rejection.rule is RuleCode.UNKNOWN_ORDER
    assert session.advance().fills == ()
    assert session.order(order.id).status is OrderStatus.CANCELLED


# ------------------------------------------------------------------------------ cash, shares


def test_insufficient_cash_is_refused_when_placing():
    session = TradingSession(flat_series(100.0), "us", 1_000)
    result = session.place_order("buy", 11)
    assert result.rejection.rule is RuleCode.INSUFFICIENT_CASH
    assert session.place_order("buy", 10).accepted
    # The first order's cash is set aside: a second one cannot use it again.
    assert session.place_order("buy", 1).rejection.rule is RuleCode.INSUFFICIENT_CASH


def test_a_gap_up_that_makes_a_buy_unaffordable_rejects_it_at_the_fill():
    series = series_from_bars([(100, 100, 100, 100), (120, 120, 120, 120), (120, 120, 120, 120)])
    session = TradingSession(series, "us", 1_000)
    session.place_order("buy", 10)
    report = session.advance()
    assert report.fills == ()
    assert report.events[0].kind is EventKind.REJECTED
    assert report.events[0].rejection.reason == "insufficient_cash.fill"
    assert session.cash == 1_000


def test_selling_more_than_held_is_refused():
    session = restored_with_position(TradingSession(flat_series(10.0), "us", 1_000), 5, 50.0)
    result = session.place_order("sell", 6)
    assert result.rejection.rule is RuleCode.INSUFFICIENT_SHARES
    assert session.place_order("sell", 5).accepted
    assert session.place_order("sell", 1).rejection.rule is RuleCode.INSUFFICIENT_SHARES


def test_amount_orders_buy_whole_lots_including_fees():
    session = cn_session(flat_series(10.0), cash=10_000)
    session.place_order("buy", amount=10_000)
    fill = session.advance().fills[0]
    assert fill.quantity == 900  # 1,000 shares would need 10,000 plus fees
    assert session.cash >= 0


# --------------------------------------------------------------------------------- features


def test_locked_order_types_are_refused_naming_the_feature():
    session = TradingSession(flat_series(10.0), "us", 1_000, features=set())
    limit = session.place_order("buy", 1, order_type="limit", limit_price=10)
    assert limit.rejection.rule is RuleCode.FEATURE_LOCKED
    assert limit.rejection.params["feature"] == ORDERS_LIMIT
    assert "Limit orders" in limit.message("en") and "限价委托" in limit.message("zh-CN")
    stop = session.place_order("sell", 1, order_type="stop", stop_price=9)
    assert stop.rejection.params["feature"] == ORDERS_STOP
    only_stop = TradingSession(flat_series(10.0), "us", 1_000, features={ORDERS_STOP})
    stop_limit = only_stop.place_order("buy", 1, order_type="stop_limit", stop_price=10, limit_price=10)
    assert stop_limit.rejection.params["feature"] == ORDERS_LIMIT
    assert session.place_order("buy", 1).accepted


def test_cn_a_rules_need_their_feature():
    with pytest.raises(FeatureLockedError) as caught:
        TradingSession(flat_series(10.0), "cn_a", 10_000, features=set())
    assert caught.value.rejection.params["feature"] == MARKET_CN_A
    assert "A股" in caught.value.message("zh-CN")


def test_star_and_chinext_trading_needs_its_feature():
    session = cn_session(closes_series([10.0] * 5, symbol="300750.SZ"), features={MARKET_CN_A})
    result = session.place_order("buy", 100)
    assert result.rejection.params["feature"] == BOARD_STAR_CHINEXT
    unlocked = cn_session(closes_series([10.0] * 5, symbol="300750.SZ"), features=ALL_FEATURES)
    assert unlocked.place_order("buy", 100).accepted


def test_invalid_orders_are_refused_with_a_reason():
    session = TradingSession(flat_series(10.0), "us", 1_000)
    assert session.place_order("buy").rejection.rule is RuleCode.INVALID_ORDER
    assert session.place_order("buy", -5).rejection.rule is RuleCode.INVALID_ORDER
    assert session.place_order("buy", 1, amount=10).rejection.rule is RuleCode.INVALID_ORDER
    assert session.place_order("sell", amount=10).rejection.rule is RuleCode.INVALID_ORDER
    assert session.place_order("buy", 1, order_type="limit").rejection.rule is RuleCode.INVALID_ORDER
    assert session.place_order("buy", 1, limit_price=5).rejection.rule is RuleCode.INVALID_ORDER
    assert session.place_order("hold", 1).rejection.rule is RuleCode.INVALID_ORDER
    assert session.place_order("buy", float("nan")).rejection.rule is RuleCode.INVALID_ORDER


def test_watch_only_series_and_finished_sessions_refuse_orders():
    vix = TradingSession(flat_series(20.0, kind=InstrumentKind.VOLATILITY_INDEX), "us", 1_000)
    assert vix.place_order("buy", 1).rejection.rule is RuleCode.NOT_TRADABLE
    session = TradingSession(flat_series(10.0, count=3), "us", 1_000)
    session.advance(5)
    assert session.finished
    assert session.place_order("buy", 1).rejection.rule is RuleCode.SESSION_ENDED


def test_an_amount_too_small_for_one_lot_is_refused():
    session = cn_session(flat_series(10.0))
    result = session.place_order("buy", amount=900)
    assert result.rejection.reason == "insufficient_cash.lot"
    assert "1,005" in result.message("en")  # 100 shares at 10.00 plus the 5.00 minimum commission


def test_chinext_first_days_without_limit_apply_only_to_registration_system_listings():
    from datetime import date as day

    bars = [(10, 10, 10, 10)] * 8
    before = series_from_bars(bars, symbol="300999.SZ", start=day(2019, 3, 4), listing_date=day(2019, 3, 4))
    session = cn_session(before)
    refused = session.place_order("buy", 100, order_type="limit", limit_price=11.5)
    assert refused.rejection.rule is RuleCode.PRICE_LIMIT and refused.rejection.params["limit"] == 0.10
    after = series_from_bars(bars, symbol="300999.SZ", start=day(2020, 8, 24), listing_date=day(2020, 8, 24))
    session = cn_session(after)
    assert session.place_order("buy", 100, order_type="limit", limit_price=30.0).accepted
    session.advance(5)
    assert session.place_order("buy", 100, order_type="limit", limit_price=12.0).accepted
    assert session.place_order("buy", 100, order_type="limit", limit_price=12.01).rejection.rule is RuleCode.PRICE_LIMIT
