"""What a screen shows about the current bar, in one immutable object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from simulator.metrics import Metrics
from simulator.orders import Order
from simulator.portfolio import InstrumentView, PositionView
from simulator.tips import Tip


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The session's state at the current bar, for display.

    ``price`` is the first instrument's last close (the only one in a single-instrument
    session); ``instruments`` describes every instrument, ``suspended`` lists those with no bar
    today.
    """

    date: date
    bar: int
    bars_left: int
    price: float
    cash: float
    available_cash: float
    positions: tuple[PositionView, ...]
    equity: float
    open_orders: tuple[Order, ...]
    realised_pnl: float
    unrealised_pnl: float
    total_pnl: float
    fees_paid: float
    taxes_paid: float
    metrics: Metrics
    tips_today: tuple[Tip, ...]
    finished: bool
    instruments: tuple[InstrumentView, ...] = ()
    suspended: tuple[str, ...] = ()
