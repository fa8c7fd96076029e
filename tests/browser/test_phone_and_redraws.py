"""What a learner on a phone depends on: quick taps on the bottom bar land where the last one
pointed, redraws (theme, language) keep what was being entered, routes keep their tab, emoji in
nicknames render as colour pictures, and small copy and colour rules hold."""

from __future__ import annotations

import random
import re

import numpy as np
from PIL import Image
from playwright.sync_api import Browser, expect

from edu_app.i18n import Translator
from tests.browser.harness import DESKTOP, PHONE, SCREENSHOTS, UI, AppServer, new_ui
from tests.browser.looks import box_of, navigate

EN = Translator("en")
ZH = Translator("zh-CN")
TABS = {"Home": EN("home.next_title"), "Learn": EN("drill.open"), "Simulate": EN("simulate.title"), "Me": EN("me.profiles")}
# What the nickname rules accept beyond plain emoji: a ZWJ sequence, a family, a flag, a skin tone,
# a keycap, and an emoji that used to render blank.
EMOJI = ["👩‍💻", "👨‍👩‍👧‍👦", "🇨🇳", "👍🏽", "#️⃣", "🧧", "🚀"]


def _start(ui: UI, nickname: str) -> None:
    ui.see("Start")
    ui.type_into("Nickname", nickname)
    ui.click("Start")
    ui.see(EN("home.next_title"))


def _selected_tab(ui: UI) -> str:
    return ui.page.locator("flt-semantics[role=tab][aria-selected=true]").first.get_attribute("aria-label") or ""


def test_rapid_taps_on_the_bottom_bar_end_on_the_last_tab_tapped(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, PHONE).open("/")
    _start(ui, "Quick")
    centres = {}
    for name in TABS:
        box = box_of(ui.page, "tab", name)
        centres[name] = (box.x + box.width / 2, box.y + box.height / 2)
    seed = random.randrange(10**6)
    chooser = random.Random(seed)
    # The reported case first (Simulate then Home), then random taps, each 300-550 ms apart: well
    # inside the time a screen takes to arrive, so earlier taps are still on their way. (Flutter's
    # accessibility mode, which the tests need, merges pointer events closer than about 200 ms, and
    # a busy browser may deliver two taps closer together than they were sent.)
    for round_taps in (["Simulate", "Home"], [chooser.choice(list(TABS)) for _ in range(10)]):
        for name in round_taps:
            ui.page.mouse.click(*centres[name])
            ui.page.wait_for_timeout(chooser.randint(300, 550))
        last = round_taps[-1]
        ui.see(TABS[last])
        ui.page.wait_for_timeout(2500)  # any tap still on its way has arrived by now
        assert _selected_tab(ui) == last, f"seed {seed}: taps {round_taps} ended on {_selected_tab(ui)}"
        expect(ui.visible_text(TABS[last]).first).to_be_attached()
        expected_path = "/" if last == "Home" else f"/{last.lower()}"
        assert ui.page.url.endswith(expected_path), f"seed {seed}: taps {round_taps} left {ui.page.url}"


def test_theme_and_language_switches_keep_drill_marks_and_typed_text(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, PHONE).open("/")
    # A nickname being typed survives a language switch; an old error goes once typing goes on.
    ui.see("Start")
    ui.click("Start")  # empty: refused
    ui.see(EN("nickname.empty"))
    ui.type_into("Nickname", "Marker")
    ui.not_see(EN("nickname.empty"))
    ui.click("中文")
    ui.see(ZH("welcome.start"))
    expect(ui.page.get_by_role("textbox", name=ZH("welcome.nickname_label"))).to_have_value("Marker")
    ui.click("English")
    ui.click("Start")
    ui.see(EN("home.next_title"))

    navigate(ui.page, "/learn/drill/sms/7")
    ui.see(EN("drill.title"))
    marks = ui.page.get_by_role("button", name=re.compile(re.escape(EN("quiz.flag_mark")) + "$"))
    marks.nth(0).click()
    ui.see(EN("quiz.flag_marked"))
    marks.nth(1).click()
    marked = ui.visible_text(re.compile(re.escape(EN("quiz.flag_marked"))))
    expect(marked).to_have_count(2)
    ui.click(EN("shell.toggle_theme"))
    ui.page.wait_for_timeout(1500)
    expect(marked).to_have_count(2)
    ui.shot("phone-en-drill-marks-after-theme-switch")
    ui.click(EN("quiz.check"))
    ui.see(re.compile(re.escape(EN("quiz.flags_summary", spotted=99, total=99)).replace("99", r"\d+")))
    ui.click(EN("shell.switch_language"))
    ui.see(ZH("drill.title"))
    # The checked drill stays checked, its feedback now in Chinese.
    ui.see(re.compile(re.escape(ZH("quiz.flags_summary", spotted=99, total=99)).replace("99", r"\d+")))


def test_skill_map_from_learn_stays_under_learn_and_an_unknown_path_says_so(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, PHONE).open("/")
    _start(ui, "Router")
    ui.tab("Learn")
    ui.click(EN("skills.open"))
    ui.see(EN("skills.intro"))
    assert ui.page.url.endswith("/learn/skills")
    assert _selected_tab(ui) == "Learn"
    ui.click(EN("common.back"))
    ui.see(EN("drill.open"))
    ui.open("/no/such/page")
    ui.see(EN("not_found.title"))
    ui.see(re.compile(re.escape("/no/such/page")))
    assert _selected_tab(ui) == "Home"
    ui.click(EN("not_found.home"))
    ui.see(EN("home.next_title"))
    assert ui.page.url.rstrip("/").endswith(str(ui.server.port))


