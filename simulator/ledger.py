"""The portfolio ledger: cash, positions at cost, realised P&L, costs paid and the trade log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from simulator.fees import Fees
from simulator.money import round_money
from simulator.orders import Side


@dataclass(slots=True)
class Position:
    """Holdings of one instrument.

    ``cost`` is the cost basis: everything paid for the units still held, buy fees included, so
    that realised plus unrealised P&L always equals the change in equity.
    """

    symbol: str
    quantity: float = 0
    cost: float = 0.0
    # Units bought on the current bar; under T+1 they cannot be sold until the next bar.
    locked: float = 0

    @property
    def average_cost(self) -> float:
        """Cost basis per unit held (0 when flat)."""
        return self.cost / self.quantity if self.quantity else 0.0


@dataclass(frozen=True, slots=True)
class Fill:
    """One execution: the trade log's entry."""

    order_id: int
    bar: int
    date: date
    side: Side
    quantity: float
    price: float
    value: float
    commission: float
    transfer_fee: float
    stamp_duty: float
    fees: float
    realised_pnl: float | None
    cash_after: float
    symbol: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        # Every field is a plain value: a shallow copy is enough, and much cheaper than asdict()'s
        # deep copy (a long session saves every fill on every step).
        data = {item.name: getattr(self, item.name) for item in fields(self)}
        data["date"] = self.date.isoformat()
        data["side"] = self.side.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], symbol: str = "") -> Fill:
        """Inverse of ``to_dict``; ``symbol`` fills in entries saved before portfolios."""
        fields = dict(data)
        fields["symbol"] = fields.get("symbol") or symbol
        fields["date"] = date.fromisoformat(fields["date"])
        fields["side"] = Side(fields["side"])
        return cls(**fields)


def _clean_quantity(quantity: float) -> float:
    # Fractional units (crypto) accumulate float noise; 8 decimals is a satoshi.
    return quantity if isinstance(quantity, int) else round(quantity, 8)


class Ledger:
    """Books fills against cash and positions; refuses any booking that would overdraw cash."""

    def __init__(self, cash: float) -> None:
        self.cash = round_money(cash)
        self.positions: dict[str, Position] = {}
        self.fills: list[Fill] = []
        self.commission_paid = 0.0
        self.transfer_fees_paid = 0.0
        self.stamp_duty_paid = 0.0
        self.realised_pnl = 0.0
        self.bought_value = 0.0
        self.sold_value = 0.0

    @property
    def fees_paid(self) -> float:
        """All trading costs so far: commission, transfer fees and stamp duty."""
        return round_money(self.commission_paid + self.transfer_fees_paid + self.stamp_duty_paid)

    def position(self, symbol: str) -> Position:
        """The position in ``symbol`` (created flat on first use)."""
        position = self.positions.get(symbol)
        if position is None:
            position = self.positions[symbol] = Position(symbol)
        return position

    def buy(
        self, symbol: str, order_id: int, bar: int, day: date, quantity: float, price: float,
        fees: Fees, lock: bool,
    ) -> Fill:
        """Book a buy; ``lock`` marks the units unsellable until the next bar (T+1)."""
        value = round_money(quantity * price)
        total = round_money(value + fees.total)
        if total > self.cash:
            raise ValueError(f"buy of {total} exceeds cash {self.cash}")
        self.cash = round_money(self.cash - total)
        position = self.position(symbol)
        position.quantity = _clean_quantity(position.quantity + quantity)
        position.cost = round_money(position.cost + total)
        if lock:
            position.locked = _clean_quantity(position.locked + quantity)
        self.bought_value = round_money(self.bought_value + value)
        return self._log(symbol, order_id, bar, day, Side.BUY, quantity, price, value, fees, None)

    def sell(
        self, symbol: str, order_id: int, bar: int, day: date, quantity: float, price: float,
        fees: Fees,
    ) -> Fill:
        """Book a sell of units the caller has checked are held and sellable."""
        position = self.position(symbol)
        if quantity > position.quantity:
            raise ValueError(f"sell of {quantity} exceeds holding {position.quantity}")
        value = round_money(quantity * price)
        proceeds = round_money(value - fees.total)
        if self.cash + proceeds < 0:
            raise ValueError("fees exceed sale value and cash")
        if quantity == position.quantity:
            released_cost = position.cost
        else:
            released_cost = round_money(position.cost * quantity / position.quantity)
        realised = round_money(proceeds - released_cost)
        self.cash = round_money(self.cash + proceeds)
        position.quantity = _clean_quantity(position.quantity - quantity)
        position.cost = round_money(position.cost - released_cost) if position.quantity else 0.0
        self.realised_pnl = round_money(self.realised_pnl + realised)
        self.sold_value = round_money(self.sold_value + value)
        return self._log(symbol, order_id, bar, day, Side.SELL, quantity, price, value, fees, realised)

    def _log(
        self, symbol: str, order_id: int, bar: int, day: date, side: Side, quantity: float, price: float,
        value: float, fees: Fees, realised: float | None,
    ) -> Fill:
        self.commission_paid = round_money(self.commission_paid + fees.commission)
        self.transfer_fees_paid = round_money(self.transfer_fees_paid + fees.transfer_fee)
        self.stamp_duty_paid = round_money(self.stamp_duty_paid + fees.stamp_duty)
        fill = Fill(
            order_id, bar, day, side, quantity, price, value, fees.commission, fees.transfer_fee,
            fees.stamp_duty, fees.total, realised, self.cash, symbol,
        )
        self.fills.append(fill)
        return fill

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "cash": self.cash,
            "positions": [asdict(position) for position in self.positions.values()],
            "fills": [fill.to_dict() for fill in self.fills],
            "commission_paid": self.commission_paid,
            "transfer_fees_paid": self.transfer_fees_paid,
            "stamp_duty_paid": self.stamp_duty_paid,
            "realised_pnl": self.realised_pnl,
            "bought_value": self.bought_value,
            "sold_value": self.sold_value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], symbol: str = "") -> Ledger:
        """Inverse of ``to_dict``; ``symbol`` names the instrument of single-instrument saves."""
        ledger = cls(data["cash"])
        for item in data["positions"]:
            ledger.positions[item["symbol"]] = Position(**item)
        ledger.fills = [Fill.from_dict(item, symbol) for item in data["fills"]]
        for name in (
            "commission_paid", "transfer_fees_paid", "stamp_duty_paid", "realised_pnl",
            "bought_value", "sold_value",
        ):
            setattr(ledger, name, data[name])
        return ledger
