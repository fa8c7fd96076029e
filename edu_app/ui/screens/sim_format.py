"""Numbers as the simulator screens write them: money with separators, signed percentages."""

from __future__ import annotations

from datetime import date


def money(value: float) -> str:
    """12,345.67"""
    return f"{value:,.2f}"


def signed_money(value: float) -> str:
    """+1,234.50 or -80.00 (a plain 0.00 has no sign)."""
    if abs(value) < 0.005:
        return "0.00"
    return f"{value:+,.2f}"


def percent(fraction: float | None, signed: bool = True) -> str:
    """0.0523 -> +5.23%; None -> an en dash (a figure that is not defined yet)."""
    if fraction is None:
        return "–"
    if abs(fraction) < 0.00005:
        return "0.00%"
    return f"{fraction * 100:+.2f}%" if signed else f"{fraction * 100:.2f}%"


def quantity(value: float) -> str:
    """Whole units without decimals; coin fractions with up to four."""
    if abs(value - round(value)) < 1e-9:
        return f"{int(round(value)):,}"
    return f"{value:,.4f}".rstrip("0")


def day(value: date) -> str:
    """ISO date, the same in both languages."""
    return value.isoformat()
