"""Validate a generated pack of 1,000 items in 100 lessons (two languages) and print the time.

Goal: under 1 s. CPU time is printed too: wall time swings when the machine is busy. Then the
hostile cases: lessons of crafted Markdown near the 5 MB file cap, and packs that sit just
under the Markdown caps (the worst a pack can cost), and a second catalog load of unchanged
packs from the validated-pack cache.
Run: ``.venv/bin/python benchmarks/bench_pack_validate.py`` (``--quick`` skips the caps).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lessons import limits  # noqa: E402
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


SIZE = 4_900_000
HOSTILE = {
    "4.9 MB of '['": "[" * SIZE,
    "4.9 MB of '![x]('": "![x](" * (SIZE // 5),
    "4.9 MB of '[a]('": "[a](" * (SIZE // 4),
    "4.9 MB of '*a_' and a link": "*a_" * (SIZE // 3) + " [x](https://example.org)",
    "4.9 MB of '``a' and a ']'": "``a" * (SIZE // 3) + "]",
    "4.9 MB of '<'": "<" * SIZE,
    "4.9 MB of '<a '": "<a " * (SIZE // 3),
    "4.9 MB of '>'": ">" * SIZE,
    "4.9 MB of 'a\\n' lines": "a\n" * (SIZE // 2),
}


def _timed(root: Path) -> tuple[float, float, list[str]]:
    start, start_cpu = time.perf_counter(), time.process_time()
    result = load_pack(root)
    return time.perf_counter() - start, time.process_time() - start_cpu, sorted({e.code for e in result.errors})


def _hostile_pack(root: Path, body: str, lessons: int = 1) -> None:
    """A minimal one-language pack whose lessons end with ``body``."""
    ids = [f"l{n}" for n in range(lessons)]
    manifest = {
        "schema_version": 1, "id": "hostile", "version": "1.0.0", "languages": ["en"],
        "source_language": "en", "title": {"en": "Hostile"}, "description": {"en": "Crafted."},
        "authors": [{"name": "Bench"}], "publisher": "Bench", "license": "CC0-1.0", "lessons": ids,
    }
    (root / "pack.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    for lesson_id in ids:
        folder = root / "lessons" / lesson_id
        folder.mkdir(parents=True)
        (folder / "en.md").write_text(f"---\nid: {lesson_id}\ntitle: T\n---\nText.\n\n{body}\n", encoding="utf-8")


def hostile() -> None:
    """Crafted lessons: each must end (valid or with an error) far below a second."""
    print("Crafted lessons (before the caps: 58-75 s for the first two, minutes for line floods):")
    for name, body in HOSTILE.items():
        with tempfile.TemporaryDirectory() as directory:
            _hostile_pack(Path(directory), body)
            wall, cpu, codes = _timed(Path(directory))
        print(f"  {name:<32} {wall:6.3f} s wall {cpu:6.3f} s CPU  -> {', '.join(codes) or 'valid'}")


def worst_under_caps() -> None:
    """Packs crafted to sit just under the caps: the most a pack can make the validator do."""
    per_file_markup = limits.MAX_LESSON_MARKUP // 4 - 1  # '[a](' holds four signs
    files = limits.MAX_PACK_MARKUP // (per_file_markup * 4)
    cases = {
        f"{files} lessons of {per_file_markup} '[a](' (pack markup cap)": ("[a](" * per_file_markup, files),
        f"{limits.MAX_PACK_LESSON_LINES // limits.MAX_LESSON_LINES} lessons of {limits.MAX_LESSON_LINES - 10} "
        "list lines (pack line cap)": (
            "- item\n" * (limits.MAX_LESSON_LINES - 10), limits.MAX_PACK_LESSON_LINES // limits.MAX_LESSON_LINES
        ),
    }
    print("Just under the caps (the worst case a pack can cost):")
    for name, (body, lessons) in cases.items():
        with tempfile.TemporaryDirectory() as directory:
            _hostile_pack(Path(directory), body, lessons)
            wall, cpu, codes = _timed(Path(directory))
        print(f"  {name:<60} {wall:6.3f} s wall {cpu:6.3f} s CPU  -> {', '.join(codes) or 'valid'}")


# Prose with promises, negations, quotations and Chinese, repeated to just under the 5 MB cap:
# what the compliance check folds and searches for `edu-app pack validate`.
_SENTENCES = (
    "Some adverts promise guaranteed returns, but there is no such thing as risk-free investing. "
    "Treat “稳赚不赔” and \"no risk\" as stop signs; the risk-free rate is a technical term. "
    "这不是保本产品，投资有风险。A fund's past results do not predict its future ones. "
)
# Long paragraphs keep the lesson under the line cap while it nears the size cap.
_PROSE = _SENTENCES * 40 + "\n\n"


def compliance_on_a_large_lesson() -> None:
    """`pack validate` on a 4.9 MB lesson: loading plus the compliance check (was over 10 s)."""
    from lessons.compliance import check_compliance

    body = _PROSE * (int(4.9 * 1024 * 1024) // len(_PROSE.encode("utf-8")))
    with tempfile.TemporaryDirectory() as directory:
        _hostile_pack(Path(directory), body)
        start, start_cpu = time.perf_counter(), time.process_time()
        result = load_pack(Path(directory))
        loaded = time.perf_counter() - start
        assert result.ok, result.errors[:3]
        warnings = check_compliance(result)
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    size = len(body.encode("utf-8")) / (1024 * 1024)
    print(
        f"Compliance check of a {size:.1f} MB lesson: {wall:.3f} s wall ({loaded:.3f} s loading), "
        f"{cpu:.3f} s CPU, {len(warnings)} warnings"
    )


def cached_catalog() -> None:
    """The built-in packs loaded twice in a fresh cache dir: validated, then from the cache."""
    import os

    from edu_app import paths
    from edu_app.learning.catalog import library_packs

    with tempfile.TemporaryDirectory() as directory:
        os.environ["EDU_APP_DATA_DIR"] = directory
        paths.set_data_dir(None)
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            packs = library_packs()
            timings.append(time.perf_counter() - start)
    print(
        f"Catalog of the {len(packs)} built-in packs: {timings[0]:.3f} s validating, "
        f"{timings[1]:.3f} s from the validated-pack cache"
    )


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
    cached_catalog()
    compliance_on_a_large_lesson()
    hostile()
    if "--quick" not in sys.argv:
        worst_under_caps()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
