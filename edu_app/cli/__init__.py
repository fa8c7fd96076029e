"""The ``edu-app`` command line.

Running ``edu-app`` with no sub-command starts the app. Sub-commands are grouped by topic, one
module each (``pack``, ``trust``, ``sim``, ``prices``, ``event``); every module exposes ``register(subparsers)`` which
adds its parser and sets ``func`` to a handler ``(args) -> int``. Handlers import heavy libraries
(pandas, yfinance) lazily so that start-up stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from edu_app import __version__
from edu_app.cli import event, pack, prices, sim, trust
from edu_app.cli.arguments import port_number
from edu_app.cli.errors import CliError


def build_parser() -> argparse.ArgumentParser:
    """Build the complete argument parser (used by ``main`` and by the tests)."""
    parser = argparse.ArgumentParser(
        prog="edu-app",
        description=(
            "Invest Quest: learn to spot investment fraud and practise on a paper-trading "
            "simulator with real historical prices. Run without a command to open the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"edu-app {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where profiles and progress are stored (default: $EDU_APP_DATA_DIR or the "
        "platform's user-data directory)",
    )
    parser.add_argument(
        "--web",
        action="store_true",
        help="serve the app to a browser instead of opening a desktop window (fully offline)",
    )
    parser.add_argument(
        "--host",
        default=None,
        help="address to serve on in web mode (default 127.0.0.1; 0.0.0.0 for the local network)",
    )
    parser.add_argument("--port", type=port_number, default=8550, help="port for web mode (default 8550)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (pack, trust, sim, prices, event):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``edu-app`` console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from edu_app import paths

    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    try:
        if paths.data_dir_chosen():
            # A mistyped --data-dir is reported before any work, the same for every command.
            paths.data_dir()
        if args.command is None:
            from edu_app.ui.launch import launch

            return launch(web=args.web, host=args.host, port=args.port)
        return int(args.func(args) or 0)
    except CliError as error:
        print(f"edu-app: {error}", file=sys.stderr)
        return error.exit_code
    except paths.DataDirError as error:
        print(f"edu-app: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``edu-app ... | head``); stop quietly like other Unix tools.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
