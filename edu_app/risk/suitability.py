"""Product risk levels and the suitability check: does this product need a warning for this learner?

The rule follows the CSRC's suitability Measures as the SAC and AMAC guidance apply them: an
investor graded Cn matches products up to Rn. Above that, a firm must not recommend the product;
if the investor still wants it, the firm gives a special written risk warning and may sell once the
investor confirms, except to the lowest risk-tolerance category, to whom it must not sell at all.
Before any assessment a firm cannot judge suitability, so it must assess first.

In the simulator the warning never blocks: practice is the point, and the warning is the lesson.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from edu_app.i18n import Translator
from edu_app.risk.files import LEVELS, Rated, RiskLevels, Text, level_rank

if TYPE_CHECKING:
    from simulator.scenarios import Scenario
    from simulator.session import TradingSession

WarningKind = Literal["above_grade", "lowest_category", "no_assessment"]
# Message keys spelled out, so that every catalog key can be found in the code.
_TITLES: dict[str, str] = {
    "above_grade": "risk.warning.title_above_grade",
    "lowest_category": "risk.warning.title_lowest_category",
    "no_assessment": "risk.warning.title_no_assessment",
}
_BODIES: dict[str, str] = {
    "above_grade": "risk.warning.body_above_grade",
    "lowest_category": "risk.warning.body_lowest_category",
    "no_assessment": "risk.warning.body_no_assessment",
}


@dataclass(frozen=True)
class Product:
    """What the learner is about to trade or start: any of an instrument kind (``stock``,
    ``index``, ``crypto``, ...), a board (``us``, ``main``, ``st``, ``chinext``, ``star``) and a
    scenario. ``others`` holds the (kind, board) of further instruments of a portfolio scenario;
    the riskiest decides. ``symbol`` is only for the record; ``title`` (language -> text) names
    the product in the warning."""

    kind: str | None = None
    board: str | None = None
    scenario_id: str | None = None
    crisis: bool = False
    symbol: str | None = None
    title: Mapping[str, str] | None = field(default=None, compare=False, hash=False)
    others: tuple[tuple[str | None, str | None], ...] = ()

    def name(self, language: str) -> str:
        """What the warning calls the product: its title, else its symbol, else nothing."""
        if self.title:
            return self.title.get(language) or self.title.get("en") or ""
        return self.symbol or ""

    @property
    def key(self) -> str:
        """A stable text naming the product in the record of warning choices."""
        parts = [
            f"{name}:{value}"
            for name, value in (
                ("scenario", self.scenario_id), ("symbol", self.symbol), ("kind", self.kind), ("board", self.board)
            )
            if value
        ]
        return "|".join(parts) or "unknown"

    @classmethod
    def from_session(
        cls, session: TradingSession, title: Mapping[str, str] | None = None, symbol: str | None = None
    ) -> Product:
        """What a simulator session trades: every instrument, or only ``symbol`` (for an order).

        The scenario, if any, counts in both cases: a crisis episode is a crisis for every order.
        """
        items = [session.instruments[symbol]] if symbol else list(session.instruments.values())
        first = items[0]
        return cls(
            kind=first.series.kind.value,
            board=first.board.id,
            scenario_id=session.scenario_id,
            symbol=first.series.symbol,
            title=title,
            others=tuple((item.series.kind.value, item.board.id) for item in items[1:]),
        )

    @classmethod
    def from_instrument(
        cls, symbol: str, kind: str | None, rules: str, title: Mapping[str, str] | None = None
    ) -> Product:
        """What free practice on ``symbol`` trades, before the session exists: its kind and its
        board under ``rules`` (``us``, ``cn_a``); an unknown board leaves the kind to decide."""
        from simulator.errors import SimulatorError
        from simulator.market_rules import board_for, get_profile
        from simulator.series import InstrumentKind

        board: str | None = None
        try:
            profile = get_profile(rules)
            board = profile.default_board
            if kind is not None:
                board = board_for(profile, symbol, InstrumentKind(kind)).id
        except (SimulatorError, KeyError, ValueError):
            board = None
        return cls(kind=kind, board=board, symbol=symbol, title=title)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> Product:
        """The product of a scenario, before a session exists: every instrument's kind (from the
        bundled series) and board (from the symbol under the scenario's rules)."""
        from simulator.bundled_prices import find_bundled
        from simulator.errors import SimulatorError
        from simulator.market_rules import board_for, get_profile

        profile = get_profile(scenario.rules)
        parts: list[tuple[str | None, str | None]] = []
        for symbol in scenario.all_symbols:
            bundled = find_bundled(symbol)
            board: str | None = profile.default_board
            if bundled is not None:
                try:
                    board = board_for(profile, symbol, bundled.kind).id
                except SimulatorError:
                    board = None
            parts.append((bundled.kind.value if bundled else None, board))
        return cls(
            kind=parts[0][0],
            board=parts[0][1],
            scenario_id=scenario.id,
            crisis=scenario.crisis,
            symbol=scenario.symbol,
            title={"en": scenario.title.en, "zh-CN": scenario.title.zh_cn},
            others=tuple(parts[1:]),
        )


@dataclass(frozen=True)
class Reason:
    """Why part of a product has its level: ``source`` is ``kind``, ``board`` or ``scenario``."""

    source: str
    id: str
    level: str
    text: Text


@dataclass(frozen=True)
class ProductRating:
    """A product's level (the highest of its parts) and the reasons, highest and most specific first."""

    level: str
    name: Text
    reasons: tuple[Reason, ...]


def rate(levels: RiskLevels, product: Product) -> ProductRating:
    """The risk level of ``product``: the highest level of its kind, board and scenario.

    A scenario the file does not list gets ``scenario_defaults`` (crisis or not). A product with
    nothing known gets the non-crisis default.
    """
    reasons: list[Reason] = []
    parts: list[tuple[str, Rated | None]] = []
    for kind, board in ((product.kind, product.board), *product.others):
        parts += [("kind", levels.kind(kind) if kind else None), ("board", levels.board(board) if board else None)]
    parts.append(("scenario", levels.scenario(product.scenario_id) if product.scenario_id else None))
    for source, entry in parts:
        # Two instruments of one kind or board give one reason, not two.
        if entry is not None and not any(r.source == source and r.id == entry.id for r in reasons):
            reasons.append(Reason(source, entry.id, entry.level, entry.reason))
    level = max((reason.level for reason in reasons), key=level_rank, default=None)
    if product.scenario_id and levels.scenario(product.scenario_id) is None:
        default = levels.scenario_defaults.crisis if product.crisis else levels.scenario_defaults.other
        level = max(level or default, default, key=level_rank)
    level = level or levels.scenario_defaults.other
    # Highest level first; at equal levels the most telling part (scenario, kind, board) first.
    specific = {"scenario": 0, "kind": 1, "board": 2}
    ordered = tuple(sorted(reasons, key=lambda reason: (-level_rank(reason.level), specific[reason.source])))
    return ProductRating(level, levels.level_name(level), ordered)


def matches(grade: str, level: str) -> bool:
    """Whether a product of ``level`` (R1-R5) suits an investor of ``grade`` (C1-C5)."""
    return level_rank(level) <= int(grade[1])


def max_level_for(grade: str) -> str:
    """The highest product level that suits ``grade``: C1 -> R1 ... C5 -> R5."""
    return LEVELS[int(grade[1]) - 1]


@dataclass(frozen=True)
class SuitabilityWarning:
    """A warning to show before the learner goes ahead with ``product``.

    ``kind``: ``above_grade`` (a special risk warning, then the learner may confirm),
    ``lowest_category`` (a real firm would have to refuse; the simulator lets the learner
    practise), ``no_assessment`` (take the questionnaire first, or go ahead without one).
    """

    kind: WarningKind
    product: Product
    rating: ProductRating
    grade: str | None
    assessment_id: int | None = None

    @property
    def level(self) -> str:
        """The product's level, R1-R5."""
        return self.rating.level

    def title(self, language: str) -> str:
        """The dialog's title."""
        return Translator(language)(_TITLES[self.kind])

    def body(self, language: str, grade_name: str = "") -> str:
        """What the warning says, with the learner's grade and the product's level."""
        t = Translator(language)
        return t(
            _BODIES[self.kind],
            level=self.rating.level,
            level_name=self.rating.name.get(language),
            grade=self.grade or "",
            grade_name=grade_name,
            max_level=max_level_for(self.grade) if self.grade else "",
        )

    def reasons(self, language: str) -> list[str]:
        """Why the product has its level: the parts that reach it, one line each."""
        return [reason.text.get(language) for reason in self.rating.reasons if reason.level == self.rating.level]


def check(
    levels: RiskLevels, product: Product, grade: str | None, lowest_category: bool = False,
    assessment_id: int | None = None,
) -> SuitabilityWarning | None:
    """The warning ``product`` needs for a learner of ``grade`` (None: no assessment yet), or None."""
    rating = rate(levels, product)
    if grade is None:
        return SuitabilityWarning("no_assessment", product, rating, None, assessment_id)
    if matches(grade, rating.level):
        return None
    kind: WarningKind = "lowest_category" if lowest_category else "above_grade"
    return SuitabilityWarning(kind, product, rating, grade, assessment_id)
