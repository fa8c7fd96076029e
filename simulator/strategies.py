"""Rule-based strategies for backtests: each plans, from prices alone, on which bars to act.

A plan maps a decision bar to a signal; the backtest places the order after that bar's close and
the engine fills it at the next bar's open. Indicators may use bars before the session start (an
average needs history); decisions are only taken inside the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np

from simulator.series import PriceSeries


class SignalKind(StrEnum):
    """What to do at a decision bar."""

    BUY_ALL = "buy_all"
    SELL_ALL = "sell_all"
    INVEST = "invest"


@dataclass(frozen=True, slots=True)
class Signal:
    """A decision; ``INVEST`` signals carry their instalment number (1, 2, ...)."""

    kind: SignalKind
    instalment: int = 0


class Strategy(Protocol):
    """Anything that can plan decisions over a window of a series."""

    name: str

    def plan(self, series: PriceSeries, first_bar: int, last_bar: int) -> Mapping[int, Signal]:
        """Signals keyed by decision bar, for bars first_bar .. last_bar - 1."""
        ...

    def params(self) -> dict[str, int]:
        """The strategy's parameters, for reports."""
        ...


@dataclass(frozen=True)
class BuyAndHold:
    """Invest all cash after the first bar and never sell."""

    name: str = "buy-and-hold"

    def plan(self, series: PriceSeries, first_bar: int, last_bar: int) -> Mapping[int, Signal]:
        """A single buy at the start."""
        return {first_bar: Signal(SignalKind.BUY_ALL)}

    def params(self) -> dict[str, int]:
        """No parameters."""
        return {}


def moving_average(values: np.ndarray, window: int) -> np.ndarray:
    """Simple moving average; NaN where fewer than ``window`` values exist."""
    result = np.full(len(values), np.nan)
    if len(values) >= window:
        result[window - 1 :] = np.lib.stride_tricks.sliding_window_view(values, window).mean(axis=1)
    return result


@dataclass(frozen=True)
class SmaCross:
    """Long-only moving-average crossover.

    Buy with all cash when the fast average crosses above the slow one; sell everything when it
    crosses below. A cross needs fast < slow on one bar and fast > slow on the next (strictly),
    the same definition as backtesting.py's ``crossover``.
    """

    fast: int = 10
    slow: int = 20
    name: str = "sma-cross"

    def __post_init__(self) -> None:
        if not 0 < self.fast < self.slow:
            raise ValueError("need 0 < fast < slow")

    def plan(self, series: PriceSeries, first_bar: int, last_bar: int) -> Mapping[int, Signal]:
        """Cross-up bars become buys, cross-down bars sells."""
        close = np.asarray(series.close, dtype=float)
        fast = moving_average(close, self.fast)
        slow = moving_average(close, self.slow)
        with np.errstate(invalid="ignore"):
            above = fast > slow
            below = fast < slow
        up = np.zeros(len(close), dtype=bool)
        down = np.zeros(len(close), dtype=bool)
        up[1:] = below[:-1] & above[1:]
        down[1:] = above[:-1] & below[1:]
        window = slice(first_bar, last_bar)
        plan: dict[int, Signal] = {}
        for bar in np.flatnonzero(up[window]) + first_bar:
            plan[int(bar)] = Signal(SignalKind.BUY_ALL)
        for bar in np.flatnonzero(down[window]) + first_bar:
            plan[int(bar)] = Signal(SignalKind.SELL_ALL)
        return plan

    def params(self) -> dict[str, int]:
        """The two windows."""
        return {"fast": self.fast, "slow": self.slow}


@dataclass(frozen=True)
class MonthlyInvesting:
    """Invest the starting cash in equal instalments, one on the first bar of each month."""

    name: str = "monthly-investing"

    def plan(self, series: PriceSeries, first_bar: int, last_bar: int) -> Mapping[int, Signal]:
        """One ``INVEST`` signal per calendar month, starting with the first bar."""
        plan: dict[int, Signal] = {}
        previous_month = None
        for bar in range(first_bar, last_bar):
            day = series.dates[bar]
            month = (day.year, day.month)
            if month != previous_month:
                plan[bar] = Signal(SignalKind.INVEST, len(plan) + 1)
                previous_month = month
        return plan

    def params(self) -> dict[str, int]:
        """No parameters."""
        return {}


def make_strategy(name: str, fast: int = 10, slow: int = 20) -> Strategy:
    """The strategy called ``name``: buy-and-hold, sma-cross or monthly-investing."""
    if name == "buy-and-hold":
        return BuyAndHold()
    if name == "sma-cross":
        return SmaCross(fast, slow)
    if name == "monthly-investing":
        return MonthlyInvesting()
    if name == "equal-weight":
        # A portfolio strategy: run it with ``simulator.rebalancing.run_equal_weight``.
        from simulator.rebalancing import EqualWeight

        return EqualWeight()  # type: ignore[return-value]
    raise ValueError(f"unknown strategy {name!r}")
