"""The capacity benchmark still drives the app: two learners join an event with its PIN and go
through the whole script."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_event_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("load_event", ROOT / "benchmarks" / "load_event.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_event"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _run_in_own_thread(main, args: list[str]) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Run the generator on a thread of its own: it starts its own asyncio loop, and a test worker's
    main thread may already hold one (Playwright's, from a browser test run earlier)."""
    result: dict = {}  # type: ignore[type-arg]
    worker = threading.Thread(target=lambda: result.update(figures=main(args)))
    worker.start()
    worker.join()
    assert "figures" in result, "the load generator failed; its error is printed above"
    return result["figures"]


def test_two_learners_answer_the_quiz_and_trade_over_the_protocol_without_errors() -> None:
    figures = _run_in_own_thread(
        _load_event_module().main, ["-n", "2", "--think", "0.05", "0.1", "--ramp", "0.2", "--duration", "90"]
    )
    assert figures["joined_with_pin"] is True
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["finished"] == 2
    assert figures["sessions_held"] == 2
    # Seven quiz answers and a buy and a sell each, every one answered by a patch from the server.
    assert figures["answers"] == 14
    assert figures["trades"] == 4
    assert figures["server_rss_peak_mb"] > 0
