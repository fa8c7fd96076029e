"""Tips a scenario schedules (scam messages or genuine news) and how the learner responded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from simulator.bilingual import Bilingual
from simulator.orders import Side

# Orders in the tip's direction placed within this many calendar days after it arrived count as
# acting on it: long enough for "I'll think about it over the weekend", short enough to be linked.
TIP_FOLLOW_DAYS = 7


class TipKind(StrEnum):
    """``scam``: an illegal tip with fraud red flags; ``news``: a legitimate (fictional) report."""

    SCAM = "scam"
    NEWS = "news"


class TipResponse(StrEnum):
    """What the learner said they did with a tip."""

    ACTED = "acted"
    IGNORED = "ignored"
    VERIFIED = "verified"
    REPORTED = "reported"


@dataclass(frozen=True, slots=True)
class Tip:
    """A message delivered on ``date`` (or the first trading day after it)."""

    id: str
    date: date
    kind: TipKind
    source: Bilingual
    text: Bilingual
    # The trade the message pushes for, if any; orders on this side count as acting on it.
    action: Side | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "kind": self.kind.value,
            "source": self.source.to_dict(),
            "text": self.text.to_dict(),
            "action": self.action.value if self.action else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tip:
        """Inverse of ``to_dict``."""
        return cls(
            id=data["id"],
            date=date.fromisoformat(data["date"]),
            kind=TipKind(data["kind"]),
            source=Bilingual.from_dict(data["source"]),
            text=Bilingual.from_dict(data["text"]),
            action=Side(data["action"]) if data.get("action") else None,
        )


@dataclass(slots=True)
class TipRecord:
    """Whether a tip reached the learner, what they said about it and which orders followed it."""

    tip_id: str
    kind: TipKind
    delivered_on: date | None = None
    delivered_bar: int | None = None
    response: TipResponse | None = None
    responded_on: date | None = None
    order_ids: list[int] = field(default_factory=list)

    @property
    def acted(self) -> bool:
        """Whether the learner acted on the tip, by saying so or by trading in its direction."""
        return self.response is TipResponse.ACTED or bool(self.order_ids)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "tip_id": self.tip_id,
            "kind": self.kind.value,
            "delivered_on": self.delivered_on.isoformat() if self.delivered_on else None,
            "delivered_bar": self.delivered_bar,
            "response": self.response.value if self.response else None,
            "responded_on": self.responded_on.isoformat() if self.responded_on else None,
            "order_ids": list(self.order_ids),
            "acted": self.acted,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TipRecord:
        """Inverse of ``to_dict``."""
        return cls(
            tip_id=data["tip_id"],
            kind=TipKind(data["kind"]),
            delivered_on=date.fromisoformat(data["delivered_on"]) if data["delivered_on"] else None,
            delivered_bar=data["delivered_bar"],
            response=TipResponse(data["response"]) if data["response"] else None,
            responded_on=date.fromisoformat(data["responded_on"]) if data["responded_on"] else None,
            order_ids=list(data["order_ids"]),
        )
