"""Bytes a phone pulls over the network: a first visit and a repeat visit of the web app.

Starts ``edu-app --web`` on 127.0.0.1 (temporary data dir) twice in one run: once as shipped
(compressed static files, revalidation) and once with ``EDU_APP_WEB_COMPRESSION=off`` (the
uncompressed baseline). For each, Chromium at phone size (390x844, zh-CN, so the Chinese font is
needed) opens the app in a fresh context and waits until the first screen is drawn and the
network is quiet; then the same context reloads the page (a repeat visit, browser cache warm).
Bytes are what Chrome's DevTools protocol reports as received: ``encodedDataLength`` of every
HTTP response (headers and body as they came over the wire) plus the payload of WebSocket frames.

Usage: python benchmarks/bench_first_visit.py [--detail] [--only compressed|baseline]
"""

from __future__ import annotations

import argparse
import base64
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import CDPSession, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402

QUIET_SECONDS = 2.0
FIRST_SCREEN_TIMEOUT_MS = 90_000


@dataclass
class Visit:
    """What one page load pulled over the network."""

    http: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    status: dict[str, int] = field(default_factory=dict)
    websocket: int = 0
    brotli: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.http.values()) + self.websocket


class Meter:
    """Sums received bytes from CDP Network events of one page."""

    def __init__(self, page: Page) -> None:
        self.cdp: CDPSession = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.visit = Visit()
        self.last_event = time.monotonic()
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.webSocketFrameReceived", self._frame)

    def start(self) -> Visit:
        self.visit = Visit()
        self.urls.clear()
        return self.visit

    def _response(self, event: dict) -> None:  # type: ignore[type-arg]
        self.last_event = time.monotonic()
        response = event["response"]
        self.urls[event["requestId"]] = response["url"]
        self.visit.status[response["url"]] = response["status"]
        headers = {name.lower(): value for name, value in response.get("headers", {}).items()}
        if headers.get("content-encoding") == "br":
            self.visit.brotli.add(response["url"])

    def _finished(self, event: dict) -> None:  # type: ignore[type-arg]
        self.last_event = time.monotonic()
        url = self.urls.get(event["requestId"], "?")
        self.visit.http[url] += int(event["encodedDataLength"])

    def _frame(self, event: dict) -> None:  # type: ignore[type-arg]
        self.last_event = time.monotonic()
        frame = event["response"]
        payload = frame["payloadData"]
        # Binary frames (Flet's msgpack) arrive base64-encoded (opcode 2).
        self.visit.websocket += len(base64.b64decode(payload)) if frame.get("opcode") == 2 else len(payload.encode())

    def wait_quiet(self, page: Page) -> None:
        """Wait until no network event arrived for QUIET_SECONDS."""
        while time.monotonic() - self.last_event < QUIET_SECONDS:
            page.wait_for_timeout(250)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: str, compressed: bool) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "EDU_APP_DATA_DIR": data_dir, "EDU_APP_WEB_COMPRESSION": "on" if compressed else "off"}
    process = subprocess.Popen(
        [sys.executable, "-m", "edu_app", "--web", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"http://127.0.0.1:{port}/"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start within 60 s")


def wait_for_thorough_copies(data_dir: Path, count: int) -> None:
    """Wait until the server has kept its thorough (brotli 11) copy of each file it compressed."""
    start = time.monotonic()
    folder = data_dir / "cache" / "web-compressed"
    while len(list(folder.glob("*.br"))) < count and time.monotonic() - start < 600:
        time.sleep(0.5)
    print(f"(the server's one-time thorough compression of {count} files took {time.monotonic() - start:.0f} s)")


def load(page: Page, meter: Meter, url: str | None) -> Visit:
    """Open ``url`` (or reload) and wait for the first screen and a quiet network."""
    visit = meter.start()
    meter.last_event = time.monotonic()
    if url:
        page.goto(url)
    else:
        page.reload()
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=FIRST_SCREEN_TIMEOUT_MS)
    meter.wait_quiet(page)
    return visit


def measure(browser, compressed: bool) -> tuple[Visit, Visit]:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory(prefix="invest-quest-bench-") as data_dir:
        process, url = start_server(data_dir, compressed)
        try:
            # Warm the server's compressed copies, so the figures are what the 2nd..300th phone sees.
            warm = browser.new_context(viewport=PHONE, locale="zh-CN")
            warm_page = warm.new_page()
            warmed = load(warm_page, Meter(warm_page), url)
            warm.close()
            if compressed:
                wait_for_thorough_copies(Path(data_dir), len(warmed.brotli))
            context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=3, is_mobile=True,
                                          has_touch=True)
            page = context.new_page()
            meter = Meter(page)
            first = load(page, meter, url)
            repeat = load(page, meter, None)
            context.close()
            return first, repeat
        finally:
            process.terminate()
            process.wait(timeout=20)


def mb(count: int) -> str:
    return f"{count / 1e6:6.2f} MB"


def report(name: str, first: Visit, repeat: Visit, detail: bool) -> None:
    print(f"{name}:")
    for label, visit in (("first visit", first), ("repeat visit", repeat)):
        print(f"  {label:12}  {mb(visit.total)}  ({len(visit.http)} HTTP responses {mb(sum(visit.http.values()))}, "
              f"WebSocket {visit.websocket / 1e3:.1f} kB)")
    if detail:
        for url, size in sorted(first.http.items(), key=lambda item: -item[1])[:12]:
            print(f"    {size / 1e3:9.1f} kB  {url}  (repeat: {repeat.http.get(url, 0) / 1e3:.1f} kB, "
                  f"HTTP {repeat.status.get(url, '-')})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("compressed", "baseline"), help="measure one configuration only")
    parser.add_argument("--detail", action="store_true", help="list the largest responses")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, compressed in (("baseline (EDU_APP_WEB_COMPRESSION=off)", False), ("as shipped", True)):
                if args.only and args.only != ("compressed" if compressed else "baseline"):
                    continue
                first, repeat = measure(browser, compressed)
                report(name, first, repeat, args.detail)
        finally:
            browser.close()
    print("goal: first visit <= 6 MB, repeat visit <= 0.3 MB")


if __name__ == "__main__":
    main()
