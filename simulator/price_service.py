"""One door to prices: bundled series first, then the local cache, then (if asked) a download.

``PriceService`` never lets a failed download damage what is stored: downloads are validated
before anything is written, and when an update fails but cached prices exist they are served with
a notice instead of an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from simulator.bundled_prices import BUNDLED, find_bundled, load_bundled
from simulator.price_cache import CachedSeriesInfo, PriceCache
from simulator.price_errors import (
    EmptyDataError,
    EmptyRangeError,
    FetchFailedError,
    InvalidTickerError,
    NotAvailableError,
    PriceDataError,
    PriceNotice,
)
from simulator.price_fetcher import Fetcher
from simulator.price_frames import frame_to_series
from simulator.series import InstrumentKind, PriceSeries

CACHE_FILENAME = "prices.sqlite"
_TICKER = re.compile(r"^[A-Z0-9^][A-Z0-9.\-=^]{0,19}$")
# Listings start and data ends on trading days; a week of slack avoids calling a range that
# starts on a holiday weekend "partial".
_PARTIAL_SLACK = timedelta(days=7)


class FetchStage(StrEnum):
    """Steps of a download, for progress displays."""

    CONNECTING = "connecting"
    CHECKING = "checking"
    SAVING = "saving"
    DONE = "done"


@dataclass(frozen=True)
class LoadedPrices:
    """A series and where it came from (``bundled`` or ``cache``), with anything to report."""

    series: PriceSeries
    source: str
    notices: tuple[PriceNotice, ...] = ()


@dataclass(frozen=True)
class FetchReport:
    """The result of a download."""

    symbol: str
    rows: int
    first: date
    last: date
    notices: tuple[PriceNotice, ...] = ()


def normalise_symbol(symbol: str) -> str:
    """Upper-case, stripped ticker; ``InvalidTickerError`` if it cannot be one."""
    cleaned = symbol.strip().upper()
    if not _TICKER.match(cleaned):
        raise InvalidTickerError(symbol=symbol)
    return cleaned


def guess_kind(symbol: str) -> InstrumentKind:
    """Instrument kind from Yahoo's ticker conventions (^ for indices, -USD for crypto)."""
    if symbol == "^VIX":
        return InstrumentKind.VOLATILITY_INDEX
    if symbol.startswith("^"):
        return InstrumentKind.INDEX
    if symbol.endswith(("-USD", "-USDT", "-EUR", "-CNY")):
        return InstrumentKind.CRYPTO
    return InstrumentKind.STOCK


def guess_board(symbol: str, kind: InstrumentKind) -> str:
    """Listing board from a Yahoo ticker: A-share codes say their board, anything else is ``us``.

    600/601/603/605 (.SS) are the SSE main board, 688 the STAR Market; 000/001 (.SZ) the SZSE
    main board, 002/003 its former SME board (merged into the main board on 2021-04-06), 300/301
    ChiNext. Indices are ``index``.
    """
    code, _, suffix = symbol.upper().partition(".")
    if kind is InstrumentKind.INDEX:
        return "index"
    if suffix == "SS":
        return "star" if code.startswith("688") else "sse_main"
    if suffix == "SZ":
        if code.startswith(("300", "301")):
            return "chinext"
        return "sme" if code.startswith(("002", "003")) else "szse_main"
    return "us"


def guess_currency(symbol: str) -> str:
    """Trading currency from the exchange suffix (.SS/.SZ yuan, .HK Hong Kong dollars)."""
    if symbol.endswith((".SS", ".SZ", ".BJ")):
        return "CNY"
    if symbol.endswith(".HK"):
        return "HKD"
    return "USD"


