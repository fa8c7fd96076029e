"""The trading challenge: every attendee plays the same scenario, and the leaderboard ranks a
**process score**, never raw return (school stock games are criticised for rewarding gambling).

The process score, 0-100, adds:

- risk-adjusted return (30): total return divided by volatility, mapped from -1..1 to 0..30;
- small drawdown (25): 25 for no fall from a peak, nothing for a fall of half or more;
- spreading the money (15): instruments bought out of those on offer (at most three needed);
  full marks when the scenario offers only one;
- scam tips reported (15): the share of the tips that arrived which were reported;
- no panic sale (15): lost when the coach saw a sale after a sharp fall that soon recovered.

Raw return is shown beside the score so nobody is misled about what happened to the money.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import select

from edu_app.store import Database
from edu_app.store.models import EventAttendee, EventRow, Profile, TradingSessionRow

RISK_POINTS, DRAWDOWN_POINTS, SPREAD_POINTS, TIPS_POINTS, CALM_POINTS = 30, 25, 15, 15, 15
DRAWDOWN_FOR_NOTHING = 0.5
SPREAD_TARGET = 3


@dataclass(frozen=True)
class ChallengeFigures:
    """What the score is computed from, read off one trading session."""

    total_return: float
    volatility: float | None
    max_drawdown: float  # a negative fraction or 0
    instruments_bought: int
    instruments_offered: int
    tips_delivered: int
    tips_reported: int
    panic_sale: bool
    coaching_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcessScore:
    """The score and its parts (rounded to whole points)."""

    total: int
    risk: int
    drawdown: int
    spread: int
    tips: int
    calm: int


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def process_score(f: ChallengeFigures) -> ProcessScore:
    """The process score of one session (rules in the module docstring)."""
    ratio = f.total_return / f.volatility if f.volatility else 0.0
    risk = RISK_POINTS * _clamp((ratio + 1) / 2)
    drawdown = DRAWDOWN_POINTS * (1 - _clamp(abs(f.max_drawdown) / DRAWDOWN_FOR_NOTHING))
    if f.instruments_offered <= 1:
        spread = float(SPREAD_POINTS) if f.instruments_bought else 0.0
    else:
        spread = SPREAD_POINTS * _clamp(f.instruments_bought / min(SPREAD_TARGET, f.instruments_offered))
    tips = TIPS_POINTS * (f.tips_reported / f.tips_delivered) if f.tips_delivered else float(TIPS_POINTS)
    calm = 0.0 if f.panic_sale else float(CALM_POINTS)
    parts = [round(x) for x in (risk, drawdown, spread, tips, calm)]
    return ProcessScore(sum(parts), *parts)


def figures_of(engine: Any) -> ChallengeFigures:
    """The figures of a simulator session (``simulator.session.TradingSession``)."""
    metrics = engine.metrics()
    flags = tuple(flag.code for flag in engine.coaching())
    delivered = [r for r in engine.tip_records if r.delivered_on is not None]
    reported = [r for r in delivered if r.response is not None and r.response.value == "reported"]
    bought = {fill.symbol for fill in engine.trade_log if fill.side.value == "buy"}
    return ChallengeFigures(
        total_return=metrics.total_return, volatility=metrics.volatility, max_drawdown=metrics.max_drawdown,
        instruments_bought=len(bought), instruments_offered=len(engine.instruments),
        tips_delivered=len(delivered), tips_reported=len(reported), panic_sale="panic_selling" in flags,
        coaching_flags=flags,
    )


@dataclass(frozen=True)
class Entry:
    """One attendee's line on the challenge leaderboard."""

    nickname: str
    profile_id: int
    session_id: int
    score: ProcessScore
    total_return: float
    figures: ChallengeFigures


def challenge_sessions(db: Database, code: str, scenario_id: str) -> list[tuple[int, str, int, int]]:
    """(profile id, nickname, session id, revision) of each attendee's latest session of the
    challenge's scenario (attendee profiles are made when they join, so every such session was
    played at the event); removed attendees left out."""
    with db.reading() as session:
        event = session.exec(select(EventRow).where(EventRow.code == code)).first()
        if event is None:
            return []
        rows = session.exec(
            select(EventAttendee.profile_id, Profile.nickname, TradingSessionRow.id, TradingSessionRow.revision)
            .join(Profile, Profile.id == EventAttendee.profile_id)  # type: ignore[arg-type]
            .join(TradingSessionRow, TradingSessionRow.profile_id == EventAttendee.profile_id)  # type: ignore[arg-type]
            .where(EventAttendee.event_id == event.id, EventAttendee.removed == False,  # noqa: E712
                   TradingSessionRow.scenario_id == scenario_id)
            .order_by(TradingSessionRow.id)
        ).all()
    latest: dict[int, tuple[int, str, int, int]] = {}
    for profile_id, nickname, session_id, revision in rows:
        latest[profile_id] = (profile_id, nickname, session_id, revision)
    return list(latest.values())


class ChallengeBoard:
    """Computes the leaderboard from the attendees' saved sessions; recomputed only when a
    session's revision changed (cheap to ask for on every refresh)."""

    def __init__(self, db: Database, trading: Any) -> None:
        self._db = db
        self._trading = trading
        self._cache: dict[tuple[int, int], Entry] = {}

    def entries(self, code: str, scenario_id: str) -> list[Entry]:
        """Every attendee's entry, best process score first."""
        found = []
        for profile_id, nickname, session_id, revision in challenge_sessions(self._db, code, scenario_id):
            entry = self._cache.get((session_id, revision))
            if entry is None:
                figures = figures_of(self._trading.session_engine(profile_id, session_id))
                entry = Entry(nickname, profile_id, session_id, process_score(figures), figures.total_return, figures)
                self._cache[(session_id, revision)] = entry
            found.append(replace(entry, nickname=nickname))
        return sorted(found, key=lambda e: (-e.score.total, e.nickname))
