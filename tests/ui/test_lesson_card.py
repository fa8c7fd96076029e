"""Lesson cards: images come from the pack's own media folder (never the network, never outside
the pack) and only http, https and mailto links open."""

from __future__ import annotations

import os
from pathlib import Path

import flet as ft
import pytest

from edu_app.pack_library import builtin_packs_dir
from edu_app.ui.lesson_card import card_controls, is_safe_link, media_bytes, split_card
from lessons import Pack, load_pack

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    builtin = load_pack(builtin_packs_dir() / "anti-fraud-essentials").pack
    assert builtin is not None
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "fake-app.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(b"outside the media folder")
    return Pack(manifest=builtin.manifest, lessons=[], root=tmp_path)


def test_cards_are_split_around_images() -> None:
    parts = split_card('# Title\n\nText ![A fake app](media/fake-app.png "t") more.\n\n![](<media/b.png>)')
    assert parts == [
        ("text", "# Title\n\nText ", ""),
        ("image", "media/fake-app.png", "A fake app"),
        ("text", " more.", ""),
        ("image", "media/b.png", ""),
    ]
    assert split_card("plain") == [("text", "plain", "")]


def test_media_is_read_from_the_pack_only(pack: Pack, tmp_path: Path) -> None:
    assert media_bytes(pack, "media/fake-app.png") == PNG
    for reference in ("https://example.com/x.png", "media/../secret.png", "/etc/passwd", "media/missing.png",
                      "media/fake-app.svg", "secret.png"):
        assert media_bytes(pack, reference) is None, reference
    os.symlink(tmp_path / "secret.png", tmp_path / "media" / "link.png")
    assert media_bytes(pack, "media/link.png") is None
    zipped = Pack(manifest=pack.manifest, lessons=[], root=None)
    assert media_bytes(zipped, "media/fake-app.png") is None


def test_card_controls_show_images_and_alt_text(pack: Pack) -> None:
    controls = card_controls(pack, "Hello\n\n![A fake app](media/fake-app.png)\n\n![Gone](https://x.org/y.png)", print)
    assert isinstance(controls[0], ft.Markdown)
    image = controls[1].controls[0]  # type: ignore[attr-defined]
    assert isinstance(image, ft.Image) and image.src == PNG and image.semantics_label == "A fake app"
    # A remote image is never fetched: its alt text is shown instead.
    assert "Gone" in repr(controls[2])


@pytest.mark.parametrize(
    ("url", "safe"),
    [("https://www.sec.gov/x", True), ("http://a.b", True), ("mailto:a@b.c", True), ("javascript:alert(1)", False),
     ("file:///etc/passwd", False), ("data:text/html,x", False), ("relative/path", False), ("HTTPS://A.B", True)],
)
def test_only_web_and_mail_links_open(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe
