"""A separate process for the crash and race tests: ``python -m tests.store.child MODE DATA_DIR ...``.

Modes:
- ``open DATA_DIR [KILL_AT]``: open the database; with KILL_AT, SIGKILL itself right after the
  KILL_AT-th SQL statement the store sends (a kill -9 at a chosen point of a create or upgrade).
  Prints a JSON line: the statements sent, the version reached, where a file was moved.
- ``race DATA_DIR``: print ``ready``, wait for a line on stdin, then open like ``open``.
- ``answer DATA_DIR PROFILE_ID COUNT``: print ``ready``, wait for a line on stdin, then record
  COUNT answers for the profile through the learning service.
``DATABASE_URL`` in the environment selects PostgreSQL as in the app.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from sqlalchemy import Engine, event


def _count_statements(kill_at: int | None) -> list[int]:
    sent = [0]

    def after(*_args: object) -> None:
        sent[0] += 1
        if kill_at is not None and sent[0] >= kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Engine, "after_cursor_execute", after)
    return sent


def _open(data_dir: Path) -> dict[str, object]:
    from edu_app.store import open_database
    from edu_app.store.migrations import current_version

    opened = open_database(data_dir)
    with opened.database.engine.connect() as conn:
        version = current_version(conn)
    opened.database.close()
    return {"version": version, "moved": str(opened.moved_aside) if opened.moved_aside else None}


def _answer(data_dir: Path, profile_id: int, count: int) -> dict[str, object]:
    from edu_app.learning import LearningService, PackCatalog, SystemClock
    from edu_app.store import open_database
    from tests.learning.conftest import builtin_packs, right, wrong

    packs = builtin_packs()
    catalog = PackCatalog(loader=lambda: packs)
    opened = open_database(data_dir)
    service = LearningService(opened.database, catalog, SystemClock())
    items = [(pack.id, lesson.id, item) for pack in packs for lesson in pack.lessons for item in pack.items_of(lesson.id)]
    print("ready", flush=True)
    sys.stdin.readline()
    xp = 0
    for n in range(count):
        pack_id, lesson_id, item = items[n % len(items)]
        response = right(item) if n % 3 else wrong(item)
        xp += service.record_answer(profile_id, pack_id, lesson_id, item.id, response, 1.0).xp_gained
        if n % 25 == 24:
            service.complete_lesson(profile_id, pack_id, lesson_id)
    opened.database.close()
    return {"xp_gained": xp}


def main(argv: list[str]) -> None:
    mode, data_dir = argv[0], Path(argv[1])
    if mode == "open":
        sent = _count_statements(int(argv[2]) if len(argv) > 2 else None)
        result = _open(data_dir)
        result["statements"] = sent[0]
    elif mode == "race":
        import edu_app.store  # noqa: F401 - import before the start signal so that all start together

        print("ready", flush=True)
        sys.stdin.readline()
        result = _open(data_dir)
    elif mode == "answer":
        result = _answer(data_dir, int(argv[2]), int(argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
