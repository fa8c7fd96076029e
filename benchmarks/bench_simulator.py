"""Benchmark the simulator against backtesting.py and bt, and time one interactive trading day.

Both engines run the same long-only SMA(10, 20) crossover on the bundled GOOG series with a 0.2%
commission per side, starting with 10,000: buy with all cash when the fast average crosses above
the slow one, sell everything when it crosses below, orders filled at the next bar's open. Each
run includes setting up the strategy and computing the final statistics; loading the CSV is done
once, outside the timing. The script prints bars per second for both, their ratio, and checks
that both made the same number of closed trades (exit status 1 if not).

A second comparison runs an equal-weight portfolio of five bundled A-share series, rebalanced
monthly, through this engine and through bt. Both see the same bars: the five series' common
trading days (suspension days dropped, so neither engine trades a stale price), US-style rules
(whole shares, no price limits) and a 0.1% commission. Our engine decides at the close of each
month's last day and fills at the next open; bt is given the opens as its prices from the first
fill day on, so it trades at the same prices on the same days. Final equity is compared at the
last bar's open. Then 1,000 one-year random traders (simulator.luck) are timed.

Run:  .venv/bin/python benchmarks/bench_simulator.py [--repeat N]
backtesting.py and bt are benchmark-only dependencies (the ``bench`` extra).
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


PORTFOLIO = ("000300.SS", "601318.SS", "000001.SZ", "002032.SZ", "300027.SZ")
PORTFOLIO_START, PORTFOLIO_END = "2009-11-02", "2016-08-16"
PORTFOLIO_COMMISSION, PORTFOLIO_CASH = 0.001, 1_000_000.0


def common_day_series():
    """The five series cut to the days on which all five traded."""
    from datetime import date

    from simulator.bundled_prices import load_bundled
    from simulator.series import PriceSeries

    start, end = date.fromisoformat(PORTFOLIO_START), date.fromisoformat(PORTFOLIO_END)
    loaded = [load_bundled(symbol) for symbol in PORTFOLIO]
    common = set.intersection(*(set(item.dates) for item in loaded))
    days = sorted(day for day in common if start <= day <= end)
    result = []
    for item in loaded:
        rows = [item.dates.index(day) for day in days]
        pick = lambda column: tuple(column[row] for row in rows)  # noqa: E731
        result.append(PriceSeries(
            symbol=item.symbol, name=item.name, kind=item.kind, dates=tuple(days),
            open=pick(item.open), high=pick(item.high), low=pick(item.low), close=pick(item.close),
            volume=pick(item.volume), currency=item.currency, source=item.source,
        ))
    return result


def run_portfolio(series):
    """Equal weight, monthly rebalance, through this project's engine."""
    from simulator.market_rules import get_profile
    from simulator.rebalancing import EqualWeight, run_equal_weight
    from simulator.session import TradingSession

    profile = get_profile("us").with_costs(commission_rate=PORTFOLIO_COMMISSION)
    session = TradingSession(series, profile, PORTFOLIO_CASH)
    run_equal_weight(session, EqualWeight("monthly"))
    return session


def run_portfolio_sized_like_bt(series):
    """The same rebalances, sized the way bt sizes them: at the fill price itself.

    bt decides and trades on one price, so it knows the fill price when it sizes an order; our
    engine sizes at the close before the fill, as a learner would. To check the arithmetic of
    fills, fees and the ledger against bt, this variant looks one open ahead (benchmark only)
    and places whole-share market orders of the sizes bt would choose.
    """
    import math

    from simulator.market_rules import get_profile
    from simulator.rebalancing import rebalance_bars
    from simulator.session import TradingSession

    from simulator.fees import trade_fees
    from simulator.orders import Side

    class KnownFills(TradingSession):
        # Limit sells at a price known to trade count towards buying power, as bt's do.
        def available_cash(self) -> float:
            cash = super().available_cash()
            for order in self.open_orders:
                if order.side is Side.SELL and order.limit_price is not None:
                    value = round(order.quantity * order.limit_price, 2)
                    cash += value - trade_fees(self.profile, Side.SELL, value).total
            return cash

    profile = get_profile("us").with_costs(commission_rate=PORTFOLIO_COMMISSION)
    session = KnownFills(series, profile, PORTFOLIO_CASH)
    for bar in rebalance_bars(session.calendar, session.bar, session.last_bar, "monthly"):
        if bar > session.bar:
            session.advance(bar - session.bar)
        opens = {item.symbol: item.open[bar + 1] for item in series}
        held = {symbol: session.position(symbol).quantity for symbol in opens}
        base = session.cash + sum(held[symbol] * opens[symbol] for symbol in opens)
        amounts = {symbol: base / len(opens) - held[symbol] * price for symbol, price in opens.items()}
        for symbol in sorted(opens, key=lambda symbol: amounts[symbol]):  # sells first
            price, amount = opens[symbol], amounts[symbol]
            if amount > 0:
                quantity = math.floor(amount / (price * (1 + PORTFOLIO_COMMISSION)))
                if quantity:
                    # A limit at the known open fills at the open, and lets the cash check at
                    # placement use that price instead of the close.
                    session.place_order("buy", quantity, symbol=symbol, order_type="limit", limit_price=price)
            elif amount < 0:
                # bt floors the signed quantity, so a sell rounds up to the next whole share.
                quantity = min(held[symbol], math.ceil(-amount / price))
                if quantity:
                    session.place_order("sell", quantity, symbol=symbol, order_type="limit", limit_price=price)
    session.advance(session.last_bar - session.bar)
    return session


