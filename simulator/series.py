"""Price series: the bars the engine replays, and the data frequency that metrics annualise by."""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from simulator.bilingual import Bilingual
from simulator.errors import SetupError


class InstrumentKind(StrEnum):
    """What a series represents; decides tradability, quantity steps and some coaching."""

    STOCK = "stock"
    # Broad indices are not tradable themselves; the simulator presents them as an index fund
    # that tracks the index at the index level (fees apply, dividends are not modelled).
    INDEX = "index"
    CRYPTO = "crypto"
    # VIX measures expected volatility; products that track it behave very differently from the
    # index, so pretending to trade it would teach something false.
    VOLATILITY_INDEX = "volatility_index"

    @property
    def tradable(self) -> bool:
        """Whether the simulator lets a learner trade it (every kind except a volatility index)."""
        return self is not InstrumentKind.VOLATILITY_INDEX

    @property
    def label(self) -> Bilingual:
        """A short name for messages."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    InstrumentKind.STOCK: Bilingual("a stock", "股票"),
    InstrumentKind.INDEX: Bilingual("an index (traded as an index fund)", "指数（按指数基金交易）"),
    InstrumentKind.CRYPTO: Bilingual("a crypto-asset", "加密资产"),
    InstrumentKind.VOLATILITY_INDEX: Bilingual("a volatility index", "波动率指数"),
}


@dataclass(frozen=True, slots=True)
class Frequency:
    """How often bars occur, and how many periods make a year for annualising returns."""

    label: str
    periods_per_year: float


def infer_frequency(dates: Sequence[date]) -> Frequency:
    """Frequency from the median gap between dates.

    Daily series of exchange-traded instruments have about 252 bars a year; a daily series that
    includes weekends (crypto) has 365. Monthly bars (the bundled Bitcoin series) give 12.
    """
    if len(dates) < 2:
        return Frequency("daily", 252.0)
    gaps = [(later - earlier).days for earlier, later in zip(dates, dates[1:])]
    median_gap = statistics.median(gaps)
    if median_gap <= 4:
        weekend_share = sum(d.weekday() >= 5 for d in dates) / len(dates)
        return Frequency("daily", 365.0 if weekend_share > 0.1 else 252.0)
    if median_gap <= 10:
        return Frequency("weekly", 52.0)
    if 25 <= median_gap <= 35:
        return Frequency("monthly", 12.0)
    if 80 <= median_gap <= 100:
        return Frequency("quarterly", 4.0)
    return Frequency("irregular", 365.25 / median_gap)


@dataclass(frozen=True, eq=False)
class PriceSeries:
    """Daily (or coarser) OHLCV bars of one instrument, oldest first, dates strictly increasing.

    Columns are tuples of plain floats: the engine's per-bar loop indexes them directly, which is
    several times faster than indexing pandas or numpy objects one element at a time.
    """

    symbol: str
    name: str
    kind: InstrumentKind
    dates: tuple[date, ...]
    open: tuple[float, ...]
    high: tuple[float, ...]
    low: tuple[float, ...]
    close: tuple[float, ...]
    volume: tuple[float, ...]
    currency: str = "USD"
    source: str = "bundled"
    # First trading day after the IPO, when known: Chinese boards lift price limits for the first
    # days of trading. None means "not a fresh listing" (limits apply from the first bar).
    listing_date: date | None = None
    # Forward-adjusted prices (dividends, bonus shares) are rescaled history: right for returns,
    # a little off the exchange's tick grid and price band on the day. Rules allow for that.
    adjusted: bool = False
    frequency: Frequency = field(init=False)

    def __post_init__(self) -> None:
        length = len(self.dates)
        if length == 0:
            raise SetupError(
                Bilingual(f"{self.symbol}: the price series is empty.", f"{self.symbol}：价格序列为空。"),
                code="empty_series",
            )
        for column in (self.open, self.high, self.low, self.close, self.volume):
            if len(column) != length:
                raise ValueError(f"{self.symbol}: all columns must have {length} values")
        for earlier, later in zip(self.dates, self.dates[1:]):
            if later <= earlier:
                raise ValueError(f"{self.symbol}: dates must be strictly increasing ({later})")
        object.__setattr__(self, "frequency", infer_frequency(self.dates))

    def __len__(self) -> int:
        return len(self.dates)

    @property
    def first_date(self) -> date:
        """Date of the oldest bar."""
        return self.dates[0]

    @property
    def last_date(self) -> date:
        """Date of the newest bar."""
        return self.dates[-1]

    def index_on_or_after(self, day: date) -> int | None:
        """Index of the first bar dated ``day`` or later, or None if there is none."""
        index = bisect_left(self.dates, day)
        return index if index < len(self.dates) else None

    def index_on_or_before(self, day: date) -> int | None:
        """Index of the last bar dated ``day`` or earlier, or None if there is none."""
        index = bisect_right(self.dates, day) - 1
        return index if index >= 0 else None

    def window(self, start: date | None = None, end: date | None = None) -> tuple[int, int]:
        """Indices of the first and last bar within [start, end]; at least two bars are required.

        Raises ``SetupError`` when the range holds fewer than two bars (nothing could be traded).
        """
        first = 0 if start is None else self.index_on_or_after(start)
        last = len(self.dates) - 1 if end is None else self.index_on_or_before(end)
        if first is None or last is None or last - first < 1:
            requested = f"{start or self.first_date} .. {end or self.last_date}"
            available = f"{self.first_date} .. {self.last_date}"
            raise SetupError(
                Bilingual(
                    f"{self.symbol}: the range {requested} holds fewer than two price bars "
                    f"(data available {available}).",
                    f"{self.symbol}：区间 {requested} 内不足两根K线（可用数据 {available}）。",
                ),
                code="empty_range",
            )
        return first, last
