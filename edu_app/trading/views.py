"""What the trading screens show, as plain frozen data built by the service from a session.

Screens read these and nothing else; they never see the engine or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from simulator.bilingual import Bilingual
from simulator.orders import Order
from simulator.rejections import Rejection
from simulator.tips import Tip, TipRecord


@dataclass(frozen=True)
class ScenarioCard:
    """One scenario in the Simulate list, with what the learner needs to play it."""

    id: str
    title: Bilingual
    intro: Bilingual
    symbols: tuple[str, ...]
    instrument_names: tuple[Bilingual, ...]
    start: date
    end: date
    difficulty: str
    rules: str
    crisis: bool
    start_cash: float
    goals: tuple[Bilingual, ...]
    tips: int
    missing_features: tuple[str, ...]  # empty when playable
    best_return: float | None
    best_benchmark: float | None

    @property
    def locked(self) -> bool:
        """Whether a feature is still missing."""
        return bool(self.missing_features)


@dataclass(frozen=True)
class SessionSummary:
    """One saved session in "My sessions"."""

    id: int
    title: Bilingual
    kind: str
    scenario_id: str | None
    symbols: tuple[str, ...]
    rules: str
    status: str  # "active" or "finished"
    current: date
    start: date
    end: date
    equity: float
    start_cash: float
    total_return: float
    benchmark_return: float
    started_at: datetime  # aware, UTC
    finished_at: datetime | None  # aware, UTC; None while in progress


@dataclass(frozen=True)
class Bar:
    """One price bar as the chart draws it."""

    date: date
    open: float
    high: float
    low: float
    close: float
    volume: float


@dataclass(frozen=True)
class PositionLine:
    """One holding: quantity, what can be sold today (T+1), cost, price, P&L, weight, badges."""

    symbol: str
    name: Bilingual
    quantity: float
    sellable: float
    average_cost: float
    price: float
    market_value: float
    pnl: float
    weight: float
    badges: tuple[str, ...]  # "limit_up", "limit_down", "suspended"


@dataclass(frozen=True)
class TipCard:
    """A delivered tip and what the learner did with it."""

    tip: Tip
    record: TipRecord


@dataclass(frozen=True)
class TradeView:
    """Everything the trading screen draws for the current bar."""

    id: int
    title: Bilingual
    kind: str
    scenario_id: str | None
    symbol: str
    symbols: tuple[str, ...]
    instrument_name: Bilingual
    rules: str
    status: str
    date: date
    start: date
    end: date
    bars_played: int
    bars_left: int
    finished: bool
    # Bars up to the current one (some history before the start too): never a future bar.
    bars: tuple[Bar, ...]
    first_played: int  # index in ``bars`` of the session's first bar
    equity_curve: tuple[tuple[date, float], ...]
    benchmark_curve: tuple[tuple[date, float], ...]
    fills: tuple[tuple[date, str, float, float], ...]  # date, side, quantity, price
    tip_dates: tuple[date, ...]
    start_cash: float
    cash: float
    available_cash: float
    equity: float
    day_pnl: float
    total_pnl: float
    benchmark_pnl: float
    fees_paid: float
    positions: tuple[PositionLine, ...]
    open_orders: tuple[Order, ...]
    # Why an open order did not fill today (a locked limit, ...), by order id.
    waiting: dict[int, Rejection]
    closed_orders: tuple[Order, ...]
    feed: tuple[TipCard, ...]  # delivered tips, newest first
    tips_enabled: bool
    order_types: dict[str, str | None]  # order type -> feature still missing (None: usable)
    lot: int  # smallest buy step in units shown on the stepper
    unit: float
    max_buy: float
    sellable: float
    price: float
    weeks_step: int  # bars in "next week"


@dataclass(frozen=True)
class Estimate:
    """The cost of an order before it is sent."""

    value: float
    commission: float
    stamp_duty: float
    transfer_fee: float
    cash_after: float
    prompts: tuple[str, ...]  # "think twice" codes that apply


@dataclass(frozen=True)
class OrderOutcome:
    """An order sent: accepted (``order``) or refused with a rule-naming ``rejection``."""

    order: Order | None
    rejection: Rejection | None

    @property
    def accepted(self) -> bool:
        """Whether the order is now open."""
        return self.rejection is None


@dataclass(frozen=True)
class CoachingNote:
    """A coaching flag with the lesson that covers it."""

    code: str
    explanation: Bilingual
    lesson_route: str | None


@dataclass(frozen=True)
class TipDebrief:
    """A tip, what the learner did, and what the real prices did next."""

    tip: Tip
    response: str | None
    acted: bool
    price_then: float
    price_after: float | None
    days_after: int


@dataclass(frozen=True)
class Figure:
    """A metric of the session and of buy-and-hold, as fractions or money."""

    total_return: float
    max_drawdown: float
    max_drawdown_days: int
    volatility: float | None


@dataclass(frozen=True)
class LuckLine:
    """Luck or skill: the learner's result against random traders on the same days and prices."""

    message: Bilingual  # the engine's plain sentence
    traders: int
    trades: int  # each random trader makes as many trades as the learner did
    return_beaten_share: float  # share of random traders whose return was below the learner's
    drawdown_smaller_share: float  # share whose worst fall was deeper than the learner's
    learner_return: float
    median_return: float  # what the typical random trader made


@dataclass(frozen=True)
class MarginWhatIf:
    """A margin offer the learner received: what the offered account became, beside the
    learner's own result over the same days."""

    tip_id: str
    symbol: str
    leverage: float
    deposit: float
    final_value: float  # can be negative: the lender claims the rest
    loss_share: float
    liquidation_on: date | None
    unleveraged_value: float  # the same deposit without the loan
    learner_return: float | None
    explanation: Bilingual  # includes that off-exchange margin lending is illegal in mainland China
    lesson_route: str | None


@dataclass(frozen=True)
class ReportView:
    """The report card of a session (finished or ended early)."""

    id: int
    title: Bilingual
    kind: str
    scenario_id: str | None
    symbol: str
    rules: str
    finished: bool
    start: date
    end: date
    start_cash: float
    equity: float
    portfolio: Figure
    benchmark: Figure
    fees_paid: float
    trades: int
    equity_curve: tuple[tuple[date, float], ...]
    benchmark_curve: tuple[tuple[date, float], ...]
    coaching: tuple[CoachingNote, ...]
    tips: tuple[TipDebrief, ...]
    prompts: tuple[dict, ...]  # type: ignore[type-arg]  # {"date", "code", "choice"}
    achievements: tuple[str, ...]
    luck_or_skill: LuckLine | None = None  # None before the first bar is played
    margin_what_if: tuple[MarginWhatIf, ...] = ()
    extra: dict = field(default_factory=dict)  # type: ignore[type-arg]
