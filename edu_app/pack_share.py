"""Sharing lesson packs over the local network: the host offers a pack at a link (shown as a QR
code in its Library), and another Invest Quest, such as the app on a learner's phone, downloads
it from that link and installs it into its *own* library with the same checks as a file.

The host's web server answers ``GET /share/<pack-id>.zip`` with the pack as a deterministic zip
(its ``SIGNATURE.json`` included, so the signature is checked on the receiving side). Offering a
pack changes nothing on the host, so the route is open to every visitor of the server.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from edu_app import pack_library, paths
from edu_app.pack_library import PackInfo, PackLibraryError
from lessons.build import zip_bytes
from lessons.files import read_pack_files
from lessons.model import SLUG_PATTERN

SHARE_PREFIX = "/share/"
#: Largest download accepted, as for an uploaded file; the pack loader has its own, stricter caps.
MAX_DOWNLOAD_BYTES = 60 * 1024 * 1024
DOWNLOAD_TIMEOUT_SECONDS = 30
_CHUNK = 64 * 1024
_NAME = re.compile(rf"^({SLUG_PATTERN.strip('^$')})\.zip$")

_base_url: str | None = None


def set_base_url(host: str, port: int) -> None:
    """Remember where this server can be reached from other devices (called when serving)."""
    global _base_url
    shown = lan_address() if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:  # an IPv6 literal needs brackets in a URL
        shown = f"[{shown}]"
    _base_url = f"http://{shown}:{port}"


def base_url() -> str | None:
    """The server's address for other devices, or ``None`` when not serving over HTTP."""
    return _base_url


def lan_address() -> str:
    """This machine's address on the local network (the interface a packet would leave by);
    the loopback address when there is no network. Nothing is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routable, never answered
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def share_link(info: PackInfo) -> str | None:
    """The link another device opens to get ``info``'s pack, or ``None`` when not serving."""
    if _base_url is None:
        return None
    return f"{_base_url}{SHARE_PREFIX}{info.id}.zip"


def is_loopback_link(link: str) -> bool:
    """True when ``link`` only works on this machine (the server listens on 127.0.0.1)."""
    host = urllib.request.urlparse(link).hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def pack_zip(pack_id: str) -> bytes | None:
    """The library's pack ``pack_id`` as a zip, or ``None`` when there is no such pack."""
    info = pack_library.find_pack(pack_id)
    if info is None:
        return None
    files = read_pack_files(info.path)
    if files.errors:
        return None
    return zip_bytes(files.files)


def add_route(asgi: Any) -> None:
    """Answer ``GET /share/<pack-id>.zip`` on the FastAPI app that serves the Flet app.

    Inserted first: the Flet app is mounted at ``/`` and would otherwise take every path.
    """
    from starlette.responses import Response
    from starlette.routing import Route

    async def download(request: Any) -> Response:
        match = _NAME.match(request.path_params["name"])
        data = pack_zip(match[1]) if match else None
        if data is None:
            return Response("No such lesson pack.\n", status_code=404, media_type="text/plain")
        headers = {"Content-Disposition": f'attachment; filename="{match[1]}.zip"', "Cache-Control": "no-store"}  # type: ignore[index]
        return Response(data, media_type="application/zip", headers=headers)

    asgi.router.routes.insert(0, Route(SHARE_PREFIX + "{name}", download, methods=["GET"]))


def install_from_link(link: str) -> PackInfo:
    """Download the pack at ``link`` (http or https) and install it like a file: the same
    validation, signature and replacement checks, and a size cap while downloading."""
    scheme = urllib.request.urlparse(link.strip()).scheme.lower()
    if scheme not in ("http", "https"):
        raise PackLibraryError("a pack link starts with http:// or https://")
    staging = paths.data_dir() / "uploads"
    staging.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=staging, suffix=".zip", delete=False) as handle:
        download = Path(handle.name)
        try:
            _download(link.strip(), handle)
        except BaseException:
            handle.close()
            download.unlink(missing_ok=True)
            raise
    try:
        return pack_library.install_pack(download)
    finally:
        download.unlink(missing_ok=True)


def _download(link: str, stream: Any) -> None:
    request = urllib.request.Request(link, headers={"User-Agent": "InvestQuest"})
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_DOWNLOAD_BYTES:
                raise PackLibraryError(_too_large())
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                # Counted as it arrives: a server may lie about the length, or send none.
                if size > MAX_DOWNLOAD_BYTES:
                    raise PackLibraryError(_too_large())
                stream.write(chunk)
    except urllib.error.HTTPError as error:
        raise PackLibraryError(f"the link answered {error.code} {error.reason}; nothing was installed") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise PackLibraryError(f"cannot download the pack ({reason}); nothing was installed") from None


def _too_large() -> str:
    return f"the download is larger than {MAX_DOWNLOAD_BYTES // (1024 * 1024)} MB, too large to be a lesson pack; nothing was installed"
