"""Shared fixtures: the built-in questionnaire and levels, a real SQLite database, a profile, a
pinned clock, and crafted answer sets and simulator sessions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from edu_app.learning import FixedClock
from edu_app.risk.files import Questionnaire, RiskLevels, load_levels, load_questionnaire
from edu_app.risk.service import RiskService
from edu_app.services.profiles import ProfileService
from edu_app.store import Database, open_database
from simulator.session import TradingSession
from tests.simulator.builders import closes_series

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


@pytest.fixture(scope="session")
def levels() -> RiskLevels:
    return load_levels()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path).database
    yield database
    database.close()


@pytest.fixture
def profile_id(db: Database) -> int:
    return ProfileService(db).create("Ann", language="en").id


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), SHANGHAI)


@pytest.fixture
def service(db: Database, clock: FixedClock) -> RiskService:
    return RiskService(db, clock)


def answers_for_total(questionnaire: Questionnaire, target: int) -> dict[str, str]:
    """Answers (never a capping option) whose scores add up to exactly ``target``."""
    reachable: dict[int, dict[str, str]] = {0: {}}
    for question in questionnaire.questions:
        step: dict[int, dict[str, str]] = {}
        for total, chosen in reachable.items():
            for option in question.options:
                if option.max_grade or option.lowest_category:
                    continue
                step.setdefault(total + option.score, {**chosen, question.id: option.id})
        reachable = step
    if target not in reachable:
        raise AssertionError(f"no answer set adds up to {target}")
    return reachable[target]


def with_answer(answers: dict[str, str], question_id: str, option_id: str) -> dict[str, str]:
    """A copy of ``answers`` with one answer changed."""
    return {**answers, question_id: option_id}


def play(closes: Sequence[float], actions: dict[int, tuple[str, float]], **options: object) -> TradingSession:
    """A session over a stock whose prices are ``closes``, with ``actions[bar] = (side, quantity)``
    placed at that bar's close (filled at the next bar's open), played to the end."""
    session = TradingSession(closes_series(closes), "us", 10_000, **options)  # type: ignore[arg-type]
    while True:
        action = actions.get(session.bar)
        if action is not None:
            result = session.place_order(action[0], action[1])
            assert result.accepted, result.message()
        if session.finished:
            return session
        session.advance()
