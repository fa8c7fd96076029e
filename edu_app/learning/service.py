"""The learning service: the one entry point the screens use for answers, progress and unlocks.

Each public method is one transaction. Writes read the derived rows and write them back, so they
must never interleave with another writer for the same learner: within the process a lock
serialises them (one service per process, several browser tabs may call it at once); between
processes the transaction holds SQLite's write lock from its start, and on PostgreSQL the
learner's profile row is locked first. Derived rows carry a stamp of the history they were
computed from; a reader that finds a stamp that does not match rebuilds them from the history.
Storage failures raise ``edu_app.store.StorageError``; the action's transaction is then rolled
back and nothing saved before is touched.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlmodel import Session, select

from edu_app.learning import badges, mastery, persistence, progress_io, rewards, unlocks
from edu_app.learning.catalog import PackCatalog
from edu_app.learning.clock import Clock, day_bounds, local_day, zone_name, zone_of
from edu_app.learning.replay import AnswerEvent, CompletionEvent, PracticeEvent, Replayer
from edu_app.learning.state import Changes, LearnerState
from edu_app.learning.views import (
    AnswerOutcome,
    Badge,
    FeatureStatus,
    HistoryEntry,
    ImportSummary,
    LessonOutcome,
    LessonStatus,
    PracticeOutcome,
    Progress,
    ReviewItem,
    SkillMastery,
)
from edu_app.i18n import Translator
from edu_app.store import Database
from edu_app.store.models import (
    Answer,
    LearningDay,
    LessonCompletion,
    PracticeAchievement,
    Profile,
    ReviewCard,
    UnlockedFeature,
)
from lessons import grade

#: Bump when a rule of the game changes: every learner's derived state is then rebuilt on next use.
RULES_VERSION = 1
HISTORY_LENGTH = 20


class LearningService:
    """Answers, mastery, reviews, rewards and unlocks of every learner on this device."""

    def __init__(self, db: Database, catalog: PackCatalog, clock: Clock) -> None:
        self._db = db
        self._catalog = catalog
        self._clock = clock
        self._zone = zone_of(clock)
        self._lock = threading.RLock()
        self._replayer: Replayer | None = None
        self._replayer_for = ""

    # ----- recording --------------------------------------------------------------------------

    def record_answer(
        self,
        profile_id: int,
        pack_id: str,
        lesson_id: str | None,
        item_id: str,
        response: Any,
        seconds: float,
        language: str | None = None,
    ) -> AnswerOutcome:
        """Grade and store an answer and update everything derived from it, in one transaction.

        Raises ``lessons.InvalidResponse`` for a malformed response, ``LookupError`` for an item
        or profile that does not exist. Badge texts are in ``language`` (default: the profile's).
        """
        info = self._catalog.item_info(pack_id, item_id)
        pack = self._catalog.pack(pack_id)
        if info is None or pack is None:
            raise LookupError(f"no item '{item_id}' in an installed pack '{pack_id}'")
        result = grade(info.item, response)
        at = self._clock.now()
        event = AnswerEvent(pack_id, item_id, persistence.response_json(info.item, response), result.correct, at)
        with self._writing(profile_id) as (session, replayer, key):
            state = persistence.load_state(
                session, profile_id, replayer, item=(pack_id, item_id), day=replayer.day_of(at)
            )
            skills = list(dict.fromkeys(info.skills))
            before = {skill: state.mastery(skill) for skill in skills}
            score_before = self._score(state)
            xp_before = state.xp
            session.add(
                Answer(
                    profile_id=profile_id,
                    pack_id=pack_id,
                    pack_version=pack.manifest.version,
                    lesson_id=lesson_id,
                    item_id=item_id,
                    response=event.response,
                    correct=result.correct,
                    score=result.score,
                    seconds=_duration(seconds),
                    answered_at=at,
                )
            )
            state = self._apply(session, profile_id, replayer, key, state, event)
            return AnswerOutcome(
                grade=result,
                xp_gained=state.xp - xp_before,
                mastery={skill: (before[skill], state.mastery(skill)) for skill in skills},
                score_before=score_before,
                score_after=self._score(state),
                new_badges=self._badges(state.changed.badges, state, session, profile_id, language),
                newly_unlocked=list(state.changed.features),
            )

    def complete_lesson(
        self, profile_id: int, pack_id: str, lesson_id: str, language: str | None = None
    ) -> LessonOutcome:
        """Record that the learner finished a lesson's quiz. The quiz score is the fraction of the
        lesson's items whose latest answer is right (an item never answered counts as wrong)."""
        pack = self._catalog.pack(pack_id)
        lesson = pack.lesson(lesson_id) if pack else None
        if pack is None or lesson is None:
            raise LookupError(f"no lesson '{lesson_id}' in an installed pack '{pack_id}'")
        at = self._clock.now()
        with self._writing(profile_id) as (session, replayer, key):
            item_ids = [item.id for item in lesson.items]
            latest: dict[str, bool] = {}
            if item_ids:
                rows = session.exec(
                    select(Answer.item_id, Answer.correct)
                    .where(Answer.profile_id == profile_id, Answer.pack_id == pack_id)
                    .where(Answer.item_id.in_(item_ids))  # type: ignore[attr-defined]
                    .order_by(Answer.answered_at, Answer.id)
                )
                latest = {item_id: bool(correct) for item_id, correct in rows}
            score = sum(latest.get(item_id, False) for item_id in item_ids) / len(item_ids) if item_ids else 1.0
            state = persistence.load_state(session, profile_id, replayer, day=replayer.day_of(at))
            xp_before = state.xp
            session.add(
                LessonCompletion(
                    profile_id=profile_id,
                    pack_id=pack_id,
                    pack_version=pack.manifest.version,
                    lesson_id=lesson_id,
                    quiz_score=score,
                    completed_at=at,
                )
            )
            event = CompletionEvent(pack_id, lesson_id, score, at)
            state = self._apply(session, profile_id, replayer, key, state, event)
            return LessonOutcome(
                quiz_score=score,
                passed=score >= rewards.PASS_SCORE,
                xp_gained=state.xp - xp_before,
                new_badges=self._badges(state.changed.badges, state, session, profile_id, language),
                newly_unlocked=list(state.changed.features),
            )

    def record_practice(
        self, profile_id: int, achievements: list[tuple[str, str]], language: str | None = None
    ) -> PracticeOutcome:
        """Record habits shown in the simulator, each ``(achievement, source)`` at most once, with
        their XP and badges, in one transaction. Already recorded pairs are skipped."""
        at = self._clock.now()
        with self._writing(profile_id) as (session, replayer, key):
            state = persistence.load_state(session, profile_id, replayer, day=replayer.day_of(at))
            xp_before = state.xp
            recorded: list[str] = []
            new_badges: list[str] = []
            for achievement, source in achievements:
                exists = session.exec(
                    select(PracticeAchievement.id).where(
                        PracticeAchievement.profile_id == profile_id,
                        PracticeAchievement.achievement == achievement,
                        PracticeAchievement.source == source,
                    )
                ).first()
                if exists is not None or achievement in recorded:
                    continue
                session.add(
                    PracticeAchievement(profile_id=profile_id, achievement=achievement, source=source, earned_at=at)
                )
                recorded.append(achievement)
                state = self._apply(session, profile_id, replayer, key, state, PracticeEvent(achievement, source, at))
                # Each event's changes are written by _apply; start the next one with a clean slate.
                new_badges += state.changed.badges
                state.changed = Changes()
            return PracticeOutcome(
                achievements=recorded,
                xp_gained=state.xp - xp_before,
                new_badges=self._badges(new_badges, state, session, profile_id, language),
            )

    def practice_achievements(self, profile_id: int) -> list[tuple[str, str]]:
        """Every recorded ``(achievement, source)`` of the learner, oldest first."""
        with self._db.transaction() as session:
            rows = session.exec(
                select(PracticeAchievement.achievement, PracticeAchievement.source)
                .where(PracticeAchievement.profile_id == profile_id)
                .order_by(PracticeAchievement.earned_at, PracticeAchievement.id)
            )
            return [(name, source) for name, source in rows]

    # ----- reading ----------------------------------------------------------------------------

    def progress(self, profile_id: int, language: str) -> Progress:
        """Everything the Me and Home screens show, from the stored aggregates."""
        with self._reading(profile_id) as session:
            state = persistence.load_state(session, profile_id, self._current_replayer())
            today = local_day(self._clock.now(), self._zone)
            days = session.exec(
                select(LearningDay.day, LearningDay.xp)
                .where(LearningDay.profile_id == profile_id, LearningDay.xp > 0)
                .order_by(LearningDay.day)
            ).all()
            history = session.exec(
                select(Answer.answered_at, Answer.pack_id, Answer.lesson_id, Answer.item_id, Answer.correct)
                .where(Answer.profile_id == profile_id)
                .order_by(Answer.answered_at.desc(), Answer.id.desc())  # type: ignore[attr-defined,union-attr]
                .limit(HISTORY_LENGTH)
            ).all()
        level = rewards.level_for(state.xp)
        streak_days, freezes = state.streak.as_of(today)
        return Progress(
            score=self._score(state),
            mastery=self._mastery_list(state, language),
            xp=state.xp,
            level=level.level,
            xp_into_level=level.xp_into_level,
            xp_for_next_level=level.xp_for_next_level,
            daily_goal_xp=rewards.DAILY_GOAL_XP,
            today_xp=next((xp for day, xp in days if day == today), 0),
            streak_days=streak_days,
            longest_streak=state.streak.longest,
            freezes_available=freezes,
            active_days=[day for day, _xp in days],
            badges=badges.all_badges(state.badges, language, self._catalog),
            lessons_completed=len(state.lessons),
            answers=state.answers,
            correct=state.correct,
            history=[
                HistoryEntry(at, pack_id, lesson_id, item_id, bool(correct))
                for at, pack_id, lesson_id, item_id, correct in history
            ],
        )

    def features(self, profile_id: int, language: str) -> list[FeatureStatus]:
        """The skill map: every feature, unlocked or not, with what it takes."""
        with self._reading(profile_id) as session:
            state = persistence.load_state(session, profile_id, self._current_replayer())
        rules = self._current_replayer().rules
        packs = {pack.id: pack for pack in self._catalog.packs()}
        writer = unlocks.RequirementWriter(
            packs, lambda skill_id: self._catalog.skill_name(skill_id, language), language
        )
        t = Translator(language)
        return [
            FeatureStatus(
                feature=feature,
                title=t(title_key),
                description=t(description_key),
                unlocked=feature in state.unlocked,
                requirement=writer.for_feature(rules[feature], state),
            )
            for feature, (title_key, description_key) in unlocks.FEATURES.items()
        ]

    def is_unlocked(self, profile_id: int, feature: str) -> bool:
        """Whether the learner has unlocked ``feature`` (unlocks are never taken back)."""
        with self._reading(profile_id) as session:
            row = session.get(UnlockedFeature, (profile_id, feature))
            return row is not None

    def unlocked_features(self, profile_id: int) -> set[str]:
        """Every feature the learner has unlocked."""
        with self._db.transaction() as session:
            rows = session.exec(select(UnlockedFeature.feature).where(UnlockedFeature.profile_id == profile_id))
            return set(rows)

    def review_queue(self, profile_id: int, limit: int = 20) -> list[ReviewItem]:
        """Items due for review by the end of the learner's local day, most overdue first."""
        now = self._clock.now()
        _start, end_of_today = day_bounds(local_day(now, self._zone), self._zone)
        queue: list[ReviewItem] = []
        with self._reading(profile_id) as session:
            rows = session.exec(
                select(ReviewCard.pack_id, ReviewCard.item_id, ReviewCard.due)
                .where(ReviewCard.profile_id == profile_id, ReviewCard.due < end_of_today)
                .order_by(ReviewCard.due, ReviewCard.pack_id, ReviewCard.item_id)
            )
            for pack_id, item_id, due in rows:
                info = self._catalog.item_info(pack_id, item_id)
                if info is not None:
                    queue.append(ReviewItem(pack_id, item_id, info.lesson_id, due))
                    if len(queue) >= limit:
                        break
        return queue

    def lesson_status(self, profile_id: int, pack_id: str) -> dict[str, LessonStatus]:
        """Every lesson of the pack: completed or not, and the best quiz score."""
        pack = self._catalog.pack(pack_id)
        with self._db.reading() as session:
            bests = persistence.lesson_bests(session, profile_id)
        lesson_ids = [lesson.id for lesson in pack.lessons] if pack else []
        return {
            lesson_id: LessonStatus((pack_id, lesson_id) in bests, bests.get((pack_id, lesson_id)))
            for lesson_id in lesson_ids
        }

    # ----- export, import, delete, rebuild ----------------------------------------------------

    def export_progress(self, profile_id: int) -> dict:
        """The learner's history as a JSON-serialisable progress file (no nickname)."""
        with self._db.reading() as session:
            return progress_io.export_document(session, profile_id, self._clock.now())

    def import_progress(self, profile_id: int, data: Any) -> ImportSummary:
        """Merge a progress file into this profile and recompute the derived state.

        ``data`` is the file's bytes or text, or the parsed JSON. Identical answers (same item,
        time and response) and completions already present are skipped. Raises
        ``ProgressImportError`` for a broken, foreign, too deep, out-of-range or newer file and
        ``StorageError`` when the write fails; nothing is changed then.
        """
        document = progress_io.parse(data)
        try:
            with self._writing(profile_id) as (session, replayer, key):
                summary = progress_io.merge(
                    session, profile_id, document, lambda pack, item: self._catalog.item_info(pack, item) is not None
                )
                persistence.rebuild(session, profile_id, replayer, key)
        except (OverflowError, RecursionError) as error:
            # Values that passed validation but not the arithmetic of the rules; rolled back.
            raise progress_io.out_of_range(str(error)) from error
        return summary

    def delete_learning_data(self, profile_id: int) -> None:
        """Delete every learning row of the profile (history and derived state); keep the profile."""
        with self._lock, self._db.transaction() as session:
            _lock_profile(session, profile_id)
            persistence.clear(session, profile_id, persistence.LEARNING_TABLES)

    def rebuild(self, profile_id: int) -> None:
        """Recompute the learner's derived state from the stored history."""
        with self._lock, self._db.transaction() as session:
            _lock_profile(session, profile_id)
            persistence.rebuild(session, profile_id, self._current_replayer(), self._derivation_key())

    # ----- internals --------------------------------------------------------------------------

    @contextmanager
    def _writing(self, profile_id: int) -> Iterator[tuple[Session, Replayer, str]]:
        with self._lock, self._db.transaction() as session:
            if not _lock_profile(session, profile_id):
                raise LookupError(f"profile {profile_id} does not exist")
            replayer, key = self._current_replayer(), self._derivation_key()
            self._ensure_current(session, profile_id, replayer, key)
            yield session, replayer, key

    @contextmanager
    def _reading(self, profile_id: int) -> Iterator[Session]:
        with self._lock, self._db.transaction() as session:
            self._ensure_current(session, profile_id, self._current_replayer(), self._derivation_key())
            yield session

    def _ensure_current(self, session: Session, profile_id: int, replayer: Replayer, key: str) -> None:
        """Rebuild derived rows computed under other rules, another time zone or other packs, or
        from another history than the stored one (a writer that did not update them)."""
        if self._is_stale(session, profile_id, key):
            # On PostgreSQL two workers may find the same stale rows: one rebuilds, then the
            # other sees them current. (On SQLite the transaction already holds the write lock.)
            _lock_profile(session, profile_id)
            session.expire_all()
            if self._is_stale(session, profile_id, key):
                persistence.rebuild(session, profile_id, replayer, key)

    @staticmethod
    def _is_stale(session: Session, profile_id: int, key: str) -> bool:
        stats = session.get(persistence.LearnerStats, profile_id)
        if stats is None:
            return persistence.has_history(session, profile_id)
        return stats.derivation_key != key or stats.history_stamp != persistence.history_stamp(session, profile_id)

    def _apply(
        self,
        session: Session,
        profile_id: int,
        replayer: Replayer,
        key: str,
        state: LearnerState,
        event: AnswerEvent | CompletionEvent | PracticeEvent,
    ) -> LearnerState:
        if isinstance(event, AnswerEvent):
            at = event.answered_at
        else:
            at = event.completed_at if isinstance(event, CompletionEvent) else event.earned_at
        if state.last_event_at is not None and at < state.last_event_at:
            # The clock went back: replaying in time order is the only way to stay consistent.
            session.flush()
            before = set(state.badges), set(state.unlocked)
            rebuilt = persistence.rebuild(session, profile_id, replayer, key)
            rebuilt.changed.badges = [b for b in rebuilt.badges if b not in before[0]]
            rebuilt.changed.features = [f for f in rebuilt.unlocked if f not in before[1]]
            return rebuilt
        if isinstance(event, AnswerEvent):
            replayer.apply_answer(state, event)
        elif isinstance(event, PracticeEvent):
            replayer.apply_practice(state, event)
        else:
            replayer.apply_completion(state, event)
        persistence.save_changes(session, profile_id, state, key)
        return state

    def _current_replayer(self) -> Replayer:
        fingerprint = self._catalog.fingerprint()
        if self._replayer is None or self._replayer_for != fingerprint:
            self._replayer = Replayer(self._catalog, self._zone)
            self._replayer_for = fingerprint
        return self._replayer

    def _derivation_key(self) -> str:
        text = f"{RULES_VERSION}|{zone_name(self._zone)}|{self._catalog.fingerprint()}"
        return hashlib.sha256(text.encode()).hexdigest()

    def _score(self, state: LearnerState) -> int:
        return mastery.knowledge_score(state.estimates(), self._catalog.taxonomy())

    def _mastery_list(self, state: LearnerState, language: str) -> list[SkillMastery]:
        taxonomy = self._catalog.taxonomy()
        others = sorted(skill for skill in state.skills if skill not in set(taxonomy))
        result = []
        for skill_id in (*taxonomy, *others):
            estimate = state.skills.get(skill_id)
            result.append(
                SkillMastery(
                    skill_id,
                    self._catalog.skill_name(skill_id, language),
                    state.mastery(skill_id),
                    estimate.answers if estimate else 0,
                )
            )
        return result

    def _badges(
        self, badge_ids: list[str], state: LearnerState, session: Session, profile_id: int, language: str | None
    ) -> list[Badge]:
        if not badge_ids:
            return []
        profile = session.get(Profile, profile_id)
        chosen = language or (profile.language if profile and profile.language else "en")
        return [badges.badge_view(badge_id, state.badges[badge_id], chosen, self._catalog) for badge_id in badge_ids]


def _lock_profile(session: Session, profile_id: int) -> bool:
    """Lock the learner's profile row until the transaction ends (PostgreSQL; SQLite's
    transaction already holds the database's write lock). False if there is no such profile."""
    row = session.exec(select(Profile.id).where(Profile.id == profile_id).with_for_update()).first()
    return row is not None


def _duration(seconds: float) -> float:
    """Seconds taken, kept finite and non-negative so that an export is always valid JSON."""
    value = float(seconds)
    return value if math.isfinite(value) and value > 0 else 0.0
