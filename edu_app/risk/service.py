"""The risk service: questionnaire results, suitability warnings and the reality check.

The one entry point the screens use (the Me and risk screens now, the simulator screens later).
Each public method that writes is one transaction. Results are kept with their date: a retake
adds a row and the latest one counts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete
from sqlmodel import select

from edu_app.risk import behaviour, reality, scoring, suitability
from edu_app.risk.files import Questionnaire, RiskLevels, load_levels, load_questionnaire
from edu_app.risk.progress import answers_json
from edu_app.risk.suitability import Product, SuitabilityWarning
from edu_app.store import Database
from edu_app.store.models import Profile, RiskAssessment, SuitabilityChoice

if TYPE_CHECKING:
    from edu_app.learning import Clock, LearningService, PackCatalog
    from simulator.scenarios import Scenario
    from simulator.session import TradingSession

#: What ``reality_check`` accepts as a session: a live one or its ``to_dict()`` state.
SessionLike = Any
SessionSource = Callable[[int], Iterable[SessionLike]]
RISK_TABLES = (RiskAssessment, SuitabilityChoice)


@dataclass(frozen=True)
class Assessment:
    """One stored questionnaire result."""

    id: int
    taken_at: datetime
    questionnaire_id: str
    answers: dict[str, str]
    total: int
    max_total: int
    grade: str
    lowest_category: bool
    tolerated_fall: float | None


@dataclass(frozen=True)
class WarningChoice:
    """A recorded answer to a suitability warning."""

    chosen_at: datetime
    product_key: str
    product_level: str
    grade: str | None
    warning_kind: str
    context: str
    confirmed: bool


class RiskService:
    """Risk profiles of every learner on this device.

    ``questionnaire`` and ``levels`` default to the built-in files; an educator's own can be
    passed (``files.load_questionnaire(path)``). ``learning`` and ``catalog`` give the reality
    check mastery and skill names. ``session_source(profile_id)`` returns the learner's stored
    simulator sessions; the trading service sets it (until then there are none).
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        learning: LearningService | None = None,
        catalog: PackCatalog | None = None,
        questionnaire: Questionnaire | None = None,
        levels: RiskLevels | None = None,
        session_source: SessionSource | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._learning = learning
        self._catalog = catalog
        self.questionnaire = questionnaire or load_questionnaire()
        self.levels = levels or load_levels()
        self.session_source = session_source

    # ----- the questionnaire ------------------------------------------------------------------

    def submit(self, profile_id: int, answers: Mapping[str, str]) -> Assessment:
        """Score ``answers`` (question id -> option id) and store the result with the time.

        Raises ``scoring.AnswerError`` for incomplete or unknown answers, ``LookupError`` for a
        profile that does not exist.
        """
        result = scoring.score(self.questionnaire, answers)
        row = RiskAssessment(
            questionnaire_id=self.questionnaire.id,
            questionnaire_version=self.questionnaire.version,
            answers=answers_json(dict(answers)),
            total=result.total,
            max_total=result.max_total,
            grade=result.grade,
            lowest_category=result.lowest_category,
            tolerated_fall=result.tolerated_fall,
            taken_at=self._clock.now(),
            profile_id=profile_id,
        )
        with self._db.transaction() as session:
            if session.get(Profile, profile_id) is None:
                raise LookupError(f"profile {profile_id} does not exist")
            session.add(row)
            session.flush()
            return _assessment(row)

    def latest(self, profile_id: int) -> Assessment | None:
        """The learner's most recent result, or None before the first."""
        with self._db.transaction() as session:
            row = session.exec(
                select(RiskAssessment)
                .where(RiskAssessment.profile_id == profile_id)
                .order_by(RiskAssessment.taken_at.desc(), RiskAssessment.id.desc())  # type: ignore[attr-defined,union-attr]
                .limit(1)
            ).first()
            return _assessment(row) if row else None

    def history(self, profile_id: int) -> list[Assessment]:
        """Every result, newest first."""
        with self._db.transaction() as session:
            rows = session.exec(
                select(RiskAssessment)
                .where(RiskAssessment.profile_id == profile_id)
                .order_by(RiskAssessment.taken_at.desc(), RiskAssessment.id.desc())  # type: ignore[attr-defined,union-attr]
            ).all()
            return [_assessment(row) for row in rows]

    # ----- suitability ------------------------------------------------------------------------

    def rate(self, product: Product) -> suitability.ProductRating:
        """The product's risk level R1-R5 with the reasons."""
        return suitability.rate(self.levels, product)

    def suitability_warning(self, profile_id: int, product: Product) -> SuitabilityWarning | None:
        """The warning to show before ``product`` (starting a scenario, placing an order), or None
        when it suits the learner's latest grade. Before any questionnaire the warning asks the
        learner to take it (or go ahead)."""
        latest = self.latest(profile_id)
        if latest is None:
            return suitability.check(self.levels, product, None)
        return suitability.check(self.levels, product, latest.grade, latest.lowest_category, latest.id)

    def record_warning_choice(
        self, profile_id: int, warning: SuitabilityWarning, confirmed: bool, context: str
    ) -> WarningChoice:
        """Record that the learner confirmed (went ahead) or cancelled after ``warning``.

        ``context`` says where it was shown: ``start_scenario``, ``place_order``, ``example``...
        """
        row = SuitabilityChoice(
            profile_id=profile_id,
            product_key=warning.product.key[:200],
            product_level=warning.level,
            grade=warning.grade,
            warning_kind=warning.kind,
            context=context[:32],
            confirmed=confirmed,
            chosen_at=self._clock.now(),
        )
        with self._db.transaction() as session:
            if session.get(Profile, profile_id) is None:
                raise LookupError(f"profile {profile_id} does not exist")
            session.add(row)
            session.flush()
            return _choice(row)

    def warning_choices(self, profile_id: int) -> list[WarningChoice]:
        """Every recorded choice, newest first."""
        with self._db.transaction() as session:
            rows = session.exec(
                select(SuitabilityChoice)
                .where(SuitabilityChoice.profile_id == profile_id)
                .order_by(SuitabilityChoice.chosen_at.desc(), SuitabilityChoice.id.desc())  # type: ignore[attr-defined,union-attr]
            ).all()
            return [_choice(row) for row in rows]

    # ----- the reality check ------------------------------------------------------------------

    def reality_check(
        self, profile_id: int, sessions: Iterable[TradingSession | Mapping[str, Any]] | None = None
    ) -> reality.RealityCheck:
        """Compare the latest result with mastery and with ``sessions`` (live sessions or their
        ``to_dict()`` states; default: ``session_source``, else none)."""
        if sessions is None:
            sessions = self.session_source(profile_id) if self.session_source else ()
        read = [behaviour.read_session(item) for item in sessions]
        latest = self.latest(profile_id)
        stated = reality.Stated(latest.grade, latest.tolerated_fall) if latest else None
        mastery: dict[str, float] = {}
        if self._learning is not None and stated is not None:
            mastery = {m.skill_id: m.p for m in self._learning.progress(profile_id, "en").mastery}
        return reality.check(
            stated,
            self.questionnaire,
            self.levels.reality_check,
            mastery,
            read,
            skill_name=self._skill_name,
            scenario_title=_scenario_title,
        )

    # ----- deleting ---------------------------------------------------------------------------

    def delete_risk_data(self, profile_id: int) -> None:
        """Delete every questionnaire result and warning choice of the learner (profile kept)."""
        with self._db.transaction() as session:
            for table in RISK_TABLES:
                session.exec(delete(table).where(table.profile_id == profile_id))  # type: ignore[call-overload]

    def _skill_name(self, skill_id: str, language: str) -> str:
        return self._catalog.skill_name(skill_id, language) if self._catalog else skill_id


def _scenario_title(scenario_id: str | None, symbol: str, language: str) -> str:
    """A scenario's title in ``language``; a free session is named by its symbol."""
    if scenario_id:
        scenario = builtin_scenarios().get(scenario_id)
        if scenario is None:
            # An educator's scenario that is not installed here: its id still names it.
            return scenario_id
        return scenario.title.zh_cn if language == "zh-CN" else scenario.title.en
    return symbol


@cache
def builtin_scenarios() -> dict[str, Scenario]:
    """The built-in scenarios by id, loaded once (the files do not change while the app runs)."""
    from simulator.scenarios import load_scenarios

    return {scenario.id: scenario for scenario in load_scenarios()}


def _assessment(row: RiskAssessment) -> Assessment:
    assert row.id is not None
    return Assessment(
        row.id, row.taken_at, row.questionnaire_id, json.loads(row.answers), row.total, row.max_total,
        row.grade, row.lowest_category, row.tolerated_fall,
    )


def _choice(row: SuitabilityChoice) -> WarningChoice:
    return WarningChoice(
        row.chosen_at, row.product_key, row.product_level, row.grade, row.warning_kind, row.context, row.confirmed
    )
