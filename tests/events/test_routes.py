"""The event URLs."""

from __future__ import annotations

import pytest

from edu_app.ui.routes import parse


@pytest.mark.parametrize(
    ("url", "name", "params"),
    [
        ("/event", "event_join", {}),
        ("/event/AbC_12-xyz", "event_join", {"code": "AbC_12-xyz"}),
        ("/event/AbC/screen?organiser=t", "event_screen", {"code": "AbC"}),
        ("/event/AbC/organise", "event_organise", {"code": "AbC"}),
        ("/event/AbC/test/pre", "event_test", {"code": "AbC", "phase": "pre"}),
        ("/event/AbC/test/post", "event_test", {"code": "AbC", "phase": "post"}),
        ("/event/AbC/summary", "event_summary", {"code": "AbC"}),
        ("/event/AbC/test/live", "not_found", None),
    ],
)
def test_event_routes(url: str, name: str, params: dict[str, str] | None) -> None:
    route = parse(url)
    assert route.name == name
    if params is not None:
        assert route.params == params
