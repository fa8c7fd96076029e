"""The studio's working state: the open pack, its last validation, and the fields on screen.

Kept in ``session.drafts`` so a redraw (language, theme, window size) rebuilds the screen from
it. Typing changes the draft at once; validation runs a moment after the last key, and its
errors are written into the fields on screen without rebuilding them, so focus stays put.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import flet as ft

from edu_app.ui.context import Session
from lessons.error_fields import Loc, locate
from lessons.errors import PackError
from lessons.loader import LoadResult
from lessons.messages import translate
from lessons.writer import PackDraft

DRAFT_KEY = "studio"
# Seconds of quiet after the last change before the pack is validated again.
DEBOUNCE_S = 0.4


@dataclass
class _Spot:
    """A place on screen that shows errors: a form field (its ``error``) or a text line."""

    path: str
    loc: Loc
    control: ft.Control


@dataclass
class StudioState:
    """One host's studio: which pack folder is open and what the screen shows of it."""

    folder: Path | None = None
    draft: PackDraft | None = None
    result: LoadResult | None = None
    # What the last action did: message keys with their parameters.
    message: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    # Lesson editor on a phone: "write" or "preview".
    lesson_tab: str = "write"
    item_index: int = 0
    spots: list[_Spot] = field(default_factory=list)
    # Counts redraws; part of every field's key (see ``studio_fields.Form.key``).
    drawing: int = 0
    general: ft.Column | None = None
    status: ft.Text | None = None
    _generation: int = 0

    def open(self, folder: Path, draft: PackDraft) -> None:
        """Work on ``draft``, read from (or to be saved in) ``folder``."""
        self.folder, self.draft = folder, draft
        self.item_index = 0
        self.validate()

    def say(self, key: str, *, replace: bool = True, **params: object) -> None:
        """Report what an action did (shown above the page until the next action)."""
        if replace:
            self.message = []
        self.message.append((key, params))

    def validate(self) -> LoadResult | None:
        """Validate the draft now."""
        if self.draft is None:
            return None
        self.result = self.draft.validate(self.folder)
        return self.result

    def begin_screen(self) -> None:
        """Forget the spots of the previous screen (a new one is being built)."""
        self.spots = []
        self.drawing += 1
        self.general = ft.Column(spacing=4)
        self.status = ft.Text()

    def spot(self, path: str, loc: Loc, control: ft.Control) -> ft.Control:
        """Show errors located at ``path``/``loc`` (or inside it) on ``control``; returns it."""
        self.spots.append(_Spot(path, tuple(loc), control))
        return control

    def changed(self, session: Session) -> None:
        """The draft was edited: validate once typing pauses, then show the errors."""
        self._generation += 1
        generation = self._generation

        async def later() -> None:
            await asyncio.sleep(DEBOUNCE_S)
            if generation == self._generation:
                self.validate()
                self.show_errors(session)
                session.page.update()

        session.page.run_task(later)

    def errors_by_spot(self) -> tuple[dict[int, list[PackError]], list[PackError]]:
        """Errors per spot index, and those no spot on screen shows."""
        placed: dict[int, list[PackError]] = {}
        loose: list[PackError] = []
        if self.result is None or self.draft is None:
            return placed, loose
        for error, path, loc in locate(self.draft.files(), self.result.errors):
            best = None
            for index, spot in enumerate(self.spots):
                if spot.path != path or loc is None or spot.loc != loc[: len(spot.loc)]:
                    continue
                if best is None or len(spot.loc) > len(self.spots[best].loc):
                    best = index
            if best is None:
                loose.append(error)
            else:
                placed.setdefault(best, []).append(error)
        return placed, loose

    def show_errors(self, session: Session) -> None:
        """Write the current errors into the spots, the loose ones into the general list."""
        t = session.t
        placed, loose = self.errors_by_spot()
        for index, spot in enumerate(self.spots):
            messages = [_at_field(session, error) for error in placed.get(index, [])]
            text = "\n".join(dict.fromkeys(messages)) or None
            control = spot.control
            if isinstance(control, ft.Text):
                control.value = text or ""
            elif hasattr(control, "error"):
                control.error = text  # type: ignore[attr-defined]
        if self.general is not None:
            self.general.controls = [
                ft.Text(f"{error.path}:{error.line}: {translate(error.message, session.language)}", size=13)
                for error in loose[:50]
            ]
        if self.status is not None and self.result is not None:
            count = len(self.result.errors)
            report = self.result.translations
            self.status.value = (
                t("studio.status_errors", count=count)
                if count
                else t("studio.status_valid", missing=len(report.missing), stale=len(report.stale))
            )
            self.status.color = ft.Colors.ERROR if count else None


def _at_field(session: Session, error: PackError) -> str:
    """An error's message as shown at its field: without the field path it starts with."""
    if error.code == "empty-card":
        return session.t("studio.no_cards")
    message = translate(error.message, session.language)
    head, separator, rest = message.partition(": ")
    if separator and " " not in head and ("." in head or "[" in head or head.isidentifier()):
        return rest
    return message


def state_of(session: Session) -> StudioState:
    """This session's studio state (created on first use)."""
    state = session.drafts.get(DRAFT_KEY)
    if not isinstance(state, StudioState):
        state = StudioState()
        session.drafts[DRAFT_KEY] = state
    return state


def studio_home(session: Session) -> Path:
    """Where new packs go by default: ``<data dir>/studio/``."""
    return session.app.data_dir / "studio"


def language_name(language: str) -> str:
    """A language's own name, for labels (the code for languages the app has no name for)."""
    return {"en": "English", "zh-CN": "中文"}.get(language, language)

