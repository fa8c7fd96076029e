"""Every screen readable in Chinese: light and dark, phone and desktop (see looks_walk)."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.browser.harness import AppServer
from tests.browser.looks_walk import looks_server, walk

__all__ = ["looks_server"]  # the module's server fixture


def test_every_screen_is_readable_in_light_and_dark_at_phone_and_desktop_size_in_chinese(
    browser: Browser, looks_server: AppServer
) -> None:
    problems = walk(browser, looks_server, "zh-CN")
    assert problems == [], "\n".join(problems)
