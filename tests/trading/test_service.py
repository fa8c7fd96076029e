"""The trading service: sessions start, every action is saved, a fresh service resumes exactly
where the learner was, rules come back as sentences, and process (not profit) earns badges."""

from __future__ import annotations

from datetime import date

import pytest

from edu_app.learning import LearningService
from edu_app.services.profiles import ProfileService
from edu_app.store import Database
from edu_app.trading import TradingError, TradingService
from edu_app.trading.wiring import trading_service
from tests.trading.conftest import unlock


def test_scenario_cards_show_locked_ones_with_what_they_need(trading: TradingService, profile_id: int, db: Database) -> None:
    unlock(db, profile_id, {"simulator"})
    cards = {card.id: card for card in trading.scenarios(profile_id)}
    assert not cards["long-recovery"].locked
    assert cards["global-financial-crisis"].missing_features == ("scenarios.crisis",)
    assert set(cards["a-share-rules-2008"].missing_features) == {"market.cn_a", "scenarios.crisis"}
    with pytest.raises(TradingError) as error:
        trading.start_scenario(profile_id, "global-financial-crisis")
    assert error.value.code == "feature_locked"
    assert "Crisis scenarios" in error.value.message("en") and "危机情景" in error.value.message("zh-CN")


def test_every_action_is_saved_and_a_new_process_resumes_the_same_state(
    trading: TradingService, unlocked_id: int, db: Database, catalog, learning: LearningService, clock
) -> None:
    sid = trading.start_scenario(unlocked_id, "selloff-2018")
    assert trading.place_order(unlocked_id, sid, "buy", 10).accepted
    view = trading.advance(unlocked_id, sid, 3)
    assert view.positions and view.positions[0].quantity == 10
    limit = trading.place_order(unlocked_id, sid, "sell", 5, order_type="limit", limit_price=view.price * 1.5,
                                time_in_force="gtc")
    assert limit.accepted

    again = trading_service(db, catalog, learning, clock)  # another process: nothing cached
    resumed = again.view(unlocked_id, sid)
    assert resumed.date == view.date and resumed.equity == pytest.approx(view.equity)
    assert [o.id for o in resumed.open_orders] == [limit.order.id]
    assert resumed.fills == view.fills
    assert [s.id for s in again.sessions(unlocked_id)] == [sid]
    assert again.sessions(unlocked_id)[0].status == "active"


def test_the_chart_never_shows_a_future_bar(trading: TradingService, unlocked_id: int) -> None:
    sid = trading.start_scenario(unlocked_id, "long-recovery")
    view = trading.advance(unlocked_id, sid, 2)
    assert view.bars[-1].date == view.date
    assert view.bars[view.first_played].date == view.start
    assert view.equity_curve[-1][0] == view.date and view.benchmark_curve[-1][0] == view.date


def test_a_share_lot_size_and_t_plus_one_are_sentences(trading: TradingService, unlocked_id: int) -> None:
    sid = trading.start_scenario(unlocked_id, "a-share-rules-2008")
    odd = trading.place_order(unlocked_id, sid, "buy", 150)
    assert not odd.accepted and odd.rejection.rule == "lot_size"
    assert "100" in odd.rejection.message("en") and "100" in odd.rejection.message("zh-CN")
    assert trading.place_order(unlocked_id, sid, "buy", 100).accepted
    # Selling the shares this buy brings in would sell them on the day they are bought.
    same_day = trading.place_order(unlocked_id, sid, "sell", 100)
    assert not same_day.accepted and same_day.rejection.rule == "t_plus_one"
    assert "T+1" in same_day.rejection.message("en")
    trading.advance(unlocked_id, sid)
    view = trading.view(unlocked_id, sid)
    assert view.positions[0].quantity == 100 and view.positions[0].sellable == 100  # for the next day
    assert trading.place_order(unlocked_id, sid, "sell", 100).accepted


