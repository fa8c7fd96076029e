"""The price series shipped with the app (``assets/prices``), readable with no network at all.

The files are real market data copied unchanged from public Python packages; their provenance
is in ``assets/prices/PROVENANCE.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from simulator.bilingual import Bilingual
from simulator.series import InstrumentKind, PriceSeries


@dataclass(frozen=True)
class BundledSeries:
    """One bundled file and what it holds."""

    symbol: str
    filename: str
    name: Bilingual
    kind: InstrumentKind
    aliases: tuple[str, ...] = ()
    currency: str = "USD"
    close_column: str = "close"


BUNDLED: tuple[BundledSeries, ...] = (
    BundledSeries(
        "GSPC", "GSPC_sp500_index_daily_1999_2018.csv",
        Bilingual("S&P 500 index fund (tracks ^GSPC)", "标普500指数基金（跟踪 ^GSPC）"),
        InstrumentKind.INDEX, ("^GSPC", "SP500"),
    ),
    BundledSeries(
        "IXIC", "IXIC_nasdaq_composite_daily_1999_2018.csv",
        Bilingual("NASDAQ Composite index fund (tracks ^IXIC)", "纳斯达克综合指数基金（跟踪 ^IXIC）"),
        InstrumentKind.INDEX, ("^IXIC", "NASDAQ"),
    ),
    BundledSeries(
        "VIX", "VIX_daily_2014_2019.csv",
        Bilingual("CBOE Volatility Index (watch only)", "芝加哥期权交易所波动率指数（仅供观察）"),
        InstrumentKind.VOLATILITY_INDEX, ("^VIX",), close_column="vix",
    ),
    BundledSeries(
        "GOOG", "GOOG_daily_2004_2013.csv",
        Bilingual("Alphabet (Google), not split-adjusted", "Alphabet（谷歌），未做拆股调整"),
        InstrumentKind.STOCK,
    ),
    BundledSeries(
        "MSFT", "MSFT_daily_1986_2017.csv",
        Bilingual("Microsoft, split-adjusted", "微软，已做拆股调整"),
        InstrumentKind.STOCK,
    ),
    BundledSeries(
        "BTCUSD", "BTCUSD_monthly_2012_2024.csv",
        Bilingual("Bitcoin in US dollars, monthly bars", "比特币（美元计价），月K线"),
        InstrumentKind.CRYPTO, ("BTC-USD", "BTC"),
    ),
)


def bundled_prices_dir() -> Path:
    """The folder of the bundled CSV files inside the installed ``assets`` package."""
    import assets

    return Path(assets.__file__).resolve().parent / "prices"


def find_bundled(symbol: str) -> BundledSeries | None:
    """The bundled series called ``symbol`` or one of its aliases (case-insensitive)."""
    wanted = symbol.strip().upper()
    for item in BUNDLED:
        if wanted == item.symbol or wanted in item.aliases:
            return item
    return None


def load_bundled(symbol: str, prices_dir: Path | None = None) -> PriceSeries:
    """The bundled series ``symbol``; ``KeyError`` if there is none by that name."""
    item = find_bundled(symbol)
    if item is None:
        raise KeyError(symbol)
    return _read(item, str((prices_dir or bundled_prices_dir()) / item.filename))


@lru_cache(maxsize=16)
def _read(item: BundledSeries, path: str) -> PriceSeries:
    # Series are immutable, so one parsed copy per file serves every session in the process.
    import pandas as pd

    from simulator.price_frames import frame_to_series

    series, _ = frame_to_series(
        pd.read_csv(path),
        item.symbol,
        name=item.name.en,
        kind=item.kind,
        currency=item.currency,
        source="bundled",
        close_column=item.close_column,
    )
    return series
