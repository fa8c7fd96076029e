"""A learner seeded through the real learning service (answers and lesson completions), before
the app starts: the unlock rules decide what they may use, as for anyone."""

from __future__ import annotations

from pathlib import Path

#: Lessons whose quizzes (all answered right) unlock everything the trading tests need.
EVERYTHING = (
    ("anti-fraud-essentials", "guaranteed-returns"),  # simulator
    ("anti-fraud-essentials", "illegal-stock-tips"),  # tips feed (with the next one and mastery)
    ("anti-fraud-essentials", "pump-and-dump"),
    ("investing-basics", "a-share-rules"),  # A-share rules
    ("investing-basics", "order-types"),  # limit and stop orders
    ("behaviour-traps", "panic-selling"),  # crisis scenarios (with the next one and mastery)
    ("behaviour-traps", "herd-behaviour"),
)
SIMULATOR_ONLY = EVERYTHING[:1]
#: With the lesson on new shares and boards too: ChiNext and STAR scenarios.
WITH_BOARDS = EVERYTHING + (("investing-basics", "ipo-and-boards"),)


def seed_learner(data_dir: Path, nickname: str, language: str, lessons=EVERYTHING) -> int:  # type: ignore[no-untyped-def]
    """Create ``nickname`` and pass ``lessons``; returns the profile id."""
    from edu_app.learning import LearningService, PackCatalog, SystemClock
    from edu_app.services.profiles import ProfileService
    from edu_app.store import open_database
    from tests.learning.conftest import answer_lesson

    data_dir.mkdir(parents=True, exist_ok=True)
    opened = open_database(data_dir)
    try:
        profile = ProfileService(opened.database).create(nickname, language=language)
        catalog = PackCatalog()
        service = LearningService(opened.database, catalog, SystemClock())
        for pack_id, lesson_id in lessons:
            answer_lesson(service, catalog, profile.id, pack_id, lesson_id)
        return profile.id
    finally:
        opened.database.close()


def grade_learner(data_dir: Path, profile_id: int, grade: str) -> None:
    """Store a questionnaire result of ``grade`` for the learner, through the risk service."""
    from edu_app.learning import SystemClock
    from edu_app.risk.service import RiskService
    from edu_app.store import open_database
    from tests.risk.conftest import answers_for_total

    totals = {"C1": 15, "C2": 30, "C3": 50, "C4": 70, "C5": 90}
    opened = open_database(data_dir)
    try:
        risk = RiskService(opened.database, SystemClock())
        assert risk.submit(profile_id, answers_for_total(risk.questionnaire, totals[grade])).grade == grade
    finally:
        opened.database.close()
