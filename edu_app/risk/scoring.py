"""Scoring a questionnaire: answers in, total and grade C1-C5 out.

The rule, written so that a learner could check it by hand:

1. Every question must be answered with one of its options.
2. The total is the sum of the chosen options' scores.
3. The grade is the highest band whose ``min`` the total reaches.
4. An option with ``max_grade`` caps the grade (the lowest of the caps wins); an option with
   ``lowest_category`` marks the lowest risk-tolerance category, as the SAC guidance does for an
   investor who is unwilling to bear any investment loss.
5. The stated tolerable fall is the smallest ``tolerated_fall`` among the chosen options (None
   when no chosen option states one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from edu_app.risk.files import Questionnaire, grade_rank


class AnswerError(ValueError):
    """Answers that cannot be scored: a question missing, an unknown question or option."""

    def __init__(self, code: str, question_id: str, option_id: str | None = None) -> None:
        super().__init__(f"{code}: question '{question_id}'" + (f", option '{option_id}'" if option_id else ""))
        self.code = code
        self.question_id = question_id
        self.option_id = option_id


@dataclass(frozen=True)
class Score:
    """The outcome of scoring one set of answers."""

    total: int
    max_total: int
    grade: str
    lowest_category: bool
    tolerated_fall: float | None
    capped: bool


def score(questionnaire: Questionnaire, answers: Mapping[str, str]) -> Score:
    """Score ``answers`` (question id -> option id) on ``questionnaire``.

    Raises :class:`AnswerError` (``missing``, ``unknown-question``, ``unknown-option``).
    """
    for question_id in answers:
        if questionnaire.question(question_id) is None:
            raise AnswerError("unknown-question", question_id)
    total = 0
    caps: list[str] = []
    lowest = False
    falls: list[float] = []
    for question in questionnaire.questions:
        option_id = answers.get(question.id)
        if option_id is None:
            raise AnswerError("missing", question.id)
        option = question.option(option_id)
        if option is None:
            raise AnswerError("unknown-option", question.id, option_id)
        total += option.score
        if option.max_grade is not None:
            caps.append(option.max_grade)
        lowest = lowest or option.lowest_category
        if option.tolerated_fall is not None:
            falls.append(option.tolerated_fall)
    grade = grade_for_total(questionnaire, total)
    capped = False
    if caps:
        cap = min(caps, key=grade_rank)
        if grade_rank(cap) < grade_rank(grade):
            grade, capped = cap, True
    if lowest and grade_rank(grade) > 1:
        # The lowest category is part of C1 by definition; a file that forgot the cap still holds.
        grade, capped = "C1", True
    return Score(total, questionnaire.max_score, grade, lowest, min(falls) if falls else None, capped)


def grade_for_total(questionnaire: Questionnaire, total: int) -> str:
    """The band a total falls in, before any cap."""
    grade = questionnaire.grades[0].id
    for band in questionnaire.grades:
        if total >= band.min:
            grade = band.id
    return grade
