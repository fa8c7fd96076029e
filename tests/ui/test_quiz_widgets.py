"""The quiz widgets without a browser: every item of every built-in pack builds in both languages,
the widget hands back a response in the grading shape, and shuffling is stable per learner."""

from __future__ import annotations

from typing import Any

import pytest

from edu_app.i18n import Translator
from edu_app.pack_library import builtin_packs_dir
from edu_app.ui.quiz import WIDGETS, ItemContext
from edu_app.ui.quiz.numeric import parse_number
from edu_app.ui.quiz.scenario import good_path
from edu_app.ui.shuffle import seeded_order
from lessons import Item, Pack, grade, load_pack


def _packs() -> list[Pack]:
    packs = []
    for path in sorted(builtin_packs_dir().iterdir()):
        if path.is_dir():
            result = load_pack(path)
            assert result.ok and result.pack is not None, path
            packs.append(result.pack)
    return packs


PACKS = _packs()
ITEMS = [(pack, item) for pack in PACKS for lesson in pack.lessons for item in lesson.items]


def right_response(item: Item) -> Any:
    kind = item.type
    if kind == "single_choice":
        return next(o.id for o in item.options if o.correct)
    if kind == "multiple_choice":
        return sorted(o.id for o in item.options if o.correct)
    if kind == "true_false":
        return item.answer
    if kind == "numeric":
        return item.answer
    if kind == "ordering":
        return [e.id for e in item.entries]
    if kind == "red_flags":
        return sorted(s.id for s in item.segments if s.red_flag)
    return good_path(item)


def _context(pack: Pack, item: Item, language: str) -> ItemContext:
    return ItemContext(pack, item, language, Translator(language), (1, pack.id, item.id), lambda: None, lambda: None)


def test_every_item_type_has_a_widget() -> None:
    from lessons.model import ITEM_TYPES

    assert set(WIDGETS) == set(ITEM_TYPES)
    assert {item.type for _pack, item in ITEMS} >= set(ITEM_TYPES) - {"multiple_choice"}


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_every_builtin_item_renders_and_round_trips_a_right_answer(language: str) -> None:
    for pack, item in ITEMS:
        view = WIDGETS[item.type](_context(pack, item, language), right_response(item))
        response = view.response()
        assert response is not None, item.id
        result = grade(item, response)
        assert result.correct, item.id
        view.lock(result)
        assert view.locked
        view.details(result)  # feedback builds for the right answer...
        wrong = WIDGETS[item.type](_context(pack, item, language), None)
        if item.type in ("ordering", "red_flags"):
            # ...and for the untouched widget: the shuffled order / nothing marked.
            result = grade(item, wrong.response())
            wrong.lock(result)
            wrong.details(result)
        else:
            assert wrong.response() is None, item.id


def test_fresh_widgets_wait_for_an_answer() -> None:
    pack, item = next((p, i) for p, i in ITEMS if i.type == "scenario")
    view = WIDGETS["scenario"](_context(pack, item, "en"))
    assert view.self_submitting and view.response() is None


def test_shuffle_is_stable_per_learner_and_never_the_file_order() -> None:
    values = list("abcd")
    first = seeded_order(values, 1, "pack", "item")
    assert first == seeded_order(values, 1, "pack", "item")
    assert first != values and sorted(first) == values
    orders = {tuple(seeded_order(values, learner, "pack", "item")) for learner in range(20)}
    assert len(orders) > 3
    assert seeded_order(["x", "y"], 5, "p", "i") == ["y", "x"]
    assert seeded_order(["only"], 1) == ["only"]


def test_ordering_never_starts_solved() -> None:
    for pack, item in ITEMS:
        if item.type == "ordering":
            view = WIDGETS["ordering"](_context(pack, item, "en"))
            assert not grade(item, view.response()).correct, item.id


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [("730", "%", 730.0), ("730%", "%", 730.0), ("７３０", "%", 730.0), (" 1,234.5 ", "", 1234.5), ("2,5", "", 2.5),
     ("-3", "", -3.0), ("−3", "", -3.0), (".5", "", 0.5), ("12 元", "元", 12.0)],
)
def test_numbers_are_read_leniently(text: str, unit: str, value: float) -> None:
    assert parse_number(text, unit) == value


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "inf", "nan", "1e999", "--1", "12 apples"])
def test_non_numbers_are_refused(text: str) -> None:
    assert parse_number(text) is None
