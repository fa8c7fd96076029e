"""Price data: the offline bundle, the SQLite cache and every download failure (fake fetchers only)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pandas as pd
import pytest

from simulator.bundled_prices import BUNDLED, bundled_prices_dir, load_bundled
from simulator.price_cache import merge_ranges, subtract_ranges
from simulator.price_errors import (
    EmptyDataError,
    EmptyRangeError,
    FetchFailedError,
    InvalidTickerError,
    MalformedDataError,
    NoNetworkError,
    NotAvailableError,
    PriceDataError,
    RateLimitedError,
    UnknownTickerError,
)
from simulator.price_fetcher import YFinanceFetcher
from simulator.price_frames import frame_to_series
from simulator.price_service import PriceService
from simulator.series import InstrumentKind


def frame(start: str, end: str, price: float = 10.0) -> pd.DataFrame:
    index = pd.bdate_range(start, end, tz="Asia/Shanghai")
    return pd.DataFrame(
        {"Open": price, "High": price * 1.01, "Low": price * 0.99, "Close": price, "Volume": 1000},
        index=index,
    )


class FakeFetcher:
    """Answers from a script: a table, or an exception to raise; records every call."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def fetch(self, symbol, start, end):
        self.calls.append((symbol, start, end))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def service(tmp_path, *answers):
    return PriceService(tmp_path / "prices.sqlite", FakeFetcher(*answers))


# ---------------------------------------------------------------------------------- bundle


def test_every_bundled_series_loads_offline_with_its_provenance():
    folder = bundled_prices_dir()
    assert (folder / "PROVENANCE.md").is_file()
    for item in BUNDLED:
        series = load_bundled(item.symbol)
        assert len(series) > 100 and series.source == "bundled"
        assert all(price > 0 for price in series.close)
    assert load_bundled("^GSPC") is load_bundled("gspc")
    assert load_bundled("BTC-USD").frequency.label == "monthly"
    assert load_bundled("VIX").kind is InstrumentKind.VOLATILITY_INDEX


def test_holiday_rows_without_prices_are_skipped():
    # The VIX file marks US holidays with "." instead of a value.
    vix = load_bundled("VIX")
    assert len(vix) == 1305 - 46


def test_bundled_series_need_no_cache_and_no_fetcher():
    loaded = PriceService().load("GOOG")
    assert loaded.source == "bundled" and loaded.series.symbol == "GOOG"


# ------------------------------------------------------------------------------- validation


def test_table_checks_name_what_is_wrong():
    with pytest.raises(MalformedDataError, match="no close column"):
        frame_to_series(pd.DataFrame({"date": ["2020-01-02"], "price": [1.0]}), "X")
    with pytest.raises(MalformedDataError, match="expected a table"):
        frame_to_series("not a table", "X")  # type: ignore[arg-type]
    with pytest.raises(EmptyDataError):
        frame_to_series(pd.DataFrame(), "X")
    bad = pd.DataFrame({"date": ["2020-01-02", "nonsense", "2020-01-06"], "close": [1.0, 2.0, -3.0]})
    with pytest.raises(EmptyDataError):
        frame_to_series(bad.iloc[1:], "X")
    series, notices = frame_to_series(bad, "X")
    assert len(series) == 1 and notices[0].code == "rows_dropped"
    assert "2" in notices[0].message("en") and "跳过" in notices[0].message("zh-CN")


def test_exchange_local_dates_are_kept():
    series, _ = frame_to_series(frame("2024-01-02", "2024-01-05"), "600519.SS")
    assert series.dates[0] == date(2024, 1, 2)


# ------------------------------------------------------------------------------------ cache


def test_a_fetched_series_is_served_offline_from_the_cache(tmp_path):
    online = service(tmp_path, frame("2024-01-01", "2024-03-29"))
    report = online.fetch("600519.ss", date(2024, 1, 1), date(2024, 3, 31))
    assert report.symbol == "600519.SS" and report.rows == 65
    offline = PriceService(tmp_path / "prices.sqlite")  # no fetcher: no network at all
    loaded = offline.load("600519.SS", date(2024, 2, 1), date(2024, 2, 29))
    assert loaded.source == "cache" and loaded.series.currency == "CNY"
    assert loaded.series.first_date == date(2024, 2, 1)
    assert [info.symbol for info in offline.list_cached()] == ["600519.SS"]