def bt_runner(series):
    """The same portfolio through bt, trading at our fill prices (the opens) on our fill days."""
    import bt
    import pandas as pd

    first_fill = 1  # our first orders fill at the open of the second bar
    frame = pd.DataFrame(
        {item.symbol: item.open[first_fill:] for item in series},
        index=pd.DatetimeIndex(series[0].dates[first_fill:]),
    )

    def run():
        strategy = bt.Strategy("equal-weight", [
            bt.algos.RunMonthly(run_on_first_date=True),
            bt.algos.SelectAll(),
            bt.algos.WeighEqually(),
            bt.algos.Rebalance(),
        ])
        test = bt.Backtest(
            strategy, frame, initial_capital=PORTFOLIO_CASH,
            commissions=lambda quantity, price: abs(quantity) * price * PORTFOLIO_COMMISSION,
            progress_bar=False,
        )
        return bt.run(test)

    return run


def time_random_traders(repeat: int = 5) -> tuple[float, float]:
    """Seconds for 1,000 one-year random traders (best of ``repeat``), and traders per second."""
    from datetime import date

    from simulator.bundled_prices import load_bundled
    from simulator.luck import random_traders
    from simulator.session import TradingSession

    session = TradingSession(load_bundled("000300.SS"), "cn_a", 1_000_000,
                             start=date(2015, 1, 5), end=date(2015, 12, 31))
    session.advance(session.last_bar - session.bar)
    best, _, _ = best_and_median(lambda: random_traders(session, 1000, trades=20, seed=1), repeat)
    return best, 1000 / best


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

    series5 = common_day_series()
    bars5 = len(series5[0])
    repeat5 = max(3, args.repeat // 4)
    ours5_best, ours5_median, session = best_and_median(lambda: run_portfolio(series5), repeat5)
    bt_best, bt_median, bt_result = best_and_median(bt_runner(series5), repeat5)
    last = len(series5[0]) - 1

    def at_last_open(run):
        return run.cash + sum(run.position(item.symbol).quantity * item.open[last] for item in series5)

    ours_final = at_last_open(session)
    same = run_portfolio_sized_like_bt(series5)
    same_final = at_last_open(same)
    theirs_final = float(bt_result["equal-weight"].prices.iloc[-1]) / 100 * PORTFOLIO_CASH
    gap = same_final / theirs_final - 1
    fees = same.ledger.fees_paid
    print(f"Equal weight, monthly rebalance, {len(series5)} A-share series "
          f"({', '.join(PORTFOLIO)}), {series5[0].first_date} .. {series5[0].last_date}: "
          f"{bars5} common trading days, commission {PORTFOLIO_COMMISSION:.1%}, best of {repeat5}")
    print(f"  simulator       {bars5 / ours5_best:>10,.0f} bars/s  ({bars5 / ours5_median:,.0f})  "
          f"trades {len(session.trade_log)}  final equity at last open {ours_final:,.2f}")
    print(f"  bt              {bars5 / bt_best:>10,.0f} bars/s  ({bars5 / bt_median:,.0f})  "
          f"final equity {theirs_final:,.2f}")
    print(f"  ratio           {bt_best / ours5_best:>10.1f}x  ({bt_median / ours5_median:.1f}x)  (goal: at least 5x)")
    # Sized like bt, both engines make the same whole-share trades at the same prices; what is
    # left is commission rounding (we round each fee to the cent) and bt's sizing of a share
    # here and there, a small fraction of the fees paid.
    portfolio_agree = abs(same_final - theirs_final) <= 0.05 * fees
    print(f"  sized like bt (at the fill price): final equity {same_final:,.2f}, differs from bt by "
          f"{gap:+.4%} ({same_final - theirs_final:+,.2f}; fees paid {fees:,.2f}): "
          f"{'agree within fees' if portfolio_agree else 'DIFFER beyond fees'}")
    print(f"  sized at the close before the fill (the strategy above): {ours_final / theirs_final - 1:+.3%} vs bt")

    seconds, rate = time_random_traders()
    print(f"Random traders (luck or skill): 1,000 one-year traders x 20 trades in {seconds:.3f} s, "
          f"{rate:,.0f} traders/s  (goal: about a second)")

    timings = time_interactive_day()
    timings.sort()
    print(f"Interactive day (advance + snapshot with metrics), {len(timings)} days of 'long-recovery':")
    print(f"  median {statistics.median(timings):.3f} ms, p99 {timings[int(len(timings) * 0.99)]:.3f} ms, "
          f"max {timings[-1]:.3f} ms  (goal: under 5 ms)")
    return 0 if agree and portfolio_agree else 1


if __name__ == "__main__":
    sys.exit(main())
