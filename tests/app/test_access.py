"""Who may open a profile: secrets, host lists and PINs with back-off, on a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from edu_app.services.access import (
    FREE_PIN_TRIES,
    LONGEST_WAIT,
    Opened,
    PinFormatError,
    ProfileAccess,
    Refused,
    pin_wait,
)
from edu_app.services.profiles import ProfileService
from edu_app.store import open_database
from edu_app.store.database import DB_FILENAME
from edu_app.store.migrations import LATEST_VERSION, current_version, migrate
from edu_app.store.models import ProfilePin, ProfileSecret


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def access(tmp_path: Path, clock: Clock) -> ProfileAccess:
    return ProfileAccess(open_database(tmp_path).database, now=clock)


def test_a_created_profile_opens_again_only_with_its_secret(access: ProfileAccess) -> None:
    ann = access.create("Ann", language="en")
    bo = access.create("Bo")
    assert len(ann.secret) >= 43  # 32 random bytes, URL-safe base64
    assert ann.secret != bo.secret

    # The browser that created Ann reopens her; a browser that only knows her id does not.
    assert access.restore(ann.profile.id, [ann.secret], is_host=False) == ann
    assert access.restore(ann.profile.id, [], is_host=False) is None
    assert access.restore(ann.profile.id, [bo.secret], is_host=False) is None
    assert access.restore(ann.profile.id, ["made-up", ann.secret[:-1] + "x"], is_host=False) is None


def test_only_the_hash_of_a_secret_is_stored(tmp_path: Path, access: ProfileAccess) -> None:
    opened = access.create("Ann")
    raw = b"".join(p.read_bytes() for p in tmp_path.glob(f"{DB_FILENAME}*"))
    assert opened.secret.encode() not in raw
    with sqlite3.connect(tmp_path / DB_FILENAME) as conn:
        stored = [row[0] for row in conn.execute("SELECT secret_hash FROM profile_secret")]
    assert len(stored) == 1 and stored[0] != opened.secret and len(stored[0]) == 64


def test_a_visitor_lists_only_its_own_profiles_and_the_host_lists_all(access: ProfileAccess) -> None:
    ann = access.create("Ann")
    bo = access.create("Bo")
    assert [p.profile.nickname for p in access.listed([bo.secret], is_host=False)] == ["Bo"]
    assert access.listed([], is_host=False) == []
    assert access.listed(["1", "2", "guess"], is_host=False) == []
    assert [p.profile.nickname for p in access.listed([], is_host=True)] == ["Ann", "Bo"]
    # A visitor cannot switch to a profile it has no secret for, even knowing its id.
    assert access.open_listed(ann.profile.id, [bo.secret], is_host=False) == Refused("not_allowed")


def test_the_host_may_switch_and_is_given_a_secret_for_the_profile(access: ProfileAccess) -> None:
    ann = access.create("Ann")
    opened = access.open_listed(ann.profile.id, [], is_host=True)
    assert isinstance(opened, Opened) and opened.profile == ann.profile and opened.secret != ann.secret
    assert access.restore(ann.profile.id, [opened.secret], is_host=False) is not None


def test_a_profile_from_before_secrets_reopens_only_on_the_host(access: ProfileAccess, tmp_path: Path) -> None:
    old = ProfileService(open_database(tmp_path).database).create("Old timer")
    assert access.restore(old.id, [], is_host=False) is None
    reopened = access.restore(old.id, [], is_host=True)
    assert reopened is not None and reopened.profile == old
    # With a PIN, even the host gets the list instead (the PIN is asked there).
    access.set_pin(old.id, "2468")
    assert access.restore(old.id, [], is_host=True) is None


def test_the_held_secret_of_a_deleted_profile_opens_nothing(access: ProfileAccess, tmp_path: Path) -> None:
    ann = access.create("Ann")
    access.set_pin(ann.profile.id, "1234")
    ProfileService(open_database(tmp_path).database).delete(ann.profile.id)
    assert access.held([ann.secret]) == {}
    again = access.create("Ann")  # the nickname is free and the new profile has no PIN
    assert not access.has_pin(again.profile.id)


def test_hostile_storage_is_bounded(access: ProfileAccess) -> None:
    ann = access.create("Ann")
    junk: list[object] = [None, 7, "", "x" * 10_000, *[f"guess-{i}" for i in range(10_000)], ann.secret]
    # Too many made-up secrets: the real one, sent last, is past the bound and not even looked at.
    assert access.held(junk) == {}
    assert access.held([None, 7, "x" * 10_000, ann.secret]) == {ann.profile.id: ann.secret}


def test_switching_to_a_pin_profile_needs_the_right_pin(access: ProfileAccess) -> None:
    ann = access.create("Ann")
    access.set_pin(ann.profile.id, "1234")
    assert access.open_listed(ann.profile.id, [], is_host=True) == Refused("pin_needed")
    assert access.open_listed(ann.profile.id, [], is_host=True, pin="0000") == Refused(
        "wrong_pin", tries_left=FREE_PIN_TRIES - 1
    )
    assert isinstance(access.open_listed(ann.profile.id, [], is_host=True, pin="1234"), Opened)
    # Full-width digits, as a Chinese input method types them, are the same PIN.
    assert isinstance(access.open_listed(ann.profile.id, [], is_host=True, pin="１２３４"), Opened)
    # Holding the secret does not skip the PIN when switching from the list (a shared device
    # holds everybody's secrets).
    assert access.open_listed(ann.profile.id, [ann.secret], is_host=True) == Refused("pin_needed")


def test_wrong_pins_make_the_next_try_wait_longer(access: ProfileAccess, clock: Clock) -> None:
    ann = access.create("Ann")
    access.set_pin(ann.profile.id, "1234")
    for left in range(FREE_PIN_TRIES - 1, 0, -1):
        assert access.check_pin(ann.profile.id, "9999") == Refused("wrong_pin", tries_left=left)
    assert access.check_pin(ann.profile.id, "9999") == Refused("wait", wait_seconds=5)
    # While the wait runs even the right PIN is refused.
    clock.now += timedelta(seconds=4)
    assert access.check_pin(ann.profile.id, "1234") == Refused("wait", wait_seconds=1)
    clock.now += timedelta(seconds=1)
    assert access.check_pin(ann.profile.id, "9999") == Refused("wait", wait_seconds=10)
    clock.now += timedelta(seconds=10)
    assert access.check_pin(ann.profile.id, "1234") is None
    # The right PIN starts the count again.
    assert access.check_pin(ann.profile.id, "9999") == Refused("wrong_pin", tries_left=FREE_PIN_TRIES - 1)


def test_the_back_off_holds_across_processes(tmp_path: Path, clock: Clock) -> None:
    first = ProfileAccess(open_database(tmp_path).database, now=clock)
    ann = first.create("Ann")
    first.set_pin(ann.profile.id, "1234")
    for _ in range(FREE_PIN_TRIES):
        first.check_pin(ann.profile.id, "0000")
    # Another process (or the same one after a restart) sees the same wait.
    second = ProfileAccess(open_database(tmp_path).database, now=clock)
    assert second.check_pin(ann.profile.id, "1234") == Refused("wait", wait_seconds=5)


def test_the_wait_doubles_up_to_an_hour() -> None:
    assert pin_wait(FREE_PIN_TRIES - 1) == timedelta(0)
    assert [pin_wait(FREE_PIN_TRIES + i).total_seconds() for i in range(4)] == [5, 10, 20, 40]
    assert pin_wait(10_000) == LONGEST_WAIT


def test_the_pin_is_stored_salted_and_hashed(tmp_path: Path, access: ProfileAccess) -> None:
    ann = access.create("Ann")
    bo = access.create("Bo")
    access.set_pin(ann.profile.id, "123456")
    access.set_pin(bo.profile.id, "123456")
    with sqlite3.connect(tmp_path / DB_FILENAME) as conn:
        rows = conn.execute("SELECT salt, pin_hash FROM profile_pin").fetchall()
    assert len(rows) == 2 and rows[0][0] != rows[1][0] and rows[0][1] != rows[1][1]
    assert all("123456" not in value for row in rows for value in row)


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "12 34", "٣٣٣٣", "-1234"])
def test_a_pin_must_be_4_to_8_digits(access: ProfileAccess, pin: str) -> None:
    ann = access.create("Ann")
    with pytest.raises(PinFormatError):
        access.set_pin(ann.profile.id, pin)
    assert not access.has_pin(ann.profile.id)


def test_removing_the_pin_opens_the_profile_from_the_list_again(access: ProfileAccess) -> None:
    ann = access.create("Ann")
    access.set_pin(ann.profile.id, "1234")
    access.clear_pin(ann.profile.id)
    assert isinstance(access.open_listed(ann.profile.id, [], is_host=True), Opened)


def test_forgetting_a_secret_locks_that_browser_out(access: ProfileAccess) -> None:
    ann = access.create("Ann")
    access.forget(ann.secret)
    assert access.restore(ann.profile.id, [ann.secret], is_host=False) is None


def test_upgrading_keeps_profiles_and_adds_the_access_tables(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / DB_FILENAME}")
    with engine.begin() as conn:
        migrate(conn, target=3)
        conn.execute(
            text(
                "INSERT INTO profile (id, nickname, nickname_key, language, theme, created_at)"
                " VALUES (1, 'Ann', 'ann', 'en', 'dark', '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    opened = open_database(tmp_path)
    assert opened.moved_aside is None
    with opened.database.engine.connect() as conn:
        assert current_version(conn) == LATEST_VERSION >= 4
    access = ProfileAccess(opened.database)
    assert [p.profile.nickname for p in access.listed([], is_host=True)] == ["Ann"]
    access.set_pin(1, "1234")
    assert access.check_pin(1, "1234") is None


@pytest.mark.parametrize("model", [ProfileSecret, ProfilePin], ids=lambda m: m.__tablename__)
def test_migration_ddl_matches_the_model(tmp_path: Path, model: type) -> None:
    opened = open_database(tmp_path)
    table = model.__table__  # type: ignore[attr-defined]
    with opened.database.engine.connect() as conn:
        inspector = inspect(conn)
        columns = {
            c["name"]: (c["type"]._type_affinity, c["nullable"], getattr(c["type"], "length", None))
            for c in inspector.get_columns(table.name)
        }
        pk = inspector.get_pk_constraint(table.name)["constrained_columns"]
        fks = [(f["constrained_columns"], f["referred_table"]) for f in inspector.get_foreign_keys(table.name)]
        indexes = sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table.name))
    opened.database.close()
    assert columns == {
        c.name: (c.type._type_affinity, c.nullable, getattr(c.type, "length", None)) for c in table.columns
    }
    assert pk == [c.name for c in table.primary_key.columns]
    assert fks == [([fk.parent.name], fk.column.table.name) for fk in table.foreign_keys]
    assert indexes == sorted((i.name, tuple(c.name for c in i.columns), bool(i.unique)) for i in table.indexes)
