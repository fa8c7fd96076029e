"""Knowledge tracing: a per-skill mastery estimate (Bayesian Knowledge Tracing) and the overall score.

Standard BKT (Corbett & Anderson, 1995). Each skill is either learned or not; an answer is
evidence: a learner who knows the skill still slips with ``P_SLIP``, one who does not may guess
right with a probability that depends on the item type. After the evidence, a learner who did not
know the skill may learn it from the item and its feedback with ``P_TRANSIT``. Parameters, and
why they have these values, are in docs/learning-model.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lessons import Item, SingleChoiceItem

P_INIT = 0.2
P_TRANSIT = 0.15
P_SLIP = 0.1

#: Chance of answering right without knowing the skill, per item type. Single choice is computed
#: from the number of options; the others are fixed because their answer space is large.
GUESS_BY_TYPE: dict[str, float] = {
    "true_false": 0.5,
    "multiple_choice": 0.15,
    "numeric": 0.05,
    "ordering": 0.1,
    "red_flags": 0.1,
    "scenario": 0.2,
}
_MAX_GUESS = 0.5


def guess_probability(item: Item) -> float:
    """``P(guess)`` for this item: 1 / options for single choice, else by type."""
    if isinstance(item, SingleChoiceItem):
        return min(_MAX_GUESS, 1.0 / len(item.options))
    return GUESS_BY_TYPE[item.type]


def update(p_known: float, correct: bool, guess: float) -> float:
    """The mastery estimate after one answer: Bayes' rule on the answer, then the learning step."""
    if correct:
        evidence = p_known * (1 - P_SLIP)
        posterior = evidence / (evidence + (1 - p_known) * guess)
    else:
        evidence = p_known * P_SLIP
        posterior = evidence / (evidence + (1 - p_known) * (1 - guess))
    return posterior + (1 - posterior) * P_TRANSIT


def reported(p_known: float | None) -> float:
    """The estimate shown to the learner and used by unlock rules: 0 for a skill never practised.

    BKT's prior (``P_INIT``) is a modelling assumption, not knowledge the learner has shown.
    """
    return 0.0 if p_known is None else p_known


def knowledge_score(estimates: Mapping[str, float], skills: Iterable[str]) -> int:
    """The overall score 0-100: mean knowledge gained beyond the prior over ``skills``.

    A skill counts ``(p - P_INIT) / (1 - P_INIT)`` clipped to 0..1; a skill with no estimate
    counts 0. So a new learner scores 0 and only demonstrated knowledge moves the score.
    """
    skill_ids = list(skills)
    if not skill_ids:
        return 0
    gained = sum(_gain(estimates[s]) for s in skill_ids if s in estimates)
    return int(100 * gained / len(skill_ids) + 0.5)


def _gain(p_known: float) -> float:
    return min(1.0, max(0.0, (p_known - P_INIT) / (1 - P_INIT)))
