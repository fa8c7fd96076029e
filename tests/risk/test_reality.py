"""The reality check on crafted histories: overstated, understated, consistent, riskier, and no
simulator history yet. Sessions are played through the real engine; the check reads their saved
state, exactly as the trading screens will store it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from edu_app.risk.behaviour import read_session
from edu_app.risk.files import Questionnaire, RiskLevels
from edu_app.risk.reality import RealityCheck, Stated, check
from simulator.bilingual import Bilingual
from simulator.orders import Side
from simulator.series import InstrumentKind
from simulator.session import TradingSession
from simulator.tips import Tip, TipKind
from tests.risk.conftest import play
from tests.simulator.builders import closes_series, flat_series

# An account of 10,000 all in at 100; the price then slides to 88 and recovers.
SLIDE = [100, 100, 100, 95, 90, 88, 88, 85, 80, 90, 100]
# A deep fall that is sat through: down to 60, back to 95.
CRASH = [100, 100, 90, 80, 70, 60, 65, 80, 95]


def _run(stated: Stated | None, sessions: list[TradingSession], questionnaire: Questionnaire, levels: RiskLevels,
         mastery: dict[str, float] | None = None) -> RealityCheck:
    rules = levels.reality_check
    known = {skill: 0.9 for skill in rules.expected_skills} if mastery is None else mastery
    # Through JSON, as a stored session would be.
    states = [json.loads(json.dumps(session.to_dict())) for session in sessions]
    return check(stated, questionnaire, rules, known, [read_session(state) for state in states],
                 scenario_title=lambda scenario, symbol, lang: {"en": "The slide", "zh-CN": "下滑"}[lang])


def test_said_thirty_percent_sold_at_minus_twelve(questionnaire: Questionnaire, levels: RiskLevels) -> None:
    session = play(SLIDE, {0: ("buy", 100), 5: ("sell", 100)})
    behaviour = read_session(session.to_dict())
    assert behaviour.sales[0].account_fall == pytest.approx(-0.12)
    result = _run(Stated("C4", 0.30), [session], questionnaire, levels)
    assert result.verdict == "overstated"
    [finding] = result.findings
    assert finding.code == "panic_sale"
    assert finding.text("en") == (
        "You said you could sit through a fall of 30%. In “The slide” you sold 100% of your holding on "
        f"{behaviour.sales[0].date.isoformat()}, when your account stood at -12% from its high."
    )
    assert "30%" in finding.text("zh-CN") and "-12%" in finding.text("zh-CN") and "下滑" in finding.text("zh-CN")
    assert result.lesson_route == "/learn/behaviour-traps/risk-tolerance-honesty"


def test_selling_near_the_stated_limit_is_consistent(questionnaire: Questionnaire, levels: RiskLevels) -> None:
    session = play(SLIDE, {0: ("buy", 100), 5: ("sell", 100)})
    # Said 15%, sold at -12%: within the 5-point margin.
    result = _run(Stated("C4", 0.15), [session], questionnaire, levels)
    assert result.verdict == "consistent" and result.findings == ()
    assert "1" in result.summary("en") and "15%" in result.summary("en")


def test_a_small_dip_sale_or_a_partial_sale_is_not_panic(questionnaire: Questionnaire, levels: RiskLevels) -> None:
    dip = play([100, 100, 100, 97, 97, 100], {0: ("buy", 100), 3: ("sell", 100)})
    trim = play(SLIDE, {0: ("buy", 100), 5: ("sell", 40)})
    result = _run(Stated("C4", 0.30), [dip, trim], questionnaire, levels)
    assert result.verdict == "consistent"


def test_said_ten_percent_sat_through_forty(questionnaire: Questionnaire, levels: RiskLevels) -> None:
    # An index fund, so holding it all is not concentration.
    session = play(CRASH, {0: ("buy", 100)})
    state = session.to_dict() | {"kind": "index"}
    result = check(Stated("C2", 0.10), questionnaire, levels.reality_check, {}, [read_session(state)])
    assert result.verdict == "understated"
    [finding] = result.findings
    assert finding.code == "held_through"
    assert "-40%" in finding.text("en") and "10%" in finding.text("en")


def test_a_cautious_learner_all_in_one_stock_took_more_risk(questionnaire: Questionnaire, levels: RiskLevels) -> None:
    # 95 shares filled at 101: 9,595 of 10,000, 96% of the account.
    session = play([100, 101, 102, 103, 104], {0: ("buy", 95)})
    result = _run(Stated("C2", 0.10), [session], questionnaire, levels)
    assert result.verdict == "riskier"
    [finding] = result.findings
    assert finding.code == "concentration"
    assert "C2 (Cautious)" in finding.text("en") and "96% of your account" in finding.text("en")
    assert "谨慎型" in finding.text("zh-CN")
    # The same holding for a growth-seeking learner is what they said they would do.
    assert _run(Stated("C4", 0.30), [session], questionnaire, levels).verdict == "consistent"


def test_acting_on_a_scam_tip_counts(questionnaire: Questionnaire, levels: RiskLevels) -> None:
    series = closes_series([100] * 8)
    tip = Tip("teacher", series.dates[1], TipKind.SCAM, Bilingual("VIP group", "VIP群"),
              Bilingual("Guaranteed 30%!", "稳赚30%！"), Side.BUY)
    session = TradingSession(series, "us", 10_000, tips=[tip])
    session.advance()
    session.place_order("buy", 10)
    session.advance()
    result = _run(Stated("C3", 0.20), [session], questionnaire, levels)
    assert result.verdict == "overstated"
    assert [finding.code for finding in result.findings] == ["scam_tip"]


def test_a_c5_who_has_not_shown_the_skills_is_overstated_even_without_history(
    questionnaire: Questionnaire, levels: RiskLevels
) -> None:
    mastery = {skill: 0.9 for skill in levels.reality_check.expected_skills}
    mastery["diversification"] = 0.3
    result = _run(Stated("C5", 0.5), [], questionnaire, levels, mastery)
    assert result.verdict == "overstated" and result.sessions_played == 0
    [finding] = result.findings
    assert finding.code == "skills_gap"
    assert "diversification" in finding.text("en") and "C5 (Aggressive)" in finding.text("en")
    # A C3 learner is not expected to have those skills yet.
    assert _run(Stated("C3", 0.2), [], questionnaire, levels, {}).verdict == "no_history"


def test_no_history_yet_and_no_assessment_yet(questionnaire: Questionnaire, levels: RiskLevels) -> None:
    untouched = TradingSession(flat_series(), "us", 10_000)
    result = _run(Stated("C3", 0.2), [untouched], questionnaire, levels)
    assert result.verdict == "no_history" and result.sessions_played == 0
    assert result.headline("en") == "No simulator history yet"
    assert result.headline("zh-CN") == "还没有模拟交易记录"
    assert _run(None, [untouched], questionnaire, levels).verdict == "no_assessment"


def test_a_live_session_and_its_saved_state_read_alike() -> None:
    session = play(SLIDE, {0: ("buy", 100), 5: ("sell", 100)})
    live = read_session(session)
    saved = read_session(json.loads(json.dumps(session.to_dict())))
    # Only the kind is unknown in a saved state whose symbol is not a bundled series.
    assert live.kinds == {"TEST": "stock"} and saved.kinds == {"TEST": None}
    assert replace(saved, kinds=live.kinds) == live
    assert live.fills == 2 and live.start == date(2021, 1, 4)


def test_several_instruments_are_read_one_by_one(questionnaire: Questionnaire, levels: RiskLevels) -> None:
    fund = closes_series([100] * 6, symbol="FUND", kind=InstrumentKind.INDEX)
    stock = closes_series([50, 50, 50, 45, 44, 44], symbol="SHARE")

    def run(fund_units: int, share_units: int, sell_share_at: int | None) -> TradingSession:
        session = TradingSession([fund, stock], "us", 10_000)
        session.place_order("buy", fund_units, symbol="FUND")
        session.place_order("buy", share_units, symbol="SHARE")
        while not session.finished:
            if session.bar == sell_share_at:
                session.place_order("sell", share_units, symbol="SHARE")
            session.advance()
        return session

    # Most of the money in the index fund, a little in one share: not concentrated.
    # A saved state says what its instruments are when they are not bundled series.
    state = json.loads(json.dumps(run(85, 20, None).to_dict()))
    spread = read_session(state | {"kinds": {"FUND": "index", "SHARE": "stock"}})
    assert spread.symbols == ("FUND", "SHARE") and spread.concentrated_symbol == "SHARE"
    assert spread.max_concentration == pytest.approx(0.10)
    assert check(Stated("C2", 0.1), questionnaire, levels.reality_check, {}, [spread]).verdict == "consistent"
    # Most of it in the share: concentrated, and the card names the share.
    heavy = read_session(run(10, 180, None))
    assert heavy.max_concentration == pytest.approx(0.90)
    result = check(Stated("C2", 0.1), questionnaire, levels.reality_check, {}, [heavy])
    assert result.verdict == "riskier" and "SHARE" in result.findings[0].text("en")
    # Selling all of the share is a whole sale of that holding, though the fund is still held.
    sold = read_session(run(10, 180, 4))
    assert [sale.share_sold for sale in sold.sales] == [1.0]
