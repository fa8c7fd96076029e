"""Grade a learner's response to a quiz item.

Response shape per item type (anything else raises :class:`InvalidResponse`):

===============  ===========================================================================
single_choice    the chosen option id (``str``)
multiple_choice  the chosen option ids (any collection of ``str``; order and repeats ignored)
true_false       the learner's answer (``bool``)
numeric          the number entered (``int`` or ``float``)
ordering         every entry id, in the learner's order (sequence of ``str``)
red_flags        the ids of the segments the learner marked (collection of ``str``)
scenario         the index of the choice taken in each state, from ``start`` until an ending
                 (sequence of ``int``); :func:`scenario_path` walks it
===============  ===========================================================================

Scores: single choice, true/false and numeric are 1 or 0. Multiple choice and red flags score
(right marks - wrong marks) / number of right answers, floored at 0. Ordering scores the
fraction of entries in their correct place. A scenario scores 1 for a good ending, 0.5 for a
neutral one, 0 for a bad one. ``correct`` follows docs/lesson-packs.md: exactly right (a good
ending for scenarios).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from lessons.model import (
    Item,
    MultipleChoiceItem,
    NumericItem,
    OrderingItem,
    RedFlagsItem,
    ScenarioItem,
    SingleChoiceItem,
    TrueFalseItem,
)

LocalizedText = dict[str, str]
_ENDING_SCORES = {"good": 1.0, "neutral": 0.5, "bad": 0.0}


class InvalidResponse(ValueError):
    """The response does not have the shape its item type expects (a bug in the caller)."""


@dataclass(frozen=True)
class Feedback:
    """Feedback on one part of a response.

    ``target`` is an option id, segment id, entry id, ``"true"``/``"false"`` (true/false),
    ``"answer"`` (numeric) or ``"step-N"`` (scenario, 1-based). ``correct`` says whether the
    learner got that part right; ``text`` may be empty when the pack gives no text for it.
    """

    target: str
    correct: bool
    text: LocalizedText = field(default_factory=dict)


@dataclass(frozen=True)
class GradeResult:
    """The grade of one response: right or wrong, a score in 0..1, feedback, explanation."""

    correct: bool
    score: float
    feedback: list[Feedback] = field(default_factory=list)
    explanation: LocalizedText | None = None


def grade(item: Item, response: Any) -> GradeResult:
    """Grade ``response`` to ``item`` (shapes in the module docstring)."""
    if isinstance(item, SingleChoiceItem):
        return _single(item, response)
    if isinstance(item, MultipleChoiceItem):
        return _multiple(item, response)
    if isinstance(item, TrueFalseItem):
        return _true_false(item, response)
    if isinstance(item, NumericItem):
        return _numeric(item, response)
    if isinstance(item, OrderingItem):
        return _ordering(item, response)
    if isinstance(item, RedFlagsItem):
        return _red_flags(item, response)
    if isinstance(item, ScenarioItem):
        return _scenario(item, response)
    raise InvalidResponse(f"not a quiz item: {item!r}")


def _ids(response: Any, known: Collection[str], what: str) -> set[str]:
    if isinstance(response, (str, bytes)) or not isinstance(response, Collection):
        raise InvalidResponse(f"expected a collection of {what} ids, got {response!r}")
    chosen = set(response)
    unknown = chosen - set(known)
    if unknown:
        raise InvalidResponse(f"unknown {what} ids: {sorted(map(str, unknown))}")
    return chosen


def _single(item: SingleChoiceItem, response: Any) -> GradeResult:
    options = {option.id: option for option in item.options}
    if not isinstance(response, str) or response not in options:
        raise InvalidResponse(f"expected one of the option ids {sorted(options)}, got {response!r}")
    chosen = options[response]
    feedback = [Feedback(chosen.id, chosen.correct, chosen.feedback or {})]
    return GradeResult(chosen.correct, float(chosen.correct), feedback, item.explanation)


def _multiple(item: MultipleChoiceItem, response: Any) -> GradeResult:
    chosen = _ids(response, [option.id for option in item.options], "option")
    right = {option.id for option in item.options if option.correct}
    feedback = [
        Feedback(option.id, option.correct, option.feedback or {}) for option in item.options if option.id in chosen
    ]
    score = _marking_score(chosen, right)
    return GradeResult(chosen == right, score, feedback, item.explanation)


def _marking_score(chosen: set[str], right: set[str]) -> float:
    if not right:
        return float(not chosen)
    return max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))


def _true_false(item: TrueFalseItem, response: Any) -> GradeResult:
    if not isinstance(response, bool):
        raise InvalidResponse(f"expected true or false, got {response!r}")
    correct = response == item.answer
    text = item.feedback_true if response else item.feedback_false
    feedback = [Feedback("true" if response else "false", correct, text or {})]
    return GradeResult(correct, float(correct), feedback, item.explanation)


def _numeric(item: NumericItem, response: Any) -> GradeResult:
    if isinstance(response, bool) or not isinstance(response, (int, float)):
        raise InvalidResponse(f"expected a number, got {response!r}")
    # A little slack for binary floating point: 0.1 + 0.2 must match 0.3 with tolerance 0.
    slack = 1e-9 * max(1.0, abs(item.answer))
    correct = math.isfinite(response) and abs(response - item.answer) <= item.tolerance + slack
    text = item.feedback_correct if correct else item.feedback_incorrect
    return GradeResult(correct, float(correct), [Feedback("answer", correct, text or {})], item.explanation)


def _ordering(item: OrderingItem, response: Any) -> GradeResult:
    expected = [entry.id for entry in item.entries]
    if isinstance(response, (str, bytes)) or not isinstance(response, Sequence):
        raise InvalidResponse(f"expected a list of entry ids, got {response!r}")
    if sorted(response) != sorted(expected):
        raise InvalidResponse(f"expected each of the entry ids {sorted(expected)} once, got {list(response)!r}")
    in_place = [given == wanted for given, wanted in zip(response, expected)]
    feedback = [Feedback(given, ok) for given, ok in zip(response, in_place)]
    return GradeResult(all(in_place), sum(in_place) / len(expected), feedback, item.explanation)


def _red_flags(item: RedFlagsItem, response: Any) -> GradeResult:
    marked = _ids(response, [segment.id for segment in item.segments], "segment")
    flags = {segment.id for segment in item.segments if segment.red_flag}
    # Explain every segment the learner marked and every red flag they missed.
    feedback = [
        Feedback(segment.id, (segment.id in marked) == segment.red_flag, segment.explanation or {})
        for segment in item.segments
        if segment.id in marked or segment.red_flag
    ]
    return GradeResult(marked == flags, _marking_score(marked, flags), feedback, item.explanation)


def scenario_path(item: ScenarioItem, choices: Sequence[int]) -> list[str]:
    """The states visited when taking ``choices`` from the start (the start included).

    Raises :class:`InvalidResponse` for a choice index that the current state does not offer.
    """
    if isinstance(choices, (str, bytes)) or not isinstance(choices, Sequence):
        raise InvalidResponse(f"expected a list of choice indices, got {choices!r}")
    path = [item.start]
    for step, index in enumerate(choices, start=1):
        state = item.states[path[-1]]
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(state.choices):
            raise InvalidResponse(f"step {step}: state '{path[-1]}' has no choice {index!r}")
        path.append(state.choices[index].goto)
    return path


def _scenario(item: ScenarioItem, response: Any) -> GradeResult:
    path = scenario_path(item, response)
    ending = item.states[path[-1]].ending
    if ending is None:
        raise InvalidResponse(f"the choices stop at state '{path[-1]}', which is not an ending")
    good = ending == "good"
    feedback = [
        Feedback(f"step-{step}", good, item.states[state].choices[index].feedback or {})
        for step, (state, index) in enumerate(zip(path, response), start=1)
    ]
    return GradeResult(good, _ENDING_SCORES[ending], feedback, item.explanation)
