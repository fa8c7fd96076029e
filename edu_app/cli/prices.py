"""The ``edu-app prices``  sub-commands."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``prices`` command group."""
    subparsers.add_parser("prices", help="(not yet available)")
