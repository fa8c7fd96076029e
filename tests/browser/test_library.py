"""Installing lesson packs from a file in the Library screen, as an educator would."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from playwright.sync_api import Browser

from tests.browser.harness import DESKTOP, AppServer, new_ui


def _edu_app(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "edu_app", *args], check=True, capture_output=True)


def _starter_zip(tmp_path: Path) -> Path:
    _edu_app("pack", "new", str(tmp_path / "starter"))
    _edu_app("pack", "build", str(tmp_path / "starter"), "-o", str(tmp_path / "starter.zip"))
    return tmp_path / "starter.zip"


def test_install_a_valid_pack_then_refuse_a_broken_one(browser: Browser, server: AppServer, tmp_path: Path) -> None:
    good = _starter_zip(tmp_path)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.endswith("pack.yaml"):
                data = data.replace(b"schema_version: 1", b"schema_version: [1")
            target.writestr(entry, data)

    ui = new_ui(browser, server, DESKTOP, host=True).open("/")
    ui.type_into("Nickname", "Teacher Li")
    ui.click("Start")
    ui.tab("Learn")
    ui.click("Library: lesson packs")
    ui.see("Anti-fraud essentials")

    with ui.page.expect_file_chooser() as chooser:
        ui.click("Install a pack from a file")
    chooser.value.set_files(str(broken))
    ui.see("“broken.zip” is not a valid lesson pack, so nothing was installed.")
    ui.see("pack.yaml:")
    ui.shot("desktop-en-library-invalid")
    assert not (server.data_dir / "packs").exists() or not any(
        p.name[0] != "." for p in (server.data_dir / "packs").iterdir()
    )

    with ui.page.expect_file_chooser() as chooser:
        ui.click("Install a pack from a file")
    chooser.value.set_files(str(good))
    ui.see("Installed from a file")
    ui.shot("desktop-en-library-installed")
    installed = [p for p in (server.data_dir / "packs").iterdir() if not p.name.startswith(".")]
    assert len(installed) == 1 and (installed[0] / "pack.yaml").is_file()


def test_remove_an_installed_pack_after_confirming(browser: Browser, server: AppServer, tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "edu_app", "--data-dir", str(server.data_dir), "pack", "install", str(_starter_zip(tmp_path))],
        check=True, capture_output=True,
    )
    assert (server.data_dir / "packs" / "starter" / "pack.yaml").is_file()
    ui = new_ui(browser, server, DESKTOP, host=True).open("/learn/library")
    ui.type_into("Nickname", "Organiser")
    ui.click("Start")
    ui.click("Remove “My lesson pack”")
    ui.see("Remove “My lesson pack”?")
    ui.click("Remove")
    ui.not_see("Remove “My lesson pack”?")
    ui.shot("desktop-en-library-removed")
    ui.not_see("Remove “My lesson pack”")
    assert (server.data_dir / "packs").is_dir()
    assert not (server.data_dir / "packs" / "starter").exists()
