"""Publisher signatures for lesson packs (Ed25519, through the ``cryptography`` package).

A signed pack carries one extra file, ``SIGNATURE.json``, next to ``pack.yaml``. It holds the
publisher's name, the raw public key, the SHA-256 of every other file of the pack, and an
Ed25519 signature over a canonical text made of the name and those hashes (see
:func:`signed_message`). The pack's *content* is every file except ``SIGNATURE.json`` exactly as
:func:`lessons.files.read_pack_files` reads it (paths relative to the pack root, OS clutter
ignored): the same files that validation sees and installation writes. So a signature survives
re-zipping, unzipping and installation into a folder, and any changed, added or removed file is
named when it is checked.

Which keys to trust is not decided here (that is state, kept by the app): :func:`check_signature`
says only whether the signature is intact and which key made it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from lessons.files import FileRefused, read_regular_file

SIGNATURE_FILE = "SIGNATURE.json"
FORMAT = "invest-quest-pack-signature/1"
PRIVATE_KEY_FILE = "publisher.key"
PUBLIC_KEY_FILE = "publisher.pub"
_PUBLIC_PREFIX = "invest-quest-ed25519"
_MAX_NAME = 200
# Key files are a few hundred bytes; anything far larger is not a key and is refused unread.
MAX_KEY_FILE_BYTES = 64 * 1024


class SignatureStatus(str, Enum):
    """What :func:`check_signature` found."""

    UNSIGNED = "unsigned"
    VALID = "valid"
    CONTENT_CHANGED = "content-changed"
    BAD_SIGNATURE = "bad-signature"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class SignatureCheck:
    """The result of checking a pack's signature; ``reason`` explains anything but ``VALID``."""

    status: SignatureStatus
    publisher: str | None = None
    public_key: bytes | None = None
    reason: str = ""

    @property
    def fingerprint(self) -> str | None:
        """The signing key's fingerprint, or ``None`` when there is no readable key."""
        return fingerprint(self.public_key) if self.public_key else None

    @property
    def signed(self) -> bool:
        """True when the pack carries a signature file (intact or not)."""
        return self.status is not SignatureStatus.UNSIGNED


class KeyFileError(ValueError):
    """A key file that cannot be read."""


# ----- keys -------------------------------------------------------------------------------------


def fingerprint(public_key: bytes) -> str:
    """A short, readable fingerprint of a raw public key: the first 128 bits of its SHA-256 in
    groups of four hex digits, e.g. ``3f2a 9c41 ...`` (long enough that forging one is infeasible,
    short enough to read aloud and compare)."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def generate_key_pair(directory: Path, publisher: str) -> tuple[Path, Path, bytes]:
    """Write a new key pair into ``directory``: ``publisher.key`` (PEM, mode 0600) and
    ``publisher.pub`` (one line: format, base64 key, publisher name). Refuses to overwrite.

    Returns both paths and the raw public key.
    """
    _check_name(publisher)
    directory.mkdir(parents=True, exist_ok=True)
    private_path = directory / PRIVATE_KEY_FILE
    public_path = directory / PUBLIC_KEY_FILE
    for path in (private_path, public_path):
        if path.exists():
            raise FileExistsError(f"{path} already exists")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    # Created with 0600 from the start: the key is never readable by others, not even briefly.
    handle = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as stream:
        stream.write(pem)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    public_path.write_text(format_public_key(raw, publisher) + "\n", encoding="utf-8")
    return private_path, public_path, raw


def format_public_key(raw: bytes, publisher: str) -> str:
    """The one-line text of a public key file."""
    return f"{_PUBLIC_PREFIX} {base64.b64encode(raw).decode('ascii')} {publisher}"


def parse_public_key(text: str) -> tuple[bytes, str]:
    """``(raw key, publisher name)`` from the text of a ``publisher.pub`` file."""
    parts = text.strip().split(" ", 2)
    if len(parts) < 2 or parts[0] != _PUBLIC_PREFIX:
        raise KeyFileError(f"not an Invest Quest public key (expected a line starting '{_PUBLIC_PREFIX}')")
    raw = _decode_key(parts[1])
    return raw, parts[2].strip() if len(parts) == 3 else ""


def read_key_file(path: Path) -> bytes:
    """The bytes of the key file at ``path``; :class:`KeyFileError` unless it is a regular file
    of at most :data:`MAX_KEY_FILE_BYTES` (a FIFO would block, ``/dev/zero`` never ends)."""
    try:
        return read_regular_file(path, MAX_KEY_FILE_BYTES)
    except FileRefused as error:
        raise KeyFileError(error.message) from None


def read_public_key_file(path: Path) -> tuple[bytes, str]:
    """``(raw key, publisher name)`` from the ``publisher.pub`` file at ``path``."""
    try:
        text = read_key_file(path).decode("utf-8")
    except UnicodeDecodeError:
        raise KeyFileError(f"{path} is not a text key file") from None
    try:
        return parse_public_key(text)
    except KeyFileError as error:
        raise KeyFileError(f"{path}: {error}") from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in the PEM file at ``path``."""
    data = read_key_file(path)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise KeyFileError(f"{path} is not an unencrypted PEM private key ({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} is not an Ed25519 key")
    return key


