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
# An index fund is already spread over many companies; holding it all is not concentration.
_DIVERSIFIED_KINDS = ("index",)


@dataclass(frozen=True)
class Sale:
    """A sale and the state of the account when it was decided (the close before the fill)."""

    date: date
    share_sold: float
    account_fall: float


@dataclass(frozen=True)
class SessionBehaviour:
    """The facts about one session that the reality check weighs.

    ``deepest_fall_held`` is the deepest fall of the account below its running high on a bar that
    ended with a holding (0 when never invested, negative otherwise). ``max_concentration`` is
    the largest share of the account in one single stock or coin right after buying it (index
    funds are already diversified and do not count), and ``concentrated_symbol`` names it.
    """

    scenario_id: str | None
    symbols: tuple[str, ...]
    kinds: Mapping[str, str | None]
    start: date
    fills: int
    sales: tuple[Sale, ...]
    deepest_fall_held: float
    max_concentration: float
    concentrated_symbol: str | None
    scam_tips_acted: int


def read_session(session: TradingSession | Mapping[str, Any]) -> SessionBehaviour:
    """The behaviour in one session, given the session or its ``to_dict()`` state.

    A state may carry ``kinds`` ({symbol: instrument kind}) or one ``kind`` for all; otherwise a
    live session's series say, or the bundled series of the same symbols.
    """
    kinds: dict[str, str | None] = {}
    if not isinstance(session, Mapping):
        kinds = {symbol: item.series.kind.value for symbol, item in session.instruments.items()}
        state: Mapping[str, Any] = session.to_dict()
    else:
        state = session
    refs = state.get("instruments") or [state["series"]]
    symbols = tuple(str(ref["symbol"]) for ref in refs)
    for symbol in symbols:
        if symbol not in kinds:
            given = (state.get("kinds") or {}).get(symbol, state.get("kind"))
            kinds[symbol] = given if given is not None else _bundled_kind(symbol)
    equity = [float(value) for value in state["equity"]]
    first_bar = int(state["bar"]) - (len(equity) - 1)
    fills = sorted(state["ledger"]["fills"], key=lambda fill: (int(fill["bar"]), int(fill["order_id"])))
    weight, heavy = _max_concentration(fills, symbols[0], kinds)
    return SessionBehaviour(
        scenario_id=state.get("scenario_id"),
        symbols=symbols,
        kinds=kinds,
        start=date.fromisoformat(state["start"]),
        fills=len(fills),
        sales=_sales(fills, equity, first_bar, symbols[0]),
        deepest_fall_held=_deepest_fall_held(fills, equity, first_bar),
        max_concentration=weight,
        concentrated_symbol=heavy,
        scam_tips_acted=sum(
            1
            for record in state.get("tip_records", [])
            if record.get("kind") == "scam" and record.get("delivered_on") and _acted(record)
        ),
    )


def _acted(record: Mapping[str, Any]) -> bool:
    return bool(record.get("acted")) or record.get("response") == "acted" or bool(record.get("order_ids"))


def _symbol(fill: Mapping[str, Any], default: str) -> str:
    # Fills saved before sessions had several instruments do not name theirs: the only one.
    return str(fill.get("symbol") or default)


def _running_falls(equity: list[float]) -> list[float]:
    """Each bar's account value relative to its high so far, minus 1 (0 or negative)."""
    falls, peak = [], 0.0
    for value in equity:
        peak = max(peak, value)
        falls.append(value / peak - 1 if peak > 0 else 0.0)
    return falls


def _sales(
    fills: list[Mapping[str, Any]], equity: list[float], first_bar: int, default: str
) -> tuple[Sale, ...]:
    falls = _running_falls(equity)
    held: dict[str, float] = {}
    sales = []
    for fill in fills:
        symbol, quantity = _symbol(fill, default), float(fill["quantity"])
        if fill["side"] == "buy":
            held[symbol] = held.get(symbol, 0.0) + quantity
            continue
        before = held.get(symbol, 0.0)
        held[symbol] = max(before - quantity, 0.0)
        # The order was decided at a close before the fill; the bar before the fill is the
        # latest it could have been, so its fall is what the learner was looking at.
        decided = int(fill["bar"]) - 1 - first_bar
        fall = falls[decided] if 0 <= decided < len(falls) else 0.0
        share = quantity / before if before > _EPSILON else 1.0
        sales.append(Sale(date.fromisoformat(fill["date"]), share, fall))
    return tuple(sales)


def _deepest_fall_held(fills: list[Mapping[str, Any]], equity: list[float], first_bar: int) -> float:
    falls = _running_falls(equity)
    changes: dict[int, float] = {}
    for fill in fills:
        # Any holding counts, so units of different instruments may be summed here.
        sign = 1 if fill["side"] == "buy" else -1
        index = int(fill["bar"]) - first_bar
        changes[index] = changes.get(index, 0.0) + sign * float(fill["quantity"])
    held, deepest = 0.0, 0.0
    for index, fall in enumerate(falls):
        held += changes.get(index, 0.0)
        if held > _EPSILON:
            deepest = min(deepest, fall)
    return deepest


def _max_concentration(
    fills: list[Mapping[str, Any]], default: str, kinds: Mapping[str, str | None]
) -> tuple[float, str | None]:
    """The largest weight of one single stock or coin right after a buy, and which one.

    The account is valued at the fill: cash after it plus every holding at its latest fill price
    (the series are not in the saved state; with one instrument this is exact).
    """
    held: dict[str, float] = {}
    last_price: dict[str, float] = {}
    best, best_symbol = 0.0, None
    for fill in fills:
        symbol, quantity, price = _symbol(fill, default), float(fill["quantity"]), float(fill["price"])
        change = quantity if fill["side"] == "buy" else -quantity
        held[symbol] = max(held.get(symbol, 0.0) + change, 0.0)
        last_price[symbol] = price
        if fill["side"] != "buy" or kinds.get(symbol) in _DIVERSIFIED_KINDS:
            continue
        total = float(fill["cash_after"]) + sum(units * last_price[s] for s, units in held.items())
        if total > 0 and held[symbol] * price / total > best:
            best, best_symbol = held[symbol] * price / total, symbol
    return best, best_symbol


def _bundled_kind(symbol: str) -> str | None:
    from simulator.bundled_prices import find_bundled

    bundled = find_bundled(symbol)
    return bundled.kind.value if bundled else None
