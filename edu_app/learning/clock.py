"""Where "now" and the learner's calendar day come from.

All timestamps are stored in UTC. Day boundaries (streaks, the daily goal, the calendar) are
computed in a local time zone: ``EDU_APP_TZ`` (an IANA name such as ``Asia/Shanghai``) when set,
else the system's zone. The app has no per-browser zone: in web mode every tab shares the
server's zone, which is why ``EDU_APP_TZ`` exists.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NOW_ENV = "EDU_APP_NOW"
ZONE_ENV = "EDU_APP_TZ"


class Clock(Protocol):
    """A source of the current time. ``zone`` (optional) is the learner's local time zone."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def __init__(self, zone: tzinfo | None = None) -> None:
        self.zone = zone or local_zone()

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that stays where it is put: for tests, demos and screenshots."""

    def __init__(self, now: datetime, zone: tzinfo | None = None) -> None:
        self.zone = zone or local_zone()
        self._now = _aware_utc(now)

    def now(self) -> datetime:
        """The pinned time in UTC."""
        return self._now

    def set(self, now: datetime) -> None:
        """Move the clock to ``now`` (naive datetimes are read in the clock's zone)."""
        self._now = _aware_utc(now if now.tzinfo else now.replace(tzinfo=self.zone))

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta``."""
        self._now += delta


def clock_from_env() -> Clock:
    """A ``FixedClock`` at ``EDU_APP_NOW`` (ISO 8601 with an offset) when set, else ``SystemClock``.

    ``EDU_APP_NOW`` is meant for demos and tests; a value that cannot be read raises ``ValueError``
    so a typo does not silently fall back to the real date.
    """
    pinned = os.environ.get(NOW_ENV)
    if not pinned:
        return SystemClock()
    moment = datetime.fromisoformat(pinned)
    if moment.tzinfo is None:
        raise ValueError(f"{NOW_ENV}={pinned!r} needs a UTC offset, e.g. 2026-11-23T09:00:00+08:00")
    return FixedClock(moment)


def local_zone() -> tzinfo:
    """``EDU_APP_TZ`` if it names a zone, else the system's zone (by name when it can be found)."""
    for name in (os.environ.get(ZONE_ENV), os.environ.get("TZ"), _system_zone_name()):
        if name:
            try:
                return ZoneInfo(name.removeprefix(":"))
            except (ZoneInfoNotFoundError, ValueError):
                continue
    # No zone name anywhere (e.g. Windows without tzdata): the current offset, without DST rules.
    return datetime.now().astimezone().tzinfo or UTC


def zone_of(clock: Clock) -> tzinfo:
    """The clock's zone, or the process's local zone for a clock that has none."""
    zone = getattr(clock, "zone", None)
    return zone if isinstance(zone, tzinfo) else local_zone()


def zone_name(zone: tzinfo) -> str:
    """A stable name for a zone, recorded with derived state so a zone change triggers a rebuild."""
    return str(getattr(zone, "key", None) or zone.tzname(datetime(2000, 1, 1)) or zone)


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The learner's calendar date at ``moment``."""
    return moment.astimezone(zone).date()


def day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants at which local ``day`` starts and the next day starts."""
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def _system_zone_name() -> str | None:
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return None
    parts = Path(target).parts
    return "/".join(parts[parts.index("zoneinfo") + 1 :]) if "zoneinfo" in parts else None


def _aware_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("the clock needs a timezone-aware datetime")
    return moment.astimezone(UTC)
