"""Orders: what a learner asked for, and what became of it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from simulator.rejections import Rejection


class Side(StrEnum):
    """Buy or sell."""

    BUY = "buy"
    SELL = "sell"


class OrderType(StrEnum):
    """How the fill price is chosen (see ``matching``)."""

    MARKET = "market"
    LIMIT = "limit"
    STOP = "stop"
    STOP_LIMIT = "stop_limit"


class TimeInForce(StrEnum):
    """``day``: valid on the next trading day only; ``gtc``: until filled or cancelled."""

    DAY = "day"
    GTC = "gtc"


class OrderStatus(StrEnum):
    """Life cycle: open, then exactly one of the final states."""

    OPEN = "open"
    FILLED = "filled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Order:
    """One order for one instrument (``symbol``). Exactly one of ``quantity`` and ``amount`` (cash to invest, buys only) is set.

    Orders are immutable; the session replaces an order with an updated copy when its state
    changes, so views handed to the UI never change under its feet.
    """

    id: int
    side: Side
    type: OrderType
    quantity: float | None
    amount: float | None
    limit_price: float | None
    stop_price: float | None
    time_in_force: TimeInForce
    placed_on: date
    placed_bar: int
    status: OrderStatus = OrderStatus.OPEN
    # A stop-limit order becomes a resting limit order once its stop price has traded.
    triggered: bool = False
    filled_bar: int | None = None
    fill_price: float | None = None
    filled_quantity: float | None = None
    rejection: Rejection | None = None
    # The instrument; sessions saved before portfolios existed had one, filled in on loading.
    symbol: str = ""

    @property
    def is_open(self) -> bool:
        """Whether the order can still fill."""
        return self.status is OrderStatus.OPEN

    def with_changes(self, **changes: Any) -> Order:
        """A copy with some fields replaced."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "id": self.id,
            "side": self.side.value,
            "type": self.type.value,
            "quantity": self.quantity,
            "amount": self.amount,
            "limit_price": self.limit_price,
            "stop_price": self.stop_price,
            "time_in_force": self.time_in_force.value,
            "placed_on": self.placed_on.isoformat(),
            "placed_bar": self.placed_bar,
            "status": self.status.value,
            "triggered": self.triggered,
            "filled_bar": self.filled_bar,
            "fill_price": self.fill_price,
            "filled_quantity": self.filled_quantity,
            "rejection": self.rejection.to_dict() if self.rejection else None,
            "symbol": self.symbol,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], symbol: str = "") -> Order:
        """Inverse of ``to_dict``."""
        return cls(
            id=data["id"],
            side=Side(data["side"]),
            type=OrderType(data["type"]),
            quantity=data["quantity"],
            amount=data["amount"],
            limit_price=data["limit_price"],
            stop_price=data["stop_price"],
            time_in_force=TimeInForce(data["time_in_force"]),
            placed_on=date.fromisoformat(data["placed_on"]),
            placed_bar=data["placed_bar"],
            status=OrderStatus(data["status"]),
            triggered=data["triggered"],
            filled_bar=data["filled_bar"],
            fill_price=data["fill_price"],
            filled_quantity=data["filled_quantity"],
            rejection=Rejection.from_dict(data["rejection"]) if data["rejection"] else None,
            symbol=data.get("symbol") or symbol,
        )
