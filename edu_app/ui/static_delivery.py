"""Static files for a room of phones on one Wi-Fi: compressed once, revalidated, never stale.

The web client (Flutter engine, app code, fonts) is about 15 MB as files; a venue access point
shared by hundreds of phones is the bottleneck at an event. This ASGI middleware sits in front of
the Flet web app and changes only how static files travel:

- Compression: a file is sent brotli- (or gzip-) compressed when the browser accepts it. The
  compressed copy is made once per file content: the first request gets a quick compression at
  once, while the thorough one (brotli quality 11, a few seconds for the engine) runs in the
  background at the lowest CPU priority and is kept on disk, keyed by the content's SHA-256, so
  a restart reuses it.
- Caching: every static response says ``Cache-Control: no-cache``: the browser keeps the file
  and asks each time whether it changed (``If-None-Match``), and the answer is a 304 of a few
  hundred bytes. Nothing is cached blindly, because no file name of the Flutter web build carries
  a content hash: ``index.html`` and ``main.dart.wasm`` keep their names across upgrades, and a
  stale copy of one beside a new copy of the other would break the app.
- The ETag of a compressed body names its encoding (``"...-br"``), as a cache must not confuse
  two encodings of one file; the suffix is removed again before the inner app compares tags.

Only responses that carry an ETag (files) are touched: the WebSocket, uploads and the pack
downloads pass through unchanged.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

# Smaller bodies gain less from compression than the header costs.
MIN_SIZE = 1024
# Compressed copies kept in memory (the app has a few dozen files; older ones are dropped first).
MAX_COPIES = 256
COMPRESSIBLE_TYPES = {
    "application/javascript", "application/json", "application/manifest+json", "application/wasm",
    "application/octet-stream", "application/xml", "image/svg+xml", "font/otf", "font/ttf", "font/sfnt",
    "application/font-sfnt", "application/vnd.ms-opentype", "application/x-font-ttf",
}
NO_CACHE = "no-cache"


@dataclass(frozen=True)
class Encoding:
    """A content coding: its token, how to make it quickly and thoroughly, its disk suffix."""

    token: str
    quick: Callable[[bytes], bytes]
    best: Callable[[bytes], bytes]

    def etag(self, etag: str) -> str:
        return f'{etag[:-1]}-{self.token}"' if etag.endswith('"') else f"{etag}-{self.token}"


BROTLI = Encoding(
    "br",
    quick=lambda data: brotli.compress(data, quality=5, lgwin=22),
    best=lambda data: brotli.compress(data, quality=11, lgwin=24),
)
GZIP = Encoding("gzip", quick=lambda data: gzip.compress(data, 6, mtime=0), best=lambda data: gzip.compress(data, 9, mtime=0))
ENCODINGS = (BROTLI, GZIP)


def compression_enabled() -> bool:
    """False when ``EDU_APP_WEB_COMPRESSION=off`` (to measure the uncompressed baseline)."""
    return os.environ.get("EDU_APP_WEB_COMPRESSION", "on").strip().lower() not in {"off", "0", "no", "false"}


def chosen_encoding(accept_encoding: str) -> Encoding | None:
    """The best coding the browser accepts (brotli before gzip), or None."""
    accepted: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        token, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        accepted[token.strip()] = quality
    for encoding in ENCODINGS:
        if accepted.get(encoding.token, accepted.get("*", 0.0)) > 0:
            return encoding
    return None


def _compressible(headers: MutableHeaders) -> bool:
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    size = int(headers.get("content-length", "0") or 0)
    return (media_type.startswith("text/") or media_type in COMPRESSIBLE_TYPES) and size >= MIN_SIZE \
        and "content-encoding" not in headers


def _without_encoding_suffix(if_none_match: str) -> tuple[str, set[str]]:
    """The tags as the inner app made them, and which codings' suffixes were removed."""
    tags, codings = [], set()
    for tag in if_none_match.split(","):
        tag = tag.strip()
        for encoding in ENCODINGS:
            suffix = f'-{encoding.token}"'
            if tag.endswith(suffix):
                tag = tag[: -len(suffix)] + '"'
                codings.add(encoding.token)
        tags.append(tag)
    return ", ".join(tags), codings


def _file_key(path: str) -> str:
    """What names the file behind ``path``: every app route (no extension, or .html) is served
    ``index.html``, so routes share one copy instead of one per address a visitor makes up."""
    name = path.rsplit("/", 1)[-1]
    return "<page>" if "." not in name or name.endswith(".html") else path


