"""The pack format as pydantic models: manifest, lesson front matter, quiz items, unlock rules.

These models define the shapes in ``docs/lesson-packs.md`` and generate the JSON Schema
(:mod:`lessons.schema`). Rules that need more than one value at a time (ids that must exist,
exactly one correct option, a scenario's graph) are checked in :mod:`lessons.validate`.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

SCHEMA_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REF_PATTERN = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
SEMVER_PATTERN = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$"
)
URL_PATTERN = r"^https?://\S+$"

#: Features a pack may unlock (``unlocks[].feature``).
KNOWN_FEATURES = frozenset(
    {"simulator", "orders.limit", "orders.stop", "market.cn_a", "board.star_chinext", "scenarios.crisis", "tips.feed"}
)
ITEM_TYPES = ("single_choice", "multiple_choice", "true_false", "numeric", "ordering", "red_flags", "scenario")
RED_FLAG_FORMATS = ("group_chat", "private_chat", "sms", "app_notice", "email", "post")


class _Localized:
    """Marks a field as translatable text (a map from language to text)."""


LOCALIZED = _Localized()

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=100)]
Ref = Annotated[str, StringConstraints(pattern=REF_PATTERN, max_length=201)]
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN, max_length=35)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
LocalizedText = Annotated[
    dict[LanguageCode, Text],
    Field(min_length=1, description="The text in each language: a map from language code to text."),
    LOCALIZED,
]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class _Model(BaseModel):
    # Unknown keys are errors: a typo in a pack should be reported, not silently ignored.
    # Bare numbers are accepted where text is expected (option ids "1", answers like "42").
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


# ----- manifest ---------------------------------------------------------------------------------


class Author(_Model):
    name: Text
    email: str | None = None
    url: Annotated[str, StringConstraints(pattern=URL_PATTERN)] | None = None


class Source(_Model):
    """A citation for facts taught; lessons refer to it by ``id``."""

    id: Slug
    title: Text
    publisher: str | None = None
    url: Annotated[str, StringConstraints(pattern=URL_PATTERN)] | None = None
    accessed: datetime.date | None = None


class Skill(_Model):
    id: Slug
    name: LocalizedText
    description: LocalizedText | None = None


class QuizScoreArgs(_Model):
    lesson: Ref
    at_least: Fraction


class SkillMasteryArgs(_Model):
    skill: Ref
    at_least: Fraction


class LessonCompleted(_Model):
    lesson_completed: Ref


class QuizScore(_Model):
    quiz_score: QuizScoreArgs


class SkillMastery(_Model):
    skill_mastery: SkillMasteryArgs


class AllOf(_Model):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Model):
    any: list[Condition] = Field(min_length=1)


_CONDITION_KINDS = {
    "lesson_completed": LessonCompleted,
    "quiz_score": QuizScore,
    "skill_mastery": SkillMastery,
    "all": AllOf,
    "any": AnyOf,
}


def _condition_kind(value: Any) -> str | None:
    """Which condition a raw mapping (or a built model) is, by its single key."""
    if isinstance(value, dict):
        return next((kind for kind in _CONDITION_KINDS if kind in value), None)
    return next((kind for kind, cls in _CONDITION_KINDS.items() if isinstance(value, cls)), None)


Condition = Annotated[
    Union[
        Annotated[LessonCompleted, Tag("lesson_completed")],
        Annotated[QuizScore, Tag("quiz_score")],
        Annotated[SkillMastery, Tag("skill_mastery")],
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
    ],
    Discriminator(
        _condition_kind,
        custom_error_type="unknown-condition",
        custom_error_message="a condition is one of lesson_completed, quiz_score, skill_mastery, all, any",
    ),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()


class UnlockRule(_Model):
    feature: str
    when: Condition


class Manifest(_Model):
    """``pack.yaml``."""

    schema_version: int
    id: Slug
    version: Annotated[str, StringConstraints(pattern=SEMVER_PATTERN)]
    languages: list[LanguageCode] = Field(min_length=1)
    source_language: LanguageCode
    title: LocalizedText
    description: LocalizedText
    authors: list[Author] = Field(min_length=1)
    publisher: Text
    license: Text
    sources: list[Source] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    lessons: list[Slug] = Field(min_length=1)
    unlocks: list[UnlockRule] = Field(default_factory=list)


# ----- lesson front matter ----------------------------------------------------------------------


class LessonMeta(_Model):
    """Front matter of a lesson's source-language Markdown file."""

    id: Slug
    title: Text
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    skills: list[Slug] = Field(default_factory=list)
    sources: list[Slug] = Field(default_factory=list)


class TranslatedLessonMeta(_Model):
    """Front matter of a translated lesson file: only its title."""

    title: Text


# ----- quiz items -------------------------------------------------------------------------------


class _ItemBase(_Model):
    id: Slug
    skills: list[Slug] | None = None
    prompt: LocalizedText
    explanation: LocalizedText | None = None


class ChoiceOption(_Model):
    id: Slug
    text: LocalizedText
    correct: bool = False
    feedback: LocalizedText | None = None


class SingleChoiceItem(_ItemBase):
    type: Literal["single_choice"]
    options: list[ChoiceOption] = Field(min_length=2)