class PriceService:
    """Prices from the bundle (``prices_dir``), the cache (``cache_path``) and ``fetcher``."""

    def __init__(
        self,
        cache_path: Path | None = None,
        fetcher: Fetcher | None = None,
        prices_dir: Path | None = None,
    ) -> None:
        self.cache = PriceCache(cache_path) if cache_path is not None else None
        self.fetcher = fetcher
        self.prices_dir = prices_dir

    def load(
        self,
        symbol: str,
        start: date | None = None,
        end: date | None = None,
        *,
        update: bool = False,
    ) -> LoadedPrices:
        """Prices of ``symbol``: bundled, else cached (downloading missing parts if ``update``).

        Raises ``NotAvailableError`` when nothing is stored and nothing could be downloaded.
        """
        if start and end and start > end:
            raise EmptyRangeError(start=start.isoformat(), end=end.isoformat())
        if find_bundled(symbol) is not None:
            return LoadedPrices(load_bundled(symbol, self.prices_dir), "bundled")
        ticker = normalise_symbol(symbol)
        notices: list[PriceNotice] = []
        if update and self.fetcher is not None and self.cache is not None:
            wanted = (start or date(1970, 1, 1), end or date.today())
            for piece in self.cache.missing_ranges(ticker, *wanted):
                try:
                    notices.extend(self.fetch(ticker, *piece).notices)
                except EmptyDataError:
                    continue  # nothing traded in that piece (before listing, holidays)
                except PriceDataError as error:
                    if self.cache.load(ticker) is None:
                        raise
                    reason = {"symbol": ticker, "reason": error.message("en")}
                    notices.append(PriceNotice("stale_cache", reason))
                    break
        series = self.cache.load(ticker, start, end) if self.cache is not None else None
        if self.cache is not None:
            notices.extend(self.cache.notices)
        if series is None:
            raise NotAvailableError(symbol=ticker, bundled=", ".join(item.symbol for item in BUNDLED))
        notices.extend(partial_range_notice(series, start, end))
        return LoadedPrices(series, "cache", tuple(notices))

    def fetch(
        self,
        symbol: str,
        start: date | None = None,
        end: date | None = None,
        progress: Callable[[FetchStage], None] | None = None,
    ) -> FetchReport:
        """Download ``symbol`` for [start, end] into the cache; typed ``PriceDataError`` on failure."""
        ticker = normalise_symbol(symbol)
        if start and end and start > end:
            raise EmptyRangeError(start=start.isoformat(), end=end.isoformat())
        if self.fetcher is None or self.cache is None:
            raise FetchFailedError(symbol=ticker, detail="downloading is not available here")
        report = progress or (lambda stage: None)
        report(FetchStage.CONNECTING)
        try:
            frame = self.fetcher.fetch(ticker, start, end)
        except PriceDataError:
            raise
        except Exception as error:  # noqa: BLE001 - a fetcher bug must not crash the app
            raise FetchFailedError(symbol=ticker, detail=f"{type(error).__name__}: {error}") from None
        report(FetchStage.CHECKING)
        try:
            series, notices = frame_to_series(
                frame, ticker, kind=guess_kind(ticker), currency=guess_currency(ticker),
                source="cache",
            )
        except EmptyDataError:
            raise EmptyDataError(
                symbol=ticker, start=start.isoformat() if start else "-", end=end.isoformat() if end else "-"
            ) from None
        if start is not None or end is not None:
            # Keep only what was asked for, so coverage and bars agree.
            low, high = start or date.min, end or date.max
            keep = [i for i, day in enumerate(series.dates) if low <= day <= high]
            if not keep:
                raise EmptyDataError(symbol=ticker, start=str(start or "-"), end=str(end or "-"))
            series = _subset(series, keep[0], keep[-1] + 1)
        notices.extend(partial_range_notice(series, start, end))
        report(FetchStage.SAVING)
        requested = (start or series.first_date, end or series.last_date)
        rows = self.cache.store(series, requested)
        report(FetchStage.DONE)
        return FetchReport(ticker, rows, series.first_date, series.last_date, tuple(notices))

    def list_cached(self) -> list[CachedSeriesInfo]:
        """What the cache holds (empty without a cache)."""
        return self.cache.list_series() if self.cache is not None else []


def _subset(series: PriceSeries, begin: int, end: int) -> PriceSeries:
    return PriceSeries(
        symbol=series.symbol, name=series.name, kind=series.kind,
        dates=series.dates[begin:end], open=series.open[begin:end], high=series.high[begin:end],
        low=series.low[begin:end], close=series.close[begin:end], volume=series.volume[begin:end],
        currency=series.currency, source=series.source,
    )


def partial_range_notice(series: PriceSeries, start: date | None, end: date | None) -> list[PriceNotice]:
    """A ``partial_range`` notice if ``series`` starts well after ``start`` or ends well before ``end``."""
    late_start = start is not None and series.first_date - start > _PARTIAL_SLACK
    early_end = end is not None and end - series.last_date > _PARTIAL_SLACK
    if not (late_start or early_end):
        return []
    return [
        PriceNotice(
            "partial_range",
            {
                "symbol": series.symbol,
                "got_start": series.first_date.isoformat(),
                "got_end": series.last_date.isoformat(),
                "start": start.isoformat() if start else series.first_date.isoformat(),
                "end": end.isoformat() if end else series.last_date.isoformat(),
            },
        )
    ]
