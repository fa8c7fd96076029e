"""A price cache with bad contents is set aside and rebuilt, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from simulator.price_cache import PriceCache
from tests.simulator.builders import closes_series

ROOT = Path(__file__).resolve().parents[2]


def filled(path: Path, bars: int = 50) -> PriceCache:
    cache = PriceCache(path)
    series = closes_series([10.0 + (i % 7) for i in range(bars)], symbol="ACME")
    cache.store(series, (series.first_date, series.last_date))
    return cache


def sql(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def truncate(path: Path) -> None:
    sql(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size // 3)


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(3000))


DAMAGE = {
    "garbage bytes": garbage,
    "truncated file": truncate,
    "wrong columns": lambda p: sql(p, "DROP TABLE bars", "CREATE TABLE bars (symbol TEXT, price REAL)"),
    "missing table": lambda p: sql(p, "DROP TABLE coverage"),
    "date that is not a date": lambda p: sql(p, "UPDATE bars SET date = 'yesterday' WHERE date = (SELECT min(date) FROM bars)"),
    "text where a price goes": lambda p: sql(p, "UPDATE bars SET close = 'cheap'"),
    "unknown instrument kind": lambda p: sql(p, "UPDATE instruments SET kind = 'moon'"),
    "coverage that is not a date": lambda p: sql(p, "UPDATE coverage SET start = '2020-13-45'"),
    "newer schema version": lambda p: sql(p, "PRAGMA user_version = 99"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_cache_reads_as_empty_is_set_aside_and_rebuilt(tmp_path, damage):
    path = tmp_path / "prices.sqlite"
    filled(path, bars=2000 if damage == "truncated file" else 50)
    DAMAGE[damage](path)

    cache = PriceCache(path)
    cache.coverage("ACME"), cache.load("ACME"), cache.list_series()  # each read may meet the damage
    assert cache.load("ACME") is None and cache.list_series() == [] and cache.coverage("ACME") == []
    assert [n.code for n in cache.notices] == ["cache_unreadable"]
    assert "moved aside" in cache.notices[0].message("en")
    assert len(list(tmp_path.glob("prices.sqlite.damaged-*"))) == 1

    rebuilt = filled(path)
    assert rebuilt.load("ACME") is not None and [info.symbol for info in rebuilt.list_series()] == ["ACME"]


def test_damage_found_on_write_is_set_aside_and_the_write_lands(tmp_path):
    path = tmp_path / "prices.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    cache = filled(path)
    assert cache.load("ACME") is not None
    assert [n.code for n in cache.notices] == ["cache_unreadable"]


def test_a_folder_where_the_cache_file_goes_is_left_alone(tmp_path):
    path = tmp_path / "prices.sqlite"
    path.mkdir()
    cache = PriceCache(path)
    assert cache.load("ACME") is None and cache.list_series() == []
    assert {n.code for n in cache.notices} == {"cache_ignored"}
    assert "cannot be used (it is not a file)" in cache.notices[0].message("en")
    with pytest.raises(OSError, match="is damaged .* and cannot be replaced"):
        filled(path)
    assert path.is_dir()


def test_commands_on_a_damaged_cache_give_messages_not_tracebacks(tmp_path):
    data = tmp_path / "data"
    cache = data / "cache" / "prices.sqlite"
    cache.parent.mkdir(parents=True)
    from simulator.price_service import CACHE_FILENAME

    cache = cache.with_name(CACHE_FILENAME)
    filled(cache)
    sql(cache, "UPDATE bars SET date = 'day ' || date")
    env = {**os.environ, "EDU_APP_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    listing = subprocess.run([sys.executable, "-m", "edu_app", "prices", "list"], capture_output=True,
                             text=True, timeout=60, env=env, cwd=ROOT)
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    assert "none yet" in listing.stdout
    filled(cache)
    sql(cache, "UPDATE instruments SET kind = 'moon'")
    run = subprocess.run([sys.executable, "-m", "edu_app", "sim", "run", "--symbol", "ACME"], capture_output=True,
                         text=True, timeout=60, env=env, cwd=ROOT)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("edu-app: No prices for ACME")
