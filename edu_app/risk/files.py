"""The questionnaire and risk-level files: their format, validation and loading.

Both are bilingual YAML files, read with the lesson packs' safe YAML loader and checked with
pydantic, so an educator or an exchange can supply their own and get every problem reported as
``file:line:col: message``, like a lesson pack. The format is documented in docs/risk-profile.md.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from lessons import errors as E
from lessons.errors import PackError
from lessons.loader import pydantic_errors
from lessons.yamlsafe import parse_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
QUESTIONNAIRE_FILE = DATA_DIR / "questionnaire.yaml"
LEVELS_FILE = DATA_DIR / "risk-levels.yaml"
# A questionnaire is a few kilobytes; anything far larger is not one.
MAX_FILE_BYTES = 1_000_000

GRADES = ("C1", "C2", "C3", "C4", "C5")
LEVELS = ("R1", "R2", "R3", "R4", "R5")
Grade = Literal["C1", "C2", "C3", "C4", "C5"]
Level = Literal["R1", "R2", "R3", "R4", "R5"]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+([-_][a-z0-9]+)*$", max_length=64)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
_M = TypeVar("_M", bound=BaseModel)


def grade_rank(grade: str) -> int:
    """1 for C1 ... 5 for C5."""
    return GRADES.index(grade) + 1


def level_rank(level: str) -> int:
    """1 for R1 ... 5 for R5."""
    return LEVELS.index(level) + 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(_Strict):
    """A text in both languages, written ``{en: ..., zh-CN: ...}``."""

    en: str = Field(min_length=1, max_length=2000)
    zh_cn: str = Field(alias="zh-CN", min_length=1, max_length=2000)

    def get(self, language: str) -> str:
        """The text in ``language`` ("zh-CN", else English)."""
        return self.zh_cn if language == "zh-CN" else self.en


class Option(_Strict):
    """One answer to a question, with its score.

    ``tolerated_fall`` (a fraction) is the fall the learner says they could live with; the reality
    check compares it with what they did. ``max_grade`` caps the grade whatever the total, and
    ``lowest_category`` marks the investor as the lowest risk-tolerance category.
    """

    id: Slug
    text: Text
    score: int = Field(ge=0, le=100)
    tolerated_fall: Fraction | None = None
    max_grade: Grade | None = None
    lowest_category: bool = False


class Question(_Strict):
    """A question with two or more options, answered by choosing one."""

    id: Slug
    text: Text
    options: list[Option] = Field(min_length=2, max_length=12)

    @model_validator(mode="after")
    def _unique_options(self) -> Question:
        ids = [option.id for option in self.options]
        if len(ids) != len(set(ids)):
            raise ValueError(f"option ids must be unique within a question (question '{self.id}')")
        return self

    def option(self, option_id: str) -> Option | None:
        """The option with this id."""
        return next((option for option in self.options if option.id == option_id), None)


class GradeBand(_Strict):
    """A grade C1-C5: totals from ``min`` up to the next band's ``min`` minus one."""

    id: Grade
    min: int = Field(ge=0)
    max_level: Level
    name: Text
    description: Text
    simulator: Text


