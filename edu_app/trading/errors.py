"""The one exception the trading service raises for something a learner can fix."""

from __future__ import annotations

from simulator.bilingual import Bilingual


class TradingError(Exception):
    """A refused request with a sentence in both languages (a locked scenario, a bad date range,
    a session that no longer exists). ``code`` is stable for tests."""

    def __init__(self, text: Bilingual, code: str = "error") -> None:
        super().__init__(text.en)
        self.text = text
        self.code = code

    def message(self, lang: str = "en") -> str:
        """The sentence in ``lang``."""
        return self.text.get(lang)