def test_estimate_shows_a_share_costs(trading: TradingService, unlocked_id: int) -> None:
    sid = trading.start_scenario(unlocked_id, "a-share-rules-2008")
    view = trading.view(unlocked_id, sid)
    sell = trading.estimate(unlocked_id, sid, "sell", 100)
    assert sell.value == pytest.approx(round(100 * view.price, 2))
    assert sell.stamp_duty == pytest.approx(round(sell.value * 0.0005, 2))
    assert sell.commission >= 5 and sell.transfer_fee > 0
    buy = trading.estimate(unlocked_id, sid, "buy", 100)
    assert buy.stamp_duty == 0
    assert buy.cash_after == pytest.approx(view.available_cash - buy.value - buy.commission - buy.transfer_fee)


def test_locked_order_types_name_what_unlocks_them(trading: TradingService, profile_id: int, db: Database) -> None:
    unlock(db, profile_id, {"simulator"})
    sid = trading.start_scenario(profile_id, "long-recovery")
    view = trading.view(profile_id, sid)
    assert view.order_types == {"market": None, "limit": "orders.limit", "stop": "orders.stop", "stop_limit": "orders.limit"}
    refused = trading.place_order(profile_id, sid, "buy", 1, order_type="limit", limit_price=1000)
    assert refused.rejection.rule == "feature_locked"
    assert not view.tips_enabled


def test_free_practice_checks_its_inputs(trading: TradingService, unlocked_id: int) -> None:
    sid = trading.start_practice(unlocked_id, ["MSFT"], date(2010, 1, 1), date(2010, 12, 31), "us", 20_000)
    view = trading.view(unlocked_id, sid)
    assert view.symbol == "MSFT" and view.start_cash == 20_000 and view.start >= date(2010, 1, 1)
    with pytest.raises(TradingError) as error:
        trading.start_practice(unlocked_id, ["MSFT"], date(2030, 1, 1), date(2030, 2, 1))
    assert error.value.code == "empty_range"
    with pytest.raises(TradingError):
        trading.start_practice(unlocked_id, ["NOPE"], None, None)
    assert [c.symbol for c in trading.instruments("微软")] == ["MSFT"]
    assert "VIX" not in [c.symbol for c in trading.instruments("")]


def test_a_scam_tip_reported_shows_in_the_debrief_and_earns_a_badge(
    trading: TradingService, unlocked_id: int, learning: LearningService
) -> None:
    sid = trading.start_scenario(unlocked_id, "long-recovery")
    view = trading.view(unlocked_id, sid)
    while not any(card.tip.kind == "scam" for card in view.feed) and not view.finished:
        view = trading.advance(unlocked_id, sid, 20)
    scam = next(card for card in view.feed if card.tip.kind == "scam")
    trading.respond_to_tip(unlocked_id, sid, scam.tip.id, "reported")
    new = trading.finish(unlocked_id, sid)
    assert "scam_reported" in new
    report = trading.report(unlocked_id, sid)
    assert [t.response for t in report.tips if t.tip.id == scam.tip.id] == ["reported"]
    badges = {b.id: b for b in learning.progress(unlocked_id, "en").badges}
    assert badges["scam_reported"].earned_at is not None
    # Finishing again earns nothing more.
    assert trading.finish(unlocked_id, sid) == []


def test_finishing_a_scenario_earns_xp_for_the_process_not_the_profit(
    trading: TradingService, unlocked_id: int, learning: LearningService
) -> None:
    sid = trading.start_scenario(unlocked_id, "selloff-2018")
    assert trading.place_order(unlocked_id, sid, "buy", 30).accepted
    view = trading.advance(unlocked_id, sid, 10_000)
    assert view.finished
    xp_before = learning.progress(unlocked_id, "en").xp
    earned = trading.finish(unlocked_id, sid)
    assert "scenario_finished" in earned and "diversified" in earned
    assert learning.progress(unlocked_id, "en").xp > xp_before
    summary = trading.sessions(unlocked_id)[0]
    assert summary.status == "finished"
    cards = {card.id: card for card in trading.scenarios(unlocked_id)}
    assert cards["selloff-2018"].best_return == pytest.approx(summary.total_return, abs=1e-6)
    # Rebuilding the learning state from history keeps the practice XP and badges.
    progress = learning.progress(unlocked_id, "en")
    learning.rebuild(unlocked_id)
    assert learning.progress(unlocked_id, "en").xp == progress.xp


