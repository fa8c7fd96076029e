"""The host key: what makes a browser the host of a web server.

The desktop window is always the host. In web mode the server keeps a random key in the data dir
(``host-key``, readable only by its owner) and prints a host link carrying it; a browser that opens
that link stores the key and is the host from then on, and every other browser is a visitor. The
client's network address plays no part, so a reverse proxy on the host (whose connections all come
from 127.0.0.1) cannot turn visitors into hosts. Deleting the file and restarting revokes every
host browser.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

HOST_KEY_FILENAME = "host-key"
# The query parameter of the host link: http://<address>:<port>/?host=<key>
HOST_LINK_PARAM = "host"
_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{43,128}")

log = logging.getLogger(__name__)


def load_or_create(data_dir: Path) -> str:
    """The host key kept in ``data_dir``, created on first use.

    When the data dir cannot hold it (read-only), a key for this run only is returned, so the
    printed host link still works until the server stops.
    """
    path = data_dir / HOST_KEY_FILENAME
    for _attempt in range(2):
        existing = _read(path)
        if existing is not None:
            return existing
        key = secrets.token_urlsafe(32)
        try:
            if path.exists():
                # Damaged (empty, truncated): replace it whole, never trust a guessable key.
                _replace(path, key)
                return key
            # O_EXCL: when two servers start together, the second reads the first one's key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as error:
            log.warning("cannot keep the host key in %s (%s); it is valid for this run only", data_dir, error)
            return key
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
        return key
    return secrets.token_urlsafe(32)


def _replace(path: Path, key: str) -> None:
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    os.replace(scratch, path)


def _read(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return text if _KEY_PATTERN.fullmatch(text) else None


def is_host_key(expected: str, presented: object) -> bool:
    """True when ``presented`` (from a URL or browser storage) is the host key."""
    if not isinstance(presented, str) or not presented or len(presented) > 128:
        return False
    return hmac.compare_digest(expected.encode("ascii"), presented.encode("ascii", errors="replace"))


def host_link(url: str, key: str) -> str:
    """``url`` with the host key added, e.g. ``http://127.0.0.1:8550/?host=...``."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query) + [(HOST_LINK_PARAM, key)]
    return urlunsplit(parts._replace(path=parts.path or "/", query=urlencode(query)))


def split_host_param(route: str | None) -> tuple[str, str | None]:
    """``route`` without the host parameter, and that parameter's value (None when absent)."""
    parts = urlsplit(route or "/")
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    presented = next((value for name, value in pairs if name == HOST_LINK_PARAM), None)
    if presented is None:
        return route or "/", None
    rest = [(name, value) for name, value in pairs if name != HOST_LINK_PARAM]
    return urlunsplit(("", "", parts.path or "/", urlencode(rest), parts.fragment)), presented
