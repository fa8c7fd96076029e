"""The unlock rule engine: packs' ``unlocks:`` rules evaluated against the learner's state.

A feature is unlocked by any pack's rule for it. References are ``PACK/ID`` or a bare id in the
rule's own pack. Skills are global ids (docs/lesson-packs.md: the same skill id in two packs is
the same skill), so only the id part of a skill reference matters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from edu_app.i18n import Translator
from edu_app.learning.views import Requirement
from lessons import Pack
from lessons.model import AllOf, AnyOf, Condition, LessonCompleted, QuizScore, SkillMastery

#: Every feature the app gates, in skill-map order, with its title and description keys.
FEATURES: dict[str, tuple[str, str]] = {
    "simulator": ("learning.feature.simulator.title", "learning.feature.simulator.description"),
    "orders.limit": ("learning.feature.orders_limit.title", "learning.feature.orders_limit.description"),
    "orders.stop": ("learning.feature.orders_stop.title", "learning.feature.orders_stop.description"),
    "market.cn_a": ("learning.feature.market_cn_a.title", "learning.feature.market_cn_a.description"),
    "board.star_chinext": (
        "learning.feature.board_star_chinext.title",
        "learning.feature.board_star_chinext.description",
    ),
    "scenarios.crisis": ("learning.feature.scenarios_crisis.title", "learning.feature.scenarios_crisis.description"),
    "tips.feed": ("learning.feature.tips_feed.title", "learning.feature.tips_feed.description"),
}

Rule = tuple[str, Condition]  # (the pack that declares it, its condition)


class Facts(Protocol):
    """What rules are evaluated against (``LearnerState`` provides it)."""

    def mastery(self, skill_id: str) -> float: ...

    def lesson_best(self, pack_id: str, lesson_id: str) -> float | None: ...


def resolve(ref: str, own_pack: str) -> tuple[str, str]:
    """``PACK/ID`` -> (PACK, ID); a bare ``ID`` belongs to ``own_pack``."""
    pack_id, _, local_id = ref.rpartition("/")
    return (pack_id or own_pack), local_id


def feature_rules(packs: Iterable[Pack]) -> dict[str, list[Rule]]:
    """Every known feature -> the rules that can unlock it (possibly none), packs in id order."""
    rules: dict[str, list[Rule]] = {feature: [] for feature in FEATURES}
    for pack in sorted(packs, key=lambda p: p.id):
        for rule in pack.manifest.unlocks:
            if rule.feature in rules:
                rules[rule.feature].append((pack.id, rule.when))
    return rules


def is_met(condition: Condition, own_pack: str, facts: Facts) -> bool:
    """Whether ``condition`` holds (the fast path used after every answer)."""
    if isinstance(condition, AllOf):
        return all(is_met(child, own_pack, facts) for child in condition.all)
    if isinstance(condition, AnyOf):
        return any(is_met(child, own_pack, facts) for child in condition.any)
    if isinstance(condition, LessonCompleted):
        return facts.lesson_best(*resolve(condition.lesson_completed, own_pack)) is not None
    if isinstance(condition, QuizScore):
        best = facts.lesson_best(*resolve(condition.quiz_score.lesson, own_pack))
        return best is not None and best >= condition.quiz_score.at_least
    if isinstance(condition, SkillMastery):
        _, skill_id = resolve(condition.skill_mastery.skill, own_pack)
        return facts.mastery(skill_id) >= condition.skill_mastery.at_least
    raise TypeError(f"not an unlock condition: {condition!r}")


def newly_met(rules: dict[str, list[Rule]], facts: Facts, unlocked: Iterable[str]) -> list[str]:
    """Features not yet in ``unlocked`` whose rules now hold, in skill-map order."""
    done = set(unlocked)
    return [
        feature
        for feature, candidates in rules.items()
        if feature not in done and any(is_met(condition, pack_id, facts) for pack_id, condition in candidates)
    ]


class RequirementWriter:
    """Builds requirement trees with texts in one language."""

    def __init__(self, packs: dict[str, Pack], skill_name: Callable[[str], str], language: str) -> None:
        self._packs = packs
        self._skill_name = skill_name
        self._t = Translator(language)
        self._language = language

    def for_feature(self, rules: list[Rule], facts: Facts) -> Requirement:
        """The requirement of a feature: its one rule, or "any of" its rules."""
        if len(rules) == 1:
            return self.explain(rules[0][1], rules[0][0], facts)
        children = tuple(self.explain(condition, pack_id, facts) for pack_id, condition in rules)
        met = sum(child.met for child in children)
        key = "learning.requirement.any" if children else "learning.requirement.unavailable"
        return Requirement("any", self._t(key), met > 0, float(met), 1.0, children)

    def explain(self, condition: Condition, own_pack: str, facts: Facts) -> Requirement:
        """``condition`` as a tree with texts, met flags and current/target values."""
        if isinstance(condition, (AllOf, AnyOf)):
            is_all = isinstance(condition, AllOf)
            parts = condition.all if isinstance(condition, AllOf) else condition.any
            children = tuple(self.explain(child, own_pack, facts) for child in parts)
            met = sum(child.met for child in children)
            if is_all:
                text = self._t("learning.requirement.all")
                return Requirement("all", text, met == len(children), float(met), float(len(children)), children)
            text = self._t("learning.requirement.any")
            return Requirement("any", text, met > 0, float(met), 1.0, children)
        if isinstance(condition, LessonCompleted):
            pack_id, lesson_id = resolve(condition.lesson_completed, own_pack)
            done = facts.lesson_best(pack_id, lesson_id) is not None
            text = self._t("learning.requirement.lesson_completed", lesson=self._lesson_title(pack_id, lesson_id))
            return Requirement("lesson_completed", text, done, float(done), 1.0)
        if isinstance(condition, QuizScore):
            pack_id, lesson_id = resolve(condition.quiz_score.lesson, own_pack)
            best = facts.lesson_best(pack_id, lesson_id) or 0.0
            target = condition.quiz_score.at_least
            text = self._t(
                "learning.requirement.quiz_score",
                percent=_percent(target),
                lesson=self._lesson_title(pack_id, lesson_id),
            )
            return Requirement("quiz_score", text, is_met(condition, own_pack, facts), best, target)
        if isinstance(condition, SkillMastery):
            _, skill_id = resolve(condition.skill_mastery.skill, own_pack)
            target = condition.skill_mastery.at_least
            current = facts.mastery(skill_id)
            text = self._t(
                "learning.requirement.skill_mastery",
                percent=_percent(target),
                skill=self._skill_name(skill_id),
            )
            return Requirement("skill_mastery", text, current >= target, current, target)
        raise TypeError(f"not an unlock condition: {condition!r}")

    def _lesson_title(self, pack_id: str, lesson_id: str) -> str:
        pack = self._packs.get(pack_id)
        lesson = pack.lesson(lesson_id) if pack else None
        return pack.text(lesson.title, self._language) if pack and lesson else lesson_id


def _percent(fraction: float) -> int:
    return int(fraction * 100 + 0.5)