class Questionnaire(_Strict):
    """A whole questionnaire file."""

    format: Literal["invest-quest-risk-questionnaire"]
    version: Literal[1]
    id: Slug
    title: Text
    intro: Text
    questions: list[Question] = Field(min_length=1, max_length=40)
    grades: list[GradeBand] = Field(min_length=5, max_length=5)

    @model_validator(mode="after")
    def _consistent(self) -> Questionnaire:
        ids = [question.id for question in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("question ids must be unique")
        if [band.id for band in self.grades] != list(GRADES):
            raise ValueError("grades must be C1, C2, C3, C4, C5 in that order")
        if self.grades[0].min != 0:
            raise ValueError("the C1 band must start at 0")
        mins = [band.min for band in self.grades]
        if any(b <= a for a, b in zip(mins, mins[1:])):
            raise ValueError("each grade's min must be above the previous grade's")
        if mins[-1] > self.max_score:
            raise ValueError(f"C5 starts at {mins[-1]}, above the highest possible total {self.max_score}")
        return self

    @property
    def max_score(self) -> int:
        """The highest total a learner can reach."""
        return sum(max(option.score for option in question.options) for question in self.questions)

    def question(self, question_id: str) -> Question | None:
        """The question with this id."""
        return next((question for question in self.questions if question.id == question_id), None)

    def band(self, grade: str) -> GradeBand:
        """The band of ``grade`` (C1-C5)."""
        return self.grades[grade_rank(grade) - 1]


class LevelName(_Strict):
    """A product risk level's name."""

    id: Level
    name: Text


class Rated(_Strict):
    """Something graded R1-R5 (an instrument kind, a board, a scenario), with the reason."""

    id: Slug
    level: Level
    reason: Text


class ScenarioDefaults(_Strict):
    """Levels for scenarios the file does not list."""

    crisis: Level
    other: Level


class RealityCheckRules(_Strict):
    """Which skills a learner of grade ``from_grade`` or above should have shown, and how well."""

    expected_skills: list[Slug] = Field(min_length=1)
    min_mastery: Fraction
    from_grade: Grade


class RiskLevels(_Strict):
    """A whole risk-levels file."""

    format: Literal["invest-quest-risk-levels"]
    version: Literal[1]
    levels: list[LevelName] = Field(min_length=5, max_length=5)
    kinds: list[Rated]
    boards: list[Rated]
    scenarios: list[Rated] = Field(default_factory=list)
    scenario_defaults: ScenarioDefaults
    reality_check: RealityCheckRules

    @model_validator(mode="after")
    def _consistent(self) -> RiskLevels:
        if [level.id for level in self.levels] != list(LEVELS):
            raise ValueError("levels must be R1, R2, R3, R4, R5 in that order")
        for field in ("kinds", "boards", "scenarios"):
            ids = [entry.id for entry in getattr(self, field)]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{field}: ids must be unique")
        return self

    def level_name(self, level: str) -> Text:
        """The name of R1-R5."""
        return self.levels[level_rank(level) - 1].name

    def kind(self, kind_id: str) -> Rated | None:
        """The entry of an instrument kind (stock, index, crypto, ...)."""
        return next((entry for entry in self.kinds if entry.id == kind_id), None)

    def board(self, board_id: str) -> Rated | None:
        """The entry of a board (us, main, st, chinext, star, ...)."""
        return next((entry for entry in self.boards if entry.id == board_id), None)

    def scenario(self, scenario_id: str) -> Rated | None:
        """The entry of a scenario, when the file lists it."""
        return next((entry for entry in self.scenarios if entry.id == scenario_id), None)


class RiskFileError(Exception):
    """A questionnaire or levels file that cannot be used; ``errors`` says where and why."""

    def __init__(self, errors: list[PackError]) -> None:
        self.errors = sorted(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def load_questionnaire(path: Path | str | None = None) -> Questionnaire:
    """Load and validate a questionnaire file (default: the built-in one).

    Raises :class:`RiskFileError` listing every problem as ``file:line:col: message``.
    """
    if path is None:
        return _builtin_questionnaire()
    return _load(Path(path), Questionnaire)


def load_levels(path: Path | str | None = None) -> RiskLevels:
    """Load and validate a risk-levels file (default: the built-in one).

    Raises :class:`RiskFileError` listing every problem as ``file:line:col: message``.
    """
    if path is None:
        return _builtin_levels()
    return _load(Path(path), RiskLevels)


@cache
def _builtin_questionnaire() -> Questionnaire:
    return _load(QUESTIONNAIRE_FILE, Questionnaire)


@cache
def _builtin_levels() -> RiskLevels:
    return _load(LEVELS_FILE, RiskLevels)


def _load(path: Path, model: type[_M]) -> _M:
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RiskFileError([PackError(name, 1, 1, E.NOT_FOUND, f"cannot read the file: {error.strerror}")]) from error
    if len(raw) > MAX_FILE_BYTES:
        raise RiskFileError([PackError(name, 1, 1, E.FILE_TOO_LARGE, f"larger than {MAX_FILE_BYTES} bytes")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RiskFileError([PackError(name, 1, 1, E.ENCODING, "the file is not UTF-8 text")]) from error
    data, document, errors = parse_yaml(text, name)
    if errors:
        raise RiskFileError(errors)
    if not isinstance(data, dict):
        raise RiskFileError([PackError(name, 1, 1, E.WRONG_TYPE, "the file must be a YAML mapping")])
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise RiskFileError(pydantic_errors(error, document)) from error

