"""Validated packs remembered by content, so start-up does not validate unchanged packs again.

Validating a pack parses all its YAML and Markdown (most of a second per built-in pack);
reading its files and hashing them takes a few milliseconds. One JSON file per pack location
lives in ``cache_dir()/validated-packs/``. Its key is a hash of every file of the pack (names and
bytes) and of the validator itself (the source of the ``lessons`` package and the versions of
the libraries it parses with), so an edited pack or a new app version validates afresh.

It is a cache, never the truth: an entry that is missing, unreadable, corrupt or for other
content is ignored and rewritten, and a cache dir that cannot be written only costs speed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path

from pydantic import ValidationError

import lessons
from edu_app import paths
from lessons.files import PackFiles, read_pack_files
from lessons.loader import load_pack_files
from lessons.model import Pack

#: Bumped when the layout of an entry changes.
ENTRY_FORMAT = 1
_FOLDER = "validated-packs"
_PARSERS = ("markdown-it-py", "pydantic", "PyYAML")


@functools.cache
def validator_version() -> str:
    """A hash of what decides whether a pack is valid: the ``lessons`` code and its parsers."""
    digest = hashlib.sha256(f"entry-format {ENTRY_FORMAT}\n".encode())
    package = Path(lessons.__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    for name in _PARSERS:
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    return digest.hexdigest()


def content_key(files: PackFiles) -> str:
    """The cache key of a pack as read: its files' names and bytes, and the validator version."""
    digest = hashlib.sha256(validator_version().encode())
    for name in sorted(files.files):
        data = files.files[name]
        # Lengths make the encoding unambiguous: no two packs hash the same stream.
        digest.update(f"{len(name)}:{name}:{len(data)}:".encode())
        digest.update(data)
    for error in files.errors:
        digest.update(f"error:{error}".encode())
    return digest.hexdigest()


def load_validated_pack(path: str | os.PathLike[str]) -> Pack | None:
    """The valid pack at ``path`` (folder or zip), or ``None`` when it is not valid.

    Validates only when the pack's content (or the validator) changed since the last time.
    """
    root = Path(path)
    files = read_pack_files(root)
    key = content_key(files)
    entry = _entry_path(root)
    cached = _read_entry(entry, key)
    if cached is not None:
        valid, pack = cached
        return pack.model_copy(update={"root": files.root}) if valid and pack is not None else None
    result = load_pack_files(files)
    pack = result.pack if result.ok else None
    _write_entry(entry, key, pack)
    return pack


def _entry_path(root: Path) -> Path | None:
    try:
        folder = paths.cache_dir() / _FOLDER
    except paths.DataDirError:
        return None
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32]
    return folder / f"{name}.json"


def _read_entry(entry: Path | None, key: str) -> tuple[bool, Pack | None] | None:
    """``(valid, pack)`` from a matching entry, or ``None`` when there is no usable one."""
    if entry is None:
        return None
    try:
        raw = json.loads(entry.read_bytes())
        if not isinstance(raw, dict) or raw.get("key") != key or not isinstance(raw.get("valid"), bool):
            return None
        if not raw["valid"]:
            return False, None
        return True, Pack.model_validate(raw["pack"])
    except (OSError, ValueError, ValidationError, RecursionError):
        # Missing, unreadable, truncated or edited: validate again and rewrite it.
        return None


def _write_entry(entry: Path | None, key: str, pack: Pack | None) -> None:
    if entry is None:
        return
    document = {"key": key, "valid": pack is not None, "pack": None}
    if pack is not None:
        document["pack"] = json.loads(pack.model_copy(update={"root": None}).model_dump_json())
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".entry-", dir=entry.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(document, stream, ensure_ascii=False)
            # Renamed into place: a reader never sees half an entry, even with two processes.
            os.replace(temporary, entry)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        pass  # a read-only or full cache dir only costs the time of validating next time
