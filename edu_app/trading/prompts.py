""""Think twice": risky order patterns that get a short risk prompt before the order is sent.

Like a real broker's risk notice, a prompt never blocks: the learner may continue or cancel, and
the choice is kept for the report. Patterns are judged only on prices already played.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from simulator.orders import Side
from simulator.series import InstrumentKind
from simulator.session import TradingSession
from simulator.tips import TIP_FOLLOW_DAYS, TipResponse

#: Calendar days looked back for a "steep" move, and how steep counts (as the coach uses).
LOOKBACK_DAYS = 30
STEEP_RISE = 0.15
STEEP_FALL = 0.10
#: Share of equity in one instrument above which a buy gets a concentration prompt.
CONCENTRATION = 0.5

RUN_UP = "run_up"
LIMIT_UP_AGAIN = "limit_up_again"
FALLING = "steep_fall"
CONCENTRATED = "concentrated"
UNVERIFIED_TIP = "unverified_tip"
PROMPTS = (RUN_UP, LIMIT_UP_AGAIN, FALLING, CONCENTRATED, UNVERIFIED_TIP)


@dataclass(frozen=True)
class OrderIntent:
    """What the ticket is about to send: enough to judge the risk."""

    side: Side
    quantity: float
    price: float  # the reference price (limit, stop or last close)
    symbol: str | None = None  # the instrument (None: the session's first)


def risky_patterns(session: TradingSession, intent: OrderIntent) -> list[str]:
    """The prompt codes that apply to ``intent`` now, in display order (may be empty)."""
    found: list[str] = []
    series = _instrument(session, intent.symbol).series
    bar = _bar(session, intent.symbol)
    closes = series.close
    dates = series.dates
    since = dates[bar] - timedelta(days=LOOKBACK_DAYS)
    first = bar
    while first > 0 and dates[first - 1] >= since:
        first -= 1
    window = closes[first : bar + 1]
    price = closes[bar]
    if intent.side is Side.BUY:
        if min(window) > 0 and price / min(window) - 1 >= STEEP_RISE:
            found.append(RUN_UP)
        if _limit_up_days(session, intent.symbol) >= 2:
            found.append(LIMIT_UP_AGAIN)
        equity = session.equity
        held = session.ledger.position(series.symbol).quantity * price
        if (
            series.kind is not InstrumentKind.INDEX  # an index fund is already diversified
            and equity > 0
            and (held + intent.quantity * intent.price) / equity > CONCENTRATION
        ):
            found.append(CONCENTRATED)
    elif max(window) > 0 and price / max(window) - 1 <= -STEEP_FALL:
        found.append(FALLING)
    for record in session.tip_records:
        tip = next((t for t in session.tips if t.id == record.tip_id), None)
        if (
            tip is not None
            and tip.action is intent.side
            and record.delivered_on is not None
            and 0 <= (session.date - record.delivered_on).days <= TIP_FOLLOW_DAYS
            and record.response not in (TipResponse.VERIFIED, TipResponse.REPORTED, TipResponse.IGNORED)
        ):
            found.append(UNVERIFIED_TIP)
            break
    return found


def _limit_up_days(session: TradingSession, symbol: str | None = None) -> int:
    """How many bars in a row, ending today, closed at the daily limit-up price."""
    instrument = _instrument(session, symbol)
    limit = instrument.board.limit_on(session.date)
    if limit is None:
        return 0
    closes = instrument.series.close
    days, bar = 0, _bar(session, symbol)
    while bar > 0 and closes[bar - 1] > 0 and closes[bar] >= round(closes[bar - 1] * (1 + limit), 2) - 0.005:
        days += 1
        bar -= 1
    return days


def limit_state(session: TradingSession, symbol: str | None = None) -> str | None:
    """"limit_up" or "limit_down" when today's close of ``symbol`` sits at the daily limit."""
    instrument = _instrument(session, symbol)
    limit = instrument.board.limit_on(session.date)
    bar = _bar(session, symbol)
    if limit is None or bar == 0 or instrument.series.dates[bar] != session.date:
        return None  # no limit, no previous close, or no bar today (suspended)
    previous, close = instrument.series.close[bar - 1], instrument.series.close[bar]
    if close >= round(previous * (1 + limit), 2) - 0.005:
        return "limit_up"
    if close <= round(previous * (1 - limit), 2) + 0.005:
        return "limit_down"
    return None


def _instrument(session: TradingSession, symbol: str | None):  # type: ignore[no-untyped-def]
    """The engine's instrument for ``symbol`` (None or unknown: the first)."""
    return session.instruments.get(symbol or session.symbol) or session.instruments[session.symbol]


def _bar(session: TradingSession, symbol: str | None = None) -> int:
    """Index of the current day in the instrument's series: the engine's own bar counts its
    shared calendar, which differs once an instrument is suspended or several are traded."""
    found = _instrument(session, symbol).series.index_on_or_before(session.date)
    return 0 if found is None else found
