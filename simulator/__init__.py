"""The paper-trading engine: prices, market rules, orders, portfolio, metrics. No UI, no database."""