def test_partial_ranges_are_merged_and_only_missing_parts_downloaded(tmp_path):
    prices = service(tmp_path, frame("2024-01-01", "2024-01-31"), frame("2024-02-01", "2024-02-29", 11.0))
    prices.fetch("AAPL", date(2024, 1, 1), date(2024, 1, 31))
    loaded = prices.load("AAPL", date(2024, 1, 1), date(2024, 2, 29), update=True)
    assert prices.fetcher.calls[-1] == ("AAPL", date(2024, 2, 1), date(2024, 2, 29))
    assert loaded.series.close[0] == 10.0 and loaded.series.close[-1] == 11.0
    assert prices.cache.coverage("AAPL") == [(date(2024, 1, 1), date(2024, 2, 29))]
    prices.load("AAPL", date(2024, 1, 10), date(2024, 2, 10), update=True)
    assert len(prices.fetcher.calls) == 2  # already covered: no download


def test_range_arithmetic():
    jan, feb = (date(2024, 1, 1), date(2024, 1, 31)), (date(2024, 2, 1), date(2024, 2, 29))
    assert merge_ranges([feb, jan]) == [(date(2024, 1, 1), date(2024, 2, 29))]
    assert subtract_ranges((date(2023, 12, 1), date(2024, 3, 31)), [jan]) == [
        (date(2023, 12, 1), date(2023, 12, 31)), (date(2024, 2, 1), date(2024, 3, 31))
    ]


def test_a_partial_answer_is_kept_with_a_notice(tmp_path):
    prices = service(tmp_path, frame("2024-03-01", "2024-03-29"))
    report = prices.fetch("NEWCO", date(2024, 1, 1), date(2024, 3, 31))
    (notice,) = report.notices
    assert notice.code == "partial_range"
    assert "2024-03-01" in notice.message("en") and "只覆盖" in notice.message("zh-CN")


def test_a_damaged_cache_file_is_moved_aside_and_replaced(tmp_path):
    path = tmp_path / "prices.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    prices = PriceService(path, FakeFetcher(frame("2024-01-01", "2024-01-31")))
    prices.fetch("AAPL", date(2024, 1, 1), date(2024, 1, 31))
    assert prices.cache.notices[0].code == "cache_unreadable"
    assert list(tmp_path.glob("prices.sqlite.damaged-*"))
    assert prices.load("AAPL").series.symbol == "AAPL"


# --------------------------------------------------------------------------------- failures


def cache_rows(tmp_path) -> int:
    with sqlite3.connect(tmp_path / "prices.sqlite") as connection:
        return connection.execute("SELECT count(*) FROM bars").fetchone()[0]


@pytest.mark.parametrize(
    ("failure", "error_type", "code"),
    [
        (NoNetworkError(symbol="AAPL", detail="DNSError"), NoNetworkError, "no_network"),
        (RateLimitedError(symbol="AAPL"), RateLimitedError, "rate_limited"),
        (UnknownTickerError(symbol="AAPL"), UnknownTickerError, "unknown_ticker"),
        (pd.DataFrame(), EmptyDataError, "empty_data"),
        (pd.DataFrame({"Open": [1.0]}, index=pd.DatetimeIndex(["2024-02-01"])), MalformedDataError, "malformed_data"),
        (RuntimeError("parser exploded"), FetchFailedError, "fetch_failed"),
    ],
)
def test_each_failure_has_a_message_and_leaves_the_cache_working(tmp_path, failure, error_type, code):
    prices = service(tmp_path, frame("2024-01-01", "2024-01-31"), failure)
    prices.fetch("AAPL", date(2024, 1, 1), date(2024, 1, 31))
    before = cache_rows(tmp_path)
    with pytest.raises(error_type) as caught:
        prices.fetch("AAPL", date(2024, 2, 1), date(2024, 2, 29))
    assert caught.value.code == code
    assert "AAPL" in caught.value.message("en") and caught.value.message("zh-CN") != caught.value.message("en")
    assert cache_rows(tmp_path) == before
    assert len(prices.load("AAPL").series) == before