class MultipleChoiceItem(_ItemBase):
    type: Literal["multiple_choice"]
    options: list[ChoiceOption] = Field(min_length=2)


class TrueFalseItem(_ItemBase):
    type: Literal["true_false"]
    answer: bool
    feedback_true: LocalizedText | None = None
    feedback_false: LocalizedText | None = None


class NumericItem(_ItemBase):
    type: Literal["numeric"]
    answer: Annotated[float, Field(allow_inf_nan=False)]
    tolerance: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0.0
    unit: LocalizedText | None = None
    feedback_correct: LocalizedText | None = None
    feedback_incorrect: LocalizedText | None = None


class OrderingEntry(_Model):
    id: Slug
    text: LocalizedText


class OrderingItem(_ItemBase):
    type: Literal["ordering"]
    entries: list[OrderingEntry] = Field(min_length=2, description="In the correct order; shown shuffled.")


class Segment(_Model):
    id: Slug
    speaker: LocalizedText | None = None
    text: LocalizedText
    red_flag: bool = False
    explanation: LocalizedText | None = None


class RedFlagsItem(_ItemBase):
    type: Literal["red_flags"]
    format: Literal["group_chat", "private_chat", "sms", "app_notice", "email", "post"]
    segments: list[Segment] = Field(min_length=1)


class ScenarioChoice(_Model):
    text: LocalizedText
    goto: Slug
    feedback: LocalizedText | None = None


class ScenarioState(_Model):
    text: LocalizedText
    choices: list[ScenarioChoice] = Field(default_factory=list)
    ending: Literal["good", "bad", "neutral"] | None = None


class ScenarioItem(_ItemBase):
    type: Literal["scenario"]
    start: Slug
    states: dict[Slug, ScenarioState] = Field(min_length=1)


Item = Annotated[
    Union[
        SingleChoiceItem, MultipleChoiceItem, TrueFalseItem, NumericItem, OrderingItem, RedFlagsItem, ScenarioItem
    ],
    Field(discriminator="type"),
]


class QuizFile(_Model):
    """``lessons/<lesson-id>/quiz.yaml``."""

    items: list[Item] = Field(default_factory=list)


# ----- the loaded pack --------------------------------------------------------------------------


class Card(BaseModel):
    """One card of a lesson: Markdown text and the line it starts on in its file."""

    markdown: str
    line: int


class Lesson(BaseModel):
    """A lesson with its title and cards in every language present, and its quiz items."""

    id: str
    title: dict[str, str]
    minutes: int | None = None
    skills: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    cards: dict[str, list[Card]] = Field(default_factory=dict)
    items: list[Item] = Field(default_factory=list)


class Pack(BaseModel):
    """A loaded pack. ``root`` is its folder when it was read from one (``None`` for a zip)."""

    manifest: Manifest
    lessons: list[Lesson]
    root: Path | None = None

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def source_language(self) -> str:
        return self.manifest.source_language

    def lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, or ``None``."""
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def items_of(self, lesson_id: str) -> list[Item]:
        """The quiz items of a lesson, in file order (empty for an unknown lesson)."""
        lesson = self.lesson(lesson_id)
        return list(lesson.items) if lesson else []

    def item(self, item_id: str) -> Item | None:
        """The item with this id anywhere in the pack, or ``None``."""
        return next((item for lesson in self.lessons for item in lesson.items if item.id == item_id), None)

    def skill(self, skill_id: str) -> Skill | None:
        """The manifest skill with this id, or ``None``."""
        return next((skill for skill in self.manifest.skills if skill.id == skill_id), None)

    def text(self, value: dict[str, str] | None, language: str) -> str:
        """``value`` in ``language``, falling back to the source language, then to any text."""
        if not value:
            return ""
        if language in value:
            return value[language]
        if self.source_language in value:
            return value[self.source_language]
        return next(iter(value.values()))

    def cards(self, lesson_id: str, language: str) -> list[Card]:
        """A lesson's cards in ``language``; missing cards fall back to the source language."""
        lesson = self.lesson(lesson_id)
        if lesson is None:
            return []
        source = lesson.cards.get(self.source_language, [])
        translated = lesson.cards.get(language, [])
        return [translated[i] if i < len(translated) else card for i, card in enumerate(source)]

    def item_skills(self, item: Item) -> list[str]:
        """An item's skills: its own, or else its lesson's."""
        if item.skills is not None:
            return list(item.skills)
        lesson = next((lesson for lesson in self.lessons if item in lesson.items), None)
        return list(lesson.skills) if lesson else []

    def media_path(self, reference: str) -> Path | None:
        """The file a lesson's ``media/...`` reference points to, when the pack is a folder."""
        if self.root is None or not reference.startswith("media/") or ".." in reference.split("/"):
            return None
        return self.root / reference


def version_key(version: str) -> tuple[Any, ...]:
    """A sort key ordering semantic versions by precedence (build metadata ignored).

    Raises ``ValueError`` for a string that is not a semantic version.
    """
    match = re.match(SEMVER_PATTERN, version)
    if not match:
        raise ValueError(f"not a semantic version: {version!r}")
    core = (int(match[1]), int(match[2]), int(match[3]))
    if match[4] is None:
        # A release sorts after all of its pre-releases.
        return (core, 1, ())
    return (core, 0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in match[4].split(".")))
