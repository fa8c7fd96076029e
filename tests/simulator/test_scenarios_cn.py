"""The A-share scenarios: sourced, bilingual, dated by the real series, margin offers debriefed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from simulator.bundled_prices import load_bundled
from simulator.margin import LESSON_OFF_EXCHANGE_MARGIN
from simulator.scenarios import get_scenario, load_scenarios
from simulator.session import TradingSession

CN_SCENARIOS = [scenario for scenario in load_scenarios() if scenario.rules == "cn_a" and scenario.symbol != "GSPC"]
LESSONS = Path(__file__).resolve().parents[2] / "lessons" / "packs"


def lesson_exists(lesson_id: str) -> bool:
    return any(LESSONS.glob(f"*/lessons/{lesson_id}/en.md"))


def test_five_a_share_episodes_cover_every_tip_kind():
    assert {s.id for s in CN_SCENARIOS} == {
        "bull-that-borrowed-2015", "locked-limit-eastmoney-2015", "suspended-vanke-2015",
        "circuit-breaker-week-2016", "eggs-in-baskets-2014",
    }
    kinds = {tip.kind for scenario in CN_SCENARIOS for tip in scenario.tips}
    assert kinds == {"scam", "news", "margin_offer"}
    assert len(get_scenario("eggs-in-baskets-2014").all_symbols) >= 4


@pytest.mark.parametrize("scenario", CN_SCENARIOS, ids=lambda s: s.id)
def test_each_a_share_scenario_cites_sources_and_links_real_lessons(scenario):
    assert scenario.sources and all(source.url.startswith("http") for source in scenario.sources)
    for lesson in scenario.lessons:
        assert lesson_exists(lesson), lesson
    for text in (scenario.title, scenario.intro, *scenario.learning_goals):
        assert text.en.strip() and text.zh_cn.strip()
    if any(tip.kind == "margin_offer" for tip in scenario.tips):
        assert "illegal" in scenario.intro.en and "违法" in scenario.intro.zh_cn
        assert LESSON_OFF_EXCHANGE_MARGIN in scenario.lessons
        assert all(tip.lesson == LESSON_OFF_EXCHANGE_MARGIN for tip in scenario.tips if tip.kind == "margin_offer")
    session = TradingSession.from_scenario(scenario)
    assert session.symbols == scenario.all_symbols
    assert session.calendar[session.first_bar] >= scenario.start


def test_scenario_dates_match_the_bundled_series():
    east = load_bundled("300059.SZ")
    start = get_scenario("locked-limit-eastmoney-2015").start
    assert start in east.dates and east.dates[east.dates.index(start) - 1] == date(2015, 2, 6)
    vanke = get_scenario("suspended-vanke-2015")
    session = TradingSession.from_scenario(vanke)
    suspended = [day for bar, day in enumerate(session.calendar)
                 if session.first_bar <= bar <= session.last_bar
                 and not session.instruments["000002.SZ"].trades_on(bar)]
    # One unbroken block from the first weekday after 2015-12-18 to the last before 2016-07-04
    # (the bundled series also lacks 2016-08-29, a single day).
    block = [day for day in suspended if day < date(2016, 7, 4)]
    assert block[0] == date(2015, 12, 21) and block[-1] == date(2016, 7, 1) and len(block) == 130
    assert [day for day in suspended if day >= date(2016, 7, 4)] == [date(2016, 8, 29)]
    breaker = get_scenario("circuit-breaker-week-2016")
    csi = load_bundled(breaker.symbol)
    for day in (date(2016, 1, 4), date(2016, 1, 7)):
        bar = csi.dates.index(day)
        assert csi.close[bar] / csi.close[bar - 1] - 1 < -0.069
        assert breaker.start < day < breaker.end


def test_the_margin_offer_debrief_is_computed_from_real_prices():
    scenario = get_scenario("bull-that-borrowed-2015")
    session = TradingSession.from_scenario(scenario)
    session.advance(session.last_bar - session.bar)
    (debrief,) = session.margin_debriefs()
    csi = load_bundled("000300.SS")
    opened = csi.dates.index(date(2015, 5, 28))
    assert (debrief.opened_on, debrief.open_price) == (date(2015, 5, 28), csi.close[opened])
    assert (debrief.deposit, debrief.loan) == (100_000, 500_000)
    units = 600_000 / csi.close[opened]
    # The warning line (assets = 110% of the loan plus interest) is first crossed on 2015-06-26.
    warn = csi.dates.index(debrief.warning_on)
    interest = 500_000 * 0.018 * 12 / 365 * (debrief.warning_on - debrief.opened_on).days
    assert units * csi.close[warn] <= 1.10 * (500_000 + interest)
    assert units * csi.close[warn - 1] > 1.10 * (500_000 + 500_000 * 0.018 * 12 / 365
                                                 * (csi.dates[warn - 1] - debrief.opened_on).days)
    assert debrief.warning_on == date(2015, 6, 26) and debrief.liquidation_on == date(2015, 6, 29)
    assert debrief.sold_on == date(2015, 6, 30) and debrief.sold_price == csi.open[opened + 22]
    assert debrief.loss_share > 0.9 and debrief.unleveraged_value > 60_000
    text = debrief.explanation
    assert "illegal" in text.en and "违法" in text.zh and debrief.lesson_id == "off-exchange-margin"
    assert debrief.learner_return == pytest.approx(0.0)


def test_a_margin_offer_that_ends_below_zero_says_so():
    session = TradingSession.from_scenario(get_scenario("locked-limit-eastmoney-2015"))
    session.advance(session.last_bar - session.bar)
    (debrief,) = session.margin_debriefs()
    # East Money fell through the liquidation line into a limit-down: the deposit is gone and more.
    assert debrief.final_value < 0 and debrief.loss > debrief.deposit


def test_acting_on_a_margin_offer_is_flagged_like_a_scam():
    session = TradingSession.from_scenario(get_scenario("bull-that-borrowed-2015"))
    while not any(tip.kind.value == "margin_offer" for tip in session.tips_due()):
        session.advance()
    (tip,) = session.tips_due()
    session.respond_to_tip(tip.id, "acted")
    flags = {flag.code: flag for flag in session.coaching()}
    assert "scam_tip" in flags
