"""Bundled historical price series (CSV) and their provenance; data only, no code.

A package of its own so that the CSV files install with the app (package data is collected per
package directory).
"""
