"""Scam drills in the app, and the live pack preview an educator writes against."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Browser

from lessons.drills import generate_drill
from tests.browser.harness import DESKTOP, PHONE, AppServer, free_port, mark_red_flag, new_ui


def test_a_drill_is_graded_and_the_next_one_is_different(browser: Browser, server: AppServer) -> None:
    drill = generate_drill("sms", 42)
    flags = [s["text"]["en"] for s in drill["segments"] if s["red_flag"]]
    ui = new_ui(browser, server, PHONE).open("/learn/drill/sms/42")
    ui.type_into("Nickname", "Drill")
    ui.click("Start")
    ui.see("Scam drill: spot the red flags")
    for text in flags:
        mark_red_flag(ui, text[:30])
    ui.shot("phone-en-drill")
    ui.click("Check")
    ui.see("Correct!")
    ui.see(f"You spotted {len(flags)} of {len(flags)} red flags.")
    ui.shot("phone-en-drill-checked")
    ui.click("Another drill")
    ui.page.wait_for_url(lambda url: re.search(r"/learn/drill/[a-z_]+/\d+$", url) is not None and "/sms/42" not in url)
    ui.see("Scam drill: spot the red flags")


def test_a_broken_drill_link_opens_a_fresh_drill(browser: Browser, server: AppServer) -> None:
    ui = new_ui(browser, server, PHONE).open("/learn/drill/no-such-kind/not-a-number")
    ui.type_into("Nickname", "Curious")
    ui.click("Start")
    ui.page.wait_for_url(lambda url: re.search(r"/learn/drill/[a-z_]+/\d+$", url) is not None)
    ui.see("Scam drill: spot the red flags")
    ui.see("Mark as red flag")


def test_drill_in_chinese(browser: Browser, server: AppServer) -> None:
    drill = generate_drill("group_chat", 7)
    ui = new_ui(browser, server, DESKTOP, locale="zh-CN").open("/learn/drill/group_chat/7")
    ui.type_into("昵称", "演练")
    ui.click("开始")
    ui.see("反诈演练：找出危险信号")
    ui.see(drill["segments"][0]["text"]["zh-CN"][:12])
    ui.shot("desktop-zh-CN-drill")


def test_preview_shows_errors_then_reloads_the_fixed_pack(browser: Browser, tmp_path: Path) -> None:
    pack = tmp_path / "my-pack"
    subprocess.run([sys.executable, "-m", "edu_app", "pack", "new", str(pack)], check=True, capture_output=True)
    manifest = pack / "pack.yaml"
    good = manifest.read_text(encoding="utf-8")
    manifest.write_text(good.replace("schema_version: 1", "schema_version: [1"), encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "edu_app", "pack", "preview", str(pack), "--web", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        server = AppServer(data_dir=tmp_path / "unused", port=port)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                import socket

                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        ui = new_ui(browser, server, DESKTOP).open("/preview")
        ui.see("Pack preview")
        ui.see("Errors found: 1.")
        ui.see("pack.yaml:3:")
        ui.shot("desktop-en-preview-errors")
        manifest.write_text(good, encoding="utf-8")
        ui.see(re.compile(r"is valid: 1 lesson,"))
        ui.shot("desktop-en-preview-valid")
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert "Traceback" not in output, output
    # The preview used a throw-away data dir: nothing was written next to the pack.
    assert sorted(p.name for p in pack.iterdir()) == sorted(p.name for p in pack.iterdir() if p.name != "invest-quest.db")
