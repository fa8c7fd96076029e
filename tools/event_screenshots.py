"""Screenshots of every event screen at phone and desktop size, light and dark, in both
languages, into test-artifacts/screenshots/<size>-<language>-<scheme>-event-<screen>.png.

Run: .venv/bin/python tools/event_screenshots.py [SCREEN ...]   (door hub test summary organiser projector)
An event is started with ``edu-app event serve`` on a scratch data dir and filled through the
event service (attendees, answers, a closed live round); browsers then visit each screen.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from edu_app.events.service import EventService, Organiser  # noqa: E402
from edu_app.learning import PackCatalog  # noqa: E402
from edu_app.services.access import ProfileAccess  # noqa: E402
from edu_app.store import open_database  # noqa: E402
from tests.browser.event_pack import write_pack  # noqa: E402
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, UI, free_port  # noqa: E402
from tests.browser.test_event import EventServer  # noqa: E402

SIZES = {"phone": PHONE, "desktop": DESKTOP}


def _answer(item, right: bool) -> str:  # type: ignore[no-untyped-def]
    return next(o.id for o in item.options if o.correct == right)


def main() -> None:
    import os
    import subprocess

    scratch = Path(tempfile.mkdtemp(prefix="event-shots-"))
    data = scratch / "data"
    pack = write_pack(scratch / "packs")
    subprocess.run([sys.executable, "-m", "edu_app", "pack", "install", str(pack)], check=True, capture_output=True,
                   env={**os.environ, "EDU_APP_DATA_DIR": str(data)})
    # The event service below must read the same data dir (and its installed packs) as the server.
    os.environ["EDU_APP_DATA_DIR"] = str(data)
    server = EventServer(data_dir=data, port=free_port()).start()
    try:
        token = server.organiser_link.split("organiser=")[1]
        db = open_database(data).database
        events = EventService(db, PackCatalog(), ProfileAccess(db))
        who = Organiser(token=token)
        code = server.code
        events.set_joining(code, who, True)
        form = events.get(code).forms
        attendees = {}
        for n, language in enumerate(("en", "zh-CN", "en", "zh-CN", "en", "en")):
            opened = events.join(code, server.pin, f"client-{n}", language)
            attendees.setdefault(language, opened)
            for phase in ("pre", "post") if n else ("pre",):
                for ref in getattr(form, phase):
                    events.answer_test(code, opened.profile.id, phase, ref, _answer(events.item(ref), n % 2 == 0), 4.0)
        state = events.advance_live(code, who)
        for n, opened in enumerate(attendees.values()):
            events.answer_live(code, opened.profile.id, 1, _answer(events.item(state.item), n == 0))
        events.advance_live(code, who)
        events.set_challenge(code, who, True)
        from edu_app.learning import LearningService, clock_from_env
        from edu_app.trading.wiring import trading_service

        clock = clock_from_env()
        catalog = PackCatalog()
        trading = trading_service(db, catalog, LearningService(db, catalog, clock), clock, granted=events.granted_features)
        for n, opened in enumerate(attendees.values()):
            session_id = trading.start_scenario(opened.profile.id, events.get(code).config.scenario_id)
            if n == 0:
                trading.place_order(opened.profile.id, session_id, "buy", 5)
            trading.advance(opened.profile.id, session_id, 30)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for language in ("en", "zh-CN"):
                opened = attendees[language]
                pages = {
                    "door": (None, f"/event/{code}"),
                    "hub": (opened, f"/event/{code}"),
                    "test": (opened, f"/event/{code}/test/post"),
                    "summary": (attendees["zh-CN" if language == "en" else "en"], f"/event/{code}/summary"),
                    "organiser": ("organiser", server.organiser_link.replace(server.url, "")),
                    "projector": ("organiser", f"/event/{code}/screen?organiser={token}"),
                }
                only = set(sys.argv[1:])
                for screen, (who_opens, path) in pages.items():
                    if only and screen not in only:
                        continue
                    context = browser.new_context(viewport=PHONE, locale=language)
                    ui = UI(context.new_page(), server)
                    if who_opens not in (None, "organiser"):
                        ui.page.goto(server.url + "/")
                        ui.page.wait_for_selector("flt-semantics-placeholder", state="attached")
                        ui.set_storage("invest_quest.profile_secrets", json.dumps(json.dumps([who_opens.secret])))
                        ui.set_storage("invest_quest.current_profile", json.dumps(str(who_opens.profile.id)))
                    ui.open(path)
                    ui.page.wait_for_timeout(3000)
                    for size, viewport in SIZES.items():
                        ui.page.set_viewport_size(viewport)
                        for scheme in ("light", "dark"):
                            ui.page.emulate_media(color_scheme=scheme)
                            # Let the theme's colour animation finish.
                            ui.page.wait_for_timeout(1200)
                            print(ui.shot(f"{size}-{language}-{scheme}-event-{screen}"))
                        if screen == "organiser":
                            # The set-up is below the controls: shoot it too.
                            ui.page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
                            ui.page.mouse.wheel(0, 2600)
                            ui.page.wait_for_timeout(800)
                            print(ui.shot(f"{size}-{language}-dark-event-organiser-setup"))
                            ui.page.mouse.wheel(0, -2600)
                    context.close()
            browser.close()
        db.close()
    finally:
        output = server.stop()
        if "Traceback" in output:
            print(output)


if __name__ == "__main__":
    main()
