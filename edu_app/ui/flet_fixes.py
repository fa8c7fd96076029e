"""A correction to Flet 1.0.5's web server that a crowded room runs into.

The server asks the browser to do things (store a value, scroll, change the address) and the
browser answers later. Flet raises when an answer names a control the session no longer holds,
and that exception ends the receive loop: the whole connection drops and the phone reconnects.
The answer can come late for ordinary reasons: ``ft.SharedPreferences()`` made for one write is
released as soon as the event handler returns, a scroll answers after its 250 ms animation, and
under load the browser's answer queues behind other messages. With many people at once it
happens every few seconds. A late answer is harmless: the call it answers is completed and the
connection stays up.
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
