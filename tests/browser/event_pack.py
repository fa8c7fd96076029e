"""A small lesson pack for event tests: one short lesson (one card, one quiz item) to assign,
and a lesson whose items make up the test forms and the live quiz. Every form item has the same
right answer text, so a test can answer whichever items were drawn."""

from __future__ import annotations

from pathlib import Path

RIGHT = "It is a red flag"
WRONG = "It sounds fine"
PACK_ID = "event-drill"
LESSON = "spot-the-promise"
SKILL = "event-promises"


def write_pack(root: Path) -> Path:
    """Write the pack folder under ``root`` and return it."""
    pack = root / PACK_ID
    (pack / "lessons" / LESSON).mkdir(parents=True)
    (pack / "lessons" / "promise-checks").mkdir(parents=True)
    (pack / "pack.yaml").write_text(f"""schema_version: 1
id: {PACK_ID}
version: 1.0.0
languages: [en, zh-CN]
source_language: en
title: {{ en: "Event drill", zh-CN: "活动练习" }}
description: {{ en: "Short items for an event. Education, not investment advice.", zh-CN: "活动用的短题。仅用于投资者教育，不构成投资建议。" }}
authors:
  - name: Test
publisher: Test
license: CC-BY-4.0
skills:
  - id: {SKILL}
    name: {{ en: "Spotting promises", zh-CN: "识别承诺" }}
lessons:
  - {LESSON}
  - promise-checks
""", encoding="utf-8")
    for language, title, body in (
        ("en", "Spot the promise", "A promise of **guaranteed** high returns is a red flag."),
        ("zh-CN", "识别承诺", "承诺**保证**高收益是危险信号。"),
    ):
        (pack / "lessons" / LESSON / f"{language}.md").write_text(
            (f"---\nid: {LESSON}\ntitle: {title}\nminutes: 1\nskills: [{SKILL}]\n---\n\n# {title}\n\n{body}\n"
             if language == "en" else f"---\ntitle: {title}\n---\n\n# {title}\n\n{body}\n"),
            encoding="utf-8",
        )
    (pack / "lessons" / LESSON / "quiz.yaml").write_text("""items:
  - id: promise-tf
    type: true_false
    prompt: { en: "A guaranteed 3% a day is a red flag.", zh-CN: "保证每天 3% 的收益是危险信号。" }
    answer: true
""", encoding="utf-8")
    items = "".join(f"""  - id: check-{n}
    type: single_choice
    prompt: {{ en: "Promise {n}: '{text_en}'. What is it?", zh-CN: "承诺 {n}：“{text_zh}”。这是什么？" }}
    options:
      - id: flag
        text: {{ en: "{RIGHT}", zh-CN: "这是危险信号" }}
        correct: true
      - id: fine
        text: {{ en: "{WRONG}", zh-CN: "听起来没问题" }}
""" for n, text_en, text_zh in (
        (1, "Double your money in a week", "一周翻倍"),
        (2, "Zero risk, high return", "零风险高回报"),
        (3, "Only ten places left tonight", "今晚只剩十个名额"),
        (4, "Our teacher never loses", "我们的老师从不亏"),
        (5, "Insider news, act now", "内幕消息，马上行动"),
        (6, "Withdraw any time, 5% a month", "随时提现，每月 5%"),
    ))
    for language, title in (("en", "Promise checks"), ("zh-CN", "承诺检查")):
        (pack / "lessons" / "promise-checks" / f"{language}.md").write_text(
            (f"---\nid: promise-checks\ntitle: {title}\nskills: [{SKILL}]\n---\n\n# {title}\n\nCheck each promise.\n"
             if language == "en" else f"---\ntitle: {title}\n---\n\n# {title}\n\n逐条检查承诺。\n"),
            encoding="utf-8",
        )
    (pack / "lessons" / "promise-checks" / "quiz.yaml").write_text("items:\n" + items, encoding="utf-8")
    return pack
