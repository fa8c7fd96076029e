"""State shared by every screen: the process-wide services and one learner's session."""

from __future__ import annotations

import gc
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import flet as ft

from edu_app.i18n import Translator, language_from_locale
from edu_app.services import host_key as host_keys
from edu_app.services.access import Opened, ProfileAccess, usable_secrets
from edu_app.services.profiles import ProfileService, ProfileView
from edu_app.store import OpenResult

if TYPE_CHECKING:
    from edu_app.learning import Clock, LearningService, PackCatalog
    from edu_app.risk.service import RiskService
    from edu_app.ui.preview import PackPreview

# A push the browser never confirms (it was already there) stops holding back newer ones after this.
_PUSH_TIMEOUT_S = 2.0
# Keys under which the device (or browser) remembers things. The last profile's id opens nothing
# by itself: the browser must also hold that profile's secret (see edu_app.services.access).
CURRENT_PROFILE_KEY = "invest_quest.current_profile"
# A JSON list of the secrets of the profiles this browser created or was allowed to open.
PROFILE_SECRETS_KEY = "invest_quest.profile_secrets"
# The host key, once this browser opened the host link (see edu_app.services.host_key).
HOST_KEY_KEY = "invest_quest.host_key"


@dataclass
class AppContext:
    """Process-wide: the open database and services, shared by all sessions (browser tabs)."""

    data_dir: Path
    opened: OpenResult
    profiles: ProfileService
    catalog: PackCatalog
    learning: LearningService
    clock: Clock
    access: ProfileAccess
    # What a browser presents to be the host in web mode (the desktop window always is).
    host_key: str
    # Set by ``edu-app pack preview``: the pack being written, and the sessions to redraw.
    preview: PackPreview | None = None
    live_sessions: set[Session] = field(default_factory=set)
    # Packs the studio opened in the reader to try them (edu_app.pack_trials.PackTrials).
    trials: Any = None
    # Questionnaire results, suitability warnings and the reality check (edu_app.risk).
    risk: RiskService | None = None
    # The paper-trading service (edu_app.trading.TradingService), built in ``open``.
    trading: Any = None
    # Events (edu_app.events.service.EventService), built in ``open``; ``event_code`` and
    # ``event_urls`` are set by ``edu-app event serve`` (the event it runs, the attendee URLs).
    events: Any = None
    # The trading challenge's leaderboard (edu_app.events.challenge.ChallengeBoard), built in ``open``.
    event_board: Any = None
    event_code: str | None = None
    event_urls: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, data_dir: Path, preview: PackPreview | None = None) -> AppContext:
        """Open (or recover) the database in ``data_dir`` and build the services."""
        from edu_app.learning import LearningService, PackCatalog, clock_from_env
        from edu_app.learning.catalog import library_packs
        from edu_app.risk.service import RiskService
        from edu_app.store import open_database

        from edu_app.pack_trials import PackTrials

        opened = open_database(data_dir)
        trials = PackTrials()
        catalog = PackCatalog(
            loader=lambda: trials.packs_with(preview.packs_with(library_packs()) if preview else library_packs())
        )
        clock = clock_from_env()
        learning = LearningService(opened.database, catalog, clock)
        app = cls(
            data_dir=data_dir,
            opened=opened,
            profiles=ProfileService(opened.database),
            catalog=catalog,
            learning=learning,
            clock=clock,
            access=ProfileAccess(opened.database),
            host_key=host_keys.load_or_create(data_dir),
            preview=preview,
            trials=trials,
            risk=RiskService(opened.database, clock, learning=learning, catalog=catalog),
        )
        if preview is not None:
            preview.on_change(app.preview_changed)
        from edu_app.events.service import EventService
        from edu_app.trading.wiring import trading_service

        app.events = EventService(opened.database, catalog, app.access)
        app.trading = trading_service(opened.database, catalog, app.learning, clock, granted=app.events.granted_features)
        from edu_app.events.challenge import ChallengeBoard

        app.event_board = ChallengeBoard(opened.database, app.trading)
        # Me's reality check reads the stored trading sessions through the trading service.
        assert app.risk is not None
        app.risk.session_source = app.trading.saved_states
        return app

    def warm_up(self) -> None:
        """Load the packs in the background so the first learner does not wait for them."""

        def load() -> None:
            self.catalog.packs()
            # Loaded once for the app's whole life: no garbage collection needs to walk it again.
            gc.freeze()

        threading.Thread(target=load, name="pack-catalog-warm-up", daemon=True).start()

    def preview_changed(self) -> None:
        """The previewed pack's files changed: reload it and redraw every open screen."""
        self.catalog.reload()
        for session in list(self.live_sessions):
            session.redraw_from_thread()

    def today(self) -> date:
        """The learner's calendar date now (the service's clock, in the local time zone)."""
        from edu_app.learning.clock import local_day, zone_of

        return local_day(self.clock.now(), zone_of(self.clock))

    def packs_changed(self) -> None:
        """A pack was installed or removed: later screens must see the new library."""
        self.catalog.reload()


