"""Scoring: crafted answer sets, every boundary between grades, caps and bad answers."""

from __future__ import annotations

import pytest

from edu_app.risk.files import Questionnaire
from edu_app.risk.scoring import AnswerError, grade_for_total, score
from tests.risk.conftest import answers_for_total, with_answer

STUDENT = {
    "age": "18-30",  # 8
    "income": "irregular",  # 3
    "savings-share": "10-25",  # 8
    "emergency": "3-6m",  # 4
    "experience": "under-1y",  # 3
    "knowledge": "basics",  # 3
    "goal": "growth",  # 8
    "horizon": "over-5y",  # 10
    "reaction": "sell-some",  # 4
    "max-loss": "up-to-10",  # 4
}


def test_a_hand_scored_answer_set(questionnaire: Questionnaire) -> None:
    result = score(questionnaire, STUDENT)
    assert (result.total, result.max_total, result.grade) == (55, 100, "C3")
    assert result.tolerated_fall == pytest.approx(0.10)
    assert not result.lowest_category and not result.capped


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (13, "C1"), (20, "C1"),
        (21, "C2"), (40, "C2"),
        (41, "C3"), (60, "C3"),
        (61, "C4"), (80, "C4"),
        (81, "C5"), (100, "C5"),
    ],
)
def test_every_boundary_between_grades(questionnaire: Questionnaire, total: int, grade: str) -> None:
    answers = answers_for_total(questionnaire, total)
    result = score(questionnaire, answers)
    assert result.total == total
    assert result.grade == grade


def test_the_lowest_scores_and_the_highest(questionnaire: Questionnaire) -> None:
    lowest = {q.id: min(q.options, key=lambda o: o.score).id for q in questionnaire.questions}
    highest = {q.id: max(q.options, key=lambda o: o.score).id for q in questionnaire.questions}
    assert score(questionnaire, lowest).grade == "C1"
    top = score(questionnaire, highest)
    assert (top.total, top.grade, top.tolerated_fall) == (100, "C5", 0.5)


def test_cannot_accept_any_loss_means_the_lowest_category_whatever_the_total(questionnaire: Questionnaire) -> None:
    answers = with_answer(answers_for_total(questionnaire, 100), "max-loss", "none")
    result = score(questionnaire, answers)
    assert result.total == 90
    assert grade_for_total(questionnaire, result.total) == "C5"
    assert (result.grade, result.lowest_category, result.capped, result.tolerated_fall) == ("C1", True, True, 0.0)


def test_one_answer_can_move_a_learner_across_a_boundary(questionnaire: Questionnaire) -> None:
    at_60 = answers_for_total(questionnaire, 60)
    assert score(questionnaire, at_60).grade == "C3"
    # Any answer raised by a step takes a total of 60 above the C3 band (60 < 100, so one exists).
    question = next(
        q for q in questionnaire.questions
        if any(o.score > q.option(at_60[q.id]).score and not o.max_grade for o in q.options)  # type: ignore[union-attr]
    )
    current = question.option(at_60[question.id])
    assert current is not None
    higher = min((o for o in question.options if o.score > current.score), key=lambda o: o.score)
    moved = score(questionnaire, with_answer(at_60, question.id, higher.id))
    assert moved.total == 60 - current.score + higher.score
    assert moved.grade == "C4"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"horizon": None}, "missing"),
        ({"horizon": "tomorrow"}, "unknown-option"),
        ({"birth-date": "2001-05-04"}, "unknown-question"),
    ],
)
def test_incomplete_or_unknown_answers_are_refused(
    questionnaire: Questionnaire, change: dict[str, str | None], code: str
) -> None:
    answers: dict[str, str] = dict(STUDENT)
    for key, value in change.items():
        if value is None:
            answers.pop(key)
        else:
            answers[key] = value
    with pytest.raises(AnswerError) as caught:
        score(questionnaire, answers)
    assert caught.value.code == code
