"""Rounding of money and prices.

Cash amounts are floats kept on whole cents: every booking is rounded half-up to 0.01, so sums of
bookings never drift by more than float noise. Decimal settles the half-cent cases because binary
floats would round 1.005 down.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

_CENT = Decimal("0.01")
#: Starting cash a session accepts. Below one unit nothing can be bought; above a trillion a
#: float no longer holds cents, and order sizing (one unit less until it fits) stops moving.
MIN_START_CASH = 1.0
MAX_START_CASH = 1e12


def round_money(amount: float) -> float:
    """``amount`` rounded half-up (away from zero) to whole cents."""
    scaled = amount * 100
    whole = math.floor(scaled)
    # Only amounts within float noise of half a cent are ambiguous; Decimal settles those.
    if abs(scaled - whole - 0.5) < 1e-6:
        return float(Decimal(repr(amount)).quantize(_CENT, rounding=ROUND_HALF_UP))
    return math.floor(scaled + 0.5) / 100


def round_to_tick(price: float, tick: float) -> float:
    """``price`` rounded half-up to a multiple of ``tick`` (e.g. 0.01 on Chinese exchanges)."""
    step = Decimal(repr(tick))
    units = (Decimal(repr(price)) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(units * step)


def is_on_tick(price: float, tick: float) -> bool:
    """Whether ``price`` is a whole number of ``tick`` steps (within float noise)."""
    units = price / tick
    return math.isclose(units, round(units), abs_tol=1e-6)
