"""A real database, the built-in packs, a learning service and a trading service per test."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.services.profiles import ProfileService
from edu_app.store import Database, open_database
from edu_app.store.models import UnlockedFeature
from edu_app.trading import TradingService
from edu_app.trading.wiring import trading_service
from simulator.features import ALL_FEATURES
from tests.learning.conftest import builtin_packs

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="session")
def catalog() -> PackCatalog:
    loaded = builtin_packs()
    return PackCatalog(loader=lambda: loaded)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path).database
    yield database
    database.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), SHANGHAI)


@pytest.fixture
def learning(db: Database, catalog: PackCatalog, clock: FixedClock) -> LearningService:
    return LearningService(db, catalog, clock)


@pytest.fixture
def trading(db: Database, catalog: PackCatalog, learning: LearningService, clock: FixedClock) -> TradingService:
    return trading_service(db, catalog, learning, clock)


def unlock(db: Database, profile_id: int, features: set[str] | frozenset[str] = ALL_FEATURES | {"simulator"}) -> None:
    """Mark features unlocked directly (the unlock rules themselves are tested in tests/learning)."""
    with db.transaction() as session:
        for feature in features:
            session.add(UnlockedFeature(profile_id=profile_id, feature=feature, unlocked_at=datetime(2026, 1, 1, tzinfo=SHANGHAI)))


@pytest.fixture
def profile_id(db: Database) -> int:
    return ProfileService(db).create("Trader", language="en").id


@pytest.fixture
def unlocked_id(db: Database, profile_id: int) -> int:
    unlock(db, profile_id)
    return profile_id
