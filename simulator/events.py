"""What happens to orders after they are accepted, and what one step of the session did."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from simulator.ledger import Fill
from simulator.orders import Order
from simulator.rejections import Rejection
from simulator.tips import Tip


class EventKind(StrEnum):
    """Things that happen to an order after it was accepted."""

    FILLED = "filled"
    # Could not fill on this bar (limit lock, suspension, T+1, shares not there yet); a day order
    # then expires, a good-till-cancelled order tries again on the next bar.
    BLOCKED = "blocked"
    REJECTED = "rejected"
    EXPIRED = "expired"
    TRIGGERED = "triggered"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class OrderEvent:
    """One thing that happened to one order on one bar."""

    bar: int
    date: date
    order_id: int
    kind: EventKind
    rejection: Rejection | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "bar": self.bar,
            "date": self.date.isoformat(),
            "order_id": self.order_id,
            "kind": self.kind.value,
            "rejection": self.rejection.to_dict() if self.rejection else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OrderEvent:
        """Inverse of ``to_dict``."""
        rejection = Rejection.from_dict(data["rejection"]) if data["rejection"] else None
        return cls(
            data["bar"], date.fromisoformat(data["date"]), data["order_id"],
            EventKind(data["kind"]), rejection,
        )


@dataclass(frozen=True, slots=True)
class OrderResult:
    """The answer to ``place_order`` or ``cancel``: the order, or why it was refused."""

    order: Order | None
    rejection: Rejection | None = None

    @property
    def accepted(self) -> bool:
        """Whether the request was accepted."""
        return self.rejection is None

    def message(self, lang: str = "en") -> str:
        """The rejection's explanation in ``lang``, or an empty string when accepted."""
        return self.rejection.message(lang) if self.rejection else ""


@dataclass(frozen=True, slots=True)
class StepReport:
    """What one ``advance`` call did."""

    date: date
    bars_advanced: int
    fills: tuple[Fill, ...]
    events: tuple[OrderEvent, ...]
    tips: tuple[Tip, ...]
    finished: bool
