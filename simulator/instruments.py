"""One instrument inside a session: its prices on the session's calendar and its board's rules.

A session's calendar is the union of its instruments' trading days. An instrument with no bar on
a calendar day is **suspended** that day (or not listed yet, or past the end of its data): its
orders wait, day orders expire, and it is valued at its last close. Trading halts like this are
how exchanges pause a stock pending news (a restructuring, a takeover battle), sometimes for
months.

Price limits follow the board and the date (``Board.limit_on``) and are computed from the
instrument's own previous close, which after a suspension is the close before it. A **locked**
limit is a day that traded at a single price, the limit: buyers queued at limit-up found no
sellers (sellers at limit-down no buyers), so an order on the crowded side cannot fill.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from simulator.market_rules import (
    ADJUSTED_BAND_TOLERANCE,
    Board,
    QuantityRules,
    RulesProfile,
    board_for,
    price_band,
    quantity_rules,
)
from simulator.series import PriceSeries

_EPSILON = 1e-9


def union_calendar(series: Sequence[PriceSeries]) -> tuple[date, ...]:
    """Every date on which at least one of ``series`` traded, oldest first."""
    if len(series) == 1:
        return series[0].dates
    return tuple(sorted(set().union(*(item.dates for item in series))))


@dataclass(frozen=True, slots=True)
class LimitState:
    """Where one instrument's price stood against its daily limits on one bar."""

    limit: float | None
    low: float | None
    high: float | None
    locked_up: bool
    locked_down: bool


NO_LIMIT = LimitState(None, None, None, False, False)


class Instrument:
    """``series`` mapped onto ``calendar``, with its board, lot rules and limit checks."""

    def __init__(
        self,
        series: PriceSeries,
        calendar: Sequence[date],
        profile: RulesProfile,
        is_st: bool = False,
    ) -> None:
        self.series = series
        self.symbol = series.symbol
        self.profile = profile
        self.is_st = is_st
        self.board: Board = board_for(profile, series.symbol, series.kind, is_st)
        self.quantities: QuantityRules = quantity_rules(self.board, series.kind)
        self.tick = profile.price_tick or 0.01
        self.tolerance = ADJUSTED_BAND_TOLERANCE if series.adjusted else 0.0
        dates = series.dates
        if calendar is dates:
            # One instrument: the calendar is its own dates, calendar bar == series row.
            self.row = list(range(len(dates)))
            self.last_row = self.row
        else:
            position = {day: index for index, day in enumerate(dates)}
            self.row = [position.get(day, -1) for day in calendar]
            self.last_row = [bisect_right(dates, day) - 1 for day in calendar]
        closes = series.close
        first_close = closes[0]
        # Valued at the last close (suspended days carry it); before its first bar, at that bar's
        # close, which only matters for charts since nothing can be bought before listing.
        self.valuation = [closes[row] if row >= 0 else first_close for row in self.last_row]
        limits_from = 1
        board = self.board
        if board.unlimited_first_days and series.listing_date is not None:
            since = board.unlimited_first_days_since
            if since is None or series.listing_date >= since:
                listing = series.index_on_or_after(series.listing_date)
                limits_from = (listing or 0) + board.unlimited_first_days
        self._limits_from_row = limits_from

    # ------------------------------------------------------------------------------ calendar

    def trades_on(self, bar: int) -> bool:
        """Whether the instrument has a bar on calendar day ``bar`` (False: suspended)."""
        return self.row[bar] >= 0

    def listed_by(self, bar: int) -> bool:
        """Whether the instrument had traded on or before calendar day ``bar``."""
        return self.last_row[bar] >= 0

    def ended_by(self, bar: int) -> bool:
        """Whether the data ends before calendar day ``bar`` (no later bar to fill on)."""
        return self.last_row[bar] == len(self.series) - 1 and self.row[bar] < 0

    def last_close(self, bar: int) -> float:
        """The most recent close on or before calendar day ``bar``."""
        return self.valuation[bar]

    # -------------------------------------------------------------------------------- limits

    def limit_for_row(self, row: int) -> float | None:
        """The daily limit on series row ``row`` (None: no limit that day)."""
        if row < self._limits_from_row:
            return None
        return self.board.limit_on(self.series.dates[row])

    def band_after(self, bar: int, day: date) -> tuple[float, float, float] | None:
        """``(low, high, limit)`` for the next bar this instrument trades, dated about ``day``.

        Used when an order is placed after the close of calendar day ``bar``: the band is set by
        the last close, whenever the next trade happens.
        """
        row = self.last_row[bar]
        if row < 0 or row + 1 < self._limits_from_row:
            return None
        limit = self.board.limit_on(day)
        if limit is None:
            return None
        low, high = price_band(self.series.close[row], limit, self.tick, self.tolerance)
        return low, high, limit

    def limit_state(self, row: int) -> LimitState:
        """Band and lock flags of series row ``row`` against the close before it."""
        if row < 1:
            return NO_LIMIT
        limit = self.limit_for_row(row)
        if limit is None:
            return NO_LIMIT
        series = self.series
        previous = series.close[row - 1]
        low, high = price_band(previous, limit, self.tick, self.tolerance)
        one_price = series.high[row] - series.low[row] < self.tick / 2
        if self.tolerance:
            # Adjusted prices miss the exact limit by a little: a one-price day near it is a lock.
            near = previous * (limit - self.tolerance)
            up = one_price and series.close[row] >= previous + near - _EPSILON
            down = one_price and series.close[row] <= previous - near + _EPSILON
        else:
            exact_low, exact_high = price_band(previous, limit, self.tick)
            up = series.low[row] >= exact_high - _EPSILON
            down = series.high[row] <= exact_low + _EPSILON
        return LimitState(limit, low, high, up, down)

    def limit_up_streak(self, row: int) -> int:
        """How many limit-up closes in a row end at series row ``row`` (0 if it was not one)."""
        count = 0
        series = self.series
        while row >= 1:
            limit = self.limit_for_row(row)
            if limit is None:
                break
            previous = series.close[row - 1]
            slack = self.tolerance or self.tick / previous
            if series.close[row] < previous * (1 + limit - slack) - _EPSILON:
                break
            count += 1
            row -= 1
        return count


def finite_positive(value: float | None) -> bool:
    """A real, positive number (not None, NaN or infinite)."""
    return isinstance(value, int | float) and math.isfinite(value) and value > 0
