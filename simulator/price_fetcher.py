"""Downloading prices: the ``Fetcher`` protocol and its yfinance implementation.

Everything that talks to the network sits behind ``Fetcher`` so tests inject a fake and never
touch the network. ``YFinanceFetcher`` translates yfinance's exceptions into the simulator's
typed price errors.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from simulator.price_errors import (
    EmptyDataError,
    FetchFailedError,
    NoNetworkError,
    PriceDataError,
    RateLimitedError,
    UnknownTickerError,
)

if TYPE_CHECKING:
    import pandas as pd


class Fetcher(Protocol):
    """Downloads daily bars of one ticker for [start, end] (both inclusive; None = open)."""

    def fetch(self, symbol: str, start: date | None, end: date | None) -> pd.DataFrame:
        """A table with a datetime index (or ``date`` column) and OHLCV columns.

        Raises a ``PriceDataError`` subclass for failures it can name.
        """
        ...


class YFinanceFetcher:
    """Daily bars from Yahoo Finance through yfinance, split- and dividend-adjusted.

    yfinance keeps its own small caches (time zones, cookies); they go under
    ``cache_dir / "yfinance"`` so that the app never writes outside its cache dir.
    """

    def __init__(self, cache_dir: Path, timeout: float = 20.0) -> None:
        self.cache_dir = Path(cache_dir)
        self.timeout = timeout

    def fetch(self, symbol: str, start: date | None, end: date | None) -> pd.DataFrame:
        """Download ``symbol``; see ``Fetcher.fetch``."""
        import yfinance as yf
        from yfinance import exceptions as yf_errors

        location = self.cache_dir / "yfinance"
        location.mkdir(parents=True, exist_ok=True)
        yf.set_tz_cache_location(str(location))
        # By default yfinance logs failures and returns an empty table; raising lets each
        # failure get its own message.
        yf.config.debug.hide_exceptions = False
        shown = (start.isoformat() if start else "-", end.isoformat() if end else "-")
        options: dict[str, object] = {
            "interval": "1d", "auto_adjust": True, "actions": False, "timeout": self.timeout,
        }
        if start is None and end is None:
            options["period"] = "max"
        if start is not None:
            options["start"] = start.isoformat()
        if end is not None:
            # yfinance's end is exclusive; ours is inclusive.
            options["end"] = (end + timedelta(days=1)).isoformat()
        # yfinance logs retries and fallbacks as warnings; the outcome is reported here instead.
        logger = logging.getLogger("yfinance")
        level = logger.level
        logger.setLevel(logging.ERROR)
        try:
            return yf.Ticker(symbol).history(**options)
        except yf_errors.YFRateLimitError:
            raise RateLimitedError(symbol=symbol) from None
        except yf_errors.YFPricesMissingError:
            raise EmptyDataError(symbol=symbol, start=shown[0], end=shown[1]) from None
        except yf_errors.YFTickerMissingError:
            raise UnknownTickerError(symbol=symbol) from None
        except PriceDataError:
            raise
        except OSError as error:
            # requests' and curl_cffi's connection, DNS, TLS and timeout errors are OSErrors.
            raise NoNetworkError(symbol=symbol, detail=type(error).__name__) from None
        except Exception as error:  # noqa: BLE001 - any other failure gets a message, not a traceback
            raise FetchFailedError(symbol=symbol, detail=f"{type(error).__name__}: {error}") from None
        finally:
            logger.setLevel(level)
