"""The trading service: start, resume, play and report paper-trading sessions.

Each public method is one action and one transaction: load the saved session, apply the action
to the engine, save the new state (with a higher revision), return a view. Engines are kept in a
small per-process cache keyed by revision, so a second process (or an import) that saved a newer
revision is always read from the store.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from edu_app.store import Database
from edu_app.store.models import TradingSessionRow
from edu_app.trading import achievements, prompts, records
from edu_app.trading.errors import TradingError
from edu_app.trading.instruments import InstrumentChoice, PriceLibrary
from edu_app.trading.views import (
    Bar,
    CoachingNote,
    Estimate,
    Figure,
    LuckLine,
    MarginWhatIf,
    OrderOutcome,
    PositionLine,
    ReportView,
    ScenarioCard,
    SessionSummary,
    TipCard,
    TipDebrief,
    TradeView,
)
from simulator.bilingual import Bilingual
from simulator.errors import SimulatorError
from simulator.features import FEATURE_NAMES, ORDERS_LIMIT, ORDERS_STOP, TIPS_FEED
from simulator.fees import trade_fees
from simulator.metrics import compute_return_metrics
from simulator.money import round_money
from simulator.orders import OrderStatus, OrderType, Side
from simulator.scenarios import Scenario, load_scenarios
from simulator.session import FeatureLockedError, TradingSession
from simulator.tips import TipResponse

#: Bars of history before the start that the chart may show (about a year of daily bars).
HISTORY_BARS = 260
#: Bars after a tip's arrival used to say "what the real prices did next".
TIP_FOLLOW_BARS = 20
#: Random traders the learner is compared with on the report card.
LUCK_TRADERS = 1000
CACHE_SIZE = 32
#: Instruments a free-practice portfolio may hold.
MAX_PRACTICE_INSTRUMENTS = 5
PRACTICE_SOURCE = "practice"
ORDER_FEATURES = {
    OrderType.MARKET.value: (),
    OrderType.LIMIT.value: (ORDERS_LIMIT,),
    OrderType.STOP.value: (ORDERS_STOP,),
    OrderType.STOP_LIMIT.value: (ORDERS_LIMIT, ORDERS_STOP),
}

Features = Callable[[int], Iterable[str]]
Lessons = Callable[[str], str | None]
Recorder = Callable[[int, list[tuple[str, str]]], Any]


class TradingService:
    """Every learner's paper-trading sessions on this device.

    ``features(profile_id)`` gives the unlocked feature ids, ``lesson_route(lesson_id)`` the URL
    of a lesson (for coaching flags), ``record_practice(profile_id, pairs)`` stores achievements
    in the learning game; ``now()`` is the clock.
    """

    def __init__(
        self,
        db: Database,
        *,
        features: Features,
        lesson_route: Lessons,
        record_practice: Recorder,
        now: Callable[[], datetime],
        prices: PriceLibrary | None = None,
    ) -> None:
        self._db = db
        self._features = features
        self._lesson_route = lesson_route
        self._record_practice = record_practice
        self._now = now
        self.prices = prices or PriceLibrary()
        self._lock = threading.RLock()
        self._engines: OrderedDict[int, tuple[int, TradingSession]] = OrderedDict()
        self._scenarios: list[Scenario] | None = None
        # Luck or skill is a thousand simulated sessions: computed once per (session, revision),
        # so reopening a finished report is instant.
        self._luck_cache: OrderedDict[tuple[int, int], LuckLine] = OrderedDict()

    # ----- choosing -------------------------------------------------------------------------

    def scenarios(self, profile_id: int) -> list[ScenarioCard]:
        """Every scenario, easiest first, locked ones included with the features they need."""
        unlocked = set(self._features(profile_id))
        best: dict[str, tuple[float, float | None]] = {}
        with self._db.transaction() as session:
            for row in records.rows_of(session, profile_id):
                if row.status == records.FINISHED and row.scenario_id and row.final_return is not None:
                    if row.scenario_id not in best or row.final_return > best[row.scenario_id][0]:
                        best[row.scenario_id] = (row.final_return, row.benchmark_return)
        cards = []
        for scenario in self._all_scenarios():
            got = best.get(scenario.id)
            cards.append(
                ScenarioCard(
                    id=scenario.id,
                    title=scenario.title.bilingual(),
                    intro=scenario.intro.bilingual(),
                    symbols=_symbols_of(scenario),
                    instrument_names=tuple(self.prices.name(symbol) for symbol in _symbols_of(scenario)),
                    start=scenario.start,
                    end=scenario.end,
                    difficulty=scenario.difficulty,
                    rules=scenario.rules,
                    crisis=scenario.crisis,
                    start_cash=scenario.start_cash,
                    goals=tuple(goal.bilingual() for goal in scenario.learning_goals),
                    tips=len(scenario.tips),
                    missing_features=tuple(sorted(scenario.required_features - unlocked)),
                    best_return=got[0] if got else None,
                    best_benchmark=got[1] if got else None,
                )
            )
        return cards

    def instruments(self, query: str = "") -> list[InstrumentChoice]:
        """Series for free practice matching ``query`` (symbol or name, either language)."""
        return self.prices.choices(query)

    # ----- starting, listing, deleting --------------------------------------------------------

    def start_scenario(self, profile_id: int, scenario_id: str) -> int:
        """Start ``scenario_id``; returns the new session's id. ``TradingError`` when locked."""
        scenario = next((s for s in self._all_scenarios() if s.id == scenario_id), None)
        if scenario is None:
            raise TradingError(
                Bilingual(f"There is no scenario '{scenario_id}'.", f"没有情景“{scenario_id}”。"), "unknown_scenario"
            )
        series = [self.prices.load(symbol) for symbol in _symbols_of(scenario)]
        try:
            engine = TradingSession.from_scenario(scenario, series, self._features(profile_id))
        except FeatureLockedError as error:
            raise _locked(error) from error
        return self._insert(profile_id, engine, "scenario", scenario.id)

    def start_practice(
        self,
        profile_id: int,
        symbols: list[str],
        start: date | None,
        end: date | None,
        rules: str = "us",
        cash: float = 100_000.0,
    ) -> int:
        """Start free practice on ``symbols`` (one to five, one cash account) between ``start``
        and ``end``."""
        if not symbols:
            raise TradingError(Bilingual("Pick an instrument to trade.", "请选择一个交易品种。"), "no_instrument")
        if len(symbols) > MAX_PRACTICE_INSTRUMENTS:
            raise TradingError(
                Bilingual(f"Pick at most {MAX_PRACTICE_INSTRUMENTS} instruments.",
                          f"最多选择 {MAX_PRACTICE_INSTRUMENTS} 个品种。"),
                "too_many_instruments",
            )
        series = []
        for symbol in dict.fromkeys(symbols):  # a symbol picked twice is one instrument
            try:
                item = self.prices.load(symbol)
            except KeyError as error:
                raise TradingError(
                    Bilingual(
                        f"No prices for {symbol} on this device. Pick one from the list.",
                        f"本机没有 {symbol} 的行情，请从列表中选择。",
                    ),
                    "unknown_symbol",
                ) from error
            if not item.kind.tradable:
                raise TradingError(
                    Bilingual(f"{item.symbol} can only be watched, not traded.", f"{item.symbol} 只能观察，不能交易。"),
                    "not_tradable",
                )
            series.append(item)
        try:
            engine = TradingSession(series if len(series) > 1 else series[0], rules, cash,
                                    self._features(profile_id), start=start, end=end)
        except FeatureLockedError as error:
            raise _locked(error) from error
        except SimulatorError as error:
            raise TradingError(error.text, error.code) from error
        except (KeyError, ValueError) as error:
            raise TradingError(Bilingual(f"Unknown rules '{rules}'.", f"未知规则“{rules}”。"), "bad_rules") from error
        return self._insert(profile_id, engine, "practice", None)

    def sessions(self, profile_id: int) -> list[SessionSummary]:
        """The learner's sessions, most recently played first."""
        with self._lock, self._db.transaction() as session:
            rows = records.rows_of(session, profile_id)
            return [self._summary(row) for row in rows]

    def delete(self, profile_id: int, session_id: int) -> None:
        """Delete one session (achievements already earned stay earned)."""
        with self._lock, self._db.transaction() as session:
            row = records.owned(session, profile_id, session_id)
            if row is not None:
                session.delete(row)
            self._engines.pop(session_id, None)

    # ----- playing --------------------------------------------------------------------------

    def view(self, profile_id: int, session_id: int, symbol: str | None = None) -> TradeView:
        """The trading screen's view of the session's current bar; ``symbol`` picks the
        instrument the chart and the ticket show (default: the first)."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            return self._trade_view(row, engine, symbol)

    def estimate(
        self, profile_id: int, session_id: int, side: str, quantity: float, order_type: str = "market",
        limit_price: float | None = None, stop_price: float | None = None, symbol: str | None = None,
    ) -> Estimate:
        """Value, fees and cash after for an order, plus the "think twice" prompts that apply."""
        with self._lock, self._db.transaction() as session:
            _row, engine = self._load(session, profile_id, session_id)
            return _estimate(engine, Side(side), quantity, order_type, limit_price, stop_price, symbol)

    def place_order(
        self,
        profile_id: int,
        session_id: int,
        side: str,
        quantity: float,
        order_type: str = "market",
        limit_price: float | None = None,
        stop_price: float | None = None,
        time_in_force: str = "day",
        acknowledged: Iterable[str] = (),
        symbol: str | None = None,
    ) -> OrderOutcome:
        """Send an order for the next bar in ``symbol`` (default: the first instrument).
        ``acknowledged`` are the risk prompts the learner saw and chose to continue past; they
        are kept for the report whatever the outcome."""
        with self._changing(profile_id, session_id) as (_row, engine, journal):
            result = engine.place_order(
                side, quantity, order_type=order_type, limit_price=limit_price, stop_price=stop_price,
                time_in_force=time_in_force, symbol=symbol,
            )
            for code in acknowledged:
                journal["prompts"].append({"date": engine.date.isoformat(), "code": code, "choice": "continued"})
        return OrderOutcome(result.order, result.rejection)

    def record_prompt_cancel(self, profile_id: int, session_id: int, codes: Iterable[str]) -> None:
        """The learner cancelled an order at a "think twice" prompt: keep that for the report."""
        with self._changing(profile_id, session_id) as (_row, engine, journal):
            for code in codes:
                journal["prompts"].append({"date": engine.date.isoformat(), "code": code, "choice": "cancelled"})

    def cancel_order(self, profile_id: int, session_id: int, order_id: int) -> OrderOutcome:
        """Cancel an open order."""
        with self._changing(profile_id, session_id) as (_row, engine, _journal):
            result = engine.cancel(order_id)
        return OrderOutcome(result.order, result.rejection)

    def advance(self, profile_id: int, session_id: int, bars: int = 1, symbol: str | None = None) -> TradeView:
        """Move ``bars`` bars forward (to the end at most) and return the new view of ``symbol``."""
        with self._changing(profile_id, session_id) as (row, engine, _journal):
            if not engine.finished:
                engine.advance(max(1, bars))
            return self._trade_view(row, engine, symbol)

    def respond_to_tip(self, profile_id: int, session_id: int, tip_id: str, response: str) -> None:
        """Record what the learner did with a tip: acted, ignored, verified or reported."""
        with self._changing(profile_id, session_id) as (_row, engine, _journal):
            try:
                engine.respond_to_tip(tip_id, TipResponse(response))
            except (SimulatorError, ValueError) as error:
                raise TradingError(
                    Bilingual("That message is no longer in your feed.", "这条消息已不在消息列表中。"), "unknown_tip"
                ) from error

    def finish(self, profile_id: int, session_id: int) -> list[str]:
        """End the session (at the last bar or early) and record the habits it earned in the
        learning game; returns the achievement ids new to the learner. Safe to call again."""
        with self._changing(profile_id, session_id) as (row, engine, journal):
            scenario = self._scenario_of(row)
            flags = engine.coaching()
            earned = achievements.earned(
                engine, flags, bool(scenario and scenario.crisis), row.scenario_id or PRACTICE_SOURCE
            )
            if row.status != records.FINISHED:
                row.status = records.FINISHED
                row.finished_at = self._now()
                row.final_return = round(engine.equity / engine.start_cash - 1, 6)
                row.benchmark_return = round(_benchmark_return(engine), 6)
            journal["achievements"] = sorted({name for name, _source in earned} | set(journal.get("achievements", [])))
        outcome = self._record_practice(profile_id, earned)
        return list(getattr(outcome, "achievements", []))

    def report(self, profile_id: int, session_id: int) -> ReportView:
        """The report card: metrics in plain figures, curves, coaching, tips and prompts."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            return self._report(row, engine)

    # ----- for the risk profile ---------------------------------------------------------------

    def saved_states(self, profile_id: int) -> list[dict[str, Any]]:
        """Every stored session of the learner as its engine state (``to_dict()``), most recently
        played first, for the risk profile's reality check. Each state carries ``"kinds"``
        (symbol -> instrument kind) because a downloaded series is not in the bundle, and the
        reality check needs the kind to tell an index fund from a single share."""
        with self._lock, self._db.transaction() as session:
            rows = records.rows_of(session, profile_id)
            states = []
            for row in rows:
                state = json.loads(row.state)
                state["kinds"] = {symbol: _kind_of(symbol) for symbol in row.symbols.split(",")}
                states.append(state)
            return states

    def session_engine(self, profile_id: int, session_id: int) -> TradingSession:
        """The engine of one session, to read (what it trades, for the suitability warning).
        ``TradingError`` when the session is not the learner's. Never change it: the store
        would not see the change."""
        with self._lock, self._db.transaction() as session:
            return self._load(session, profile_id, session_id)[1]

    def kind_of(self, symbol: str) -> str | None:
        """The instrument kind of ``symbol`` (``stock``, ``index``, ...) before a session exists."""
        return _kind_of(symbol)

    def suitability_seen(self, profile_id: int, session_id: int, symbol: str) -> bool:
        """Whether the learner already went ahead past the suitability warning for ``symbol`` in
        this session: the warning is shown once per session and instrument, not on every order."""
        with self._lock, self._db.transaction() as session:
            row = records.owned(session, profile_id, session_id)
            return row is not None and symbol in records.journal(row).get("suitability_seen", [])

    def mark_suitability_seen(self, profile_id: int, session_id: int, symbols: Iterable[str]) -> None:
        """Remember that the learner went ahead past the suitability warning for ``symbols``."""
        with self._changing(profile_id, session_id) as (_row, _engine, journal):
            seen = list(journal.get("suitability_seen", []))
            journal["suitability_seen"] = seen + [symbol for symbol in symbols if symbol not in seen]

    # ----- internals ------------------------------------------------------------------------

    def _all_scenarios(self) -> list[Scenario]:
        if self._scenarios is None:
            self._scenarios = load_scenarios()
        return self._scenarios

    def _scenario_of(self, row: TradingSessionRow) -> Scenario | None:
        return next((s for s in self._all_scenarios() if s.id == row.scenario_id), None)

    def _insert(self, profile_id: int, engine: TradingSession, kind: str, scenario_id: str | None) -> int:
        with self._lock, self._db.transaction() as session:
            row = records.new_row(profile_id, engine, kind=kind, scenario_id=scenario_id, at=self._now())
            session.add(row)
            session.flush()
            assert row.id is not None
            self._remember(row.id, row.revision, engine)
            return row.id

    def _load(self, session: Any, profile_id: int, session_id: int) -> tuple[TradingSessionRow, TradingSession]:
        row = records.owned(session, profile_id, session_id)
        if row is None:
            raise TradingError(
                Bilingual("This session no longer exists.", "该模拟交易记录已不存在。"), "unknown_session"
            )
        cached = self._engines.get(session_id)
        if cached is not None and cached[0] == row.revision:
            self._engines.move_to_end(session_id)
            return row, cached[1]
        try:
            engine = TradingSession.from_dict(
                json.loads(row.state), [self.prices.load(symbol) for symbol in row.symbols.split(",")]
            )
        except (SimulatorError, KeyError, ValueError) as error:
            raise TradingError(
                Bilingual(
                    "This saved session cannot be opened on this device (its prices are missing or changed).",
                    "该存档无法在本机打开（行情数据缺失或已变化）。",
                ),
                "unreadable_session",
            ) from error
        self._remember(session_id, row.revision, engine)
        return row, engine

    @contextmanager
    def _changing(
        self, profile_id: int, session_id: int
    ) -> Iterator[tuple[TradingSessionRow, TradingSession, dict[str, Any]]]:
        """One action on a saved session, in one transaction: load the row, the engine and the
        journal, let the caller change them, then save all three with a higher revision. An
        exception saves nothing."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            journal = records.journal(row)
            yield row, engine, journal
            self._save(row, engine, journal)

    def _save(self, row: TradingSessionRow, engine: TradingSession, journal: dict[str, Any]) -> None:
        row.state = records.dumps(engine.to_dict())
        row.journal = records.dumps(journal)
        row.revision += 1
        row.updated_at = self._now()
        assert row.id is not None
        self._remember(row.id, row.revision, engine)

    def _remember(self, session_id: int, revision: int, engine: TradingSession) -> None:
        self._engines[session_id] = (revision, engine)
        self._engines.move_to_end(session_id)
        while len(self._engines) > CACHE_SIZE:
            self._engines.popitem(last=False)

    def _title(self, row: TradingSessionRow) -> Bilingual:
        scenario = self._scenario_of(row)
        if scenario is not None:
            return scenario.title.bilingual()
        symbols = row.symbols.split(",")
        if len(symbols) > 1:  # full names of a portfolio would not fit a line
            return Bilingual(f"Free practice: {', '.join(symbols)}", f"自由练习：{'、'.join(symbols)}")
        name = self.prices.name(symbols[0])
        return Bilingual(f"Free practice: {name.en}", f"自由练习：{name.zh}")

    def _summary(self, row: TradingSessionRow) -> SessionSummary:
        state = json.loads(row.state)
        equity = state["equity"][-1] if state["equity"] else row.start_cash
        # The engine's bar counts days of its own calendar (the union of its instruments' days);
        # the equity curve has one value per day played, so the current date is the start plus
        # that many days of that calendar. Read without rebuilding the engine: the list is cheap.
        try:
            calendar = sorted(set().union(*(self.prices.load(s).dates for s in row.symbols.split(","))))
            start = bisect_left(calendar, date.fromisoformat(state["start"]))
            current = calendar[min(start + len(state["equity"]) - 1, len(calendar) - 1)]
        except (KeyError, IndexError):
            current = date.fromisoformat(state["start"])
        assert row.id is not None
        return SessionSummary(
            id=row.id,
            title=self._title(row),
            kind=row.kind,
            scenario_id=row.scenario_id,
            symbols=tuple(row.symbols.split(",")),
            rules=row.rules,
            status=row.status,
            current=current,
            start=date.fromisoformat(state["start"]),
            end=date.fromisoformat(state["end"]),
            equity=equity,
            start_cash=row.start_cash,
            total_return=equity / row.start_cash - 1,
            benchmark_return=row.benchmark_return if row.benchmark_return is not None else 0.0,
            started_at=_utc(row.created_at),
            finished_at=_utc(row.finished_at) if row.finished_at is not None else None,
        )

    def _trade_view(self, row: TradingSessionRow, engine: TradingSession, symbol: str | None = None) -> TradeView:
        symbol = _chosen(engine, symbol)
        series = engine.instruments[symbol].series
        # Index into the chart's own series (the engine's bar counts its shared calendar).
        first = _index(series, engine.equity_curve[0][0])
        bar = _index(series, engine.date)
        lo = max(0, first - HISTORY_BARS)
        bars = tuple(
            Bar(series.dates[i], series.open[i], series.high[i], series.low[i], series.close[i], series.volume[i])
            for i in range(lo, bar + 1)
        )
        snap = engine.snapshot()
        curve = engine.equity_curve
        benchmark = _benchmark_curve(engine)
        positions = self._positions(engine, snap)
        unlocked = engine.features
        order_types = {
            name: next((f for f in needs if f not in unlocked), None) for name, needs in ORDER_FEATURES.items()
        }
        tips = {tip.id: tip for tip in engine.tips}
        feed = tuple(
            TipCard(tips[record.tip_id], record)
            for record in sorted(
                (r for r in engine.tip_records if r.delivered_on is not None),
                key=lambda r: (r.delivered_bar or 0),
                reverse=True,
            )
        )
        closed = tuple(o for o in reversed(engine.orders) if o.status is not OrderStatus.OPEN)
        rules = engine.instruments[symbol].quantities
        freq = series.frequency.periods_per_year
        return TradeView(
            id=row.id or 0,
            title=self._title(row),
            kind=row.kind,
            scenario_id=row.scenario_id,
            symbol=symbol,
            symbols=engine.symbols,
            instrument_name=self.prices.name(symbol),
            rules=engine.profile.id,
            status=row.status,
            date=engine.date,
            start=engine.equity_curve[0][0],
            end=engine.end_date,
            # Counted on the session's calendar: a suspended instrument's series has gaps.
            bars_played=engine.bar - engine.first_bar,
            bars_left=engine.last_bar - engine.bar,
            finished=engine.finished,
            bars=bars,
            first_played=first - lo,
            equity_curve=curve,
            benchmark_curve=benchmark,
            # Markers on the chart of the instrument shown only.
            fills=tuple((f.date, f.side.value, f.quantity, f.price) for f in engine.trade_log
                        if (getattr(f, "symbol", None) or engine.symbol) == symbol),
            tip_dates=tuple(card.record.delivered_on for card in feed if card.record.delivered_on),
            start_cash=engine.start_cash,
            cash=snap.cash,
            available_cash=snap.available_cash,
            equity=snap.equity,
            day_pnl=snap.equity - (curve[-2][1] if len(curve) > 1 else engine.start_cash),
            total_pnl=snap.total_pnl,
            benchmark_pnl=benchmark[-1][1] - engine.start_cash,
            fees_paid=snap.fees_paid,
            positions=positions,
            open_orders=snap.open_orders,
            waiting=_waiting(engine, snap.open_orders),
            closed_orders=closed,
            feed=feed,
            tips_enabled=TIPS_FEED in unlocked,
            order_types=order_types,
            lot=int(round(rules.buy_step * rules.unit)) if rules.unit >= 1 else 1,
            unit=rules.unit,
            max_buy=engine.max_buy_quantity(symbol=symbol),
            sellable=engine.sellable_quantity(symbol),
            price=engine.price_of(symbol),
            weeks_step=7 if freq >= 300 else (5 if freq >= 200 else 1),
        )

    def _positions(self, engine: TradingSession, snap: Any) -> tuple[PositionLine, ...]:
        """Holdings with today's badges. A portfolio lists every instrument (held or not), so
        a suspension or a locked limit shows before the learner tries to trade it."""
        held = {p.symbol: p for p in snap.positions}
        lines = []
        for item in snap.instruments:
            position = held.get(item.symbol)
            if position is None and len(engine.symbols) == 1:
                continue
            lines.append(PositionLine(
                symbol=item.symbol,
                name=self.prices.name(item.symbol),
                quantity=item.quantity,
                sellable=item.sellable,
                average_cost=position.average_cost if position else 0.0,
                price=item.price,
                market_value=item.market_value,
                pnl=position.unrealised_pnl if position else 0.0,
                weight=item.weight,
                badges=badges_of(item, engine),
            ))
        return tuple(lines)

    def _luck(self, row: TradingSessionRow, engine: TradingSession) -> LuckLine | None:
        """The learner against random traders on the same days, cached per saved revision."""
        if engine.bar <= engine.first_bar:
            return None  # nothing played yet: there is no result to compare
        key = (row.id or 0, row.revision)
        cached = self._luck_cache.get(key)
        if cached is None:
            # Seeded by the session so the same report always shows the same figures.
            report = engine.luck_or_skill(traders=LUCK_TRADERS, seed=row.id or 0)
            cached = LuckLine(
                message=report.message,
                traders=report.traders,
                trades=report.trades,
                return_beaten_share=report.return_beaten_share,
                drawdown_smaller_share=report.drawdown_smaller_share,
                learner_return=report.learner_return,
                median_return=report.percentiles(report.returns)["p50"],
            )
            self._luck_cache[key] = cached
            while len(self._luck_cache) > CACHE_SIZE:
                self._luck_cache.popitem(last=False)
        return cached

    def _margin_what_if(self, engine: TradingSession) -> tuple[MarginWhatIf, ...]:
        """For every margin offer delivered: what the offered account became, beside the learner."""
        return tuple(
            MarginWhatIf(
                tip_id=item.tip_id,
                symbol=item.symbol,
                leverage=item.leverage,
                deposit=item.deposit,
                final_value=item.final_value,
                loss_share=item.loss_share,
                liquidation_on=item.liquidation_on,
                unleveraged_value=item.unleveraged_value,
                learner_return=item.learner_return,
                explanation=item.explanation,
                lesson_route=self._lesson_route(item.lesson_id),
            )
            for item in engine.margin_debriefs()
        )

    def _report(self, row: TradingSessionRow, engine: TradingSession) -> ReportView:
        metrics = engine.metrics()
        curve = engine.equity_curve
        benchmark = _benchmark_curve(engine)
        ppy = engine.series.frequency.periods_per_year
        bench = compute_return_metrics([v for _d, v in benchmark], [d for d, _v in benchmark], ppy)
        coaching = tuple(
            CoachingNote(flag.code, flag.explanation, self._lesson_route(flag.lesson_id)) for flag in engine.coaching()
        )
        tips = {tip.id: tip for tip in engine.tips}
        debrief = []
        for record in engine.tip_records:
            if record.delivered_on is None:
                continue
            # "What the prices did next" is about the instrument the tip names.
            series = engine.instruments[_chosen(engine, getattr(tips[record.tip_id], "symbol", None))].series
            closes = series.close
            now = _index(series, engine.date)
            then = _index(series, record.delivered_on)
            after = min(then + TIP_FOLLOW_BARS, now)
            debrief.append(
                TipDebrief(
                    tip=tips[record.tip_id],
                    response=record.response.value if record.response else None,
                    acted=record.acted,
                    price_then=closes[then],
                    price_after=closes[after] if after > then else None,
                    days_after=(series.dates[after] - series.dates[then]).days,
                )
            )
        journal = records.journal(row)
        return ReportView(
            id=row.id or 0,
            title=self._title(row),
            kind=row.kind,
            scenario_id=row.scenario_id,
            symbol=engine.symbol,
            rules=engine.profile.id,
            finished=row.status == records.FINISHED,
            start=curve[0][0],
            end=engine.date,
            start_cash=engine.start_cash,
            equity=engine.equity,
            portfolio=Figure(metrics.total_return, metrics.max_drawdown, metrics.max_drawdown_duration_days,
                             metrics.volatility),
            benchmark=Figure(bench.total_return, bench.max_drawdown, bench.max_drawdown_duration_days,
                             bench.volatility),
            fees_paid=metrics.fees_paid,
            trades=metrics.trades,
            equity_curve=curve,
            benchmark_curve=benchmark,
            coaching=coaching,
            tips=tuple(debrief),
            prompts=tuple(journal["prompts"]),
            achievements=tuple(journal.get("achievements", [])),
            luck_or_skill=self._luck(row, engine),
            margin_what_if=self._margin_what_if(engine),
        )


def _utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC time (SQLite gives back the UTC wall time without a zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _kind_of(symbol: str) -> str | None:
    """A symbol's instrument kind: the bundle's when bundled, else guessed from the symbol as the
    download cache does."""
    from simulator.bundled_prices import find_bundled
    from simulator.price_service import guess_kind

    bundled = find_bundled(symbol)
    if bundled is not None:
        return bundled.kind.value
    return guess_kind(symbol).value


def _locked(error: FeatureLockedError) -> TradingError:
    feature = error.rejection.params.get("feature", "") if getattr(error, "rejection", None) else ""
    name = FEATURE_NAMES.get(feature, Bilingual(feature, feature))
    return TradingError(
        Bilingual(
            f"{name.en} is still locked. Pass the lessons on the skill map to unlock it.",
            f"“{name.zh}”尚未解锁。完成技能地图上的课程即可解锁。",
        ),
        "feature_locked",
    )


def _index(series, day: date) -> int:  # type: ignore[no-untyped-def]
    """The index of the last bar of ``series`` on or before ``day``."""
    found = series.index_on_or_before(day)
    return 0 if found is None else found


def _waiting(engine: TradingSession, orders: Iterable[Any]) -> dict[int, Any]:
    """Open orders that tried to fill today and could not (a locked limit), with the reason."""
    today = engine.date.isoformat()
    found = {}
    for order in orders:
        reason = engine.order_reason(order.id)
        if reason is not None and reason.params.get("date") == today:
            found[order.id] = reason
    return found


def _chosen(engine: TradingSession, symbol: str | None) -> str:
    """``symbol`` when it is one of the session's instruments, else the first one (a stale
    choice from another session or an alias must not break the screen)."""
    if symbol in engine.instruments:
        return symbol  # type: ignore[return-value]
    for item in engine.snapshot().instruments if symbol else ():
        if item.symbol.split(".")[0] == symbol.split(".")[0]:  # type: ignore[union-attr]
            return item.symbol
    return engine.symbol


def badges_of(item: Any, engine: TradingSession) -> tuple[str, ...]:
    """Today's badges of an ``InstrumentView``: suspended, or at the limit-up / limit-down."""
    if item.suspended:
        return ("suspended",)
    if item.locked_up or item.limit_up_streak > 0:
        return ("limit_up",)
    if item.locked_down or prompts.limit_state(engine, item.symbol) == "limit_down":
        return ("limit_down",)
    return ()


