"""Feature ids the app unlocks as a learner passes lessons; the session enforces them."""

from __future__ import annotations

from simulator.bilingual import Bilingual

ORDERS_LIMIT = "orders.limit"
ORDERS_STOP = "orders.stop"
MARKET_CN_A = "market.cn_a"
BOARD_STAR_CHINEXT = "board.star_chinext"
SCENARIOS_CRISIS = "scenarios.crisis"
TIPS_FEED = "tips.feed"

FEATURE_NAMES: dict[str, Bilingual] = {
    ORDERS_LIMIT: Bilingual("Limit orders", "限价委托"),
    ORDERS_STOP: Bilingual("Stop orders", "止损（触发）委托"),
    MARKET_CN_A: Bilingual("China A-share rules", "A股交易规则"),
    BOARD_STAR_CHINEXT: Bilingual("STAR Market and ChiNext", "科创板与创业板"),
    SCENARIOS_CRISIS: Bilingual("Crisis scenarios", "危机情景"),
    TIPS_FEED: Bilingual("Tips feed", "消息推送"),
}

ALL_FEATURES: frozenset[str] = frozenset(FEATURE_NAMES)
