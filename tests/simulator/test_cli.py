"""The command-line contract of ``edu-app sim`` and ``edu-app prices`` (no network anywhere)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from edu_app import paths
from edu_app.cli import main

METRIC_KEYS = {"total_return", "cagr", "volatility", "sharpe", "max_drawdown"}


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EDU_APP_DATA_DIR", str(tmp_path / "data"))
    paths.set_data_dir(None)
    return tmp_path / "data"


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_sim_run_json_has_the_contract_keys(capsys):
    result = run_json(
        capsys, "sim", "run", "--symbol", "GOOG", "--strategy", "sma-cross", "--fast", "10",
        "--slow", "20", "--commission", "0.002", "--cash", "10000", "--json",
    )
    assert result["final_equity"] > 0
    assert METRIC_KEYS <= set(result["metrics"])
    assert -1 <= result["metrics"]["max_drawdown"] <= 0
    assert {"total_return", "max_drawdown"} <= set(result["benchmark"])
    assert result["benchmark"]["max_drawdown"] < 0
    trade = result["trades"][0]
    assert {"date", "side", "quantity", "price", "fees"} <= set(trade)
    assert trade["side"] == "buy" and trade["fees"] > 0
    date.fromisoformat(trade["date"])
    assert isinstance(result["coaching"], list)
    assert {"code", "lesson_id", "dates", "explanation"} <= set(result["coaching"][0])


def test_sim_run_a_scenario_with_its_own_rules_and_cash(capsys):
    result = run_json(capsys, "sim", "run", "--scenario", "a-share-rules-2008", "--strategy", "monthly-investing", "--json")
    assert result["rules"] == "cn_a" and result["start_cash"] == 1_000_000
    assert all(trade["quantity"] % 100 == 0 for trade in result["trades"] if trade["side"] == "buy")
    assert all(trade["fees"] >= 5 for trade in result["trades"])


def test_sim_run_fractions_are_fractions(capsys):
    result = run_json(capsys, "sim", "run", "--symbol", "GSPC", "--start", "2008-01-01", "--end", "2008-12-31", "--json")
    # The S&P 500 lost about 38% in 2008: -0.38, not -38.
    assert -0.5 < result["metrics"]["total_return"] < -0.3
    assert -0.5 < result["benchmark"]["total_return"] < -0.3


def test_sim_run_text_report_in_both_languages(capsys):
    assert main(["sim", "run", "--symbol", "MSFT", "--start", "2000-01-01", "--end", "2002-12-31"]) == 0
    assert "Max drawdown" in capsys.readouterr().out
    assert main(["sim", "run", "--symbol", "MSFT", "--start", "2000-01-01", "--end", "2002-12-31", "--lang", "zh-CN"]) == 0
    assert "最大回撤" in capsys.readouterr().out


def test_sim_scenarios_lists_them(capsys):
    scenarios = run_json(capsys, "sim", "scenarios", "--json")
    assert len(scenarios) >= 5
    first = scenarios[0]
    assert {"id", "title", "intro", "learning_goals", "difficulty", "rules", "start_cash", "crisis"} <= set(first)
    assert set(first["title"]) == {"en", "zh-CN"}
    assert main(["sim", "scenarios"]) == 0
    assert "global-financial-crisis" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--symbol", "NOSUCH"], "No prices for NOSUCH"),
        (["--symbol", "GSPC", "--start", "2030-01-01"], "fewer than two price bars"),
        (["--symbol", "GSPC", "--start", "2010-01-05", "--end", "2010-01-01"], "the range is empty"),
        (["--symbol", "GSPC", "--strategy", "sma-cross", "--fast", "30", "--slow", "20"], "--fast"),
        (["--symbol", "VIX"], "not traded"),
        (["--scenario", "nope"], "Unknown scenario"),
        (["--scenario", "long-recovery", "--start", "2010-01-01"], "own dates"),
        (["--symbol", "BTCUSD", "--rules", "cn_a"], "crypto"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(capsys, argv, message):
    assert main(["sim", "run", *argv]) == 2
    error = capsys.readouterr().err
    assert error.startswith("edu-app: ") and message in error
    assert "Traceback" not in error
    assert any("\u4e00" <= char <= "\u9fff" for char in error)  # and in Chinese


@pytest.mark.parametrize(
    "argv",
    [
        ["sim", "run", "--symbol", "GSPC", "--start", "yesterday"],
        ["sim", "run", "--symbol", "GSPC", "--scenario", "long-recovery"],
        ["sim", "run", "--symbol", "GSPC", "--rules", "moon"],
        ["sim", "run"],
    ],
)
def test_malformed_arguments_are_argparse_errors_with_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_prices_list_shows_bundled_and_cached(capsys, private_data_dir):
    listing = run_json(capsys, "prices", "list", "--json")
    assert {row["symbol"] for row in listing["bundled"]} == {
        "GSPC", "IXIC", "VIX", "GOOG", "MSFT", "BTCUSD",
        "000300.SS", "000001.SS", "601318.SS", "000001.SZ", "000002.SZ", "002032.SZ",
        "300059.SZ", "300027.SZ",
    }
    for row in listing["bundled"]:
        assert {"symbol", "name", "board", "kind", "first", "last", "rows", "adjusted", "source"} <= set(row)
        assert row["source"] == "bundled"
    assert listing["cached"] == []
    assert main(["prices", "list"]) == 0
    assert "BTCUSD" in capsys.readouterr().out


class FakeFetcher:
    answer: object = None

    def __init__(self, cache_dir):
        self.cache_dir = cache_dir

    def fetch(self, symbol, start, end):
        if isinstance(FakeFetcher.answer, Exception):
            raise FakeFetcher.answer
        return FakeFetcher.answer


@pytest.fixture
def fake_fetcher(monkeypatch):
    import simulator.price_fetcher

    monkeypatch.setattr(simulator.price_fetcher, "YFinanceFetcher", FakeFetcher)
    return FakeFetcher


def test_prices_fetch_shows_progress_caches_and_then_runs_offline(capsys, fake_fetcher):
    index = pd.bdate_range("2023-01-02", "2023-12-29")
    fake_fetcher.answer = pd.DataFrame({"Close": [10.0 + 0.1 * (i % 7) for i in range(len(index))]}, index=index)
    assert main(["prices", "fetch", "600519.SS", "--start", "2023-01-01", "--end", "2023-12-31"]) == 0
    out, err = capsys.readouterr()
    assert "600519.SS" in out and "4/4" in err and "###" in err
    listing = run_json(capsys, "prices", "list", "--json")
    assert [row["symbol"] for row in listing["cached"]] == ["600519.SS"]
    result = run_json(capsys, "sim", "run", "--symbol", "600519.SS", "--rules", "cn_a", "--json")
    assert result["trades"][0]["quantity"] % 100 == 0


@pytest.mark.parametrize(
    ("failure", "code", "message"),
    [
        ("no_network", 1, "Could not reach the price server"),
        ("rate_limited", 1, "limiting requests"),
        ("unknown_ticker", 2, "No instrument called"),
    ],
)
def test_prices_fetch_failures_exit_with_a_message(capsys, fake_fetcher, failure, code, message):
    from simulator import price_errors

    fake_fetcher.answer = {
        "no_network": price_errors.NoNetworkError(symbol="AAPL", detail="DNSError"),
        "rate_limited": price_errors.RateLimitedError(symbol="AAPL"),
        "unknown_ticker": price_errors.UnknownTickerError(symbol="AAPL"),
    }[failure]
    assert main(["prices", "fetch", "AAPL"]) == code
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


def test_cli_start_up_does_not_import_heavy_libraries():
    code = (
        "import sys; from edu_app.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('pandas', 'numpy', 'yfinance', 'simulator') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"


def test_simulator_imports_neither_the_app_nor_ui_nor_database():
    code = (
        "import importlib, pkgutil, sys, simulator\n"
        "for module in pkgutil.walk_packages(simulator.__path__, 'simulator.'):\n"
        "    importlib.import_module(module.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('edu_app', 'flet', 'sqlmodel', 'sqlalchemy')))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"


def test_every_strategy_the_cli_offers_exists():
    from edu_app.cli.sim import STRATEGIES
    from simulator.strategies import make_strategy

    assert [make_strategy(name).name for name in STRATEGIES] == list(STRATEGIES)


def test_price_notices_reach_the_user(capsys, fake_fetcher):
    index = pd.bdate_range("2023-06-01", "2023-12-29")
    fake_fetcher.answer = pd.DataFrame({"Close": [10.0] * len(index)}, index=index)
    assert main(["prices", "fetch", "NEWCO", "--start", "2023-01-01", "--end", "2023-12-31"]) == 0
    assert "cover only" in capsys.readouterr().out


def test_a_range_beyond_the_data_is_run_with_a_notice(capsys):
    assert main(["sim", "run", "--symbol", "GOOG", "--start", "2000-01-01", "--end", "2005-12-31", "--json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert result["start"] == "2004-08-19"
    assert [notice["code"] for notice in result["notices"]] == ["partial_range"]
    assert "2004-08-19" in err and "只覆盖" in err


HANG_GUARD_SECONDS = 20
ORDERS_RUN = ["sim", "run", "--symbol", "300027.SZ", "--start", "2015-06-01", "--end", "2015-06-30", "--rules", "cn_a"]


def _edu_app_child(private_data_dir, *argv: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process: a read that never ends or blocks fails the test instead."""
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "EDU_APP_DATA_DIR": str(private_data_dir)}
    try:
        return subprocess.run([sys.executable, "-m", "edu_app", *argv], capture_output=True, text=True,
                              timeout=HANG_GUARD_SECONDS, cwd=root, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"edu-app {' '.join(argv)} did not finish within {HANG_GUARD_SECONDS} s")


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs need a POSIX system")
@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_an_orders_script_that_is_not_a_regular_file_is_refused(tmp_path, private_data_dir, special):
    import os

    script = special
    if special == "fifo":
        script = str(tmp_path / "orders.csv")
        os.mkfifo(script)
    result = _edu_app_child(private_data_dir, *ORDERS_RUN, "--orders", script)
    assert result.returncode == 2, result.stderr
    assert f"{script}:0: {script} is not a regular file" in result.stderr


def test_an_oversized_orders_script_is_refused_before_reading(tmp_path, capsys):
    from simulator.order_script import MAX_SCRIPT_BYTES

    script = tmp_path / "orders.csv"
    with script.open("wb") as stream:
        stream.truncate(MAX_SCRIPT_BYTES + 1)
    assert main([*ORDERS_RUN, "--orders", str(script)]) == 2
    assert f"{script} is larger than 5 MB" in capsys.readouterr().err
