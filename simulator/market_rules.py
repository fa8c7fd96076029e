"""Market rules as data: one ``RulesProfile`` per market, selectable per session.

Every figure below is a parameter, not code, so that a rule change (fees are cut, a board's limit
moves) is a one-line edit. Sources, also listed in docs/simulator.md:

- Stamp duty on A-share trades: 0.05%, charged to the seller only, from 2023-08-28 (Ministry of
  Finance & State Taxation Administration announcement 2023 No. 39, which halved the 0.1% rate).
- Transfer fee (过户费): 0.001% of traded value, both buyer and seller, on SSE and SZSE since
  2022-04-29 (China Securities Depository and Clearing Corporation, CSDC).
- Commission: set by each broker, at most 0.3% of traded value under exchange rules; a ¥5
  minimum per order is common broker practice. The default 0.03% with ¥5 minimum is a typical
  online-broker rate, configurable per session.
- Daily price limits (SSE/SZSE trading rules): main board ±10%; risk-warning (ST, *ST) stocks on
  the main board ±5% until 2026-07-05 and ±10% from 2026-07-06, when the revised SSE and SZSE
  trading rules aligned them with the rest of the main board; STAR Market (688xxx) ±20% with no
  limit in the first 5 trading days after the IPO (SSE STAR Market trading rules, in force since
  the board opened on 2019-07-22). Limit prices are previous close x (1 ± limit), rounded half-up
  to 0.01. Exchanges revise ST limits from time to time; the figure lives in the ``Board`` table
  so that it can follow them.
- ChiNext (300xxx/301xxx) is dated: ±10% like the main board from its opening on 2009-10-30
  (SZSE ChiNext trading rules of 2009) until 2020-08-21; ±20% from 2020-08-24, the first trading
  day under the registration system (SZSE "Special Provisions on ChiNext Trading" (深圳证券交易所
  创业板交易特别规定), published 2020-06-12, art. 3; SZSE notice of 2020-08-21 that the reformed
  rules apply from 2020-08-24). The same provisions lift limits for the first 5 trading days of an
  IPO listed under the registration system; IPOs before that day had a first-day cap relative to
  the offer price (+44%/-36% from 2014), which needs the offer price and is not modelled.
- SME board (002xxx) shares traded under main-board rules (±10%) and merged into the SZSE main
  board on 2021-04-06.
- Forward-adjusted series (dividends and bonus shares folded into past prices) sit up to about
  half a percent off the true band on limit days. For them the band is widened by
  ``ADJUSTED_BAND_TOLERANCE`` and a one-price day within that distance of the limit counts as
  locked; see docs/simulator.md.
- Lots: buy orders in multiples of 100 shares on the main board and ChiNext; an odd lot left in a
  holding must be sold in one order. STAR Market buys are at least 200 shares, then in steps of
  1 share; a remainder under 200 shares must be sold in one order.
- T+1: A-shares bought on a trading day can be sold from the next trading day, while sale
  proceeds can be used for new buys on the same day.
- US: shares are sellable on the day they are bought (settlement moved to T+1 on 2024-05-28 under
  SEC rule 15c6-1, but that affects when cash settles, not whether you may sell); no daily price
  limits for individual stocks (market-wide circuit breakers are not modelled); most retail
  brokers charge zero commission; whole shares by default. Regulatory sell fees (SEC section 31,
  FINRA TAF) are a few cents per thousand dollars and are left out.
"""

from __future__ import annotations


import dataclasses
import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from simulator.bilingual import Bilingual
from simulator.errors import SetupError
from simulator.features import BOARD_STAR_CHINEXT, MARKET_CN_A
from simulator.series import InstrumentKind


@dataclass(frozen=True, slots=True)
class QuantityRules:
    """Allowed order sizes, in whole ``unit``s (1 share, or 0.0001 of a coin for crypto)."""

    unit: float
    buy_min: int
    buy_step: int
    # Sells of at least ``sell_min`` units in multiples of ``sell_step``; whatever does not fit
    # that grid (an odd lot) may only be sold together with its whole remainder.
    sell_min: int
    sell_step: int


