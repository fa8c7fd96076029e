"""Coaching flags on crafted trade logs, and the tips that feed the scam-tip flag."""

from __future__ import annotations

from datetime import date, timedelta

from simulator.bilingual import Bilingual
from simulator.coaching import review_behaviour
from simulator.features import ALL_FEATURES, TIPS_FEED
from simulator.ledger import Fill
from simulator.orders import Side
from simulator.series import InstrumentKind
from simulator.session import TradingSession
from simulator.tips import Tip, TipKind, TipResponse

from .builders import closes_series

LESSONS = {
    "chasing": "herd-behaviour",
    "panic_selling": "panic-selling",
    "overtrading": "overtrading-and-fees",
    "concentration": "diversification",
    "scam_tip": "illegal-stock-tips",
}


def fill(series, bar, side, quantity, fees=0.0):
    price = series.close[bar]
    return Fill(
        bar, bar, series.dates[bar], side, quantity, price, quantity * price,
        fees, 0.0, 0.0, fees, None if side is Side.BUY else 0.0, 0.0,
    )


def equity_for(series, fills, cash):
    """Equity per bar when ``fills`` happen at the close prices (no fees)."""
    held, values, by_bar = 0.0, [], {}
    for item in fills:
        by_bar.setdefault(item.bar, []).append(item)
    for bar, close in enumerate(series.close):
        for item in by_bar.get(bar, []):
            sign = 1 if item.side is Side.BUY else -1
            held += sign * item.quantity
            cash -= sign * item.value + item.fees
        values.append(cash + held * close)
    return values


def review(series, fills, cash=10_000.0, tips=()):
    return review_behaviour(
        series, 0, len(series) - 1, fills, equity_for(series, fills, cash), cash, tips
    )


def codes(flags):
    return {flag.code for flag in flags}


def test_selling_after_a_sharp_fall_that_recovers_is_panic_selling():
    closes = [100] * 5 + [95, 90, 85, 82] + [85, 90, 95, 100, 105]
    series = closes_series(closes, kind=InstrumentKind.INDEX)
    flags = review(series, [fill(series, 1, Side.BUY, 50), fill(series, 8, Side.SELL, 50)])
    (flag,) = [flag for flag in flags if flag.code == "panic_selling"]
    assert flag.lesson_id == "panic-selling"
    assert flag.dates == (series.dates[8],)
    assert "82.00" in flag.message("en") and "18%" in flag.message("en")
    assert "急跌" in flag.message("zh-CN")


def test_selling_in_a_fall_that_does_not_recover_is_not_flagged():
    series = closes_series([100] * 5 + [95, 90, 85, 82, 80, 78, 75], kind=InstrumentKind.INDEX)
    flags = review(series, [fill(series, 1, Side.BUY, 50), fill(series, 8, Side.SELL, 50)])
    assert "panic_selling" not in codes(flags)


def test_trimming_a_little_in_a_fall_is_not_panic_selling():
    series = closes_series([100] * 5 + [95, 90, 85, 82, 90, 100, 105], kind=InstrumentKind.INDEX)
    flags = review(series, [fill(series, 1, Side.BUY, 50), fill(series, 8, Side.SELL, 10)])
    assert "panic_selling" not in codes(flags)


def test_buying_after_a_sharp_run_up_is_chasing():
    series = closes_series([100] * 5 + [105, 112, 120, 125, 126], kind=InstrumentKind.INDEX)
    flags = review(series, [fill(series, 8, Side.BUY, 50)])
    (flag,) = [flag for flag in flags if flag.code == "chasing"]
    assert flag.lesson_id == "herd-behaviour"
    assert "25%" in flag.message("en")


def test_buying_a_quiet_market_is_not_chasing():
    series = closes_series([100, 101, 100, 102, 101, 103, 102], kind=InstrumentKind.INDEX)
    assert "chasing" not in codes(review(series, [fill(series, 5, Side.BUY, 50)]))


def test_many_trades_with_heavy_fees_is_overtrading():
    series = closes_series([100 + (i % 3) for i in range(40)], kind=InstrumentKind.INDEX)
    fills = [fill(series, bar, Side.BUY if bar % 2 else Side.SELL, 50, fees=20.0) for bar in range(1, 25)]
    flags = review(series, fills)
    (flag,) = [flag for flag in flags if flag.code == "overtrading"]
    assert flag.lesson_id == "overtrading-and-fees"
    assert flag.details["trades"] == 24


def test_a_few_cheap_trades_are_not_overtrading():
    series = closes_series([100] * 40, kind=InstrumentKind.INDEX)
    fills = [fill(series, 2, Side.BUY, 50, fees=1.0), fill(series, 30, Side.SELL, 50, fees=1.0)]
    assert "overtrading" not in codes(review(series, fills))


