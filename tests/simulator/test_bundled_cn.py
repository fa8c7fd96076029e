"""The bundled A-share series: Yahoo tickers, aliases, boards, adjustment flags, real facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from simulator.bundled_prices import BUNDLED, bundled_prices_dir, find_bundled, load_bundled
from simulator.series import InstrumentKind

CN = {
    "000300.SS": ("index", False, 4857),
    "000001.SS": ("index", False, 1455),
    "601318.SS": ("sse_main", True, 3170),
    "000001.SZ": ("szse_main", True, 3607),
    "000002.SZ": ("szse_main", True, 1300),
    "002032.SZ": ("sme", False, 2813),
    "300059.SZ": ("chinext", True, 1393),
    "300027.SZ": ("chinext", True, 2389),
}


@pytest.mark.parametrize("symbol", sorted(CN))
def test_each_a_share_series_is_bundled_under_its_yahoo_ticker(symbol):
    board, adjusted, rows = CN[symbol]
    item = find_bundled(symbol)
    assert item is not None and item.symbol == symbol
    assert (item.board, item.adjusted, item.currency) == (board, adjusted, "CNY")
    assert item.name.en and item.name.zh
    series = load_bundled(symbol)
    assert series.symbol == symbol and len(series) == rows
    assert series.adjusted is adjusted
    assert series.kind is (InstrumentKind.INDEX if board == "index" else InstrumentKind.STOCK)


@pytest.mark.parametrize(
    ("alias", "symbol"),
    [("vanke", "000002.SZ"), ("300059", "300059.SZ"), ("EASTMONEY", "300059.SZ"),
     ("csi300", "000300.SS"), ("000001.SH", "000001.SS"), ("601318.SH", "601318.SS"),
     ("^GSPC", "GSPC"), ("GSPC", "GSPC")],
)
def test_short_names_stay_aliases(alias, symbol):
    assert load_bundled(alias) is load_bundled(symbol)


def test_gpl_files_ship_with_their_notice_and_licence_text():
    folder = bundled_prices_dir()
    notice = (folder / "NOTICE_GPL-3.0.md").read_text(encoding="utf-8")
    gpl = [item for item in BUNDLED if item.licence == "GPL-3.0"]
    assert {item.symbol for item in gpl} == {"000001.SS", "000002.SZ", "300059.SZ"}
    for item in gpl:
        assert item.filename in notice
    assert "GNU GENERAL PUBLIC LICENSE" in (folder / "COPYING.GPL-3.0.txt").read_text(encoding="utf-8")
    for item in BUNDLED:
        assert (folder / item.filename).is_file()
        assert item.filename in (folder / "PROVENANCE_CN.md").read_text(encoding="utf-8") or item.currency == "USD"


def test_bundled_files_are_exact_copies_of_the_shared_dataset():
    shared = Path("/work/shared/datasets/prices_cn")
    if not shared.is_dir():
        pytest.skip("shared dataset folder not present")
    for item in BUNDLED:
        if item.currency == "CNY":
            assert (bundled_prices_dir() / item.filename).read_bytes() == (shared / item.filename).read_bytes()


def test_real_history_facts_the_scenarios_rely_on():
    vanke = load_bundled("000002.SZ")
    # Suspended after 2015-12-18, back on 2016-07-04 with two one-price limit-down days.
    last = vanke.index_on_or_before(date(2016, 7, 1))
    assert vanke.dates[last] == date(2015, 12, 18)
    assert vanke.dates[last + 1] == date(2016, 7, 4)
    for bar in (last + 1, last + 2):
        assert vanke.high[bar] == vanke.low[bar] and vanke.close[bar] < vanke.close[bar - 1] * 0.91
    east = load_bundled("300059.SZ")
    first = east.index_on_or_after(date(2015, 4, 16))
    assert east.dates[first - 1] == date(2015, 2, 6)
    run = [bar for bar in range(first, first + 9) if east.high[bar] == east.low[bar]]
    assert len(run) == 9 and east.dates[first + 8] == date(2015, 4, 28)
    csi = load_bundled("000300.SS")
    for day, fall in ((date(2016, 1, 4), -0.0702), (date(2016, 1, 7), -0.0693)):
        bar = csi.dates.index(day)
        assert csi.close[bar] / csi.close[bar - 1] - 1 == pytest.approx(fall, abs=0.0005)
