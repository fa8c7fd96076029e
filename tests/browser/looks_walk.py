"""Every screen as a learner sees it, at phone and desktop size, in light and dark, in both
languages (one test file per language; see ``LOOKS`` for which looks each walk shoots): text must be readable (WCAG AA contrast measured in the screenshot) and the primary
action of a phone screen must sit fully above the navigation bar.

One server serves the whole module; each language walks every screen in one page, navigating
inside the app (no reloads) and switching colour scheme and size in place, so the matrix stays
quick. Screenshots go
to test-artifacts/screenshots/<size>-<language>-<scheme>-<screen>.png.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from edu_app.i18n import Translator
from tests.browser.harness import DESKTOP, PHONE, SCREENSHOTS, TIMEOUT_MS, UI, AppServer, free_port
from tests.browser.looks import AA_BODY, box_of, nav_bar_top, navigate, text_contrasts

DAY_1 = "2026-11-23T09:00:00+08:00"
DAY_2 = "2026-11-24T09:00:00+08:00"
PACK = "anti-fraud-essentials"
LESSON = f"/learn/{PACK}/guaranteed-returns"
NICKNAMES = {"en": "Ann", "zh-CN": "小明"}
# An installed pack with its own Chinese title: the Chinese UI must show that title.
INSTALLED_TITLES = {"en": "My savings pack", "zh-CN": "我的储蓄课程包"}
PINNED_GAP = 8
# Per language: a trading session in progress and a finished one (for its report card).
SESSIONS: dict[str, tuple[int, int]] = {}


@dataclass(frozen=True)
class Screen:
    """One screen of the walk: where it is, a text only it shows, and its primary action."""

    name: str
    path: str
    marker: str
    primary: str | re.Pattern[str] | None = None
    # Buttons pinned below a scrolling body (phone, desktop): the visible text ends above them.
    pinned: tuple[str, str] | None = None


def _screens(t: Translator, language: str) -> list[Screen]:
    playing, finished = SESSIONS[language]
    return [
        # The seeded learner has a review due: that is Home's first action.
        Screen("home", "/", t("home.next_title"), re.compile("^" + re.escape(t("learn.review_due", count=99).split("99")[0]))),
        Screen("learn", "/learn", t("drill.open")),
        Screen("pack", f"/learn/{PACK}", t("learn.back_to_learn")),
        Screen("reader", LESSON, t("reader.card_of", current=1, total=5), t("reader.next")),
        Screen("reader-last", f"{LESSON}?card=5", t("reader.card_of", current=5, total=5), t("reader.start_quiz")),
        Screen("quiz", f"{LESSON}/quiz", t("quiz.progress", current=1, total=7), t("quiz.check")),
        Screen("drill", "/learn/drill/sms/42", t("drill.title"), t("quiz.check")),
        Screen("review", "/learn/review", t("review.title"), t("quiz.check")),
        Screen("library", "/learn/library", t("library.intro")),
        Screen("skills", "/learn/skills", t("skills.intro")),
        Screen("simulate", "/simulate", t("simulate.title")),
        Screen("practice", "/simulate/practice", t("practice.hint")),
        Screen("trade", f"/simulate/session/{playing}", t("trade.next_day"), t("trade.buy"),
               pinned=(t("trade.buy"), t("trade.next_day"))),
        Screen("report", f"/simulate/session/{finished}/report", t("report.title")),
        Screen("risk", "/me/risk", t("risk.title")),
        Screen("me", "/me", t("me.profiles")),
        Screen("not-found", "/no/such/page", t("not_found.title"), t("not_found.home")),
    ]


@pytest.fixture(scope="module")
def looks_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """One learner per language who passed a lesson yesterday with one wrong answer (so today
    has a review, the mastery chart has bars, the simulator is unlocked), played a trading
    session and finished another; and an installed pack with a Chinese title."""
    data_dir = tmp_path_factory.mktemp("looks") / "data"
    data_dir.mkdir()
    _seed(data_dir)
    _install_pack(data_dir, tmp_path_factory.mktemp("pack"))
    app = AppServer(data_dir=data_dir, port=free_port(), env={"EDU_APP_NOW": DAY_2}).start()
    yield app
    output = app.stop(log_name=f"looks-{data_dir.parent.name}")
    assert "Traceback" not in output, output


def _seed(data_dir: Path) -> None:
    from edu_app.learning import FixedClock, LearningService, PackCatalog
    from edu_app.services.profiles import ProfileService
    from edu_app.store import open_database
    from edu_app.trading.wiring import trading_service
    from tests.learning.conftest import answer_lesson

    opened = open_database(data_dir)
    try:
        catalog, clock = PackCatalog(), FixedClock(datetime.fromisoformat(DAY_1))
        service = LearningService(opened.database, catalog, clock)
        trading = trading_service(opened.database, catalog, service, clock)
        for language, nickname in NICKNAMES.items():
            profile = ProfileService(opened.database).create(nickname, language=language)
            answer_lesson(service, catalog, profile.id, PACK, "guaranteed-returns", wrong_ids={"gr-7"})
            playing = trading.start_scenario(profile.id, "selloff-2018")
            trading.place_order(profile.id, playing, "buy", 20)
            trading.advance(profile.id, playing, 30)
            finished = trading.start_scenario(profile.id, "selloff-2018")
            trading.place_order(profile.id, finished, "buy", 20)
            trading.advance(profile.id, finished, 60)
            trading.finish(profile.id, finished)
            SESSIONS[language] = (playing, finished)
    finally:
        opened.database.close()


def _install_pack(data_dir: Path, work: Path) -> None:
    env = {"EDU_APP_DATA_DIR": str(data_dir)}
    run = lambda *args: subprocess.run(  # noqa: E731 - a local shorthand
        [sys.executable, "-m", "edu_app", *args], check=True, capture_output=True, env={**_environ(), **env}
    )
    run("pack", "new", str(work / "savings"))
    manifest = work / "savings" / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    text = re.sub(r'title:\n  en: "[^"]*"\n  zh-CN: "[^"]*"',
                  f'title:\n  en: "{INSTALLED_TITLES["en"]}"\n  zh-CN: "{INSTALLED_TITLES["zh-CN"]}"', text, count=1)
    manifest.write_text(text, encoding="utf-8")
    run("pack", "build", str(work / "savings"), "-o", str(work / "savings.zip"))
    run("pack", "install", str(work / "savings.zip"))


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


def _settled_shot(page: Page, path: Path) -> Path:
    """A screenshot of a finished frame: Flutter may paint a moment after its accessibility tree
    changes, so shoot until two pictures agree (a blinking text cursor may never agree)."""
    page.mouse.move(1, 1)
    previous = None
    for _ in range(5):
        page.wait_for_timeout(250)
        page.screenshot(path=str(path))
        with Image.open(path) as image:
            current = np.asarray(image.convert("L"))
        if previous is not None and np.array_equal(current, previous) and current.min() != current.max():
            break
        previous = current
    return path


def _unreadable(page: Page, shot: Path, visible_bottom: float) -> list[str]:
    """Texts below AA contrast in ``shot``. A first quick picture may catch a frame that lags
    behind the accessibility tree, so a failure is confirmed on a settled picture."""
    page.mouse.move(1, 1)
    page.wait_for_timeout(300)
    page.screenshot(path=str(shot))
    for attempt in range(2):
        contrasts = text_contrasts(page, shot, visible_bottom)
        assert len(contrasts) >= 2, f"{shot.name}: almost no text found to check"
        failing = [f"{c.text[:40]!r} {c.ratio}:1" for c in contrasts if c.ratio < AA_BODY]
        if not failing or attempt == 1:
            return failing
        page.wait_for_timeout(800)
        _settled_shot(page, shot)
    return failing


# A screen is shot in two of the four looks (phone or desktop size, light or dark), switched in
# place: the colour scheme as a phone's system setting does, the size as a turned tablet or a
# resized window does (both redraw the app). Each language sees every screen at both sizes (the
# phone checks need the language's own label lengths), and the schemes alternate from screen to
# screen and between the languages: across the two walks every screen is seen in all four looks,
# at half the time of shooting all four in both.
LOOKS = ((("phone", "light"), ("desktop", "dark")), (("phone", "dark"), ("desktop", "light")))


def looks_for(screen_number: int, language: str) -> tuple[tuple[str, str], ...]:
    """The two looks of the ``screen_number``-th screen of the walk in ``language``."""
    return LOOKS[(screen_number + (language != "en")) % 2]


def walk(browser: Browser, server: AppServer, language: str) -> list[str]:
    """Visit every screen in its looks (``looks_for``) in one page; return every problem found."""
    t = Translator(language)
    context = browser.new_context(viewport=PHONE, locale=language if language != "en" else "en-US",
                                  color_scheme="light")
    ui = UI(context.new_page(), server, host=True).open("/")
    problems: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screens_seen = 0

    def look(name: str, marker: str, primary: str | re.Pattern[str] | None,
             pinned: tuple[str, str] | None = None) -> None:
        nonlocal screens_seen
        screens_seen += 1
        for size_name, scheme in looks_for(screens_seen, language):
            size = PHONE if size_name == "phone" else DESKTOP
            if ui.page.viewport_size != size:
                ui.page.set_viewport_size(size)
                if name != "welcome":
                    # The app lays out again for the new size a moment later: wait for the phone's
                    # bottom bar or the desktop's rail, so the picture is not of the old layout.
                    nav = ui.page.get_by_role("tablist")
                    nav.first.wait_for(state="attached" if size_name == "phone" else "detached", timeout=TIMEOUT_MS)
            ui.page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
            ui.see(marker)
            shot = SCREENSHOTS / f"{size_name}-{language}-{scheme}-{name}.png"
            on_phone = size_name == "phone" and name != "welcome"
            limit = nav_bar_top(ui.page) if on_phone else size["height"]
            text_limit = limit
            if pinned is not None:
                # The body's scroll view ends a small gap above the pinned buttons.
                text_limit = min(limit, box_of(ui.page, "button", pinned[size_name != "phone"]).y - PINNED_GAP)
            problems.extend(f"{shot.name}: unreadable {text}" for text in _unreadable(ui.page, shot, text_limit))
            if primary is not None and size_name == "phone":
                box = box_of(ui.page, "button", primary)
                if box.y < 0 or box.bottom > limit:
                    problems.append(f"{shot.name}: {primary!r} at y={box.y:.0f}-{box.bottom:.0f}, "
                                    f"visible area ends at {limit:.0f}")

    look("welcome", t("welcome.start"), t("welcome.start"))
    ui.page.set_viewport_size(PHONE)
    ui.click(NICKNAMES[language])
    ui.see(t("home.next_title"))
    for screen in _screens(t, language):
        navigate(ui.page, screen.path)
        ui.see(screen.marker)
        look(screen.name, screen.marker, screen.primary, screen.pinned)
        if screen.name == "quiz":
            ui.page.set_viewport_size(PHONE)
            ui.click(t("quiz.true"))
            ui.click(t("quiz.check"))
            look("quiz-feedback", t("quiz.correct"), t("quiz.next"))
        if screen.name in ("learn", "library"):
            ui.see(INSTALLED_TITLES[language])
    context.close()
    return problems
