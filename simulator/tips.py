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
    """``scam``: an illegal tip with fraud red flags; ``news``: a legitimate (fictional) report;
    ``margin_offer``: an off-exchange margin lender's pitch (场外配资), illegal in mainland China,
    debriefed with what the offered account would have become (``simulator.margin``)."""

    SCAM = "scam"
    NEWS = "news"
    MARGIN_OFFER = "margin_offer"

    @property
    def illegal(self) -> bool:
        """Whether acting on the tip means dealing with an unlicensed, illegal offer."""
        return self is not TipKind.NEWS


@dataclass(frozen=True, slots=True)
class MarginTerms:
    """A 1:``leverage`` margin offer: the lender adds ``leverage`` yuan per yuan of your own.

    Lenders watch the account's assets against the loan: at the ``warning_line`` they demand
    more money, at the ``liquidation_line`` they sell everything, whatever the price. Both are
    ratios of assets to loan (1.1 = assets worth 110% of the loan). ``monthly_interest`` is the
    lender's fee on the loan per month.
    """

    leverage: float
    warning_line: float
    liquidation_line: float
    monthly_interest: float = 0.0
    symbol: str = ""
    deposit: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "leverage": self.leverage,
            "warning_line": self.warning_line,
            "liquidation_line": self.liquidation_line,
            "monthly_interest": self.monthly_interest,
            "symbol": self.symbol,
            "deposit": self.deposit,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MarginTerms:
        """Inverse of ``to_dict``."""
        return cls(**data)


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
    # The instrument it is about (None: any instrument of the session).
    symbol: str | None = None
    margin: MarginTerms | None = None
    # A lesson that explains the trap (lesson id), shown with the tip's debrief.
    lesson_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "kind": self.kind.value,
            "source": self.source.to_dict(),
            "text": self.text.to_dict(),
            "action": self.action.value if self.action else None,
            "symbol": self.symbol,
            "margin": self.margin.to_dict() if self.margin else None,
            "lesson_id": self.lesson_id,
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
            symbol=data.get("symbol"),
            margin=MarginTerms.from_dict(data["margin"]) if data.get("margin") else None,
            lesson_id=data.get("lesson_id"),
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
