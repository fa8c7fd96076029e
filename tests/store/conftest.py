"""Store test helpers: fresh stores on either backend, old-schema builders, child processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from edu_app.learning import PackCatalog
from edu_app.services.profiles import ProfileService
from edu_app.store import open_database
from edu_app.store.database import DB_FILENAME
from edu_app.store.migrations import LATEST_VERSION, current_version, migrate
from tests.learning.conftest import builtin_packs

ROOT = Path(__file__).resolve().parents[2]
NICKNAMES = ("Ann", "小明", "Bob")
# Generous: a child that has not finished by then is stuck, not slow.
HANG_GUARD_S = 180


@dataclass
class Store:
    """One store: a data dir, plus a PostgreSQL URL when testing that backend."""

    data_dir: Path
    url: str | None

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    def engine(self):  # type: ignore[no-untyped-def]
        """A plain engine on the store, as the first releases opened it."""
        return create_engine(self.url or f"sqlite:///{self.data_dir / DB_FILENAME}")


@pytest.fixture
def new_store(tmp_path: Path, store_url: str | None, request: pytest.FixtureRequest) -> Callable[[], Store]:
    """Make as many empty stores as a test needs, on the parametrised backend."""
    counter = iter(range(1_000_000))

    def make() -> Store:
        data_dir = tmp_path / f"store{next(counter)}"
        data_dir.mkdir()
        url = None
        if store_url is not None:
            url = request.getfixturevalue("postgres_cluster").new_database()
        return Store(data_dir, url)

    return make


def build_v2(store: Store) -> None:
    """A database as release 2 left it (profiles only, WAL mode on SQLite), with three learners."""
    engine = store.engine()
    if store.url is None:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    with engine.begin() as conn:
        migrate(conn, target=2)
        for index, nickname in enumerate(NICKNAMES):
            conn.execute(
                text(
                    "INSERT INTO profile (nickname, nickname_key, language, theme, created_at)"
                    " VALUES (:n, :k, 'en', 'system', :at)"
                ),
                {"n": nickname, "k": nickname.casefold(), "at": f"2026-0{index + 1}-01 00:00:00+00:00"},
            )
    engine.dispose()


def assert_whole_version(store: Store) -> int:
    """The schema is exactly one version's, never part of a step; returns the version."""
    engine = store.engine()
    try:
        with engine.connect() as conn:
            version = current_version(conn)
            inspector = inspect(conn)
            tables = set(inspector.get_table_names())
            assert ("profile" in tables) == (version >= 1), (version, tables)
            assert ("answer" in tables) == (version >= 3), (version, tables)
            if "learner_stats" in tables:
                columns = {c["name"] for c in inspector.get_columns("learner_stats")}
                assert ("history_stamp" in columns) == (version >= 6), (version, columns)
    finally:
        engine.dispose()
    return version


def assert_intact(store: Store, nicknames: tuple[str, ...]) -> None:
    """The app opens the store at the latest version, moves nothing aside, and every learner is there."""
    opened = open_database(store.data_dir, url=store.url)
    try:
        assert opened.moved_aside is None
        with opened.database.engine.connect() as conn:
            assert current_version(conn) == LATEST_VERSION
        assert sorted(p.nickname for p in ProfileService(opened.database).list()) == sorted(nicknames)
    finally:
        opened.database.close()
    assert not list(store.data_dir.glob("*.corrupt-*"))


def run_child(store: Store, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``tests.store.child`` to the end (or its own kill)."""
    return subprocess.run(
        [sys.executable, "-m", "tests.store.child", args[0], str(store.data_dir), *args[1:]],
        cwd=ROOT, env=store.env, capture_output=True, text=True, timeout=HANG_GUARD_S,
    )


def start_together(stores_and_args: list[tuple[Store, tuple[str, ...]]]) -> list[tuple[int, str, str]]:
    """Start children that print ``ready``, release them at once, return (rc, stdout, stderr) each."""
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.child", args[0], str(store.data_dir), *args[1:]],
            cwd=ROOT, env=store.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        for store, args in stores_and_args
    ]
    try:
        for child in children:
            line = child.stdout.readline()  # type: ignore[union-attr]
            assert line.strip() == "ready", (line, child.stderr.read() if child.poll() is not None else "")  # type: ignore[union-attr]
        for child in children:
            child.stdin.write("go\n")  # type: ignore[union-attr]
            child.stdin.flush()  # type: ignore[union-attr]
        results = []
        for child in children:
            out, err = child.communicate(timeout=HANG_GUARD_S)
            results.append((child.returncode, out, err))
        return results
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


def last_json(stdout: str) -> dict:
    """The JSON line a child printed last."""
    return json.loads(stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def catalog() -> PackCatalog:
    """The built-in packs only, loaded once."""
    loaded = builtin_packs()
    return PackCatalog(loader=lambda: loaded)
