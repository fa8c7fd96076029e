"""Which simulator habits a finished session earns. Process, never profit: finishing, reporting a
scam tip, holding through a crisis without a panic sale, keeping the portfolio diversified."""

from __future__ import annotations

from simulator.coaching import CoachingFlag
from simulator.series import InstrumentKind
from simulator.session import TradingSession
from simulator.tips import TipKind, TipResponse

#: A position must have been held for this share of the bars for "steady hands"/"diversified".
MIN_EXPOSURE = 0.25


def earned(session: TradingSession, flags: list[CoachingFlag], crisis: bool, source: str) -> list[tuple[str, str]]:
    """``(achievement, source)`` pairs the session earns once it has been played to the end."""
    codes = {flag.code for flag in flags}
    exposure = session.metrics().exposure
    found: list[str] = []
    if session.finished:
        found.append("scenario_finished")
    if any(r.kind is TipKind.SCAM and r.response is TipResponse.REPORTED for r in session.tip_records):
        found.append("scam_reported")
    if session.finished and crisis and exposure >= MIN_EXPOSURE and "panic_selling" not in codes:
        found.append("steady_hands")
    # With one instrument only an index fund is diversified (the coach's concentration flag says
    # the same); once sessions hold several instruments this weighs the whole portfolio.
    if (
        session.finished
        and exposure >= MIN_EXPOSURE
        and session.series.kind is InstrumentKind.INDEX
        and "concentration" not in codes
    ):
        found.append("diversified")
    return [(name, source) for name in found]
