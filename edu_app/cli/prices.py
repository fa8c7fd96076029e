"""The ``edu-app prices`` sub-commands: list bundled and cached series, download more.

Downloads use yfinance and need a network; everything else works offline. pandas and yfinance
are imported inside the handlers so that ``edu-app`` itself starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from edu_app.cli.arguments import iso_date, show_usage
from edu_app.cli.errors import CliError

# Exit codes: 2 for input the user should change, 1 for failures outside their control.
_USER_ERRORS = {"invalid_ticker", "unknown_ticker", "empty_range", "empty_data"}
_STAGES = ("connecting", "checking", "saving", "done")
_STAGE_TEXT = {
    "connecting": "downloading from Yahoo Finance / 正在从 Yahoo Finance 下载",
    "checking": "checking the data / 正在检查数据",
    "saving": "saving to the cache / 正在写入缓存",
    "done": "done / 完成",
}



def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``prices`` command group."""
    parser = subparsers.add_parser(
        "prices",
        help="price data: list bundled and cached series, download more",
        description="Bundled series work offline. Other tickers (AAPL, 600519.SS, 000001.SZ...) "
        "can be downloaded where a network exists and are then cached for offline use.",
    )
    commands = parser.add_subparsers(dest="prices_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: show_usage(parser))

    listing = commands.add_parser("list", help="show bundled and cached series")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(func=handle_list)

    fetch = commands.add_parser("fetch", help="download daily prices into the local cache")
    fetch.add_argument("ticker", metavar="TICKER", help="Yahoo Finance ticker, e.g. AAPL, 600519.SS, ^GSPC")
    fetch.add_argument(
        "--start", type=iso_date, metavar="YYYY-MM-DD", help="first date (default: all history)"
    )
    fetch.add_argument("--end", type=iso_date, metavar="YYYY-MM-DD", help="last date (default: today)")
    fetch.set_defaults(func=handle_fetch)



def handle_list(args: argparse.Namespace) -> int:
    """``edu-app prices list``: bundled series, then cached ones."""
    from simulator.bundled_prices import BUNDLED, load_bundled
    from simulator.price_cache import PriceCache
    from simulator.price_service import CACHE_FILENAME, guess_board, guess_kind

    from edu_app.paths import cache_dir

    bundled = []
    for item in BUNDLED:
        series = load_bundled(item.symbol)
        bundled.append({
            "symbol": item.symbol,
            "aliases": list(item.aliases),
            "name": item.name.to_dict(),
            "board": item.board,
            "kind": item.kind.value,
            "tradable": item.kind.tradable,
            "frequency": series.frequency.label,
            "first": series.first_date.isoformat(),
            "last": series.last_date.isoformat(),
            "rows": len(series),
            "adjusted": item.adjusted,
            "currency": item.currency,
            "licence": item.licence or None,
            "source": "bundled",
        })
    cache_path = cache_dir() / CACHE_FILENAME
    try:
        cached = [
            {
                "symbol": info.symbol,
                "name": info.name,
                "first": info.first.isoformat(),
                "last": info.last.isoformat(),
                "rows": info.rows,
                "updated_at": info.updated_at,
                "board": guess_board(info.symbol, guess_kind(info.symbol)),
                "kind": guess_kind(info.symbol).value,
                # yfinance is asked for auto-adjusted bars (splits and dividends).
                "adjusted": True,
                "source": "cached",
            }
            for info in PriceCache(cache_path).list_series()
        ]
    except OSError as error:
        raise CliError(
            f"cannot read the price cache {cache_path}: {error}\n  无法读取价格缓存：{error}", 1
        ) from None
    if args.json:
        listing = {"bundled": bundled, "cached": cached, "cache_path": str(cache_path)}
        print(json.dumps(listing, ensure_ascii=False, indent=2))
        return 0
    print("Bundled (offline) / 内置（离线可用）:")
    for row in bundled:
        note = "" if row["tradable"] else "  (watch only / 仅供观察)"
        print(
            f"  {row['symbol']:<10} {row['first']} .. {row['last']}  {row['rows']:>5} "
            f"{row['frequency']:<8} {row['board']:<9} {row['name']['en']} / {row['name']['zh-CN']}{note}"
        )
    print(f"Cached / 已缓存 ({cache_path}):")
    if not cached:
        print("  none yet: edu-app prices fetch TICKER / 暂无")
    for row in cached:
        print(
            f"  {row['symbol']:<10} {row['first']} .. {row['last']}  {row['rows']:>5} rows, "
            f"updated {row['updated_at']}"
        )
    return 0


class _ProgressBar:
    """A one-line text bar on stderr; one line per stage when stderr is not a terminal."""

    def __init__(self, ticker: str, stream: TextIO) -> None:
        self.ticker = ticker
        self.stream = stream
        self.live = stream.isatty()

    def __call__(self, stage: str) -> None:
        done = _STAGES.index(stage) + 1
        width = 20
        filled = width * done // len(_STAGES)
        bar = f"[{'#' * filled}{'.' * (width - filled)}]"
        line = f"{bar} {done}/{len(_STAGES)} {self.ticker}: {_STAGE_TEXT[stage]}"
        if self.live:
            end = "\n" if stage == "done" else ""
            self.stream.write(f"\r\033[K{line}{end}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def abort(self) -> None:
        """End a live line after a failure so the error starts on its own line."""
        if self.live:
            self.stream.write("\n")
            self.stream.flush()


def handle_fetch(args: argparse.Namespace) -> int:
    """``edu-app prices fetch``: download into the cache with a progress bar."""
    from simulator.price_errors import PriceDataError
    from simulator.price_fetcher import YFinanceFetcher
    from simulator.price_service import CACHE_FILENAME, PriceService

    from edu_app.paths import cache_dir

    folder = cache_dir()
    service = PriceService(folder / CACHE_FILENAME, YFinanceFetcher(folder))
    bar = _ProgressBar(args.ticker, sys.stderr)
    try:
        report = service.fetch(args.ticker, args.start, args.end, progress=bar)
    except PriceDataError as error:
        bar.abort()
        raise CliError(error.both_languages(), 2 if error.code in _USER_ERRORS else 1) from None
    except OSError as error:
        bar.abort()
        raise CliError(f"cannot write the price cache: {error}\n  无法写入价格缓存：{error}", 1) from None
    print(
        f"{report.symbol}: {report.rows} daily bars {report.first} .. {report.last} saved to the cache.\n"
        f"  {report.symbol}：已缓存 {report.rows} 根日K线（{report.first} 至 {report.last}）。"
    )
    for notice in report.notices:
        print(f"  note: {notice.message('en')}\n  提示：{notice.message('zh-CN')}")
    return 0
