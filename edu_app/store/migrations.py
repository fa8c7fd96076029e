"""Forward-only schema migrations.

Each migration moves the database from the version before it to ``version`` and must keep every
learner's rows. The DDL is plain SQL that SQLite and PostgreSQL both accept. Version numbers
increase but may have gaps (numbers are reserved for work that has not landed yet); never
renumber a migration that has shipped.

``edu_app.store.database`` runs each step in its own transaction, DDL included, under a lock, so
an interrupted or concurrent start never leaves a half-upgraded database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text


@dataclass(frozen=True)
class Migration:
    """One step of the schema history."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _v1_profiles(conn: Connection) -> None:
    conn.execute(text("CREATE TABLE schema_info (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)"))
    # The SQLite DDL is exactly what shipped. PostgreSQL needs an auto-numbered key and the
    # zone-aware timestamp; without them no profile could ever be created there, so no
    # PostgreSQL database with this version exists whose schema this could contradict.
    sqlite = conn.dialect.name == "sqlite"
    conn.execute(
        text(
            "CREATE TABLE profile ("
            f" {'id INTEGER PRIMARY KEY' if sqlite else _serial_key(conn)},"
            " nickname VARCHAR(96) NOT NULL,"
            f" created_at {_timestamp(conn)} NOT NULL)"
        )
    )


def _v2_profile_preferences(conn: Connection) -> None:
    # Language and theme became per-profile choices, and nicknames unique regardless of case.
    conn.execute(text("ALTER TABLE profile ADD COLUMN nickname_key VARCHAR(96)"))
    conn.execute(text("ALTER TABLE profile ADD COLUMN language VARCHAR(8)"))
    conn.execute(text("ALTER TABLE profile ADD COLUMN theme VARCHAR(8) NOT NULL DEFAULT 'system'"))
    from edu_app.services.nickname import nickname_key

    rows = conn.execute(text("SELECT id, nickname FROM profile ORDER BY id")).all()
    seen: set[str] = set()
    for profile_id, nickname in rows:
        key = nickname_key(nickname)
        # Older databases did not enforce uniqueness; keep every row and make the key unique.
        suffix = 2
        unique = key
        while unique in seen:
            unique = f"{key}#{suffix}"
            suffix += 1
        seen.add(unique)
        conn.execute(
            text("UPDATE profile SET nickname_key = :key WHERE id = :id"),
            {"key": unique, "id": profile_id},
        )
    conn.execute(text("CREATE UNIQUE INDEX ix_profile_nickname_key ON profile (nickname_key)"))


def _serial_key(conn: Connection) -> str:
    """An auto-numbered primary key column: SQLite numbers INTEGER PRIMARY KEY rows itself,
    PostgreSQL needs SERIAL (what the SQLModel table compiles to there)."""
    return "id INTEGER NOT NULL PRIMARY KEY" if conn.dialect.name == "sqlite" else "id SERIAL PRIMARY KEY"


def _timestamp(conn: Connection) -> str:
    """The column type of SQLModel's UTC datetimes: SQLite has no zone type (values are stored as
    UTC text); PostgreSQL gets the zone-aware type the models compile to."""
    return "TIMESTAMP" if conn.dialect.name == "sqlite" else "TIMESTAMP WITH TIME ZONE"


