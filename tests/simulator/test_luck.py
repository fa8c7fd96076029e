"""Luck or skill: random traders on the same prices, rules and number of trades."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from simulator.bundled_prices import load_bundled
from simulator.luck import random_traders
from simulator.session import TradingSession


def one_year_of_index(cash=1_000_000.0) -> TradingSession:
    return TradingSession(load_bundled("000300.SS"), "cn_a", cash, start=date(2015, 1, 5), end=date(2015, 12, 31))


def test_a_single_random_buy_is_buy_and_hold_from_its_open_after_costs():
    session = one_year_of_index()
    session.advance(session.last_bar - session.bar)
    report = random_traders(session, traders=400, trades=1, seed=7)
    series = session.series
    first, last = session.first_bar, session.last_bar
    profile = session.profile
    rate = profile.commission_rate + profile.transfer_fee_rate
    gross = 1_000_000 / (1 + rate)
    possible = {
        round(gross / series.open[bar] * series.close[last] / 1_000_000 - 1, 9)
        for bar in range(first + 1, last + 1)
    }
    buys = report.returns[report.returns != 0]
    assert 0.3 < buys.size / 400 < 0.7  # half buy, half try to sell what they do not have
    assert all(round(float(value), 9) in possible for value in buys)


def test_a_suspended_instrument_cannot_be_traded_by_random_traders_either():
    session = TradingSession([load_bundled("000002.SZ"), load_bundled("000300.SS")], "cn_a", 1_000_000,
                             start=date(2015, 12, 21), end=date(2016, 6, 30))
    session.advance(session.last_bar - session.bar)
    report = random_traders(session, traders=4000, trades=1, seed=3)
    unchanged = float(np.mean(report.returns == 0))
    # Sells of nothing (1/2) and buys of suspended Vanke (1/4) leave the account unchanged.
    assert 0.72 < unchanged < 0.78


def test_random_traders_match_the_learner_and_report_where_the_learner_stands():
    session = one_year_of_index()
    session.place_order("buy", 200)
    session.advance(60)
    session.place_order("sell", 200)
    session.advance(session.last_bar - session.bar)
    report = session.luck_or_skill(traders=1000, seed=11)
    assert report.trades == len(session.trade_log) == 2
    assert report.returns.shape == (1000,) and np.all(report.returns > -1)
    assert np.all(report.drawdowns <= 0)
    learner = session.equity / session.start_cash - 1
    assert report.learner_return == pytest.approx(learner)
    assert report.return_beaten_share == pytest.approx(float(np.mean(report.returns < learner)))
    text = report.message
    assert "1,000 random traders" in text.en and "随机" in text.zh
    again = session.luck_or_skill(traders=1000, seed=11)
    assert np.array_equal(again.returns, report.returns)