def test_think_twice_prompts_are_recorded_for_the_report(trading: TradingService, unlocked_id: int) -> None:
    sid = trading.start_practice(unlocked_id, ["GOOG"], date(2005, 1, 3), date(2005, 12, 30), "us", 10_000)
    view = trading.view(unlocked_id, sid)
    estimate = trading.estimate(unlocked_id, sid, "buy", view.max_buy)
    assert "concentrated" in estimate.prompts
    trading.record_prompt_cancel(unlocked_id, sid, estimate.prompts)
    assert trading.place_order(unlocked_id, sid, "buy", 10, acknowledged=["concentrated"]).accepted
    choices = [(p["code"], p["choice"]) for p in trading.report(unlocked_id, sid).prompts]
    assert ("concentrated", "cancelled") in choices and ("concentrated", "continued") in choices


def test_sessions_are_exported_imported_and_deleted_with_the_learner(
    trading: TradingService, unlocked_id: int, learning: LearningService, db: Database
) -> None:
    sid = trading.start_scenario(unlocked_id, "selloff-2018")
    trading.place_order(unlocked_id, sid, "buy", 10)
    trading.advance(unlocked_id, sid, 5)
    document = learning.export_progress(unlocked_id)
    assert len(document["trading_sessions"]) == 1

    other = ProfileService(db).create("Other", language="zh-CN").id
    learning.import_progress(other, document)
    learning.import_progress(other, document)  # twice: no duplicate
    moved = trading.sessions(other)
    assert len(moved) == 1 and moved[0].current == trading.view(unlocked_id, sid).date
    assert trading.view(other, moved[0].id).positions[0].quantity == 10

    with pytest.raises(TradingError):
        trading.view(other, sid)  # someone else's session is not reachable
    ProfileService(db).delete(unlocked_id)
    assert trading.sessions(unlocked_id) == []
    trading.delete(other, moved[0].id)
    assert trading.sessions(other) == []


def test_think_twice_spots_a_run_up_a_steep_fall_and_an_unchecked_tip(trading: TradingService, unlocked_id: int) -> None:
    rally = trading.start_scenario(unlocked_id, "long-recovery")  # March 2009: +20% in two weeks
    trading.advance(unlocked_id, rally, 12)
    assert "run_up" in trading.estimate(unlocked_id, rally, "buy", 1).prompts

    crash = trading.start_practice(unlocked_id, ["GSPC"], date(2008, 9, 2), date(2008, 12, 31), "us", 100_000)
    trading.place_order(unlocked_id, crash, "buy", 10)
    trading.advance(unlocked_id, crash, 28)  # mid-October 2008
    assert "steep_fall" in trading.estimate(unlocked_id, crash, "sell", 10).prompts
    assert "run_up" not in trading.estimate(unlocked_id, crash, "buy", 10).prompts

    tipped = trading.start_scenario(unlocked_id, "a-share-rules-2008")
    view = trading.view(unlocked_id, tipped)
    while not view.feed:
        view = trading.advance(unlocked_id, tipped, 1)
    assert "unverified_tip" in trading.estimate(unlocked_id, tipped, "buy", 100).prompts
    trading.respond_to_tip(unlocked_id, tipped, view.feed[0].tip.id, "reported")
    assert "unverified_tip" not in trading.estimate(unlocked_id, tipped, "buy", 100).prompts


def test_session_summaries_carry_when_they_started_and_finished_for_the_history(
    trading: TradingService, unlocked_id: int, clock
) -> None:
    sid = trading.start_scenario(unlocked_id, "selloff-2018")
    (active,) = trading.sessions(unlocked_id)
    assert active.started_at == clock.now() and active.finished_at is None
    trading.advance(unlocked_id, sid, 5)
    trading.finish(unlocked_id, sid)
    (done,) = trading.sessions(unlocked_id)
    assert done.status == "finished" and done.started_at == clock.now() and done.finished_at == clock.now()
    assert done.started_at.utcoffset() is not None  # comparable with answer times in Me's history
