"""The web server sends each screen without first writing it out as log text nobody reads."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import msgpack
import pytest
from flet.messaging.protocol import Message, MessageAction
from flet_web.fastapi.flet_app import FletApp

from edu_app.ui.flet_fixes import skip_unlogged_message_text


@dataclass
class Patch:
    """A message body that counts how often it was turned into text."""

    texts: list[str]
    value: int = 7

    def __repr__(self) -> str:
        self.texts.append("repr")
        return "Patch(...)"


def _app_with_queue() -> tuple[FletApp, asyncio.Queue[bytes]]:
    app = object.__new__(FletApp)
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    app._FletApp__send_queue = queue  # type: ignore[attr-defined]
    return app, queue


def test_a_message_is_sent_without_being_formatted_when_debug_logging_is_off() -> None:
    skip_unlogged_message_text()
    logging.getLogger("flet_transport").setLevel(logging.WARNING)
    app, queue = _app_with_queue()
    texts: list[str] = []

    app.send_message(Message(MessageAction.PATCH_CONTROL, Patch(texts)))

    assert texts == []
    frame = queue.get_nowait()
    assert frame[:1] == b"\x00"
    action, body = msgpack.unpackb(frame[1:])
    assert action == MessageAction.PATCH_CONTROL.value
    assert body["value"] == 7


def test_debug_logging_still_shows_every_message(caplog: pytest.LogCaptureFixture) -> None:
    skip_unlogged_message_text()
    app, queue = _app_with_queue()
    texts: list[str] = []

    with caplog.at_level(logging.DEBUG, logger="flet_transport"):
        app.send_message(Message(MessageAction.PATCH_CONTROL, Patch(texts)))

    assert texts == ["repr"]
    assert "send_message" in caplog.text
    assert queue.qsize() == 1
