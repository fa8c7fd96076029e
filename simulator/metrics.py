"""Performance figures of an equity curve, and of the trading behind it.

All returns are fractions (0.12 = 12%) of simple per-bar returns. Formulas, with r the per-bar
returns, n the number of returns and P the bars per year of the data's frequency:
- total return = last value / first value - 1
- CAGR = (last / first) ** (1 / years) - 1, years = calendar days / 365.25; not given for periods
  shorter than ``MIN_DAYS_FOR_ANNUALISING`` days, where annualising exaggerates wildly
- volatility = sample standard deviation of r (ddof=1) x sqrt(P)
- Sharpe = mean(r - rf/P) / std(r) x sqrt(P)
- Sortino = mean(r - rf/P) / sqrt(mean(min(r - rf/P, 0) ** 2)) x sqrt(P)
- maximum drawdown = min over t of (value_t / running peak_t - 1), a negative fraction or 0;
  its duration is the calendar days from the peak before the deepest trough to the first day the
  curve is back at that peak (or to the last day, if it never recovers)
- Calmar = CAGR / |maximum drawdown|
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

import numpy as np

from simulator.ledger import Fill
from simulator.orders import Side

MIN_DAYS_FOR_ANNUALISING = 90


@dataclass(frozen=True, slots=True)
class ReturnMetrics:
    """Return and risk figures of one value curve (a portfolio or a buy-and-hold benchmark)."""

    total_return: float
    cagr: float | None
    volatility: float | None
    sharpe: float | None
    sortino: float | None
    max_drawdown: float
    max_drawdown_duration_days: int
    max_drawdown_peak: date | None
    max_drawdown_trough: date | None
    max_drawdown_recovered: date | None
    calmar: float | None

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form: dates as ISO strings, undefined figures as None."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, date):
                data[key] = value.isoformat()
        return data


@dataclass(frozen=True, slots=True)
class Metrics(ReturnMetrics):
    """``ReturnMetrics`` of the portfolio plus figures about its trading."""

    win_rate: float | None
    turnover: float
    turnover_per_year: float | None
    fees_paid: float
    taxes_paid: float
    exposure: float
    trades: int
    round_trips: int


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def compute_return_metrics(
    values: Sequence[float],
    dates: Sequence[date],
    periods_per_year: float,
    risk_free_rate: float = 0.0,
) -> ReturnMetrics:
    """Return metrics of ``values`` observed on ``dates`` (same length, at least one value)."""
    curve = np.asarray(values, dtype=float)
    first, last = curve[0], curve[-1]
    total_return = float(last / first - 1.0)
    days = (dates[-1] - dates[0]).days
    cagr = None
    if days >= MIN_DAYS_FOR_ANNUALISING and first > 0 and last >= 0:
        cagr = _finite((last / first) ** (365.25 / days) - 1.0)

    volatility = sharpe = sortino = None
    if len(curve) >= 3:
        returns = curve[1:] / curve[:-1] - 1.0
        excess = returns - risk_free_rate / periods_per_year
        spread = float(np.std(returns, ddof=1))
        scale = math.sqrt(periods_per_year)
        volatility = spread * scale
        if spread > 0:
            sharpe = _finite(float(np.mean(excess)) / spread * scale)
        downside = math.sqrt(float(np.mean(np.minimum(excess, 0.0) ** 2)))
        if downside > 0:
            sortino = _finite(float(np.mean(excess)) / downside * scale)

    peaks = np.maximum.accumulate(curve)
    drawdowns = curve / peaks - 1.0
    trough = int(np.argmin(drawdowns))
    max_drawdown = float(drawdowns[trough])
    peak_date = trough_date = recovered_date = None
    duration = 0
    if max_drawdown < 0:
        peak_value = peaks[trough]
        peak = int(np.flatnonzero(curve[: trough + 1] == peak_value)[-1])
        later = np.flatnonzero(curve[trough:] >= peak_value)
        end = trough + int(later[0]) if later.size else len(curve) - 1
        peak_date, trough_date = dates[peak], dates[trough]
        recovered_date = dates[end] if later.size else None
        duration = (dates[end] - dates[peak]).days
    else:
        max_drawdown = 0.0
    calmar = None
    if cagr is not None and max_drawdown < 0:
        calmar = _finite(cagr / abs(max_drawdown))
    return ReturnMetrics(
        total_return=total_return,
        cagr=cagr,
        volatility=volatility,
        sharpe=sharpe,
        sortino=sortino,
        max_drawdown=max_drawdown,
        max_drawdown_duration_days=duration,
        max_drawdown_peak=peak_date,
        max_drawdown_trough=trough_date,
        max_drawdown_recovered=recovered_date,
        calmar=calmar,
    )


def compute_metrics(
    equity: Sequence[float],
    dates: Sequence[date],
    periods_per_year: float,
    fills: Sequence[Fill],
    exposed_bars: int,
    risk_free_rate: float = 0.0,
) -> Metrics:
    """All metrics of a portfolio whose value was ``equity`` on ``dates``.

    ``exposed_bars`` counts bars (after the first) that ended with a position; exposure is their
    share of those bars. Win rate is the share of sells with a positive realised P&L (after all
    costs). Turnover is traded value (buys plus sells) over average equity, for the whole period
    and per year.
    """
    returns = compute_return_metrics(equity, dates, periods_per_year, risk_free_rate)
    sells = [fill for fill in fills if fill.side is Side.SELL]
    wins = sum((fill.realised_pnl or 0.0) > 0 for fill in sells)
    win_rate = wins / len(sells) if sells else None
    traded = sum(fill.value for fill in fills)
    average_equity = float(np.mean(np.asarray(equity, dtype=float)))
    turnover = traded / average_equity if average_equity > 0 else 0.0
    days = (dates[-1] - dates[0]).days
    turnover_per_year = turnover * 365.25 / days if days >= MIN_DAYS_FOR_ANNUALISING else None
    held: dict[str, float] = {}
    round_trips = 0
    for fill in fills:
        # A round trip closes when one instrument's holding is back to zero.
        before = held.get(fill.symbol, 0.0)
        now = before + fill.quantity if fill.side is Side.BUY else before - fill.quantity
        held[fill.symbol] = now
        if fill.side is Side.SELL and abs(now) < 1e-9:
            round_trips += 1
    bars = len(equity) - 1
    return Metrics(
        **{f.name: getattr(returns, f.name) for f in fields(ReturnMetrics)},
        win_rate=win_rate,
        turnover=turnover,
        turnover_per_year=turnover_per_year,
        fees_paid=round(sum(fill.fees for fill in fills), 2),
        taxes_paid=round(sum(fill.stamp_duty for fill in fills), 2),
        exposure=exposed_bars / bars if bars > 0 else 0.0,
        trades=len(fills),
        round_trips=round_trips,
    )
