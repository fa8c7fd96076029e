"""Only real damage is moved aside. A database from a newer app, a read-only data dir or file,
and a lock that outlasts the wait are refused with a plain message (and a non-zero exit from the
app's start), and the file stays exactly where and as it was."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from edu_app.services.profiles import ProfileService
from edu_app.store import StoreOpenError, open_database
from edu_app.store import database as store_database
from edu_app.store.database import DB_FILENAME
from tests.store.conftest import HANG_GUARD_S, ROOT

EDU_APP = [sys.executable, "-m", "edu_app"]


def _database_with_a_learner(data_dir: Path) -> bytes:
    opened = open_database(data_dir)
    ProfileService(opened.database).create("Ann")
    opened.database.close()
    _sql(data_dir, "PRAGMA wal_checkpoint(TRUNCATE)")
    return (data_dir / DB_FILENAME).read_bytes()


def _sql(data_dir: Path, *statements: str) -> None:
    """Run statements in autocommit and close the connection (so no lock or WAL is left)."""
    conn = sqlite3.connect(data_dir / DB_FILENAME, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _assert_untouched(data_dir: Path, content: bytes) -> None:
    assert (data_dir / DB_FILENAME).read_bytes() == content
    assert not list(data_dir.glob("*.corrupt-*"))


def _start_app(data_dir: Path, *prefix: str) -> subprocess.CompletedProcess[str]:
    """Start the app as a learner would (web mode on a free port); it must end by itself."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return subprocess.run(
        [*prefix, *EDU_APP, "--web", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=HANG_GUARD_S, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )


def test_the_app_refuses_a_database_from_a_newer_version_and_says_to_update(tmp_path: Path) -> None:
    _database_with_a_learner(tmp_path)
    _sql(tmp_path, "UPDATE schema_info SET version = 42", "PRAGMA wal_checkpoint(TRUNCATE)")
    content = (tmp_path / DB_FILENAME).read_bytes()
    started = _start_app(tmp_path)
    assert started.returncode == 3
    assert "Traceback" not in started.stderr
    assert "version 42" in started.stderr and "Update Invest Quest" in started.stderr
    _assert_untouched(tmp_path, content)


def _read_only_mount_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(not _read_only_mount_works(), reason="needs unshare -m (a private mount namespace)")


def _read_only(path: Path) -> list[str]:
    """A command prefix that runs the rest with ``path`` bind-mounted read-only (a real EROFS)."""
    script = f'mount --bind "{path}" "{path}" && mount -o remount,bind,ro "{path}" && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh"]


@needs_mount
@pytest.mark.parametrize("what", ["data-dir", "database-file"])
def test_a_read_only_store_is_refused_plainly_and_never_moved(tmp_path: Path, what: str) -> None:
    content = _database_with_a_learner(tmp_path)
    target = tmp_path if what == "data-dir" else tmp_path / DB_FILENAME
    opened = subprocess.run(
        [*_read_only(target), sys.executable, "-c",
         "import sys; from pathlib import Path; from edu_app.store import StoreOpenError, open_database\n"
         "try:\n    open_database(Path(sys.argv[1]))\nexcept StoreOpenError as e:\n"
         "    print(e.code); print(e.message('en')); print(e.message('zh-CN'))\n",
         str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=HANG_GUARD_S,
    )
    assert opened.returncode == 0, opened.stderr
    code, english, chinese = opened.stdout.strip().splitlines()
    assert code == "read-only"
    assert "read-only" in english and "只读" in chinese
    started = _start_app(tmp_path, *_read_only(target))
    assert started.returncode != 0
    assert "Traceback" not in started.stderr and started.stderr.strip()
    _assert_untouched(tmp_path, content)


def test_a_lock_that_outlasts_the_wait_is_not_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A database in rollback-journal mode that another program keeps locked: unreadable for now,
    # but fine. (Start-ups normally wait two minutes; the test shortens that wait.)
    _database_with_a_learner(tmp_path)
    _sql(tmp_path, "PRAGMA journal_mode=DELETE")
    content = (tmp_path / DB_FILENAME).read_bytes()
    other = sqlite3.connect(tmp_path / DB_FILENAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE profile SET theme = 'dark'")
    monkeypatch.setattr(store_database, "MIGRATION_BUSY_TIMEOUT_MS", 300)
    try:
        with pytest.raises(StoreOpenError) as raised:
            open_database(tmp_path)
        assert raised.value.code == "locked"
        assert "locked" in raised.value.message("en")
    finally:
        other.execute("ROLLBACK")
        other.close()
    _assert_untouched(tmp_path, content)
    opened = open_database(tmp_path)
    assert [p.nickname for p in ProfileService(opened.database).list()] == ["Ann"]
    opened.database.close()


def test_a_damaged_file_is_still_moved_aside_and_the_app_starts_fresh(tmp_path: Path) -> None:
    content = _database_with_a_learner(tmp_path)
    damaged = content[:100] + b"\x00" * 200 + content[300:]
    (tmp_path / DB_FILENAME).write_bytes(damaged)
    opened = open_database(tmp_path)
    assert opened.moved_aside is not None and opened.moved_aside.read_bytes() == damaged
    with opened.database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM profile")).scalar_one() == 0
    opened.database.close()
