"""Catalog parity between zh-CN and en, language detection, and URL routes."""

from __future__ import annotations

import re

import pytest

from edu_app.i18n import LANGUAGES, Translator, catalog, language_from_locale
from edu_app.ui.routes import parse

# "{name}" or an English plural form "{name:one|other}".
PLACEHOLDER = re.compile(r"\{(\w+)[}:]")


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    zh, en = catalog("zh-CN"), catalog("en")
    assert sorted(zh) == sorted(en)
    for key in en:
        assert set(PLACEHOLDER.findall(zh[key])) == set(PLACEHOLDER.findall(en[key])), key
        assert zh[key].strip() and en[key].strip(), key


def test_chinese_catalog_is_chinese() -> None:
    zh = catalog("zh-CN")
    cjk = sum(1 for text in zh.values() if re.search(r"[\u4e00-\u9fff]", text))
    # Every string but a handful of numbers/symbol-only ones must contain Chinese characters.
    assert cjk >= len(zh) - 2


def test_every_catalog_key_is_used_in_the_code() -> None:
    from pathlib import Path

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path("edu_app").rglob("*.py"))
    # built as f"nav.{d}", f"nickname.{code}", f"quiz.format.{format}", f"quiz.ending.{ending}"
    dynamic_prefixes = ("nav.", "nickname.", "quiz.format.", "quiz.ending.")
    # the studio's labels by item type, message format, condition, language set and mark
    dynamic_prefixes += (
        "studio.type.", "studio.format.", "studio.condition", "studio.langs.", "studio.image_",
        "studio.mark_", "studio.card_mark_",
    )
    unused = [k for k in catalog("en") if k not in source and not k.startswith(dynamic_prefixes)]
    assert unused == []


@pytest.mark.parametrize(
    ("locale", "language"),
    [("zh-CN", "zh-CN"), ("zh_Hans_CN", "zh-CN"), ("zh-TW", "zh-CN"), ("en-US", "en"), ("fr-FR", "en"), (None, "en")],
)
def test_language_from_locale(locale: str | None, language: str) -> None:
    assert language_from_locale(locale) == language


@pytest.mark.parametrize(("lessons", "expected"), [(0, "0 lessons"), (1, "1 lesson"), (2, "2 lessons")])
def test_english_counts_use_the_right_plural_form(lessons: int, expected: str) -> None:
    text = Translator("en")("me.history_totals", answers=1, correct=1, lessons=lessons)
    assert f"{expected} completed" in text and "1 answer," in text
    assert Translator("zh-CN")("me.history_totals", answers=1, correct=1, lessons=lessons).endswith(f"完成 {lessons} 节课")


def test_a_quoted_answer_is_not_quoted_twice() -> None:
    zh = Translator("zh-CN")("quiz.multi_chosen_wrong", answer="“这事只告诉你”")
    assert zh == "你选了“这事只告诉你”：不正确"
    assert Translator("en")("quiz.multi_missed", answer="“Only you know”") == "You missed “Only you know”"
    # A value that merely contains quotes, or is not quoted by the template, is left alone.
    assert Translator("en")("quiz.multi_missed", answer="“A” or “B”") == "You missed ““A” or “B””"
    assert Translator("en")("home.greeting", nickname="“Li”") == "Hi, “Li”"


def test_translator_fills_placeholders() -> None:
    assert Translator("en")("home.greeting", nickname="Li") == "Hi, Li"
    assert Translator("zh-CN")("home.greeting", nickname="李") == "你好，李"
    assert Translator("xx").language in LANGUAGES


@pytest.mark.parametrize(
    ("url", "name", "destination", "params"),
    [
        ("/", "home", "home", {}),
        ("/learn", "learn", "learn", {}),
        ("/learn/library", "library", "learn", {}),
        ("/learn/drill", "drill", "learn", {}),
        ("/learn/drill/sms/42", "drill", "learn", {"kind": "sms", "seed": "42"}),
        ("/studio", "studio", "studio", {"path": "/studio"}),
        ("/studio/lesson/intro", "studio_lesson", "studio", {"path": "/studio/lesson/intro", "lesson": "intro"}),
        ("/preview", "preview", "learn", {}),
        ("/learn/anti-fraud-essentials", "pack", "learn", {"pack": "anti-fraud-essentials"}),
        ("/learn/p/l%20x", "lesson", "learn", {"pack": "p", "lesson": "l x"}),
        ("/learn/p/l?card=3", "lesson", "learn", {"pack": "p", "lesson": "l", "card": "3"}),
        ("/learn/p/l?card=x", "lesson", "learn", {"pack": "p", "lesson": "l"}),
        ("/learn/p/l/quiz", "quiz", "learn", {"pack": "p", "lesson": "l"}),
        ("/learn/review", "review", "learn", {}),
        ("/me/skills", "skills", "me", {}),
        ("/learn/skills", "skills", "learn", {}),
        ("/simulate", "simulate", "simulate", {}),
        ("/simulate/practice", "sim_practice", "simulate", {}),
        ("/simulate/session/12", "trade", "simulate", {"id": "12"}),
        ("/simulate/session/12/report", "report", "simulate", {"id": "12"}),
        ("/simulate/session/abc", "simulate", "simulate", {}),
        ("/me", "me", "me", {}),
        ("/welcome", "welcome", "home", {}),
        ("/nowhere/at/all/really", "not_found", "home", {"path": "/nowhere/at/all/really"}),
        ("/me?x=1", "me", "me", {}),
    ],
)
def test_routes(url: str, name: str, destination: str, params: dict[str, str]) -> None:
    route = parse(url)
    assert (route.name, route.destination, route.params) == (name, destination, params)
