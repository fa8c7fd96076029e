"""Run a strategy through a ``TradingSession`` and report the outcome.

The backtest drives the very engine learners use: same fills, fees, rules and ledger. It jumps
from one decision bar to the next with ``advance(days)``, which still processes every bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from simulator.coaching import CoachingFlag
from simulator.ledger import Fill
from simulator.market_rules import RulesProfile
from simulator.metrics import Metrics, ReturnMetrics
from simulator.orders import Side
from simulator.series import PriceSeries
from simulator.session import TradingSession
from simulator.strategies import SignalKind, Strategy


@dataclass(frozen=True)
class BacktestResult:
    """The outcome of one backtest, with the buy-and-hold benchmark over the same bars."""

    symbol: str
    name: str
    rules: str
    strategy: str
    strategy_params: dict[str, int]
    start: date
    end: date
    frequency: str
    start_cash: float
    final_equity: float
    metrics: Metrics
    benchmark: ReturnMetrics
    trades: tuple[Fill, ...]
    coaching: tuple[CoachingFlag, ...]
    # Every instrument of the run (``symbol`` is the first); per-symbol end positions and the
    # number of playable days each one was suspended.
    symbols: tuple[str, ...] = ()
    positions: dict[str, dict[str, float]] | None = None
    suspended_days: dict[str, int] | None = None
    benchmark_label: str = "buy-and-hold"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``edu-app sim run --json`` (fractions, 0.12 = 12%)."""
        return {
            "symbol": self.symbol,
            "symbols": list(self.symbols or (self.symbol,)),
            "name": self.name,
            "rules": self.rules,
            "strategy": self.strategy,
            "strategy_params": self.strategy_params,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "frequency": self.frequency,
            "start_cash": self.start_cash,
            "final_equity": self.final_equity,
            "metrics": self.metrics.to_dict(),
            "benchmark": self.benchmark.to_dict(),
            "benchmark_label": self.benchmark_label,
            "positions": self.positions or {},
            "suspended_days": self.suspended_days or {},
            "trades": [
                {
                    "date": fill.date.isoformat(),
                    "symbol": fill.symbol,
                    "side": fill.side.value,
                    "quantity": fill.quantity,
                    "price": fill.price,
                    "value": fill.value,
                    "fees": fill.fees,
                    "realised_pnl": fill.realised_pnl,
                }
                for fill in self.trades
            ],
            "coaching": [flag.to_dict() for flag in self.coaching],
        }


def run_backtest(session: TradingSession, strategy: Strategy) -> BacktestResult:
    """Play ``strategy`` on a fresh ``session`` to its last bar and report."""
    plan = strategy.plan(session.series, session.bar, session.last_bar)
    instalments = sum(1 for signal in plan.values() if signal.kind is SignalKind.INVEST)
    for bar in sorted(plan):
        if bar > session.bar:
            session.advance(bar - session.bar)
        signal = plan[bar]
        position = session.ledger.position(session.symbol)
        if signal.kind is SignalKind.BUY_ALL:
            if not position.quantity and not session.open_orders:
                session.place_order(Side.BUY, amount=session.available_cash())
        elif signal.kind is SignalKind.SELL_ALL:
            if position.quantity and not session.open_orders:
                session.place_order(Side.SELL, position.quantity)
        else:
            # Keep to the schedule: each instalment tops spending up to its share of the
            # starting cash, so money a lot size left unspent is invested next month.
            target = session.start_cash * signal.instalment / instalments
            spent = sum(fill.value + fill.fees for fill in session.ledger.fills if fill.side is Side.BUY)
            amount = min(target - spent, session.available_cash())
            if amount > 0:
                session.place_order(Side.BUY, amount=amount)
    if session.bar < session.last_bar:
        session.advance(session.last_bar - session.bar)
    return summarise(session, strategy)


def summarise(session: TradingSession, strategy: Strategy | Any) -> BacktestResult:
    """The report of a finished (or paused) session run by ``strategy``.

    The benchmark is buy-and-hold of the starting cash: in the one instrument, split equally
    across several, or in the scenario's benchmark series.
    """
    series: PriceSeries = session.series
    first, last = session.first_bar, session.bar
    calendar = session.calendar
    profile: RulesProfile = session.profile
    symbols = session.symbols
    weights = session.weights()
    positions = {
        symbol: {
            "quantity": session.position(symbol).quantity,
            "price": session.price_of(symbol),
            "market_value": session.position(symbol).quantity * session.price_of(symbol),
            "weight": weights[symbol],
        }
        for symbol in symbols
    }
    suspended = {
        symbol: sum(1 for row in instrument.row[first : last + 1] if row < 0)
        for symbol, instrument in session.instruments.items()
    }
    if session.benchmark_series is not None:
        label = f"buy-and-hold {session.benchmark_series.symbol}"
    elif len(symbols) > 1:
        label = "equal split, buy-and-hold"
    else:
        label = "buy-and-hold"
    return BacktestResult(
        symbol=series.symbol,
        name=series.name if len(symbols) == 1 else " + ".join(
            item.series.name for item in session.instruments.values()
        ),
        rules=profile.id,
        strategy=strategy.name,
        strategy_params=strategy.params(),
        start=calendar[first],
        end=calendar[last],
        frequency=series.frequency.label,
        start_cash=session.start_cash,
        final_equity=session.equity,
        metrics=session.metrics(),
        benchmark=session.benchmark_metrics(),
        trades=session.trade_log,
        coaching=tuple(session.coaching()),
        symbols=symbols,
        positions=positions,
        suspended_days=suspended,
        benchmark_label=label,
    )
