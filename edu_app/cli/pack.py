"""The ``edu-app pack``  sub-commands."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``pack`` command group."""
    subparsers.add_parser("pack", help="(not yet available)")
