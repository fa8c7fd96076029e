"""Invest Quest: an investor-education game and paper-trading simulator."""

__version__ = "0.1.0"
