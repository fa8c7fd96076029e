"""Starting the app: a desktop window where a Flet desktop client exists, else a web server."""

from __future__ import annotations

import gc
import logging
import os
import platform
import socket
import sys
import webbrowser
from pathlib import Path

from edu_app import paths

DEFAULT_HOST = "127.0.0.1"


def desktop_client_available() -> bool:
    """True when a desktop window can open without downloading anything.

    Flet ships its desktop client inside the wheel on Windows and macOS; on Linux it downloads the
    client on first use, which an offline machine (or a privacy-minded learner) cannot do, and a
    window needs a display.
    """
    if platform.system() != "Linux":
        return True
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    from flet_desktop.version import version as desktop_version

    client_root = Path.home() / ".flet" / "client"
    return any(client_root.glob(f"flet-desktop-*-{desktop_version}*"))


def _app_context(preview=None):  # type: ignore[no-untyped-def]
    from edu_app.ui.context import AppContext

    return AppContext.open(paths.data_dir(), preview=preview)


def _terminal_language() -> str:
    from edu_app.i18n import language_from_locale

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return language_from_locale(os.environ[name].split(".")[0])
    return "en"


def _store_problem(error: Exception) -> int:
    """Say why the database cannot be opened (it is left untouched) and end start-up."""
    print(f"edu-app: {error.message(_terminal_language())}", file=sys.stderr)  # type: ignore[attr-defined]
    return 3


def serve_web(main, host: str, port: int, open_browser: bool = False, path: str = "", on_ready=None,  # type: ignore[no-untyped-def]
              host_key: str | None = None, listener: socket.socket | None = None, announce: bool = True) -> int:
    """Serve ``main`` over HTTP, fully offline (CanvasKit and fonts from the local flet-web).

    ``on_ready`` runs once the server accepts connections (work that can wait until then).
    ``host_key``: printed as the host link (and opened, when this opens the browser itself); only
    a browser that opened it may list profiles and change the installed packs.
    ``listener``: a socket already listening on ``host:port`` (one of several processes serving
    the port); ``announce=False`` prints nothing (the first process already did).
    """
    from edu_app.services.host_key import host_link

    import uvicorn
    from flet_web.fastapi.serve_fastapi_web_app import get_fastapi_web_app

    asgi = get_fastapi_web_app(
        main=main,
        before_main=None,
        page_name="",
        assets_dir=str(paths.assets_dir()),
        upload_dir=str(paths.data_dir() / "uploads"),
        no_cdn=True,
    )
    from edu_app import pack_share
    from edu_app.ui.flet_fixes import keep_connections_on_late_answers, skip_unlogged_message_text

    keep_connections_on_late_answers()
    skip_unlogged_message_text()
    _collect_garbage_in_larger_batches()
    # Packs offered by QR code in the Library are downloaded from this same server.
    pack_share.add_route(asgi)
    pack_share.set_base_url(host, port)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown_host}:{port}{path}"
    own_link = host_link(url, host_key) if host_key else url

    class _Server(uvicorn.Server):
        async def startup(self, sockets=None):  # type: ignore[no-untyped-def]
            await super().startup(sockets)
            if announce:
                print(f"Invest Quest is running at {url}", flush=True)
                if host_key:
                    print(f"Host link (keep it to yourself; a browser that opens it can see every profile and "
                          f"install lesson packs): {own_link}", flush=True)
                if host in ("0.0.0.0", "::"):
                    print("Devices on the local network can open it at this computer's address, port "
                          f"{port}.", flush=True)
            if open_browser:
                webbrowser.open(own_link)
            if on_ready is not None:
                on_ready()

    for name in ("uvicorn.error", "flet_web.fastapi"):
        logging.getLogger(name).addFilter(_ignore_client_disconnects)
    problem = None if listener is not None else cannot_bind(host, port)
    if problem:
        print(f"edu-app: cannot serve on {host}:{port}: {problem}. Choose another port with --port.",
              file=sys.stderr)
        return 2
    config = uvicorn.Config(_deliver_static(asgi), host=host, port=port, log_level="warning", ws_ping_interval=None)
    _Server(config).run(sockets=[listener] if listener is not None else None)
    return 0


