"""Validate a generated pack of 1,000 items in 100 lessons (two languages) and print the time.

Goal: under 1 s. CPU time is printed too: wall time swings when the machine is busy. Run: ``.venv/bin/python benchmarks/bench_pack_validate.py``
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lessons.loader import load_pack  # noqa: E402
from lessons.translations import accept_language, dump_lock  # noqa: E402

LESSONS = 100
ITEMS_PER_LESSON = 10


def _t(text: str) -> dict[str, str]:
    return {"en": text, "zh-CN": f"{text}（中文）"}


def _item(lesson: int, number: int) -> dict:
    item_id = f"l{lesson}-q{number}"
    kind = number % 7
    base = {"id": item_id, "prompt": _t(f"Question {number} of lesson {lesson}?"), "explanation": _t("Because.")}
    options = [
        {"id": "a", "text": _t("Right"), "correct": True, "feedback": _t("Yes.")},
        {"id": "b", "text": _t("Wrong"), "feedback": _t("No.")},
        {"id": "c", "text": _t("Also wrong")},
    ]
    if kind == 0:
        return {**base, "type": "single_choice", "options": options}
    if kind == 1:
        return {**base, "type": "multiple_choice", "options": options}
    if kind == 2:
        return {**base, "type": "true_false", "answer": True, "feedback_true": _t("Yes."), "feedback_false": _t("No.")}
    if kind == 3:
        return {**base, "type": "numeric", "answer": 37.8, "tolerance": 0.1, "unit": _t("%")}
    if kind == 4:
        return {**base, "type": "ordering", "entries": [{"id": f"e{i}", "text": _t(f"Step {i}")} for i in range(4)]}
    if kind == 5:
        segments = [
            {"id": f"s{i}", "speaker": _t("Wang"), "text": _t(f"Message {i}"), "red_flag": i % 2 == 0,
             "explanation": _t("Why.")}
            for i in range(4)
        ]
        return {**base, "type": "red_flags", "format": "group_chat", "segments": segments}
    states = {
        "start": {"text": _t("Start"), "choices": [{"text": _t("Good"), "goto": "good", "feedback": _t("Nice.")},
                                                  {"text": _t("Bad"), "goto": "bad"}]},
        "good": {"text": _t("Saved"), "ending": "good"},
        "bad": {"text": _t("Lost"), "ending": "bad"},
    }
    return {**base, "type": "scenario", "start": "start", "states": states}


def generate(root: Path) -> None:
    """Write the benchmark pack into ``root``."""
    lesson_ids = [f"lesson-{n}" for n in range(LESSONS)]
    manifest = {
        "schema_version": 1, "id": "bench", "version": "1.0.0", "languages": ["en", "zh-CN"],
        "source_language": "en", "title": _t("Benchmark"), "description": _t("Generated."),
        "authors": [{"name": "Bench"}], "publisher": "Bench", "license": "CC0-1.0",
        "skills": [{"id": "skill", "name": _t("Skill")}], "lessons": lesson_ids,
    }
    (root / "pack.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    card = "# Card {n}\n\nSome text with a [link](https://example.org) and **emphasis**.\n"
    for number, lesson_id in enumerate(lesson_ids):
        folder = root / "lessons" / lesson_id
        folder.mkdir(parents=True)
        cards = "\n---\n\n".join(card.format(n=n) for n in range(5))
        front = f"---\nid: {lesson_id}\ntitle: Lesson {number}\nskills: [skill]\n---\n"
        (folder / "en.md").write_text(front + cards, encoding="utf-8")
        (folder / "zh-CN.md").write_text(f"---\ntitle: 第 {number} 课\n---\n" + cards, encoding="utf-8")
        items = [_item(number, i) for i in range(ITEMS_PER_LESSON)]
        (folder / "quiz.yaml").write_text(yaml.safe_dump({"items": items}, allow_unicode=True), encoding="utf-8")
    result = load_pack(root)
    lock = accept_language(result.texts, "en", "zh-CN", {})
    (root / "translations.lock.yaml").write_text(dump_lock(lock), encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        generate(root)
        timings = []
        cpu = []
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = load_pack(root)
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        summary = result.summary()
        assert result.ok, result.errors[:5]
        assert summary["items"] == LESSONS * ITEMS_PER_LESSON and summary["lessons"] == LESSONS
        print(
            f"validated {summary['lessons']} lessons, {summary['items']} items, 2 languages "
            f"({len(result.texts)} translatable strings): best {min(timings):.3f} s wall, "
            f"{min(cpu):.3f} s CPU; first {timings[0]:.3f} s wall (goal < 1 s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
