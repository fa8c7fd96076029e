"""The host key: kept private in the data dir, stable across restarts, stripped from the URL."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from edu_app.services.host_key import HOST_KEY_FILENAME, host_link, is_host_key, load_or_create, split_host_param


def test_the_key_is_random_private_and_survives_a_restart(tmp_path: Path) -> None:
    key = load_or_create(tmp_path)
    assert len(key) >= 43
    assert stat.S_IMODE((tmp_path / HOST_KEY_FILENAME).stat().st_mode) == 0o600
    assert load_or_create(tmp_path) == key
    other = tmp_path / "other"
    other.mkdir()
    assert load_or_create(other) != key


def test_a_damaged_key_file_is_replaced_not_trusted(tmp_path: Path) -> None:
    (tmp_path / HOST_KEY_FILENAME).write_text("short\n")
    key = load_or_create(tmp_path)
    assert key != "short" and len(key) >= 43
    assert stat.S_IMODE((tmp_path / HOST_KEY_FILENAME).stat().st_mode) == 0o600
    assert load_or_create(tmp_path) == key


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_a_read_only_data_dir_still_gives_a_key_for_this_run(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        assert len(load_or_create(tmp_path)) >= 43
    finally:
        tmp_path.chmod(0o700)


def test_only_the_exact_key_makes_a_host() -> None:
    key = "k" * 43
    assert is_host_key(key, key)
    for presented in [None, "", 1, "k" * 42, "k" * 44, "K" * 43, "k" * 5000, ["k" * 43], "ké" + "k" * 41]:
        assert not is_host_key(key, presented)


def test_the_host_link_carries_the_key_and_the_route_loses_it() -> None:
    assert host_link("http://127.0.0.1:8550", "abc") == "http://127.0.0.1:8550/?host=abc"
    assert host_link("http://127.0.0.1:8550/preview", "abc") == "http://127.0.0.1:8550/preview?host=abc"
    assert split_host_param("/?host=abc") == ("/", "abc")
    assert split_host_param("/learn/p/l?card=2&host=abc") == ("/learn/p/l?card=2", "abc")
    assert split_host_param("/me") == ("/me", None)
