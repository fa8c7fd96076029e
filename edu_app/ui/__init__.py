"""The Flet user interface: one module per screen under ``screens/``, shared pieces beside it."""
