"""Read a pack's files into memory, from a folder or a zip, refusing anything unsafe.

Everything downstream (validation, build, install) works on the :class:`PackFiles` returned
here, so what gets installed or rebuilt is exactly what was validated.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from lessons import errors as E
from lessons import limits
from lessons.errors import PackError


@dataclass
class PackFiles:
    """The files of one pack: ``/``-separated relative path -> bytes, plus reading errors.

    ``root`` is the folder the pack was read from (``None`` for a zip or in-memory pack);
    ``label`` names the pack in messages about the pack as a whole.
    """

    files: dict[str, bytes] = field(default_factory=dict)
    errors: list[PackError] = field(default_factory=list)
    root: Path | None = None
    label: str = "."
    #: Clutter that was skipped (see :func:`is_ignored`), so that tools can say so.
    ignored: list[str] = field(default_factory=list)


class FileRefused(Exception):
    """A file that is not read: not a regular file, too large, a link, missing or unreadable.

    ``code`` is one of the error codes in :mod:`lessons.errors`; the message says what to do.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# Opening a FIFO for reading blocks until a writer comes; O_NONBLOCK makes it return at once so
# fstat can refuse it. Both flags are missing on Windows, where neither problem exists.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def open_regular_file(path: str | os.PathLike[str], max_bytes: int, *, follow_links: bool = True) -> BinaryIO:
    """Open the regular file at ``path`` for reading in binary, refusing anything else first.

    Devices (``/dev/zero`` would be read forever), FIFOs (would block), sockets and folders are
    refused without being read, and so is a file larger than ``max_bytes``. With
    ``follow_links=False`` a symbolic link is refused too. Raises :class:`FileRefused`.
    """
    shown = os.fspath(path)
    try:
        # stat before open: opening some devices has effects of its own.
        _check_regular(os.stat(path, follow_symlinks=follow_links), shown, max_bytes)
        fd = os.open(path, _OPEN_FLAGS | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0)))
    except FileNotFoundError:
        raise FileRefused(E.NOT_FOUND, f"{shown} does not exist") from None
    except OSError as error:
        raise FileRefused(E.UNREADABLE, f"cannot read {shown}: {error.strerror or error}") from None
    stream = os.fdopen(fd, "rb")
    try:
        # Checked again on the open file: the path may have been swapped since the stat.
        _check_regular(os.fstat(fd), shown, max_bytes)
        os.set_blocking(fd, True)
    except BaseException:
        stream.close()
        raise
    return stream


def read_regular_file(path: str | os.PathLike[str], max_bytes: int, *, follow_links: bool = True) -> bytes:
    """The bytes of the regular file at ``path`` (see :func:`open_regular_file`).

    The size is checked before reading and again while reading, in case the file grows.
    """
    with open_regular_file(path, max_bytes, follow_links=follow_links) as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused(E.FILE_TOO_LARGE, f"{os.fspath(path)} is larger than {_size(max_bytes)}")
    return data


