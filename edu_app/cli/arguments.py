"""Argument helpers shared by the sub-command modules."""

from __future__ import annotations

import argparse
import math
from datetime import date

#: Starting cash accepted by ``sim run --cash``: the simulator's own bounds (simulator/money.py).
MIN_CASH = 1.0
MAX_CASH = 1e12
#: Longest moving-average window: 10,000 trading days is about 40 years of prices.
MAX_WINDOW = 10_000


def iso_date(text: str) -> date:
    """An argparse type for ``YYYY-MM-DD`` dates, with the error in both languages."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date like 2008-09-15 / “{text}”不是形如 2008-09-15 的日期"
        ) from None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def cash_amount(text: str) -> float:
    """An argparse type for starting cash: a number from 1 to a trillion (1e12).

    Beyond a trillion an account is no learning scenario, and float money stops holding cents
    (at 1e300 the engine's order sizing can no longer tell one unit from the next).
    """
    value = _number(text)
    if value is None or not MIN_CASH <= value <= MAX_CASH:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a starting cash between 1 and 1e12: more than a trillion is not a "
            f"learning scenario, and amounts that large lose their cents"
            f" / “{text}”不是 1 到 1e12 之间的初始资金：超过一万亿不是学习场景，且金额过大会丢失分位"
        )
    return value


def commission_rate(text: str) -> float:
    """An argparse type for a commission rate: a fraction from 0 up to (not including) 1."""
    value = _number(text)
    if value is None or not 0 <= value < 1:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a commission rate: give a fraction from 0 to below 1 (0.001 = 0.1%)"
            f" / “{text}”不是佣金费率：请给出 0 到 1 之间的小数（0.001 = 0.1%）"
        )
    return value


def window_length(text: str) -> int:
    """An argparse type for a moving-average window: a whole number of days, 1 to 10,000."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_WINDOW:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a window length: give a whole number of trading days from 1 to {MAX_WINDOW:,}"
            f" / “{text}”不是均线窗口：请给出 1 到 {MAX_WINDOW} 之间的整数交易日"
        )
    return value


def port_number(text: str) -> int:
    """An argparse type for a TCP port: a whole number from 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give a whole number from 1 to 65535")
    return value


#: Most server processes ``event serve --workers`` starts: more than a laptop has cores only slows it.
MAX_WORKERS = 64


def worker_count(text: str) -> int:
    """An argparse type for ``--workers``: a whole number of server processes from 1 to 64."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number of server processes: give a whole number from 1 to {MAX_WORKERS}"
        )
    return value


def show_usage(parser: argparse.ArgumentParser) -> int:
    """What a command group does when no sub-command is given: print its help, exit 2."""
    parser.print_help()
    return 2
