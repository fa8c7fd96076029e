"""Errors that sub-commands raise to end with a clear message instead of a traceback."""

from __future__ import annotations


class CliError(Exception):
    """A user-facing failure: ``main`` prints the message and exits with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
