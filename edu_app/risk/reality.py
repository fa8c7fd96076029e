"""The reality check: the tolerance a learner stated, compared with what they know and what they did.

Inputs are plain values: the latest questionnaire result, skill mastery from the quizzes, and the
behaviour read from simulator sessions (``behaviour.read_session``). The rules, each with its
threshold in :class:`RealityThresholds`:

* **Sold in a fall** (stated too much): a sale of at least half the holding, decided while the
  account was at least ``min_fall`` below its high, at a fall smaller than the stated tolerable
  fall minus ``margin``. "You said 30%; you sold at -12%."
* **Acted on a scam tip** (stated too much knowledge): any scam tip acted on.
* **Skills not shown** (stated too much knowledge): a learner graded ``from_grade`` or above whose
  mastery of an expected skill is below ``min_mastery``.
* **Concentrated** (took more risk than stated): a learner graded below C4 who had at least
  ``concentration`` of the account in one single stock or coin (an index fund is already
  diversified).
* **Held through a deep fall** (stated too little): the account fell at least ``held_fall`` and
  at least ``held_margin`` more than the stated tolerable fall while invested, without a sale in
  a fall.

The verdict is ``overstated`` if any finding of the first three kinds, else ``riskier`` for
concentration, else ``understated``, else ``consistent`` when some session had trades, else
``no_history``; ``no_assessment`` before the questionnaire.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from edu_app.i18n import LANGUAGES, Translator
from edu_app.risk.behaviour import SessionBehaviour
from edu_app.risk.files import Questionnaire, RealityCheckRules, grade_rank

LESSON_PACK = "behaviour-traps"
LESSON_ID = "risk-tolerance-honesty"
LESSON_ROUTE = f"/learn/{LESSON_PACK}/{LESSON_ID}"

Verdict = Literal["no_assessment", "no_history", "consistent", "overstated", "understated", "riskier"]
Direction = Literal["over", "under", "riskier"]
# Message keys spelled out, so that every catalog key can be found in the code.
_HEADLINES: dict[str, str] = {
    "no_assessment": "risk.reality.headline_no_assessment",
    "no_history": "risk.reality.headline_no_history",
    "consistent": "risk.reality.headline_consistent",
    "overstated": "risk.reality.headline_overstated",
    "understated": "risk.reality.headline_understated",
    "riskier": "risk.reality.headline_riskier",
}
_SUMMARIES: dict[str, str] = {
    "no_assessment": "risk.reality.summary_no_assessment",
    "no_history": "risk.reality.summary_no_history",
    "consistent": "risk.reality.summary_consistent",
    "overstated": "risk.reality.summary_overstated",
    "understated": "risk.reality.summary_understated",
    "riskier": "risk.reality.summary_riskier",
}


@dataclass(frozen=True)
class RealityThresholds:
    """When a piece of behaviour counts; fractions of the account."""

    min_fall: float = 0.05
    min_share_sold: float = 0.5
    margin: float = 0.05
    held_fall: float = 0.15
    held_margin: float = 0.10
    concentration: float = 0.8


DEFAULT_THRESHOLDS = RealityThresholds()


@dataclass(frozen=True)
class Stated:
    """What the latest questionnaire said: grade and the tolerable fall (None if not asked)."""

    grade: str
    tolerated_fall: float | None


@dataclass(frozen=True)
class Finding:
    """One specific comparison, with its text in every language."""

    code: Literal["panic_sale", "scam_tip", "skills_gap", "concentration", "held_through"]
    direction: Direction
    texts: Mapping[str, str]

    def text(self, language: str) -> str:
        """The finding in ``language``."""
        return self.texts.get(language) or self.texts["en"]


@dataclass(frozen=True)
class RealityCheck:
    """The card: a verdict, the findings behind it, and where to go next."""

    verdict: Verdict
    grade: str | None
    tolerated_fall: float | None
    sessions_played: int
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    lesson_route: str = LESSON_ROUTE

    def headline(self, language: str) -> str:
        """One line that sums the card up."""
        return Translator(language)(_HEADLINES[self.verdict])

    def summary(self, language: str) -> str:
        """The kind explanation under the headline."""
        stated = _percent(self.tolerated_fall) if self.tolerated_fall is not None else "-"
        return Translator(language)(_SUMMARIES[self.verdict], sessions=self.sessions_played, stated=stated)


def check(
    stated: Stated | None,
    questionnaire: Questionnaire,
    rules: RealityCheckRules,
    mastery: Mapping[str, float],
    sessions: Sequence[SessionBehaviour],
    *,
    skill_name: Callable[[str, str], str] = lambda skill_id, _language: skill_id,
    scenario_title: Callable[[str | None, str, str], str] | None = None,
    thresholds: RealityThresholds = DEFAULT_THRESHOLDS,
) -> RealityCheck:
    """Compare ``stated`` with ``mastery`` (skill id -> 0..1) and the behaviour in ``sessions``.

    ``skill_name(skill_id, language)`` and ``scenario_title(scenario_id, symbol, language)`` name
    things in the card's texts.
    """
    played = [session for session in sessions if session.fills > 0]
    if stated is None:
        return RealityCheck("no_assessment", None, None, len(played))
    title = scenario_title or (lambda _scenario, symbol, _language: symbol)
    grade_names = {lang: questionnaire.band(stated.grade).name.get(lang) for lang in LANGUAGES}
    findings: list[Finding] = []
    findings += _panic_sales(stated, played, title, thresholds)
    findings += _scam_tips(played, title)
    findings += _skills_gap(stated, rules, mastery, skill_name, grade_names)
    findings += _concentration(stated, played, title, grade_names, thresholds)
    if not any(f.direction == "over" for f in findings):
        findings += _held_through(stated, played, title, thresholds)
    directions = {finding.direction for finding in findings}
    verdict: Verdict
    if "over" in directions:
        verdict = "overstated"
    elif "riskier" in directions:
        verdict = "riskier"
    elif "under" in directions:
        verdict = "understated"
    elif played:
        verdict = "consistent"
    else:
        verdict = "no_history"
    return RealityCheck(verdict, stated.grade, stated.tolerated_fall, len(played), tuple(findings))


def _percent(value: float) -> str:
    return f"{abs(value):.0%}"


def _texts(key: str, **params: object) -> dict[str, str]:
    """The message ``key`` in every language; callables in ``params`` are given the language."""
    result = {}
    for language in LANGUAGES:
        values = {name: value(language) if callable(value) else value for name, value in params.items()}
        result[language] = Translator(language)(key, **values)
    return result


def _panic_sales(
    stated: Stated, sessions: Sequence[SessionBehaviour], title: Callable[[str | None, str, str], str],
    limits: RealityThresholds,
) -> list[Finding]:
    if not stated.tolerated_fall:
        # Someone who said they accept no loss at all is consistent when they sell in a fall.
        return []
    for session in sessions:
        for sale in session.sales:
            fall = -sale.account_fall
            if sale.share_sold + 1e-9 >= limits.min_share_sold and limits.min_fall <= fall < (
                stated.tolerated_fall - limits.margin
            ):
                return [
                    Finding(
                        "panic_sale",
                        "over",
                        _texts(
                            "risk.reality.panic_sale",
                            stated=_percent(stated.tolerated_fall),
                            scenario=lambda lang, s=session: title(s.scenario_id, s.symbols[0], lang),
                            date=sale.date.isoformat(),
                            share=_percent(min(sale.share_sold, 1.0)),
                            fall=f"-{_percent(fall)}",
                        ),
                    )
                ]
    return []


def _scam_tips(sessions: Sequence[SessionBehaviour], title: Callable[[str | None, str, str], str]) -> list[Finding]:
    acted = [session for session in sessions if session.scam_tips_acted]
    if not acted:
        return []
    first = acted[0]
    return [
        Finding(
            "scam_tip",
            "over",
            _texts(
                "risk.reality.scam_tip",
                scenario=lambda lang: title(first.scenario_id, first.symbols[0], lang),
                count=sum(session.scam_tips_acted for session in acted),
            ),
        )
    ]


def _skills_gap(
    stated: Stated, rules: RealityCheckRules, mastery: Mapping[str, float],
    skill_name: Callable[[str, str], str], grade_names: Mapping[str, str],
) -> list[Finding]:
    if grade_rank(stated.grade) < grade_rank(rules.from_grade):
        return []
    missing = [skill for skill in rules.expected_skills if mastery.get(skill, 0.0) < rules.min_mastery]
    if not missing:
        return []
    separator = {"en": ", ", "zh-CN": "、"}
    return [
        Finding(
            "skills_gap",
            "over",
            _texts(
                "risk.reality.skills_gap",
                grade=stated.grade,
                grade_name=lambda lang: grade_names[lang],
                skills=lambda lang: separator.get(lang, ", ").join(skill_name(skill, lang) for skill in missing),
                mastery=_percent(rules.min_mastery),
            ),
        )
    ]


def _concentration(
    stated: Stated, sessions: Sequence[SessionBehaviour], title: Callable[[str | None, str, str], str],
    grade_names: Mapping[str, str], limits: RealityThresholds,
) -> list[Finding]:
    if grade_rank(stated.grade) >= 4:
        return []
    for session in sessions:
        if session.concentrated_symbol is None or session.max_concentration + 1e-9 < limits.concentration:
            continue
        return [
            Finding(
                "concentration",
                "riskier",
                _texts(
                    "risk.reality.concentration",
                    grade=stated.grade,
                    grade_name=lambda lang: grade_names[lang],
                    scenario=lambda lang, s=session: title(s.scenario_id, s.symbols[0], lang),
                    weight=_percent(session.max_concentration),
                    symbol=session.concentrated_symbol,
                ),
            )
        ]
    return []


def _held_through(
    stated: Stated, sessions: Sequence[SessionBehaviour], title: Callable[[str | None, str, str], str],
    limits: RealityThresholds,
) -> list[Finding]:
    if stated.tolerated_fall is None:
        return []
    deepest = min(sessions, key=lambda session: session.deepest_fall_held, default=None)
    if deepest is None:
        return []
    fall = -deepest.deepest_fall_held
    if fall >= limits.held_fall and fall >= stated.tolerated_fall + limits.held_margin:
        return [
            Finding(
                "held_through",
                "under",
                _texts(
                    "risk.reality.held_through",
                    stated=_percent(stated.tolerated_fall),
                    scenario=lambda lang: title(deepest.scenario_id, deepest.symbols[0], lang),
                    fall=f"-{_percent(fall)}",
                ),
            )
        ]
    return []
