"""Static files over a crowded Wi-Fi: compressed, revalidated, never stale (real server, real HTTP)."""

from __future__ import annotations

import gzip
import os
import sys
import threading
import http.client
import time
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
from flet_web import get_package_web_dir

from edu_app import paths
from edu_app.ui.static_delivery import CompressedCopies, chosen_encoding
from tests.browser.harness import AppServer, free_port

WEB = Path(get_package_web_dir())
CJK_FONT = "/fonts/NotoSansSC-Regular-subset.otf"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    app = AppServer(data_dir=tmp_path_factory.mktemp("data"), port=free_port()).start()
    yield app
    output = app.stop(log_name="static-delivery")
    assert "Traceback" not in output, output


def get(server: AppServer, path: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One request; the body exactly as it came over the wire (never decoded)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_the_thorough_copy_is_kept_on_disk_for_the_next_start(server: AppServer) -> None:
    # First in this module: thorough compressions run one at a time, in the order files were asked for.
    get(server, "/flutter_bootstrap.js", **{"Accept-Encoding": "br"})
    folder = server.data_dir / "cache" / "web-compressed"
    original = (WEB / "flutter_bootstrap.js").read_bytes()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        kept = [brotli.decompress(path.read_bytes()) for path in folder.glob("*.br")]
        if original in kept:
            return
        time.sleep(0.2)
    raise AssertionError("no compressed copy of flutter_bootstrap.js was kept on disk")


def test_the_engine_travels_brotli_compressed_and_unpacks_to_the_same_file(server: AppServer) -> None:
    status, headers, body = get(server, "/main.dart.wasm", **{"Accept-Encoding": "gzip, deflate, br"})
    original = (WEB / "main.dart.wasm").read_bytes()
    assert status == 200
    assert headers["content-encoding"] == "br"
    assert headers["content-type"] == "application/wasm"
    assert "accept-encoding" in headers["vary"].lower()
    assert int(headers["content-length"]) == len(body) < len(original) // 2
    assert brotli.decompress(body) == original


def test_a_browser_without_brotli_gets_gzip_and_one_without_compression_the_plain_file(server: AppServer) -> None:
    font = (paths.assets_dir() / CJK_FONT.removeprefix("/")).read_bytes()
    status, headers, body = get(server, CJK_FONT, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == font
    status, headers, body = get(server, CJK_FONT, **{"Accept-Encoding": "identity"})
    assert status == 200 and "content-encoding" not in headers
    assert body == font and int(headers["content-length"]) == len(font)


def test_a_repeat_visit_revalidates_and_gets_304_without_a_body(server: AppServer) -> None:
    status, headers, _body = get(server, "/canvaskit/skwasm.wasm", **{"Accept-Encoding": "br"})
    assert status == 200 and headers["cache-control"] == "no-cache"
    etag = headers["etag"]
    status, headers, body = get(server, "/canvaskit/skwasm.wasm", **{"Accept-Encoding": "br", "If-None-Match": etag})
    assert (status, body) == (304, b"")
    assert headers["etag"] == etag
    # The plain file's tag differs from the compressed one's: a cache never mixes the two.
    _status, plain, _body = get(server, "/canvaskit/skwasm.wasm", **{"Accept-Encoding": "identity"})
    assert plain["etag"] != etag


def test_index_html_is_revalidated_on_every_visit_so_an_upgrade_is_seen_at_once(server: AppServer) -> None:
    status, headers, body = get(server, "/", **{"Accept-Encoding": "br"})
    assert status == 200 and b"flutter_bootstrap.js" in brotli.decompress(body)
    assert headers["cache-control"] == "no-cache"
    status, _headers, body = get(server, "/", **{"Accept-Encoding": "br", "If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"")
    # A deep link is the same page, revalidated the same way.
    status, deep, deep_body = get(server, "/learn/anti-fraud-essentials", **{"Accept-Encoding": "br"})
    assert status == 200 and deep["cache-control"] == "no-cache" and deep["etag"] == headers["etag"]
    assert brotli.decompress(deep_body) == brotli.decompress(get(server, "/", **{"Accept-Encoding": "br"})[2])
    # A copy from another version of the app (another tag) gets the current page, not a 304.
    status, _headers, body = get(server, "/", **{"Accept-Encoding": "br", "If-None-Match": '"an-older-build-br"'})
    assert status == 200 and b"flutter_bootstrap.js" in brotli.decompress(body)


@pytest.mark.parametrize(
    ("accept", "token"),
    [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0, gzip;q=0.5", "gzip"), ("identity", None),
     ("", None), ("*", "br")],
)
def test_the_coding_is_the_best_one_the_browser_accepts(accept: str, token: str | None) -> None:
    encoding = chosen_encoding(accept)
    assert (encoding.token if encoding else None) == token


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priority is set on Linux")
def test_the_thorough_compression_runs_at_the_lowest_cpu_priority() -> None:
    copies = CompressedCopies(None)
    niceness = copies._thorough.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
    assert niceness == 19
