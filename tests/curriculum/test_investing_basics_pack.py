"""The built-in pack ``investing-basics``: valid, fully translated, with the agreed unlock rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "lessons" / "packs" / "investing-basics"

LESSONS = [
    "risk-and-return",
    "diversification",
    "compounding-and-costs",
    "index-funds",
    "order-types",
    "a-share-rules",
    "ipo-and-boards",
]

UNLOCKS = [
    {"feature": "orders.limit", "when": {"quiz_score": {"lesson": "order-types", "at_least": 0.7}}},
    {
        "feature": "orders.stop",
        "when": {
            "all": [
                {"quiz_score": {"lesson": "order-types", "at_least": 0.8}},
                {"skill_mastery": {"skill": "order-types", "at_least": 0.6}},
            ]
        },
    },
    {"feature": "market.cn_a", "when": {"quiz_score": {"lesson": "a-share-rules", "at_least": 0.7}}},
    {
        "feature": "board.star_chinext",
        "when": {
            "all": [
                {"lesson_completed": "ipo-and-boards"},
                {"skill_mastery": {"skill": "a-share-rules", "at_least": 0.7}},
            ]
        },
    },
]


def manifest() -> dict:
    return yaml.safe_load((PACK / "pack.yaml").read_text(encoding="utf-8"))


def test_lessons_and_unlocks_are_as_agreed():
    data = manifest()
    assert data["lessons"] == LESSONS
    assert data["unlocks"] == UNLOCKS


def test_skills_are_copied_verbatim_from_the_taxonomy():
    taxonomy = {s["id"]: s for s in yaml.safe_load((REPO / "lessons/packs/skills.yaml").read_text("utf-8"))["skills"]}
    for skill in manifest()["skills"]:
        assert skill == taxonomy[skill["id"]]


def test_every_lesson_cites_declared_sources_and_has_matching_cards():
    data = manifest()
    source_ids = {s["id"] for s in data["sources"]}
    for lesson in LESSONS:
        en = (PACK / "lessons" / lesson / "en.md").read_text(encoding="utf-8")
        zh = (PACK / "lessons" / lesson / "zh-CN.md").read_text(encoding="utf-8")
        front = yaml.safe_load(en.split("---\n")[1])
        assert front["id"] == lesson
        assert front["sources"] and set(front["sources"]) <= source_ids
        assert en.count("\n\n---\n") == zh.count("\n\n---\n")
        assert "This is education, not investment advice." in en
        assert "本内容仅用于投资者教育，不构成投资建议。" in zh


def test_pack_validates_with_no_missing_or_stale_translations():
    exe = Path(sys.executable).with_name("edu-app")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "edu_app"]
    result = subprocess.run([*cmd, "pack", "validate", str(PACK), "--json"], capture_output=True, text=True, timeout=120)
    output = (result.stdout + result.stderr).lower()
    if "not yet available" in output or "unrecognized arguments" in output or "invalid choice" in output:
        pytest.skip("`edu-app pack validate` is not available")
    report = json.loads(result.stdout)
    assert report["ok"] is True, report["errors"]
    assert report["missing_translations"] == []
    assert report["stale_translations"] == []
