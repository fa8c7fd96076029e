"""The session's order book: every order ever placed, which are still open, and their history."""

from __future__ import annotations

from datetime import date
from typing import Any

from simulator.events import EventKind, OrderEvent
from simulator.orders import Order, OrderStatus
from simulator.rejections import Rejection


class OrderBook:
    """Orders by id (oldest first), the open ones in arrival order, and the events log.

    Arrival order matters: within a phase of a bar, earlier orders fill first (time priority,
    as on an exchange).
    """

    def __init__(self) -> None:
        self.orders: dict[int, Order] = {}
        self.open_ids: list[int] = []
        self.events: list[OrderEvent] = []
        self.next_id = 1

    @property
    def open_orders(self) -> tuple[Order, ...]:
        """Orders that can still fill."""
        return tuple(self.orders[order_id] for order_id in self.open_ids)

    def new_id(self) -> int:
        """The id for the next order."""
        order_id = self.next_id
        self.next_id += 1
        return order_id

    def add(self, order: Order) -> None:
        """Accept ``order`` into the book."""
        self.orders[order.id] = order
        self.open_ids.append(order.id)

    def update(self, order: Order) -> None:
        """Replace an order by its updated copy (it stays open)."""
        self.orders[order.id] = order

    def close(self, order: Order, status: OrderStatus, **changes: Any) -> Order:
        """Give ``order`` its final ``status``; it leaves the open list."""
        order = order.with_changes(status=status, **changes)
        self.orders[order.id] = order
        self.open_ids.remove(order.id)
        return order

    def log(
        self, bar: int, day: date, order_id: int, kind: EventKind, rejection: Rejection | None = None
    ) -> None:
        """Record what happened to an order."""
        self.events.append(OrderEvent(bar, day, order_id, kind, rejection))

    def block(self, order: Order, bar: int, day: date, rejection: Rejection) -> None:
        """The order could not fill on this bar, for ``rejection``'s reason; it stays open."""
        self.log(bar, day, order.id, EventKind.BLOCKED, rejection)

    def reject(self, order: Order, bar: int, day: date, rejection: Rejection) -> None:
        """The order can never fill (e.g. unaffordable at the fill): it is closed as rejected."""
        self.close(order, OrderStatus.REJECTED, rejection=rejection)
        self.log(bar, day, order.id, EventKind.REJECTED, rejection)

    def last_reason(self, order_id: int) -> Rejection | None:
        """The latest rejection or blocking reason recorded for ``order_id``."""
        order = self.orders.get(order_id)
        if order is not None and order.rejection is not None:
            return order.rejection
        for event in reversed(self.events):
            if event.order_id == order_id and event.rejection is not None:
                return event.rejection
        return None