def test_most_money_in_one_stock_for_weeks_is_concentration():
    series = closes_series([100] * 60)
    flags = review(series, [fill(series, 1, Side.BUY, 90)])
    (flag,) = [flag for flag in flags if flag.code == "concentration"]
    assert flag.lesson_id == "diversification"
    assert flag.details["weight"] >= 0.9


def test_an_index_fund_or_a_small_stake_is_not_concentration():
    index = closes_series([100] * 60, kind=InstrumentKind.INDEX)
    assert "concentration" not in codes(review(index, [fill(index, 1, Side.BUY, 90)]))
    stock = closes_series([100] * 60)
    assert "concentration" not in codes(review(stock, [fill(stock, 1, Side.BUY, 20)]))


def scam_tip(day: date, tip_id: str = "scam-1", kind: TipKind = TipKind.SCAM) -> Tip:
    return Tip(
        tip_id, day, kind, Bilingual("Teacher's VIP group", "老师VIP群"),
        Bilingual("Guaranteed 30% this week, buy now!", "保证一周赚30%，马上买！"), Side.BUY,
    )


def test_buying_right_after_a_scam_tip_is_acting_on_it():
    series = closes_series([10.0] * 20, kind=InstrumentKind.INDEX)
    tip = scam_tip(series.dates[3])
    session = TradingSession(series, "us", 10_000, tips=[tip])
    session.advance(3)
    assert session.tips_due() == (tip,)
    order = session.place_order("buy", 100).order
    session.advance()
    record = session.tip_records[0]
    assert record.order_ids == [order.id] and record.acted
    (flag,) = [flag for flag in session.coaching() if flag.code == "scam_tip"]
    assert flag.lesson_id == "illegal-stock-tips"
    assert flag.dates == (series.dates[3],)
    assert "保证收益" in flag.message("zh-CN")


def test_saying_you_acted_on_a_scam_tip_counts_too():
    series = closes_series([10.0] * 20, kind=InstrumentKind.INDEX)
    session = TradingSession(series, "us", 10_000, tips=[scam_tip(series.dates[2])])
    session.advance(2)
    session.respond_to_tip("scam-1", TipResponse.ACTED)
    assert "scam_tip" in codes(session.coaching())


def test_reporting_a_scam_tip_or_following_news_is_not_flagged():
    series = closes_series([10.0] * 30, kind=InstrumentKind.INDEX)
    tips = [scam_tip(series.dates[2]), scam_tip(series.dates[10], "news-1", TipKind.NEWS)]
    session = TradingSession(series, "us", 10_000, tips=tips)
    session.advance(2)
    record = session.respond_to_tip("scam-1", "reported")
    assert record.response is TipResponse.REPORTED and not record.acted
    session.advance(8)
    session.place_order("buy", 10)
    session.advance()
    assert session.tip_records[1].acted
    assert "scam_tip" not in codes(session.coaching())


def test_a_buy_weeks_after_the_tip_is_not_linked_to_it():
    series = closes_series([10.0] * 30, kind=InstrumentKind.INDEX)
    session = TradingSession(series, "us", 10_000, tips=[scam_tip(series.dates[2])])
    session.advance(15)
    session.place_order("buy", 10)
    assert not session.tip_records[0].acted


def test_tips_arrive_on_the_first_trading_day_on_or_after_their_date():
    series = closes_series([10.0] * 10, kind=InstrumentKind.INDEX)
    saturday = series.dates[3] + timedelta(days=(5 - series.dates[3].weekday()) % 7)
    tip = scam_tip(saturday)
    session = TradingSession(series, "us", 10_000, tips=[tip])
    delivered = [day for day in range(9) if tip in session.advance().tips]
    assert len(delivered) == 1
    assert session.tip_records[0].delivered_on == series.dates[series.index_on_or_after(saturday)]


def test_a_locked_tips_feed_delivers_nothing():
    series = closes_series([10.0] * 10, kind=InstrumentKind.INDEX)
    session = TradingSession(series, "us", 10_000, ALL_FEATURES - {TIPS_FEED}, tips=[scam_tip(series.dates[2])])
    reports = [session.advance() for _ in range(5)]
    assert all(report.tips == () for report in reports)
    assert session.tip_records[0].delivered_on is None


def test_flags_carry_the_curriculum_lesson_ids():
    import simulator.coaching as coaching

    assert {
        coaching.LESSON_CHASING, coaching.LESSON_PANIC_SELLING, coaching.LESSON_OVERTRADING,
        coaching.LESSON_CONCENTRATION, coaching.LESSON_SCAM_TIP,
    } == set(LESSONS.values())
