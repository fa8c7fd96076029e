"""The foundation as a learner meets it: nickname, the four destinations, language, reloads."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.browser.harness import DESKTOP, PHONE, AppServer, new_ui


def test_new_learner_creates_profile_and_visits_every_destination(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, PHONE).open("/")
    ui.see("Learn to spot investment scams, then practise with real market history.")
    ui.shot("phone-en-welcome")
    ui.type_into("Nickname", "小明🐼")
    ui.click("Start")
    ui.see("Hi, 小明🐼")
    ui.shot("phone-en-home")
    for tab, text, shot in [
        ("Learn", "Short lessons on investment scams", "phone-en-learn"),
        ("Simulate", "The simulator is locked.", "phone-en-simulate"),
        ("Me", "Profiles on this device", "phone-en-me"),
        ("Home", "Knowledge score", None),
    ]:
        ui.tab(tab)
        ui.see(text)
        if shot:
            ui.shot(shot)
    assert ui.page.url.endswith("/")
