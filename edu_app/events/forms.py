"""Parallel test forms: the same skills, different items.

For each chosen skill the eligible items of the installed packs are shuffled with a seed (the
event's code, so the draw is repeatable) and dealt alternately to the pre-test and the
post-test, the same number to each, so both forms measure the same skills with items nobody saw
in the other form. Items of the assigned lessons are left out: an attendee answers those in the
lesson's own quiz, with feedback, and would meet them again in the post-test. Live-quiz questions
come from what is left.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from edu_app.events.config import EventConfig, Forms, ItemRef
from lessons import Pack

# Items whose answers are one choice or a short set: graded without partial credit and with
# answers that can be counted ("most common wrong answers").
TEST_ITEM_TYPES = ("single_choice", "true_false", "multiple_choice")
# Live questions are shown with their options on the projector, so one answer each.
LIVE_ITEM_TYPES = ("single_choice", "true_false")


@dataclass(frozen=True)
class Candidate:
    """An item that may go into a form, with its skills."""

    ref: ItemRef
    item_type: str
    skills: tuple[str, ...]


def candidates(packs: Iterable[Pack], excluded_lessons: set[str]) -> list[Candidate]:
    """Every testable item of ``packs`` outside the lessons ``"<pack>/<lesson>"`` in ``excluded_lessons``."""
    found = []
    for pack in packs:
        for lesson in pack.lessons:
            if f"{pack.id}/{lesson.id}" in excluded_lessons:
                continue
            for item in lesson.items:
                if item.type in TEST_ITEM_TYPES:
                    skills = tuple(item.skills if item.skills is not None else lesson.skills)
                    found.append(Candidate(ItemRef(pack_id=pack.id, item_id=item.id), item.type, skills))
    return found


def available_per_skill(packs: Iterable[Pack], config: EventConfig) -> dict[str, int]:
    """How many items per form each chosen skill can have (0: the skill cannot be tested)."""
    pool = candidates(packs, {lesson.key() for lesson in config.lessons})
    return {skill: min(config.items_per_skill, sum(skill in c.skills for c in pool) // 2) for skill in config.test_skills}


def draw(packs: Iterable[Pack], config: EventConfig, seed: str) -> Forms:
    """The pre-test, post-test and live-quiz items for ``config`` (deterministic for ``seed``)."""
    packs = list(packs)
    pool = candidates(packs, {lesson.key() for lesson in config.lessons})
    rng = random.Random(seed)
    used: set[ItemRef] = set()
    pre: list[ItemRef] = []
    post: list[ItemRef] = []
    for skill in config.test_skills:
        eligible = sorted((c.ref for c in pool if skill in c.skills and c.ref not in used), key=ItemRef.key)
        rng.shuffle(eligible)
        per_form = min(config.items_per_skill, len(eligible) // 2)
        chosen = eligible[: 2 * per_form]
        pre.extend(chosen[0::2])
        post.extend(chosen[1::2])
        used.update(chosen)
    live: list[ItemRef] = []
    if config.live_quiz:
        leftovers = [c.ref for c in pool if c.item_type in LIVE_ITEM_TYPES and c.ref not in used]
        on_topic = sorted((r for r in leftovers if _has_skill(pool, r, config.test_skills)), key=ItemRef.key)
        others = sorted((r for r in leftovers if r not in on_topic), key=ItemRef.key)
        rng.shuffle(on_topic)
        rng.shuffle(others)
        live = (on_topic + others)[: config.live_questions]
    return Forms(pre=pre, post=post, live=live)


def _has_skill(pool: list[Candidate], ref: ItemRef, skills: list[str]) -> bool:
    return any(c.ref == ref and set(c.skills) & set(skills) for c in pool)
