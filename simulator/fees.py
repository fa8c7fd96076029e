"""Trading costs of one fill: commission, transfer fee and stamp duty, each rounded to cents."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.market_rules import RulesProfile
from simulator.money import round_money
from simulator.orders import Side


@dataclass(frozen=True, slots=True)
class Fees:
    """The costs of one fill. ``stamp_duty`` is a tax; the other two are fees."""

    commission: float = 0.0
    transfer_fee: float = 0.0
    stamp_duty: float = 0.0

    @property
    def total(self) -> float:
        """Everything the fill cost on top of (buy) or out of (sell) its traded value."""
        return round_money(self.commission + self.transfer_fee + self.stamp_duty)


def trade_fees(profile: RulesProfile, side: Side, value: float) -> Fees:
    """Costs of trading ``value`` (quantity x price) on ``side`` under ``profile``.

    The commission minimum applies per order, even when the rate would give less; stamp duty is
    charged on sells only.
    """
    if value <= 0:
        return Fees()
    commission = round_money(value * profile.commission_rate)
    commission = max(commission, profile.commission_min)
    transfer_fee = round_money(value * profile.transfer_fee_rate)
    stamp_duty = round_money(value * profile.stamp_duty_rate) if side is Side.SELL else 0.0
    return Fees(commission, transfer_fee, stamp_duty)