def _emoji_picture(button: Image.Image) -> tuple[int, int, int]:
    """(pixels in colours of their own, width, height) of the last picture in a profile button.

    The button shows [person icon][nickname] on a plain background. Inked columns form runs: the
    first is the icon, in the label's (theme) colour; the last is the emoji. An emoji picture has
    colours that are neither the background nor the label's (nor a blend of the two); a tofu box
    is drawn in the label's colour, a blank has no ink, and a broken sequence shows several
    pictures side by side (much wider than tall).
    """
    pixels = np.asarray(button.convert("RGB")).astype(float)
    flat = pixels.reshape(-1, 3)
    colours, counts = np.unique(flat, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    ink = np.linalg.norm(pixels - background, axis=-1) > 40
    columns = np.nonzero(ink.any(axis=0))[0]
    if len(columns) == 0:
        return 0, 0, 0
    runs = np.split(columns, np.nonzero(np.diff(columns) > 3)[0] + 1)
    if len(runs) < 2:
        return 0, 0, 0
    icon = pixels[:, runs[0][0] : runs[0][-1] + 1][ink[:, runs[0][0] : runs[0][-1] + 1]]
    label = icon[np.linalg.norm(icon - background, axis=-1).argmax()]
    # Distance of each pixel from the blends between background and label colour.
    towards = label - background
    share = np.clip(((pixels - background) @ towards) / (towards @ towards), 0, 1)
    off_blend = np.linalg.norm(pixels - (background + share[..., None] * towards), axis=-1) > 12
    left, right = runs[-1][0], runs[-1][-1] + 1
    picture = ink[:, left:right]
    rows = np.nonzero(picture.any(axis=1))[0]
    own = picture & off_blend[:, left:right]
    return int(own.sum()), int(right - left), int(rows.max() - rows.min() + 1)


def test_every_kind_of_emoji_the_nickname_rules_accept_renders_as_one_colour_picture(
    browser: Browser, server: AppServer
) -> None:
    # Each emoji becomes its own profile (through the same rules as the nickname field), so the
    # host's welcome screen shows each in its own button.
    from edu_app.services.profiles import ProfileService
    from edu_app.store import open_database

    opened = open_database(server.data_dir)
    try:
        for emoji in EMOJI:
            ProfileService(opened.database).create(emoji)
    finally:
        opened.database.close()
    ui = new_ui(browser, server, DESKTOP, host=True).open("/welcome")
    ui.see(EN("welcome.continue_as"))
    ui.page.wait_for_timeout(1500)  # the emoji font loads once a screen shows an emoji
    path = ui.shot("desktop-en-emoji-nicknames")
    with Image.open(path) as shot:
        for emoji in EMOJI:
            box = box_of(ui.page, "button", emoji)
            # Inside the button's rounded outline.
            crop = shot.crop((int(box.x) + 8, int(box.y) + 5, int(box.x + box.width) - 8, int(box.bottom) - 5))
            pixels, width, height = _emoji_picture(crop)
            assert pixels > 20, f"{emoji!r} shows no colour picture ({pixels} pixels of its own colours)"
            assert width <= 1.6 * height, f"{emoji!r} is drawn as several pictures ({width}x{height})"


def _crop(image: Image.Image, box) -> np.ndarray:  # type: ignore[no-untyped-def]
    crop = image.convert("RGB").crop((int(box.x), int(box.y), int(box.x + box.width), int(box.bottom)))
    return np.asarray(crop).reshape(-1, 3).astype(int)


def _background(image: Image.Image, box) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """The most common colour in ``box``: a button's fill."""
    colours, counts = np.unique(_crop(image, box), axis=0, return_counts=True)
    return tuple(int(v) for v in colours[counts.argmax()])  # type: ignore[return-value]


def _text_colour(image: Image.Image, box) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """A label's colour: the pixel in ``box`` that differs most from the background."""
    flat = _crop(image, box)
    background = np.array(_background(image, box))
    return tuple(int(v) for v in flat[np.abs(flat - background).sum(axis=1).argmax()])  # type: ignore[return-value]


def test_desktop_home_and_me_copy_colours_and_layout(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, DESKTOP).open("/")
    ui.see("Start")
    # The placeholder fits in the field on a desktop (it used to be cut off).
    field = box_of(ui.page, "textbox", re.compile("^" + EN("welcome.nickname_label")))
    assert field.width >= 400
    _start(ui, "Fresh")
    # A new learner gets one way forward, not "Continue" and "Start learning" side by side.
    ui.see(re.compile("^" + re.escape(EN("home.start_first", lesson="X").split("X")[0])))
    ui.not_see(EN("home.all_lessons"))
    ui.not_see(re.compile("^" + re.escape(EN("home.continue", lesson="X").split("X")[0])))
    # Cards line up: the next-step card is as wide as the disclaimer under it.
    next_step = box_of(ui.page, "group", re.compile("^" + re.escape(EN("home.next_title"))))
    disclaimer = ui.visible_text(EN("disclaimer.not_advice")).first.bounding_box()
    assert disclaimer is not None
    assert next_step.width >= 700
    ui.tab("Me")
    ui.click(EN("me.reset"))
    ui.see(EN("me.reset_title"))
    path = ui.shot("desktop-en-me-delete-progress-dialog")
    confirm = box_of(ui.page, "button", EN("me.reset_confirm"))
    cancel = box_of(ui.page, "button", EN("common.cancel"))
    with Image.open(path) as image:
        fill = _background(image, confirm)
        ordinary = _text_colour(image, cancel)
    # The deleting button is filled with the error role (red); the ordinary one is teal.
    assert fill[0] > fill[1] + 60 and fill[0] > fill[2] + 40, fill
    assert not ordinary[0] > ordinary[1] + 60, ordinary