def _collect_garbage_in_larger_batches() -> None:
    """Tune Python's cycle collector for a server that holds many sessions.

    Every screen a learner opens makes thousands of short-lived objects, and with Python's default
    thresholds the collector soon walks every object of every open session in one go, holding
    every tap meanwhile: with 150 phones that was a 0.3 s stop every six seconds. Young objects
    are collected in larger batches here, and a full walk is left for much later (it still runs;
    memory stays bounded). ``AppContext.warm_up`` also moves what lives as long as the server
    (packs, price series, the framework) out of the collector's sight once it is loaded.
    """
    gc.set_threshold(10_000, 20, 100)


def _deliver_static(asgi):  # type: ignore[no-untyped-def]
    """``asgi`` with its static files compressed and revalidated (a room of phones shares one Wi-Fi)."""
    from edu_app.ui.static_delivery import StaticDelivery, compression_enabled

    if not compression_enabled():
        return asgi
    try:
        folder: Path | None = paths.cache_dir() / "web-compressed"
    except paths.DataDirError:
        folder = None  # compressed copies then live in memory only, made again after a restart
    return StaticDelivery(asgi, folder)


def _ignore_client_disconnects(record: logging.LogRecord) -> bool:
    """Drop the server's error log for a browser tab that closed or reloaded mid-update: that is
    how web sessions end, not a fault."""
    error = record.exc_info[1] if record.exc_info else None
    return type(error).__name__ not in {"WebSocketDisconnect", "WebSocketDisconnected", "ClientDisconnected"}


def cannot_bind(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be served (port taken, address not on this machine), or None."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        return f"unknown address ({error.strerror})"
    family, _type, _proto, _name, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            return error.strerror or str(error)
    return None


def launch(web: bool = False, host: str | None = None, port: int = 8550) -> int:
    """Run the app: web mode when asked (or when no desktop client is available), else a window."""
    from edu_app.store.errors import StoreOpenError
    from edu_app.ui.app import make_main

    try:
        app = _app_context()
    except StoreOpenError as error:
        return _store_problem(error)
    main = make_main(app)
    if web or not desktop_client_available():
        if not web:
            print("No desktop window is available here; serving the app to your browser instead.")
        return serve_web(
            main, host or DEFAULT_HOST, port, open_browser=not web, on_ready=app.warm_up, host_key=app.host_key
        )
    import flet as ft

    app.warm_up()
    ft.run(main, view=ft.AppView.FLET_APP, assets_dir=str(paths.assets_dir()))
    return 0


def run_packaged() -> None:
    """Run inside a ``flet build`` package: the platform chooses the window, Flet the data dir."""
    import flet as ft

    from edu_app.store.errors import StoreOpenError
    from edu_app.ui.app import make_main

    try:
        app = _app_context()
    except StoreOpenError as error:
        # No terminal on a phone: show the message (both languages) and nothing else.
        def problem(page: ft.Page) -> None:
            page.add(ft.SafeArea(ft.Column([ft.Text(error.message("zh-CN")), ft.Text(error.message("en"))])))

        ft.run(problem)
        return
    app.warm_up()
    ft.run(make_main(app), assets_dir=str(paths.assets_dir()))


def launch_preview(pack_dir: Path, web: bool = False, host: str | None = None, port: int = 8550) -> int:
    """``edu-app pack preview``: open the app on ``pack_dir`` and reload it on every change.

    The preview keeps its own throw-away data dir, so trying a pack out never touches a learner's
    real progress.
    """
    import tempfile

    from edu_app.ui.app import make_main
    from edu_app.ui.preview import PackPreview

    if not (pack_dir / "pack.yaml").is_file():
        print(f"edu-app: {pack_dir} has no pack.yaml; give the folder of a lesson pack "
              "(create one with: edu-app pack new DIR)", file=sys.stderr)
        return 2
    preview = PackPreview(pack_dir)
    with tempfile.TemporaryDirectory(prefix="invest-quest-preview-") as scratch:
        paths.set_data_dir(scratch)
        app = _app_context(preview)
        main = make_main(app)
        preview.watch_in_background()
        print(f"Previewing {preview.pack_dir}: the app reloads the pack whenever a file changes.")
        try:
            if web or not desktop_client_available():
                return serve_web(
                    main, host or DEFAULT_HOST, port, open_browser=not web, path="/preview", on_ready=app.warm_up,
                    host_key=app.host_key,
                )
            import flet as ft

            app.warm_up()
            ft.run(main, view=ft.AppView.FLET_APP, assets_dir=str(paths.assets_dir()))
            return 0
        finally:
            preview.stop()
