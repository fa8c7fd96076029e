"""Corrections to Flet 1.0.5's web server that a crowded room runs into.

Late answers. The server asks the browser to do things (store a value, scroll, change the address) and the
browser answers later. Flet raises when an answer names a control the session no longer holds,
and that exception ends the receive loop: the whole connection drops and the phone reconnects.
The answer can come late for ordinary reasons: ``ft.SharedPreferences()`` made for one write is
released as soon as the event handler returns, a scroll answers after its 250 ms animation, and
under load the browser's answer queues behind other messages. With many people at once it
happens every few seconds. A late answer is harmless: the call it answers is completed and the
connection stays up.

Unused log text. Before sending a message, the server formats the whole message (a screen's
patch: every control, every property) into a debug log line, and formats it whether or not
debug logging is on. In a room of 150 phones that was 7 % of the server's CPU, spent on text that
is thrown away.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def keep_connections_on_late_answers() -> None:
    """Let the web server accept a browser's answer for a control that is already gone."""
    from flet.messaging.session import Session

    original = Session.handle_invoke_method_results
    if getattr(original, "_tolerates_late_answers", False):
        return

    def handle(self: Session, control_id: int, call_id: str, result: Any, error: str | None) -> None:
        try:
            original(self, control_id, call_id, result, error)
        except RuntimeError:
            # Complete the waiting call as Flet would, so its task does not wait forever.
            calls = getattr(self, "_Session__method_calls", {})
            results = getattr(self, "_Session__method_call_results", None)
            event = calls.pop(call_id, None)
            if event is not None and results is not None:
                results[event] = (result, error)
                event.set()
            logger.debug("late answer for control %s (call %s) accepted", control_id, call_id)

    handle._tolerates_late_answers = True  # type: ignore[attr-defined]
    Session.handle_invoke_method_results = handle  # type: ignore[method-assign]


def skip_unlogged_message_text() -> None:
    """Send messages without formatting them for a debug log that is switched off."""
    import msgpack
    from flet.controls.base_control import BaseControl
    from flet.messaging.protocol import configure_encode_object_for_msgpack
    from flet_web.fastapi import flet_app

    original = flet_app.FletApp.send_message
    if getattr(original, "_formats_only_when_logged", False):
        return
    encode = configure_encode_object_for_msgpack(BaseControl)

    def send_message(self: flet_app.FletApp, message: Any) -> None:
        if flet_app.transport_log.isEnabledFor(logging.DEBUG):
            original(self, message)
            return
        # The same frame as Flet's own: a 0x00 type byte, then the MessagePack body.
        body = msgpack.packb([message.action, message.body], default=encode)
        self._FletApp__send_queue.put_nowait(b"\x00" + body)  # type: ignore[attr-defined]

    send_message._formats_only_when_logged = True  # type: ignore[attr-defined]
    flet_app.FletApp.send_message = send_message  # type: ignore[method-assign]
