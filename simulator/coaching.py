"""Behaviour coaching: patterns in a learner's trades that lessons address.

Each flag names the lesson that covers it (``lesson_id``, ids of the curriculum) and explains in
both languages what happened, with the learner's own figures. Flags judge only prices up to the
last bar given, so a session never learns about the future from its coach.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.bilingual import Bilingual
from simulator.ledger import Fill
from simulator.orders import Side
from simulator.series import InstrumentKind, PriceSeries
from simulator.tips import TipKind, TipRecord

if TYPE_CHECKING:
    from simulator.instruments import Instrument

LESSON_CHASING = "herd-behaviour"
LESSON_PANIC_SELLING = "panic-selling"
LESSON_OVERTRADING = "overtrading-and-fees"
LESSON_CONCENTRATION = "diversification"
LESSON_SCAM_TIP = "illegal-stock-tips"


@dataclass(frozen=True, slots=True)
class CoachingThresholds:
    """When a pattern counts. Windows are calendar days so monthly and daily data agree."""

    move_window_days: int = 30
    panic_fall: float = 0.10
    panic_min_share_sold: float = 0.5
    recovery_window_days: int = 365
    recovery_gain: float = 0.10
    chase_rise: float = 0.15
    chase_min_share_of_equity: float = 0.10
    overtrading_min_trades: int = 10
    overtrading_turnover_per_year: float = 12.0
    overtrading_fees_of_start_cash: float = 0.02
    overtrading_fees_of_gross_profit: float = 0.30
    concentration_weight: float = 0.5
    concentration_min_days: int = 30
    chase_limit_up_days: int = 2
    # A portfolio session whose invested money sat, on average, in fewer than this many
    # effective holdings (1 / sum of squared weights) is not diversified.
    diversification_min_effective: float = 1.5
    diversification_min_invested_days: int = 30


DEFAULT_THRESHOLDS = CoachingThresholds()


@dataclass(frozen=True, slots=True)
class CoachingFlag:
    """One behaviour pattern found in the trades."""

    code: str
    lesson_id: str
    dates: tuple[date, ...]
    explanation: Bilingual
    details: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang``."""
        return self.explanation.get(lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe)."""
        return {
            "code": self.code,
            "lesson_id": self.lesson_id,
            "dates": [day.isoformat() for day in self.dates],
            "explanation": self.explanation.to_dict(),
            "details": dict(self.details),
        }


def review_behaviour(
    series: PriceSeries,
    first_bar: int,
    last_bar: int,
    fills: Sequence[Fill],
    equity: Sequence[float],
    start_cash: float,
    tip_records: Iterable[TipRecord] = (),
    thresholds: CoachingThresholds = DEFAULT_THRESHOLDS,
) -> list[CoachingFlag]:
    """All coaching flags for ``fills`` made between ``first_bar`` and ``last_bar``.

    ``equity[k]`` is the portfolio value at bar ``first_bar + k``.
    """
    flags = [
        _panic_selling(series, last_bar, fills, thresholds),
        _chasing(series, first_bar, fills, equity, thresholds),
        _overtrading(series, first_bar, last_bar, fills, equity, start_cash, thresholds),
        _concentration(series, first_bar, last_bar, fills, equity, thresholds),
        _scam_tips(tip_records),
    ]
    return [flag for flag in flags if flag is not None]


def _window_start(series: PriceSeries, bar: int, days: int) -> int:
    """First bar of the ``days`` before ``bar``, always including at least the previous bar."""
    start = bisect_left(series.dates, series.dates[bar] - timedelta(days=days))
    return min(start, max(bar - 1, 0))


def _panic_selling(
    series: PriceSeries, last_bar: int, fills: Sequence[Fill], limits: CoachingThresholds
) -> CoachingFlag | None:
    held = 0.0
    cases: list[tuple[Fill, float, float, date]] = []
    for fill in fills:
        before = held
        held = held + fill.quantity if fill.side is Side.BUY else held - fill.quantity
        if fill.side is not Side.SELL or fill.quantity < limits.panic_min_share_sold * before:
            continue
        start = _window_start(series, fill.bar, limits.move_window_days)
        recent_high = max(series.close[start : fill.bar])
        fall = fill.price / recent_high - 1
        if fall > -limits.panic_fall:
            continue
        horizon = series.dates[fill.bar] + timedelta(days=limits.recovery_window_days)
        target = fill.price * (1 + limits.recovery_gain)
        for bar in range(fill.bar + 1, last_bar + 1):
            if series.dates[bar] > horizon:
                break
            if series.close[bar] >= target:
                cases.append((fill, fall, series.close[bar], series.dates[bar]))
                break
    if not cases:
        return None
    fill, fall, rebound, rebound_day = cases[0]
    params = dict(
        day=fill.date.isoformat(), price=fill.price, fall=-fall, rebound=rebound,
        rebound_day=rebound_day.isoformat(), days=(rebound_day - fill.date).days, count=len(cases),
    )
    return CoachingFlag(
        "panic_selling",
        LESSON_PANIC_SELLING,
        tuple(case[0].date for case in cases),
        Bilingual(
            "On {day} you sold at {price:,.2f} after the price had fallen {fall:.0%} within about "
            "a month. By {rebound_day}, {days} days later, it was back at {rebound:,.2f}. "
            "Selling in a sharp fall locks in the loss and often misses the rebound. "
            "Sales like this: {count}.",
            "您在 {day} 以 {price:,.2f} 卖出，此前约一个月内价格已下跌 {fall:.0%}。到 {rebound_day}"
            "（{days} 天后）价格回到 {rebound:,.2f}。在急跌中卖出会把亏损变成现实，还常常错过反弹。"
            "此类卖出共 {count} 次。",
        ).format(**params),
        params,
    )


def _chasing(
    series: PriceSeries,
    first_bar: int,
    fills: Sequence[Fill],
    equity: Sequence[float],
    limits: CoachingThresholds,
    limit_up_streak: Callable[[int], int] | None = None,
) -> CoachingFlag | None:
    """Buying after a run-up: a 15% rise within a month, or two or more limit-up days in a row.

    ``limit_up_streak(bar)`` counts the limit-up closes in a row ending at ``bar``.
    """
    cases: list[tuple[Fill, float, int]] = []
    for fill in fills:
        if fill.side is not Side.BUY:
            continue
        equity_before = equity[max(fill.bar - 1 - first_bar, 0)]
        if fill.value < limits.chase_min_share_of_equity * equity_before:
            continue
        start = _window_start(series, fill.bar, limits.move_window_days)
        recent_low = min(series.close[start : fill.bar])
        rise = fill.price / recent_low - 1
        streak = limit_up_streak(fill.bar - 1) if limit_up_streak is not None else 0
        if rise >= limits.chase_rise or streak >= limits.chase_limit_up_days:
            cases.append((fill, rise, streak))
    if not cases:
        return None
    fill, rise, streak = cases[0]
    params = dict(
        day=fill.date.isoformat(), price=fill.price, rise=rise, count=len(cases),
        limit_up_days=streak, symbol=fill.symbol,
    )
    streak_text = (
        Bilingual(
            " It had closed at the limit-up {limit_up_days} days in a row: late buyers of a "
            "limit-up run are the ones left holding it when the run ends.",
            "此前它已连续 {limit_up_days} 天涨停收盘：追涨停的后来者，往往是行情结束时接最后一棒的人。",
        ).format(**params)
        if streak >= limits.chase_limit_up_days
        else Bilingual("", "")
    )
    text = Bilingual(
        "On {day} you bought {symbol} at {price:,.2f} after the price had already risen {rise:.0%} "
        "within about a month.",
        "您在 {day} 以 {price:,.2f} 买入 {symbol}，此前约一个月内价格已上涨 {rise:.0%}。",
    ).format(**params)
    closing = Bilingual(
        " Buying because a price is running up (and everyone is talking about it) means paying "
        "for other people's enthusiasm. Buys like this: {count}.",
        "因为价格大涨、人人都在谈论而买入，等于为别人的热情买单。此类买入共 {count} 次。",
    ).format(**params)
    return CoachingFlag(
        "chasing",
        LESSON_CHASING,
        tuple(case[0].date for case in cases),
        Bilingual(
            text.en + streak_text.en + closing.en, text.zh + streak_text.zh + closing.zh
        ),
        params,
    )


def _overtrading(
    series: PriceSeries,
    first_bar: int,
    last_bar: int,
    fills: Sequence[Fill],
    equity: Sequence[float],
    start_cash: float,
    limits: CoachingThresholds,
) -> CoachingFlag | None:
    if len(fills) < limits.overtrading_min_trades:
        return None
    fees = sum(fill.fees for fill in fills)
    final = equity[last_bar - first_bar]
    gross = final - start_cash + fees
    days = max((series.dates[last_bar] - series.dates[first_bar]).days, 1)
    average_equity = sum(equity[: last_bar - first_bar + 1]) / (last_bar - first_bar + 1)
    turnover_per_year = sum(fill.value for fill in fills) / average_equity * 365.25 / max(days, 90)
    heavy_turnover = turnover_per_year >= limits.overtrading_turnover_per_year
    heavy_fees = fees >= limits.overtrading_fees_of_start_cash * start_cash or (
        gross > 0 and fees >= limits.overtrading_fees_of_gross_profit * gross
    )
    if not (heavy_turnover or heavy_fees):
        return None
    params = dict(
        trades=len(fills), fees=fees, turnover=turnover_per_year,
        share=fees / gross if gross > 0 else None, net=final - start_cash,
    )
    cost_line = (
        Bilingual(
            " Costs took {share:.0%} of what your trades earned before costs.",
            "费用吃掉了交易税前收益的 {share:.0%}。",
        ).format(share=params["share"])
        if params["share"] is not None
        else Bilingual("", "")
    )
    text = Bilingual(
        "You traded {trades} times and paid {fees:,.2f} in fees and taxes; your yearly turnover "
        "was {turnover:.1f} times your account.",
        "您共交易 {trades} 次，支付费用和税款 {fees:,.2f}；年换手率约为账户资金的 {turnover:.1f} 倍。",
    ).format(**params)
    closing = Bilingual(
        " Every trade costs money for certain, while its gain is uncertain.",
        "每笔交易的成本是确定的，收益却不确定。",
    )
    return CoachingFlag(
        "overtrading",
        LESSON_OVERTRADING,
        (fills[0].date, fills[-1].date),
        Bilingual(
            text.en + cost_line.en + closing.en, text.zh + cost_line.zh + closing.zh
        ),
        params,
    )


def _concentration(
    series: PriceSeries,
    first_bar: int,
    last_bar: int,
    fills: Sequence[Fill],
    equity: Sequence[float],
    limits: CoachingThresholds,
) -> CoachingFlag | None:
    # A broad index fund is itself diversified; one stock or one coin is not.
    if series.kind not in (InstrumentKind.STOCK, InstrumentKind.CRYPTO) or not fills:
        return None
    count = last_bar - first_bar + 1
    changes = np.zeros(count)
    for fill in fills:
        changes[fill.bar - first_bar] += fill.quantity if fill.side is Side.BUY else -fill.quantity
    values = np.asarray(equity[:count], dtype=float)
    exposure = np.cumsum(changes) * np.asarray(series.close[first_bar : last_bar + 1], dtype=float)
    weights = np.divide(exposure, values, out=np.zeros(count), where=values > 0)
    heavy = np.concatenate(([0], (weights >= limits.concentration_weight).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(heavy))
    best: tuple[int, int, int] | None = None
    for run_start, run_end in zip(edges[::2], edges[1::2] - 1):
        start, end = first_bar + int(run_start), first_bar + int(run_end)
        length = (series.dates[end] - series.dates[start]).days
        if length >= limits.concentration_min_days and (best is None or length > best[2]):
            best = (start, end, length)
    if best is None:
        return None
    peak_weight = float(weights[best[0] - first_bar : best[1] - first_bar + 1].max())
    start, end, length = best
    params = dict(
        symbol=series.symbol, start=series.dates[start].isoformat(),
        end=series.dates[end].isoformat(), days=length, weight=peak_weight,
    )
    return CoachingFlag(
        "concentration",
        LESSON_CONCENTRATION,
        (series.dates[start], series.dates[end]),
        Bilingual(
            "From {start} to {end} ({days} days) half or more of your money (up to {weight:.0%}) "
            "sat in one instrument, {symbol}. If that single company or coin runs into trouble, "
            "most of your savings go with it; spreading money across many holdings limits that.",
            "从 {start} 到 {end}（{days} 天），您一半以上（最高 {weight:.0%}）的资金集中在 {symbol} 这一个品种上。"
            "一旦这家公司或这种币出问题，大部分积蓄都会受损；分散到多个品种可以降低这种风险。",
        ).format(**params),
        params,
    )


def _scam_tips(records: Iterable[TipRecord]) -> CoachingFlag | None:
    acted = [
        record
        for record in records
        if record.kind.illegal and record.delivered_on is not None and record.acted
    ]
    if not acted:
        return None
    params = dict(day=acted[0].delivered_on.isoformat(), count=len(acted))  # type: ignore[union-attr]
    return CoachingFlag(
        "scam_tip",
        LESSON_SCAM_TIP,
        tuple(record.delivered_on for record in acted),  # type: ignore[misc]
        Bilingual(
            "You acted on the tip of {day}, which carried the classic signs of an illegal offer: "
            "guaranteed returns, pressure to act at once, a self-styled 'teacher', VIP group or "
            "unlicensed lender. Licensed firms never promise returns. Tips like this you acted "
            "on: {count}.",
            "您按 {day} 收到的消息进行了操作，而那条消息带有非法荐股或非法配资的典型特征：保证收益、催促立即行动、"
            "自称“老师”、“VIP群”或无牌放贷。持牌机构从不承诺收益。您按此类消息操作的次数：{count}。",
        ).format(**params),
        {**params, "tip_ids": [record.tip_id for record in acted]},
    )


def review_portfolio(
    instruments: Sequence[Instrument],
    calendar: Sequence[date],
    first_bar: int,
    last_bar: int,
    fills: Sequence[Fill],
    equity: Sequence[float],
    start_cash: float,
    tip_records: Iterable[TipRecord] = (),
    thresholds: CoachingThresholds = DEFAULT_THRESHOLDS,
) -> list[CoachingFlag]:
    """Coaching for a session of one or more instruments on one calendar.

    Panic selling, chasing and concentration are judged per instrument (concentration is its
    share of the whole account); overtrading and illegal tips over the account; with two or more
    instruments, diversification over time. Instruments are replayed on the calendar with
    suspended days at their last close, so a flag never sees a price that did not exist.
    """
    flags: list[CoachingFlag | None] = []
    by_symbol: dict[str, list[Fill]] = {}
    for fill in fills:
        by_symbol.setdefault(fill.symbol, []).append(fill)
    aligned = {item.symbol: _aligned_series(item, calendar) for item in instruments}
    for kind in ("panic", "chasing", "concentration"):
        for instrument in instruments:
            own = by_symbol.get(instrument.symbol, [])
            if not own:
                continue
            series = aligned[instrument.symbol]
            if kind == "panic":
                flags.append(_panic_selling(series, last_bar, own, thresholds))
            elif kind == "chasing":
                streak = _streak_on_calendar(instrument)
                flags.append(_chasing(series, first_bar, own, equity, thresholds, streak))
            else:
                flags.append(_concentration(series, first_bar, last_bar, own, equity, thresholds))
    main = aligned[instruments[0].symbol]
    flags.append(_overtrading(main, first_bar, last_bar, fills, equity, start_cash, thresholds))
    if len(instruments) >= 2:
        flags.append(_diversification(aligned, first_bar, last_bar, fills, equity, thresholds))
    flags.append(_scam_tips(tip_records))
    # One flag per code: the first instrument's case, with the count across instruments.
    merged: dict[str, CoachingFlag] = {}
    for flag in flags:
        if flag is None:
            continue
        if flag.code in merged:
            first = merged[flag.code]
            merged[flag.code] = CoachingFlag(
                first.code, first.lesson_id, tuple(sorted({*first.dates, *flag.dates})),
                first.explanation,
                {**first.details, "symbols": [*first.details.get("symbols", [first.details.get("symbol")]),
                                              flag.details.get("symbol")]},
            )
        else:
            merged[flag.code] = flag
    return list(merged.values())


def _aligned_series(instrument: Instrument, calendar: Sequence[date]) -> PriceSeries:
    series = instrument.series
    if series.dates is calendar or tuple(calendar) == series.dates:
        return series
    closes = tuple(instrument.valuation)
    return PriceSeries(
        symbol=series.symbol, name=series.name, kind=series.kind, dates=tuple(calendar),
        open=closes, high=closes, low=closes, close=closes, volume=tuple(0.0 for _ in closes),
        currency=series.currency, source=series.source,
    )


def _streak_on_calendar(instrument: Instrument) -> Callable[[int], int]:
    def streak(bar: int) -> int:
        if bar < 0:
            return 0
        row = instrument.row[bar]
        return instrument.limit_up_streak(row) if row >= 0 else 0

    return streak


def _diversification(
    aligned: Mapping[str, PriceSeries],
    first_bar: int,
    last_bar: int,
    fills: Sequence[Fill],
    equity: Sequence[float],
    limits: CoachingThresholds,
) -> CoachingFlag | None:
    """Money that sat in effectively one or two holdings although the session offered more."""
    count = last_bar - first_bar + 1
    values = np.asarray(equity[:count], dtype=float)
    exposures = []
    for symbol, series in aligned.items():
        changes = np.zeros(count)
        for fill in fills:
            if fill.symbol == symbol:
                changes[fill.bar - first_bar] += fill.quantity if fill.side is Side.BUY else -fill.quantity
        closes = np.asarray(series.close[first_bar : last_bar + 1], dtype=float)
        exposures.append(np.cumsum(changes) * closes)
    matrix = np.vstack(exposures)
    invested = matrix.sum(axis=0)
    days = invested > 0.05 * values
    if int(days.sum()) < limits.diversification_min_invested_days:
        return None
    shares = matrix[:, days] / invested[days]
    effective = 1.0 / (shares**2).sum(axis=0)
    average = float(effective.mean())
    if average >= limits.diversification_min_effective:
        return None
    params = dict(
        average=average, offered=len(aligned), days=int(days.sum()),
        symbols=list(aligned),
    )
    return CoachingFlag(
        "diversification",
        LESSON_CONCENTRATION,
        (),
        Bilingual(
            "This session offered {offered} instruments, yet on the {days} days your money was "
            "invested it sat, on average, in {average:.1f} effective holdings. When one of them "
            "falls (or is suspended and cannot be sold) there is nothing to soften the blow; "
            "spreading across several lowers the risk without lowering the expected return.",
            "本次模拟提供了 {offered} 个品种，但在您持仓的 {days} 天里，资金平均只分布在 {average:.1f} 个“有效持仓”上。"
            "一旦其中一个下跌（或停牌无法卖出），没有别的持仓来缓冲；分散到多个品种能降低风险，而不降低预期收益。",
        ).format(**params),
        params,
    )
