"""Fixtures for browser tests: one Chromium per run, one app server per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, ROOT, AppServer, free_port

FAILURES = ROOT / "test-artifacts" / "failures"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.path.as_posix():
            item.add_marker(pytest.mark.browser)
            # All browser tests go to one worker, one after another; the other worker runs every
            # other test meanwhile. Two Flutter pages drawing at once on two cores made taps and
            # redraws late enough to lose them (every run with two browser lanes lost one or two
            # tests that way).
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's 'chromium' package (see README).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _close_pages(browser: Browser) -> Iterator[None]:
    """Close every tab a test opened: a Flutter page left open keeps rendering and slows the rest."""
    yield
    for context in list(browser.contexts):
        context.close()


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[AppServer]:
    app = AppServer(data_dir=tmp_path / "data", port=free_port()).start()
    yield app
    output = app.stop(log_name=request.node.name)
    # A traceback in the server is a failure even when the screen happened to look right.
    assert "Traceback" not in output, output


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """When a browser test fails, keep a picture of every tab it had open, to see what it saw."""
    outcome = yield
    report = outcome.get_result()
    browser = item.funcargs.get("browser") if hasattr(item, "funcargs") else None
    if report.when != "call" or not report.failed or browser is None:
        return
    FAILURES.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(page for context in browser.contexts for page in context.pages):
        try:
            page.screenshot(path=str(FAILURES / f"{item.name}-{number}.png"), timeout=10_000)
        except Exception:  # noqa: BLE001 - a tab that cannot be shot any more is skipped
            continue