def _v3_learning(conn: Connection) -> None:
    # The learning history (answers, lesson completions) and state derived from it, which
    # edu_app.learning can rebuild from the history at any time.
    profile_ref = "profile_id INTEGER NOT NULL REFERENCES profile (id)"
    timestamp = _timestamp(conn)
    conn.execute(
        text(
            "CREATE TABLE answer ("
            f" {_serial_key(conn)},"
            f" {profile_ref},"
            " pack_id VARCHAR(100) NOT NULL,"
            " pack_version VARCHAR(100) NOT NULL,"
            " lesson_id VARCHAR(100),"
            " item_id VARCHAR(100) NOT NULL,"
            " response TEXT NOT NULL,"
            " correct BOOLEAN NOT NULL,"
            " score FLOAT NOT NULL,"
            " seconds FLOAT NOT NULL,"
            f" answered_at {timestamp} NOT NULL)"
        )
    )
    conn.execute(text("CREATE INDEX ix_answer_profile_time ON answer (profile_id, answered_at)"))
    conn.execute(text("CREATE INDEX ix_answer_profile_item ON answer (profile_id, pack_id, item_id, answered_at)"))
    conn.execute(
        text(
            "CREATE TABLE lesson_completion ("
            f" {_serial_key(conn)},"
            f" {profile_ref},"
            " pack_id VARCHAR(100) NOT NULL,"
            " pack_version VARCHAR(100) NOT NULL,"
            " lesson_id VARCHAR(100) NOT NULL,"
            " quiz_score FLOAT NOT NULL,"
            f" completed_at {timestamp} NOT NULL)"
        )
    )
    conn.execute(
        text("CREATE INDEX ix_lesson_completion_profile_lesson ON lesson_completion (profile_id, pack_id, lesson_id)")
    )
    conn.execute(
        text(
            "CREATE TABLE learner_stats ("
            f" {profile_ref},"
            " derivation_key VARCHAR(64) NOT NULL,"
            " xp INTEGER NOT NULL,"
            " answers INTEGER NOT NULL,"
            " correct INTEGER NOT NULL,"
            " red_flags_spotted INTEGER NOT NULL,"
            " review_answers INTEGER NOT NULL,"
            " streak_last_day DATE,"
            " streak_current INTEGER NOT NULL,"
            " streak_longest INTEGER NOT NULL,"
            " streak_freezes INTEGER NOT NULL,"
            f" last_event_at {timestamp},"
            " PRIMARY KEY (profile_id))"
        )
    )
    conn.execute(
        text(
            "CREATE TABLE mastery_estimate ("
            f" {profile_ref},"
            " skill_id VARCHAR(100) NOT NULL,"
            " p FLOAT NOT NULL,"
            " answers INTEGER NOT NULL,"
            " correct INTEGER NOT NULL,"
            " PRIMARY KEY (profile_id, skill_id))"
        )
    )
    conn.execute(
        text(
            "CREATE TABLE review_card ("
            f" {profile_ref},"
            " pack_id VARCHAR(100) NOT NULL,"
            " item_id VARCHAR(100) NOT NULL,"
            " state INTEGER NOT NULL,"
            " step INTEGER,"
            " stability FLOAT,"
            " difficulty FLOAT,"
            f" due {timestamp} NOT NULL,"
            f" last_review {timestamp},"
            " PRIMARY KEY (profile_id, pack_id, item_id))"
        )
    )
    conn.execute(text("CREATE INDEX ix_review_card_profile_due ON review_card (profile_id, due)"))
    conn.execute(
        text(
            "CREATE TABLE learning_day ("
            f" {profile_ref},"
            " day DATE NOT NULL,"
            " xp INTEGER NOT NULL,"
            " answers INTEGER NOT NULL,"
            " correct INTEGER NOT NULL,"
            f" first_xp_at {timestamp},"
            " PRIMARY KEY (profile_id, day))"
        )
    )
    conn.execute(
        text(
            "CREATE TABLE earned_badge ("
            f" {profile_ref},"
            " badge_id VARCHAR(64) NOT NULL,"
            f" earned_at {timestamp} NOT NULL,"
            " PRIMARY KEY (profile_id, badge_id))"
        )
    )
    conn.execute(
        text(
            "CREATE TABLE unlocked_feature ("
            f" {profile_ref},"
            " feature VARCHAR(64) NOT NULL,"
            f" unlocked_at {timestamp} NOT NULL,"
            " PRIMARY KEY (profile_id, feature))"
        )
    )


def _v4_profile_access(conn: Connection) -> None:
    # Who may open a profile: hashes of the secrets browsers hold, and optional PINs with back-off.
    profile_ref = "profile_id INTEGER NOT NULL REFERENCES profile (id)"
    timestamp = _timestamp(conn)
    conn.execute(
        text(
            "CREATE TABLE profile_secret ("
            f" {_serial_key(conn)},"
            f" {profile_ref},"
            " secret_hash VARCHAR(64) NOT NULL,"
            f" created_at {timestamp} NOT NULL)"
        )
    )
    conn.execute(text("CREATE INDEX ix_profile_secret_profile_id ON profile_secret (profile_id)"))
    conn.execute(text("CREATE UNIQUE INDEX ix_profile_secret_secret_hash ON profile_secret (secret_hash)"))
    conn.execute(
        text(
            "CREATE TABLE profile_pin ("
            f" {profile_ref},"
            " salt VARCHAR(64) NOT NULL,"
            " pin_hash VARCHAR(128) NOT NULL,"
            " failed_tries INTEGER NOT NULL,"
            f" locked_until {timestamp},"
            " PRIMARY KEY (profile_id))"
        )
    )


