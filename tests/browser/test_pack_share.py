"""Sharing a signed pack by QR code: the host's Library shows the code and link, and another
device's Invest Quest installs the pack from that link into its own library, verified."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser

from edu_app.trust import TRUST_FILE
from lessons.signing import fingerprint, parse_public_key
from tests.browser.harness import DESKTOP, PHONE, AppServer, free_port, new_ui


def _edu_app(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "edu_app", *args], check=True, capture_output=True, text=True)
    return done.stdout


def test_a_phone_installs_a_pack_from_the_hosts_qr_link(browser: Browser, server: AppServer, tmp_path: Path) -> None:
    _edu_app("pack", "keygen", "-o", str(tmp_path / "keys"), "--publisher", "ACME Exchange")
    _edu_app("pack", "new", str(tmp_path / "starter"))
    pack = tmp_path / "starter.zip"
    _edu_app("pack", "build", str(tmp_path / "starter"), "-o", str(pack))
    _edu_app("pack", "sign", str(pack), "--key", str(tmp_path / "keys" / "publisher.key"), "--publisher", "ACME Exchange")
    _edu_app("--data-dir", str(server.data_dir), "pack", "install", str(pack))
    raw, _ = parse_public_key((tmp_path / "keys" / "publisher.pub").read_text())

    # The phone runs its own Invest Quest with its own data dir, and trusts the exchange's key.
    phone = AppServer(data_dir=tmp_path / "phone-data", port=free_port()).start()
    try:
        _edu_app("--data-dir", str(phone.data_dir), "trust", "add", str(tmp_path / "keys" / "publisher.pub"))

        host = new_ui(browser, server, DESKTOP, host=True).open("/learn/library")
        host.type_into("Nickname", "Organiser")
        host.click("Start")
        host.click("Share “My lesson pack” by QR code")
        link = f"{server.url}/share/starter.zip"
        host.see(f"QR code for {link}")
        host.see(link)
        host.page.wait_for_timeout(1500)  # the image decodes after its node appears
        host.shot("desktop-en-library-share-qr")
        # The link serves the signed pack as it is installed on the host.
        with urllib.request.urlopen(link, timeout=10) as response:
            assert response.headers["Content-Type"] == "application/zip"
            assert b"SIGNATURE.json" in response.read()

        # A phone's own app is the host of its own data (as a phone build always is).
        visitor = new_ui(browser, phone, PHONE, host=True).open("/learn/library")
        visitor.type_into("Nickname", "Xiao Ming")
        visitor.click("Start")
        visitor.type_into("Pack link (from a QR code)", link)
        visitor.click("Install from the link")
        visitor.see("Verified publisher: ACME Exchange")
        visitor.see(f"Key fingerprint: {fingerprint(raw)}")
        visitor.shot("phone-en-library-installed-by-link")
        assert (phone.data_dir / "packs" / "starter" / "SIGNATURE.json").is_file()

        # The host's own library and trust list are untouched by the phone's install.
        assert not (server.data_dir / TRUST_FILE).exists()
        assert sorted(p.name for p in (server.data_dir / "packs").iterdir() if not p.name.startswith(".")) == ["starter"]
    finally:
        output = phone.stop(log_name="phone-app")
    assert "Traceback" not in output, output
