"""Migrations cannot half-happen: kill -9 at random points of an upgrade and of a fresh create,
and several processes starting together on old and on empty stores. Afterwards the app opens the
store, every learner is there, and nothing is moved aside. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import random
import signal
from collections.abc import Callable

import pytest

from edu_app.store.migrations import LATEST_VERSION, MIGRATIONS
from tests.store.conftest import (
    NICKNAMES,
    Store,
    assert_intact,
    assert_whole_version,
    build_v2,
    last_json,
    run_child,
    start_together,
)

KILL_TRIALS = 20
RACE_TRIALS = 3


def _kill_points(store: Store, prepare: Callable[[Store], None], new_store: Callable[[], Store]) -> list[int]:
    """KILL_TRIALS statement numbers, drawn from every statement a full open sends."""
    probe = new_store()
    prepare(probe)
    done = run_child(probe, "open")
    assert done.returncode == 0, done.stderr
    total = last_json(done.stdout)["statements"]
    assert total > 5
    rng = random.Random(f"{store.url is None}-{prepare.__name__}-{total}")
    return sorted(rng.choices(range(1, total + 1), k=KILL_TRIALS))


def _no_data(_store: Store) -> None:
    pass


@pytest.mark.parametrize("prepare", [build_v2, _no_data], ids=["upgrade-v2", "fresh-create"])
def test_kill_at_any_point_of_a_migration_leaves_a_whole_version(
    new_store: Callable[[], Store], prepare: Callable[[Store], None]
) -> None:
    stores = [new_store() for _ in range(KILL_TRIALS)]
    points = _kill_points(stores[0], prepare, new_store)
    killed = 0
    for store, point in zip(stores, points, strict=True):
        prepare(store)
        result = run_child(store, "open", str(point))
        if result.returncode == -signal.SIGKILL:
            killed += 1
        else:
            # The last statements read the version after the migration: killed or finished.
            assert result.returncode == 0, result.stderr
        version = assert_whole_version(store)
        assert version in {0} | {migration.version for migration in MIGRATIONS}
        assert_intact(store, NICKNAMES if prepare is build_v2 else ())
    # Most trials must really have been killed mid-way, or this test proves nothing.
    assert killed >= KILL_TRIALS // 2, points


@pytest.mark.parametrize("processes", [2, 3])
@pytest.mark.parametrize("prepare", [build_v2, _no_data], ids=["old-v2", "empty"])
def test_processes_starting_together_all_open_the_same_upgraded_store(
    new_store: Callable[[], Store], prepare: Callable[[Store], None], processes: int
) -> None:
    for _trial in range(RACE_TRIALS):
        store = new_store()
        prepare(store)
        results = start_together([(store, ("race",))] * processes)
        for returncode, out, err in results:
            assert returncode == 0, err
            assert "Traceback" not in err
            opened = last_json(out)
            assert opened == {"version": LATEST_VERSION, "moved": None}
        assert_intact(store, NICKNAMES if prepare is build_v2 else ())
