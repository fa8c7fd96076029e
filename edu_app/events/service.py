"""The event service: every rule of an event, one transaction per action.

Screens and commands call this and nothing below it. Organiser actions take an ``Organiser``
credential (the host, or whoever holds the organiser token) and raise ``NotOrganiser`` without
one. Attendees are ordinary anonymous profiles (created through ``ProfileAccess``, so the
attendee's browser holds the profile's secret); what they see of others is only the public
leaderboard and the counts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import func, update
from sqlmodel import select

from edu_app.events import codes, forms, nicknames, scoring
from edu_app.events.config import EventConfig, Forms, ItemRef
from edu_app.learning.catalog import PackCatalog
from edu_app.learning.persistence import response_json
from edu_app.services.access import Opened, ProfileAccess, pin_wait
from edu_app.services.nickname import NicknameError, nickname_key
from edu_app.store import Database
from edu_app.store.models import (
    EventAnswer,
    EventAttendee,
    EventPinTry,
    EventRound,
    EventRow,
    LessonCompletion,
    Profile,
    utc_now,
)
from lessons import Item
from lessons.grading import GradeResult, grade

MAX_CLIENT_LENGTH = 100
PHASES = ("pre", "post")


class NotOrganiser(PermissionError):
    """An organiser action without the host's or the organiser token's authority."""


class EventClosed(LookupError):
    """The event does not exist (or was asked for with a code that names none)."""


@dataclass
class JoinRefused(Exception):
    """Why joining failed. ``reason``: ``not_open``, ``closed``, ``ended``, ``full``,
    ``incomplete`` (not six digits: not counted as a wrong try), ``wrong_pin`` (``tries_left``
    before a wait) or ``wait`` (``wait_seconds``)."""

    reason: str
    tries_left: int = 0
    wait_seconds: int = 0


@dataclass(frozen=True)
class Organiser:
    """Who asks for an organiser action: the host, and/or a presented organiser token."""

    is_host: bool = False
    token: str | None = None


@dataclass(frozen=True)
class CreatedEvent:
    """A new event, with the two secrets only its creator is told."""

    code: str
    pin: str
    token: str


@dataclass(frozen=True)
class EventView:
    """An event as screens show it."""

    id: int
    code: str
    title: str
    status: str
    pin: str
    config: EventConfig
    revision: int

    @property
    def forms(self) -> Forms:
        return self.config.forms or Forms()


@dataclass(frozen=True)
class AttendeeView:
    """One attendee's own progress (what their phone shows)."""

    profile_id: int
    nickname: str
    removed: bool
    pre_done: bool
    post_done: bool
    pre_answered: int
    post_answered: int
    lessons_done: frozenset[str]
    points: int
    pre_correct: int = 0
    post_correct: int = 0


@dataclass(frozen=True)
class AttendeePage:
    """Some of the attendees still in the event: those whose nickname matches, newest first."""

    total: int
    matching: int
    shown: list[AttendeeView]


@dataclass(frozen=True)
class Counts:
    """Live figures for the projector."""

    joined: int
    pre_done: int
    lessons_done: int
    finished: int


@dataclass(frozen=True)
class LiveState:
    """The live quiz now: the current round (None before the first) and, once it closed, how
    many chose each answer (canonical JSON response -> count)."""

    total: int
    number: int | None = None
    item: ItemRef | None = None
    status: str | None = None
    answers: int = 0
    distribution: dict[str, int] = field(default_factory=dict)
    seconds_open: float = 0.0


