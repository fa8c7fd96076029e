"""Read a pack's files into memory, from a folder or a zip, refusing anything unsafe.

Everything downstream (validation, build, install) works on the :class:`PackFiles` returned
here, so what gets installed or rebuilt is exactly what was validated.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

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


def is_ignored(relpath: str) -> bool:
    """Whether a path is operating-system clutter that is skipped silently (``.DS_Store``,
    ``__MACOSX/``, editor swap files): never read, validated, installed or built."""
    return any(part.startswith(".") or part == "__MACOSX" for part in relpath.split("/"))


def read_pack_files(path: str | os.PathLike[str]) -> PackFiles:
    """Read the pack at ``path`` (a folder or a ``.zip``); problems become errors, never raised."""
    from lessons.zipsafe import read_zip

    path = Path(path)
    label = path.name or str(path)
    if not path.exists():
        return PackFiles(errors=[PackError(label, 1, 1, E.NOT_FOUND, f"{path} does not exist")], label=label)
    if path.is_dir():
        return read_folder(path)
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
            result.files[rel] = full.read_bytes()
    return result


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
