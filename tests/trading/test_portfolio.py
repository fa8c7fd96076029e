"""Portfolios on the trading floor, on the bundled data of a five-share scenario: the chart and
the ticket follow the chosen instrument, positions list every instrument with today's badges,
and the report compares the learner with random traders and debriefs the margin offer."""

from __future__ import annotations

import pytest

from edu_app.trading import TradingService

EGGS = "eggs-in-baskets-2014"
PING_AN, VANKE, HUAYI = "601318.SS", "000002.SZ", "300027.SZ"


def test_a_portfolio_scenario_is_playable_instrument_by_instrument(trading: TradingService, unlocked_id: int) -> None:
    sid = trading.start_scenario(unlocked_id, EGGS)
    view = trading.view(unlocked_id, sid, symbol=VANKE)
    assert view.symbols == (PING_AN, "000001.SZ", VANKE, "002032.SZ", HUAYI)
    assert view.symbol == VANKE and view.bars[-1].date == view.date
    assert view.price == pytest.approx(view.bars[-1].close)
    estimate = trading.estimate(unlocked_id, sid, "buy", 1000, symbol=VANKE)
    assert estimate.value == pytest.approx(round(1000 * view.price, 2))

    assert trading.place_order(unlocked_id, sid, "buy", 1000, symbol=VANKE).accepted
    assert trading.place_order(unlocked_id, sid, "buy", 500, symbol=PING_AN).accepted
    after = trading.advance(unlocked_id, sid, 1, symbol=VANKE)
    assert after.symbol == VANKE
    assert [f[2] for f in after.fills] == [1000]  # only Vanke's fills are marked on Vanke's chart
    assert [p.symbol for p in after.positions] == list(after.symbols)  # every instrument is listed
    held = {p.symbol: p.quantity for p in after.positions}
    assert held[VANKE] == 1000 and held[PING_AN] == 500 and held[HUAYI] == 0
    assert sum(p.weight for p in after.positions) < 1
    # Past a day when the first instrument was suspended, "My sessions" still shows today's date.
    later = trading.advance(unlocked_id, sid, 210)
    assert trading.sessions(unlocked_id)[0].current == later.date
    # An unknown choice falls back to the first instrument rather than breaking the screen.
    assert trading.view(unlocked_id, sid, symbol="NOPE").symbol == PING_AN


@pytest.mark.parametrize(
    ("bars", "symbol", "badge"),
    [(40, VANKE, "limit_up"), (480, VANKE, "suspended"), (610, VANKE, "limit_down"), (214, HUAYI, "limit_up")],
)
def test_positions_carry_todays_suspended_and_limit_badges(
    trading: TradingService, unlocked_id: int, bars: int, symbol: str, badge: str
) -> None:
    sid = trading.start_scenario(unlocked_id, EGGS)
    # The day before (the first such day of the scenario) has no such badge: it is today's state.
    before = trading.advance(unlocked_id, sid, bars - 1)
    assert badge not in next(p for p in before.positions if p.symbol == symbol).badges
    view = trading.advance(unlocked_id, sid, 1)
    line = next(p for p in view.positions if p.symbol == symbol)
    assert line.badges == (badge,)


def test_the_report_shows_luck_or_skill_and_the_margin_what_if(trading: TradingService, unlocked_id: int) -> None:
    sid = trading.start_scenario(unlocked_id, EGGS)
    assert trading.report(unlocked_id, sid).luck_or_skill is None  # nothing played yet
    trading.place_order(unlocked_id, sid, "buy", 2000, symbol=PING_AN)
    trading.place_order(unlocked_id, sid, "buy", 2000, symbol=VANKE)
    trading.advance(unlocked_id, sid, 100_000)
    trading.finish(unlocked_id, sid)
    report = trading.report(unlocked_id, sid)

    luck = report.luck_or_skill
    assert luck is not None and luck.traders == 1000 and luck.trades == 2
    assert 0 <= luck.return_beaten_share <= 1 and 0 <= luck.drawdown_smaller_share <= 1
    assert "1,000 random traders" in luck.message.en and "1,000" in luck.message.zh
    assert f"{luck.return_beaten_share:.0%}" in luck.message.en
    assert luck.learner_return == pytest.approx(report.portfolio.total_return, abs=1e-6)
    # Computed once per finished session: reopening the report reuses it.
    assert trading.report(unlocked_id, sid).luck_or_skill is luck

    (margin,) = report.margin_what_if
    assert margin.tip_id == "eggs-peizi-offer" and margin.symbol == HUAYI and margin.leverage == 5
    assert margin.learner_return is not None
    assert "illegal" in margin.explanation.en and "违法" in margin.explanation.zh
    assert margin.lesson_route and "off-exchange-margin" in margin.lesson_route


def test_a_single_instrument_session_lists_only_its_holding(trading: TradingService, unlocked_id: int) -> None:
    sid = trading.start_scenario(unlocked_id, "selloff-2018")
    assert trading.view(unlocked_id, sid).positions == ()
    assert trading.report(unlocked_id, sid).margin_what_if == ()


def test_free_practice_takes_a_portfolio_of_up_to_five(trading: TradingService, unlocked_id: int) -> None:
    from datetime import date

    from edu_app.trading import TradingError

    sid = trading.start_practice(unlocked_id, ["MSFT", "GSPC"], date(2010, 1, 1), date(2010, 12, 31), "us", 20_000)
    view = trading.view(unlocked_id, sid, symbol="GSPC")
    assert view.symbols == ("MSFT", "GSPC") and view.symbol == "GSPC"
    assert [p.symbol for p in view.positions] == ["MSFT", "GSPC"]
    # A portfolio is named by its symbols (full names would not fit a line on a phone).
    assert view.title.en == "Free practice: MSFT, GSPC" and view.title.zh == "自由练习：MSFT、GSPC"
    with pytest.raises(TradingError) as error:
        trading.start_practice(unlocked_id, ["MSFT"] * 3 + ["GSPC", "AAPL", "X1", "X2"], None, None)
    assert error.value.code == "too_many_instruments"


def test_a_gtc_buy_on_a_day_locked_at_limit_up_stays_open_and_says_why(
    trading: TradingService, unlocked_id: int
) -> None:
    # East Money resumed on 2015-04-16 and traded at one price, limit-up, for nine days.
    sid = trading.start_scenario(unlocked_id, "locked-limit-eastmoney-2015")
    gtc = trading.place_order(unlocked_id, sid, "buy", 100, time_in_force="gtc")
    day = trading.place_order(unlocked_id, sid, "buy", 100, time_in_force="day")
    assert gtc.accepted and day.accepted
    view = trading.advance(unlocked_id, sid)
    assert view.date.isoformat() == "2015-04-17" and view.positions == ()
    assert [o.id for o in view.open_orders] == [gtc.order.id]
    assert view.waiting[gtc.order.id].message("en").startswith("Limit-up lock on 2015-04-17")
    expired = next(o for o in view.closed_orders if o.id == day.order.id)
    assert expired.status.value == "expired"
