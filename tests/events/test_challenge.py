"""The trading challenge: the process score by hand, features granted for the event, and the
leaderboard read from real saved trading sessions."""

from __future__ import annotations

import pytest

from edu_app.events.challenge import ChallengeBoard, ChallengeFigures, process_score
from edu_app.events.config import EventConfig
from edu_app.events.service import EventClosed, EventService, Organiser
from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.trading.errors import TradingError
from edu_app.trading.wiring import trading_service


def test_process_score_by_hand() -> None:
    figures = ChallengeFigures(total_return=0.10, volatility=0.20, max_drawdown=-0.10, instruments_bought=2,
                               instruments_offered=5, tips_delivered=4, tips_reported=1, panic_sale=False)
    # risk: ratio .5 -> 30 * .75 = 22.5 -> 22 (round half to even); drawdown 25 * (1 - .1/.5) = 20;
    # spread 15 * 2/3 = 10; tips 15 * 1/4 = 3.75 -> 4; calm 15. Total 71.
    assert process_score(figures) == (score := process_score(figures))
    assert (score.risk, score.drawdown, score.spread, score.tips, score.calm, score.total) == (22, 20, 10, 4, 15, 71)
    # A gamble that paid: a high return with a deep fall and a panic sale scores lower than a calm loss.
    gamble = ChallengeFigures(0.80, 0.90, -0.55, 1, 5, 2, 0, True)
    calm_loss = ChallengeFigures(-0.02, 0.10, -0.05, 3, 5, 2, 2, False)
    assert process_score(gamble).total < process_score(calm_loss).total
    # One instrument on offer: buying it earns the spreading points; no tips: full tip points.
    single = ChallengeFigures(0.0, None, 0.0, 1, 1, 0, 0, False)
    assert (process_score(single).spread, process_score(single).tips, process_score(single).risk) == (15, 15, 15)


def test_the_event_grants_the_scenario_and_the_board_ranks_by_process(db, catalog: PackCatalog, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from edu_app.services.access import ProfileAccess

    fixed = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), ZoneInfo("Asia/Shanghai"))
    events = EventService(db, catalog, ProfileAccess(db), now=clock)
    trading = trading_service(db, catalog, LearningService(db, catalog, fixed), fixed, granted=events.granted_features)
    created = events.create("Fair", EventConfig(trading_challenge=True, scenario_id="dotcom-bust", live_quiz=False))
    who = Organiser(token=created.token)
    events.set_joining(created.code, who, True)
    ann = events.join(created.code, created.pin, "a", "en").profile.id
    bob = events.join(created.code, created.pin, "b", "en").profile.id
    assert "simulator" in events.granted_features(ann)
    # A crisis scenario needs an unlock: a profile outside the event is refused, attendees are not.
    outsider = ProfileAccess(db).create("Outsider").profile.id
    with pytest.raises(TradingError):
        trading.start_scenario(outsider, "dotcom-bust")
    events.set_challenge(created.code, who, True)
    ann_session = trading.start_scenario(ann, "dotcom-bust")
    bob_session = trading.start_scenario(bob, "dotcom-bust")
    assert trading.place_order(bob, bob_session, "buy", 10).accepted
    for _ in range(5):
        trading.advance(ann, ann_session, 20)
        trading.advance(bob, bob_session, 20)
    board = ChallengeBoard(db, trading).entries(created.code, "dotcom-bust")
    assert {e.profile_id for e in board} == {ann, bob}
    assert [e.score.total for e in board] == sorted((e.score.total for e in board), reverse=True)
    by_id = {e.profile_id: e for e in board}
    assert by_id[ann].total_return == pytest.approx(0.0)  # held cash
    assert by_id[bob].figures.instruments_bought == 1
    assert by_id[ann].score.total == process_score(by_id[ann].figures).total
    events.end(created.code, who)
    assert events.granted_features(ann) == set()
    with pytest.raises(EventClosed):
        events.set_challenge(created.code, who, False)


def test_the_report_counts_tips_and_coaching_flags_of_the_challenge(db, catalog: PackCatalog, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from edu_app.events import report as reports
    from edu_app.events.challenge import Entry, ProcessScore

    class Board:
        def entries(self, code: str, scenario_id: str) -> list[Entry]:
            a = ChallengeFigures(0.1, 0.2, -0.1, 1, 1, 3, 2, True, ("panic_selling", "overtrading"))
            b = ChallengeFigures(-0.1, 0.2, -0.2, 1, 1, 3, 0, False, ("overtrading",))
            return [Entry("a", 1, 1, process_score(a), 0.1, a), Entry("b", 2, 2, process_score(b), -0.1, b)]

    from edu_app.services.access import ProfileAccess

    events = EventService(db, catalog, ProfileAccess(db), now=clock)
    created = events.create("Fair", EventConfig(trading_challenge=True, scenario_id="dotcom-bust"))
    built = reports.build(db, catalog, events, created.code, board=Board())
    c = built.challenge
    assert c is not None and (c.players, c.tips_delivered, c.tips_reported) == (2, 6, 2)
    assert c.flags == [("overtrading", 2), ("panic_selling", 1)]
    assert c.mean_return == pytest.approx(0.0)
    assert isinstance(Board().entries("", "")[0].score, ProcessScore)
    reports.write(built, tmp_path)
    summary = (tmp_path / "summary.csv").read_text(encoding="utf-8")
    assert "challenge_tips_reported,2" in summary and "challenge_flag_overtrading,2" in summary
    assert "Scam tips reported: 2 of 6" in (tmp_path / "report.html").read_text(encoding="utf-8")