class Session:
    """One learner's connection to the app: current profile, language and navigation."""

    def __init__(self, page: ft.Page, app: AppContext, device_language: str) -> None:
        self.page = page
        self.app = app
        self.device_language = device_language
        self.profile: ProfileView | None = None
        # The host lists and switches every profile and manages packs; a visitor only its own.
        self.is_host = False
        # Secrets this browser holds, one per profile it may open (only valid ones are kept).
        self.secrets: list[str] = []
        # The URL without the host key once the host link was opened (shown instead of it).
        self.route_without_host_key: str | None = None
        self.t = Translator(device_language)
        self.rerender: Callable[[], None] = lambda: None
        # Redraw from another thread (the pack-preview watcher); set when preview mode is on.
        self.redraw_from_thread: Callable[[], None] = lambda: None
        self.recovery_acknowledged = False
        # Quizzes and review sessions in progress (edu_app.ui.quiz.player.QuizRun), by key, so a
        # redraw (language switch, window resize) resumes them where the learner was.
        self.quiz_runs: dict[str, Any] = {}
        # Other input in progress (drill marks, a nickname being typed, an import's message), by
        # key, for the same reason: a redraw rebuilds every control from this state.
        self.drafts: dict[str, Any] = {}
        # Navigation in flight (see ``go``): the last route asked for, the one being pushed.
        self.requested_route: str | None = None
        self._pushing: str | None = None
        self._pushed_at = 0.0

    @property
    def language(self) -> str:
        """The language the UI is shown in."""
        return self.t.language

    def go(self, route: str) -> None:
        """Navigate to ``route`` (recorded in browser history in web mode); the last call wins.

        ``page.route`` changes only when the browser confirms a push, a round trip later, and a
        push that arrives before the browser settled the previous one can be lost (Simulate then
        Home ended on Simulate). So one push is on its way at a time; a newer wish waits for it
        and is pushed when it arrives (see ``route_arrived``).
        """
        self.requested_route = route
        if self._pushing is not None and time.monotonic() - self._pushed_at < _PUSH_TIMEOUT_S:
            return
        if route == self.page.route:
            self.requested_route = None
            self.rerender()
            return
        self._push(route)

    def route_arrived(self, route: str) -> bool:
        """The browser reports ``route`` as current. Returns False when a newer wish was pushed
        instead, so the caller need not draw a screen that is about to be left."""
        self._pushing = None
        wanted, self.requested_route = self.requested_route, None
        if wanted is not None and wanted != route:
            self.requested_route = wanted
            self._push(wanted)
            return False
        return True

    def _push(self, route: str) -> None:
        self._pushing, self._pushed_at = route, time.monotonic()
        self.page.run_task(self.page.push_route, route)

    def use_profile(self, profile: ProfileView | None) -> None:
        """Make ``profile`` current (None signs out) and remember it on this device."""
        self.profile = profile
        self.t = Translator(profile.language if profile and profile.language else self.device_language)
        from edu_app.ui import theme

        theme.apply(self.page, profile.theme if profile else "system")
        prefs = ft.SharedPreferences()
        if profile is None:
            self.page.run_task(prefs.remove, CURRENT_PROFILE_KEY)
        else:
            self.page.run_task(prefs.set, CURRENT_PROFILE_KEY, str(profile.id))

    def open(self, opened: Opened) -> None:
        """Make an opened profile current and keep its secret in this browser."""
        if opened.secret not in self.secrets:
            self.secrets = usable_secrets([opened.secret, *self.secrets])
            self.page.run_task(ft.SharedPreferences().set, PROFILE_SECRETS_KEY, json.dumps(self.secrets))
        self.use_profile(opened.profile)

    def drop_secret_of(self, profile_id: int) -> None:
        """Stop holding the secret of a profile that was deleted."""
        held = self.app.access.held(self.secrets)
        self.secrets = [s for s in self.secrets if s != held.get(profile_id)]
        self.page.run_task(ft.SharedPreferences().set, PROFILE_SECRETS_KEY, json.dumps(self.secrets))

    def set_language(self, language: str) -> None:
        """Switch the UI language (remembered on the current profile) and redraw."""
        if self.profile is not None:
            self.profile = self.app.profiles.set_language(self.profile.id, language)
        else:
            self.device_language = language
        self.t = Translator(language)
        self.rerender()

    def set_theme(self, theme_name: str) -> None:
        """Switch light/dark/system theme (remembered on the current profile)."""
        from edu_app.ui import theme

        if self.profile is not None:
            self.profile = self.app.profiles.set_theme(self.profile.id, theme_name)
        theme.apply(self.page, theme_name)
        self.rerender()

    def toast(self, message: str) -> None:
        """Show a short message at the bottom of the screen."""
        self.page.show_dialog(ft.SnackBar(ft.Text(message)))