def _v5_trading(conn: Connection) -> None:
    # Saved paper-trading sessions (the engine's state as JSON) and the trading habits that earn
    # XP and badges.
    profile_ref = "profile_id INTEGER NOT NULL REFERENCES profile (id)"
    timestamp = _timestamp(conn)
    conn.execute(
        text(
            "CREATE TABLE trading_session ("
            f" {_serial_key(conn)},"
            f" {profile_ref},"
            " kind VARCHAR(16) NOT NULL,"
            " scenario_id VARCHAR(100),"
            " symbols VARCHAR(400) NOT NULL,"
            " rules VARCHAR(16) NOT NULL,"
            " start_cash FLOAT NOT NULL,"
            " status VARCHAR(16) NOT NULL,"
            " revision INTEGER NOT NULL,"
            " state TEXT NOT NULL,"
            " journal TEXT NOT NULL,"
            " final_return FLOAT,"
            " benchmark_return FLOAT,"
            f" created_at {timestamp} NOT NULL,"
            f" updated_at {timestamp} NOT NULL,"
            f" finished_at {timestamp})"
        )
    )
    conn.execute(text("CREATE INDEX ix_trading_session_profile ON trading_session (profile_id, status, updated_at)"))
    conn.execute(
        text(
            "CREATE TABLE practice_achievement ("
            f" {_serial_key(conn)},"
            f" {profile_ref},"
            " achievement VARCHAR(64) NOT NULL,"
            " source VARCHAR(100) NOT NULL,"
            f" earned_at {timestamp} NOT NULL)"
        )
    )
    conn.execute(
        text(
            "CREATE UNIQUE INDEX ix_practice_achievement_key"
            " ON practice_achievement (profile_id, achievement, source)"
        )
    )


def _v6_history_stamp(conn: Connection) -> None:
    # Which history the derived rows were computed from (answer and completion counts and last
    # ids): a mismatch at read time means another writer or an older app left them stale. NULL on
    # existing rows makes the first read rebuild them, which also repairs totals that lost updates.
    conn.execute(text("ALTER TABLE learner_stats ADD COLUMN history_stamp VARCHAR(100)"))


def _v7_risk_profile(conn: Connection) -> None:
    # Risk questionnaire results (every retake kept) and the learner's choices when a
    # suitability warning was shown.
    profile_ref = "profile_id INTEGER NOT NULL REFERENCES profile (id)"
    timestamp = _timestamp(conn)
    conn.execute(
        text(
            "CREATE TABLE risk_assessment ("
            f" {_serial_key(conn)},"
            f" {profile_ref},"
            " questionnaire_id VARCHAR(64) NOT NULL,"
            " questionnaire_version INTEGER NOT NULL,"
            " answers TEXT NOT NULL,"
            " total INTEGER NOT NULL,"
            " max_total INTEGER NOT NULL,"
            " grade VARCHAR(2) NOT NULL,"
            " lowest_category BOOLEAN NOT NULL,"
            " tolerated_fall FLOAT,"
            f" taken_at {timestamp} NOT NULL)"
        )
    )
    conn.execute(text("CREATE INDEX ix_risk_assessment_profile_time ON risk_assessment (profile_id, taken_at)"))
    conn.execute(
        text(
            "CREATE TABLE suitability_choice ("
            f" {_serial_key(conn)},"
            f" {profile_ref},"
            " product_key VARCHAR(200) NOT NULL,"
            " product_level VARCHAR(2) NOT NULL,"
            " grade VARCHAR(2),"
            " warning_kind VARCHAR(32) NOT NULL,"
            " context VARCHAR(32) NOT NULL,"
            " confirmed BOOLEAN NOT NULL,"
            f" chosen_at {timestamp} NOT NULL)"
        )
    )
    conn.execute(
        text("CREATE INDEX ix_suitability_choice_profile_time ON suitability_choice (profile_id, chosen_at)")
    )