SHARES = QuantityRules(unit=1, buy_min=1, buy_step=1, sell_min=1, sell_step=1)
# Crypto exchanges trade fractions of a coin; 0.0001 BTC keeps quantities readable.
CRYPTO_UNITS = QuantityRules(unit=0.0001, buy_min=1, buy_step=1, sell_min=1, sell_step=1)
CN_ROUND_LOTS = QuantityRules(unit=1, buy_min=100, buy_step=100, sell_min=1, sell_step=100)
CN_STAR_LOTS = QuantityRules(unit=1, buy_min=200, buy_step=1, sell_min=200, sell_step=1)


@dataclass(frozen=True, slots=True)
class Board:
    """A listing segment with its own price limit and lot rules."""

    id: str
    name: Bilingual
    price_limit: float | None
    quantities: QuantityRules
    unlimited_first_days: int = 0
    feature: str | None = None
    # Later limits as (first day, limit), oldest first: a replay of history uses the rule of its day.
    limit_changes: tuple[tuple[datetime.date, float | None], ...] = ()
    # Listings from this day on get ``unlimited_first_days`` (None: every listing does).
    unlimited_first_days_since: datetime.date | None = None

    def limit_on(self, day: datetime.date) -> float | None:
        """The daily price limit in force on ``day``."""
        limit = self.price_limit
        for since, changed in self.limit_changes:
            if day >= since:
                limit = changed
        return limit


@dataclass(frozen=True, slots=True)
class RulesProfile:
    """Everything that differs between markets: settlement, costs, ticks, boards."""

    id: str
    name: Bilingual
    sell_same_day: bool
    commission_rate: float
    commission_min: float
    stamp_duty_rate: float
    transfer_fee_rate: float
    slippage: float
    price_tick: float | None
    boards: Mapping[str, Board]
    default_board: str
    feature: str | None = None

    def with_costs(
        self,
        commission_rate: float | None = None,
        commission_min: float | None = None,
        slippage: float | None = None,
    ) -> RulesProfile:
        """A copy with other trading costs (the session's or the command line's choice)."""
        changes: dict[str, float] = {}
        for name, value in (
            ("commission_rate", commission_rate),
            ("commission_min", commission_min),
            ("slippage", slippage),
        ):
            if value is None:
                continue
            upper = math.inf if name == "commission_min" else 1.0
            if not 0 <= value < upper:
                raise SetupError(
                    Bilingual(
                        f"{name} must be at least 0 (and below 1 for rates), got {value}.",
                        f"{name} 必须不小于 0（费率须小于 1），收到 {value}。",
                    ),
                    code="bad_cost",
                )
            changes[name] = float(value)
        return dataclasses.replace(self, **changes)

    def costs(self) -> dict[str, float]:
        """The cost parameters that ``with_costs`` accepts, for saving a session."""
        return {
            "commission_rate": self.commission_rate,
            "commission_min": self.commission_min,
            "slippage": self.slippage,
        }


# First trading day of ChiNext under the registration system (±20%, no limit for 5 days after IPO).
CHINEXT_REFORM = datetime.date(2020, 8, 24)
# Forward-adjusted series move up to about 0.5% past the true band on limit days (the adjustment
# rescales history and rounds to cents); one percentage point of slack recognises every real limit
# day in the bundled series without letting a normal day pass for one.
ADJUSTED_BAND_TOLERANCE = 0.01

US = RulesProfile(
    id="us",
    name=Bilingual("US market rules", "美国市场规则"),
    sell_same_day=True,
    commission_rate=0.0,
    commission_min=0.0,
    stamp_duty_rate=0.0,
    transfer_fee_rate=0.0,
    slippage=0.0,
    # Bundled US series are split-adjusted or index levels, not prices on a tick grid; fills
    # use the data's prices as they are.
    price_tick=None,
    boards={"us": Board("us", Bilingual("US exchange", "美国交易所"), None, SHARES)},
    default_board="us",
)

