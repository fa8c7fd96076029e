"""Exceptions the simulator raises for situations a learner or teacher can fix."""

from __future__ import annotations

from simulator.bilingual import Bilingual


class SimulatorError(Exception):
    """A failure with a clear bilingual explanation; ``str()`` gives the English text."""

    def __init__(self, text: Bilingual, code: str = "error") -> None:
        super().__init__(text.en)
        self.text = text
        self.code = code

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang`` ("en" or "zh-CN")."""
        return self.text.get(lang)

    def both_languages(self) -> str:
        """English, then Chinese on an indented second line: for output with no language choice."""
        return self.text.joined("\n  ")


class SetupError(SimulatorError, ValueError):
    """A session or backtest cannot start with the given arguments (empty range, bad cash...)."""