async def restore_session(page: ft.Page, app: AppContext) -> Session:
    """Build the session for a new connection: device language and the remembered profile."""
    device_language = "en"
    try:
        info = await page.get_device_info()
        locales = getattr(info, "locales", None) or []
        if locales:
            first = locales[0]
            device_language = language_from_locale(
                f"{getattr(first, 'language_code', '')}-{getattr(first, 'country_code', '') or ''}"
            )
    except Exception:  # noqa: BLE001 - the device may not report a locale; English is fine
        pass
    session = Session(page, app, device_language)
    prefs = ft.SharedPreferences()
    session.is_host = await _recognise_host(session, prefs)
    stored_secrets = await _stored(prefs, PROFILE_SECRETS_KEY)
    try:
        parsed = json.loads(stored_secrets) if isinstance(stored_secrets, str) else []
    except ValueError:
        parsed = []
    held = app.access.held(parsed if isinstance(parsed, list) else [])
    # Secrets of deleted profiles (or made-up ones) are dropped.
    session.secrets = list(held.values())
    remembered = await _stored(prefs, CURRENT_PROFILE_KEY)
    opened = None
    if isinstance(remembered, str) and remembered.isdigit() and len(remembered) < 19:
        opened = app.access.restore(int(remembered), session.secrets, session.is_host)
    if opened is not None:
        session.open(opened)
    elif remembered:
        # An id without the profile's secret means nothing; forget it (browsers from before
        # profile secrets existed land on the welcome screen).
        page.run_task(prefs.remove, CURRENT_PROFILE_KEY)
    return session


async def _stored(prefs: ft.SharedPreferences, key: str) -> object:
    try:
        return await prefs.get(key)
    except Exception:  # noqa: BLE001 - no stored preference is the same as a first visit
        return None


async def _recognise_host(session: Session, prefs: ft.SharedPreferences) -> bool:
    """Whether this connection is the host: the desktop or phone app (no server between the
    person and the data), or a browser that presents the host key now (host link) or did before."""
    page = session.page
    if not page.web or sys.platform == "emscripten":
        # emscripten: a static web build runs entirely inside the one browser that uses it.
        return True
    clean_route, presented = host_keys.split_host_param(page.route)
    if presented is not None:
        session.route_without_host_key = clean_route
        if host_keys.is_host_key(session.app.host_key, presented):
            page.run_task(prefs.set, HOST_KEY_KEY, presented)
            return True
    stored = await _stored(prefs, HOST_KEY_KEY)
    if host_keys.is_host_key(session.app.host_key, stored):
        return True
    if stored:
        # The host key was replaced on the server; this browser is a visitor now.
        page.run_task(prefs.remove, HOST_KEY_KEY)
    return False