def _check_regular(info: os.stat_result, shown: str, max_bytes: int) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise FileRefused(E.LINK_REFUSED, f"{shown} is a link; links are not followed")
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(E.NOT_A_FILE, f"{shown} is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(E.NOT_A_FILE, f"{shown} is not a regular file (a device, pipe or socket); give a file")
    if info.st_size > max_bytes:
        raise FileRefused(E.FILE_TOO_LARGE, f"{shown} is larger than {_size(max_bytes)}")


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MB" if count >= 1024 * 1024 else f"{count} bytes"


#: Files that computers and office programs leave beside a teacher's work.
_CLUTTER_NAMES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", "__macosx"})


def is_ignored(relpath: str) -> bool:
    """Whether a path is clutter that is skipped: hidden files and folders (``.DS_Store``,
    ``.git/``), ``__MACOSX/``, ``Thumbs.db``, ``desktop.ini``, Office lock files (``~$quiz.docx``)
    and editor backups (``quiz.yaml~``). Never read, validated, installed, signed or built."""
    return any(
        part.startswith((".", "~$")) or part.endswith("~") or part.lower() in _CLUTTER_NAMES
        for part in relpath.split("/")
    )


def read_pack_files(path: str | os.PathLike[str]) -> PackFiles:
    """Read the pack at ``path`` (a folder or a ``.zip``); problems become errors, never raised."""
    from lessons.zipsafe import read_zip

    path = Path(path)
    label = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return PackFiles(errors=[PackError(label, 1, 1, E.NOT_FOUND, f"{path} does not exist")], label=label)
    except OSError as error:
        message = f"cannot read {path}: {error.strerror or error}"
        return PackFiles(errors=[PackError(label, 1, 1, E.UNREADABLE, message)], label=label)
    if stat.S_ISDIR(info.st_mode):
        return read_folder(path)
    if not stat.S_ISREG(info.st_mode):
        # A device such as /dev/zero would be read forever, a FIFO would block: never open them.
        message = "not a pack: a pack is a folder or a .zip file (this is a device, pipe or socket)"
        return PackFiles(errors=[PackError(label, 1, 1, E.NOT_A_FILE, message)], label=label)
    return read_zip(path)


def read_folder(root: Path) -> PackFiles:
    """Read every regular file under ``root``; links and special files are refused, not followed."""
    result = PackFiles(root=root, label=root.name or str(root))
    total = 0
    count = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        # Sorted so that errors and caps hit the same files on every platform.
        dirnames.sort()
        names = sorted(filenames) + [d for d in dirnames if (base / d).is_symlink()]
        dirnames[:] = [d for d in dirnames if not (base / d).is_symlink()]
        for name in names:
            full = base / name
            rel = full.relative_to(root).as_posix()
            if is_ignored(rel):
                result.ignored.append(rel)
                continue
            info = os.lstat(full)
            if stat.S_ISLNK(info.st_mode):
                result.errors.append(PackError(rel, 1, 1, E.LINK_REFUSED, "links are not allowed in a pack"))
                continue
            if not stat.S_ISREG(info.st_mode):
                result.errors.append(PackError(rel, 1, 1, E.NOT_A_FILE, "not a regular file"))
                continue
            count += 1
            if count > limits.MAX_FILES:
                result.errors.append(
                    PackError(rel, 1, 1, E.TOO_MANY_FILES, f"a pack may hold at most {limits.MAX_FILES} files")
                )
                return result
            if info.st_size > limits.MAX_FILE_BYTES:
                result.errors.append(_too_large(rel))
                continue
            total += info.st_size
            if total > limits.MAX_TOTAL_BYTES:
                result.errors.append(_pack_too_large(rel))
                return result
            try:
                # Not followed and checked again on the open file, in case it was swapped for a
                # link or a FIFO since the walk saw it.
                result.files[rel] = read_regular_file(full, limits.MAX_FILE_BYTES, follow_links=False)
            except FileRefused as error:
                result.errors.append(_refused(rel, error))
    return result


def _refused(rel: str, error: FileRefused) -> PackError:
    """The error for a pack file that was not read, worded like the other pack errors."""
    if error.code == E.FILE_TOO_LARGE:
        return _too_large(rel)
    if error.code == E.LINK_REFUSED:
        return PackError(rel, 1, 1, E.LINK_REFUSED, "links are not allowed in a pack")
    if error.code == E.NOT_A_FILE:
        return PackError(rel, 1, 1, E.NOT_A_FILE, "not a regular file")
    return PackError(rel, 1, 1, error.code, error.message)


def _too_large(rel: str) -> PackError:
    return PackError(
        rel, 1, 1, E.FILE_TOO_LARGE, f"file is larger than the {limits.MAX_FILE_BYTES // (1024 * 1024)} MB limit"
    )


def _pack_too_large(rel: str) -> PackError:
    return PackError(
        rel,
        1,
        1,
        E.PACK_TOO_LARGE,
        f"the pack is larger than the {limits.MAX_TOTAL_BYTES // (1024 * 1024)} MB limit (unpacked)",
    )
