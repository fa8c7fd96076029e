"""Rules that span several values: ids that must be unique or exist, correct answers, scenario
graphs, unlock conditions.

Checks return :class:`Problem` objects located by a path inside their YAML document (the same
shape as a pydantic error ``loc``); the loader turns them into located errors.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from lessons import errors as E
from lessons.model import (
    KNOWN_FEATURES,
    SCHEMA_VERSION,
    AllOf,
    AnyOf,
    Condition,
    Item,
    LessonCompleted,
    Manifest,
    MultipleChoiceItem,
    OrderingItem,
    QuizScore,
    RedFlagsItem,
    ScenarioItem,
    SingleChoiceItem,
    SkillMastery,
    UnlockRule,
)


@dataclass(frozen=True)
class Problem:
    """A rule broken at ``loc`` of a YAML document (``key=True``: at the mapping key)."""

    loc: tuple[Any, ...]
    code: str
    message: str
    key: bool = False


def _duplicates(values: Iterable[str], loc: tuple[Any, ...], what: str, field: str | None = "id") -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, value in enumerate(values):
        if value in seen:
            where = (*loc, index, field) if field else (*loc, index)
            problems.append(Problem(where, E.DUPLICATE_ID, f"{what} '{value}' is used twice"))
        seen.add(value)
    return problems


def check_manifest(manifest: Manifest) -> list[Problem]:
    """Rules of ``pack.yaml`` that need no other file."""
    problems: list[Problem] = []
    if manifest.schema_version != SCHEMA_VERSION:
        problems.append(
            Problem(
                ("schema_version",),
                E.UNSUPPORTED_SCHEMA_VERSION,
                f"schema_version {manifest.schema_version} is not supported; this app reads {SCHEMA_VERSION}",
            )
        )
    if manifest.source_language not in manifest.languages:
        problems.append(
            Problem(("source_language",), E.UNKNOWN_LANGUAGE, "source_language must be one of the pack's languages")
        )
    problems += _duplicates(manifest.languages, ("languages",), "language", None)
    problems += _duplicates((s.id for s in manifest.sources), ("sources",), "source id")
    problems += _duplicates((s.id for s in manifest.skills), ("skills",), "skill id")
    problems += _duplicates(manifest.lessons, ("lessons",), "lesson", None)
    return problems


def check_unlocks(
    unlocks: list[UnlockRule], lessons: set[str], skills: set[str], lessons_with_items: Collection[str]
) -> list[Problem]:
    """Unlock rules name known features, and lessons and skills that exist.

    References written ``PACK_ID/ID`` belong to another pack and are checked when it is loaded.
    """
    problems: list[Problem] = []
    for index, rule in enumerate(unlocks):
        loc = ("unlocks", index)
        if rule.feature not in KNOWN_FEATURES:
            known = ", ".join(sorted(KNOWN_FEATURES))
            problems.append(Problem((*loc, "feature"), E.UNKNOWN_FEATURE, f"unknown feature '{rule.feature}' (known: {known})"))
        problems += _check_condition(rule.when, (*loc, "when"), lessons, skills, lessons_with_items)
    return problems


def _check_condition(
    condition: Condition, loc: tuple[Any, ...], lessons: set[str], skills: set[str], quizzes: Collection[str]
) -> list[Problem]:
    if isinstance(condition, (AllOf, AnyOf)):
        name = "all" if isinstance(condition, AllOf) else "any"
        children = condition.all if isinstance(condition, AllOf) else condition.any
        problems = []
        for index, child in enumerate(children):
            problems += _check_condition(child, (*loc, name, index), lessons, skills, quizzes)
        return problems
    if isinstance(condition, LessonCompleted):
        ref = condition.lesson_completed
        if "/" not in ref and ref not in lessons:
            return [Problem((*loc, "lesson_completed"), E.UNKNOWN_REFERENCE, f"no lesson '{ref}' in this pack")]
    elif isinstance(condition, QuizScore):
        ref = condition.quiz_score.lesson
        if "/" not in ref and ref not in lessons:
            return [Problem((*loc, "quiz_score", "lesson"), E.UNKNOWN_REFERENCE, f"no lesson '{ref}' in this pack")]
        if "/" not in ref and ref not in quizzes:
            return [Problem((*loc, "quiz_score", "lesson"), E.UNKNOWN_REFERENCE, f"lesson '{ref}' has no quiz")]
    elif isinstance(condition, SkillMastery):
        ref = condition.skill_mastery.skill
        if "/" not in ref and ref not in skills:
            return [Problem((*loc, "skill_mastery", "skill"), E.UNKNOWN_REFERENCE, f"no skill '{ref}' in pack.yaml")]
    return []


def check_item(item: Item, loc: tuple[Any, ...], skills: Collection[str]) -> list[Problem]:
    """Rules of one quiz item; ``skills`` are the ids declared in the manifest."""
    problems: list[Problem] = []
    for index, skill in enumerate(item.skills or ()):
        if skill not in skills:
            problems.append(Problem((*loc, "skills", index), E.UNKNOWN_REFERENCE, f"no skill '{skill}' in pack.yaml"))
    if isinstance(item, (SingleChoiceItem, MultipleChoiceItem)):
        problems += _duplicates((o.id for o in item.options), (*loc, "options"), "option id")
        correct = sum(option.correct for option in item.options)
        if isinstance(item, SingleChoiceItem) and correct != 1:
            problems.append(
                Problem((*loc, "options"), E.CORRECT_OPTIONS, f"a single_choice item needs exactly one correct option, not {correct}")
            )
        if isinstance(item, MultipleChoiceItem) and correct == 0:
            problems.append(Problem((*loc, "options"), E.CORRECT_OPTIONS, "a multiple_choice item needs at least one correct option"))
    elif isinstance(item, OrderingItem):
        problems += _duplicates((e.id for e in item.entries), (*loc, "entries"), "entry id")
    elif isinstance(item, RedFlagsItem):
        problems += _duplicates((s.id for s in item.segments), (*loc, "segments"), "segment id")
    elif isinstance(item, ScenarioItem):
        problems += _check_scenario(item, loc)
    return problems


def _check_scenario(item: ScenarioItem, loc: tuple[Any, ...]) -> list[Problem]:
    """Every target exists, endings have no choices, every state is reachable, every reachable
    state can still reach an ending, and a good ending can be reached."""
    problems: list[Problem] = []
    states = item.states
    if item.start not in states:
        return [Problem((*loc, "start"), E.SCENARIO_GRAPH, f"start state '{item.start}' is not in states")]
    for name, state in states.items():
        where = (*loc, "states", name)
        if state.ending and state.choices:
            problems.append(Problem((*where, "choices"), E.SCENARIO_GRAPH, f"state '{name}' is an ending and cannot have choices"))
        if not state.ending and not state.choices:
            problems.append(Problem(where, E.SCENARIO_GRAPH, f"state '{name}' needs choices or an ending", key=True))
        for index, choice in enumerate(state.choices):
            if choice.goto not in states:
                problems.append(
                    Problem((*where, "choices", index, "goto"), E.SCENARIO_GRAPH, f"no state '{choice.goto}' to go to")
                )
    if problems:
        return problems
    reachable = _reach([item.start], lambda name: [c.goto for c in states[name].choices])
    for name in states:
        if name not in reachable:
            problems.append(
                Problem((*loc, "states", name), E.SCENARIO_GRAPH, f"state '{name}' cannot be reached from the start", key=True)
            )
    predecessors: dict[str, list[str]] = {name: [] for name in states}
    for name, state in states.items():
        for choice in state.choices:
            predecessors[choice.goto].append(name)
    finishing = _reach([n for n, s in states.items() if s.ending], lambda name: predecessors[name])
    for name in sorted(reachable - finishing):
        problems.append(
            Problem((*loc, "states", name), E.SCENARIO_GRAPH, f"no ending can be reached from state '{name}'", key=True)
        )
    if not any(states[name].ending == "good" for name in reachable):
        problems.append(Problem((*loc, "states"), E.SCENARIO_GRAPH, "no good ending can be reached, so no answer is right"))
    return problems


def _reach(starts: list[str], step: Any) -> set[str]:
    seen = set(starts)
    todo = list(starts)
    while todo:
        for following in step(todo.pop()):
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen
