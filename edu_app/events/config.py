"""An event's set-up as the organiser chose it, stored as JSON on the event row."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from edu_app.i18n import LANGUAGES

DEFAULT_CAPACITY = 300
# Skills the built-in packs have enough single-answer items for (two forms of two items each).
DEFAULT_TEST_SKILLS = ("phantom-riches", "unlicensed-advice", "relationship-scams")
DEFAULT_LESSONS = ("anti-fraud-essentials/guaranteed-returns",)


class LessonRef(BaseModel):
    """An assigned lesson: its pack and lesson id."""

    model_config = ConfigDict(frozen=True)

    pack_id: str
    lesson_id: str

    @classmethod
    def parse(cls, text: str) -> LessonRef:
        """``"<pack>/<lesson>"`` as a reference (raises ValueError otherwise)."""
        pack_id, _, lesson_id = text.partition("/")
        if not pack_id or not lesson_id:
            raise ValueError(f"a lesson is written <pack>/<lesson>, not {text!r}")
        return cls(pack_id=pack_id, lesson_id=lesson_id)

    def key(self) -> str:
        return f"{self.pack_id}/{self.lesson_id}"


class ItemRef(BaseModel):
    """A quiz item in a pack."""

    model_config = ConfigDict(frozen=True)

    pack_id: str
    item_id: str

    def key(self) -> str:
        return f"{self.pack_id}/{self.item_id}"


class Forms(BaseModel):
    """The frozen pre-test, post-test and live-quiz items (drawn when joining first opens)."""

    pre: list[ItemRef] = Field(default_factory=list)
    post: list[ItemRef] = Field(default_factory=list)
    live: list[ItemRef] = Field(default_factory=list)


class EventConfig(BaseModel):
    """What the organiser set up. Forms are drawn from it and frozen when joining first opens."""

    languages: list[str] = Field(default_factory=lambda: list(LANGUAGES))
    lessons: list[LessonRef] = Field(default_factory=lambda: [LessonRef.parse(r) for r in DEFAULT_LESSONS])
    test_skills: list[str] = Field(default_factory=lambda: list(DEFAULT_TEST_SKILLS))
    items_per_skill: int = Field(default=2, ge=1, le=5)
    live_quiz: bool = True
    live_questions: int = Field(default=3, ge=1, le=20)
    # Time pressure hurts learning, so points for speed are off unless the organiser wants them.
    speed_bonus: bool = False
    trading_challenge: bool = False
    scenario_id: str | None = None
    # Simulator features attendees may use during the event (besides the simulator itself and
    # what the scenario needs), whether or not they unlocked them.
    granted_features: list[str] = Field(default_factory=list)
    challenge_running: bool = False
    capacity: int = Field(default=DEFAULT_CAPACITY, ge=1, le=10_000)
    forms: Forms | None = None
