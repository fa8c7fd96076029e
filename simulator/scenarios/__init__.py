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
from simulator.features import BOARD_STAR_CHINEXT, MARKET_CN_A, SCENARIOS_CRISIS
from simulator.orders import Side
from simulator.tips import MarginTerms, Tip, TipKind

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


class MarginSpec(BaseModel):
    """The terms of a margin offer (场外配资): 1:leverage, lines as assets / loan."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    leverage: float = Field(gt=0, le=20)
    warning_line: float = Field(gt=1)
    liquidation_line: float = Field(gt=1)
    monthly_interest: float = Field(ge=0, lt=0.2, default=0.0)
    symbol: str = ""
    deposit: float = Field(gt=0)

    @model_validator(mode="after")
    def _lines(self) -> MarginSpec:
        if self.liquidation_line >= self.warning_line:
            raise ValueError("the liquidation line must be below the warning line")
        if self.warning_line >= (1 + self.leverage) / self.leverage:
            raise ValueError("the warning line must be below the opening ratio (1+N)/N")
        return self


class Source(BaseModel):
    """A primary source for a date or rule a scenario relies on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://")
    supports: str = Field(min_length=1)


class TipSpec(BaseModel):
    """A tip scheduled in a scenario file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    date: date
    kind: Literal["scam", "news", "margin_offer"]
    action: Literal["buy", "sell"] | None = None
    symbol: str | None = None
    source: Text
    text: Text
    margin: MarginSpec | None = None
    lesson: str | None = None

    @model_validator(mode="after")
    def _margin_terms(self) -> TipSpec:
        if (self.kind == "margin_offer") != (self.margin is not None):
            raise ValueError("margin_offer tips, and only they, carry margin terms")
        return self


class Scenario(BaseModel):
    """One curated episode."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    symbol: str
    # Further instruments of a portfolio scenario (``symbol`` is the first).
    symbols: list[str] = Field(default_factory=list)
    # A bundled series whose buy-and-hold is the benchmark (default: equal split).
    benchmark: str | None = None
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
    sources: list[Source] = Field(default_factory=list)

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
        if len(set(self.all_symbols)) != len(self.all_symbols):
            raise ValueError("each instrument may appear once")
        return self

    @property
    def all_symbols(self) -> tuple[str, ...]:
        """Every instrument the scenario trades, ``symbol`` first."""
        return (self.symbol, *(item for item in self.symbols if item != self.symbol))

    @property
    def required_features(self) -> frozenset[str]:
        """Feature ids a learner needs to play this scenario."""
        needed = set()
        if self.crisis:
            needed.add(SCENARIOS_CRISIS)
        if self.rules == "cn_a":
            needed.add(MARKET_CN_A)
            if any(symbol.split(".")[0].startswith(("300", "301", "688")) for symbol in self.all_symbols):
                needed.add(BOARD_STAR_CHINEXT)
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
                symbol=spec.symbol,
                margin=MarginTerms(**spec.margin.model_dump()) if spec.margin else None,
                lesson_id=spec.lesson,
            )
            for spec in self.tips
        )

    def summary(self) -> dict[str, Any]:
        """The fields a scenario list shows (JSON-safe)."""
        return {
            "id": self.id,
            "symbol": self.symbol,
            "symbols": list(self.all_symbols),
            "benchmark": self.benchmark,
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
            "tip_kinds": sorted({tip.kind for tip in self.tips}),
            "sources": [source.model_dump() for source in self.sources],
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