def _decode_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError("the public key is not valid base64") from None
    if len(raw) != 32:
        raise KeyFileError("an Ed25519 public key is 32 bytes")
    return raw


def _check_name(publisher: str) -> None:
    if not publisher.strip() or len(publisher) > _MAX_NAME or any(ch in publisher for ch in "\n\r\t"):
        raise ValueError(f"the publisher name must be one line of 1 to {_MAX_NAME} characters")


# ----- signing and checking ---------------------------------------------------------------------


def content_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files a signature covers: every file of the pack except the signature itself."""
    return {path: data for path, data in files.items() if path != SIGNATURE_FILE}


def signed_message(publisher: str, hashes: Mapping[str, str]) -> bytes:
    """The exact bytes that are signed: a format line, the publisher, then one
    ``<sha256>  <path>`` line per content file, sorted by path (like ``sha256sum`` output)."""
    lines = [FORMAT, f"publisher: {publisher}"]
    lines += [f"{hashes[path]}  {path}" for path in sorted(hashes)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _hashes(files: Mapping[str, bytes]) -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest() for path, data in content_files(files).items()}


def sign_files(files: Mapping[str, bytes], key: Ed25519PrivateKey, publisher: str) -> dict[str, bytes]:
    """The pack's files with a new ``SIGNATURE.json`` (an old one is replaced)."""
    _check_name(publisher)
    hashes = _hashes(files)
    signature = key.sign(signed_message(publisher, hashes))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    document = {
        "format": FORMAT,
        "algorithm": "ed25519",
        "publisher": publisher,
        "public_key": base64.b64encode(raw).decode("ascii"),
        "files": dict(sorted(hashes.items())),
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return {**content_files(files), SIGNATURE_FILE: text.encode("utf-8")}


def check_signature(files: Mapping[str, bytes]) -> SignatureCheck:
    """Whether the pack's signature matches its content, and who signed it."""
    data = files.get(SIGNATURE_FILE)
    if data is None:
        return SignatureCheck(SignatureStatus.UNSIGNED, reason="the pack is not signed")
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"unknown signature format (this app reads {FORMAT})")
        publisher = document["publisher"]
        claimed = document["files"]
        if not isinstance(publisher, str) or not isinstance(claimed, dict):
            raise ValueError("publisher or files has the wrong type")
        public_key = _decode_key(str(document["public_key"]))
        signature = base64.b64decode(str(document["signature"]), validate=True)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error) as error:
        return SignatureCheck(SignatureStatus.MALFORMED, reason=f"{SIGNATURE_FILE} cannot be read ({error})")
    hashes = _hashes(files)
    changed = _describe_changes(claimed, hashes)
    if changed:
        return SignatureCheck(
            SignatureStatus.CONTENT_CHANGED, publisher, public_key, f"content changed since signing: {changed}"
        )
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signed_message(publisher, hashes))
    except InvalidSignature:
        return SignatureCheck(
            SignatureStatus.BAD_SIGNATURE, publisher, public_key,
            "the signature does not match the content and publisher name (altered after signing)",
        )
    return SignatureCheck(SignatureStatus.VALID, publisher, public_key)


def _describe_changes(claimed: Mapping[str, object], actual: Mapping[str, str]) -> str:
    parts = []
    for path in sorted(set(claimed) | set(actual)):
        if path not in actual:
            parts.append(f"{path} removed")
        elif path not in claimed:
            parts.append(f"{path} added")
        elif claimed[path] != actual[path]:
            parts.append(f"{path} modified")
    shown = ", ".join(parts[:5])
    return shown + (f" and {len(parts) - 5} more" if len(parts) > 5 else "")
