"""The trust list (publisher keys the user or organiser trusts) and what the app concludes about
a pack's origin from it.

The list is a small JSON file in the data dir (``trusted-publishers.json``), written atomically.
Built-in packs need no key: they ship inside the read-only app bundle, so they are exactly as
trustworthy as the app's own code and are shown as "built in" (docs/lesson-packs.md, "Signatures
and trust"). Their publisher name is reserved: another pack that claims it without a trusted
signature is flagged.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from edu_app import paths
from lessons.files import FileRefused, read_regular_file
from lessons.signing import SignatureCheck, SignatureStatus, check_signature, fingerprint

TRUST_FILE = "trusted-publishers.json"
# The list holds a handful of keys; a file far larger is damaged or not the list.
MAX_TRUST_FILE_BYTES = 1024 * 1024

TrustKind = Literal["builtin", "verified", "unverified", "broken"]


@dataclass(frozen=True)
class TrustedKey:
    """One trusted publisher key, with the name the user knows the publisher by."""

    public_key: bytes
    name: str
    added: str

    @property
    def fingerprint(self) -> str:
        """The key's fingerprint as shown to people."""
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class PackTrust:
    """What the Library and ``edu-app pack verify`` say about where a pack comes from.

    ``kind``: ``builtin`` (shipped with the app), ``verified`` (intact signature by a trusted key;
    ``publisher`` is the trusted name), ``unverified`` (unsigned, or signed by a key not on the
    trust list), ``broken`` (signed, but the content or signature was altered: never installed).
    ``impersonation`` holds a trusted publisher's name that the pack claims without proof.
    """

    kind: TrustKind
    publisher: str | None = None
    fingerprint: str | None = None
    reason: str = ""
    impersonation: str | None = None
    signature: SignatureCheck | None = None


class TrustError(Exception):
    """A trust-list operation refused (unknown key, unreadable file)."""


def trust_file() -> Path:
    """``data_dir()/trusted-publishers.json``."""
    return paths.data_dir() / TRUST_FILE


def trusted_keys() -> list[TrustedKey]:
    """Every trusted key, in the order they were added. An unreadable file is an error, never
    an empty list: silently trusting nothing would hide a corrupted file."""
    path = trust_file()
    if not path.exists():
        return []
    try:
        # Regular files only, size capped before reading: the list lives in a folder the user
        # chooses, where a FIFO would block and a device would be read forever.
        raw = json.loads(read_regular_file(path, MAX_TRUST_FILE_BYTES).decode("utf-8"))
        return [
            TrustedKey(base64.b64decode(entry["public_key"], validate=True), str(entry["name"]), str(entry["added"]))
            for entry in raw["keys"]
        ]
    except FileRefused as error:
        raise TrustError(f"cannot read the trust list: {error.message}") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise TrustError(f"cannot read the trust list {path}: {error}") from None


def add_key(public_key: bytes, name: str) -> TrustedKey:
    """Trust ``public_key`` under ``name``; adding a trusted key again renames it."""
    if not name.strip():
        raise TrustError("a trusted key needs a publisher name")
    keys = [key for key in trusted_keys() if key.public_key != public_key]
    entry = TrustedKey(public_key, name.strip(), datetime.now(timezone.utc).date().isoformat())
    _write([*keys, entry])
    return entry


def remove_key(which: str) -> TrustedKey:
    """Stop trusting the key whose fingerprint starts with ``which`` (spaces ignored) or whose
    name is ``which``. Ambiguous or unknown: :class:`TrustError`."""
    keys = trusted_keys()
    wanted = which.replace(" ", "").lower()
    matches = [
        key
        for key in keys
        if (len(wanted) >= 8 and key.fingerprint.replace(" ", "").startswith(wanted)) or key.name == which
    ]
    if not matches:
        raise TrustError(f"no trusted key matches '{which}' (give its name or at least 8 digits of its fingerprint)")
    if len(matches) > 1:
        raise TrustError(f"'{which}' matches {len(matches)} keys; give more digits of the fingerprint")
    _write([key for key in keys if key is not matches[0]])
    return matches[0]


def find_key(public_key: bytes) -> TrustedKey | None:
    """The trust-list entry of ``public_key``, if any."""
    return next((key for key in trusted_keys() if key.public_key == public_key), None)


def _write(keys: Iterable[TrustedKey]) -> None:
    document = {
        "keys": [
            {"name": key.name, "public_key": base64.b64encode(key.public_key).decode("ascii"), "added": key.added}
            for key in keys
        ]
    }
    path = trust_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".trust-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# ----- judging a pack -------------------------------------------------------------------------------


def same_name(a: str, b: str) -> bool:
    """Publisher names compared the way a person reads them: case, width and spacing ignored."""

    def fold(name: str) -> str:
        return "".join(unicodedata.normalize("NFKC", name).casefold().split())

    return fold(a) == fold(b)


def assess(
    files: Mapping[str, bytes],
    claimed_publisher: str,
    *,
    builtin: bool = False,
    reserved_names: Iterable[str] = (),
) -> PackTrust:
    """Judge a pack's origin from its files, the publisher its manifest names, and the trust list.

    ``reserved_names`` are the built-in packs' publishers: nobody else may claim them unverified.
    """
    if builtin:
        return PackTrust("builtin", claimed_publisher)
    check = check_signature(files)
    if check.status in (SignatureStatus.CONTENT_CHANGED, SignatureStatus.BAD_SIGNATURE, SignatureStatus.MALFORMED):
        return PackTrust("broken", check.publisher, check.fingerprint, check.reason, signature=check)
    keys = trusted_keys()
    entry = None
    if check.status is SignatureStatus.VALID and check.public_key is not None:
        entry = next((key for key in keys if key.public_key == check.public_key), None)
    protected = [*reserved_names, *(key.name for key in keys)]
    claims = [claimed_publisher] + ([check.publisher] if check.publisher else [])
    impersonation = next(
        (
            name
            for claim in claims
            for name in protected
            if same_name(claim, name) and not (entry is not None and same_name(entry.name, name))
        ),
        None,
    )
    if entry is not None:
        return PackTrust("verified", entry.name, entry.fingerprint, impersonation=impersonation, signature=check)
    if check.status is SignatureStatus.VALID:
        reason = "signed by a key that is not on the trust list"
        return PackTrust("unverified", check.publisher, check.fingerprint, reason, impersonation, check)
    return PackTrust("unverified", None, None, check.reason, impersonation, check)
