"""Grading every item type, with the response shapes documented in lessons.grading."""

from __future__ import annotations

import pytest
from conftest import load

from lessons.grading import InvalidResponse, grade, scenario_path


@pytest.fixture(scope="module")
def pack(starter):
    return load(starter).pack


def test_single_choice(pack):
    item = pack.item("gr-single")
    right, wrong = grade(item, "a"), grade(item, "b")
    assert (right.correct, right.score) == (True, 1.0) and (wrong.correct, wrong.score) == (False, 0.0)
    assert right.feedback[0].target == "a" and right.feedback[0].text["en"].startswith("Right")
    assert right.explanation == item.explanation


def test_multiple_choice_partial_credit(pack):
    item = pack.item("gr-multi")
    assert grade(item, {"guaranteed", "pressure"}).correct
    half = grade(item, ["guaranteed"])
    assert (half.correct, half.score) == (False, 0.5)
    assert grade(item, {"guaranteed", "prospectus"}).score == 0.0
    chosen = grade(item, {"prospectus"})
    assert [(f.target, f.correct) for f in chosen.feedback] == [("prospectus", False)]


def test_true_false(pack):
    item = pack.item("gr-tf")
    assert grade(item, False).correct and not grade(item, True).correct
    assert grade(item, True).feedback[0].text["en"].startswith("No.")


def test_numeric_tolerance(pack):
    item = pack.item("gr-numeric")
    assert grade(item, 134.4).correct and grade(item, 134.5).correct and grade(item, 134.3).correct
    assert not grade(item, 134.51).correct and not grade(item, float("nan")).correct
    assert grade(item, 134).correct is False


def test_ordering(pack):
    item = pack.item("gr-order")
    assert grade(item, ["stop", "check", "report"]).correct
    swapped = grade(item, ["check", "stop", "report"])
    assert not swapped.correct and swapped.score == pytest.approx(1 / 3)


def test_red_flags(pack):
    item = pack.item("gr-flags")
    assert grade(item, {"s1", "s3"}).correct
    partial = grade(item, {"s1"})
    assert partial.score == 0.5 and {f.target for f in partial.feedback} == {"s1", "s3"}
    assert grade(item, {"s1", "s2", "s3"}).score == 0.5


def test_scenario(pack):
    item = pack.item("gr-scenario")
    assert scenario_path(item, [0]) == ["dm", "ask-license"]
    good, bad = grade(item, [0]), grade(item, [1])
    assert (good.correct, good.score) == (True, 1.0) and (bad.correct, bad.score) == (False, 0.0)
    assert good.feedback[0].target == "step-1" and good.feedback[0].text["en"] == "Good instinct."


@pytest.mark.parametrize(
    "item_id, response",
    [
        ("gr-single", "zzz"),
        ("gr-single", ["a"]),
        ("gr-multi", "guaranteed"),
        ("gr-multi", {"nope"}),
        ("gr-tf", "false"),
        ("gr-numeric", "134.4"),
        ("gr-numeric", True),
        ("gr-order", ["stop", "check"]),
        ("gr-flags", {"s9"}),
        ("gr-scenario", []),  # stops at the start, which is not an ending
        ("gr-scenario", [5]),
    ],
)
def test_invalid_responses_raise(pack, item_id, response):
    with pytest.raises(InvalidResponse):
        grade(pack.item(item_id), response)
