"""Drive the real Flet UI in headless Chromium through Flutter's accessibility tree.

The app runs as a real ``edu-app --web`` process with a temporary data dir; the browser is Debian's
Chromium driven by Playwright. Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
LOGS = ROOT / "test-artifacts" / "server-logs"
CHROMIUM = os.environ.get("EDU_APP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Generous: a loaded 2-core machine can take this long to draw a screen; a real failure just
# takes longer to report.
TIMEOUT_MS = 45_000
# Flutter web edits text in a DOM input/textarea that it focuses while a field is being edited.
_EDITING_FOCUSED = "() => ['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)"
_EDITING_VALUE_IS = "(text) => document.activeElement?.value === text"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppServer:
    """A running ``edu-app --web`` process."""

    data_dir: Path
    port: int
    process: subprocess.Popen[str] | None = None
    # Extra environment for the app, e.g. EDU_APP_NOW to pin the clock; change it between
    # stop() and start() to restart the app "on another day".
    env: dict[str, str] = field(default_factory=dict)
    # The address the server listens on (``--host``); another address serves a LAN visitor.
    bind: str = "127.0.0.1"

    @property
    def address(self) -> str:
        """The address browsers reach the server at."""
        return "127.0.0.1" if self.bind in ("0.0.0.0", "") else self.bind

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}"

    @property
    def host_key(self) -> str:
        """The key that makes a browser the host (the server keeps it in its data dir)."""
        return (self.data_dir / "host-key").read_text(encoding="ascii").strip()

    def host_url(self, path: str = "/") -> str:
        """``path`` as the host link opens it: a browser that opens this is the host."""
        separator = "&" if "?" in path else "?"
        return f"{self.url}{path}{separator}host={self.host_key}"

    def start(self) -> AppServer:
        env = {**os.environ, "EDU_APP_DATA_DIR": str(self.data_dir), "PYTHONUNBUFFERED": "1", **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "edu_app", "--web", "--port", str(self.port), "--host", self.bind],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"edu-app exited early:\n{self.process.stdout.read()}")  # type: ignore[union-attr]
            try:
                with socket.create_connection((self.address, self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("edu-app did not start listening within 60 s")

    def stop(self, log_name: str | None = None) -> str:
        """Stop the server; return (and save under test-artifacts/server-logs/) what it printed."""
        output = ""
        if self.process:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            output = self.process.stdout.read() if self.process.stdout else ""  # type: ignore[union-attr]
            if log_name:
                LOGS.mkdir(parents=True, exist_ok=True)
                (LOGS / f"{log_name}.log").write_text(output, encoding="utf-8")
        return output


class UI:
    """A person using the app in one browser tab: finds things by role and text, like a screen reader."""

    def __init__(self, page: Page, server: AppServer, host: bool = False) -> None:
        self.page = page
        self.server = server
        # True: this person is at the host (opens the host link); False: a visitor.
        self.host = host

    def open(self, path: str = "/") -> UI:
        self.page.goto(self.server.host_url(path) if self.host else self.server.url + path)
        return self.enable_accessibility()

    def new_tab(self, path: str = "/") -> UI:
        """The same browser in a fresh tab (same local storage, new app session) at ``path``; this
        tab closes. A plain reload is not enough to start over: Flet reconnects a reloaded tab to
        its running session."""
        fresh = UI(self.page.context.new_page(), self.server, host=self.host)
        self.page.close()
        return fresh.open(path)

    def storage(self, key: str) -> str | None:
        """What the app keeps under ``key`` in this browser (Flutter prefixes it with ``flutter.``)."""
        return self.page.evaluate("key => window.localStorage.getItem(key)", f"flutter.{key}")

    def set_storage(self, key: str, value: str) -> None:
        """Change what the app keeps under ``key`` in this browser, as a curious visitor could."""
        self.page.evaluate("([key, value]) => window.localStorage.setItem(key, value)", [f"flutter.{key}", value])

    def enable_accessibility(self) -> UI:
        """Wait for the Flutter view and switch on its accessibility tree (after every page load)."""
        self.page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=TIMEOUT_MS)
        # Flutter builds its accessibility tree only once asked to; this is the hidden switch.
        self.page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
        self.page.wait_for_selector("flt-semantics", state="attached", timeout=TIMEOUT_MS)
        return self

    def button(self, name: str | re.Pattern[str]):  # type: ignore[no-untyped-def]
        return self.page.get_by_role("button", name=name, exact=isinstance(name, str))

    def click(self, name: str | re.Pattern[str]) -> None:
        _click(self.button(name).first)

    def tab(self, name: str) -> None:
        """Click a navigation destination (bar on phones, rail on desktops)."""
        # The bar's items are tabs; the rail's are buttons named "<label> Tab i of n".
        target = self.page.get_by_role("tab", name=name, exact=True).or_(
            self.page.get_by_role("button", name=re.compile(rf"^{re.escape(name)} Tab \d+ of \d+$"))
        )
        _click(target.first)

    def destinations(self) -> int:
        """How many navigation destinations the shell shows."""
        rail = self.page.get_by_role("button", name=re.compile(r" Tab \d+ of \d+$"))
        return self.page.get_by_role("tab").count() + rail.count()

    def type_into(self, label: str, text: str) -> None:
        """Replace the text of the field named ``label`` by typing, as a person does."""
        box = self.page.get_by_role("textbox", name=label).first
        box.wait_for(timeout=TIMEOUT_MS)
        for _attempt in range(3):
            box.click()
            # Flutter moves focus to its own editing element a frame after the tap; keys pressed
            # before that land nowhere (under load "150" then "100" became "15100").
            try:
                self.page.wait_for_function(_EDITING_FOCUSED, timeout=5_000)
            except PlaywrightTimeoutError:
                continue
            # Flutter's text editing listens to key events; fill() bypasses them.
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Backspace")
            self.page.keyboard.type(text)
            try:
                self.page.wait_for_function(_EDITING_VALUE_IS, arg=text, timeout=5_000)
                return
            except PlaywrightTimeoutError:
                continue
        raise AssertionError(f"could not type {text!r} into the field {label!r}")

    def visible_text(self, text: str | re.Pattern[str]):  # type: ignore[no-untyped-def]
        """Text as a screen reader meets it: plain text, or the label Flutter gave a group/button."""
        return self.page.get_by_text(text).or_(self.page.get_by_label(text))

    def see(self, text: str | re.Pattern[str], timeout: int = TIMEOUT_MS) -> None:
        # wait_for watches the page as it changes; expect() polls at growing intervals (up to
        # a second), and hundreds of such waits made the suite minutes slower.
        self.visible_text(text).first.wait_for(state="attached", timeout=timeout)

    def not_see(self, text: str | re.Pattern[str]) -> None:
        self.visible_text(text).first.wait_for(state="detached", timeout=TIMEOUT_MS)

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        # Park the pointer (a hover tooltip is not what a phone user sees) and let fonts and
        # animations settle so the picture shows what a person sees.
        self.page.mouse.move(1, 1)
        self.page.wait_for_timeout(900)
        # Under load the first frame can lag behind the accessibility tree; a blank picture is
        # retaken rather than kept.
        for _attempt in range(5):
            self.page.screenshot(path=str(path))
            if not _blank(path):
                break
            self.page.wait_for_timeout(1500)
        return path


def new_ui(
    browser: Browser, server: AppServer, size: dict[str, int], locale: str = "en-US", host: bool = False
) -> UI:
    """A fresh browser context (own local storage) at ``size`` with browser language ``locale``.

    ``host=True``: the person at the host, who opens the host link (lists every profile, manages
    lesson packs); otherwise a visitor, who sees only the profiles this browser created.
    """
    context = browser.new_context(viewport=size, locale=locale)
    return UI(context.new_page(), server, host=host)


def mark_red_flag(ui: UI, segment: str, marked_label: str = "Marked as red flag") -> None:
    """Tap the red-flag segment whose text starts with ``segment`` and wait until it shows as
    marked: the widget redraws after each tap, and a tap sent to the old node would be lost."""
    pattern = re.compile(re.escape(segment))
    ui.page.get_by_role("button", name=pattern).first.click()
    marked = re.compile(f"(?=.*{re.escape(segment)})(?=.*{re.escape(marked_label)})", re.S)
    expect(ui.page.get_by_role("button", name=marked).first).to_be_attached(timeout=TIMEOUT_MS)


def _click(target: Locator) -> None:
    """Click once the control is there. Flutter may replace an accessibility node while a screen
    redraws; a click that lost its node is tried again on the new one rather than waited out."""
    target.wait_for(timeout=TIMEOUT_MS)
    _wait_until_still(target)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        try:
            target.click(timeout=5_000)
            return
        except PlaywrightTimeoutError:
            if time.monotonic() > deadline:
                raise


def _wait_until_still(target: Locator) -> None:
    """Wait (at most about 2 s) until the control stops moving: Flutter moves accessibility nodes
    only as a scroll animation goes, later than the browser's own stability check looks."""
    box = None
    for _ in range(25):
        current = target.bounding_box()
        if current is not None and current == box:
            return
        box = current
        target.page.wait_for_timeout(80)


def _blank(path: Path) -> bool:
    """True when a screenshot is a single colour (nothing painted yet)."""
    from PIL import Image

    with Image.open(path) as image:
        low, high = image.convert("L").getextrema()
    return low == high
