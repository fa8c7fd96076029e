"""Deterministic shuffling of quiz options: different from the file, stable for one learner.

Options and entries are shown in an order seeded by the learner and the item, so the right answer
is not always first (pack authors tend to write it first), yet a reload shows the same order.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def seeded_order(values: Sequence[T], *seed_parts: object) -> list[T]:
    """``values`` shuffled by a seed made of ``seed_parts``; never the original order when
    there are at least two values."""
    seed = hashlib.sha256("\x1f".join(str(part) for part in seed_parts).encode("utf-8")).digest()
    order = list(values)
    random.Random(int.from_bytes(seed[:8], "big")).shuffle(order)
    if len(order) >= 2 and all(a is b for a, b in zip(order, values)):
        order = order[1:] + order[:1]
    return order
