"""Bundled read-only assets: the CJK font, icons, and the offline price series.

This folder is a package only so that it installs with the app; it holds no code.
"""
