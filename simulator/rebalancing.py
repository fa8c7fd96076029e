"""Equal-weight portfolios: split the money equally, then (optionally) rebalance on a schedule.

Rebalancing sells what has grown beyond its share and buys what has shrunk below it, so the
portfolio keeps its intended risk instead of drifting into whatever rose most. Decisions are
taken at the close of the last trading day of a period and fill at the next open, like every
other order; sells are placed before buys so that their proceeds pay for the buys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from simulator.orders import Side
from simulator.session import TradingSession
from simulator.strategies import Signal

REBALANCE_CHOICES = ("none", "monthly", "quarterly")


def _period(day: date, rebalance: str) -> tuple[int, int]:
    if rebalance == "monthly":
        return day.year, day.month
    return day.year, (day.month - 1) // 3


def rebalance_bars(calendar: tuple[date, ...], first_bar: int, last_bar: int, rebalance: str) -> list[int]:
    """Decision bars: the first bar, then the last bar of each period (none: only the first)."""
    bars = [first_bar]
    if rebalance == "none":
        return bars
    for bar in range(first_bar + 1, last_bar):
        if _period(calendar[bar], rebalance) != _period(calendar[bar + 1], rebalance):
            bars.append(bar)
    return bars


@dataclass(frozen=True)
class EqualWeight:
    """Equal shares of equity in every instrument, rebalanced ``none``, ``monthly`` or ``quarterly``."""

    rebalance: str = "none"
    name: str = "equal-weight"

    def __post_init__(self) -> None:
        if self.rebalance not in REBALANCE_CHOICES:
            raise ValueError(f"rebalance must be one of {REBALANCE_CHOICES}")

    def params(self) -> dict[str, str]:
        """The rebalancing schedule."""
        return {"rebalance": self.rebalance}

    def plan(self, *_: object) -> Mapping[int, Signal]:
        """Not used: ``run_equal_weight`` plans on the session's calendar."""
        return {}


def rebalance_to_equal(session: TradingSession) -> None:
    """Place the orders that bring every instrument to an equal share of equity at this close.

    Instruments that are suspended today are left as they are; their share stays in cash or in
    the holding until the next rebalance.
    """
    symbols = session.symbols
    target = session.equity / len(symbols)
    buys: list[tuple[str, float]] = []
    for symbol in symbols:
        if session.is_suspended(symbol):
            continue
        price = session.price_of(symbol)
        held = session.position(symbol).quantity
        gap = target - held * price
        if gap < 0 and held:
            instrument = session.instruments[symbol]
            step = instrument.quantities.sell_step * instrument.quantities.unit
            quantity = min(held, (-gap / price) // step * step)
            if quantity >= instrument.quantities.sell_min * instrument.quantities.unit:
                session.place_order(Side.SELL, quantity, symbol=symbol)
        elif gap > 0:
            buys.append((symbol, gap))
    for symbol, gap in buys:
        amount = min(gap, session.available_cash())
        if amount > 0:
            session.place_order(Side.BUY, amount=amount, symbol=symbol)


def run_equal_weight(session: TradingSession, strategy: EqualWeight) -> None:
    """Play an equal-weight portfolio on a fresh ``session`` to its last bar."""
    for bar in rebalance_bars(session.calendar, session.bar, session.last_bar, strategy.rebalance):
        if bar > session.bar:
            session.advance(bar - session.bar)
        rebalance_to_equal(session)
    if session.bar < session.last_bar:
        session.advance(session.last_bar - session.bar)