def _v8_events(conn: Connection) -> None:
    # Events run by an organiser: the event and its set-up, attendees, their test and live-quiz
    # answers, live rounds, and wrong room-PIN tries per client.
    timestamp = _timestamp(conn)
    conn.execute(
        text(
            "CREATE TABLE event ("
            f" {_serial_key(conn)},"
            " code VARCHAR(32) NOT NULL,"
            " title VARCHAR(200) NOT NULL,"
            " status VARCHAR(16) NOT NULL,"
            " pin VARCHAR(6) NOT NULL,"
            " organiser_token_hash VARCHAR(64) NOT NULL,"
            " config TEXT NOT NULL,"
            " revision INTEGER NOT NULL,"
            f" created_at {timestamp} NOT NULL,"
            f" ended_at {timestamp})"
        )
    )
    conn.execute(text("CREATE UNIQUE INDEX ix_event_code ON event (code)"))
    event_ref = "event_id INTEGER NOT NULL REFERENCES event (id)"
    profile_ref = "profile_id INTEGER NOT NULL REFERENCES profile (id)"
    conn.execute(
        text(
            "CREATE TABLE event_attendee ("
            f" {_serial_key(conn)},"
            f" {event_ref},"
            f" {profile_ref},"
            " removed BOOLEAN NOT NULL,"
            f" joined_at {timestamp} NOT NULL,"
            f" pre_done_at {timestamp},"
            f" post_done_at {timestamp})"
        )
    )
    conn.execute(text("CREATE UNIQUE INDEX ix_event_attendee_event_profile ON event_attendee (event_id, profile_id)"))
    conn.execute(
        text(
            "CREATE TABLE event_answer ("
            f" {_serial_key(conn)},"
            f" {event_ref},"
            f" {profile_ref},"
            " phase VARCHAR(8) NOT NULL,"
            " item_key VARCHAR(210) NOT NULL,"
            " pack_id VARCHAR(100) NOT NULL,"
            " item_id VARCHAR(100) NOT NULL,"
            " response TEXT NOT NULL,"
            " correct BOOLEAN NOT NULL,"
            " points INTEGER NOT NULL,"
            " seconds FLOAT NOT NULL,"
            f" answered_at {timestamp} NOT NULL)"
        )
    )
    conn.execute(
        text("CREATE UNIQUE INDEX ix_event_answer_key ON event_answer (event_id, profile_id, phase, item_key)")
    )
    conn.execute(
        text(
            "CREATE TABLE event_round ("
            f" {_serial_key(conn)},"
            f" {event_ref},"
            " number INTEGER NOT NULL,"
            " pack_id VARCHAR(100) NOT NULL,"
            " item_id VARCHAR(100) NOT NULL,"
            " status VARCHAR(8) NOT NULL,"
            f" opened_at {timestamp} NOT NULL,"
            f" closed_at {timestamp})"
        )
    )
    conn.execute(text("CREATE UNIQUE INDEX ix_event_round_event_number ON event_round (event_id, number)"))
    conn.execute(
        text(
            "CREATE TABLE event_pin_try ("
            f" {event_ref},"
            " client VARCHAR(100) NOT NULL,"
            " failed_tries INTEGER NOT NULL,"
            f" locked_until {timestamp},"
            " PRIMARY KEY (event_id, client))"
        )
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "profiles", _v1_profiles),
    Migration(2, "per-profile language and theme; unique nicknames", _v2_profile_preferences),
    Migration(3, "learning history and derived learner state", _v3_learning),
    Migration(4, "profile secrets and PINs: who may open a profile", _v4_profile_access),
    Migration(5, "paper-trading sessions and practice achievements", _v5_trading),
    Migration(6, "history stamp on the derived learner totals", _v6_history_stamp),
    Migration(7, "risk questionnaire results and suitability-warning choices", _v7_risk_profile),
    Migration(8, "events: set-up, attendees, test and live-quiz answers, PIN tries", _v8_events),
)

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The schema version recorded in the database (0 for an empty database)."""
    if not inspect(conn).has_table("schema_info"):
        return 0
    row = conn.execute(text("SELECT version FROM schema_info WHERE id = 1")).first()
    return int(row[0]) if row else 0


def pending(version: int, target: int = LATEST_VERSION) -> list[Migration]:
    """The migrations that take a database at ``version`` to ``target``, in order.

    Raises ``NewerSchemaError`` when ``version`` is newer than this app knows.
    """
    if version > LATEST_VERSION:
        raise NewerSchemaError(version)
    return [migration for migration in MIGRATIONS if version < migration.version <= target]


def apply_step(conn: Connection, migration: Migration, from_version: int) -> int:
    """Run one migration and record its version, in the caller's transaction; return the version."""
    migration.apply(conn)
    if from_version == 0:
        conn.execute(text("INSERT INTO schema_info (id, version) VALUES (1, :v)"), {"v": migration.version})
    else:
        conn.execute(text("UPDATE schema_info SET version = :v WHERE id = 1"), {"v": migration.version})
    return migration.version


def migrate(conn: Connection, target: int = LATEST_VERSION) -> int:
    """Apply every migration above the recorded version up to ``target``; return the new version.

    Every step runs in the caller's transaction (tests use this to build old schemas); the app
    opens databases through ``edu_app.store.database``, which gives each step its own locked one.
    """
    version = current_version(conn)
    for migration in pending(version, target):
        version = apply_step(conn, migration, version)
    return version


class NewerSchemaError(Exception):
    """The database was written by a newer Invest Quest than this one."""

    def __init__(self, version: int) -> None:
        super().__init__(f"database schema {version} is newer than this app supports ({LATEST_VERSION})")
        self.version = version
