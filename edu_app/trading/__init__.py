"""Paper trading in the app: saved simulator sessions and everything the screens show of them.

The ``simulator`` package is the engine; this package owns the learner's saved sessions. Every
action goes through :class:`TradingService`, which updates the engine and saves the new state in
one transaction; screens redraw from the views it returns, so a reload lands on the same state.
"""

from edu_app.trading.errors import TradingError
from edu_app.trading.service import TradingService

__all__ = ["TradingError", "TradingService"]
