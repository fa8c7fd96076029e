"""Time to compute the Me screen (``LearningService.progress``) for a learner with 100,000 answers.

Writes a history of N answers (default 100,000) spread over two years of the built-in packs'
items, with a lesson completion every few days, into a temporary SQLite database; derives the
state once with ``rebuild`` (also timed); then times the calls the Me and Home screens make.
The goal for ``progress`` is under 50 ms.

Usage: python benchmarks/bench_me_screen.py [ANSWERS] [RUNS]
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.pack_library import builtin_packs_dir
from edu_app.services.profiles import ProfileService
from edu_app.store import open_database
from edu_app.store.models import Answer, LessonCompletion
from lessons import Item, grade, load_pack

DAYS = 730


def builtin_catalog() -> PackCatalog:
    packs = [load_pack(path).pack for path in sorted(builtin_packs_dir().iterdir()) if path.is_dir()]
    return PackCatalog(loader=lambda: [pack for pack in packs if pack is not None])


def response_for(item: Item, right: bool) -> Any:
    """A plausible response: the right one, or a simple wrong one."""
    kind = item.type
    if kind == "single_choice":
        return next(o.id for o in item.options if o.correct == right)
    if kind == "multiple_choice":
        return [o.id for o in item.options if o.correct] if right else []
    if kind == "true_false":
        return item.answer if right else not item.answer
    if kind == "numeric":
        return item.answer if right else item.answer + item.tolerance + 1
    if kind == "ordering":
        ids = [e.id for e in item.entries]
        return ids if right else ids[::-1]
    if kind == "red_flags":
        return [s.id for s in item.segments if s.red_flag] if right else []
    return _scenario(item, "good" if right else "bad")


def _scenario(item: Any, ending: str) -> list[int]:
    frontier = [(item.start, [])]
    while frontier:
        state_id, path = frontier.pop(0)
        state = item.states[state_id]
        if state.ending == ending or (state.ending and ending == "bad" and state.ending != "good"):
            return path
        frontier += [(c.goto, [*path, i]) for i, c in enumerate(state.choices)]
    return _scenario(item, "good")


def write_history(service_db: Any, profile_id: int, catalog: PackCatalog, answers: int, start: datetime) -> None:
    rng = random.Random(7)
    items = [(pack, lesson, item) for pack in catalog.packs() for lesson in pack.lessons for item in lesson.items]
    rows, completions = [], []
    step = timedelta(days=DAYS) / answers
    for n in range(answers):
        pack, lesson, item = items[rng.randrange(len(items))]
        right = rng.random() < 0.75
        response = response_for(item, right)
        result = grade(item, response)
        at = start + n * step
        rows.append(
            {
                "profile_id": profile_id,
                "pack_id": pack.id,
                "pack_version": pack.manifest.version,
                "lesson_id": lesson.id,
                "item_id": item.id,
                "response": json.dumps(response, sort_keys=True, separators=(",", ":")),
                "correct": result.correct,
                "score": result.score,
                "seconds": rng.uniform(2, 40),
                "answered_at": at,
            }
        )
        if n % 200 == 199:
            completions.append(
                {
                    "profile_id": profile_id,
                    "pack_id": pack.id,
                    "pack_version": pack.manifest.version,
                    "lesson_id": lesson.id,
                    "quiz_score": rng.choice([0.5, 0.7, 0.8, 1.0]),
                    "completed_at": at,
                }
            )
    with service_db.transaction() as session:
        session.execute(insert(Answer), rows)
        session.execute(insert(LessonCompletion), completions)


def timed(call: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """First call, median and max of ``runs`` further calls, in milliseconds."""
    started = time.perf_counter()
    call()
    first = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(samples), max(samples)


def main() -> None:
    answers = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    catalog = builtin_catalog()
    catalog.packs()  # load the packs before timing anything (the app does this once per process)
    start = datetime(2024, 11, 23, 1, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as directory:
        database = open_database(Path(directory)).database
        profile_id = ProfileService(database).create("Bench").id
        clock = FixedClock(start + timedelta(days=DAYS, hours=1))
        service = LearningService(database, catalog, clock)
        write_history(database, profile_id, catalog, answers, start)

        started = time.perf_counter()
        service.rebuild(profile_id)
        rebuild_s = time.perf_counter() - started

        progress = service.progress(profile_id, "en")
        print(f"history: {progress.answers:,} answers, {len(progress.active_days)} active days, "
              f"{progress.lessons_completed} lessons completed, score {progress.score}, level {progress.level}")
        print(f"rebuild from history:           {rebuild_s * 1000:8.0f} ms")
        medians = {}
        for name, call in (
            ("progress (Me/Home screen)", lambda: service.progress(profile_id, "en")),
            ("features (skill map)", lambda: service.features(profile_id, "en")),
            ("review_queue(20)", lambda: service.review_queue(profile_id)),
        ):
            first, medians[name], worst = timed(call, runs)
            print(f"{name:31} first {first:6.1f} ms, median {medians[name]:6.1f} ms, max {worst:6.1f} ms ({runs} runs)")

        pack = catalog.pack("anti-fraud-essentials")
        assert pack is not None
        item = pack.lessons[0].items[0]

        def answer() -> None:
            clock.advance(timedelta(seconds=30))
            service.record_answer(profile_id, pack.id, pack.lessons[0].id, item.id, response_for(item, True), 5)

        first, median, worst = timed(answer, runs)
        print(f"{'record_answer':31} first {first:6.1f} ms, median {median:6.1f} ms, max {worst:6.1f} ms ({runs} runs)")
        goal = "met" if medians["progress (Me/Home screen)"] < 50 else "NOT met"
        print(f"goal: progress under 50 ms with {answers:,} answers: {goal}")
        database.close()


if __name__ == "__main__":
    main()
