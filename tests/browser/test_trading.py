"""The trading floor as a learner meets it: a scenario started from its card, a buy through the
ticket with a "think twice" prompt, days played, a reload that resumes the same day, a sell, the
report card with a coaching flag that opens its lesson; and under A-share rules, lot-size and
T+1 rejections as sentences and a scam tip reported then shown in the debrief, after the
suitability warning a C1 learner meets on starting a crisis scenario (once: not again on orders)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.harness import DESKTOP, PHONE, UI, AppServer, _click, free_port, new_ui
from tests.browser.trading_seed import EVERYTHING, WITH_BOARDS, grade_learner, seed_learner


@pytest.fixture
def seeded(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[AppServer]:
    """An app with one learner who passed the lessons that unlock the whole simulator."""
    language = "zh-CN" if "chinese" in request.node.name else "en"
    lessons = WITH_BOARDS if "locked_limit_up" in request.node.name else EVERYTHING
    profile_id = seed_learner(tmp_path / "data", "Trader", language, lessons)
    if "chinese" in request.node.name:
        grade_learner(tmp_path / "data", profile_id, "C1")
    app = AppServer(data_dir=tmp_path / "data", port=free_port()).start()
    yield app
    output = app.stop(log_name=request.node.name)
    assert "Traceback" not in output, output


def _market_date(ui: UI) -> str:
    """The date the trading screen stands on (the first date in its header line)."""
    pattern = re.compile(r"(\d{4}-\d{2}-\d{2}) · [A-Z]")
    node = ui.visible_text(pattern).first
    node.wait_for(state="attached")
    text = node.evaluate("e => (e.getAttribute('aria-label') || '') + ' ' + e.textContent")
    return pattern.search(text).group(1)  # type: ignore[union-attr]


def _scroll_to(ui: UI, text: str | re.Pattern[str]) -> None:
    """Scroll the screen with the mouse wheel until ``text`` is in the upper half of the view
    (for a screenshot of it)."""
    node = ui.visible_text(text).first
    node.wait_for(state="attached")
    height = ui.page.viewport_size["height"]  # type: ignore[index]
    ui.page.mouse.move(195, height // 2)
    for _ in range(20):
        box = node.bounding_box()
        if box is None or box["y"] < height * 0.5:
            return
        ui.page.mouse.wheel(0, min(600, box["y"] - height * 0.3))
        ui.page.wait_for_timeout(250)


def _dialog_button(ui: UI, text: str, button: str) -> None:
    ui.see(text)
    ui.page.get_by_role("alertdialog").wait_for()
    ui.page.wait_for_timeout(400)  # taps during the opening animation can miss the button
    ui.click(button)


def test_phone_scenario_buy_reload_sell_report_and_lesson(browser: Browser, seeded: AppServer) -> None:
    ui = new_ui(browser, seeded, PHONE, host=True).open("/")  # a seeded profile: only the host lists it
    ui.click("Trader")
    ui.tab("Simulate")
    ui.see("Scenarios")
    ui.see("One hot stock: Google after its IPO (2004-2009)")
    ui.shot("phone-en-simulate-scenarios")
    ui.click("Start: One hot stock: Google after its IPO (2004-2009)")
    ui.see("Next day")
    ui.see("No positions yet. Buy to open one.")
    ui.shot("phone-en-trade-start")

    # Put most of the money into one stock: the ticket warns first, and the learner goes on.
    ui.click("Buy")
    ui.see("Order ticket")
    ui.page.wait_for_timeout(500)  # let the sheet finish sliding in before typing
    ui.type_into("Quantity", "400")
    ui.see(re.compile("Commission "))
    ui.shot("phone-en-ticket")
    ui.click("Place buy order")
    _dialog_button(ui, "Think twice", "Continue")
    ui.see(re.compile("Order placed for the next trading day"))
    ui.click("Next day")
    ui.see(re.compile("Held \\d+ · sellable"))
    ui.see(re.compile("Filled: Buy"))
    day_before = _market_date(ui)
    ui.shot("phone-en-trade-holding")

    # A fresh tab at the same address (a new app session, nothing kept in memory for it) lands on
    # the same session, the same day and the same holding: everything came from the store.
    ui = ui.new_tab(urlsplit(ui.page.url).path)
    ui.see(re.compile("Held \\d+ · sellable"))
    assert _market_date(ui) == day_before

    # Hold for more than a month (the coach notices the concentration), then sell it all.
    for _ in range(7):
        ui.click("Next week")
    assert _market_date(ui) > day_before
    _click(ui.page.get_by_role("checkbox", name="Account vs hold").first)  # a chip
    ui.see("Your account")
    ui.shot("phone-en-trade-equity")
    ui.click("Sell")
    ui.see("Order ticket")
    ui.page.wait_for_timeout(500)
    ui.click("Max")
    ui.click("Place sell order")
    if ui.page.get_by_role("alertdialog").count():
        _dialog_button(ui, "Think twice", "Continue")
    ui.see(re.compile("Order placed for the next trading day"))
    if ui.button("Close").count():  # the sheet stays open to show the outcome
        ui.click("Close")
    ui.click("Next day")
    ui.see("No positions yet. Buy to open one.")

    ui.click("End · report")
    ui.see("Report card")
    ui.see(re.compile("Return: "))
    ui.see(re.compile("Your return beat \\d+% of 1,000 random traders"))  # luck or skill
    ui.see("Too much in one place")
    # The risk profile's reality check sits on the report too (no questionnaire yet: it invites one).
    ui.see("Take the questionnaire first")
    ui.page.wait_for_timeout(800)  # the route transition finishes before the picture
    ui.shot("phone-en-report")
    ui.click("Open the lesson on Too much in one place")
    ui.page.wait_for_url(re.compile(r"/learn/[^/]+/diversification"))

    # The session is listed as finished, with its report one tap away.
    ui.tab("Simulate")
    ui.see("Finished")
    ui.see("Report: One hot stock: Google after its IPO (2004-2009)")

    # Me's history lists the session started and finished, with the result and the report.
    ui.tab("Me")
    ui.see("Finished: One hot stock: Google after its IPO (2004-2009)")
    ui.see("Started: One hot stock: Google after its IPO (2004-2009)")
    ui.see(re.compile(r"your result [+-]?\d+\.\d+%, buy-and-hold [+-]?\d+\.\d+%"))
    _scroll_to(ui, "Finished: One hot stock: Google after its IPO (2004-2009)")
    ui.shot("phone-en-me-history-trading")
    ui.click("Report: One hot stock: Google after its IPO (2004-2009)")
    ui.see("Report card")


def test_desktop_chinese_a_share_rules_and_a_reported_scam_tip(browser: Browser, seeded: AppServer) -> None:
    ui = new_ui(browser, seeded, DESKTOP, locale="zh-CN", host=True).open("/")
    ui.click("Trader")
    ui.click("切换浅色或深色主题")  # dark mode: every colour comes from the theme's scheme
    ui.open("/simulate")
    ui.see("情景")
    ui.shot("desktop-zh-CN-dark-simulate")
    ui.click("开始：用A股规则重演2008年秋")
    # A C1 learner starting an R4 crisis scenario: the broker's warning, then they go ahead.
    _dialog_button(ui, "该产品高于您的风险等级", "我已了解风险，继续")
    ui.see("下一天")
    # Desktop: the ticket sits in the side column.
    ui.see("下单")
    ui.type_into("数量", "150")
    ui.click("提交买入委托")
    ui.see(re.compile("买入须不少于 100.*150 不符合要求"))
    ui.shot("desktop-zh-CN-dark-trade-lot-size")
    ui.type_into("数量", "100")
    ui.click("提交买入委托")
    ui.see(re.compile("委托已提交"))
    # Selling the shares of a buy that has not filled would sell them on the day they are bought.
    ui.click("卖出")
    ui.type_into("数量", "100")
    ui.click("提交卖出委托")
    ui.see(re.compile("T\\+1"))
    ui.shot("desktop-zh-CN-dark-trade-t-plus-one")

    # Play week by week until the scam message arrives, then report it.
    for _ in range(12):
        if ui.page.get_by_role("button", name="举报为骗局").count():
            break
        ui.click("下一周")
        ui.page.wait_for_timeout(300)
    ui.page.wait_for_timeout(1000)  # the feed is drawn just after the chart; let that finish
    ui.click("举报为骗局")
    ui.see(re.compile("已举报为骗局"))
    ui.shot("desktop-zh-CN-dark-trade-tip-reported")
    ui.click("结束·成绩单")
    ui.see("成绩单")
    ui.see("消息复盘")
    ui.see("你把它举报为骗局。")
    ui.see("识骗达人")
    ui.page.wait_for_timeout(800)  # the route transition finishes before the picture
    ui.shot("desktop-zh-CN-dark-report")


def test_phone_free_practice_portfolio_picked_by_search_and_switched_by_chips(
    browser: Browser, seeded: AppServer
) -> None:
    ui = new_ui(browser, seeded, PHONE, host=True).open("/")
    ui.click("Trader")
    # The profile is open (and remembered by this browser) once Home greets it; opening an
    # address before that starts at the welcome screen again.
    ui.see("Hi, Trader")
    ui.open("/simulate/practice")
    ui.see("1 of 5 chosen. Tap × on a chip to take one out.")  # the S&P 500 fund to begin with

    # Names are found in either language, and symbols too.
    ui.type_into("Search by symbol or name", "微软")
    ui.click(re.compile(r"^MSFT · Microsoft"))
    ui.type_into("Search by symbol or name", "ping an")
    ui.click(re.compile(r"^601318\.SS · Ping An Insurance"))
    ui.click(re.compile(r"^000001\.SZ · Ping An Bank"))
    ui.type_into("Search by symbol or name", "ixic")
    ui.click(re.compile(r"^IXIC · NASDAQ"))
    ui.see("5 of 5 chosen. Tap × on a chip to take one out.")
    ui.type_into("Search by symbol or name", "东方财富")
    ui.click(re.compile(r"^300059\.SZ · East Money"))
    ui.see("A practice portfolio holds at most 5 instruments. Take one out to add another.")
    ui.shot("phone-en-practice-picker-full")
    ui.click("Remove IXIC")  # the chip's ×
    ui.see("4 of 5 chosen. Tap × on a chip to take one out.")
    ui.not_see("A practice portfolio holds at most 5 instruments. Take one out to add another.")

    ui.click("Start practice")
    ui.see("Next day")
    ui.see("Free practice: GSPC, MSFT, 601318.SS, 000001.SZ")
    ui.see(re.compile(r"Price chart of GSPC up to"))
    ui.shot("phone-en-practice-portfolio")
    # A chip per instrument switches the chart (and the ticket) to it.
    _click(ui.page.get_by_role("checkbox", name="MSFT").first)
    ui.see(re.compile(r"Price chart of MSFT up to"))
    ui.see(re.compile(r"\d{4}-\d{2}-\d{2} · MSFT Microsoft"))
    ui.click("Next day")
    ui.see(re.compile(r"Price chart of MSFT up to"))  # the choice holds as time moves


def test_phone_gtc_buy_stays_open_on_a_locked_limit_up_day(browser: Browser, seeded: AppServer) -> None:
    ui = new_ui(browser, seeded, PHONE, host=True).open("/")
    ui.click("Trader")
    ui.tab("Simulate")
    ui.click("Start: Locked at the limit: East Money in 2015")
    ui.see("Next day")
    ui.click("Buy")
    ui.see("Order ticket")
    ui.page.wait_for_timeout(500)  # let the sheet finish sliding in
    ui.click("Until cancelled")
    ui.type_into("Quantity", "100")
    ui.see(re.compile("Commission "))
    ui.click("Place buy order")
    if ui.page.get_by_role("alertdialog").count():  # buying into a run of limit-ups: think twice
        _dialog_button(ui, "Think twice", "Continue")
    ui.see(re.compile("Order placed for the next trading day"))
    if ui.button("Close").count():
        ui.click("Close")
    ui.click("Next day")
    # 2015-04-17 opened, traded and closed at the limit-up price: no seller, the order waits.
    ui.see(re.compile("Still open: Limit-up lock on 2015-04-17"))
    ui.see(re.compile("Buy 100 · Market · Until cancelled"))
    ui.see("No positions yet. Buy to open one.")
    _scroll_to(ui, re.compile("Still open: Limit-up lock"))
    ui.shot("phone-en-trade-locked-limit-up")