def _symbols_of(scenario: Scenario) -> tuple[str, ...]:
    return tuple(getattr(scenario, "all_symbols", None) or (scenario.symbol,))


def _benchmark_curve(engine: TradingSession) -> tuple[tuple[date, float], ...]:
    """Buy-and-hold from the start day's close, no costs, one value per day played: the one
    instrument, the scenario's benchmark, or the cash split equally across a portfolio."""
    return engine.benchmark_curve()


def _benchmark_return(engine: TradingSession) -> float:
    curve = _benchmark_curve(engine)
    return curve[-1][1] / curve[0][1] - 1


def _estimate(
    engine: TradingSession, side: Side, quantity: float, order_type: str,
    limit_price: float | None, stop_price: float | None, symbol: str | None = None,
) -> Estimate:
    symbol = _chosen(engine, symbol)
    if order_type in ("limit", "stop_limit") and limit_price:
        price = limit_price
    elif order_type == "stop" and stop_price:
        price = stop_price
    else:
        price = engine.price_of(symbol)
    quantity = max(0.0, quantity)
    value = round_money(quantity * price)
    fees = trade_fees(engine.profile, side, value)
    available = engine.available_cash()
    after = available - value - fees.total if side is Side.BUY else available + value - fees.total
    codes = prompts.risky_patterns(engine, prompts.OrderIntent(side, quantity, price, symbol)) if quantity > 0 else []
    return Estimate(
        value=value,
        commission=fees.commission,
        stamp_duty=fees.stamp_duty,
        transfer_fee=fees.transfer_fee,
        cash_after=round_money(after),
        prompts=tuple(codes),
    )