def test_a_failed_update_serves_cached_prices_with_a_notice(tmp_path):
    prices = service(tmp_path, frame("2024-01-01", "2024-01-31"), NoNetworkError(symbol="AAPL", detail="offline"))
    prices.fetch("AAPL", date(2024, 1, 1), date(2024, 1, 31))
    loaded = prices.load("AAPL", date(2024, 1, 1), date(2024, 2, 29), update=True)
    codes = [notice.code for notice in loaded.notices]
    assert codes[0] == "stale_cache" and "partial_range" in codes
    assert len(loaded.series) == 23


def test_nothing_stored_and_no_network_is_a_clear_error(tmp_path):
    prices = service(tmp_path, NoNetworkError(symbol="AAPL", detail="offline"))
    with pytest.raises(NoNetworkError):
        prices.load("AAPL", update=True)
    with pytest.raises(NotAvailableError, match="edu-app prices fetch AAPL"):
        PriceService(tmp_path / "prices.sqlite").load("AAPL")


def test_bad_tickers_and_ranges_are_refused_before_any_download(tmp_path):
    prices = service(tmp_path)
    with pytest.raises(InvalidTickerError):
        prices.fetch("rm -rf /")
    with pytest.raises(EmptyRangeError):
        prices.fetch("AAPL", date(2024, 2, 1), date(2024, 1, 1))
    assert prices.fetcher.calls == []


def test_every_price_error_renders_in_both_languages():
    for error_type in PriceDataError.__subclasses__():
        error = error_type(symbol="X", detail="d", start="s", end="e", bundled="GSPC")
        assert "{" not in error.message("en") and "{" not in error.message("zh-CN")


# ---------------------------------------------------------------------- yfinance translation


class FakeTicker:
    raises: Exception | None = None
    calls: list = []

    def __init__(self, symbol):
        self.symbol = symbol

    def history(self, **options):
        FakeTicker.calls.append(options)
        if FakeTicker.raises is not None:
            raise FakeTicker.raises
        return frame("2024-01-01", "2024-01-05")


@pytest.fixture
def fake_yfinance(monkeypatch):
    import yfinance

    locations = []
    monkeypatch.setattr(yfinance, "Ticker", FakeTicker)
    monkeypatch.setattr(yfinance, "set_tz_cache_location", locations.append)
    FakeTicker.raises, FakeTicker.calls = None, []
    return locations


def test_yfinance_gets_its_cache_inside_ours_and_an_inclusive_end(tmp_path, fake_yfinance):
    fetched = YFinanceFetcher(tmp_path).fetch("AAPL", date(2024, 1, 1), date(2024, 1, 5))
    assert len(fetched) == 5
    assert fake_yfinance == [str(tmp_path / "yfinance")]
    assert FakeTicker.calls[0]["end"] == "2024-01-06"
    YFinanceFetcher(tmp_path).fetch("AAPL", None, None)
    assert FakeTicker.calls[1]["period"] == "max"


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        ("rate", RateLimitedError),
        ("prices", EmptyDataError),
        ("tz", UnknownTickerError),
        ("oserror", NoNetworkError),
        ("other", FetchFailedError),
    ],
)
def test_yfinance_errors_become_typed_errors(tmp_path, fake_yfinance, raised, expected):
    from yfinance import exceptions

    FakeTicker.raises = {
        "rate": exceptions.YFRateLimitError(),
        "prices": exceptions.YFPricesMissingError("AAPL", ""),
        "tz": exceptions.YFTzMissingError("AAPL"),
        "oserror": ConnectionError("Could not resolve host"),
        "other": KeyError("chart"),
    }[raised]
    with pytest.raises(expected):
        YFinanceFetcher(tmp_path).fetch("AAPL", date(2024, 1, 1), date(2024, 1, 5))
