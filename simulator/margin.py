"""What an off-exchange margin offer (场外配资) would have done, computed from real prices.

A 1:N offer: you deposit D, the lender adds N x D, and the account buys (N+1) x D of stock. The
lender watches assets against the loan. When assets fall to the **warning line** (e.g. 1.10 x the
loan) you are told to add money; at the **liquidation line** (e.g. 1.05 x) the lender sells
everything at the next chance, whatever the price, repays itself and hands back what is left,
if anything. On a locked limit-down day nobody buys, so the forced sale waits while the price
keeps falling: the loss can exceed the deposit, and the lender then claims the rest.

Off-exchange margin lending is illegal in mainland China: lending money to buy securities is a
licensed business (Securities Law, 2019 revision, art. 120), and the Supreme People's Court's 2019
minutes (法〔2019〕254号) hold such contracts invalid. Licensed brokers' margin trading (融资融券)
checks suitability and caps leverage; it is not this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from simulator.bilingual import Bilingual
from simulator.instruments import LimitState
from simulator.series import PriceSeries
from simulator.tips import MarginTerms

LESSON_OFF_EXCHANGE_MARGIN = "off-exchange-margin"
ILLEGAL_NOTE = Bilingual(
    "Off-exchange margin lending (场外配资) is illegal in mainland China: only licensed securities "
    "companies may lend money to buy shares, and courts treat these contracts as invalid. "
    "See the lesson 'Off-exchange margin lending'.",
    "场外配资在中国内地属于违法活动：只有经批准的证券公司才能向投资者融资买股，法院认定此类合同无效。"
    "请学习课程“场外配资”。",
)


@dataclass(frozen=True, slots=True)
class MarginDebrief:
    """The fate of a margin account opened at the close of ``opened_on``."""

    tip_id: str
    symbol: str
    leverage: float
    deposit: float
    loan: float
    opened_on: date
    open_price: float
    warning_on: date | None
    liquidation_on: date | None
    sold_on: date | None
    sold_price: float | None
    interest: float
    final_value: float
    loss: float
    loss_share: float
    unleveraged_value: float
    learner_return: float | None
    end: date
    lesson_id: str = LESSON_OFF_EXCHANGE_MARGIN

    @property
    def explanation(self) -> Bilingual:
        """The debrief in both languages, with the illegality note."""
        params = {
            "leverage": f"{self.leverage:g}", "deposit": self.deposit, "loan": self.loan,
            "opened": self.opened_on.isoformat(), "symbol": self.symbol,
            "final": self.final_value, "loss": self.loss, "share": self.loss_share,
            "plain": self.unleveraged_value, "end": self.end.isoformat(),
        }
        text = Bilingual(
            "A 1:{leverage} account opened on {opened} with {deposit:,.0f} of your own and "
            "{loan:,.0f} borrowed, all in {symbol}:",
            "若在 {opened} 接受 1:{leverage} 配资：自有资金 {deposit:,.0f}，借入 {loan:,.0f}，全部买入 {symbol}：",
        ).format(**params)
        lines = [text]
        if self.warning_on is not None:
            lines.append(Bilingual(
                " the warning line was hit on {day} (the lender demands more money);",
                "{day} 触及警戒线（平台要求追加保证金）；",
            ).format(day=self.warning_on.isoformat()))
        if self.liquidation_on is not None:
            lines.append(Bilingual(
                " the liquidation line on {day}, and the shares were sold on {sold} at {price:,.2f};",
                "{day} 触及平仓线，股票在 {sold} 以 {price:,.2f} 被强行卖出；",
            ).format(
                day=self.liquidation_on.isoformat(),
                sold=self.sold_on.isoformat() if self.sold_on else "-",
                price=self.sold_price or 0.0,
            ))
        lines.append(Bilingual(
            " you would have {final:,.0f} left of your {deposit:,.0f}, a loss of {loss:,.0f} "
            "({share:.0%}). The same {deposit:,.0f} without borrowing would be worth {plain:,.0f} "
            "on {end}.",
            "您的 {deposit:,.0f} 只剩 {final:,.0f}，亏损 {loss:,.0f}（{share:.0%}）。同样的 {deposit:,.0f} 不借钱买入，"
            "到 {end} 价值 {plain:,.0f}。",
        ).format(**params))
        if self.learner_return is not None:
            lines.append(Bilingual(
                " Your own account returned {value:.1%} over the same days.",
                "同期您自己的账户收益率为 {value:.1%}。",
            ).format(value=self.learner_return))
        lines.append(Bilingual(" " + ILLEGAL_NOTE.en, ILLEGAL_NOTE.zh))
        return Bilingual("".join(line.en for line in lines), "".join(line.zh for line in lines))

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-safe), with the bilingual explanation."""
        data: dict[str, Any] = {}
        for name in self.__slots__:  # type: ignore[attr-defined]
            value = getattr(self, name)
            data[name] = value.isoformat() if isinstance(value, date) else value
        data["explanation"] = self.explanation.to_dict()
        return data


def margin_debrief(
    series: PriceSeries,
    opened_on: date,
    end: date,
    terms: MarginTerms,
    *,
    learner_return: float | None = None,
    limit_state: Callable[[int], LimitState] | None = None,
    tip_id: str = "",
) -> MarginDebrief:
    """Replay a 1:``terms.leverage`` account bought at the close of ``opened_on`` until ``end``.

    Lines are checked at each close. After the liquidation line the lender sells at the next
    bar's open, unless that bar is locked at limit-down (``limit_state``), in which case it tries
    the bar after. Interest accrues per calendar day on the loan.
    """
    start = series.index_on_or_before(opened_on)
    last = series.index_on_or_before(end)
    if start is None or last is None or last < start:
        raise ValueError(f"{series.symbol} has no bar on or before {opened_on}")
    deposit = terms.deposit
    loan = deposit * terms.leverage
    open_price = series.close[start]
    units = (deposit + loan) / open_price
    daily_rate = terms.monthly_interest * 12 / 365

    def interest_until(row: int) -> float:
        return loan * daily_rate * (series.dates[row] - series.dates[start]).days

    warning_on = liquidation_on = sold_on = None
    sold_price = None
    final_row = last
    row = start + 1
    while row <= last:
        owed = loan + interest_until(row)
        ratio = units * series.close[row] / owed
        if warning_on is None and ratio <= terms.warning_line:
            warning_on = series.dates[row]
        if ratio <= terms.liquidation_line:
            liquidation_on = series.dates[row]
            sell = row + 1
            while sell <= last and limit_state is not None and limit_state(sell).locked_down:
                sell += 1
            if sell <= last:
                sold_on, sold_price, final_row = series.dates[sell], series.open[sell], sell
            break
        row += 1
    interest = interest_until(final_row)
    price = sold_price if sold_price is not None else series.close[final_row]
    final_value = units * price - loan - interest
    loss = deposit - final_value
    return MarginDebrief(
        tip_id=tip_id, symbol=series.symbol, leverage=terms.leverage, deposit=deposit,
        loan=loan, opened_on=series.dates[start], open_price=open_price, warning_on=warning_on,
        liquidation_on=liquidation_on, sold_on=sold_on, sold_price=sold_price,
        interest=round(interest, 2), final_value=round(final_value, 2), loss=round(loss, 2),
        loss_share=loss / deposit, unleveraged_value=round(deposit * series.close[last] / open_price, 2),
        learner_return=learner_return, end=series.dates[last],
    )
