"""The learn loop as a learner meets it: a lesson card by card, its quiz with feedback, the score
rising, the simulator unlocking, a missed question in the next day's review, the skill map, and
moving progress to another profile with export and import."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.harness import DESKTOP, PHONE, UI, AppServer, free_port, mark_red_flag, new_ui

DAY_1 = "2026-11-23T09:00:00+08:00"
DAY_2 = "2026-11-24T09:00:00+08:00"
LESSON = "/learn/anti-fraud-essentials/guaranteed-returns"


@pytest.fixture
def pinned_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[AppServer]:
    """An app whose clock is pinned to DAY_1 (tests move it by restarting with another date)."""
    app = AppServer(data_dir=tmp_path / "data", port=free_port(), env={"EDU_APP_NOW": DAY_1}).start()
    yield app
    output = app.stop(log_name=request.node.name)
    assert "Traceback" not in output, output


def _start(ui: UI, nickname: str, start: str = "Start", label: str = "Nickname") -> None:
    ui.type_into(label, nickname)
    ui.click(start)


def _score(ui: UI) -> int:
    """The knowledge score shown on Home or Me."""
    pattern = re.compile(r"Knowledge score\s+(\d+) / 100")
    node = ui.visible_text(pattern).first
    node.wait_for(state="attached")
    text = node.evaluate("e => (e.getAttribute('aria-label') || '') + ' ' + e.textContent")
    match = pattern.search(text)
    assert match, text
    return int(match.group(1))


def _in_dialog(ui: UI, text: str, button: str) -> None:
    """Wait for a dialog showing ``text`` to finish opening, then press ``button`` in it."""
    ui.see(text)
    ui.page.get_by_role("alertdialog").wait_for()
    ui.page.wait_for_timeout(400)  # taps during the opening animation can miss the button
    ui.click(button)


def _check(ui: UI, verdict: str = "Correct!") -> None:
    ui.click("Check")
    ui.see(verdict)


def _answer_first_quiz(ui: UI, miss_risk_question: bool) -> None:
    """Answer the seven items of 'guaranteed-returns' (every item type but ordering)."""
    ui.see("Question 1 of 7")
    ui.click("True")
    _check(ui)
    # The chosen answer's feedback is shown at once, then the next item.
    ui.see(re.compile(r"Right\. Every investment carries some risk"))
    ui.click("Next question")

    ui.see("Which statement about risk and return is correct?")
    if miss_risk_question:
        ui.click("A clever enough platform can give high returns with no risk.")
        _check(ui, "Not quite")
        # The chosen option's feedback, the right answer with its feedback, and what happens next.
        ui.see(re.compile(r"No platform can break the link between risk and return"))
        ui.see("The right answer: Investments that can earn more usually carry more risk.")
        ui.see(re.compile(r"The extra return is the payment for accepting a chance of loss"))
        ui.see(re.compile("This question comes back in tomorrow's review"))
        ui.shot("desktop-en-quiz-wrong-answer")
    else:
        ui.click("Investments that can earn more usually carry more risk.")
        _check(ui)
    ui.click("Next question")

    ui.type_into("Your answer", "730")
    _check(ui)
    ui.see("The right answer: 730% (within ±1)")
    ui.click("Next question")

    for option in ("“Guaranteed 2% a day.”", "“Only 50 places left, decide tonight.”",
                   "“Keep this between us, don't tell your family.”"):
        ui.click(option)
    _check(ui)
    ui.click("Next question")

    for segment in ("My plan pays 2%", "Zero risk: your principal", "Only 50 places left. The price", "DM me"):
        mark_red_flag(ui, segment)
    _check(ui)
    ui.see("You spotted 4 of 4 red flags.")
    ui.click("Next question")

    # The scenario has no Check button: it is graded when it reaches an ending.
    ui.click("Ask how the money is made, and look the seller up on the regulator's list")
    ui.see("A good ending.")
    ui.see("Correct!")
    ui.click("Next question")

    ui.click("False")
    _check(ui)
    ui.click("See results")


def test_first_lesson_quiz_unlocks_the_simulator_and_a_miss_comes_back_next_day(
    browser: Browser, pinned_server: AppServer
) -> None:
    ui = new_ui(browser, pinned_server, DESKTOP).open("/")
    _start(ui, "Chen")
    ui.see("Knowledge score")
    assert _score(ui) == 0
    # Locked places say exactly what unlocks them instead of hiding.
    ui.tab("Simulate")
    ui.see("The simulator is locked.")
    ui.see(re.compile("Score at least 60% on “Too good to be true: .?guaranteed returns.?”"))
    ui.shot("desktop-en-simulate-locked")

    ui.tab("Learn")
    ui.page.get_by_role("button", name=re.compile(r"^Too good to be true: .?guaranteed returns.? Not done yet")).click()
    ui.see("Card 1 of 5")
    ui.see("The promise")
    ui.shot("desktop-en-reader")
    for card in range(2, 6):
        ui.click("Next")
        ui.see(f"Card {card} of 5")
    assert ui.page.url.endswith(f"{LESSON}?card=5")
    ui.click("Start the quiz")
    _answer_first_quiz(ui, miss_risk_question=True)

    # A short celebration: a new badge and the simulator unlocked, with a way to go there.
    ui.see("Well done!")
    ui.see("Unlocked: Trading simulator")
    ui.shot("desktop-en-celebration")
    _in_dialog(ui, "Well done!", "Continue")
    ui.see("Lesson passed!")
    ui.see("6 of 7 right (86%)")
    ui.shot("desktop-en-quiz-results")
    ui.click("Open Trading simulator")
    ui.see(re.compile(r"Practise with real historical prices and play money"))
    ui.not_see("The simulator is locked.")

    ui.tab("Home")
    ui.see("Knowledge score")
    assert _score(ui) > 0
    ui.see("Continue: Stock-tip groups and paid 'teachers'")
    ui.shot("desktop-en-home-progress")

    # The next day (same browser, so the same profile), the missed question is due for review.
    pinned_server.stop()
    pinned_server.env["EDU_APP_NOW"] = DAY_2
    pinned_server.start()
    ui.open("/")
    ui.see("Review: 1 due today")
    ui.click("Review: 1 due today")
    ui.see("Question 1 of 1")
    ui.see("Which statement about risk and return is correct?")
    ui.shot("desktop-en-review")
    ui.click("Investments that can earn more usually carry more risk.")
    _check(ui)
    ui.click("See results")
    _in_dialog(ui, "New badge: Back for more", "Continue")
    ui.see("Review done")
    ui.see("1 of 1 right")


def _seed(data_dir: Path, nickname: str) -> None:
    """A learner who answered some questions of the first lesson (written before the app starts)."""
    from edu_app.learning import FixedClock, LearningService, PackCatalog
    from edu_app.services.profiles import ProfileService
    from edu_app.store import open_database

    opened = open_database(data_dir)
    try:
        profile = ProfileService(opened.database).create(nickname, language="en")
        service = LearningService(opened.database, PackCatalog(), FixedClock(datetime.fromisoformat(DAY_1)))
        pack, lesson = "anti-fraud-essentials", "guaranteed-returns"
        for item_id, response in (("gr-1", True), ("gr-2", "a"), ("gr-3", 730.0), ("gr-7", True)):
            service.record_answer(profile.id, pack, lesson, item_id, response, 5.0)
    finally:
        opened.database.close()


def test_export_then_import_into_a_fresh_profile_and_refuse_a_broken_file(
    browser: Browser, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("EDU_APP_DATA_DIR", str(data_dir))  # installed packs are looked up there
    _seed(data_dir, "Mover")
    server = AppServer(data_dir=data_dir, port=free_port(), env={"EDU_APP_NOW": DAY_1}).start()
    try:
        # The seeded profile has no secret in this browser: only the host lists it.
        ui = new_ui(browser, server, DESKTOP, host=True).open("/")
        ui.click("Mover")
        ui.tab("Me")
        ui.see("Knowledge score")
        before = _score(ui)
        assert before > 0
        ui.shot("desktop-en-me")

        # The skill map shows every feature and exactly what unlocks limit orders.
        ui.click("Skill map")
        ui.see("Limit orders")
        ui.see(re.compile("Score at least 70% on “Order types: market, limit, stop and stop-limit”"))
        ui.shot("desktop-en-skill-map")
        ui.click("Back")

        with ui.page.expect_download() as download:
            ui.click("Export progress")
        exported = tmp_path / "progress.json"
        download.value.save_as(exported)
        document = json.loads(exported.read_text(encoding="utf-8"))
        assert document["format"] == "invest-quest-progress" and len(document["answers"]) == 4

        ui.click("New profile")
        _start(ui, "Fresh")
        ui.tab("Me")
        ui.see("Knowledge score 0 / 100")
        with ui.page.expect_file_chooser() as chooser:
            ui.click("Import progress")
        chooser.value.set_files(str(exported))
        ui.see(f"Knowledge score {before} / 100")
        assert _score(ui) == before
        ui.see("4 answers, 3 right · 0 lessons completed")

        broken = tmp_path / "broken.json"
        broken.write_text('{"format": "invest-quest-progress", "answers": [', encoding="utf-8")
        with ui.page.expect_file_chooser() as chooser:
            ui.click("Import progress")
        chooser.value.set_files(str(broken))
        ui.see(re.compile("“broken.json” was not imported: "))
        ui.shot("desktop-en-import-error")
        foreign = tmp_path / "notes.json"
        foreign.write_text('{"title": "my notes"}', encoding="utf-8")
        with ui.page.expect_file_chooser() as chooser:
            ui.click("Import progress")
        chooser.value.set_files(str(foreign))
        ui.see(re.compile("“notes.json” was not imported: "))
        # Nothing changed.
        assert _score(ui) == before

        # Deleting the learning progress asks first, keeps the profile and starts from zero.
        ui.click("Delete my learning progress")
        _in_dialog(ui, "Delete all learning progress?", "Delete progress")
        ui.see("Knowledge score 0 / 100")
        ui.see("Fresh")
    finally:
        output = server.stop(log_name=request.node.name)
    assert "Traceback" not in output, output


def test_phone_reader_swipes_and_screens_in_chinese(browser: Browser, pinned_server: AppServer) -> None:
    ui = new_ui(browser, pinned_server, PHONE, locale="zh-CN").open("/")
    _start(ui, "小林", start="开始", label="昵称")
    ui.see("知识得分")
    ui.shot("phone-zh-CN-home-learn-loop")
    ui.tab("学习")
    ui.see("反诈必修课")
    ui.shot("phone-zh-CN-learn-packs")
    ui.open(LESSON)
    ui.see("第 1/5 张")
    ui.shot("phone-zh-CN-reader")
    # Swipe left for the next card, right to go back.
    box = ui.page.viewport_size
    assert box is not None
    y = box["height"] // 2
    for start_x, end_x, expected in ((320, 40, "第 2/5 张"), (40, 340, "第 1/5 张")):
        ui.page.mouse.move(start_x, y)
        ui.page.mouse.down()
        for step in range(1, 9):
            ui.page.mouse.move(start_x + (end_x - start_x) * step / 8, y)
        ui.page.mouse.up()
        ui.see(expected)
    ui.click("直接去做测验")
    ui.see("第 1/7 题")
    ui.click("正确")
    ui.click("检查答案")
    ui.see("答对了！")
    ui.shot("phone-zh-CN-quiz-feedback")
    ui.open("/me/skills")
    ui.see("限价委托")
    ui.shot("phone-zh-CN-skill-map")
    ui.open("/simulate")
    ui.see("模拟交易尚未解锁。")
    ui.shot("phone-zh-CN-simulate-locked")
    ui.open("/me")
    ui.see("各项技能掌握度")
    ui.shot("phone-zh-CN-me-progress")
