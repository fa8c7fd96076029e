"""The trading service: start, resume, play and report paper-trading sessions.

Each public method is one action and one transaction: load the saved session, apply the action
to the engine, save the new state (with a higher revision), return a view. Engines are kept in a
small per-process cache keyed by revision, so a second process (or an import) that saved a newer
revision is always read from the store.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import date, datetime
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
CACHE_SIZE = 32
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
        """Start free practice on ``symbols`` (one today) between ``start`` and ``end``."""
        if not symbols:
            raise TradingError(Bilingual("Pick an instrument to trade.", "请选择一个交易品种。"), "no_instrument")
        if len(symbols) > 1:
            # The engine trades one instrument per session today; portfolios are on their way.
            raise TradingError(
                Bilingual("Pick one instrument for now.", "目前每次只能选择一个品种。"), "one_instrument"
            )
        try:
            series = self.prices.load(symbols[0])
        except KeyError as error:
            raise TradingError(
                Bilingual(
                    f"No prices for {symbols[0]} on this device. Pick one from the list.",
                    f"本机没有 {symbols[0]} 的行情，请从列表中选择。",
                ),
                "unknown_symbol",
            ) from error
        if not series.kind.tradable:
            raise TradingError(
                Bilingual(f"{series.symbol} can only be watched, not traded.", f"{series.symbol} 只能观察，不能交易。"),
                "not_tradable",
            )
        try:
            engine = TradingSession(series, rules, cash, self._features(profile_id), start=start, end=end)
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

    def view(self, profile_id: int, session_id: int) -> TradeView:
        """The trading screen's view of the session's current bar."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            return self._trade_view(row, engine)

    def estimate(
        self, profile_id: int, session_id: int, side: str, quantity: float, order_type: str = "market",
        limit_price: float | None = None, stop_price: float | None = None,
    ) -> Estimate:
        """Value, fees and cash after for an order, plus the "think twice" prompts that apply."""
        with self._lock, self._db.transaction() as session:
            _row, engine = self._load(session, profile_id, session_id)
            return _estimate(engine, Side(side), quantity, order_type, limit_price, stop_price)

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
    ) -> OrderOutcome:
        """Send an order for the next bar. ``acknowledged`` are the risk prompts the learner saw
        and chose to continue past; they are kept for the report whatever the outcome."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            result = engine.place_order(
                side, quantity, order_type=order_type, limit_price=limit_price, stop_price=stop_price,
                time_in_force=time_in_force,
            )
            journal = records.journal(row)
            for code in acknowledged:
                journal["prompts"].append({"date": engine.date.isoformat(), "code": code, "choice": "continued"})
            self._save(row, engine, journal)
            return OrderOutcome(result.order, result.rejection)

    def record_prompt_cancel(self, profile_id: int, session_id: int, codes: Iterable[str]) -> None:
        """The learner cancelled an order at a "think twice" prompt: keep that for the report."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            journal = records.journal(row)
            for code in codes:
                journal["prompts"].append({"date": engine.date.isoformat(), "code": code, "choice": "cancelled"})
            self._save(row, engine, journal)

    def cancel_order(self, profile_id: int, session_id: int, order_id: int) -> OrderOutcome:
        """Cancel an open order."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            result = engine.cancel(order_id)
            self._save(row, engine)
            return OrderOutcome(result.order, result.rejection)

    def advance(self, profile_id: int, session_id: int, bars: int = 1) -> TradeView:
        """Move ``bars`` bars forward (to the end at most) and return the new view."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            if not engine.finished:
                engine.advance(max(1, bars))
            self._save(row, engine)
            return self._trade_view(row, engine)

    def respond_to_tip(self, profile_id: int, session_id: int, tip_id: str, response: str) -> None:
        """Record what the learner did with a tip: acted, ignored, verified or reported."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            try:
                engine.respond_to_tip(tip_id, TipResponse(response))
            except (SimulatorError, ValueError) as error:
                raise TradingError(
                    Bilingual("That message is no longer in your feed.", "这条消息已不在消息列表中。"), "unknown_tip"
                ) from error
            self._save(row, engine)

    def finish(self, profile_id: int, session_id: int) -> list[str]:
        """End the session (at the last bar or early) and record the habits it earned in the
        learning game; returns the achievement ids new to the learner. Safe to call again."""
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
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
            journal = records.journal(row)
            journal["achievements"] = sorted({name for name, _source in earned} | set(journal.get("achievements", [])))
            self._save(row, engine, journal)
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
        with self._lock, self._db.transaction() as session:
            row, engine = self._load(session, profile_id, session_id)
            journal = records.journal(row)
            seen = list(journal.get("suitability_seen", []))
            journal["suitability_seen"] = seen + [symbol for symbol in symbols if symbol not in seen]
            self._save(row, engine, journal)

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

    def _save(self, row: TradingSessionRow, engine: TradingSession, journal: dict | None = None) -> None:  # type: ignore[type-arg]
        row.state = records.dumps(engine.to_dict())
        if journal is not None:
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
        name = self.prices.name(row.symbols.split(",")[0])
        return Bilingual(f"Free practice: {name.en}", f"自由练习：{name.zh}")

    def _summary(self, row: TradingSessionRow) -> SessionSummary:
        state = json.loads(row.state)
        equity = state["equity"][-1] if state["equity"] else row.start_cash
        # The engine's bar counts days of its own calendar; the equity curve has one value per day
        # played, so the current date is the start plus that many trading days of the first series.
        symbol = row.symbols.split(",")[0]
        try:
            series = self.prices.load(symbol)
            start = series.index_on_or_after(date.fromisoformat(state["start"])) or 0
            current = series.dates[min(start + len(state["equity"]) - 1, len(series) - 1)]
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
        )

    def _trade_view(self, row: TradingSessionRow, engine: TradingSession) -> TradeView:
        series = engine.series
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
        positions = tuple(
            PositionLine(
                symbol=p.symbol,
                name=self.prices.name(p.symbol),
                quantity=p.quantity,
                sellable=engine.sellable_quantity(),
                average_cost=p.average_cost,
                price=p.price,
                market_value=p.market_value,
                pnl=p.unrealised_pnl,
                weight=p.market_value / snap.equity if snap.equity else 0.0,
                badges=tuple(b for b in (prompts.limit_state(engine),) if b),
            )
            for p in snap.positions
        )
        unlocked = engine.features
        order_types = {
            name: next((f for f in needs if f not in unlocked), None) for name, needs in ORDER_FEATURES.items()
        }
        tips = {tip.id: tip for tip in prompts.session_tips(engine)}
        feed = tuple(
            TipCard(tips[record.tip_id], record)
            for record in sorted(
                (r for r in engine.tip_records if r.delivered_on is not None),
                key=lambda r: (r.delivered_bar or 0),
                reverse=True,
            )
        )
        closed = tuple(o for o in reversed(engine.orders) if o.status is not OrderStatus.OPEN)
        rules = engine.quantities
        freq = series.frequency.periods_per_year
        return TradeView(
            id=row.id or 0,
            title=self._title(row),
            kind=row.kind,
            scenario_id=row.scenario_id,
            symbol=engine.symbol,
            symbols=tuple(row.symbols.split(",")),
            instrument_name=self.prices.name(engine.symbol),
            rules=engine.profile.id,
            status=row.status,
            date=engine.date,
            start=engine.equity_curve[0][0],
            end=_end_date(engine),
            bars_played=bar - first,
            bars_left=engine.last_bar - bar,
            finished=engine.finished,
            bars=bars,
            first_played=first - lo,
            equity_curve=curve,
            benchmark_curve=benchmark,
            fills=tuple((f.date, f.side.value, f.quantity, f.price) for f in engine.trade_log),
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
            closed_orders=closed,
            feed=feed,
            tips_enabled=TIPS_FEED in unlocked,
            order_types=order_types,
            lot=int(round(rules.buy_step * rules.unit)) if rules.unit >= 1 else 1,
            unit=rules.unit,
            max_buy=engine.max_buy_quantity(),
            sellable=engine.sellable_quantity(),
            price=engine.price,
            weeks_step=7 if freq >= 300 else (5 if freq >= 200 else 1),
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
        tips = {tip.id: tip for tip in prompts.session_tips(engine)}
        closes = engine.series.close
        now = _index(engine.series, engine.date)
        debrief = []
        for record in engine.tip_records:
            if record.delivered_on is None:
                continue
            then = _index(engine.series, record.delivered_on)
            after = min(then + TIP_FOLLOW_BARS, now)
            debrief.append(
                TipDebrief(
                    tip=tips[record.tip_id],
                    response=record.response.value if record.response else None,
                    acted=record.acted,
                    price_then=closes[then],
                    price_after=closes[after] if after > then else None,
                    days_after=(engine.series.dates[after] - engine.series.dates[then]).days,
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
        )


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


def _end_date(engine: TradingSession) -> date:
    try:
        return date.fromisoformat(engine.to_dict()["end"])
    except (KeyError, ValueError):
        return engine.date


def _symbols_of(scenario: Scenario) -> tuple[str, ...]:
    return tuple(getattr(scenario, "all_symbols", None) or (scenario.symbol,))


def _benchmark_curve(engine: TradingSession) -> tuple[tuple[date, float], ...]:
    """Buy-and-hold of the first instrument: the starting cash at the start day's close, no costs,
    one value per day played (a suspended day repeats the last close)."""
    series = engine.series
    curve = engine.equity_curve
    base = series.close[_index(series, curve[0][0])]
    return tuple((day, engine.start_cash * series.close[_index(series, day)] / base) for day, _value in curve)


def _benchmark_return(engine: TradingSession) -> float:
    curve = _benchmark_curve(engine)
    return curve[-1][1] / curve[0][1] - 1


def _estimate(
    engine: TradingSession, side: Side, quantity: float, order_type: str,
    limit_price: float | None, stop_price: float | None,
) -> Estimate:
    if order_type in ("limit", "stop_limit") and limit_price:
        price = limit_price
    elif order_type == "stop" and stop_price:
        price = stop_price
    else:
        price = engine.price
    quantity = max(0.0, quantity)
    value = round_money(quantity * price)
    fees = trade_fees(engine.profile, side, value)
    available = engine.available_cash()
    after = available - value - fees.total if side is Side.BUY else available + value - fees.total
    codes = prompts.risky_patterns(engine, prompts.OrderIntent(side, quantity, price)) if quantity > 0 else []
    return Estimate(
        value=value,
        commission=fees.commission,
        stamp_duty=fees.stamp_duty,
        transfer_fee=fees.transfer_fee,
        cash_after=round_money(after),
        prompts=tuple(codes),
    )

