"""Know your risk as a learner meets it: the questionnaire one question at a time in English and
Chinese, the grade and what it means, the reality check on Me, and a broker's suitability
warning with confirm and cancel, recorded in the database.

Meeting the warning when starting a higher-risk scenario, and the reality check after a session,
need the simulator screens; the dialog is exercised here from the risk screen's example."""

from __future__ import annotations

import re
import sqlite3

from playwright.sync_api import Browser

from edu_app.store.database import DB_FILENAME
from tests.browser.harness import DESKTOP, PHONE, UI, AppServer, new_ui

# The hand-scored student of tests/risk/test_scoring.py: 55 points, C3.
STUDENT_EN = [
    "18 to 30",
    "Irregular: a student, part-time or freelance work",
    "10% to 25%",
    "Three to six months",
    "Less than a year",
    "I know deposits, bank wealth products and money-market funds",
    "Growth over the years, accepting real swings on the way",
    "Not for more than five years",
    "Sell part of it",
    "Up to 10%",
]
# The boldest answers except "I cannot accept any loss": 90 points, yet C1, the lowest category.
BOLD_BUT_NO_LOSS_ZH = [
    "31至45岁",
    "工资或经营收入稳定，中断的可能性小",
    "10%以下",
    "一年以上",
    "五年以上",
    "理解分散投资、回撤、杠杆以及衍生品的风险",
    "追求尽可能高的收益，愿意承受较大亏损",
    "五年以上",
    "按事先的计划逢低加仓",
    "不能接受任何亏损",
]


def _choices(server: AppServer) -> list[tuple[str, int, str]]:
    with sqlite3.connect(server.data_dir / DB_FILENAME) as conn:
        return [
            (level, int(confirmed), context)
            for level, confirmed, context in conn.execute(
                "SELECT product_level, confirmed, context FROM suitability_choice ORDER BY id"
            )
        ]


def _answer(ui: UI, answers: list[str], next_label: str, finish_label: str, progress: str) -> None:
    for number, answer in enumerate(answers, start=1):
        ui.see(progress.format(number=number, count=len(answers)))
        ui.click(answer)
        ui.click(finish_label if number == len(answers) else next_label)


def _both_sizes(ui: UI, name: str, then: dict[str, int]) -> None:
    """Screenshots of the current screen at phone and desktop sizes, then back to ``then``."""
    for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        ui.page.set_viewport_size(size)
        ui.page.wait_for_timeout(800)
        ui.shot(f"{size_name}-{name}")
    ui.page.set_viewport_size(then)
    # Crossing the phone width redraws the screen; wait for it before using it again.
    ui.page.wait_for_timeout(1000)


def test_english_questionnaire_grade_reality_check_and_warning(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, PHONE).open("/")
    ui.type_into("Nickname", "Gao")
    ui.click("Start")
    ui.tab("Me")
    ui.see("You have not taken the risk questionnaire yet. It takes about two minutes.")
    ui.click("Open risk profile")
    ui.see("Know your risk")
    ui.see("Take the questionnaire first")
    ui.shot("phone-en-risk-start")
    ui.click("Start the questionnaire")
    ui.see("We only ask for an age band, never your date of birth.")
    ui.shot("phone-en-risk-question")
    # Back keeps the answer given: go forward one, back, and the first answer is still chosen.
    ui.click(STUDENT_EN[0])
    ui.click("Next")
    ui.see("Question 2 of 10")
    ui.click("Back")
    ui.see("Question 1 of 10")
    ui.not_see("Choose one answer to go on.")
    _answer(ui, STUDENT_EN, "Next", "See my result", "Question {number} of {count}")
    ui.see("C3 · Balanced")
    ui.see("Score 55 of 100")
    ui.see("This result is for learning only. It is not investment advice, and a real firm's assessment may differ.")
    ui.see("No simulator history yet")
    ui.see("Above your grade: you will see a warning")
    _both_sizes(ui, "en-risk-result", then=PHONE)
    # The levels of the scenarios, further down.
    ui.page.mouse.move(200, 400)
    ui.page.mouse.wheel(0, 1400)
    ui.page.wait_for_timeout(800)
    ui.shot("phone-en-risk-levels")

    # The warning a broker must show: cancel, then confirm; both are recorded.
    ui.click("See the warning a broker would show")
    ui.see("This is above your risk grade")
    ui.see("Bitcoin's boom and bust (2017-2019)")
    ui.see("This is practice with simulated money, so you may go ahead: deciding with the risk in view is the lesson.")
    ui.shot("phone-en-risk-warning")
    ui.click("Cancel")
    ui.see("Your choice was recorded: you cancelled.")
    ui.page.set_viewport_size(DESKTOP)
    ui.page.wait_for_timeout(1000)
    ui.click("See the warning a broker would show")
    ui.see("This is above your risk grade")
    ui.shot("desktop-en-risk-warning")
    ui.click("I understand the risk, continue")
    ui.see("Your choice was recorded: you went ahead.")
    assert _choices(server) == [("R5", 0, "example"), ("R5", 1, "example")]
    ui.page.set_viewport_size(PHONE)
    ui.page.wait_for_timeout(1000)

    # Dark theme, then Me shows the grade and the reality check.
    ui.click("Switch light or dark theme")
    ui.page.wait_for_timeout(500)
    _both_sizes(ui, "en-risk-result-dark", then=PHONE)
    ui.tab("Me")
    ui.see(re.compile(r"Your grade: C3 · Balanced, taken on \d{4}-\d{2}-\d{2}\."))
    ui.see("Reality check")
    ui.see("No simulator history yet")
    ui.click("Read: Be honest on the risk questionnaire")
    ui.page.wait_for_url("**/learn/behaviour-traps/risk-tolerance-honesty", timeout=30_000)
    ui.see(re.compile("Gao Yu, 23, is opening her first brokerage account"))