def _lowest_priority() -> None:
    """Give the calling thread the lowest CPU priority (Linux schedules threads one by one; the
    compression itself runs without Python's lock, so this is what decides who gets a core)."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except OSError:
            pass  # a container may forbid it; the copy is then made at normal priority


class CompressedCopies:
    """Compressed bodies by (path, ETag, coding) in memory, by content hash on disk."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._memory: dict[tuple[str, str, str], bytes] = {}
        self._lock = threading.Lock()
        self._quick: dict[tuple[str, str, str], asyncio.Future[bytes]] = {}
        # One thorough compression at a time, at the lowest priority: it only uses a core nobody
        # else wants, so the learners' taps are never slowed by it.
        self._thorough = ThreadPoolExecutor(max_workers=1, thread_name_prefix="compress", initializer=_lowest_priority)

    def ready(self, key: tuple[str, str, str]) -> bytes | None:
        return self._memory.get(key)

    def _keep(self, key: tuple[str, str, str], data: bytes) -> None:
        with self._lock:  # called from compression threads
            self._memory[key] = data
            while len(self._memory) > MAX_COPIES:
                self._memory.pop(next(iter(self._memory)))

    async def get(self, key: tuple[str, str, str], body: bytes, encoding: Encoding) -> bytes:
        """The compressed ``body``: from memory or disk, else compressed quickly now (once)."""
        if key in self._memory:
            return self._memory[key]
        pending = self._quick.get(key)
        if pending is None:
            loop = asyncio.get_running_loop()
            pending = loop.run_in_executor(None, self._first_copy, key, body, encoding)
            self._quick[key] = pending
            pending.add_done_callback(lambda _done: self._quick.pop(key, None))
        return await asyncio.shield(pending)

    def _disk_path(self, digest: str, encoding: Encoding) -> Path | None:
        return self.folder / f"{digest}.{encoding.token}" if self.folder else None

    def _first_copy(self, key: tuple[str, str, str], body: bytes, encoding: Encoding) -> bytes:
        digest = hashlib.sha256(body).hexdigest()
        path = self._disk_path(digest, encoding)
        if path is not None and path.is_file():
            try:
                data = path.read_bytes()
                self._keep(key, data)
                return data
            except OSError:
                pass
        data = encoding.quick(body)
        self._keep(key, data)
        self._thorough.submit(self._thorough_copy, key, body, encoding, path)
        return data

    def _thorough_copy(self, key: tuple[str, str, str], body: bytes, encoding: Encoding, path: Path | None) -> None:
        data = encoding.best(body)
        self._keep(key, data)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as scratch:
                scratch.write(data)
            os.replace(scratch.name, path)
        except OSError as error:
            # A read-only or full cache dir costs only the next start a recompression.
            logger.info("cannot keep the compressed copy in %s: %s", path.parent, error)


class StaticDelivery:
    """ASGI middleware: compression and cache headers for the static files of ``app``."""

    def __init__(self, app: ASGIApp, folder: Path | None) -> None:
        self.app = app
        self.copies = CompressedCopies(folder)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        request = Headers(scope=scope)
        encoding = None if "range" in request else chosen_encoding(request.get("accept-encoding", ""))
        cached_codings: set[str] = set()
        if "if-none-match" in request:
            tags, cached_codings = _without_encoding_suffix(request["if-none-match"])
            scope = dict(scope)
            scope["headers"] = [
                (name, tags.encode("latin-1")) if name == b"if-none-match" else (name, value)
                for name, value in scope["headers"]
            ]
        await _Reply(self.copies, scope, encoding, send, cached_codings).run(self.app, receive)


class _Reply:
    """One response on its way out: headers amended, body compressed when that applies."""

    def __init__(self, copies: CompressedCopies, scope: Scope, encoding: Encoding | None, send: Send,
                 cached_codings: set[str]) -> None:
        self.copies = copies
        # Codings of the copies the browser holds (from the tags it sent back).
        self.cached_codings = cached_codings
        self.scope = scope
        self.encoding = encoding
        self.send = send
        self.start: Message | None = None
        self.key: tuple[str, str, str] | None = None
        self.chunks: list[bytes] = []
        self.finished = False

    async def run(self, app: ASGIApp, receive: Receive) -> None:
        await app(self.scope, receive, self.on_message)

    async def on_message(self, message: Message) -> None:
        if self.finished:
            return  # the compressed copy was already sent; the file's own chunks are not needed
        if message["type"] == "http.response.start":
            await self.on_start(message)
        elif message["type"] == "http.response.body" and self.key is not None:
            self.chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                data = await self.copies.get(self.key, b"".join(self.chunks), self.encoding)  # type: ignore[arg-type]
                await self.send_compressed(data)
        else:
            await self.send(message)

    async def on_start(self, message: Message) -> None:
        headers = MutableHeaders(scope=message)
        etag = headers.get("etag")
        if etag is None or message["status"] not in (200, 304):
            await self.send(message)
            return
        headers.setdefault("cache-control", NO_CACHE)
        if message["status"] == 304:
            # A 304 carries no type or length; the tag the browser sent says which copy it holds.
            headers.append("vary", "Accept-Encoding")
            if self.encoding is not None and self.encoding.token in self.cached_codings:
                headers["etag"] = self.encoding.etag(etag)
            await self.send(message)
            return
        if not _compressible(headers):
            await self.send(message)
            return
        headers.append("vary", "Accept-Encoding")
        if self.encoding is None:
            await self.send(message)
            return
        headers["etag"] = self.encoding.etag(etag)
        if self.scope["method"] == "HEAD":
            # What GET would send, without compressing the body only to count it.
            del headers["content-length"]
            headers["content-encoding"] = self.encoding.token
            await self.send(message)
            return
        self.start = message
        self.key = (_file_key(self.scope["path"]), etag, self.encoding.token)
        ready = self.copies.ready(self.key)
        if ready is not None:
            await self.send_compressed(ready)

    async def send_compressed(self, data: bytes) -> None:
        assert self.start is not None and self.encoding is not None
        headers = MutableHeaders(scope=self.start)
        headers["content-encoding"] = self.encoding.token
        headers["content-length"] = str(len(data))
        await self.send(self.start)
        await self.send({"type": "http.response.body", "body": data, "more_body": False})
        self.finished = True
