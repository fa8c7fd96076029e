"""The quiz player and one widget module per item type of the pack format."""

from __future__ import annotations

from edu_app.ui.quiz import multiple_choice, numeric, ordering, red_flags, scenario, single_choice, true_false
from edu_app.ui.quiz.base import ItemContext, ItemView

#: item type -> widget class (``cls(ctx, initial_response)``)
WIDGETS: dict[str, type[ItemView]] = {
    "single_choice": single_choice.build,
    "multiple_choice": multiple_choice.build,
    "true_false": true_false.build,
    "numeric": numeric.build,
    "ordering": ordering.build,
    "red_flags": red_flags.build,
    "scenario": scenario.build,
}

__all__ = ["WIDGETS", "ItemContext", "ItemView"]
