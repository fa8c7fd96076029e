"""The risk profile meets the trading floor: the suitability warning by grade and product when a
scenario or free practice starts and when an order is placed (once per session and instrument),
and the reality check reading the stored trading sessions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.risk.service import RiskService, builtin_scenarios
from edu_app.risk.suitability import Product
from edu_app.store import Database
from edu_app.trading import TradingService
from edu_app.ui.context import AppContext
from tests.risk.conftest import answers_for_total
from tests.trading.conftest import unlock


def _risk(db: Database, clock: FixedClock, trading: TradingService, learning: LearningService,
          catalog: PackCatalog) -> RiskService:
    """The risk service wired as the app wires it: stored sessions come from the trading service."""
    risk = RiskService(db, clock, learning=learning, catalog=catalog)
    risk.session_source = trading.saved_states
    return risk


def _graded(risk: RiskService, profile_id: int, total: int, grade: str) -> None:
    assert risk.submit(profile_id, answers_for_total(risk.questionnaire, total)).grade == grade


def test_starting_a_scenario_needs_the_warning_only_above_the_grade(
    db: Database, clock: FixedClock, trading: TradingService, learning: LearningService, catalog: PackCatalog,
    unlocked_id: int,
) -> None:
    risk = _risk(db, clock, trading, learning, catalog)
    crisis = Product.from_scenario(builtin_scenarios()["a-share-rules-2008"])
    calm = Product.from_scenario(builtin_scenarios()["long-recovery"])
    # Before any questionnaire the service asks for one; the simulator shows an invitation instead.
    warning = risk.suitability_warning(unlocked_id, crisis)
    assert warning is not None and warning.kind == "no_assessment"
    _graded(risk, unlocked_id, 15, "C1")
    warning = risk.suitability_warning(unlocked_id, crisis)
    assert warning is not None and (warning.kind, warning.level, warning.grade) == ("above_grade", "R4", "C1")
    risk.record_warning_choice(unlocked_id, warning, confirmed=True, context="start_scenario")
    assert [(c.context, c.confirmed) for c in risk.warning_choices(unlocked_id)] == [("start_scenario", True)]
    _graded(risk, unlocked_id, 50, "C3")
    assert risk.suitability_warning(unlocked_id, calm) is None
    assert risk.suitability_warning(unlocked_id, crisis) is not None
    _graded(risk, unlocked_id, 70, "C4")
    assert risk.suitability_warning(unlocked_id, crisis) is None


def test_free_practice_is_rated_by_its_instrument_and_board() -> None:
    assert Product.from_instrument("GSPC", "index", "us").board == "us"
    assert Product.from_instrument("300059.SZ", "stock", "cn_a").board == "chinext"
    # Unknown rules leave the kind to decide rather than failing the start.
    assert Product.from_instrument("MSFT", "stock", "nope") == Product(kind="stock", symbol="MSFT")


def test_an_order_is_rated_by_its_instrument_and_warned_once_per_session_and_instrument(
    db: Database, clock: FixedClock, trading: TradingService, learning: LearningService, catalog: PackCatalog,
    unlocked_id: int,
) -> None:
    risk = _risk(db, clock, trading, learning, catalog)
    _graded(risk, unlocked_id, 50, "C3")
    index_id = trading.start_practice(unlocked_id, ["GSPC"], date(2010, 1, 4), date(2010, 12, 31))
    stock_id = trading.start_practice(unlocked_id, ["MSFT"], date(2010, 1, 4), date(2010, 12, 31))
    index = Product.from_session(trading.session_engine(unlocked_id, index_id), symbol="GSPC")
    stock = Product.from_session(trading.session_engine(unlocked_id, stock_id), symbol="MSFT")
    assert risk.suitability_warning(unlocked_id, index) is None  # an index fund suits a C3
    warning = risk.suitability_warning(unlocked_id, stock)
    assert warning is not None and warning.level == "R4"
    assert Product.from_instrument("MSFT", trading.kind_of("MSFT"), "us") == Product(kind="stock", board="us",
                                                                                    symbol="MSFT")
    assert not trading.suitability_seen(unlocked_id, stock_id, "MSFT")
    trading.mark_suitability_seen(unlocked_id, stock_id, ["MSFT"])
    trading.mark_suitability_seen(unlocked_id, stock_id, ["MSFT"])
    assert trading.suitability_seen(unlocked_id, stock_id, "MSFT")
    # Another session of the same instrument warns again; the mark survives orders and days.
    assert not trading.suitability_seen(unlocked_id, index_id, "MSFT")
    assert trading.place_order(unlocked_id, stock_id, "buy", 10).accepted
    trading.advance(unlocked_id, stock_id, 2)
    assert trading.suitability_seen(unlocked_id, stock_id, "MSFT")
    # Someone else's session is never "seen".
    assert not trading.suitability_seen(unlocked_id + 1, stock_id, "MSFT")


def test_the_reality_check_sees_the_stored_trading_sessions(
    db: Database, clock: FixedClock, trading: TradingService, learning: LearningService, catalog: PackCatalog,
    unlocked_id: int,
) -> None:
    risk = _risk(db, clock, trading, learning, catalog)
    _graded(risk, unlocked_id, 70, "C4")
    assert risk.reality_check(unlocked_id).sessions_played == 0
    sid = trading.start_practice(unlocked_id, ["MSFT"], date(2008, 9, 2), date(2009, 3, 31))
    assert trading.place_order(unlocked_id, sid, "buy", 100).accepted
    trading.advance(unlocked_id, sid, 5)
    states = trading.saved_states(unlocked_id)
    assert len(states) == 1 and states[0]["kinds"] == {"MSFT": "stock"}
    assert risk.reality_check(unlocked_id).sessions_played == 1
    assert risk.reality_check(unlocked_id + 1).sessions_played == 0


def test_the_app_wires_the_stored_sessions_into_the_risk_profile(tmp_path: Path) -> None:
    app = AppContext.open(tmp_path)
    try:
        profile_id = app.profiles.create("Ann", language="en").id
        assert app.risk is not None and app.risk.session_source is not None
        unlock(app.opened.database, profile_id)
        app.trading.start_scenario(profile_id, "long-recovery")
        assert len(app.risk.session_source(profile_id)) == 1
    finally:
        app.opened.database.close()
