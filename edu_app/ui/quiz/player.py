"""The quiz player: one item at a time, "Check", immediate feedback, then the next item.

A :class:`QuizRun` (kept on the session, so a redraw or a language switch resumes where the
learner was) holds the items and what was answered. "Check" grades through
``LearningService.record_answer`` and updates only the player's own controls, so the feedback
shows within one round trip. Mistakes cost nothing: there are no hearts and no lock-outs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import flet as ft

from edu_app.store.errors import StorageError
from edu_app.ui import widgets
from edu_app.ui.context import Session
from edu_app.ui.quiz import WIDGETS
from edu_app.ui.quiz.base import RIGHT, WRONG, ItemContext, ItemView
from lessons import InvalidResponse, Item, Pack

FEEDBACK_KEY = "quiz-feedback"


@dataclass(frozen=True)
class QuizEntry:
    """One item to play: which pack and item, and the lesson it is answered in (None: review)."""

    pack_id: str
    item_id: str
    lesson_id: str | None


@dataclass
class QuizRun:
    """A quiz (a lesson's items) or a review session in progress."""

    kind: str  # "lesson" or "review"
    entries: list[QuizEntry]
    pack_id: str | None = None
    lesson_id: str | None = None
    index: int = 0
    responses: dict[int, Any] = field(default_factory=dict)
    outcomes: dict[int, Any] = field(default_factory=dict)  # index -> AnswerOutcome
    score_start: int | None = None
    shown_at: float = field(default_factory=time.monotonic)
    finished: bool = False
    lesson_outcome: Any = None  # LessonOutcome
    celebrated: bool = False

    @property
    def answered(self) -> int:
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        return sum(1 for outcome in self.outcomes.values() if outcome.grade.correct)

    @property
    def xp(self) -> int:
        extra = self.lesson_outcome.xp_gained if self.lesson_outcome is not None else 0
        return sum(outcome.xp_gained for outcome in self.outcomes.values()) + extra

    @property
    def score_now(self) -> int | None:
        if not self.outcomes:
            return self.score_start
        return self.outcomes[max(self.outcomes)].score_after

    def new_badges(self) -> list[Any]:
        badges = [b for outcome in self.outcomes.values() for b in outcome.new_badges]
        if self.lesson_outcome is not None:
            badges.extend(self.lesson_outcome.new_badges)
        unique: dict[str, Any] = {}
        for badge in badges:
            unique.setdefault(badge.id, badge)
        return list(unique.values())

    def newly_unlocked(self) -> list[str]:
        features = [f for outcome in self.outcomes.values() for f in outcome.newly_unlocked]
        if self.lesson_outcome is not None:
            features.extend(self.lesson_outcome.newly_unlocked)
        return list(dict.fromkeys(features))


def runs(session: Session) -> dict[str, QuizRun]:
    """The session's quiz runs by key."""
    return session.quiz_runs  # type: ignore[return-value]


def resolve(session: Session, entry: QuizEntry) -> tuple[Pack, Item] | None:
    """The entry's pack and item, or None when the pack or item is gone."""
    catalog = session.app.catalog
    pack = catalog.pack(entry.pack_id)
    item = catalog.item(entry.pack_id, entry.item_id) if pack else None
    return (pack, item) if pack is not None and item is not None else None


class QuizPlayer:
    """Plays ``run.entries[run.index]``; ``on_finish()`` is called after "See results"."""

    def __init__(
        self,
        session: Session,
        run: QuizRun,
        on_finish: Callable[[], None],
        scroller: ft.Column | None = None,
    ) -> None:
        self.session = session
        self.run = run
        self.on_finish = on_finish
        self.scroller = scroller
        self.check_button = ft.FilledButton(session.t("quiz.check"), icon=ft.Icons.CHECK, on_click=lambda _e: self.check())
        self.feedback = ft.Container(key=ft.ScrollKey(FEEDBACK_KEY))
        # "Check" / "Next question": the screen pins this row below its scrolling body.
        self.actions = ft.Row(wrap=True, spacing=8, run_spacing=8)
        self.view: ItemView | None = None
        self.control = ft.Column(spacing=16)
        self._build()

    # ----- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        t = self.session.t
        run = self.run
        total = len(run.entries)
        entry = run.entries[run.index]
        resolved = resolve(self.session, entry)
        header = [
            ft.Text(t("quiz.progress", current=run.index + 1, total=total), weight=ft.FontWeight.W_600),
            ft.ProgressBar(value=(run.index + (1 if run.index in run.outcomes else 0)) / total, border_radius=4,
                           semantics_label=t("quiz.progress", current=run.index + 1, total=total)),
        ]
        if resolved is None:
            # The pack was removed (or updated without this item) since the quiz began.
            self.control.controls = [*header, widgets.notice(t("quiz.item_gone"), ft.Icons.ERROR_OUTLINE)]
            self.actions.controls = [self._next_button()]
            return
        pack, item = resolved
        assert self.session.profile is not None
        ctx = ItemContext(
            pack=pack,
            item=item,
            language=self.session.language,
            t=t,
            seed=(self.session.profile.id, pack.id, item.id),
            on_change=self._changed,
            submit=self.check,
        )
        self.view = WIDGETS[item.type](ctx, run.responses.get(run.index))
        prompt = ft.Text(pack.text(item.prompt, self.session.language), size=18, weight=ft.FontWeight.W_600)
        self.control.controls = [*header, prompt, self.view.control, self.feedback]
        if run.index in run.outcomes:
            outcome = run.outcomes[run.index]
            self.view.lock(outcome.grade)
            self.feedback.content = self._feedback_panel(outcome)
            self.actions.controls = [self._next_button()]
        else:
            self.feedback.content = None
            self.check_button.disabled = self.view.response() is None
            self.actions.controls = [] if self.view.self_submitting else [self.check_button]
            run.shown_at = time.monotonic()

    def _next_button(self) -> ft.Control:
        t = self.session.t
        last = self.run.index + 1 >= len(self.run.entries)
        label = t("quiz.see_results") if last else t("quiz.next")
        return ft.FilledButton(label, icon=ft.Icons.ARROW_FORWARD, on_click=lambda _e: self.next())

    # ----- events -------------------------------------------------------------------------------

    def _changed(self) -> None:
        if self.view is None or self.view.locked:
            return
        # Keep the answer being given on the run, so a redraw (theme, language, resize) shows it.
        self.run.responses[self.run.index] = self.view.response()
        disabled = self.view.response() is None
        if self.check_button.disabled != disabled:
            self.check_button.disabled = disabled
            self.check_button.update()

    def check(self) -> None:
        """Grade the response, record it, show the feedback (one update of this player)."""
        run, view = self.run, self.view
        if view is None or view.locked or run.index in run.outcomes:
            return
        response = view.response()
        if response is None:
            return
        entry = run.entries[run.index]
        profile = self.session.profile
        assert profile is not None
        seconds = max(0.0, time.monotonic() - run.shown_at)
        try:
            outcome = self.session.app.learning.record_answer(
                profile.id, entry.pack_id, entry.lesson_id, entry.item_id, response, seconds,
                language=self.session.language,
            )
        except (InvalidResponse, LookupError):
            self.session.toast(self.session.t("quiz.invalid_response"))
            return
        except StorageError as error:
            # Not saved; the response stays on screen so the learner can press Check again.
            self.session.toast(self.session.t(error.message_key))
            return
        if run.score_start is None:
            run.score_start = outcome.score_before
        run.responses[run.index] = response
        run.outcomes[run.index] = outcome
        view.lock(outcome.grade)
        self.feedback.content = self._feedback_panel(outcome)
        self.actions.controls = [self._next_button()]
        self.control.update()
        self.actions.update()
        if self.scroller is not None:
            self.session.page.run_task(self._scroll_to_feedback)

    async def _scroll_to_feedback(self) -> None:
        try:
            await self.scroller.scroll_to(scroll_key=FEEDBACK_KEY, duration=250)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - scrolling is a nicety; the feedback is shown either way
            pass

    def next(self) -> None:
        run = self.run
        if run.index + 1 >= len(run.entries):
            self.on_finish()
            return
        run.index += 1
        self.session.rerender()

    # ----- feedback -----------------------------------------------------------------------------

    def _feedback_panel(self, outcome: Any) -> ft.Control:
        t = self.session.t
        grade = outcome.grade
        assert self.view is not None
        color = RIGHT if grade.correct else WRONG
        lines: list[ft.Control] = [
            ft.Row(
                [
                    ft.Icon(ft.Icons.CHECK_CIRCLE if grade.correct else ft.Icons.INFO, color=color, size=28),
                    ft.Text(
                        t("quiz.correct") if grade.correct else t("quiz.incorrect"),
                        size=20,
                        weight=ft.FontWeight.W_700,
                        color=color,
                    ),
                ]
            ),
            *self.view.details(grade),
        ]
        explanation = self.view.ctx.text(grade.explanation) if grade.explanation else ""
        if explanation:
            lines.append(ft.Text(t("quiz.why"), weight=ft.FontWeight.W_600))
            lines.append(ft.Text(explanation))
        gains = [t("quiz.xp_gained", xp=outcome.xp_gained)] if outcome.xp_gained else []
        if outcome.score_after != outcome.score_before:
            gains.append(t("quiz.score_change", before=outcome.score_before, after=outcome.score_after))
        if not grade.correct:
            gains.append(t("quiz.review_later"))
        if gains:
            lines.append(ft.Text(" · ".join(gains), theme_style=ft.TextThemeStyle.BODY_SMALL))
        return ft.Semantics(
            live_region=True,
            content=ft.Container(
                content=ft.Column(lines, spacing=10),
                padding=16,
                border_radius=16,
                bgcolor=ft.Colors.with_opacity(0.08, color),
                border=ft.Border.all(1, color),
            ),
        )
