"""The price series shipped with the app (``assets/prices``), readable with no network at all.

The files are real market data copied unchanged from public Python packages; their provenance
is in ``assets/prices/PROVENANCE.md`` (US series) and ``assets/prices/PROVENANCE_CN.md`` (China
A-shares, three of them under GPL-3.0: see ``assets/prices/NOTICE_GPL-3.0.md``).

A-share series are named by their Yahoo Finance tickers (``600000.SS`` Shanghai, ``000001.SZ``
Shenzhen), so that a bundled series and one fetched later are the same symbol; short names
(``VANKE``, ``300059``...) are aliases. The US series keep the short symbols saved sessions
already use (``GSPC``), with their Yahoo tickers (``^GSPC``) as aliases.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from simulator.bilingual import Bilingual
from simulator.series import InstrumentKind, PriceSeries


@dataclass(frozen=True)
class BundledSeries:
    """One bundled file and what it holds.

    ``board`` is where the instrument lists (``index``, ``sse_main``, ``szse_main``, ``sme``,
    ``chinext``, or ``us``); ``adjusted`` says whether past prices were rescaled for dividends and
    bonus shares (right for returns, not the price that traded that day).
    """

    symbol: str
    filename: str
    name: Bilingual
    kind: InstrumentKind
    aliases: tuple[str, ...] = ()
    currency: str = "USD"
    close_column: str = "close"
    board: str = "us"
    adjusted: bool = False
    licence: str = ""


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
    BundledSeries(
        "000300.SS", "csi300_000300.csv",
        Bilingual("CSI 300 index fund (tracks 000300)", "沪深300指数基金（跟踪 000300）"),
        InstrumentKind.INDEX, ("CSI300", "HS300", "000300", "000300.SH"), "CNY",
        board="index", licence="MIT",
    ),
    BundledSeries(
        "000001.SS", "sse_composite_000001SH.csv",
        Bilingual("SSE Composite index fund (tracks 000001.SH)", "上证综指基金（跟踪 000001.SH）"),
        InstrumentKind.INDEX, ("SSE", "SSE_COMPOSITE", "SHCOMP", "000001.SH"), "CNY",
        board="index", licence="GPL-3.0",
    ),
    BundledSeries(
        "601318.SS", "pingan_601318SH_qfq.csv",
        Bilingual("Ping An Insurance, forward-adjusted", "中国平安（前复权）"),
        InstrumentKind.STOCK, ("PINGAN", "601318", "601318.SH"), "CNY",
        board="sse_main", adjusted=True, licence="MIT",
    ),
    BundledSeries(
        "000001.SZ", "pinganbank_000001SZ_qfq.csv",
        Bilingual("Ping An Bank, forward-adjusted", "平安银行（前复权）"),
        InstrumentKind.STOCK, ("PINGANBANK",), "CNY",
        board="szse_main", adjusted=True, licence="MIT",
    ),
    BundledSeries(
        "000002.SZ", "vanke_000002SZ_qfq.csv",
        Bilingual("China Vanke A, forward-adjusted", "万科A（前复权）"),
        InstrumentKind.STOCK, ("VANKE", "000002"), "CNY",
        board="szse_main", adjusted=True, licence="GPL-3.0",
    ),
    BundledSeries(
        "002032.SZ", "supor_002032SZ_raw.csv",
        Bilingual("Supor, unadjusted", "苏泊尔（未复权）"),
        InstrumentKind.STOCK, ("SUPOR", "002032"), "CNY",
        board="sme", adjusted=False, licence="BSD-3-Clause",
    ),
    BundledSeries(
        "300059.SZ", "eastmoney_300059SZ_qfq.csv",
        Bilingual("East Money, forward-adjusted (ChiNext)", "东方财富（前复权，创业板）"),
        InstrumentKind.STOCK, ("EASTMONEY", "300059"), "CNY",
        board="chinext", adjusted=True, licence="GPL-3.0",
    ),
    BundledSeries(
        "300027.SZ", "huayi_300027SZ_qfq.csv",
        Bilingual("Huayi Brothers, forward-adjusted (ChiNext)", "华谊兄弟（前复权，创业板）"),
        InstrumentKind.STOCK, ("HUAYI", "300027"), "CNY",
        board="chinext", adjusted=True, licence="MIT",
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
    return dataclasses.replace(series, adjusted=item.adjusted) if item.adjusted else series
