"""A phone's late answer to the server's method call must not cost it its connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgpack
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.browser.harness import AppServer, free_port

REGISTER_CLIENT, UPDATE_CONTROL_PROPS, CONTROL_EVENT, INVOKE_METHOD = 1, 4, 3, 5


@pytest.fixture
def server(tmp_path: Path) -> Iterator[AppServer]:
    app = AppServer(data_dir=tmp_path / "data", port=free_port()).start()
    yield app
    app.stop(log_name="late-answers")


def _send(ws, action: int, body: object) -> None:  # type: ignore[no-untyped-def]
    ws.send(b"\x00" + msgpack.packb([action, body]))


def _next_message(ws) -> list:  # type: ignore[no-untyped-def,type-arg]
    while True:
        frame = ws.recv(timeout=30)
        if isinstance(frame, bytes) and frame[:1] == b"\x00":
            return msgpack.unpackb(frame[1:], strict_map_key=False, ext_hook=lambda _code, data: data)


def test_an_answer_for_a_control_that_is_gone_keeps_the_connection(server: AppServer) -> None:
    with connect(f"ws://127.0.0.1:{server.port}/ws", ping_interval=None) as ws:
        page = {"route": "/", "web": True, "width": 390.0, "height": 844.0, "platform": "android"}
        _send(ws, REGISTER_CLIENT, {"session_id": None, "page_name": "", "page": page})
        assert _next_message(ws)[0] == REGISTER_CLIENT
        # The answer to a call on a control the session released meanwhile (a one-off storage
        # write, a scroll that finished after the screen changed).
        _send(ws, INVOKE_METHOD, {"control_id": 987654, "call_id": "late", "result": True, "error": None})
        # The session still listens: a route change is answered with the new screen.
        _send(ws, UPDATE_CONTROL_PROPS, {"id": 1, "props": {"route": "/welcome"}})
        _send(ws, CONTROL_EVENT, {"target": 1, "name": "route_change", "data": {"route": "/welcome"}})
        try:
            for _ in range(50):
                if _next_message(ws)[0] == 2:  # a patch of the page
                    break
            else:
                raise AssertionError("the server sent no patch after the route change")
        except ConnectionClosed as closed:
            raise AssertionError(f"the server dropped the connection: {closed}") from None
    output = server.stop()
    assert "Control with ID 987654 is not registered" not in output
