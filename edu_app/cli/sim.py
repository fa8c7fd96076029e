"""The ``edu-app sim``  sub-commands."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``sim`` command group."""
    subparsers.add_parser("sim", help="(not yet available)")
