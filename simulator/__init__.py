"""The paper-trading engine: prices, market rules, orders, portfolio, metrics. No UI, no database.

Start with ``simulator.session.TradingSession`` (interactive play) or
``simulator.backtest.run_backtest`` (strategies); prices come from
``simulator.price_service.PriceService`` or ``simulator.bundled_prices.load_bundled``, scenarios
from ``simulator.scenarios.load_scenarios``. docs/simulator.md describes the whole package.
"""
