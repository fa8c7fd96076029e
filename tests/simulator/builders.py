"""Small hand-made price series for rule and metric tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from simulator.series import InstrumentKind, PriceSeries

Bar = tuple[float, float, float, float]  # open, high, low, close


def trading_days(start: date, count: int) -> list[date]:
    """``count`` weekdays from ``start`` on."""
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def series_from_bars(
    bars: Sequence[Bar],
    symbol: str = "TEST",
    kind: InstrumentKind = InstrumentKind.STOCK,
    start: date = date(2021, 1, 4),
    dates: Sequence[date] | None = None,
    listing_date: date | None = None,
) -> PriceSeries:
    """A series with the given (open, high, low, close) bars on consecutive weekdays."""
    days = list(dates) if dates is not None else trading_days(start, len(bars))
    return PriceSeries(
        symbol=symbol,
        name=symbol,
        kind=kind,
        dates=tuple(days),
        open=tuple(float(bar[0]) for bar in bars),
        high=tuple(float(bar[1]) for bar in bars),
        low=tuple(float(bar[2]) for bar in bars),
        close=tuple(float(bar[3]) for bar in bars),
        volume=tuple(1000.0 for _ in bars),
        source="test",
        listing_date=listing_date,
    )


def flat_series(price: float = 10.0, count: int = 10, **options: object) -> PriceSeries:
    """``count`` bars that all open, trade and close at ``price``."""
    return series_from_bars([(price, price, price, price)] * count, **options)  # type: ignore[arg-type]


def closes_series(closes: Sequence[float], **options: object) -> PriceSeries:
    """Bars whose open, high, low and close are all the given close."""
    return series_from_bars([(c, c, c, c) for c in closes], **options)  # type: ignore[arg-type]
