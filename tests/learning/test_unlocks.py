"""The unlock rule engine: references, each condition kind, any pack's rule, requirement trees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.learning.unlocks import FEATURES, RequirementWriter, feature_rules, is_met, newly_met, resolve
from edu_app.store import Database
from lessons import Pack
from lessons.model import UnlockRule

from tests.learning.conftest import AF, answer_lesson, builtin_packs, right, wrong

IB = "investing-basics"


@dataclass
class Facts:
    bests: dict[tuple[str, str], float] = field(default_factory=dict)
    skills: dict[str, float] = field(default_factory=dict)

    def mastery(self, skill_id: str) -> float:
        return self.skills.get(skill_id, 0.0)

    def lesson_best(self, pack_id: str, lesson_id: str) -> float | None:
        return self.bests.get((pack_id, lesson_id))


def condition(raw: dict):  # type: ignore[no-untyped-def]
    return UnlockRule.model_validate({"feature": "simulator", "when": raw}).when


def with_unlocks(base: Pack, pack_id: str, rules: list[dict]) -> Pack:
    manifest = base.manifest.model_copy(
        update={"id": pack_id, "unlocks": [UnlockRule.model_validate(rule) for rule in rules]}
    )
    return Pack(manifest=manifest, lessons=base.lessons)


def test_references_resolve_in_the_rules_own_pack_unless_qualified() -> None:
    assert resolve("order-types", IB) == (IB, "order-types")
    assert resolve(f"{AF}/guaranteed-returns", IB) == (AF, "guaranteed-returns")


@pytest.mark.parametrize(
    ("raw", "facts", "met"),
    [
        ({"lesson_completed": "a"}, Facts(), False),
        ({"lesson_completed": "a"}, Facts({("p", "a"): 0.0}), True),
        ({"lesson_completed": "q/a"}, Facts({("p", "a"): 1.0}), False),
        ({"lesson_completed": "q/a"}, Facts({("q", "a"): 1.0}), True),
        ({"quiz_score": {"lesson": "a", "at_least": 0.6}}, Facts({("p", "a"): 0.59}), False),
        ({"quiz_score": {"lesson": "a", "at_least": 0.6}}, Facts({("p", "a"): 0.6}), True),
        ({"skill_mastery": {"skill": "s", "at_least": 0.6}}, Facts(skills={"s": 0.61}), True),
        ({"skill_mastery": {"skill": "other/s", "at_least": 0.6}}, Facts(skills={"s": 0.61}), True),
        ({"skill_mastery": {"skill": "s", "at_least": 0.6}}, Facts(), False),
        ({"all": [{"lesson_completed": "a"}, {"lesson_completed": "b"}]}, Facts({("p", "a"): 1.0}), False),
        ({"any": [{"lesson_completed": "a"}, {"lesson_completed": "b"}]}, Facts({("p", "a"): 1.0}), True),
        (
            {"any": [{"all": [{"lesson_completed": "a"}, {"lesson_completed": "b"}]}, {"lesson_completed": "c"}]},
            Facts({("p", "a"): 1.0, ("p", "b"): 1.0}),
            True,
        ),
    ],
)
def test_condition_kinds(raw: dict, facts: Facts, met: bool) -> None:
    assert is_met(condition(raw), "p", facts) is met


def test_a_feature_is_unlocked_by_any_packs_rule() -> None:
    base = builtin_packs()[0]
    packs = [
        with_unlocks(base, "pack-a", [{"feature": "orders.limit", "when": {"lesson_completed": "x"}}]),
        with_unlocks(base, "pack-b", [{"feature": "orders.limit", "when": {"lesson_completed": "y"}}]),
    ]
    rules = feature_rules(packs)
    assert list(rules) == list(FEATURES)
    assert [pack_id for pack_id, _ in rules["orders.limit"]] == ["pack-a", "pack-b"]
    assert newly_met(rules, Facts({("pack-b", "y"): 1.0}), []) == ["orders.limit"]
    assert newly_met(rules, Facts({("pack-b", "y"): 1.0}), ["orders.limit"]) == []
    assert newly_met(rules, Facts({("pack-a", "y"): 1.0}), []) == []  # bare ids stay in their own pack


def test_requirement_tree_says_exactly_what_is_missing() -> None:
    packs = {pack.id: pack for pack in builtin_packs()}
    rules = feature_rules(packs.values())
    facts = Facts({(IB, "order-types"): 0.75}, {"order-types": 0.4})
    names = {"order-types": "Order types"}
    en = RequirementWriter(packs, names.__getitem__, "en").for_feature(rules["orders.stop"], facts)
    assert (en.kind, en.met, en.current, en.target) == ("all", False, 0.0, 2.0)
    quiz, skill = en.children
    assert (quiz.kind, quiz.met, quiz.current, quiz.target) == ("quiz_score", False, 0.75, 0.8)
    assert quiz.text == "Score at least 80% on “Order types: market, limit, stop and stop-limit”"
    assert (skill.kind, skill.met, skill.current, skill.target) == ("skill_mastery", False, 0.4, 0.6)
    assert skill.text == "Reach 60% mastery of “Order types”"
    zh = RequirementWriter(packs, lambda _s: "委托类型", "zh-CN").for_feature(rules["orders.stop"], facts)
    assert zh.text == "以下全部满足"
    assert zh.children[1].text == "“委托类型”掌握度达到 60%"
    assert "80%" in zh.children[0].text and "委托" in zh.children[0].text


def test_unknown_lessons_show_their_id_and_features_without_rules_say_so() -> None:
    writer = RequirementWriter({}, str, "en")
    missing = writer.explain(condition({"lesson_completed": "other-pack/some-lesson"}), "p", Facts())
    assert (missing.text, missing.met, missing.current, missing.target) == (
        "Complete the lesson “some-lesson”",
        False,
        0.0,
        1.0,
    )
    nothing = writer.for_feature([], Facts())
    assert (nothing.kind, nothing.met, nothing.children) == ("any", False, ())
    assert nothing.text == "None of the installed lesson packs unlocks this yet"


def test_two_rules_for_one_feature_become_any(db: Database, profile_id: int) -> None:
    base = next(pack for pack in builtin_packs() if pack.id == AF)
    packs = [
        with_unlocks(base, "pack-a", [{"feature": "orders.limit", "when": {"lesson_completed": "guaranteed-returns"}}]),
        with_unlocks(base, "pack-b", [{"feature": "orders.limit", "when": {"lesson_completed": "pig-butchering"}}]),
    ]
    catalog = PackCatalog(loader=lambda: packs)
    service = LearningService(db, catalog, FixedClock(datetime(2026, 11, 23, tzinfo=UTC), UTC))
    status = next(f for f in service.features(profile_id, "en") if f.feature == "orders.limit")
    assert status.requirement.kind == "any" and len(status.requirement.children) == 2
    outcome = service.complete_lesson(profile_id, "pack-b", "pig-butchering")
    assert outcome.newly_unlocked == ["orders.limit"]
    assert service.is_unlocked(profile_id, "orders.limit")


# ----- through the service with the built-in packs ------------------------------------------


def test_passing_the_first_lesson_unlocks_the_simulator(
    service: LearningService, catalog: PackCatalog, profile_id: int
) -> None:
    assert not service.is_unlocked(profile_id, "simulator")
    items = catalog.pack(AF).items_of("guaranteed-returns")
    # 3 of 7 wrong: 57% < 60%.
    answer_lesson(service, catalog, profile_id, AF, "guaranteed-returns", {item.id for item in items[:3]})
    assert not service.is_unlocked(profile_id, "simulator")
    item = items[0]
    service.record_answer(profile_id, AF, "guaranteed-returns", item.id, right(item), 3)
    outcome = service.complete_lesson(profile_id, AF, "guaranteed-returns")
    assert outcome.quiz_score == pytest.approx(5 / 7) and outcome.newly_unlocked == ["simulator"]
    assert service.is_unlocked(profile_id, "simulator")
    assert not service.is_unlocked(profile_id, "no-such-feature")


def test_unlocks_are_kept_when_mastery_drops_later(
    service: LearningService, catalog: PackCatalog, profile_id: int
) -> None:
    for lesson_id in ("illegal-stock-tips", "pump-and-dump"):
        answer_lesson(service, catalog, profile_id, AF, lesson_id)
    social = [
        (lesson.id, item)
        for lesson in catalog.pack(AF).lessons
        for item in lesson.items
        if "social-consensus" in (item.skills or lesson.skills)
    ]
    for lesson_id, item in social:
        service.record_answer(profile_id, AF, lesson_id, item.id, right(item), 3)
    assert service.is_unlocked(profile_id, "tips.feed")
    for _ in range(3):
        for lesson_id, item in social:
            service.record_answer(profile_id, AF, lesson_id, item.id, wrong(item), 3)
    status = next(f for f in service.features(profile_id, "en") if f.feature == "tips.feed")
    assert status.unlocked and not status.requirement.met


def test_the_skill_map_lists_every_feature_in_both_languages(service: LearningService, profile_id: int) -> None:
    en = service.features(profile_id, "en")
    zh = service.features(profile_id, "zh-CN")
    assert [f.feature for f in en] == [
        "simulator",
        "orders.limit",
        "orders.stop",
        "market.cn_a",
        "board.star_chinext",
        "scenarios.crisis",
        "tips.feed",
    ]
    assert not any(f.unlocked for f in en)
    assert en[0].title == "Trading simulator" and zh[0].title == "模拟交易"
    assert all(f.requirement.text and f.description for f in en + zh)
