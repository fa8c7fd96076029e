"""Read a pack from a zip archive written by a stranger.

Refused: absolute paths, ``..``, backslashes and drive letters in entry names, links, duplicate
and encrypted entries, and anything over the caps in :mod:`lessons.limits`. Sizes are enforced
on the bytes actually inflated, not on the sizes the archive claims.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from pathlib import Path

from lessons import errors as E
from lessons import limits
from lessons.errors import PackError
from lessons.files import FileRefused, PackFiles, _pack_too_large, _too_large, is_ignored, open_regular_file

_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 64 * 1024


def unsafe_entry_reason(name: str) -> str | None:
    """Why a zip entry name is unsafe to extract, or ``None`` when it is safe."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "absolute paths are not allowed in a pack"
    if "\\" in name:
        return "backslashes are not allowed in entry names"
    parts = name.rstrip("/").split("/")
    if any(part == ".." for part in parts):
        return "'..' is not allowed in entry names"
    if any(part in ("", ".") for part in parts) or "\x00" in name:
        return "malformed entry name"
    return None


def max_zip_bytes() -> int:
    """Largest zip archive read: the unpacked cap, plus room for every entry's headers."""
    return limits.MAX_TOTAL_BYTES + limits.MAX_FILES * 1024


def read_zip(path: Path) -> PackFiles:
    """Read the pack inside the zip at ``path``.

    A zip of the pack folder may hold the files at its root or inside one top-level folder.
    """
    label = path.name
    result = PackFiles(label=label)
    try:
        stream = open_regular_file(path, max_zip_bytes())
    except FileRefused as error:
        message = error.message.replace(str(path), "the zip") if error.code != E.NOT_FOUND else error.message
        result.errors.append(PackError(label, 1, 1, error.code, message))
        return result
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        stream.close()
        result.errors.append(PackError(label, 1, 1, E.BAD_ZIP, f"not a readable zip file ({error})"))
        return result
    with stream, archive:
        infos = archive.infolist()
        if len(infos) > limits.MAX_FILES:
            result.errors.append(
                PackError(label, 1, 1, E.TOO_MANY_FILES, f"a pack may hold at most {limits.MAX_FILES} files")
            )
            return result
        total = 0
        backslashed: list[str] = []
        for info in infos:
            name = info.filename
            reason = unsafe_entry_reason(name)
            if reason and "\\" in name and not name.startswith("\\") and not _DRIVE.match(name):
                backslashed.append(name)
                continue
            if reason:
                result.errors.append(PackError(_shown(name), 1, 1, E.UNSAFE_PATH, reason))
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                result.errors.append(PackError(name, 1, 1, E.LINK_REFUSED, "links are not allowed in a pack"))
                continue
            if info.is_dir() or is_ignored(name):
                if not info.is_dir():
                    result.ignored.append(name)
                continue
            if name in result.files:
                result.errors.append(PackError(name, 1, 1, E.DUPLICATE_ENTRY, "the zip holds this file twice"))
                continue
            if info.flag_bits & 0x1:
                result.errors.append(PackError(name, 1, 1, E.ENCRYPTED_ENTRY, "encrypted entries are not allowed"))
                continue
            if info.file_size > limits.MAX_FILE_BYTES:
                result.errors.append(_too_large(name))
                continue
            if (
                info.file_size > limits.RATIO_CHECK_MIN_BYTES
                and info.file_size > limits.MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
            ):
                result.errors.append(
                    PackError(
                        name,
                        1,
                        1,
                        E.COMPRESSION_RATIO,
                        f"compressed more than {limits.MAX_COMPRESSION_RATIO}:1, refused as a possible zip bomb",
                    )
                )
                continue
            data = _read_capped(archive, info, result)
            if data is None:
                continue
            total += len(data)
            if total > limits.MAX_TOTAL_BYTES:
                result.errors.append(_pack_too_large(name))
                return result
            result.files[name] = data
        if backslashed:
            result.errors.append(_backslash_error(backslashed))
    result.files = _strip_top_folder(result.files)
    return result


def _backslash_error(names: list[str]) -> PackError:
    """One error for every entry written with Windows path separators: one cause, one fix."""
    count = f"{len(names)} entries use" if len(names) > 1 else "this entry uses"
    message = (
        f"{count} backslashes (\\) in their paths, as zips made by some Windows tools do; such a zip "
        "cannot be read safely. Make the zip with 'edu-app pack build FOLDER -o FILE.zip' instead"
    )
    return PackError(_shown(names[0]), 1, 1, E.UNSAFE_PATH, message)


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, result: PackFiles) -> bytes | None:
    """Inflate one entry, stopping as soon as it passes the single-file cap."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limits.MAX_FILE_BYTES:
                    result.errors.append(_too_large(info.filename))
                    return None
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as error:
        result.errors.append(PackError(info.filename, 1, 1, E.BAD_ZIP, f"cannot read this entry ({error})"))
        return None
    return b"".join(chunks)


def _strip_top_folder(files: dict[str, bytes]) -> dict[str, bytes]:
    if "pack.yaml" in files or not files:
        return files
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) != 1 or not all("/" in name for name in files):
        return files
    prefix = tops.pop() + "/"
    if prefix + "pack.yaml" not in files:
        return files
    return {name[len(prefix) :]: data for name, data in files.items()}


def _shown(name: str) -> str:
    # Unsafe names are shown as written but never used as paths.
    return name.replace("\x00", "\\0") or "(empty name)"
