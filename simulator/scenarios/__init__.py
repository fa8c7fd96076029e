"""Curated historical scenarios: one YAML file each in this folder, validated on load.

A scenario picks a bundled series and a period, the market rules and starting cash, and may
schedule tips (fictional scam messages or news) on dates. Tip texts are practice material and
never investment advice.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from simulator.bilingual import Bilingual
from simulator.errors import SetupError
from simulator.features import MARKET_CN_A, SCENARIOS_CRISIS
from simulator.orders import Side
from simulator.tips import Tip, TipKind

SCENARIOS_DIR = Path(__file__).resolve().parent
DIFFICULTIES = ("beginner", "intermediate", "advanced")
DISCLAIMER = Bilingual(
    "Historical prices, fictional messages. For practice only; nothing here is investment advice.",
    "历史价格，虚构消息。仅供练习，不构成任何投资建议。",
)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Text(BaseModel):
    """A text in both languages, written ``{en: ..., zh-CN: ...}`` in the files."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    en: str = Field(min_length=1)
    zh_cn: str = Field(alias="zh-CN", min_length=1)

    def bilingual(self) -> Bilingual:
        """As a ``Bilingual``."""
        return Bilingual(self.en, self.zh_cn)


class TipSpec(BaseModel):
    """A tip scheduled in a scenario file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    date: date
    kind: Literal["scam", "news"]
    action: Literal["buy", "sell"] | None = None
    source: Text
    text: Text


class Scenario(BaseModel):
    """One curated episode."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    symbol: str
    start: date
    end: date
    crisis: bool
    difficulty: Literal["beginner", "intermediate", "advanced"]
    rules: Literal["us", "cn_a"]
    start_cash: float = Field(gt=0)
    title: Text
    intro: Text
    learning_goals: list[Text] = Field(min_length=1)
    lessons: list[str] = Field(default_factory=list)
    tips: list[TipSpec] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("must be lowercase letters, digits and single hyphens")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        ids = [tip.id for tip in self.tips]
        if len(ids) != len(set(ids)):
            raise ValueError("tip ids must be unique")
        for tip in self.tips:
            if not self.start <= tip.date <= self.end:
                raise ValueError(f"tip {tip.id} is dated outside the scenario")
        return self

    @property
    def required_features(self) -> frozenset[str]:
        """Feature ids a learner needs to play this scenario."""
        needed = set()
        if self.crisis:
            needed.add(SCENARIOS_CRISIS)
        if self.rules == "cn_a":
            needed.add(MARKET_CN_A)
        return frozenset(needed)

    def session_tips(self) -> tuple[Tip, ...]:
        """The scheduled tips in the form the session delivers them."""
        return tuple(
            Tip(
                id=spec.id,
                date=spec.date,
                kind=TipKind(spec.kind),
                source=spec.source.bilingual(),
                text=spec.text.bilingual(),
                action=Side(spec.action) if spec.action else None,
            )
            for spec in self.tips
        )

    def summary(self) -> dict[str, Any]:
        """The fields a scenario list shows (JSON-safe)."""
        return {
            "id": self.id,
            "symbol": self.symbol,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "crisis": self.crisis,
            "difficulty": self.difficulty,
            "rules": self.rules,
            "start_cash": self.start_cash,
            "title": self.title.bilingual().to_dict(),
            "intro": self.intro.bilingual().to_dict(),
            "learning_goals": [goal.bilingual().to_dict() for goal in self.learning_goals],
            "lessons": list(self.lessons),
            "required_features": sorted(self.required_features),
            "tips": len(self.tips),
        }


def _load_file(path: Path) -> Scenario:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Scenario.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise SetupError(
            Bilingual(
                f"Scenario file {path.name} is invalid: {error}",
                f"情景文件 {path.name} 无效：{error}",
            ),
            code="bad_scenario",
        ) from error


def load_scenarios(directory: Path | None = None) -> list[Scenario]:
    """Every scenario in ``directory`` (default: the built-in ones), easiest first."""
    folder = directory or SCENARIOS_DIR
    scenarios = [_load_file(path) for path in sorted(folder.glob("*.yaml"))]
    ids = [scenario.id for scenario in scenarios]
    duplicates = sorted({item for item in ids if ids.count(item) > 1})
    if duplicates:
        raise SetupError(
            Bilingual(
                f"Duplicate scenario ids: {', '.join(duplicates)}",
                f"情景编号重复：{', '.join(duplicates)}",
            ),
            code="bad_scenario",
        )
    return sorted(scenarios, key=lambda item: (DIFFICULTIES.index(item.difficulty), item.start))


def get_scenario(scenario_id: str, directory: Path | None = None) -> Scenario:
    """The scenario called ``scenario_id``; ``SetupError`` naming the known ids if missing."""
    scenarios = load_scenarios(directory)
    for scenario in scenarios:
        if scenario.id == scenario_id:
            return scenario
    known = ", ".join(scenario.id for scenario in scenarios)
    raise SetupError(
        Bilingual(
            f"Unknown scenario '{scenario_id}'. Known scenarios: {known}.",
            f"未知情景“{scenario_id}”。可选情景：{known}。",
        ),
        code="unknown_scenario",
    )
