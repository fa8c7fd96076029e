"""The curated scenarios: valid data files, playable on the bundled series, honest tips."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.bundled_prices import find_bundled, load_bundled
from simulator.errors import SetupError
from simulator.features import ALL_FEATURES, SCENARIOS_CRISIS
from simulator.scenarios import get_scenario, load_scenarios
from simulator.session import FeatureLockedError, TradingSession

REQUIRED_EPISODES = {
    "dotcom-bust", "global-financial-crisis", "long-recovery", "selloff-2018", "bitcoin-boom-bust",
}
SCENARIOS = load_scenarios()


def test_the_five_required_episodes_exist():
    assert REQUIRED_EPISODES <= {scenario.id for scenario in SCENARIOS}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.id)
def test_each_scenario_is_playable_on_bundled_prices(scenario):
    assert find_bundled(scenario.symbol) is not None
    series = load_bundled(scenario.symbol)
    assert series.first_date <= scenario.start and scenario.end <= series.last_date
    session = TradingSession.from_scenario(scenario, series)
    assert session.last_bar - session.first_bar >= 10
    assert session.start_cash == scenario.start_cash
    for text in (scenario.title, scenario.intro, *scenario.learning_goals):
        assert text.en.strip() and text.zh_cn.strip()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.id)
def test_scam_tips_show_red_flags_and_every_tip_is_marked_fictional(scenario):
    for tip in scenario.tips:
        assert "fictional" in tip.source.en.lower() and "虚构" in tip.source.zh_cn
        if tip.kind == "scam":
            text = tip.text.en.lower()
            assert "guarantee" in text or "no risk" in text or "zero risk" in text
            assert "保证" in tip.text.zh_cn or "零风险" in tip.text.zh_cn


def test_crisis_scenarios_need_their_feature():
    crisis = get_scenario("global-financial-crisis")
    assert crisis.crisis and SCENARIOS_CRISIS in crisis.required_features
    with pytest.raises(FeatureLockedError) as caught:
        TradingSession.from_scenario(crisis, load_bundled("GSPC"), ALL_FEATURES - {SCENARIOS_CRISIS})
    assert caught.value.rejection.params["feature"] == SCENARIOS_CRISIS
    calm = get_scenario("long-recovery")
    assert not calm.crisis
    TradingSession.from_scenario(calm, load_bundled("GSPC"), set())


def test_a_scenario_session_delivers_its_tips():
    scenario = get_scenario("global-financial-crisis")
    session = TradingSession.from_scenario(scenario, load_bundled("GSPC"))
    delivered = []
    while not session.finished:
        delivered.extend(tip.id for tip in session.advance(20).tips)
    assert delivered == [tip.id for tip in sorted(scenario.tips, key=lambda tip: tip.date)]


def test_unknown_and_invalid_scenarios_are_clear_errors(tmp_path: Path):
    with pytest.raises(SetupError, match="Unknown scenario 'nope'"):
        get_scenario("nope")
    (tmp_path / "broken.yaml").write_text("id: Broken Id\nsymbol: GSPC\n", encoding="utf-8")
    with pytest.raises(SetupError, match="broken.yaml is invalid"):
        load_scenarios(tmp_path)