CN_A = RulesProfile(
    id="cn_a",
    name=Bilingual("China A-share rules", "A股规则"),
    sell_same_day=False,
    commission_rate=0.0003,
    commission_min=5.0,
    stamp_duty_rate=0.0005,
    transfer_fee_rate=0.00001,
    slippage=0.0,
    price_tick=0.01,
    boards={
        "main": Board("main", Bilingual("main board", "主板"), 0.10, CN_ROUND_LOTS),
        "st": Board(
            "st", Bilingual("main board (ST risk warning)", "主板（ST风险警示）"), 0.05, CN_ROUND_LOTS,
            limit_changes=((datetime.date(2026, 7, 6), 0.10),),
        ),
        "chinext": Board(
            "chinext", Bilingual("ChiNext", "创业板"), 0.10, CN_ROUND_LOTS, 5, BOARD_STAR_CHINEXT,
            limit_changes=((CHINEXT_REFORM, 0.20),), unlimited_first_days_since=CHINEXT_REFORM,
        ),
        "star": Board(
            "star", Bilingual("STAR Market", "科创板"), 0.20, CN_STAR_LOTS, 5, BOARD_STAR_CHINEXT
        ),
    },
    default_board="main",
    feature=MARKET_CN_A,
)

PROFILES: Mapping[str, RulesProfile] = {profile.id: profile for profile in (US, CN_A)}


def get_profile(profile_id: str) -> RulesProfile:
    """The rules profile called ``profile_id`` ("us" or "cn_a")."""
    try:
        return PROFILES[profile_id]
    except KeyError:
        known = ", ".join(PROFILES)
        raise SetupError(
            Bilingual(
                f"Unknown market rules '{profile_id}'. Choose one of: {known}.",
                f"未知的市场规则“{profile_id}”，可选：{known}。",
            ),
            code="unknown_rules",
        ) from None


def board_for(profile: RulesProfile, symbol: str, kind: InstrumentKind, is_st: bool = False) -> Board:
    """The board ``symbol`` trades on under ``profile``.

    A-share codes tell the board: 688xxx is the STAR Market, 300xxx/301xxx ChiNext. Risk-warning
    (ST) status is not in the code, so the caller says so. Non-A-share symbols under ``cn_a``
    (a "what if these were A-share rules" exercise) trade as main-board shares.
    """
    if profile.id != "cn_a":
        return profile.boards[profile.default_board]
    if kind is InstrumentKind.CRYPTO:
        raise SetupError(
            Bilingual(
                f"{symbol} is a crypto-asset; China A-share rules apply to exchange-listed shares "
                "and funds only. Use the 'us' rules for it.",
                f"{symbol} 是加密资产，A股规则只适用于交易所上市的股票和基金，请改用“us”规则。",
            ),
            code="rules_not_applicable",
        )
    code = symbol.split(".")[0]
    if code.startswith("688"):
        return profile.boards["star"]
    if code.startswith(("300", "301")):
        return profile.boards["chinext"]
    return profile.boards["st" if is_st else "main"]


def quantity_rules(board: Board, kind: InstrumentKind) -> QuantityRules:
    """Lot rules for ``kind`` on ``board``: crypto trades in fractions outside Chinese boards."""
    if kind is InstrumentKind.CRYPTO and board.quantities is SHARES:
        return CRYPTO_UNITS
    return board.quantities


def price_band(
    previous_close: float, limit: float, tick: float, tolerance: float = 0.0
) -> tuple[float, float]:
    """Lowest and highest allowed price: previous close x (1 ∓ limit), rounded half-up to a tick.

    ``tolerance`` widens the band on both sides (forward-adjusted series, see
    ``ADJUSTED_BAND_TOLERANCE``); the exchanges' own band has none.
    """
    close = Decimal(repr(previous_close))
    step = Decimal(repr(tick))
    fraction = Decimal(repr(limit)) + Decimal(repr(tolerance))

    def to_tick(value: Decimal) -> float:
        return float((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)

    return to_tick(close * (1 - fraction)), to_tick(close * (1 + fraction))
