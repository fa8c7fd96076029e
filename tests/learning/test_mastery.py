"""BKT: the update on crafted answer sequences, guess by item type, and the overall score."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_app.learning import mastery
from edu_app.learning.mastery import P_INIT, P_SLIP, P_TRANSIT, guess_probability, knowledge_score, update
from edu_app.learning.service import LearningService
from edu_app.learning.catalog import PackCatalog
from lessons.model import QuizFile

from tests.learning.conftest import AF, right, wrong


def test_stated_parameters() -> None:
    assert (P_INIT, P_TRANSIT, P_SLIP) == (0.2, 0.15, 0.1)
    # Identifiability: a learner who knows the skill must be likelier to answer right than one who guesses.
    assert all(guess < 1 - P_SLIP for guess in mastery.GUESS_BY_TYPE.values())


def test_first_right_answer_to_a_four_option_question() -> None:
    # Bayes: 0.2*0.9 / (0.2*0.9 + 0.8*0.25) = 0.47368; learning: + (1 - 0.47368) * 0.15.
    assert update(0.2, True, 0.25) == pytest.approx(0.552632, abs=1e-6)


def test_first_wrong_answer_to_a_four_option_question() -> None:
    # Bayes: 0.2*0.1 / (0.2*0.1 + 0.8*0.75) = 0.032258; learning: + (1 - 0.032258) * 0.15.
    assert update(0.2, False, 0.25) == pytest.approx(0.177419, abs=1e-6)


def test_three_right_answers_in_a_row_mean_mastery() -> None:
    p = P_INIT
    trail = []
    for _ in range(3):
        p = update(p, True, 0.25)
        trail.append(round(p, 3))
    assert trail == [0.553, 0.844, 0.958]


def test_a_slip_after_mastery_costs_little_a_wrong_streak_a_lot() -> None:
    mastered = 0.958
    after_slip = update(mastered, False, 0.25)
    assert 0.7 < after_slip < mastered
    p = mastered
    for _ in range(4):
        p = update(p, False, 0.25)
    assert p < 0.25


def test_alternating_answers_stay_uncertain() -> None:
    p = P_INIT
    for correct in [True, False] * 5:
        p = update(p, correct, 0.25)
    assert 0.3 < p < 0.8


def test_easy_to_guess_items_are_weaker_evidence() -> None:
    true_false = update(P_INIT, True, 0.5)
    numeric = update(P_INIT, True, 0.05)
    assert true_false == pytest.approx(0.413793, abs=1e-6)
    assert numeric == pytest.approx(0.845455, abs=1e-6)


@given(st.floats(0.001, 0.999), st.sampled_from([0.05, 0.1, 0.15, 0.2, 0.25, 1 / 3, 0.5]))
def test_update_stays_a_probability_and_right_beats_wrong(p: float, guess: float) -> None:
    after_right, after_wrong = update(p, True, guess), update(p, False, guess)
    assert 0 < after_wrong < after_right < 1
    assert after_right >= p


def _items(raw: list[dict]) -> list:
    return QuizFile.model_validate({"items": raw}).items


def test_guess_depends_on_item_type() -> None:
    text = {"en": "x"}
    items = _items(
        [
            {"id": "tf", "type": "true_false", "prompt": text, "answer": True},
            {
                "id": "sc",
                "type": "single_choice",
                "prompt": text,
                "options": [{"id": o, "text": text, "correct": o == "a"} for o in "abc"],
            },
            {
                "id": "sc2",
                "type": "single_choice",
                "prompt": text,
                "options": [{"id": o, "text": text, "correct": o == "a"} for o in "ab"],
            },
            {"id": "nu", "type": "numeric", "prompt": text, "answer": 1},
            {
                "id": "or",
                "type": "ordering",
                "prompt": text,
                "entries": [{"id": "a", "text": text}, {"id": "b", "text": text}],
            },
        ]
    )
    assert [guess_probability(item) for item in items] == pytest.approx([0.5, 1 / 3, 0.5, 0.05, 0.1])


def test_knowledge_score_is_zero_for_a_new_learner_and_counts_only_gain_over_the_prior() -> None:
    skills = ["a", "b", "c", "d"]
    assert knowledge_score({}, skills) == 0
    assert knowledge_score({"a": P_INIT}, skills) == 0
    assert knowledge_score({"a": 0.1}, skills) == 0  # below the prior counts 0, never negative
    assert knowledge_score({"a": 1.0}, skills) == 25
    assert knowledge_score({"a": 0.7}, skills) == 16  # (0.7-0.2)/0.8 = 0.625 of one skill in four
    assert knowledge_score(dict.fromkeys(skills, 1.0), skills) == 100
    assert knowledge_score({"other": 1.0}, skills) == 0  # skills outside the taxonomy do not count


def test_overall_score_rises_as_a_learner_answers_right(
    service: LearningService, catalog: PackCatalog, profile_id: int
) -> None:
    assert service.progress(profile_id, "en").score == 0
    scores = []
    pack = catalog.pack(AF)
    for lesson_id in ("guaranteed-returns", "illegal-stock-tips", "pig-butchering"):
        for item in pack.items_of(lesson_id):
            outcome = service.record_answer(profile_id, AF, lesson_id, item.id, right(item), 3)
            assert outcome.score_after >= outcome.score_before
            scores.append(outcome.score_after)
    assert scores[-1] > scores[0] > 0
    assert service.progress(profile_id, "en").score == scores[-1]


def test_every_skill_of_an_item_is_updated(service: LearningService, catalog: PackCatalog, profile_id: int) -> None:
    item = next(i for i in catalog.pack(AF).items_of("pig-butchering") if len(i.skills or []) > 1)
    outcome = service.record_answer(profile_id, AF, "pig-butchering", item.id, right(item), 3)
    assert set(outcome.mastery) == set(item.skills)
    for before, after in outcome.mastery.values():
        assert before == 0.0 and after > P_INIT
    wrong_outcome = service.record_answer(profile_id, AF, "pig-butchering", item.id, wrong(item), 3)
    assert all(after < before for before, after in wrong_outcome.mastery.values())


def test_unpractised_skills_report_zero(service: LearningService, profile_id: int) -> None:
    progress = service.progress(profile_id, "zh-CN")
    assert progress.mastery and all(skill.p == 0 and skill.answers == 0 for skill in progress.mastery)
    assert any(skill.name == "虚幻财富诱惑" for skill in progress.mastery)
