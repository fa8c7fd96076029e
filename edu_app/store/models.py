"""Tables of the current schema.

Columns use only portable types (no SQLite-only features) so the same models run on PostgreSQL.
When a table changes, add a migration in ``migrations.py``; never edit an old migration.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    """The current time in UTC, the only time zone stored."""
    return datetime.now(UTC)


class SchemaInfo(SQLModel, table=True):
    """One row holding the schema version that the migrations brought the database to."""

    __tablename__ = "schema_info"

    id: int = Field(default=1, primary_key=True)
    version: int


class Profile(SQLModel, table=True):
    """A learner on this device: a nickname and their preferences, nothing personal."""

    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    nickname: str = Field(max_length=96)
    # Case-folded, NFC-normalised nickname; unique so two learners are never confused.
    nickname_key: str = Field(max_length=96, unique=True, index=True)
    language: str | None = Field(default=None, max_length=8)
    theme: str = Field(default="system", max_length=8)
    created_at: datetime = Field(default_factory=utc_now)



class ProfileSecret(SQLModel, table=True):
    """Proof that a browser or device may open a profile: the SHA-256 of a random secret that only
    that browser holds. The secret itself is never stored, so a copy of the database opens nothing."""

    __tablename__ = "profile_secret"

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", index=True)
    secret_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utc_now)


class ProfilePin(SQLModel, table=True):
    """An optional PIN guarding a profile on a shared device: salted scrypt hash, and the wrong
    tries so far with the time before which no try is accepted (kept here so that a reload or a
    second process does not reset the back-off)."""

    __tablename__ = "profile_pin"

    profile_id: int = Field(primary_key=True, foreign_key="profile.id")
    salt: str = Field(max_length=64)
    pin_hash: str = Field(max_length=128)
    failed_tries: int = 0
    locked_until: datetime | None = None

# ----- learning: the history (primary) ---------------------------------------------------------


class Answer(SQLModel, table=True):
    """One answer to a quiz item, as graded when it was given. Timestamps are UTC."""

    __tablename__ = "answer"
    __table_args__ = (
        Index("ix_answer_profile_time", "profile_id", "answered_at"),
        Index("ix_answer_profile_item", "profile_id", "pack_id", "item_id", "answered_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id")
    pack_id: str = Field(max_length=100)
    pack_version: str = Field(max_length=100)
    lesson_id: str | None = Field(default=None, max_length=100)
    item_id: str = Field(max_length=100)
    # The response as canonical JSON (sorted ids for unordered choices), so equal answers compare equal.
    response: str = Field(sa_type=Text)
    correct: bool
    score: float
    seconds: float
    answered_at: datetime


class LessonCompletion(SQLModel, table=True):
    """A lesson's quiz finished, with the score it had then."""

    __tablename__ = "lesson_completion"
    __table_args__ = (Index("ix_lesson_completion_profile_lesson", "profile_id", "pack_id", "lesson_id"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id")
    pack_id: str = Field(max_length=100)
    pack_version: str = Field(max_length=100)
    lesson_id: str = Field(max_length=100)
    quiz_score: float
    completed_at: datetime


# ----- learning: derived state, rebuildable from the history ----------------------------------


class LearnerStats(SQLModel, table=True):
    """Running totals and the streak. ``derivation_key`` names the rules, time zone and packs the
    derived rows were computed with, ``history_stamp`` the history they were computed from; when
    either differs from the current one they are rebuilt."""

    __tablename__ = "learner_stats"

    profile_id: int = Field(primary_key=True, foreign_key="profile.id")
    derivation_key: str = Field(max_length=64)
    xp: int
    answers: int
    correct: int
    red_flags_spotted: int
    review_answers: int
    streak_last_day: date | None = None
    streak_current: int
    streak_longest: int
    streak_freezes: int
    last_event_at: datetime | None = None
    history_stamp: str | None = Field(default=None, max_length=100)


class MasteryEstimate(SQLModel, table=True):
    """The BKT estimate of one skill."""

    __tablename__ = "mastery_estimate"

    profile_id: int = Field(primary_key=True, foreign_key="profile.id")
    skill_id: str = Field(primary_key=True, max_length=100)
    p: float
    answers: int
    correct: int


class ReviewCard(SQLModel, table=True):
    """The FSRS card of one answered quiz item."""

    __tablename__ = "review_card"
    __table_args__ = (Index("ix_review_card_profile_due", "profile_id", "due"),)

    profile_id: int = Field(primary_key=True, foreign_key="profile.id")
    pack_id: str = Field(primary_key=True, max_length=100)
    item_id: str = Field(primary_key=True, max_length=100)
    state: int
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime
    last_review: datetime | None = None


class LearningDay(SQLModel, table=True):
    """One local calendar day with activity: XP, answers, and when its first XP came."""

    __tablename__ = "learning_day"

    profile_id: int = Field(primary_key=True, foreign_key="profile.id")
    day: date = Field(primary_key=True)
    xp: int
    answers: int
    correct: int
    first_xp_at: datetime | None = None


class EarnedBadge(SQLModel, table=True):
    """A badge and when it was earned."""

    __tablename__ = "earned_badge"

    profile_id: int = Field(primary_key=True, foreign_key="profile.id")
    badge_id: str = Field(primary_key=True, max_length=64)
    earned_at: datetime


class UnlockedFeature(SQLModel, table=True):
    """A feature and when it was unlocked (unlocks are kept even if mastery later drops)."""

    __tablename__ = "unlocked_feature"

    profile_id: int = Field(primary_key=True, foreign_key="profile.id")
    feature: str = Field(primary_key=True, max_length=64)
    unlocked_at: datetime


# ----- risk profile: questionnaire results and suitability-warning choices ---------------------


class RiskAssessment(SQLModel, table=True):
    """One completed risk questionnaire; every retake is kept, the latest one counts.

    ``answers`` is canonical JSON {question id: option id}; the only personal datum in it is an
    age band, never a birth date.
    """

    __tablename__ = "risk_assessment"
    __table_args__ = (Index("ix_risk_assessment_profile_time", "profile_id", "taken_at"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id")
    questionnaire_id: str = Field(max_length=64)
    questionnaire_version: int
    answers: str = Field(sa_type=Text)
    total: int
    max_total: int
    grade: str = Field(max_length=2)
    lowest_category: bool
    # The fall the learner said they could live with (a fraction), if the questionnaire asks.
    tolerated_fall: float | None = None
    taken_at: datetime


class SuitabilityChoice(SQLModel, table=True):
    """What the learner chose when a suitability warning was shown: confirmed or cancelled."""

    __tablename__ = "suitability_choice"
    __table_args__ = (Index("ix_suitability_choice_profile_time", "profile_id", "chosen_at"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id")
    product_key: str = Field(max_length=200)
    product_level: str = Field(max_length=2)
    # The grade at the time (None: no questionnaire taken yet) and the kind of warning shown.
    grade: str | None = Field(default=None, max_length=2)
    warning_kind: str = Field(max_length=32)
    # Where it was shown, e.g. start_scenario, place_order, example.
    context: str = Field(max_length=32)
    confirmed: bool
    chosen_at: datetime
# ----- trading: saved paper-trading sessions ------------------------------------------------


class TradingSessionRow(SQLModel, table=True):
    """One paper-trading session. ``state`` is the engine's own JSON (``TradingSession.to_dict``),
    so resuming replays nothing; ``journal`` holds what the app adds around it (risk prompts and
    how the learner answered them). ``revision`` grows with every saved action."""

    __tablename__ = "trading_session"
    __table_args__ = (Index("ix_trading_session_profile", "profile_id", "status", "updated_at"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id")
    kind: str = Field(max_length=16)  # "scenario" or "practice"
    scenario_id: str | None = Field(default=None, max_length=100)
    # Instruments as a comma-separated list of symbols (one today; several once portfolios land).
    symbols: str = Field(max_length=400)
    rules: str = Field(max_length=16)
    start_cash: float
    status: str = Field(max_length=16)  # "active" or "finished"
    revision: int = 0
    state: str = Field(sa_type=Text)
    journal: str = Field(sa_type=Text)
    final_return: float | None = None
    benchmark_return: float | None = None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None


class PracticeAchievement(SQLModel, table=True):
    """A good trading habit shown in the simulator (history, like an answer): it earns XP and
    badges in the learning game. ``source`` names where (a scenario id or "practice"), so the
    same habit in the same place counts once."""

    __tablename__ = "practice_achievement"
    __table_args__ = (Index("ix_practice_achievement_key", "profile_id", "achievement", "source", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id")
    achievement: str = Field(max_length=64)
    source: str = Field(max_length=100)
    earned_at: datetime


# ----- events: a room of attendees run by an organiser (edu_app.events) ----------------------


class EventRow(SQLModel, table=True):
    """One event. ``code`` is the unguessable name in its URLs; the room PIN is shown on the
    projector, so it is kept as it is; the organiser token only as its SHA-256. ``config`` is the
    organiser's set-up as JSON (``edu_app.events.config.EventConfig``), frozen test forms included.
    ``revision`` grows with every change that screens should show (they poll it)."""

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True)
    title: str = Field(max_length=200)
    status: str = Field(max_length=16)  # setup, open, closed, ended
    pin: str = Field(max_length=6)
    organiser_token_hash: str = Field(max_length=64)
    config: str = Field(sa_type=Text)
    revision: int = 0
    created_at: datetime
    ended_at: datetime | None = None


class EventAttendee(SQLModel, table=True):
    """A profile taking part in an event, with its progress through the event's steps."""

    __tablename__ = "event_attendee"
    __table_args__ = (Index("ix_event_attendee_event_profile", "event_id", "profile_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id")
    profile_id: int = Field(foreign_key="profile.id")
    removed: bool = False
    joined_at: datetime
    pre_done_at: datetime | None = None
    post_done_at: datetime | None = None


class EventAnswer(SQLModel, table=True):
    """One answer given in an event: a pre-test or post-test item, or a live quiz round.
    ``response`` is canonical JSON, so equal wrong answers can be counted together."""

    __tablename__ = "event_answer"
    __table_args__ = (Index("ix_event_answer_key", "event_id", "profile_id", "phase", "item_key", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id")
    profile_id: int = Field(foreign_key="profile.id")
    phase: str = Field(max_length=8)  # pre, post, live
    # "<pack>/<item>" for test items; "round-<n>" for a live round.
    item_key: str = Field(max_length=210)
    pack_id: str = Field(max_length=100)
    item_id: str = Field(max_length=100)
    response: str = Field(sa_type=Text)
    correct: bool
    points: int = 0
    seconds: float
    answered_at: datetime


class EventRound(SQLModel, table=True):
    """One live quiz question: open while answers are taken, closed once the organiser moves on."""

    __tablename__ = "event_round"
    __table_args__ = (Index("ix_event_round_event_number", "event_id", "number", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id")
    number: int
    pack_id: str = Field(max_length=100)
    item_id: str = Field(max_length=100)
    status: str = Field(max_length=8)  # open, closed
    opened_at: datetime
    closed_at: datetime | None = None


class EventPinTry(SQLModel, table=True):
    """Wrong room-PIN tries from one client (its network address), with the time before which
    no further try is accepted: kept in the store so a reload or a second process keeps it."""

    __tablename__ = "event_pin_try"

    event_id: int = Field(primary_key=True, foreign_key="event.id")
    client: str = Field(primary_key=True, max_length=100)
    failed_tries: int = 0
    locked_until: datetime | None = None
