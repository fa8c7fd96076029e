"""Who may open a profile on a shared server, tried the way an outside tester would: the host in
one browser, a real LAN visitor in another (Chromium in its own network namespace)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.harness import CHROMIUM_ARGS, DESKTOP, PHONE, UI, AppServer, free_port, new_ui
from tests.browser.lan import Lan, lan_visitor

CURRENT = "invest_quest.current_profile"


@pytest.fixture
def lan(tmp_path: Path) -> Iterator[Lan]:
    with lan_visitor(tmp_path) as made:
        yield made


@pytest.fixture
def lan_server(tmp_path: Path, lan: Lan, request: pytest.FixtureRequest) -> Iterator[AppServer]:
    """The app listening on the host end of the pair only."""
    app = AppServer(data_dir=tmp_path / "data", port=free_port(), bind=lan.host_address).start()
    yield app
    key = app.host_key
    output = app.stop(log_name=request.node.name)
    assert "Traceback" not in output, output
    # The organiser learns the host link from what the server prints.
    assert "Host link (keep it to yourself; " in output and f"?host={key}" in output


@pytest.fixture
def lan_browser(browser: Browser, lan: Lan) -> Iterator[Browser]:
    """A second Chromium, running inside the namespace: its only way out is the veth pair."""
    visitor = browser.browser_type.launch(executable_path=str(lan.chromium), args=CHROMIUM_ARGS)
    yield visitor
    visitor.close()


def _start(ui: UI, nickname: str) -> None:
    ui.type_into("Nickname", nickname)
    ui.click("Start")
    ui.see(f"Hi, {nickname}")


def test_a_lan_visitor_cannot_see_or_become_the_hosts_learner(
    browser: Browser, lan_browser: Browser, lan_server: AppServer, lan: Lan
) -> None:
    host = new_ui(browser, lan_server, DESKTOP, host=True).open("/")
    _start(host, "Alice")
    alice_id = host.storage(CURRENT)
    assert alice_id is not None and "1" in alice_id
    # The host link's key is taken out of the address bar once the browser has stored it.
    host.page.wait_for_url(re.compile(r"^[^?]*$"))

    # (a) The visitor, really coming from another address, sees no list and no nickname.
    visitor = new_ui(lan_browser, lan_server, PHONE).open("/")
    assert visitor.page.evaluate("location.hostname") == lan.host_address
    visitor.see("Start")
    visitor.not_see("Continue as")
    visitor.not_see(re.compile("Alice"))
    visitor.shot("phone-en-lan-visitor-welcome")

    # (b) Writing Alice's id into the visitor's storage and starting the app again (a new tab:
    # a reloaded tab keeps its running session) does not make it Alice.
    visitor.set_storage(CURRENT, alice_id)
    visitor = visitor.new_tab("/")
    visitor.see("Start")
    visitor.not_see(re.compile("Alice"))
    visitor = visitor.new_tab("/me")
    visitor.see("Start")
    visitor.not_see(re.compile("Alice"))

    # (c) The visitor's own profile survives a reload, and Me offers no way to anybody else's.
    visitor.open("/")
    _start(visitor, "Bee")
    visitor = visitor.new_tab("/")
    visitor.see("Hi, Bee")
    visitor.tab("Me")
    visitor.see("Only the profiles created in this browser are listed here.", timeout=30_000)
    visitor.see("New profile")
    visitor.not_see(re.compile("Switch to"))
    visitor.not_see(re.compile("Alice"))
    visitor.not_see(re.compile("Data folder"))
    visitor.shot("phone-en-lan-visitor-me")
    # Pointing the storage at Alice while holding Bee's secret still opens nothing of Alice's.
    visitor.set_storage(CURRENT, alice_id)
    visitor = visitor.new_tab("/")
    visitor.see("Continue as")
    visitor.see("Bee")
    visitor.not_see(re.compile("Alice"))
    # Nor may the visitor change what is installed on the host.
    visitor.click("Bee")
    visitor.open("/learn/library")
    visitor.see("Packs can be installed on the device that runs Invest Quest.")
    visitor.not_see("Install a pack from a file")

    # The host, meanwhile, lists every profile on the server and is still Alice in a new tab that
    # opens the plain address: the browser kept the host key.
    host = UI(host.page.context.new_page(), lan_server).open("/")
    host.see("Hi, Alice")
    host.tab("Me")
    host.see("Switch to Bee")
    host.see(re.compile("Data folder"))


def test_host_switching_to_a_pin_profile_backs_off_after_wrong_pins(browser: Browser, server: AppServer) -> None:
    host = new_ui(browser, server, DESKTOP, host=True).open("/")
    _start(host, "Alice")
    host.tab("Me")
    host.click("Set a PIN")
    host.type_into("New PIN (4-8 digits)", "12")
    host.click("Save")
    host.see("A PIN has 4 to 8 digits (0-9) and nothing else.")
    host.type_into("New PIN (4-8 digits)", "2468")
    host.click("Save")
    host.see("Change PIN")
    host.click("New profile")
    host.see("Continue as")
    _start(host, "Carol")

    # A browser on the host's own loopback address without the host link is a visitor: the
    # address alone (what a reverse proxy would show) grants nothing.
    loopback = new_ui(browser, server, PHONE).open("/")
    loopback.see("Start")
    loopback.not_see("Continue as")
    loopback.not_see(re.compile("Alice|Carol"))

    host.tab("Me")
    host.click("Switch to Alice")
    host.see("PIN of “Alice”")
    for left in (2, 1):
        host.type_into("PIN", "1111")
        host.click("Open")
        host.see(f"Wrong PIN. Tries left before a pause: {left}.")
    host.type_into("PIN", "1111")
    host.click("Open")
    host.see("Too many wrong PINs. Please wait 5 seconds, then try again.")
    host.shot("desktop-en-pin-back-off")
    # Wait the pause out (the rule itself is timed in the unit tests), then the right PIN opens.
    host.page.wait_for_timeout(5_500)
    host.type_into("PIN", "2468")
    host.click("Open")
    host.see("Hi, Alice")
    host = host.new_tab("/")
    host.see("Hi, Alice")
