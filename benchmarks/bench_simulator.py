"""Benchmark the simulator against backtesting.py, and time one interactive trading day.

Both engines run the same long-only SMA(10, 20) crossover on the bundled GOOG series with a 0.2%
commission per side, starting with 10,000: buy with all cash when the fast average crosses above
the slow one, sell everything when it crosses below, orders filled at the next bar's open. Each
run includes setting up the strategy and computing the final statistics; loading the CSV is done
once, outside the timing. The script prints bars per second for both, their ratio, and checks
that both made the same number of closed trades (exit status 1 if not).

Run:  .venv/bin/python benchmarks/bench_simulator.py [--repeat N]
backtesting.py is a benchmark-only dependency (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable

FAST, SLOW, COMMISSION, CASH = 10, 20, 0.002, 10_000.0


def best_and_median(run: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Fastest and median wall time of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def run_simulator(series):
    """One backtest through this project's engine."""
    from simulator.backtest import run_backtest
    from simulator.market_rules import get_profile
    from simulator.session import TradingSession
    from simulator.strategies import SmaCross

    profile = get_profile("us").with_costs(commission_rate=COMMISSION)
    return run_backtest(TradingSession(series, profile, CASH), SmaCross(FAST, SLOW))


def backtesting_runner(series):
    """A function running the same strategy through backtesting.py."""
    import pandas as pd
    from backtesting import Backtest, Strategy
    from backtesting.lib import crossover

    frame = pd.DataFrame(
        {
            "Open": series.open, "High": series.high, "Low": series.low,
            "Close": series.close, "Volume": series.volume,
        },
        index=pd.DatetimeIndex(series.dates),
    )

    def sma(values, window):
        return pd.Series(values).rolling(window).mean()

    class SmaCross(Strategy):
        def init(self):
            self.fast = self.I(sma, self.data.Close, FAST)
            self.slow = self.I(sma, self.data.Close, SLOW)

        def next(self):
            if crossover(self.fast, self.slow):
                if not self.position:
                    self.buy()
            elif crossover(self.slow, self.fast) and self.position:
                self.position.close()

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Backtest(frame, SmaCross, cash=CASH, commission=COMMISSION).run()

    return run


def time_interactive_day(days: int = 2000) -> list[float]:
    """Milliseconds for one trading day in an interactive session: fills, ledger, metrics so far."""
    from simulator.bundled_prices import load_bundled
    from simulator.scenarios import get_scenario
    from simulator.session import TradingSession

    scenario = get_scenario("long-recovery")
    session = TradingSession.from_scenario(scenario, load_bundled(scenario.symbol))
    timings = []
    for day in range(days):
        if session.finished:
            break
        if day % 20 == 0:
            # Keep orders in the book so that days include matching and fills.
            quantity = session.ledger.position(session.symbol).quantity
            if quantity:
                target = round(session.price * 1.01, 2)
                session.place_order("sell", quantity, order_type="limit", limit_price=target)
            else:
                session.place_order("buy", amount=session.available_cash() * 0.9)
        start = time.perf_counter()
        session.advance()
        session.snapshot()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per engine (default 20)")
    args = parser.parse_args(argv)

    from simulator.bundled_prices import load_bundled

    series = load_bundled("GOOG")
    bars = len(series)
    ours_best, ours_median, ours = best_and_median(lambda: run_simulator(series), args.repeat)
    theirs_best, theirs_median, stats = best_and_median(backtesting_runner(series), args.repeat)

    our_trades = ours.metrics.round_trips  # closed buy-then-sell round trips
    their_trades = int(stats["# Trades"])  # closed trades (an open one at the end is not counted)
    print(f"GOOG daily {series.first_date} .. {series.last_date}: {bars} bars, SMA({FAST}, {SLOW}), "
          f"commission {COMMISSION:.1%}, best of {args.repeat} runs (median in brackets)")
    print(f"  simulator       {bars / ours_best:>10,.0f} bars/s  ({bars / ours_median:,.0f})  "
          f"trades {our_trades}  final equity {ours.final_equity:,.2f}")
    print(f"  backtesting.py  {bars / theirs_best:>10,.0f} bars/s  ({bars / theirs_median:,.0f})  "
          f"trades {their_trades}  final equity {stats['Equity Final [$]']:,.2f}")
    print(f"  ratio           {theirs_best / ours_best:>10.1f}x  ({theirs_median / ours_median:.1f}x)  "
          "(goal: at least 3x)")
    agree = our_trades == their_trades
    print(f"  trade counts {'agree' if agree else 'DIFFER'}")

    timings = time_interactive_day()
    timings.sort()
    print(f"Interactive day (advance + snapshot with metrics), {len(timings)} days of 'long-recovery':")
    print(f"  median {statistics.median(timings):.3f} ms, p99 {timings[int(len(timings) * 0.99)]:.3f} ms, "
          f"max {timings[-1]:.3f} ms  (goal: under 5 ms)")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
