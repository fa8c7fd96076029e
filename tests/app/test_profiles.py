"""Profiles and the nickname rules a learner meets when creating one."""

from __future__ import annotations

from pathlib import Path

import pytest

from edu_app.services import nickname
from edu_app.services.nickname import NicknameError
from edu_app.services.profiles import ProfileService
from edu_app.store import open_database


@pytest.fixture
def profiles(tmp_path: Path) -> ProfileService:
    return ProfileService(open_database(tmp_path).database)


@pytest.mark.parametrize(
    "name",
    ["小明", "Ana", "😀", "👩‍👩‍👧‍👦 family", "Zoë", "x" * 24, "王" * 24, "👍🏽" * 24, "  padded  "],
)
def test_valid_nicknames(name: str) -> None:
    assert nickname.validate(name) == nickname.normalise(name)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 25, "too_long"),
        ("王" * 25, "too_long"),
        ("bad\x00name", "control"),
        ("tab\tname", "control"),
        ("new\nline", "control"),
        ("rtl\u202eoverride", "control"),
    ],
)
def test_invalid_nicknames(name: str, code: str) -> None:
    with pytest.raises(NicknameError) as error:
        nickname.validate(name)
    assert error.value.code == code


def test_family_emoji_counts_as_one_character() -> None:
    assert nickname.visible_length("👩‍👩‍👧‍👦") == 1
    assert nickname.visible_length("👍🏽") == 1
    assert nickname.visible_length("é") == 1  # e + combining acute


def test_nicknames_are_unique_regardless_of_case_and_width(profiles: ProfileService) -> None:
    profiles.create("Ann")
    for clash in ["ann", "ANN", " Ann ", "Ａｎｎ"]:
        with pytest.raises(NicknameError) as error:
            profiles.create(clash)
        assert error.value.code == "taken"


def test_create_rename_switch_preferences_delete(profiles: ProfileService) -> None:
    ann = profiles.create("Ann", language="en")
    bo = profiles.create("小波", language="zh-CN")
    assert [p.nickname for p in profiles.list()] == ["Ann", "小波"]
    renamed = profiles.rename(ann.id, "Annie")
    assert profiles.get(ann.id) == renamed
    with pytest.raises(NicknameError):
        profiles.rename(ann.id, "小波")
    profiles.rename(ann.id, "ANNIE")  # changing only the case of your own name is fine
    assert profiles.set_language(bo.id, "en").language == "en"
    assert profiles.set_theme(bo.id, "dark").theme == "dark"
    with pytest.raises(ValueError):
        profiles.set_language(bo.id, "fr")
    profiles.delete(ann.id)
    assert [p.nickname for p in profiles.list()] == ["小波"]
    assert profiles.get(ann.id) is None
    profiles.create("Annie")  # the nickname is free again


def test_profiles_survive_reopening(tmp_path: Path) -> None:
    first = open_database(tmp_path)
    ProfileService(first.database).create("Persist")
    first.database.close()
    second = open_database(tmp_path)
    assert [p.nickname for p in ProfileService(second.database).list()] == ["Persist"]
