"""The learner's lesson-pack library: built-in packs shipped in ``lessons/packs/`` plus packs
installed into ``data_dir()/packs/<id>/``. Plain folders, no database.

Installing validates first and refuses an invalid pack with all its errors; the files that
were validated are written to a temporary folder next to the target, which is then renamed
into place, so a failed install never leaves a half-written pack.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import lessons.loader
from edu_app import paths
from edu_app.trust import PackTrust, assess
from lessons.errors import PackError
from lessons.files import read_pack_files
from lessons.loader import MANIFEST_FILE, load_pack_files, read_manifest
from lessons.model import SLUG_PATTERN, Manifest, version_key
from lessons.signing import SignatureStatus, check_signature

PackSource = Literal["builtin", "installed"]
_LEFTOVER_AGE_SECONDS = 3600


@dataclass(frozen=True)
class PackInfo:
    """One pack of the library, as the Library screen and ``edu-app pack list`` show it."""

    id: str
    title: dict[str, str]
    version: str
    publisher: str
    languages: list[str]
    source_language: str
    source: PackSource
    path: Path


class PackLibraryError(Exception):
    """A library operation refused; ``errors`` holds the validation errors of an invalid pack."""

    def __init__(self, message: str, errors: list[PackError] | None = None) -> None:
        super().__init__(message)
        self.errors: list[PackError] = errors or []


def builtin_packs_dir() -> Path:
    """``lessons/packs/`` of the installed ``lessons`` package (read-only in app bundles)."""
    return Path(lessons.loader.__file__).resolve().parent / "packs"


def installed_packs_dir() -> Path:
    """``data_dir()/packs``, created if missing."""
    directory = paths.data_dir() / "packs"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def list_packs() -> list[PackInfo]:
    """Built-in packs, then installed ones, each sorted by id. Unreadable folders are skipped."""
    return _scan(builtin_packs_dir(), "builtin") + _scan(installed_packs_dir(), "installed")


def find_pack(pack_id: str) -> PackInfo | None:
    """The pack with this id (an installed copy never shadows a built-in one)."""
    return next((info for info in list_packs() if info.id == pack_id), None)


def install_pack(path: str | os.PathLike[str]) -> PackInfo:
    """Validate the pack at ``path`` (folder or zip) and install it, replacing an older version.

    Raises :class:`PackLibraryError` when the pack is invalid (with every error), has the id of a
    built-in pack, or is older than the installed copy.
    """
    source = Path(path)
    result = load_pack_files(read_pack_files(source))
    if not result.ok or result.pack is None:
        raise PackLibraryError(f"{source} is not a valid pack; nothing was installed", result.errors)
    manifest = result.pack.manifest
    if any(info.id == manifest.id for info in _scan(builtin_packs_dir(), "builtin")):
        raise PackLibraryError(f"'{manifest.id}' is the id of a built-in pack; give the pack another id")
    signature = check_signature(result.files.files)
    if signature.signed and signature.status is not SignatureStatus.VALID:
        raise PackLibraryError(f"{source.name}: {signature.reason}; nothing was installed")
    library = installed_packs_dir()
    target = library / manifest.id
    current = _info(target, "installed") if target.exists() else None
    if current is not None and version_key(manifest.version) < version_key(current.version):
        raise PackLibraryError(
            f"version {current.version} of '{manifest.id}' is installed, newer than {manifest.version}; "
            f"remove it first to go back"
        )
    if current is not None:
        _check_same_signer(manifest.id, target, signature.public_key if signature.signed else None)
    _sweep_leftovers(library)
    staging = Path(tempfile.mkdtemp(prefix=f".install-{manifest.id}-", dir=library))
    try:
        for relative, data in result.files.files.items():
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
        if target.exists():
            retired = library / f".old-{manifest.id}-{uuid.uuid4().hex[:8]}"
            os.replace(target, retired)
            os.replace(staging, target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return _make_info(manifest, "installed", target)


def _check_same_signer(pack_id: str, target: Path, new_key: bytes | None) -> None:
    """A signed installed pack may only be replaced by a version signed with the same key: a
    look-alike must not take over a trusted pack's id (and the learner's history with it)."""
    installed = check_signature(read_pack_files(target).files)
    if installed.status is not SignatureStatus.VALID or installed.public_key == new_key:
        return
    from lessons.signing import fingerprint

    now = f"signed by key {fingerprint(new_key)}" if new_key else "unsigned"
    raise PackLibraryError(
        f"'{pack_id}' is installed signed by {installed.publisher} (key {installed.fingerprint}); this version "
        f"is {now}, so it cannot replace it. A new version must be signed with the same key; remove the "
        f"installed pack first only if you trust the new publisher"
    )


def builtin_publishers() -> set[str]:
    """Publisher names of the built-in packs: reserved, flagged when another pack claims them."""
    return {info.publisher for info in _scan(builtin_packs_dir(), "builtin")}


def pack_trust(info: PackInfo) -> PackTrust:
    """Where ``info``'s pack comes from: built in, verified publisher, unverified or broken."""
    if info.source == "builtin":
        return assess({}, info.publisher, builtin=True)
    files = read_pack_files(info.path).files
    return assess(files, info.publisher, reserved_names=builtin_publishers())


def remove_pack(pack_id: str) -> PackInfo:
    """Remove an installed pack; built-in packs cannot be removed. Returns what was removed."""
    if re.fullmatch(SLUG_PATTERN, pack_id) is None:
        raise PackLibraryError(f"'{pack_id}' is not a pack id")
    if any(info.id == pack_id for info in _scan(builtin_packs_dir(), "builtin")):
        raise PackLibraryError(f"'{pack_id}' is a built-in pack and cannot be removed")
    target = installed_packs_dir() / pack_id
    if not (target / MANIFEST_FILE).is_file():
        raise PackLibraryError(f"no installed pack with id '{pack_id}'")
    info = _info(target, "installed")
    retired = target.with_name(f".old-{pack_id}-{uuid.uuid4().hex[:8]}")
    # Renamed first so the pack disappears at once, even if deleting its files takes a while.
    os.replace(target, retired)
    shutil.rmtree(retired, ignore_errors=True)
    return info or PackInfo(pack_id, {}, "", "", [], "", "installed", target)


def _scan(directory: Path, source: PackSource) -> list[PackInfo]:
    if not directory.is_dir():
        return []
    found = []
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir() or (source == "builtin" and entry.suffix == ".zip"):
            info = _info(entry, source)
            # An installed folder must be named after its pack; anything else was not installed by us.
            if info is not None and (source == "builtin" or info.id == entry.name):
                found.append(info)
    return sorted(found, key=lambda info: info.id)


def _info(path: Path, source: PackSource) -> PackInfo | None:
    manifest, _ = read_manifest(path)
    return _make_info(manifest, source, path) if manifest is not None else None


def _make_info(manifest: Manifest, source: PackSource, path: Path) -> PackInfo:
    return PackInfo(
        id=manifest.id,
        title=dict(manifest.title),
        version=manifest.version,
        publisher=manifest.publisher,
        languages=list(manifest.languages),
        source_language=manifest.source_language,
        source=source,
        path=path,
    )


def _sweep_leftovers(library: Path) -> None:
    """Remove staging and retired folders left by an install that was killed half-way.

    Only old ones: a recent one may belong to an install running right now in another process.
    """
    cutoff = time.time() - _LEFTOVER_AGE_SECONDS
    for entry in library.iterdir():
        if entry.name.startswith((".install-", ".old-")) and entry.is_dir() and entry.stat().st_mtime < cutoff:
            shutil.rmtree(entry, ignore_errors=True)
