"""Shared fixtures: the built-in packs (loaded once), a real database per test (SQLite and
PostgreSQL), a profile,
a pinned clock in a chosen zone, and right/wrong responses for any quiz item."""

from __future__ import annotations

from collections import deque
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.pack_library import builtin_packs_dir
from edu_app.services.profiles import ProfileService
from edu_app.store import Database, open_database
from lessons import Item, Pack, load_pack

SHANGHAI = ZoneInfo("Asia/Shanghai")
AF = "anti-fraud-essentials"


def builtin_packs() -> list[Pack]:
    """The built-in packs only (never the packs installed on the machine running the tests)."""
    packs = []
    for path in sorted(builtin_packs_dir().iterdir()):
        if path.is_dir():
            result = load_pack(path)
            assert result.pack is not None, result.errors
            packs.append(result.pack)
    return packs


@pytest.fixture(scope="session")
def catalog() -> PackCatalog:
    loaded = builtin_packs()
    return PackCatalog(loader=lambda: loaded)


@pytest.fixture
def db(tmp_path: Path, store_url: str | None) -> Database:
    """The learner's store: the SQLite file, and a real PostgreSQL database (parametrised)."""
    database = open_database(tmp_path, url=store_url).database
    yield database
    database.close()


@pytest.fixture
def profile_id(db: Database) -> int:
    return ProfileService(db).create("Ann", language="en").id


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), SHANGHAI)


@pytest.fixture
def service(db: Database, catalog: PackCatalog, clock: FixedClock) -> LearningService:
    return LearningService(db, catalog, clock)


def right(item: Item) -> Any:
    """A response that grades as correct."""
    if item.type == "single_choice":
        return next(option.id for option in item.options if option.correct)
    if item.type == "multiple_choice":
        return [option.id for option in item.options if option.correct]
    if item.type == "true_false":
        return item.answer
    if item.type == "numeric":
        return item.answer
    if item.type == "ordering":
        return [entry.id for entry in item.entries]
    if item.type == "red_flags":
        return [segment.id for segment in item.segments if segment.red_flag]
    return _scenario_path(item, lambda ending: ending == "good")


def wrong(item: Item) -> Any:
    """A response that grades as wrong."""
    if item.type == "single_choice":
        return next(option.id for option in item.options if not option.correct)
    if item.type == "multiple_choice":
        return [option.id for option in item.options if not option.correct][:1]
    if item.type == "true_false":
        return not item.answer
    if item.type == "numeric":
        return item.answer + item.tolerance + 1000
    if item.type == "ordering":
        return [entry.id for entry in reversed(item.entries)]
    if item.type == "red_flags":
        return []
    return _scenario_path(item, lambda ending: ending in ("bad", "neutral"))


def _scenario_path(item: Any, wanted: Any) -> list[int]:
    queue: deque[tuple[str, list[int]]] = deque([(item.start, [])])
    while queue:
        state_id, path = queue.popleft()
        state = item.states[state_id]
        if state.ending is not None and wanted(state.ending):
            return path
        queue.extend((choice.goto, [*path, index]) for index, choice in enumerate(state.choices))
    raise AssertionError(f"{item.id}: no such ending")


def answer_lesson(
    service: LearningService,
    catalog: PackCatalog,
    profile_id: int,
    pack_id: str,
    lesson_id: str,
    wrong_ids: set[str] = frozenset(),
) -> None:
    """Answer every item of a lesson (right unless listed) and complete it."""
    pack = catalog.pack(pack_id)
    assert pack is not None
    for item in pack.items_of(lesson_id):
        response = wrong(item) if item.id in wrong_ids else right(item)
        service.record_answer(profile_id, pack_id, lesson_id, item.id, response, 4.0)
    service.complete_lesson(profile_id, pack_id, lesson_id)
