"""Product levels and the suitability check: grade Cn matches products up to Rn; above that a
warning (never a block); before any questionnaire, a warning to take it."""

from __future__ import annotations

import pytest

from edu_app.risk.files import RiskLevels
from edu_app.risk.suitability import Product, check, matches, rate
from simulator.bundled_prices import load_bundled
from simulator.scenarios import get_scenario
from simulator.session import TradingSession
from tests.simulator.builders import flat_series


@pytest.mark.parametrize("grade", ["C1", "C2", "C3", "C4", "C5"])
@pytest.mark.parametrize("level", ["R1", "R2", "R3", "R4", "R5"])
def test_the_matching_table(grade: str, level: str) -> None:
    assert matches(grade, level) == (int(level[1]) <= int(grade[1]))


@pytest.mark.parametrize(
    ("product", "level", "top_reason"),
    [
        (Product(kind="index", board="us"), "R3", "index"),
        (Product(kind="stock", board="main"), "R4", "stock"),
        (Product(kind="index", board="chinext"), "R4", "chinext"),
        (Product(kind="stock", board="star"), "R4", "stock"),
        (Product(kind="crypto", board="us"), "R5", "crypto"),
        (Product(kind="index", board="us", scenario_id="long-recovery"), "R3", "long-recovery"),
        (Product(kind="index", board="us", scenario_id="global-financial-crisis"), "R4", "global-financial-crisis"),
        (Product(kind="crypto", board="us", scenario_id="bitcoin-boom-bust"), "R5", "bitcoin-boom-bust"),
    ],
)
def test_a_product_takes_the_highest_level_of_its_parts(
    levels: RiskLevels, product: Product, level: str, top_reason: str
) -> None:
    rating = rate(levels, product)
    assert rating.level == level
    assert rating.reasons[0].id == top_reason
    assert all(reason.text.en and reason.text.zh_cn for reason in rating.reasons)


def test_unlisted_scenarios_are_graded_by_whether_they_are_a_crisis(levels: RiskLevels) -> None:
    assert rate(levels, Product(kind="index", scenario_id="my-crash", crisis=True)).level == "R4"
    assert rate(levels, Product(kind="index", scenario_id="my-calm-year")).level == "R3"
    assert rate(levels, Product()).level == "R3"


def test_above_the_grade_a_warning_at_or_below_none(levels: RiskLevels) -> None:
    chinext = Product(kind="stock", board="chinext", symbol="300750.SZ")
    warning = check(levels, chinext, "C3")
    assert warning is not None and warning.kind == "above_grade" and warning.level == "R4"
    assert check(levels, chinext, "C4") is None
    assert check(levels, chinext, "C5") is None
    body = warning.body("en", "Balanced")
    assert "R4" in body and "C3 (Balanced)" in body and "up to R3" in body
    assert "R4" in warning.body("zh-CN", "稳健型") and "稳健型" in warning.body("zh-CN", "稳健型")


def test_the_lowest_category_and_no_assessment_get_their_own_warnings(levels: RiskLevels) -> None:
    index = Product(kind="index", board="us")
    lowest = check(levels, index, "C1", lowest_category=True)
    assert lowest is not None and lowest.kind == "lowest_category"
    assert "must not sell" in lowest.body("en")
    missing = check(levels, index, None)
    assert missing is not None and missing.kind == "no_assessment" and missing.grade is None
    assert missing.title("zh-CN") == "请先进行风险承受能力测评"


def test_a_portfolio_scenario_is_as_risky_as_its_riskiest_instrument(levels: RiskLevels) -> None:
    eggs = Product.from_scenario(get_scenario("eggs-in-baskets-2014"))
    assert ("stock", "chinext") in eggs.others
    rating = rate(levels, eggs)
    assert rating.level == "R4"
    assert {reason.id for reason in rating.reasons} >= {"eggs-in-baskets-2014", "stock", "chinext", "main"}
    # One reason per kind or board, however many instruments share it.
    assert len({(r.source, r.id) for r in rating.reasons}) == len(rating.reasons)
    vanke = Product.from_scenario(get_scenario("suspended-vanke-2015"))
    assert (vanke.kind, vanke.board, vanke.others) == ("stock", "main", (("index", "main"),))


def test_products_come_from_sessions_and_scenarios() -> None:
    crisis = get_scenario("global-financial-crisis")
    from_scenario = Product.from_scenario(crisis)
    assert (from_scenario.kind, from_scenario.board, from_scenario.crisis) == ("index", "us", True)
    session = TradingSession.from_scenario(crisis, load_bundled(crisis.symbol))
    assert Product.from_session(session).key == "scenario:global-financial-crisis|symbol:GSPC|kind:index|board:us"
    chinext = TradingSession(flat_series(symbol="300750.SZ"), "cn_a", 100_000)
    assert (Product.from_session(chinext).kind, Product.from_session(chinext).board) == ("stock", "chinext")
    pair = TradingSession([flat_series(symbol="600000.SS"), flat_series(symbol="300750.SZ")], "cn_a", 100_000)
    assert Product.from_session(pair).others == (("stock", "chinext"),)
    order = Product.from_session(pair, symbol="300750.SZ")
    assert (order.board, order.others, order.symbol) == ("chinext", (), "300750.SZ")

