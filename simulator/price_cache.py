"""A local SQLite cache of downloaded daily prices, readable offline.

Besides the bars it remembers which date ranges were asked for and answered (``coverage``), so a
later request downloads only the missing pieces and a gap in the bars (a holiday, a suspension)
is not mistaken for missing data. Writes happen in one transaction: a failed download never
leaves half a range behind.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar

from simulator.price_errors import PriceNotice
from simulator.series import InstrumentKind, PriceSeries

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS bars (
    symbol TEXT NOT NULL,
    date TEXT NOT NULL,
    open REAL NOT NULL,
    high REAL NOT NULL,
    low REAL NOT NULL,
    close REAL NOT NULL,
    volume REAL NOT NULL,
    PRIMARY KEY (symbol, date)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS coverage (
    symbol TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    PRIMARY KEY (symbol, start)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS instruments (
    symbol TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    currency TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class CachedSeriesInfo:
    """What the cache holds for one symbol."""

    symbol: str
    name: str
    first: date
    last: date
    rows: int
    coverage: tuple[tuple[date, date], ...]
    updated_at: str


def merge_ranges(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Union of closed date ranges; ranges that touch (end + 1 day = start) are joined."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract_ranges(
    wanted: tuple[date, date], covered: list[tuple[date, date]]
) -> list[tuple[date, date]]:
    """Parts of ``wanted`` outside every range in ``covered``."""
    start, end = wanted
    missing = []
    for covered_start, covered_end in merge_ranges(covered):
        if covered_end < start or covered_start > end:
            continue
        if covered_start > start:
            missing.append((start, covered_start - timedelta(days=1)))
        start = max(start, covered_end + timedelta(days=1))
    if start <= end:
        missing.append((start, end))
    return missing


# What a damaged cache raises while it is read: SQLite's own errors (not a database, malformed,
# missing tables or columns) and stored values that do not parse (a date that is not ISO, an
# unknown instrument kind, a NULL or impossible price).
_DAMAGE = (sqlite3.DatabaseError, ValueError, TypeError)
_COLUMNS = {
    "bars": ["symbol", "date", "open", "high", "low", "close", "volume"],
    "coverage": ["symbol", "start", "end"],
    "instruments": ["symbol", "name", "kind", "currency", "updated_at"],
}
_T = TypeVar("_T")


class PriceCache:
    """The cache file at ``path`` (created with its folder on first write).

    It only holds what can be downloaded again, so a damaged file never takes the app down:
    reads treat it as empty, and it is moved aside (kept for inspection) so that the next
    download starts a fresh one. ``notices`` tells the learner when that happened.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.notices: list[PriceNotice] = []

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and not self.path.is_file():
            raise sqlite3.DatabaseError("it is not a file")
        connection = self._open()
        with closing(connection):
            yield connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                with connection:
                    connection.executescript(_SCHEMA)
                    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"unknown cache version {version}")
            for table, columns in _COLUMNS.items():
                found = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
                if found != columns:
                    raise sqlite3.DatabaseError(f"table {table} has columns {found}, not {columns}")
        except BaseException:
            connection.close()
            raise
        return connection

    def _set_aside(self, error: Exception) -> bool:
        """Move a damaged cache (and its journal files) aside; false when it cannot be moved."""
        if self.path.exists() and not self.path.is_file():
            self.notices.append(PriceNotice("cache_ignored", {"path": str(self.path), "reason": str(error)}))
            return False
        backup = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
        try:
            self.path.replace(backup)
            # The damaged file's write-ahead log must not be replayed into the fresh cache.
            for suffix in ("-wal", "-shm"):
                journal = self.path.with_name(self.path.name + suffix)
                if journal.exists():
                    journal.replace(backup.with_name(backup.name + suffix))
        except OSError as move_error:
            reason = f"{error}; it could not be moved aside: {move_error.strerror or move_error}"
            self.notices.append(PriceNotice("cache_ignored", {"path": str(self.path), "reason": reason}))
            return False
        self.notices.append(PriceNotice("cache_unreadable", {"path": str(self.path), "backup": str(backup)}))
        return True

    def _read(self, read: Callable[[sqlite3.Connection], _T], empty: _T) -> _T:
        """``read`` on the cache; ``empty`` when there is none or it is damaged (then set aside)."""
        if not self.exists():
            return empty
        try:
            with self._connection() as connection:
                return read(connection)
        except _DAMAGE as error:
            self._set_aside(error)
            return empty

    def exists(self) -> bool:
        """Whether a cache file is present (listing never creates one)."""
        return self.path.exists()

    def store(self, series: PriceSeries, requested: tuple[date, date]) -> int:
        """Save ``series`` and record ``requested`` as answered; returns the bars written.

        A damaged cache is set aside and a fresh one written; raises ``OSError`` when the damaged
        one cannot be moved or the fresh one cannot be written.
        """
        try:
            return self._store(series, requested)
        except _DAMAGE as error:
            if not self._set_aside(error):
                raise OSError(f"the price cache {self.path} is damaged ({error}) and cannot be replaced") from None
        try:
            return self._store(series, requested)
        except _DAMAGE as error:
            raise OSError(f"the price cache {self.path} cannot be written ({error})") from None

    def _store(self, series: PriceSeries, requested: tuple[date, date]) -> int:
        rows = list(
            zip(
                [series.symbol] * len(series),
                [day.isoformat() for day in series.dates],
                series.open, series.high, series.low, series.close, series.volume,
            )
        )
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._connection() as connection, connection:
            connection.executemany(
                "INSERT OR REPLACE INTO bars VALUES (?, ?, ?, ?, ?, ?, ?)", rows
            )
            ranges = self._coverage(connection, series.symbol) + [requested]
            connection.execute("DELETE FROM coverage WHERE symbol = ?", (series.symbol,))
            connection.executemany(
                "INSERT INTO coverage VALUES (?, ?, ?)",
                [(series.symbol, start.isoformat(), end.isoformat()) for start, end in merge_ranges(ranges)],
            )
            connection.execute(
                "INSERT OR REPLACE INTO instruments VALUES (?, ?, ?, ?, ?)",
                (series.symbol, series.name, series.kind.value, series.currency, now),
            )
        return len(rows)

    @staticmethod
    def _coverage(connection: sqlite3.Connection, symbol: str) -> list[tuple[date, date]]:
        rows = connection.execute(
            "SELECT start, end FROM coverage WHERE symbol = ? ORDER BY start", (symbol,)
        ).fetchall()
        return [(date.fromisoformat(start), date.fromisoformat(end)) for start, end in rows]

    def coverage(self, symbol: str) -> list[tuple[date, date]]:
        """Date ranges already answered for ``symbol``."""
        return self._read(lambda connection: self._coverage(connection, symbol), [])

    def missing_ranges(self, symbol: str, start: date, end: date) -> list[tuple[date, date]]:
        """Parts of [start, end] never fetched for ``symbol``."""
        return subtract_ranges((start, end), self.coverage(symbol))

    def load(self, symbol: str, start: date | None = None, end: date | None = None) -> PriceSeries | None:
        """Cached bars of ``symbol`` within [start, end], or None if there are none."""
        return self._read(lambda connection: self._load(connection, symbol, start, end), None)

    @staticmethod
    def _load(connection: sqlite3.Connection, symbol: str, start: date | None, end: date | None) -> PriceSeries | None:
        meta = connection.execute(
            "SELECT name, kind, currency FROM instruments WHERE symbol = ?", (symbol,)
        ).fetchone()
        if meta is None:
            return None
        rows = connection.execute(
            "SELECT date, open, high, low, close, volume FROM bars WHERE symbol = ? "
            "AND date >= ? AND date <= ? ORDER BY date",
            (symbol, (start or date.min).isoformat(), (end or date.max).isoformat()),
        ).fetchall()
        if not rows:
            return None
        columns = list(zip(*rows))
        if not all(isinstance(value, float | int) for column in columns[1:] for value in column):
            raise ValueError(f"the cached bars of {symbol} hold values that are not numbers")
        return PriceSeries(
            symbol=symbol,
            name=meta[0],
            kind=InstrumentKind(meta[1]),
            dates=tuple(date.fromisoformat(day) for day in columns[0]),
            open=columns[1],
            high=columns[2],
            low=columns[3],
            close=columns[4],
            volume=columns[5],
            currency=meta[2],
            source="cache",
        )

    def list_series(self) -> list[CachedSeriesInfo]:
        """One entry per cached symbol."""
        return self._read(self._list_series, [])

    def _list_series(self, connection: sqlite3.Connection) -> list[CachedSeriesInfo]:
        rows = connection.execute(
            "SELECT i.symbol, i.name, min(b.date), max(b.date), count(b.date), i.updated_at "
            "FROM instruments i JOIN bars b ON b.symbol = i.symbol "
            "GROUP BY i.symbol ORDER BY i.symbol"
        ).fetchall()
        return [
            CachedSeriesInfo(
                symbol, name, date.fromisoformat(first), date.fromisoformat(last), count,
                tuple(self._coverage(connection, symbol)), updated,
            )
            for symbol, name, first, last, count, updated in rows
        ]
