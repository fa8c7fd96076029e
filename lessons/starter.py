"""The starter pack written by ``edu-app pack new``: one lesson and one item of every type, in
English and Chinese, valid as created (translation lock included)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from lessons.translations import LOCK_FILE, accept_language, dump_lock

_MANIFEST = """\
# The manifest of a lesson pack. Format: docs/lesson-packs.md (or `edu-app pack schema`).
schema_version: 1
id: PACK_ID
version: 0.1.0
languages: [en, zh-CN]
source_language: en
title:
  en: PACK_TITLE
  zh-CN: PACK_TITLE
description:
  en: A starter pack. Replace this text with what your pack teaches. This is education, not investment advice.
  zh-CN: 入门课程包。请把这段文字换成你的课程包要讲的内容。本内容仅用于投资者教育，不构成投资建议。
authors:
  - name: Your name
publisher: Your organisation
license: CC-BY-4.0
sources:
  - id: sec-ponzi
    title: "Ponzi Schemes (Investor.gov glossary)"
    publisher: U.S. SEC
    url: https://www.investor.gov/protect-your-investments/fraud/types-fraud/ponzi-scheme
    accessed: 2026-01-15
skills:
  - id: phantom-riches
    name:
      en: Phantom riches
      zh-CN: 虚幻财富诱惑
lessons:
  - guaranteed-returns
unlocks:
  - feature: simulator
    when:
      all:
        - lesson_completed: guaranteed-returns
        - quiz_score: { lesson: guaranteed-returns, at_least: 0.8 }
"""

_LESSON_EN = """\
---
id: guaranteed-returns
title: Too good to be true
minutes: 5
skills: [phantom-riches]
sources: [sec-ponzi]
---
# The promise

Li Wei sees a post: "Earn 3% a day, guaranteed." The post links to a polished trading app.

![A placeholder picture: put your own images in media/](media/example.png)

---

# Why it is a red flag

