"""Argument helpers shared by the sub-command modules."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(text: str) -> date:
    """An argparse type for ``YYYY-MM-DD`` dates, with the error in both languages."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date like 2008-09-15 / “{text}”不是形如 2008-09-15 的日期"
        ) from None


def show_usage(parser: argparse.ArgumentParser) -> int:
    """What a command group does when no sub-command is given: print its help, exit 2."""
    parser.print_help()
    return 2
