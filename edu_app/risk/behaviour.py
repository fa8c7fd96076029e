"""What a learner did in the simulator, read from a session's saved state.

Everything here is computed from ``TradingSession.to_dict()`` (or a live session), so it works
for whatever the trading screens store: the trade log, the equity curve and the tip records are
all in that state; the price series is not needed.

Falls are measured on the learner's **account** (cash plus holdings), because the questionnaire
asks about losses on the money invested, and a learner with most of the account in cash did not
live through the instrument's whole fall.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.session import TradingSession

_EPSILON = 1e-9


@dataclass(frozen=True)
class Sale:
    """A sale and the state of the account when it was decided (the close before the fill)."""

    date: date
    share_sold: float
    account_fall: float


@dataclass(frozen=True)
class SessionBehaviour:
    """The facts about one session that the reality check weighs.

    ``account_falls_held`` is the deepest fall of the account below its running high on a bar
    that ended with a position (0 when never invested, negative otherwise). ``max_concentration``
    is the largest share of the account in the instrument right after a buy.
    """

    scenario_id: str | None
    symbol: str
    kind: str | None
    start: date
    fills: int
    sales: tuple[Sale, ...]
    deepest_fall_held: float
    max_concentration: float
    scam_tips_acted: int


def read_session(session: TradingSession | Mapping[str, Any]) -> SessionBehaviour:
    """The behaviour in one session, given the session or its ``to_dict()`` state.

    A state may carry an extra ``kind`` (the instrument kind); otherwise a live session's series
    says, or the bundled series of the same symbol.
    """
    kind: str | None = None
    if not isinstance(session, Mapping):
        kind = session.series.kind.value
        state: Mapping[str, Any] = session.to_dict()
    else:
        state = session
        kind = state.get("kind")
    symbol = str(state["series"]["symbol"])
    if kind is None:
        kind = _bundled_kind(symbol)
    equity = [float(value) for value in state["equity"]]
    current_bar = int(state["bar"])
    first_bar = current_bar - (len(equity) - 1)
    fills = sorted(state["ledger"]["fills"], key=lambda fill: (int(fill["bar"]), int(fill["order_id"])))
    return SessionBehaviour(
        scenario_id=state.get("scenario_id"),
        symbol=symbol,
        kind=kind,
        start=date.fromisoformat(state["start"]),
        fills=len(fills),
        sales=_sales(fills, equity, first_bar),
        deepest_fall_held=_deepest_fall_held(fills, equity, first_bar),
        max_concentration=_max_concentration(fills),
        scam_tips_acted=sum(
            1
            for record in state.get("tip_records", [])
            if record.get("kind") == "scam" and record.get("delivered_on") and _acted(record)
        ),
    )


def _acted(record: Mapping[str, Any]) -> bool:
    return bool(record.get("acted")) or record.get("response") == "acted" or bool(record.get("order_ids"))


def _running_falls(equity: list[float]) -> list[float]:
    """Each bar's account value relative to its high so far, minus 1 (0 or negative)."""
    falls, peak = [], 0.0
    for value in equity:
        peak = max(peak, value)
        falls.append(value / peak - 1 if peak > 0 else 0.0)
    return falls


def _sales(fills: list[Mapping[str, Any]], equity: list[float], first_bar: int) -> tuple[Sale, ...]:
    falls = _running_falls(equity)
    held = 0.0
    sales = []
    for fill in fills:
        quantity = float(fill["quantity"])
        if fill["side"] == "buy":
            held += quantity
            continue
        before = held
        held = max(held - quantity, 0.0)
        # The order was decided at a close before the fill; the bar before the fill is the
        # latest it could have been, so its fall is what the learner was looking at.
        decided = int(fill["bar"]) - 1 - first_bar
        fall = falls[decided] if 0 <= decided < len(falls) else 0.0
        sales.append(Sale(date.fromisoformat(fill["date"]), quantity / before if before > _EPSILON else 1.0, fall))
    return tuple(sales)


def _deepest_fall_held(fills: list[Mapping[str, Any]], equity: list[float], first_bar: int) -> float:
    falls = _running_falls(equity)
    changes: dict[int, float] = {}
    for fill in fills:
        sign = 1 if fill["side"] == "buy" else -1
        index = int(fill["bar"]) - first_bar
        changes[index] = changes.get(index, 0.0) + sign * float(fill["quantity"])
    held, deepest = 0.0, 0.0
    for index, fall in enumerate(falls):
        held += changes.get(index, 0.0)
        if held > _EPSILON:
            deepest = min(deepest, fall)
    return deepest


def _max_concentration(fills: list[Mapping[str, Any]]) -> float:
    held, highest = 0.0, 0.0
    for fill in fills:
        quantity, price = float(fill["quantity"]), float(fill["price"])
        held = held + quantity if fill["side"] == "buy" else max(held - quantity, 0.0)
        if fill["side"] == "buy":
            invested = held * price
            total = invested + float(fill["cash_after"])
            if total > 0:
                highest = max(highest, invested / total)
    return highest


def _bundled_kind(symbol: str) -> str | None:
    from simulator.bundled_prices import find_bundled

    bundled = find_bundled(symbol)
    return bundled.kind.value if bundled else None
