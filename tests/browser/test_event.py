"""An event end to end in real Chromium: an organiser, a projector and three attendees on phones
(English and Chinese) join by PIN (one mistypes it first), take the pre-test, a lesson and the
post-test, play a live quiz round and a short trading challenge, see the leaderboards change; the
organiser removes the third attendee's nickname; organiser screens refuse an attendee; the
report's figures match a hand computation."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.event_pack import LESSON, PACK_ID, RIGHT, SKILL, WRONG, write_pack
from tests.browser.harness import DESKTOP, PHONE, UI, AppServer, free_port, new_ui


@dataclass
class EventServer(AppServer):
    """``edu-app event serve`` with what it printed: the event code, PIN and organiser link."""

    printed: list[str] = field(default_factory=list)
    code: str = ""
    pin: str = ""
    organiser_link: str = ""
    projector_link: str = ""

    def start(self) -> EventServer:
        env = {**os.environ, "EDU_APP_DATA_DIR": str(self.data_dir), "PYTHONUNBUFFERED": "1", **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "edu_app", "event", "serve", "--port", str(self.port), "--title", "Spring fair",
             "--lesson", f"{PACK_ID}/{LESSON}", "--skill", SKILL, "--items-per-skill", "1", "--live-questions", "2",
             "--challenge", "selloff-2018"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.printed.append(line)
            if match := re.search(r"Room PIN: (\d{6})", line):
                self.pin = match[1]
            if match := re.search(r"Projector screen \(organiser only\): (\S+)", line):
                self.projector_link = match[1]
            if match := re.search(r"Organiser link \(keep it to yourself\): (\S+/event/([^/]+)/organise\S+)", line):
                self.organiser_link, self.code = match[1], match[2]
                return self
        raise RuntimeError("edu-app event serve stopped early:\n" + "".join(self.printed))

    def stop(self, log_name: str | None = None) -> str:
        return "".join(self.printed) + super().stop(log_name)


@pytest.fixture
def event_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[EventServer]:
    data = tmp_path / "data"
    env = {**os.environ, "EDU_APP_DATA_DIR": str(data)}
    pack = write_pack(tmp_path / "packs")
    subprocess.run([sys.executable, "-m", "edu_app", "pack", "install", str(pack)], env=env, check=True,
                   capture_output=True)
    server = EventServer(data_dir=data, port=free_port()).start()
    yield server
    output = server.stop(log_name=request.node.name)
    assert "Traceback" not in output, output


def _open(ui: UI, url: str) -> UI:
    ui.page.goto(url)
    return ui.enable_accessibility()


def _join(ui: UI, pin: str, pin_label: str = "Room PIN", join: str = "Join", you_are: str = "You are ") -> str:
    """Type the room PIN, tap Join, and return the nickname the attendee was given.

    Under load, a tap right after typing can reach the server before the last digits do (the
    app then asks for all six digits), or land while the door redraws (nothing happens); a person
    types it again and taps again, and so does this, at most three times."""
    welcome = re.compile("^" + re.escape(you_are))
    for _attempt in range(3):
        ui.type_into(pin_label, pin)
        ui.click(join)
        try:
            ui.see(welcome, timeout=10_000)
            break
        except PlaywrightTimeoutError:
            continue
    ui.see(welcome)
    shown = ui.visible_text(welcome).first.evaluate("e => e.getAttribute('aria-label') || e.textContent")
    return shown.splitlines()[0].removeprefix(you_are).strip()


def _tap_until(ui: UI, name: str, shows: str) -> None:
    """Tap ``name`` until ``shows`` appears: the organiser's list redraws as people join and
    answer, and a tap that lands during a redraw is lost (a person taps again)."""
    for _attempt in range(3):
        ui.click(name)
        try:
            ui.see(shows, timeout=8_000)
            return
        except PlaywrightTimeoutError:
            continue
    ui.see(shows)


def _take_test(ui: UI, answer: str, finish: str = "Finish the test") -> None:
    ui.click(answer)
    ui.click(finish)


def test_an_event_from_pin_to_report(browser: Browser, event_server: EventServer, tmp_path: Path) -> None:
    server = event_server
    code, pin = server.code, server.pin
    assert "Attendees open: " in "".join(server.printed)

    # The organiser sets the event up and opens joining.
    organiser = _open(new_ui(browser, server, DESKTOP), server.organiser_link)
    organiser.see("Organise: Spring fair")
    organiser.type_into("Title", "Spring anti-fraud fair")
    organiser.click("Save set-up")
    organiser.see("Organise: Spring anti-fraud fair")
    organiser.click("Open joining")
    organiser.see("Joining is open")

    projector = _open(new_ui(browser, server, DESKTOP), server.projector_link)
    projector.see("Spring anti-fraud fair")
    projector.see("PIN " + " ".join(pin))

    # Ann mistypes the PIN, then joins, takes the pre-test (wrong), the lesson and the post-test (right).
    ann = new_ui(browser, server, PHONE).open(f"/event/{code}")
    wrong_pin = "000000" if pin != "000000" else "111111"
    ann.type_into("Room PIN", wrong_pin[:5])
    ann.click("Join")
    ann.see("The room PIN has six digits. Type all six as shown on the screen.")
    # Five digits are not a guess: after them, a wrong PIN still leaves two tries.
    wrong = re.compile(r"That is not the room's PIN.*2 tries left")
    for _attempt in range(3):
        ann.type_into("Room PIN", wrong_pin)
        ann.click("Join")
        try:
            ann.see(wrong, timeout=10_000)
            break
        except PlaywrightTimeoutError:
            continue  # the tap beat the last digit: too few digits, said and not counted
    ann.see(wrong)
    ann_name = _join(ann, pin)
    assert ann_name
    ann.click("Start the pre-test")
    ann.see("Question 1 of 1")
    _take_test(ann, WRONG)
    ann.see("Done: 0 of 1 right.")
    ann.click("Open “Spot the promise”")
    ann.click("Start the quiz")
    ann.click("True")
    ann.click("Check")
    ann.click("See results")
    ann.click("Continue")
    ann.click("Back to the event")
    ann.see("Done.")
    ann.click("Start the post-test")
    _take_test(ann, RIGHT)
    ann.see("Done: 1 of 1 right.")

    # Bo joins in Chinese and gets both tests right.
    bo = new_ui(browser, server, PHONE, locale="zh-CN").open(f"/event/{code}")
    _join(bo, pin, "活动 PIN 码", "加入", "你的昵称：")
    bo.click("开始课前测")
    _take_test(bo, "这是危险信号", "完成测试")
    bo.see("已完成：答对 1 / 1 题。")
    bo.click("开始课后测")
    _take_test(bo, "这是危险信号", "完成测试")
    # Bo sees only Bo's own results: not Ann's nickname or score.
    bo.not_see(ann_name)
    bo.not_see("已完成：答对 0 / 1 题。")

    # Cai joins too, and the organiser removes Cai's nickname, confirming first: Cai's phone says
    # so, and Cai counts nowhere (not on the projector, not in the report).
    cai = new_ui(browser, server, PHONE).open(f"/event/{code}")
    cai_name = _join(cai, pin)
    organiser.see("Attendees (3)")
    # In a big room the organiser finds a nickname by typing part of it.
    organiser.type_into("Find a nickname", cai_name.upper())
    organiser.not_see(f"Remove {ann_name}")
    organiser.see(f"Remove {cai_name}")
    _tap_until(organiser, f"Remove {cai_name}", f"Remove “{cai_name}” from the event?")
    organiser.shot("desktop-en-event-remove-confirm")
    organiser.click("Cancel")
    organiser.see("Attendees (3)")
    _tap_until(organiser, f"Remove {cai_name}", f"Remove “{cai_name}” from the event?")
    organiser.page.get_by_role("button", name="Remove", exact=True).last.click()
    organiser.see("Attendees (2)")
    organiser.see(f"No nickname here contains “{cai_name.upper()}”.")
    organiser.not_see(f"Remove {cai_name}")
    cai = cai.new_tab(f"/event/{code}")
    cai.see("The organiser removed your nickname from this event. Your own progress stays on this phone.")

    projector.see("2", timeout=10_000)

    # A live round: Ann right, Bo wrong; the distribution shows once the question closes.
    organiser.click("Start the live quiz")
    ann.see("Live quiz: question 1 of 2")
    ann.click(RIGHT)
    ann.click("Send answer")
    ann.see(re.compile("Answer sent"))
    bo.see("现场答题：第 1 / 2 题")
    bo.click("听起来没问题")
    bo.click("提交答案")
    projector.see("Answers so far: 2")
    organiser.click("Close the question")
    projector.see(f"A. {RIGHT}: 1 · right answer")
    projector.see(f"B. {WRONG}: 1")
    projector.see(ann_name)
    projector.see("100 pts")
    projector.shot("desktop-en-event-projector-live")
    ann.see("Right! +100 points.")
    bo.see(re.compile("这次没答对"))
    bo.shot("phone-zh-CN-event-live-closed")

    # A short trading challenge: Ann starts the scenario the event grants and comes back; the
    # leaderboard ranks by process score with the raw return beside it.
    organiser.click("Start the trading challenge")
    ann.click("Start the challenge")
    ann.see(re.compile("2018"))
    ann.click("Back to the event")
    ann.see(re.compile(r"Your process score: \d+ of 100 \(return \+0\.0%\)"))
    projector.see("Trading challenge leaderboard")
    projector.see("return +0.0%")

    # An attendee cannot use the organiser's screens.
    ann_tab = _open(ann, f"{server.url}/event/{code}/organise")
    ann_tab.see("Only the organiser can open this screen. Open the organiser link printed when the event was started.")
    ann_tab.page.goto(f"{server.url}/event/{code}/screen")
    ann_tab.enable_accessibility()
    ann_tab.see(re.compile("Only the organiser can open this screen"))
    ann_tab.not_see("PIN " + " ".join(pin))

    organiser.click("End the event")
    organiser.page.get_by_role("button", name="End the event").last.click()
    organiser.see("The event has ended")
    ann_tab.page.goto(f"{server.url}/event/{code}")
    ann_tab.enable_accessibility()
    ann_tab.click("See my summary")
    ann_tab.see("Pre-test: 0 of 1 right")
    ann_tab.see("Post-test: 1 of 1 right")
    ann_tab.shot("phone-en-event-summary")

    # The report, from the store after the event. By hand: pre scores 0 and 1 (mean .5), post 1
    # and 1 (mean 1), gains 1 and 0 (mean .5, sd .70711); t(.975, 1) = 12.706, half width
    # 12.706 * .70711 / sqrt(2) = 6.353; normalised gain (1 - .5) / (1 - .5) = 1.
    out = tmp_path / "report"
    subprocess.run([sys.executable, "-m", "edu_app", "event", "report", code, "-o", str(out)], check=True,
                   env={**os.environ, "EDU_APP_DATA_DIR": str(server.data_dir)}, capture_output=True)
    with open(out / "summary.csv", encoding="utf-8") as handle:
        figures = {row["measure"]: row["value"] for row in csv.DictReader(handle)}
    assert (figures["attendees_joined"], figures["attendees_removed"]) == ("2", "1")
    assert figures["post_test_done"] == "2" and figures["lessons_done"] == "1"
    assert (figures["paired_n"], figures["pre_mean"], figures["post_mean"]) == ("2", "0.5000", "1.0000")
    assert figures["mean_gain"] == "0.5000"
    assert float(figures["mean_gain_ci95_low"]) == pytest.approx(-5.853, abs=1e-3)
    assert float(figures["mean_gain_ci95_high"]) == pytest.approx(6.853, abs=1e-3)
    assert figures["normalised_gain"] == "1.0000"
    assert (figures["live_answers"], figures["live_right"]) == ("2", "1")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Per-item figures are hidden" in page and ann_name not in page
