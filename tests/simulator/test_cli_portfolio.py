"""``sim run`` with several symbols, equal-weight rebalancing and --orders scripts on real history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edu_app import paths
from edu_app.cli import main

DATA = Path(__file__).parent / "data"
ORDER_KEYS = {"submitted", "symbol", "side", "type", "quantity", "status", "reason", "filled_on", "fill_price"}


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EDU_APP_DATA_DIR", str(tmp_path / "data"))
    paths.set_data_dir(None)


def run_json(capsys, *argv):
    assert main(["sim", "run", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_east_money_gtc_buy_placed_in_its_limit_up_run_stays_open_until_the_lock_breaks(capsys):
    result = run_json(
        capsys, "--symbol", "300059.SZ", "--start", "2015-04-15", "--end", "2015-05-29",
        "--rules", "cn_a", "--orders", str(DATA / "eastmoney_limit_up_gtc.csv"),
    )
    gtc, day = result["orders"]
    assert ORDER_KEYS <= set(gtc)
    # Locked at limit-up 2015-04-17 .. 04-28: the GTC buy first fills on 04-29, the day buy expires.
    assert (gtc["status"], gtc["filled_on"], gtc["fill_price"], gtc["reason"]) == ("filled", "2015-04-29", 34.59, "")
    assert (day["status"], day["reason"], day["filled_on"]) == ("expired", "price_limit", None)
    assert result["positions"]["300059.SZ"]["quantity"] == 1000
    assert result["suspended_days"] == {"300059.SZ": 0}


def test_vanke_gtc_sell_placed_during_its_suspension_waits_through_the_limit_down_days(capsys):
    result = run_json(
        capsys, "--symbol", "000002.SZ", "--symbol", "000300.SS", "--start", "2015-12-01",
        "--end", "2016-07-29", "--rules", "cn_a", "--cash", "1000000",
        "--orders", str(DATA / "vanke_suspension_gtc.csv"),
    )
    buy, sell, index_buy = result["orders"]
    assert (buy["status"], buy["filled_on"]) == ("filled", "2015-12-15")
    # Suspended 2015-12-21 .. 2016-07-01, locked limit-down 07-04 and 07-05: fills 07-06.
    assert (sell["status"], sell["filled_on"], sell["fill_price"]) == ("filled", "2016-07-06", 18.38)
    assert (index_buy["status"], index_buy["filled_on"]) == ("filled", "2015-12-23")
    assert result["suspended_days"]["000002.SZ"] == 130 and result["suspended_days"]["000300.SS"] == 0
    assert result["positions"]["000002.SZ"]["quantity"] == 0
    assert result["positions"]["000300.SS"]["quantity"] == 100


def test_a_chinext_limit_order_outside_the_2015_ten_percent_band_is_refused(capsys):
    result = run_json(
        capsys, "--symbol", "300027.SZ", "--start", "2015-06-01", "--end", "2015-06-30",
        "--rules", "cn_a", "--orders", str(DATA / "chinext_band_2015.csv"),
    )
    outside, inside = result["orders"]
    assert (outside["status"], outside["reason"]) == ("rejected", "price_limit")
    assert (inside["status"], inside["filled_on"], inside["fill_price"]) == ("filled", "2015-06-04", 23.61)


def test_equal_weight_splits_the_cash_and_rebalances_monthly(capsys):
    symbols = ["601318.SS", "000001.SZ", "002032.SZ", "300027.SZ"]
    argv = [arg for symbol in symbols for arg in ("--symbol", symbol)]
    result = run_json(
        capsys, *argv, "--start", "2013-01-04", "--end", "2013-12-31", "--rules", "cn_a",
        "--strategy", "equal-weight", "--rebalance", "monthly", "--cash", "1000000",
    )
    assert result["symbols"] == symbols and result["strategy_params"] == {"rebalance": "monthly"}
    first_day = [trade for trade in result["trades"] if trade["date"] == result["trades"][0]["date"]]
    assert {trade["symbol"] for trade in first_day} == set(symbols)
    for trade in first_day:
        assert trade["value"] == pytest.approx(250_000, rel=0.02)
    months = {trade["date"][:7] for trade in result["trades"]}
    assert len(months) >= 10
    assert all(weight == pytest.approx(0.25, abs=0.05) for weight in
               (position["weight"] for position in result["positions"].values()))
    assert result["benchmark_label"] == "equal split, buy-and-hold"


def test_several_symbols_need_a_portfolio_strategy(capsys):
    code = main(["sim", "run", "--symbol", "601318.SS", "--symbol", "000001.SZ", "--strategy", "sma-cross"])
    assert code == 2
    assert "equal-weight" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2015-06-03,600519.SS,buy,market,100,,,day", "unknown symbol 600519.SS"),
        ("2015-06-31,300027.SZ,buy,market,100,,,day", "is not a date"),
        ("2015-06-06,300027.SZ,buy,market,100,,,day", "is not a trading day"),
        ("2015-06-03,300027.SZ,buy,market,lots,,,day", "quantity 'lots' is not a number"),
        ("2015-06-03,300027.SZ,hold,market,100,,,day", "side 'hold'"),
        ("2015-06-03,300027.SZ,buy,market,100,,", "expected 8 columns"),
    ],
)
def test_bad_scripts_exit_2_naming_file_and_line(tmp_path, capsys, row, message):
    script = tmp_path / "orders.csv"
    script.write_text(
        "date,symbol,side,type,quantity,limit_price,stop_price,tif\n"
        "2015-06-02,300027.SZ,buy,market,100,,,day\n" + row + "\n",
        encoding="utf-8",
    )
    code = main(["sim", "run", "--symbol", "300027.SZ", "--start", "2015-06-01", "--end", "2015-06-30",
                 "--rules", "cn_a", "--orders", str(script)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{script}:3: " in err and message in err
