"""Luck or skill: how would traders who act at random have done on the same prices?

A good result over a year can be luck. Replaying many random traders, with the same instruments,
dates, market rules and number of trades as the learner but random timing, side and instrument,
shows the spread of results that chance alone produces. "Your return beat 62% of 1,000 random
traders" says more than a return on its own.

Each random trader, on each of its trade days (distinct days, so T+1 never binds): buys one
instrument with an equal slice of its cash (cash / instruments it does not hold), or sells its
whole holding of one instrument, at that day's open. A trade that cannot happen is skipped: no
cash, nothing to sell, the instrument suspended, a buy on a locked limit-up day or a sell on a
locked limit-down day. Costs follow the session's rules profile (commission with its minimum,
transfer fee, stamp duty on sells). Units are fractional: lot rounding is left out, which
flatters the random traders slightly on small accounts.

All traders move together as numpy arrays, one trade step at a time, so a thousand one-year
traders take a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.bilingual import Bilingual

if TYPE_CHECKING:
    from simulator.session import TradingSession


@dataclass(frozen=True)
class LuckReport:
    """The learner's result beside the distribution of ``traders`` random traders' results."""

    traders: int
    trades: int
    learner_return: float
    learner_drawdown: float
    returns: np.ndarray = field(repr=False)
    drawdowns: np.ndarray = field(repr=False)

    @property
    def return_beaten_share(self) -> float:
        """Share of random traders whose return was below the learner's."""
        return float(np.mean(self.returns < self.learner_return))

    @property
    def drawdown_smaller_share(self) -> float:
        """Share of random traders whose worst fall was deeper than the learner's."""
        return float(np.mean(self.drawdowns < self.learner_drawdown))

    def percentiles(self, values: np.ndarray) -> dict[str, float]:
        """5th, 25th, 50th, 75th and 95th percentiles."""
        points = np.percentile(values, [5, 25, 50, 75, 95])
        return {f"p{p}": float(v) for p, v in zip((5, 25, 50, 75, 95), points)}

    @property
    def message(self) -> Bilingual:
        """One sentence for a report card."""
        params = dict(
            beat=self.return_beaten_share, smaller=self.drawdown_smaller_share,
            traders=self.traders, trades=self.trades,
        )
        return Bilingual(
            "Your return beat {beat:.0%} of {traders:,} random traders making {trades} trades "
            "on the same prices; your drawdown was smaller than {smaller:.0%} of theirs.",
            "在相同价格上随机交易 {trades} 次的 {traders:,} 位模拟交易者中，您的收益率超过了 {beat:.0%}；"
            "您的最大回撤小于其中 {smaller:.0%} 的人。",
        ).format(**params)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (fractions), without the raw arrays."""
        return {
            "traders": self.traders,
            "trades": self.trades,
            "learner_return": self.learner_return,
            "learner_drawdown": self.learner_drawdown,
            "return_beaten_share": self.return_beaten_share,
            "drawdown_smaller_share": self.drawdown_smaller_share,
            "returns": self.percentiles(self.returns),
            "drawdowns": self.percentiles(self.drawdowns),
            "message": self.message.to_dict(),
        }


def _commission(values: np.ndarray, rate: float, minimum: float) -> np.ndarray:
    fee = np.maximum(values * rate, minimum)
    return np.where(values > 0, fee, 0.0)


def random_traders(
    session: TradingSession,
    traders: int = 1000,
    trades: int | None = None,
    seed: int | None = None,
) -> LuckReport:
    """Replay ``traders`` random traders over the session's bars so far (start to current bar).

    ``trades`` defaults to the learner's number of fills (at least 1).
    """
    first, last = session.first_bar, session.bar
    bars = last - first + 1
    if bars < 2:
        raise ValueError("the session needs at least one bar after its start")
    count = max(1, len(session.trade_log) if trades is None else trades)
    count = min(count, bars - 1)
    instruments = list(session.instruments.values())
    m = len(instruments)
    profile = session.profile
    rng = np.random.default_rng(seed)

    # Prices on the session's calendar (valued at the last close when suspended) and masks of
    # the days each instrument can actually be bought or sold at the open.
    value = np.empty((m, bars))
    opens = np.empty((m, bars))
    can_buy = np.zeros((m, bars), dtype=bool)
    can_sell = np.zeros((m, bars), dtype=bool)
    for j, item in enumerate(instruments):
        series = item.series
        value[j] = item.valuation[first : last + 1]
        for k, bar in enumerate(range(first, last + 1)):
            row = item.row[bar]
            if row < 0 or k == 0:
                opens[j, k] = value[j, k]
                continue
            opens[j, k] = series.open[row]
            state = item.limit_state(row)
            can_buy[j, k] = not state.locked_up
            can_sell[j, k] = not state.locked_down

    # Trade days: ``count`` distinct bars after the first for every trader, in order.
    keys = rng.random((traders, bars - 1))
    days = np.sort(np.argpartition(keys, count - 1, axis=1)[:, :count] + 1, axis=1)
    which = rng.integers(0, m, size=(traders, count))
    buys = rng.random((traders, count)) < 0.5

    cash = np.full(traders, session.start_cash, dtype=float)
    units = np.zeros((traders, m))
    cash_hist = np.empty((traders, count + 1))
    units_hist = np.empty((traders, count + 1, m))
    cash_hist[:, 0] = cash
    units_hist[:, 0] = units
    everyone = np.arange(traders)
    rate = profile.commission_rate + profile.transfer_fee_rate
    for t in range(count):
        day, j, buy = days[:, t], which[:, t], buys[:, t]
        price = opens[j, day]
        held = units[everyone, j]
        # Buy: an equal slice of cash over the instruments not yet held.
        free = np.maximum(m - np.count_nonzero(units, axis=1), 1)
        budget = cash / free
        gross = budget / (1 + rate)
        fees = _commission(gross, profile.commission_rate, profile.commission_min) + gross * profile.transfer_fee_rate
        gross = np.where(gross + fees > budget, budget - fees, gross)
        do_buy = buy & can_buy[j, day] & (held == 0) & (gross > 0)
        bought = np.where(do_buy, gross / price, 0.0)
        cash = cash - np.where(do_buy, gross + fees, 0.0)
        # Sell: the whole holding.
        do_sell = ~buy & can_sell[j, day] & (held > 0)
        proceeds = held * price
        sell_fees = (
            _commission(proceeds, profile.commission_rate, profile.commission_min)
            + proceeds * (profile.transfer_fee_rate + profile.stamp_duty_rate)
        )
        cash = cash + np.where(do_sell, proceeds - sell_fees, 0.0)
        units[everyone, j] = np.where(do_sell, 0.0, held + bought)
        cash_hist[:, t + 1] = cash
        units_hist[:, t + 1] = units

    # State on each bar: after the last trade on or before it.
    steps = np.zeros((traders, bars), dtype=np.int64)
    np.add.at(steps, (np.repeat(everyone, count), days.ravel()), 1)
    state = np.cumsum(steps, axis=1)
    equity = np.take_along_axis(cash_hist, state, axis=1)
    for j in range(m):
        equity += np.take_along_axis(units_hist[:, :, j], state, axis=1) * value[j][None, :]
    returns = equity[:, -1] / equity[:, 0] - 1.0
    drawdowns = np.min(equity / np.maximum.accumulate(equity, axis=1), axis=1) - 1.0

    curve = np.asarray(session._equity, dtype=float)  # noqa: SLF001 - same package
    learner_drawdown = float(np.min(curve / np.maximum.accumulate(curve)) - 1.0)
    return LuckReport(
        traders=traders, trades=count, learner_return=float(curve[-1] / curve[0] - 1.0),
        learner_drawdown=learner_drawdown, returns=returns, drawdowns=drawdowns,
    )
