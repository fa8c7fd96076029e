"""Building the trading service from the app's other services."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from edu_app.learning import Clock, LearningService, PackCatalog
from edu_app.store import Database
from edu_app.trading.instruments import PriceLibrary
from edu_app.trading.service import TradingService


def trading_service(
    db: Database,
    catalog: PackCatalog,
    learning: LearningService,
    clock: Clock,
    granted: Callable[[int], Iterable[str]] | None = None,
) -> TradingService:
    """The trading service of the app: unlocks and achievements go through ``learning``;
    ``granted(profile_id)`` adds features given without unlocking them (an event's challenge)."""
    from edu_app.paths import cache_dir

    def lesson_route(lesson_id: str) -> str | None:
        for pack in catalog.packs():
            if pack.lesson(lesson_id) is not None:
                return f"/learn/{pack.id}/{lesson_id}"
        return None

    try:
        cache_file = cache_dir() / "prices.sqlite"
    except Exception:  # noqa: BLE001 - no cache dir only means bundled prices only
        cache_file = None
    return TradingService(
        db,
        features=(lambda pid: {*learning.unlocked_features(pid), *granted(pid)}) if granted else learning.unlocked_features,
        lesson_route=lesson_route,
        record_practice=learning.record_practice,
        now=clock.now,
        prices=PriceLibrary(cache_file),
    )
