"""Checks on an image before it joins a pack's ``media/`` folder, the same the validator makes
(type by extension and by content, size), plus its pixel size for the author to see."""

from __future__ import annotations

import os
import re
import struct

from lessons import limits

_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


class MediaRefused(ValueError):
    """An image that cannot join a pack; ``code`` is ``bad-type`` or ``too-large``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def media_name(filename: str) -> str:
    """A safe file name for ``media/`` (lowercase letters, digits, hyphens; extension kept)."""
    stem, suffix = os.path.splitext(os.path.basename(filename))
    stem = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "image"
    return f"{stem}{suffix.lower()}"


def check_image(filename: str, data: bytes) -> tuple[int, int] | None:
    """Refuse (:class:`MediaRefused`) what the validator would refuse; return ``(width, height)``
    when the header says (``None`` when it does not)."""
    suffix = os.path.splitext(filename)[1].lower()
    if suffix not in limits.MEDIA_EXTENSIONS:
        raise MediaRefused("bad-type")
    if len(data) > limits.MAX_FILE_BYTES:
        raise MediaRefused("too-large")
    if not data.startswith(_SIGNATURES[suffix]) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        raise MediaRefused("bad-type")
    return image_size(data)


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from an image's header (PNG, GIF, JPEG, WebP)."""
    try:
        if data.startswith(b"\x89PNG") and len(data) >= 24:
            return struct.unpack(">II", data[16:24])
        if data.startswith(b"GIF"):
            return struct.unpack("<HH", data[6:10])
        if data.startswith(b"RIFF") and data[12:16] == b"VP8X":
            return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
        if data.startswith(b"RIFF") and data[12:16] == b"VP8 ":
            width, height = struct.unpack("<HH", data[26:30])
            return width & 0x3FFF, height & 0x3FFF
        if data.startswith(b"RIFF") and data[12:16] == b"VP8L":
            bits = int.from_bytes(data[21:25], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        if data.startswith(b"\xff\xd8"):
            return _jpeg_size(data)
    except struct.error:
        return None
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        # Start-of-frame markers hold the size (C4, C8 and CC are not frames).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    return None