class EventService:
    """Events over the store; ``catalog`` supplies the items, ``access`` creates attendee profiles."""

    def __init__(
        self,
        db: Database,
        catalog: PackCatalog,
        access: ProfileAccess,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._db = db
        self._catalog = catalog
        self._access = access
        self._now = now

    # ----- creating and finding ------------------------------------------------------------------

    def create(self, title: str, config: EventConfig | None = None) -> CreatedEvent:
        """A new event in set-up (joining not open yet)."""
        title = title.strip()[:200] or "Invest Quest"
        code, pin, token = codes.new_code(), codes.new_pin(), codes.new_token()
        row = EventRow(
            code=code, title=title, status="setup", pin=pin, organiser_token_hash=codes.token_hash(token),
            config=(config or EventConfig()).model_dump_json(), created_at=self._now(),
        )
        with self._db.transaction() as session:
            session.add(row)
        return CreatedEvent(code, pin, token)

    def new_organiser_token(self, code: str) -> str:
        """Replace the organiser token (a new ``event serve`` of an existing event); the old link stops working."""
        token = codes.new_token()
        with self._db.transaction() as session:
            row = self._row(session, code)
            row.organiser_token_hash = codes.token_hash(token)
            session.add(row)
        return token

    def get(self, code: str) -> EventView:
        """The event with this code; raises ``EventClosed`` when there is none."""
        with self._db.reading() as session:
            return _view(self._row(session, code))

    def find(self, code: str) -> EventView | None:
        """The event with this code, or None."""
        try:
            return self.get(code)
        except EventClosed:
            return None

    def list(self) -> list[EventView]:
        """Every event, newest first."""
        with self._db.reading() as session:
            return [_view(r) for r in session.exec(select(EventRow).order_by(EventRow.id.desc()))]  # type: ignore[union-attr]

    def revision(self, code: str) -> tuple[int, str]:
        """The event's revision and status: cheap to poll."""
        with self._db.reading() as session:
            row = self._row(session, code)
            return row.revision, row.status

    # ----- organiser -----------------------------------------------------------------------------

    def is_organiser(self, code: str, who: Organiser) -> bool:
        """True when ``who`` may run this event."""
        if who.is_host:
            return True
        with self._db.reading() as session:
            row = session.exec(select(EventRow).where(EventRow.code == code)).first()
            return row is not None and codes.token_matches(row.organiser_token_hash, who.token)

    def configure(self, code: str, who: Organiser, title: str, config: EventConfig) -> EventView:
        """Change the set-up; the forms are drawn again when joining opens, and are fixed once
        anyone has answered a test item."""
        with self._db.transaction() as session:
            row = self._organised(session, code, who)
            if row.status == "ended":
                raise EventClosed(code)
            frozen = _config(row).forms
            answered = session.exec(select(func.count()).select_from(EventAnswer).where(EventAnswer.event_id == row.id)).one()
            config = config.model_copy(update={"forms": frozen if answered else None})
            if row.status in ("open", "closed") and config.forms is None:
                config.forms = forms.draw(self._catalog.packs(), config, row.code)
            row.title = title.strip()[:200] or row.title
            row.config = config.model_dump_json()
            row.revision += 1
            session.add(row)
            return _view(row)

    def set_joining(self, code: str, who: Organiser, open_: bool) -> EventView:
        """Open or close joining. Opening the first time draws and freezes the test forms."""
        with self._db.transaction() as session:
            row = self._organised(session, code, who)
            if row.status == "ended":
                raise EventClosed(code)
            config = _config(row)
            if open_ and config.forms is None:
                config.forms = forms.draw(self._catalog.packs(), config, row.code)
                row.config = config.model_dump_json()
            row.status = "open" if open_ else "closed"
            row.revision += 1
            session.add(row)
            return _view(row)

    def end(self, code: str, who: Organiser) -> EventView:
        """End the event: no more joining or answers; the report can be written from the store."""
        with self._db.transaction() as session:
            row = self._organised(session, code, who)
            self._close_open_round(session, row)
            row.status, row.ended_at = "ended", self._now()
            row.revision += 1
            session.add(row)
            return _view(row)

    def remove(self, code: str, who: Organiser, profile_id: int) -> None:
        """Take a nickname off the event (its points leave the leaderboard)."""
        with self._db.transaction() as session:
            row = self._organised(session, code, who)
            attendee = self._attendee_row(session, row.id, profile_id)
            if attendee is not None:
                attendee.removed = True
                session.add(attendee)
                row.revision += 1
                session.add(row)

    def find_attendees(self, code: str, who: Organiser, query: str = "", limit: int = 20) -> AttendeePage:
        """Attendees still in the event whose nickname contains ``query`` (any case), newest first.

        The organiser's screen redraws while people join; in a room of hundreds it shows a few
        rows and a search, so only those few rows are looked up in full.
        """
        needle = query.strip().casefold()
        with self._db.reading() as session:
            row = self._organised(session, code, who)
            rows = session.exec(
                select(EventAttendee, Profile.nickname)
                .join(Profile, Profile.id == EventAttendee.profile_id)  # type: ignore[arg-type]
                .where(EventAttendee.event_id == row.id, EventAttendee.removed == False)  # noqa: E712
                .order_by(EventAttendee.id.desc())  # type: ignore[union-attr]
            ).all()
            matching = [attendee for attendee, nickname in rows if needle in nickname.casefold()]
            shown = [self._attendee_view(session, row, attendee) for attendee in matching[:limit]]
            return AttendeePage(total=len(rows), matching=len(matching), shown=shown)

    def set_challenge(self, code: str, who: Organiser, running: bool) -> EventView:
        """Start or stop the trading challenge (it must be set up with a scenario)."""
        with self._db.transaction() as session:
            row = self._organised(session, code, who)
            config = _config(row)
            if row.status == "ended" or not config.trading_challenge or not config.scenario_id:
                raise EventClosed(code)
            config.challenge_running = running
            row.config = config.model_dump_json()
            row.revision += 1
            session.add(row)
            return _view(row)

    def granted_features(self, profile_id: int) -> set[str]:
        """Simulator features the event grants this attendee while its trading challenge is set
        up: the simulator, what the scenario needs, and what the organiser added."""
        event = self.event_of(profile_id)
        if event is None or event.status == "ended" or not event.config.trading_challenge:
            return set()
        granted = {"simulator", *event.config.granted_features}
        if event.config.scenario_id:
            granted |= scenario_features(event.config.scenario_id)
        return granted

    # ----- live quiz -----------------------------------------------------------------------------

    def advance_live(self, code: str, who: Organiser) -> LiveState:
        """The organiser's one live-quiz button: close the open question (its answers are then
        shown), else open the next one."""
        with self._db.transaction() as session:
            row = self._organised(session, code, who)
            if row.status == "ended":
                raise EventClosed(code)
            live = (_config(row).forms or Forms()).live
            if not self._close_open_round(session, row):
                done = session.exec(
                    select(func.count()).select_from(EventRound).where(EventRound.event_id == row.id)
                ).one()
                if done < len(live):
                    ref = live[done]
                    session.add(EventRound(event_id=row.id, number=done + 1, pack_id=ref.pack_id, item_id=ref.item_id,
                                           status="open", opened_at=self._now()))
            row.revision += 1
            session.add(row)
        return self.live_state(code)

    def live_state(self, code: str) -> LiveState:
        """The current live round and, once closed, its answer distribution."""
        with self._db.reading() as session:
            row = self._row(session, code)
            total = len((_config(row).forms or Forms()).live)
            current = session.exec(
                select(EventRound).where(EventRound.event_id == row.id).order_by(EventRound.number.desc())  # type: ignore[attr-defined]
            ).first()
            if current is None:
                return LiveState(total=total)
            answers = session.exec(
                select(EventAnswer.response).where(
                    EventAnswer.event_id == row.id, EventAnswer.phase == "live",
                    EventAnswer.item_key == f"round-{current.number}",
                )
            ).all()
            distribution = dict(Counter(answers)) if current.status == "closed" else {}
            opened = _aware(current.opened_at)
            return LiveState(
                total=total, number=current.number, item=ItemRef(pack_id=current.pack_id, item_id=current.item_id),
                status=current.status, answers=len(answers), distribution=distribution,
                seconds_open=max(0.0, (self._now() - opened).total_seconds()),
            )

    def answer_live(self, code: str, profile_id: int, number: int, response: Any) -> tuple[GradeResult, int] | None:
        """Record an attendee's answer to live round ``number``; None when that round is not
        open (closed already, or never opened) or the attendee answered it already."""
        now = self._now()
        with self._db.transaction() as session:
            row = self._row(session, code)
            attendee = self._attendee_row(session, row.id, profile_id)
            if attendee is None or attendee.removed or row.status == "ended":
                return None
            current = session.exec(
                select(EventRound).where(EventRound.event_id == row.id, EventRound.number == number)
            ).first()
            if current is None or current.status != "open":
                return None
            key = f"round-{number}"
            if self._answered(session, row.id, profile_id, "live", key):
                return None
            item = self._item(current.pack_id, current.item_id)
            result = grade(item, response)
            seconds = max(0.0, (now - _aware(current.opened_at)).total_seconds())
            earned = scoring.points(result.correct, seconds, _config(row).speed_bonus)
            session.add(EventAnswer(
                event_id=row.id, profile_id=profile_id, phase="live", item_key=key, pack_id=current.pack_id,
                item_id=current.item_id, response=response_json(item, response), correct=result.correct,
                points=earned, seconds=seconds, answered_at=now,
            ))
            return result, earned

    def live_answer_of(self, code: str, profile_id: int, number: int) -> EventAnswer | None:
        """The attendee's own answer to a live round, if any."""
        with self._db.reading() as session:
            row = self._row(session, code)
            return session.exec(
                select(EventAnswer).where(
                    EventAnswer.event_id == row.id, EventAnswer.profile_id == profile_id,
                    EventAnswer.phase == "live", EventAnswer.item_key == f"round-{number}",
                )
            ).first()

    def leaderboard(self, code: str, limit: int = 10) -> list[tuple[str, int]]:
        """Nicknames and live-quiz points, best first (removed attendees left out)."""
        with self._db.reading() as session:
            row = self._row(session, code)
            total = func.coalesce(func.sum(EventAnswer.points), 0)
            rows = session.exec(
                select(Profile.nickname, total)
                .select_from(EventAttendee)
                .join(Profile, Profile.id == EventAttendee.profile_id)  # type: ignore[arg-type]
                .join(EventAnswer, (EventAnswer.profile_id == EventAttendee.profile_id)  # type: ignore[arg-type]
                      & (EventAnswer.event_id == row.id) & (EventAnswer.phase == "live"), isouter=True)
                .where(EventAttendee.event_id == row.id, EventAttendee.removed == False)  # noqa: E712
                .group_by(EventAttendee.id, Profile.nickname)
                .order_by(total.desc(), EventAttendee.id)
                .limit(limit)
            ).all()
            return [(nickname, int(points)) for nickname, points in rows]

    # ----- attendees -----------------------------------------------------------------------------

    def join(self, code: str, pin: str, client: str, language: str) -> Opened:
        """Join with the room PIN as a new anonymous profile (a random nickname in ``language``).

        Raises ``JoinRefused``. Wrong PINs are counted per client (its network address): after
        three, each further try waits longer (5 s, 10 s, 20 s ... up to an hour), and while a wait
        runs even the right PIN is refused.
        """
        client = (client or "unknown")[:MAX_CLIENT_LENGTH]
        now = self._now()
        with self._db.transaction() as session:
            row = self._row(session, code)
            if row.status == "ended":
                raise JoinRefused("ended")
            if row.status == "setup":
                raise JoinRefused("not_open")
            tries = session.get(EventPinTry, (row.id, client))
            locked_until = _aware(tries.locked_until) if tries and tries.locked_until else None
            if locked_until is not None and locked_until > now:
                raise JoinRefused("wait", wait_seconds=math.ceil((locked_until - now).total_seconds()))
            typed = "".join(ch for ch in _ascii_digits(pin) if not ch.isspace())
            if len(typed) != len(row.pin) or not typed.isdigit():
                # Not a guess (a PIN is six digits): a Join tapped before the last digit arrived
                # must not bring the wait closer.
                raise JoinRefused("incomplete")
            if typed != row.pin:
                if tries is None:
                    tries = EventPinTry(event_id=row.id, client=client, failed_tries=0)
                    session.add(tries)
                    session.flush()
                session.execute(
                    update(EventPinTry)
                    .where(EventPinTry.event_id == row.id, EventPinTry.client == client)  # type: ignore[arg-type]
                    .values(failed_tries=EventPinTry.failed_tries + 1)
                )
                session.refresh(tries)
                wait = pin_wait(tries.failed_tries)
                if wait:
                    tries.locked_until = now + wait
                    session.add(tries)
                    refusal = JoinRefused("wait", wait_seconds=math.ceil(wait.total_seconds()))
                else:
                    refusal = JoinRefused("wrong_pin", tries_left=3 - tries.failed_tries)
            else:
                refusal = None
                if tries is not None:
                    session.delete(tries)
                if row.status == "closed":
                    raise JoinRefused("closed")
                joined = session.exec(
                    select(func.count()).select_from(EventAttendee).where(
                        EventAttendee.event_id == row.id, EventAttendee.removed == False  # noqa: E712
                    )
                ).one()
                if joined >= _config(row).capacity:
                    raise JoinRefused("full")
        if refusal is not None:
            # Raised after the transaction committed, so the wrong try is counted.
            raise refusal
        opened = self._new_profile(language)
        with self._db.transaction() as session:
            row = self._row(session, code)
            session.add(EventAttendee(event_id=row.id, profile_id=opened.profile.id, joined_at=now))
        return opened

    def _new_profile(self, language: str) -> Opened:
        for _attempt in range(20):
            try:
                return self._access.create(nicknames.random_nickname(language), language)
            except NicknameError:
                continue  # taken already: draw again
        # Twenty taken draws in a row: a room of thousands; a longer number makes room.
        import secrets

        return self._access.create(f"{nicknames.random_nickname(language)}{secrets.randbelow(10**6)}", language)

    def rename(self, code: str, profile_id: int, nickname: str) -> str:
        """Change the attendee's nickname; raises ``NicknameBlocked`` or ``NicknameError``."""
        value = nicknames.check(nickname)
        with self._db.transaction() as session:
            row = self._row(session, code)
            attendee = self._attendee_row(session, row.id, profile_id)
            if attendee is None or attendee.removed:
                raise EventClosed(code)
            key = nickname_key(value)
            taken = session.exec(select(Profile).where(Profile.nickname_key == key)).first()
            if taken is not None and taken.id != profile_id:
                raise NicknameError("taken", {"nickname": taken.nickname})
            profile = session.get(Profile, profile_id)
            assert profile is not None
            profile.nickname, profile.nickname_key = value, key
            session.add(profile)
            row.revision += 1
            session.add(row)
            return value

    def attendee(self, code: str, profile_id: int) -> AttendeeView | None:
        """The attendee's own progress, or None when this profile has not joined the event."""
        with self._db.reading() as session:
            row = self._row(session, code)
            attendee = self._attendee_row(session, row.id, profile_id)
            return self._attendee_view(session, row, attendee) if attendee else None

    def event_of(self, profile_id: int) -> EventView | None:
        """The latest event this profile joined (and was not removed from), or None."""
        with self._db.reading() as session:
            found = session.exec(
                select(EventRow)
                .join(EventAttendee, EventAttendee.event_id == EventRow.id)  # type: ignore[arg-type]
                .where(EventAttendee.profile_id == profile_id, EventAttendee.removed == False)  # noqa: E712
                .order_by(EventRow.id.desc())  # type: ignore[union-attr]
            ).first()
            return _view(found) if found else None

    def answer_test(self, code: str, profile_id: int, phase: str, ref: ItemRef, response: Any, seconds: float) -> GradeResult:
        """Record a pre-test or post-test answer (the first answer to an item counts). The test
        is done once every item of its form is answered."""
        if phase not in PHASES:
            raise ValueError(phase)
        now = self._now()
        with self._db.transaction() as session:
            row = self._row(session, code)
            if row.status == "ended":
                raise EventClosed(code)
            attendee = self._attendee_row(session, row.id, profile_id)
            form = getattr(_config(row).forms or Forms(), phase)
            if attendee is None or attendee.removed or ref not in form:
                raise EventClosed(code)
            item = self._item(ref.pack_id, ref.item_id)
            result = grade(item, response)
            if not self._answered(session, row.id, profile_id, phase, ref.key()):
                session.add(EventAnswer(
                    event_id=row.id, profile_id=profile_id, phase=phase, item_key=ref.key(), pack_id=ref.pack_id,
                    item_id=ref.item_id, response=response_json(item, response), correct=result.correct,
                    points=0, seconds=max(0.0, seconds), answered_at=now,
                ))
                session.flush()
            answered = session.exec(
                select(func.count()).select_from(EventAnswer).where(
                    EventAnswer.event_id == row.id, EventAnswer.profile_id == profile_id, EventAnswer.phase == phase
                )
            ).one()
            if answered >= len(form):
                setattr(attendee, f"{phase}_done_at", getattr(attendee, f"{phase}_done_at") or now)
                session.add(attendee)
            return result

    def answered_items(self, code: str, profile_id: int, phase: str) -> set[str]:
        """The item keys of a test the attendee answered already."""
        with self._db.reading() as session:
            row = self._row(session, code)
            return set(session.exec(
                select(EventAnswer.item_key).where(
                    EventAnswer.event_id == row.id, EventAnswer.profile_id == profile_id, EventAnswer.phase == phase
                )
            ).all())

    def counts(self, code: str) -> Counts:
        """How many joined, finished the pre-test, the lessons, and the post-test."""
        with self._db.reading() as session:
            row = self._row(session, code)
            rows = session.exec(
                select(EventAttendee).where(EventAttendee.event_id == row.id, EventAttendee.removed == False)  # noqa: E712
            ).all()
            lessons = {lesson.key() for lesson in _config(row).lessons}
            done_lessons = self._lessons_done_by(session, [a.profile_id for a in rows], lessons)
            return Counts(
                joined=len(rows),
                pre_done=sum(a.pre_done_at is not None for a in rows),
                lessons_done=sum(lessons <= done_lessons.get(a.profile_id, set()) for a in rows),
                finished=sum(a.post_done_at is not None for a in rows),
            )

    # ----- helpers -------------------------------------------------------------------------------

    def item(self, ref: ItemRef) -> Item | None:
        """The quiz item ``ref`` names, or None when its pack no longer has it."""
        return self._catalog.item(ref.pack_id, ref.item_id)

    def _item(self, pack_id: str, item_id: str) -> Item:
        item = self._catalog.item(pack_id, item_id)
        if item is None:
            raise LookupError(f"{pack_id}/{item_id} is not installed")
        return item

    @staticmethod
    def _row(session, code: str) -> EventRow:  # type: ignore[no-untyped-def]
        if not isinstance(code, str) or not code or len(code) > 32:
            raise EventClosed(str(code)[:32])
        row = session.exec(select(EventRow).where(EventRow.code == code)).first()
        if row is None:
            raise EventClosed(code)
        return row

    def _organised(self, session, code: str, who: Organiser) -> EventRow:  # type: ignore[no-untyped-def]
        row = self._row(session, code)
        if not (who.is_host or codes.token_matches(row.organiser_token_hash, who.token)):
            raise NotOrganiser(code)
        return row

    @staticmethod
    def _attendee_row(session, event_id: int, profile_id: int) -> EventAttendee | None:  # type: ignore[no-untyped-def]
        return session.exec(
            select(EventAttendee).where(EventAttendee.event_id == event_id, EventAttendee.profile_id == profile_id)
        ).first()

    @staticmethod
    def _answered(session, event_id: int, profile_id: int, phase: str, key: str) -> bool:  # type: ignore[no-untyped-def]
        return session.exec(
            select(EventAnswer.id).where(
                EventAnswer.event_id == event_id, EventAnswer.profile_id == profile_id,
                EventAnswer.phase == phase, EventAnswer.item_key == key,
            )
        ).first() is not None

    def _close_open_round(self, session, row: EventRow) -> bool:  # type: ignore[no-untyped-def]
        current = session.exec(
            select(EventRound).where(EventRound.event_id == row.id, EventRound.status == "open")
        ).first()
        if current is None:
            return False
        current.status, current.closed_at = "closed", self._now()
        session.add(current)
        return True

    @staticmethod
    def _lessons_done_by(session, profile_ids: list[int], lessons: set[str]) -> dict[int, set[str]]:  # type: ignore[no-untyped-def]
        if not profile_ids or not lessons:
            return {}
        rows = session.exec(
            select(LessonCompletion.profile_id, LessonCompletion.pack_id, LessonCompletion.lesson_id).where(
                LessonCompletion.profile_id.in_(profile_ids)  # type: ignore[attr-defined]
            )
        ).all()
        done: dict[int, set[str]] = {}
        for profile_id, pack_id, lesson_id in rows:
            if f"{pack_id}/{lesson_id}" in lessons:
                done.setdefault(profile_id, set()).add(f"{pack_id}/{lesson_id}")
        return done

    def _attendee_view(self, session, row: EventRow, attendee: EventAttendee) -> AttendeeView:  # type: ignore[no-untyped-def]
        profile = session.get(Profile, attendee.profile_id)
        answers = session.exec(
            select(EventAnswer.phase, EventAnswer.correct, EventAnswer.points).where(
                EventAnswer.event_id == row.id, EventAnswer.profile_id == attendee.profile_id
            )
        ).all()
        lessons = {lesson.key() for lesson in _config(row).lessons}
        done = self._lessons_done_by(session, [attendee.profile_id], lessons).get(attendee.profile_id, set())
        return AttendeeView(
            profile_id=attendee.profile_id,
            nickname=profile.nickname if profile else "",
            removed=attendee.removed,
            pre_done=attendee.pre_done_at is not None,
            post_done=attendee.post_done_at is not None,
            pre_answered=sum(phase == "pre" for phase, _c, _p in answers),
            post_answered=sum(phase == "post" for phase, _c, _p in answers),
            lessons_done=frozenset(done),
            points=sum(p for phase, _c, p in answers if phase == "live"),
            pre_correct=sum(bool(c) for phase, c, _p in answers if phase == "pre"),
            post_correct=sum(bool(c) for phase, c, _p in answers if phase == "post"),
        )


@cache
def scenario_features(scenario_id: str) -> frozenset[str]:
    """The features a built-in scenario needs (none for an unknown one)."""
    from simulator.scenarios import load_scenarios

    scenario = next((s for s in load_scenarios() if s.id == scenario_id), None)
    return frozenset(scenario.required_features) if scenario else frozenset()


def _config(row: EventRow) -> EventConfig:
    return EventConfig.model_validate_json(row.config)


def _view(row: EventRow) -> EventView:
    assert row.id is not None
    return EventView(row.id, row.code, row.title, row.status, row.pin, _config(row), row.revision)


def _aware(moment: datetime) -> datetime:
    # SQLite hands timestamps back without a zone; they were stored as UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _ascii_digits(text: str) -> str:
    # Full-width digits typed with a Chinese input method count as the same PIN.
    import unicodedata

    return unicodedata.normalize("NFKC", text or "").strip()
