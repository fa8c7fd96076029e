"""Metric formulas against independent hand calculations on small fixture series."""

from __future__ import annotations

import math
import statistics
from datetime import date, timedelta

import pytest

from simulator.backtest import run_backtest
from simulator.bundled_prices import load_bundled
from simulator.ledger import Fill
from simulator.metrics import compute_metrics, compute_return_metrics
from simulator.orders import Side
from simulator.series import infer_frequency
from simulator.session import TradingSession
from simulator.strategies import BuyAndHold, SmaCross

from .builders import closes_series

VALUES = [100.0, 110.0, 99.0, 120.0, 90.0, 130.0]
# 73 days apart: the six values span exactly 365 days.
DATES = [date(2020, 1, 1) + timedelta(days=73 * i) for i in range(6)]
PERIODS = 5.0  # five returns per 365 days


def hand_returns(values):
    return [later / earlier - 1 for earlier, later in zip(values, values[1:])]


def test_return_metrics_match_hand_calculations():
    metrics = compute_return_metrics(VALUES, DATES, PERIODS)
    returns = hand_returns(VALUES)
    mean = sum(returns) / len(returns)
    stdev = statistics.stdev(returns)
    downside = math.sqrt(sum(min(r, 0) ** 2 for r in returns) / len(returns))
    assert metrics.total_return == pytest.approx(0.30)
    assert metrics.cagr == pytest.approx(1.3 ** (365.25 / 365) - 1)
    assert metrics.volatility == pytest.approx(stdev * math.sqrt(PERIODS))
    assert metrics.sharpe == pytest.approx(mean / stdev * math.sqrt(PERIODS))
    assert metrics.sortino == pytest.approx(mean / downside * math.sqrt(PERIODS))
    # Deepest fall: from 120 to 90.
    assert metrics.max_drawdown == pytest.approx(-0.25)
    assert metrics.max_drawdown_peak == DATES[3]
    assert metrics.max_drawdown_trough == DATES[4]
    assert metrics.max_drawdown_recovered == DATES[5]
    assert metrics.max_drawdown_duration_days == 146
    assert metrics.calmar == pytest.approx(metrics.cagr / 0.25)


def test_risk_free_rate_lowers_sharpe_by_its_per_period_share():
    with_rate = compute_return_metrics(VALUES, DATES, PERIODS, risk_free_rate=0.05)
    returns = hand_returns(VALUES)
    excess = [r - 0.05 / PERIODS for r in returns]
    expected = sum(excess) / len(excess) / statistics.stdev(returns) * math.sqrt(PERIODS)
    assert with_rate.sharpe == pytest.approx(expected)


def test_unrecovered_drawdown_lasts_until_the_last_date():
    values = [100.0, 80.0, 90.0, 95.0]
    dates = [date(2021, 1, 1) + timedelta(days=10 * i) for i in range(4)]
    metrics = compute_return_metrics(values, dates, 252)
    assert metrics.max_drawdown == pytest.approx(-0.2)
    assert metrics.max_drawdown_recovered is None
    assert metrics.max_drawdown_duration_days == 30
    assert metrics.cagr is None  # 30 days is too short to annualise honestly


def test_rising_curve_has_no_drawdown_and_undefined_ratios():
    metrics = compute_return_metrics([1.0, 2.0], [date(2020, 1, 1), date(2021, 1, 1)], 1)
    assert metrics.max_drawdown == 0.0
    assert metrics.max_drawdown_duration_days == 0
    assert metrics.volatility is None and metrics.sharpe is None and metrics.calmar is None


def fill(bar, side, quantity, price, fees=1.0, realised=None):
    return Fill(1, bar, date(2020, 1, 1) + timedelta(days=bar), side, quantity, price,
                quantity * price, fees, 0.0, 0.0, fees, realised, 0.0)


def test_trading_metrics_match_hand_calculations():
    fills = [
        fill(1, Side.BUY, 10, 10.0),
        fill(2, Side.SELL, 10, 12.0, realised=18.0),
        fill(3, Side.BUY, 10, 11.0),
        fill(4, Side.SELL, 5, 10.0, realised=-6.0),
        fill(5, Side.SELL, 5, 10.0, realised=-6.0),
    ]
    equity = [1000.0, 1000.0, 1018.0, 1017.0, 1012.0, 1006.0]
    dates = [date(2020, 1, 1) + timedelta(days=i) for i in range(6)]
    metrics = compute_metrics(equity, dates, 252, fills, exposed_bars=3)
    assert metrics.win_rate == pytest.approx(1 / 3)
    traded = 100 + 120 + 110 + 50 + 50
    assert metrics.turnover == pytest.approx(traded / (sum(equity) / len(equity)))
    assert metrics.turnover_per_year is None
    assert metrics.fees_paid == 5.0
    assert metrics.exposure == pytest.approx(3 / 5)
    assert metrics.trades == 5
    assert metrics.round_trips == 2


def test_ledger_pnl_adds_up_to_the_change_in_equity():
    series = closes_series([10, 11, 12, 9, 10, 13, 12, 12])
    session = TradingSession(series, "cn_a", 100_000)
    for step in range(6):
        if step % 2 == 0:
            session.place_order("buy", 1000)
        else:
            session.place_order("sell", session.ledger.position("TEST").quantity // 2 or 100)
        session.advance()
    snapshot = session.snapshot()
    assert snapshot.equity == pytest.approx(snapshot.cash + sum(p.market_value for p in snapshot.positions))
    assert snapshot.realised_pnl + snapshot.unrealised_pnl == pytest.approx(snapshot.equity - 100_000)
    costs = sum(f.fees for f in session.trade_log)
    assert snapshot.fees_paid == pytest.approx(costs)


def test_frequency_sets_the_annualisation_factor():
    assert load_bundled("BTCUSD").frequency.periods_per_year == 12
    assert load_bundled("GOOG").frequency.periods_per_year == 252
    every_day = [date(2021, 1, 1) + timedelta(days=i) for i in range(30)]
    assert infer_frequency(every_day).periods_per_year == 365
    weekly = [date(2021, 1, 1) + timedelta(weeks=i) for i in range(30)]
    assert infer_frequency(weekly).label == "weekly"


def test_monthly_series_annualise_with_twelve_periods():
    btc = load_bundled("BTCUSD")
    session = TradingSession(btc, "us", 10_000, start=date(2017, 1, 1), end=date(2019, 12, 31))
    result = run_backtest(session, BuyAndHold())
    equity = [value for _, value in session.equity_curve]
    returns = hand_returns(equity)
    assert result.metrics.volatility == pytest.approx(statistics.stdev(returns) * math.sqrt(12))


def test_benchmark_is_buy_and_hold_of_the_same_bars():
    goog = load_bundled("GOOG")
    session = TradingSession(goog, "us", 10_000, start=date(2005, 1, 3), end=date(2006, 12, 29))
    result = run_backtest(session, SmaCross(10, 20))
    first, last = goog.index_on_or_after(date(2005, 1, 3)), goog.index_on_or_before(date(2006, 12, 29))
    assert result.benchmark.total_return == pytest.approx(goog.close[last] / goog.close[first] - 1)
    closes = goog.close[first : last + 1]
    peak, worst = closes[0], 0.0
    for close in closes:
        peak = max(peak, close)
        worst = min(worst, close / peak - 1)
    assert result.benchmark.max_drawdown == pytest.approx(worst)