Real investments carry risk. Nobody can guarantee a high return, and returns that stay high
and steady whatever the market does are a classic sign of a
[Ponzi scheme](https://www.investor.gov/protect-your-investments/fraud/types-fraud/ponzi-scheme).
"""

_LESSON_ZH = """\
---
title: 好得不像真的
---
# 诱人的承诺

李伟看到一条帖子：“每天稳赚 3%，保证收益。”帖子里附着一个做得很精致的交易应用。

![示例图片：请把你自己的图片放进 media/](media/example.png)

---

# 为什么这是危险信号

真正的投资都有风险。没有人能保证高收益；不管市场怎么变，收益都又高又稳，正是
[庞氏骗局](https://www.investor.gov/protect-your-investments/fraud/types-fraud/ponzi-scheme)的典型特征。
"""

_QUIZ = """\
# Quiz items of the lesson. Every item id must be unique in the pack and stay stable.
items:
  - id: gr-single
    type: single_choice
    prompt:
      en: A post promises "3% a day, guaranteed". What is the best first reaction?
      zh-CN: 帖子承诺“每天 3%，保证收益”。最好的第一反应是什么？
    options:
      - id: a
        text: { en: Treat it as a red flag, zh-CN: 把它当作危险信号 }
        correct: true
        feedback:
          en: "Right: guaranteed high returns are a classic sign of fraud."
          zh-CN: 对：保证高收益是诈骗的典型特征。
      - id: b
        text: { en: Invest a small amount to test it, zh-CN: 先投一小笔试试 }
        feedback:
          en: "Not quite: schemes often pay out small early withdrawals to win trust."
          zh-CN: 不完全对：骗局常常让早期的小额提现成功，以骗取信任。
    explanation:
      en: No legitimate investment can guarantee a high return.
      zh-CN: 没有任何正规投资能保证高收益。

  - id: gr-multi
    type: multiple_choice
    prompt:
      en: Which of these are warning signs?
      zh-CN: 以下哪些是警示信号？
    options:
      - id: guaranteed
        text: { en: '"Guaranteed returns"', zh-CN: “保证收益” }
        correct: true
      - id: pressure
        text: { en: Pressure to act now, zh-CN: 催促你马上行动 }
        correct: true
      - id: prospectus
        text: { en: A registered prospectus, zh-CN: 已注册的招股说明书 }
        feedback:
          en: A registered prospectus is a good sign, though still worth reading.
          zh-CN: 已注册的招股说明书是好迹象，但仍值得认真阅读。

  - id: gr-tf
    type: true_false
    prompt:
      en: A steady 3% a day for a year is a normal investment return.
      zh-CN: 一年里每天稳定赚 3% 是正常的投资回报。
    answer: false
    feedback_true:
      en: No. 3% a day compounds to far more than any real market pays.
      zh-CN: 不对。每天 3% 复利下来，远超任何真实市场的回报。
    feedback_false:
      en: Right. No real market pays like that.
      zh-CN: 对。没有真实的市场能这样回报。

  - id: gr-numeric
    type: numeric
    prompt:
      en: If 100 yuan grew 3% every day for 10 days, how many yuan would it be? (one decimal)
      zh-CN: 如果 100 元每天增长 3%，连续 10 天，会变成多少元？（保留一位小数）
    answer: 134.4
    tolerance: 0.1
    unit: { en: yuan, zh-CN: 元 }
    feedback_correct:
      en: "Right: 100 × 1.03¹⁰ ≈ 134.4. Small daily promises add up fast."
      zh-CN: 对：100 × 1.03¹⁰ ≈ 134.4。每天的小承诺累积起来很惊人。
    feedback_incorrect:
      en: "Compound it: 100 × 1.03¹⁰ ≈ 134.4."
      zh-CN: 按复利算：100 × 1.03¹⁰ ≈ 134.4。

  - id: gr-order
    type: ordering
    prompt:
      en: Put these steps in the right order when an offer looks suspicious.
      zh-CN: 遇到可疑的投资邀请时，请把下列步骤排成正确的顺序。
    entries:
      - id: stop
        text: { en: Stop and do not transfer money, zh-CN: 停下来，不要转账 }
      - id: check
        text: { en: Check the firm's registration, zh-CN: 查询该机构的注册信息 }
      - id: report
        text: { en: Report it to the regulator, zh-CN: 向监管机构举报 }

  - id: gr-flags
    type: red_flags
    format: group_chat
    prompt:
      en: Tap every message that is a red flag.
      zh-CN: 点出每一条危险信号消息。
    segments:
      - id: s1
        speaker: { en: Teacher Wang, zh-CN: 王老师 }
        text:
          en: Follow my picks and earn 30% this week, guaranteed!
          zh-CN: 跟着我的推荐买，本周保证赚 30%！
        red_flag: true
        explanation:
          en: Nobody can guarantee returns, least of all 30% a week.
          zh-CN: 没有人能保证收益，更别说每周 30%。
      - id: s2
        speaker: { en: Member, zh-CN: 群友 }
        text:
          en: What does everyone think of the market today?
          zh-CN: 大家觉得今天的行情怎么样？
        red_flag: false
        explanation:
          en: An ordinary question.
          zh-CN: 普通的提问。
      - id: s3
        speaker: { en: Teacher Wang, zh-CN: 王老师 }
        text:
          en: Only 3 places left in the VIP group, pay before midnight.
          zh-CN: VIP 群只剩 3 个名额，今晚十二点前付款。
        red_flag: true
        explanation:
          en: Artificial urgency pushes you to pay before you think.
          zh-CN: 人为制造紧迫感，让你来不及思考就付款。

  - id: gr-scenario
    type: scenario
    prompt:
      en: A stranger on a dating app starts talking about investing.
      zh-CN: 交友软件上的陌生人开始和你聊投资。
    start: dm
    states:
      dm:
        text:
          en: "\\"My uncle's platform pays 5% a week. Want me to open an account for you?\\""
          zh-CN: “我舅舅的平台每周回报 5%，要我帮你开个账户吗？”
        choices:
          - text: { en: Ask which regulator licenses the platform, zh-CN: 问这个平台由哪家监管机构颁发牌照 }
            goto: ask-license
            feedback:
              en: Good instinct.
              zh-CN: 很好的直觉。
          - text: { en: Send 1000 yuan to try it, zh-CN: 转 1000 元试试 }
            goto: paid
      ask-license:
        text:
          en: The stranger changes the subject and stops replying. You kept your money.
          zh-CN: 对方岔开话题，不再回复。你的钱保住了。
        ending: good
      paid:
        text:
          en: The app shows a profit, but withdrawals need a "tax" first. The money is gone.
          zh-CN: 应用显示盈利，但提现要先交“税”。钱再也要不回来了。
        ending: bad
"""

_MANIFEST_ZH = """\
# 课程包清单（manifest）。格式说明见 docs/lesson-packs.md，或运行 `edu-app pack schema`。
schema_version: 1                 # 格式版本，目前为 1
id: PACK_ID                       # 课程包 id：小写字母、数字和单个连字符
version: 0.1.0                    # 课程包版本号
languages: [zh-CN, en]            # 课程包的语言
source_language: zh-CN            # 先用中文写，英文是译文
title:
  zh-CN: PACK_TITLE
  en: PACK_TITLE
description:
  zh-CN: 入门课程包。请把这段文字换成你的课程包要讲的内容。本内容仅用于投资者教育，不构成投资建议。
  en: A starter pack. Replace this text with what your pack teaches. This is education, not investment advice.
authors:
  - name: 你的名字
publisher: 你的机构
license: CC-BY-4.0
sources:                          # 课程所依据的资料；课程用 id 引用
  - id: sec-ponzi
    title: "Ponzi Schemes (Investor.gov glossary)"
    publisher: U.S. SEC
    url: https://www.investor.gov/protect-your-investments/fraud/types-fraud/ponzi-scheme
    accessed: 2026-01-15
skills:                           # 题目考查的技能
  - id: phantom-riches
    name:
      zh-CN: 虚幻财富诱惑
      en: Phantom riches
lessons:                          # 课程顺序；每个 id 是 lessons/ 下的一个文件夹
  - guaranteed-returns
unlocks:                          # 可选：学完本课程包可解锁的功能
  - feature: simulator
    when:
      all:
        - lesson_completed: guaranteed-returns
        - quiz_score: { lesson: guaranteed-returns, at_least: 0.8 }   # 0.8 即 80%
"""

_LESSON_ZH_FIRST = """\
---
id: guaranteed-returns
title: 好得不像真的
minutes: 5
skills: [phantom-riches]
sources: [sec-ponzi]
---
""" + _LESSON_ZH.split("---\n", 2)[2]

_LESSON_EN_TRANSLATION = """\
---
title: Too good to be true
---
""" + _LESSON_EN.split("---\n", 2)[2]

_QUIZ_ZH_HEADER = "# 本课的测验题。每道题的 id 在整个课程包内唯一，发布后不要再改。\n"


def _chinese_first(value: object) -> object:
    """``value`` with every ``{en, zh-CN}`` text map written Chinese first."""
    if isinstance(value, dict):
        ordered = {key: _chinese_first(child) for key, child in value.items()}
        if "zh-CN" in ordered:
            ordered = {"zh-CN": ordered.pop("zh-CN"), **ordered}
        return ordered
    if isinstance(value, list):
        return [_chinese_first(child) for child in value]
    return value


# A 1×1 PNG, so the starter shows how lessons reference media.
_EXAMPLE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def default_title(source_language: str = "en") -> str:
    """The starter pack's title when none is given."""
    return "我的课程包" if source_language == "zh-CN" else "My lesson pack"


def starter_files(pack_id: str, title: str, source_language: str = "en") -> dict[str, bytes]:
    """The starter pack's files (translation lock not included). With ``source_language``
    ``zh-CN`` the pack is Chinese-first: Chinese is the source, comments are in Chinese."""
    if source_language == "zh-CN":
        import yaml

        quiz = yaml.safe_load(_QUIZ)
        body = yaml.safe_dump(_chinese_first(quiz), allow_unicode=True, sort_keys=False, width=100)
        manifest = _MANIFEST_ZH.replace("PACK_ID", pack_id).replace("PACK_TITLE", _yaml_scalar(title))
        return {
            "pack.yaml": manifest.encode(),
            "lessons/guaranteed-returns/zh-CN.md": _LESSON_ZH_FIRST.encode(),
            "lessons/guaranteed-returns/en.md": _LESSON_EN_TRANSLATION.encode(),
            "lessons/guaranteed-returns/quiz.yaml": (_QUIZ_ZH_HEADER + body).encode(),
            "media/example.png": _EXAMPLE_PNG,
        }
    manifest = _MANIFEST.replace("PACK_ID", pack_id).replace("PACK_TITLE", _yaml_scalar(title))
    return {
        "pack.yaml": manifest.encode(),
        "lessons/guaranteed-returns/en.md": _LESSON_EN.encode(),
        "lessons/guaranteed-returns/zh-CN.md": _LESSON_ZH.encode(),
        "lessons/guaranteed-returns/quiz.yaml": _QUIZ.encode(),
        "media/example.png": _EXAMPLE_PNG,
    }


def slug_from(name: str) -> str:
    """A pack id made from a folder or file name (``My Pack_2`` -> ``my-pack-2``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "my-pack"


def write_starter(directory: Path, pack_id: str, title: str | None = None, source_language: str = "en") -> None:
    """Write the starter pack into ``directory`` (created; must be empty if it exists) and
    confirm its translations so that it validates with nothing stale or unconfirmed."""
    title = title or default_title(source_language)
    files = confirm_translations(starter_files(pack_id, title, source_language))
    for relative, data in files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def confirm_translations(files: dict[str, bytes]) -> dict[str, bytes]:
    """``files`` with a translation lock that confirms every translation they hold, for packs
    written in all their languages at once (the starter, a bilingual spreadsheet)."""
    from lessons.files import PackFiles
    from lessons.loader import load_pack_files

    result = load_pack_files(PackFiles(files=dict(files)))
    lock: dict[str, dict[str, str]] = {}
    for language in result.languages:
        if language != result.source_language and result.source_language:
            lock = accept_language(result.texts, result.source_language, language, lock)
    return {**files, LOCK_FILE: dump_lock(lock).encode()}


def _yaml_scalar(text: str) -> str:
    # A title is free text; quoting keeps "Risk: an intro" or "#1" from being read as YAML syntax.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
