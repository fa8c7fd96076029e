"""One lesson card (Markdown) as Flet controls, with the pack's own images and safe links.

Images are taken out of the Markdown and shown as ``ft.Image`` built from the file's bytes, read
from the pack folder: a pack's ``media/`` is not in the app's assets, and nothing is ever fetched
from the network (a remote image reference becomes its alt text). Links open only for http, https
and mailto; the pack validator refuses every other scheme already, this is a second line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import flet as ft

from lessons import Pack

# ![alt](src) or ![alt](src "title"); src may be wrapped in <...>.
_IMAGE = re.compile(r'!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
_SAFE_SCHEMES = ("http", "https", "mailto")
_MEDIA_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
_MAX_IMAGE_BYTES = 5 * 1024 * 1024


def split_card(markdown: str) -> list[tuple[str, str, str]]:
    """The card as a list of ``("text", markdown, "")`` and ``("image", src, alt)`` parts."""
    parts: list[tuple[str, str, str]] = []
    position = 0
    for match in _IMAGE.finditer(markdown):
        before = markdown[position : match.start()]
        if before.strip():
            parts.append(("text", before.strip("\n"), ""))
        parts.append(("image", match["src"], match["alt"]))
        position = match.end()
    rest = markdown[position:]
    if rest.strip():
        parts.append(("text", rest.strip("\n"), ""))
    return parts


def is_safe_link(url: str) -> bool:
    """True for an absolute http(s) or mailto link."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in _SAFE_SCHEMES


@lru_cache(maxsize=64)
def _image_bytes(path: str, mtime_ns: int, size: int) -> bytes | None:
    del mtime_ns, size  # part of the cache key only: a changed file is read again
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def media_bytes(pack: Pack, src: str) -> bytes | None:
    """The bytes of the pack's ``media/...`` file ``src``, or None (remote, missing, unsafe)."""
    if "://" in src or src.startswith(("/", "\\")) or not src.lower().endswith(_MEDIA_SUFFIXES):
        return None
    path = pack.media_path(src)
    if path is None or pack.root is None:
        return None
    try:
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to((pack.root / "media").resolve()) or not resolved.is_file():
            return None
        stat = resolved.stat()
    except (OSError, RuntimeError):
        return None
    if stat.st_size > _MAX_IMAGE_BYTES:
        return None
    return _image_bytes(str(resolved), stat.st_mtime_ns, stat.st_size)


def card_controls(pack: Pack, markdown: str, open_link) -> list[ft.Control]:  # type: ignore[no-untyped-def]
    """Controls showing one card; ``open_link(url)`` is called for a tapped safe link."""

    def on_tap_link(e: ft.Event[ft.Markdown]) -> None:
        url = str(e.data or "")
        if is_safe_link(url):
            open_link(url)

    controls: list[ft.Control] = []
    for kind, value, alt in split_card(markdown):
        if kind == "text":
            controls.append(
                ft.Markdown(
                    value,
                    extension_set=ft.MarkdownExtensionSet.GITHUB_FLAVORED,
                    on_tap_link=on_tap_link,
                    md_style_sheet=ft.MarkdownStyleSheet(
                        p_text_style=ft.TextStyle(size=16, height=1.5),
                        list_bullet_text_style=ft.TextStyle(size=16, height=1.5),
                        block_spacing=12,
                    ),
                )
            )
            continue
        data = media_bytes(pack, value)
        caption = ft.Text(alt, theme_style=ft.TextThemeStyle.BODY_SMALL, italic=True) if alt else None
        if data is None:
            controls.append(
                ft.Container(
                    padding=12,
                    border_radius=8,
                    bgcolor=ft.Colors.with_opacity(0.06, ft.Colors.ON_SURFACE),
                    content=ft.Row(
                        [ft.Icon(ft.Icons.IMAGE_NOT_SUPPORTED_OUTLINED), ft.Text(alt or value, expand=True)]
                    ),
                )
            )
            continue
        image = ft.Image(src=data, semantics_label=alt or None, fit=ft.BoxFit.CONTAIN, border_radius=8)
        controls.append(
            ft.Column(
                [image, *([caption] if caption else [])],
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                spacing=4,
            )
        )
    return controls