def test_chinese_questionnaire_lowest_category_and_retake(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, DESKTOP, locale="zh-CN").open("/me/risk")
    ui.type_into("昵称", "高雨")
    ui.click("开始")
    ui.see("了解自己的风险承受能力")
    ui.click("开始测评")
    ui.see("我们只询问年龄段，从不询问出生日期。")
    _both_sizes(ui, "zh-CN-risk-question", then=DESKTOP)
    _answer(ui, BOLD_BUT_NO_LOSS_ZH, "下一题", "查看测评结果", "第 {number} 题，共 {count} 题")
    ui.see("等级 C1 · 保守型")
    ui.see("得分 90 / 100")
    ui.see("本测评结果仅用于投资者教育，不构成投资建议；真实机构的评估结果可能不同。")
    ui.see("您选择了“不能接受任何亏损”。无论其他题目如何作答，这都会使您属于风险承受能力最低类别：真实机构不得向您销售风险高于R1的产品。")
    ui.see("还没有模拟交易记录")
    _both_sizes(ui, "zh-CN-risk-result", then=DESKTOP)
    ui.click("看看券商会显示的风险警示")
    ui.see("真实机构不能向您销售该产品")
    ui.shot("desktop-zh-CN-risk-warning")
    ui.click("取消")
    ui.see("已记录您的选择：取消。")
    ui.page.set_viewport_size(PHONE)
    ui.page.wait_for_timeout(1000)
    ui.click("看看券商会显示的风险警示")
    ui.see("真实机构不能向您销售该产品")
    ui.shot("phone-zh-CN-risk-warning")
    ui.click("我已了解风险，继续")
    ui.see("已记录您的选择：继续。")
    assert _choices(server) == [("R5", 0, "example"), ("R5", 1, "example")]
    ui.page.set_viewport_size(DESKTOP)
    ui.page.wait_for_timeout(1000)

    # A retake replaces the grade shown and keeps the earlier result.
    ui.click("切换浅色或深色主题")
    ui.click("重新测评")
    answers = list(BOLD_BUT_NO_LOSS_ZH)
    answers[-1] = "30%以上，甚至一半"
    _answer(ui, answers, "下一题", "查看测评结果", "第 {number} 题，共 {count} 题")
    ui.see("等级 C5 · 激进型")
    ui.see("得分 100 / 100")
    ui.see("以往的测评结果")
    ui.see(re.compile(r"C1 · 保守型（得分 90）$"))
    # A C5 whose quizzes show none of the skills such an investor needs: the reality check says so.
    ui.see("您的回答比您目前的表现更“大胆”")
    ui.not_see("看看券商会显示的风险警示")
    _both_sizes(ui, "zh-CN-risk-result-dark", then=DESKTOP)
