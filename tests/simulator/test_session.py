"""The interactive session API the Simulate screen uses: snapshots, persistence, messages."""

from __future__ import annotations

import json
import re
import string
from datetime import date

import pytest

from simulator.bundled_prices import load_bundled
from simulator.errors import SetupError
from simulator.rejections import _TEMPLATES, RuleCode
from simulator.scenarios import get_scenario
from simulator.session import TradingSession

from .builders import closes_series, flat_series


def test_snapshot_describes_the_current_bar():
    session = TradingSession(closes_series([10, 11, 12, 13]), "us", 1_000)
    session.place_order("buy", 50)
    session.place_order("sell", 10, order_type="limit", limit_price=20, time_in_force="gtc")
    session.advance()
    snapshot = session.snapshot()
    assert snapshot.date == session.series.dates[1] and snapshot.bars_left == 2
    assert snapshot.cash == 450.0 and snapshot.price == 11.0
    (position,) = snapshot.positions
    assert (position.quantity, position.sellable, position.average_cost) == (50, 40, 11.0)
    assert snapshot.equity == 450.0 + 50 * 11.0
    assert len(snapshot.open_orders) == 1
    assert snapshot.total_pnl == pytest.approx(0.0)
    assert snapshot.metrics.trades == 1 and snapshot.metrics.exposure == 1.0
    assert session.equity_curve == ((session.series.dates[0], 1000.0), (session.series.dates[1], 1000.0))
    assert [fill.side.value for fill in session.trade_log] == ["buy"]


def test_advance_stops_at_the_last_bar():
    session = TradingSession(flat_series(10.0, count=5), "us", 1_000)
    report = session.advance(100)
    assert report.bars_advanced == 4 and report.finished and session.finished
    assert session.advance().bars_advanced == 0
    with pytest.raises(ValueError):
        session.advance(0)


def test_the_session_window_and_history_before_it():
    gspc = load_bundled("GSPC")
    session = TradingSession(gspc, "us", 10_000, start=date(2008, 9, 13), end=date(2008, 9, 30))
    assert session.date == date(2008, 9, 15)  # first trading day on or after the start
    assert session.first_bar > 0  # earlier bars stay visible as history
    session.advance(100)
    assert session.date == date(2008, 9, 30)


def test_bad_setups_are_explained():
    series = flat_series(10.0)
    with pytest.raises(SetupError, match="positive"):
        TradingSession(series, "us", -5)
    with pytest.raises(SetupError, match="Unknown market rules"):
        TradingSession(series, "nasdaq", 1_000)
    with pytest.raises(SetupError, match="fewer than two"):
        TradingSession(series, "us", 1_000, start=date(2030, 1, 1))


def test_state_round_trips_through_json_and_resumes_identically():
    scenario = get_scenario("global-financial-crisis")
    gspc = load_bundled("GSPC")
    session = TradingSession.from_scenario(scenario, gspc)
    session.place_order("buy", 10)
    session.place_order("buy", 5, order_type="limit", limit_price=1400, time_in_force="gtc")
    session.advance(250)
    session.respond_to_tip("gfc-recovery-teacher", "ignored")
    session.place_order("sell", 5, order_type="stop", stop_price=800, time_in_force="gtc")
    state = json.loads(json.dumps(session.to_dict()))
    resumed = TradingSession.from_dict(state, gspc)
    assert resumed.to_dict() == session.to_dict()
    assert resumed.snapshot() == session.snapshot()
    session.advance(50)
    resumed.advance(50)
    assert resumed.to_dict() == session.to_dict()


def test_a_saved_session_refuses_a_different_series():
    session = TradingSession(load_bundled("GSPC"), "us", 1_000)
    with pytest.raises(SetupError, match="not on this price series"):
        TradingSession.from_dict(session.to_dict(), load_bundled("IXIC"))


def test_max_buy_quantity_respects_cash_lots_and_fees():
    session = TradingSession(flat_series(10.0), "cn_a", 10_000)
    assert session.max_buy_quantity() == 900
    assert session.place_order("buy", session.max_buy_quantity()).accepted
    assert session.max_buy_quantity() == 0


def test_every_message_template_renders_in_both_languages_with_the_same_fields():
    formatter = string.Formatter()
    for key, text in _TEMPLATES.items():
        en = {name for _, name, _, _ in formatter.parse(text.en) if name}
        zh = {name for _, name, _, _ in formatter.parse(text.zh) if name}
        assert en - {"feature_name", "kind", "board"} == zh - {"feature_name_zh", "kind_zh", "board_zh"}, key
        assert re.search(r"[\u4e00-\u9fff]", text.zh), key
        assert RuleCode(key.split(".")[0])
