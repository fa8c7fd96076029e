"""Why an order was refused or could not fill: a rule code, parameters and a bilingual message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from simulator.bilingual import Bilingual


class RuleCode(StrEnum):
    """The rule behind a rejection; stable ids the app can branch on."""

    INSUFFICIENT_CASH = "insufficient_cash"
    INSUFFICIENT_SHARES = "insufficient_shares"
    T_PLUS_ONE = "t_plus_one"
    LOT_SIZE = "lot_size"
    TICK_SIZE = "tick_size"
    PRICE_LIMIT = "price_limit"
    FEATURE_LOCKED = "feature_locked"
    INVALID_ORDER = "invalid_order"
    NOT_TRADABLE = "not_tradable"
    SESSION_ENDED = "session_ended"
    UNKNOWN_ORDER = "unknown_order"
    SUSPENDED = "suspended"
    UNKNOWN_SYMBOL = "unknown_symbol"


# One template per reason; a rule can have several reasons (refused when placed vs. at the fill).
_TEMPLATES: dict[str, Bilingual] = {
    "insufficient_cash.place": Bilingual(
        "Not enough cash: this order needs about {needed:,.2f} but {available:,.2f} is available "
        "(cash not already set aside for your other open orders).",
        "现金不足：该委托约需 {needed:,.2f}，可用资金仅 {available:,.2f}（已扣除其他未成交委托占用的资金）。",
    ),
    "insufficient_cash.fill": Bilingual(
        "Not enough cash on {date}: the order would have cost {needed:,.2f} at {price} but you had "
        "{available:,.2f}. The price moved after you placed it, so the order was cancelled.",
        "{date} 现金不足：按 {price} 成交需 {needed:,.2f}，而您只有 {available:,.2f}。下单后价格变动，委托已撤销。",
    ),
    "insufficient_cash.lot": Bilingual(
        "The amount {amount:,.2f} does not buy even the smallest lot ({lot} at {price}, about {needed:,.2f} "
        "with fees), so nothing was bought.",
        "金额 {amount:,.2f} 不足以买入最小一手（{lot} 股/单位，价格 {price}，含费用约 {needed:,.2f}），未成交。",
    ),
    "insufficient_cash.fees": Bilingual(
        "Selling {quantity} would bring in {value:,.2f}, less than the fees of {fees:,.2f}, and your cash "
        "({available:,.2f}) cannot cover the difference.",
        "卖出 {quantity} 的成交额 {value:,.2f} 低于费用 {fees:,.2f}，而现金 {available:,.2f} 不足以补足差额。",
    ),
    "insufficient_shares.place": Bilingual(
        "You can sell at most {available} (you hold {held}; {reserved} are already set aside for "
        "open sell orders). Selling what you do not own (short selling) is not allowed here.",
        "最多可卖 {available}（持有 {held}，其中 {reserved} 已被未成交卖单占用）。本模拟器不允许卖空。",
    ),
    "insufficient_shares.fill": Bilingual(
        "On {date} you held {held}, fewer than the {quantity} in this sell order.",
        "{date} 您仅持有 {held}，少于卖单数量 {quantity}。",
    ),
    "t_plus_one.place": Bilingual(
        "T+1 rule: shares bought on a trading day can only be sold from the next trading day. "
        "You hold {held} you could sell; the rest of this order would come from a buy that has "
        "not filled yet.",
        "T+1 规则：当天买入的股票要到下一个交易日才能卖出。您现在可卖 {held}，其余部分来自尚未成交的买单。",
    ),
    "t_plus_one.fill": Bilingual(
        "T+1 rule: {locked} of your shares were bought on {date} and can only be sold from the "
        "next trading day.",
        "T+1 规则：您有 {locked} 股是 {date} 买入的，要到下一个交易日才能卖出。",
    ),
    "lot_size.buy": Bilingual(
        "On the {board}, buy orders must be at least {minimum} and in steps of {step}. "
        "{quantity} is not allowed; {suggestion} would be.",
        "{board_zh}买入须不少于 {minimum}、且以 {step} 为单位递增。{quantity} 不符合要求，可改为 {suggestion}。",
    ),
    "lot_size.sell": Bilingual(
        "On the {board}, sell orders must be at least {minimum} and in steps of {step}; an odd "
        "remainder ({odd}) can only be sold together in one order. {quantity} is not allowed.",
        "{board_zh}卖出须不少于 {minimum}、以 {step} 为单位；不足一手的零股（{odd}）须一次性卖出。{quantity} 不符合要求。",
    ),
    "lot_size.unit": Bilingual(
        "Quantities must be whole multiples of {unit}; {quantity} is not.",
        "数量必须是 {unit} 的整数倍，{quantity} 不是。",
    ),
    "tick_size": Bilingual(
        "Prices on this market move in steps of {tick}; {price} is not a valid price. "
        "Use {suggestion}.",
        "该市场价格最小变动单位为 {tick}，{price} 不是有效价格，可改为 {suggestion}。",
    ),
    "price_limit.band": Bilingual(
        "Daily price limit: on the next trading day this stock can only trade between {low} and "
        "{high} (±{limit:.0%} of the previous close {previous_close}). Your price {price} is outside "
        "that range, so the exchange would refuse the order.",
        "涨跌幅限制：下一交易日该股只能在 {low} 至 {high} 之间成交（前收盘价 {previous_close} 的 ±{limit:.0%}）。"
        "您的价格 {price} 超出范围，交易所不会接受该委托。",
    ),
    "price_limit.locked_up": Bilingual(
        "Limit-up lock on {date}: the price stayed at the daily maximum {price} all day, so "
        "almost nobody was selling and the buy order could not be filled.",
        "{date} 涨停封板：价格全天停在涨停价 {price}，几乎没有卖盘，买单无法成交。",
    ),
    "price_limit.locked_down": Bilingual(
        "Limit-down lock on {date}: the price stayed at the daily minimum {price} all day, so "
        "almost nobody was buying and the sell order could not be filled.",
        "{date} 跌停封板：价格全天停在跌停价 {price}，几乎没有买盘，卖单无法成交。",
    ),
    "feature_locked": Bilingual(
        "{feature_name} is still locked (feature {feature}). Complete the lesson that unlocks it "
        "first.",
        "“{feature_name_zh}”尚未解锁（功能 {feature}）。请先完成解锁它的课程。",
    ),
    "invalid_order.quantity": Bilingual(
        "Give a positive quantity (or, for a buy, an amount of cash to invest), not both.",
        "请填写正数数量（买入时也可填写投入金额），二者只能选一。",
    ),
    "invalid_order.amount_on_sell": Bilingual(
        "Sell orders need a quantity.",
        "卖出委托须填写数量。",
    ),
    "invalid_order.limit_price": Bilingual(
        "A {order_type} order needs a positive limit price.",
        "{order_type} 委托需要一个正的限价。",
    ),
    "invalid_order.stop_price": Bilingual(
        "A {order_type} order needs a positive stop (trigger) price.",
        "{order_type} 委托需要一个正的触发价。",
    ),
    "invalid_order.unexpected_price": Bilingual(
        "A {order_type} order takes no {field}.",
        "{order_type} 委托不需要 {field}。",
    ),
    "invalid_order.choice": Bilingual(
        "Unknown {field} '{value:,.2f}'. Choose one of: {choices}.",
        "未知的 {field}“{value:,.2f}”，可选：{choices}。",
    ),
    "not_tradable": Bilingual(
        "{symbol} is {kind}: you can watch it but not trade it.",
        "{symbol} 是{kind_zh}：可以观察，但不能交易。",
    ),
    "suspended": Bilingual(
        "{symbol} did not trade on {date}: trading in it was suspended (or it had no price that "
        "day). Orders for it wait until it trades again; day orders expire.",
        "{symbol} 在 {date} 停牌（或当日无行情）。该品种的委托需等复牌后才能成交；当日有效委托已失效。",
    ),
    "not_tradable.no_price": Bilingual(
        "{symbol} has no price yet on {date} (not listed, or no data): it cannot be traded now.",
        "{symbol} 在 {date} 尚无价格（未上市或无数据），目前不能交易。",
    ),
    "unknown_symbol": Bilingual(
        "{symbol} is not in this session. Instruments here: {symbols}.",
        "本次模拟中没有 {symbol}。可交易品种：{symbols}。",
    ),
    "session_ended": Bilingual(
        "The session ended on {date}; no more orders can be placed.",
        "本次模拟已于 {date} 结束，不能再下单。",
    ),
    "unknown_order": Bilingual(
        "There is no open order with id {order_id}.",
        "没有编号为 {order_id} 的未成交委托。",
    ),
}


@dataclass(frozen=True)
class Rejection:
    """An order refused (or not fillable) under ``rule``, explained by ``reason`` and ``params``.

    ``params`` holds plain JSON values only (numbers, strings), so a rejection can be saved with
    the session and shown later in either language.
    """

    rule: RuleCode
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang`` ("en" or "zh-CN")."""
        return _TEMPLATES[self.reason].format(**self.params).get(lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form, with both messages included for readers that only show text."""
        return {
            "rule": self.rule.value,
            "reason": self.reason,
            "params": dict(self.params),
            "message": {"en": self.message("en"), "zh-CN": self.message("zh-CN")},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rejection:
        """Inverse of ``to_dict`` (the stored messages are regenerated, not read)."""
        return cls(RuleCode(data["rule"]), data["reason"], dict(data["params"]))


def reject(rule: RuleCode, reason: str | None = None, **params: Any) -> Rejection:
    """Build a rejection; ``reason`` defaults to the rule's own template."""
    key = reason if reason is None or "." in reason else f"{rule.value}.{reason}"
    return Rejection(rule, key or rule.value, params)

