"""The foundation as a learner meets it: nickname, the four destinations, language, reloads,
deep links, profile deletion and recovery from a corrupt database."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import Browser

from edu_app.store.database import DB_FILENAME
from tests.browser.harness import DESKTOP, PHONE, AppServer, new_ui

DESTINATIONS = {
    "en": [
        ("Home", "Knowledge score", "home"),
        ("Learn", "Short lessons on investment scams", "learn"),
        ("Simulate", "The simulator is locked.", "simulate"),
        ("Me", "Profiles on this device", "me"),
    ],
    "zh-CN": [
        ("首页", "知识得分", "home"),
        ("学习", "关于投资骗局、行为陷阱和市场基础的短课", "learn"),
        ("模拟交易", "模拟交易尚未解锁。", "simulate"),
        ("我的", "本设备上的用户", "me"),
    ],
}


@pytest.mark.parametrize(
    ("size_name", "size", "locale", "language", "start", "nickname"),
    [
        # Both languages and both sizes, and a nickname with an emoji; the looks walks cover
        # every screen in every size, scheme and language.
        ("phone", PHONE, "zh-CN", "zh-CN", "开始", "小红🐼"),
        ("desktop", DESKTOP, "en-US", "en", "Start", "Alex"),
    ],
)
def test_new_learner_creates_profile_and_visits_every_destination(
    browser: Browser, server: AppServer, size_name: str, size: dict[str, int], locale: str, language: str,
    start: str, nickname: str,
) -> None:
    # The UI language follows the browser's language before any choice is made.
    ui = new_ui(browser, server, size, locale=locale).open("/")
    ui.see(start)
    ui.shot(f"{size_name}-{language}-welcome")
    ui.type_into("Nickname" if language == "en" else "昵称", nickname)
    ui.click(start)
    ui.see(nickname)
    for tab, text, name in DESTINATIONS[language]:
        ui.tab(tab)
        ui.see(text)
        ui.shot(f"{size_name}-{language}-{name}")
    # Phones get a bottom navigation bar, desktops a rail: both expose the four tabs.
    assert ui.destinations() == 4
    assert (ui.page.get_by_role("tab").count() == 4) == (size_name == "phone")


def test_language_switch_is_remembered_across_reloads(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, DESKTOP).open("/")
    ui.type_into("Nickname", "Mei")
    ui.click("Start")
    ui.tab("Me")
    ui.see("Language")
    ui.click("中文")
    ui.see("语言")
    ui.see("本设备上的用户")
    ui.not_see("Profiles on this device")
    ui.page.reload()
    ui.open("/me")
    # Same profile, same language, after a reload.
    ui.see("Mei")
    ui.see("本设备上的用户")
    ui.click("English")
    ui.see("Profiles on this device")


def test_reload_keeps_the_profile_and_deep_links_open_after_welcome(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, PHONE).open("/learn/anti-fraud-essentials/guaranteed-returns")
    ui.type_into("Nickname", "Kai")
    ui.click("Start")
    # The deep link is honoured once the learner has a nickname.
    assert ui.page.url.endswith("/learn/anti-fraud-essentials/guaranteed-returns")
    ui.see("Back")
    ui.tab("Me")
    ui.see("Kai")
    # The browser's back and forward buttons move between screens.
    ui.page.go_back()
    ui.see("Back")
    assert ui.page.url.endswith("/guaranteed-returns")
    ui.page.go_forward()
    ui.see("Profiles on this device")
    ui.page.reload()
    ui.enable_accessibility()
    ui.see("Kai")
    ui.see("Profiles on this device")


def test_bad_nicknames_get_clear_messages(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, PHONE).open("/")
    ui.click("Start")
    ui.see("Please enter a nickname (1-24 characters).")
    ui.type_into("Nickname", "x" * 25)
    ui.click("Start")
    ui.see("That nickname has 25 characters; please use at most 24.")
    ui.type_into("Nickname", "Lin")
    ui.click("Start")
    ui.see("Knowledge score")


def test_deleting_a_profile_asks_first_and_removes_it(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, DESKTOP).open("/")
    ui.type_into("Nickname", "Temp")
    ui.click("Start")
    ui.tab("Me")
    ui.click("Delete profile")
    ui.see("Delete “Temp”?")
    ui.shot("desktop-en-delete-confirm")
    ui.click("Cancel")
    ui.see("Profiles on this device")
    ui.click("Delete profile")
    ui.click("Delete")
    ui.see("Start")
    # The nickname is free again: the profile is really gone.
    ui.type_into("Nickname", "Temp")
    ui.click("Start")
    ui.see("Knowledge score")


def test_corrupt_database_is_moved_aside_and_the_app_starts_fresh(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, PHONE).open("/")
    ui.type_into("Nickname", "Before")
    ui.click("Start")
    ui.see("Knowledge score")
    server.stop()
    db = server.data_dir / DB_FILENAME
    # Fold the write-ahead log into the file first, as a clean shutdown does, so that the damage
    # below hits the only copy of the data.
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    garbage = b"this is not a database" * 100
    db.write_bytes(garbage)
    server.start()
    # The person at the host is told where the old file went; a visitor is not shown host paths.
    ui = new_ui(browser, server, PHONE, host=True).open("/")
    ui.see("Your saved data could not be read")
    ui.shot("phone-en-recovery")
    moved = list(server.data_dir.glob(f"{DB_FILENAME}.corrupt-*"))
    # The database file itself; SQLite's -wal/-shm companions move with it under the same stamp.
    main_file = next(p for p in moved if not p.name.endswith(("-wal", "-shm")))
    ui.see(re.compile(re.escape(main_file.name)))
    visitor = new_ui(browser, server, PHONE).open("/")
    visitor.see("The app's saved data could not be read")
    visitor.not_see(re.compile(re.escape(str(server.data_dir))))
    assert [p.read_bytes() for p in moved if not p.name.endswith(("-wal", "-shm"))] == [garbage]
    ui.click("OK, got it")
    ui.not_see("Your saved data could not be read")
    ui.type_into("Nickname", "After")
    ui.click("Start")
    ui.see("Knowledge score")
