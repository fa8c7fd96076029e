"""The portfolio: one cash ledger over several instruments, valued on one calendar.

Equity is cash plus every holding at its last close; a suspended instrument keeps the close of
its last trading day, because nobody could trade it at any other price. Weights are each
holding's share of equity: the figure behind "don't put all your eggs in one basket".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from simulator.bilingual import Bilingual
from simulator.instruments import Instrument
from simulator.ledger import Ledger


@dataclass(frozen=True, slots=True)
class PositionView:
    """A position valued at its last close."""

    symbol: str
    quantity: float
    sellable: float
    average_cost: float
    price: float
    market_value: float
    unrealised_pnl: float
    # Share of the account's equity, and whether the instrument is suspended today.
    weight: float = 0.0
    suspended: bool = False


@dataclass(frozen=True, slots=True)
class InstrumentView:
    """One instrument of the session on the current bar, for a screen's instrument list.

    ``price`` is the last close (``last_traded`` says from which day). The limit fields are the
    band the *next* bar may trade in (None where no limit applies); ``locked_up``/``locked_down``
    say that today was a one-price day at the limit.
    """

    symbol: str
    name: Bilingual
    kind: str
    board: str
    board_name: Bilingual
    adjusted: bool
    price: float
    last_traded: date | None
    suspended: bool
    listed: bool
    limit: float | None
    limit_down_price: float | None
    limit_up_price: float | None
    locked_up: bool
    locked_down: bool
    limit_up_streak: int
    quantity: float
    sellable: float
    market_value: float
    weight: float


def holdings_value(ledger: Ledger, instruments: Mapping[str, Instrument], bar: int) -> float:
    """Market value of every position at its last close on calendar day ``bar``."""
    total = 0.0
    for symbol, position in ledger.positions.items():
        if position.quantity:
            total += position.quantity * instruments[symbol].valuation[bar]
    return total


def weights(ledger: Ledger, instruments: Mapping[str, Instrument], bar: int, equity: float) -> dict[str, float]:
    """Each instrument's share of ``equity`` on calendar day ``bar`` (0 for those not held)."""
    result = {}
    for symbol, instrument in instruments.items():
        position = ledger.positions.get(symbol)
        value = position.quantity * instrument.valuation[bar] if position else 0.0
        result[symbol] = value / equity if equity > 0 else 0.0
    return result


def equal_split_curve(
    instruments: Sequence[Instrument], first_bar: int, last_bar: int, start_cash: float
) -> list[float]:
    """Buy and hold with ``start_cash`` split equally across ``instruments`` at the first close.

    The benchmark a portfolio is compared with: no fees, no rebalancing, fractional units.
    """
    import numpy as np

    share = start_cash / len(instruments)
    prices = np.array([item.valuation[first_bar : last_bar + 1] for item in instruments], dtype=float)
    return (share / prices[:, 0] @ prices).tolist()


def effective_holdings(weight_rows: Sequence[Mapping[str, float]]) -> list[float]:
    """The effective number of holdings per day, 1 / sum(w²) over invested weights (0 if flat).

    Two equal halves count 2; 90% in one and 10% in another counts about 1.2: money spread
    thinly over many names is not the same as money spread evenly.
    """
    result = []
    for row in weight_rows:
        invested = sum(row.values())
        if invested <= 0:
            result.append(0.0)
            continue
        result.append(1.0 / sum((value / invested) ** 2 for value in row.values() if value > 0))
    return result
