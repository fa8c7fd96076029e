"""Where Invest Quest keeps its files.

Durable learner data lives in the data dir; re-downloadable data (price cache) in the cache dir.
Nothing is ever written next to the code: on phones the app bundle is read-only.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

APP_NAME = "invest-quest"

_data_dir_override: Path | None = None
# Folders already found usable in this process: the write probe runs once per folder.
_usable: set[Path] = set()


class DataDirError(Exception):
    """The data or cache folder cannot be used; the message says what is wrong and what to do."""


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Use ``path`` as the data dir for this process (the ``--data-dir`` option)."""
    global _data_dir_override
    _data_dir_override = Path(path).expanduser().resolve() if path else None


def data_dir_chosen() -> bool:
    """Whether the data dir was chosen explicitly (``--data-dir`` or ``EDU_APP_DATA_DIR``)."""
    return _data_dir_override is not None or bool(os.environ.get("EDU_APP_DATA_DIR"))


def _data_dir_and_origin() -> tuple[Path, str]:
    if _data_dir_override is not None:
        return _data_dir_override, "set by --data-dir"
    if os.environ.get("EDU_APP_DATA_DIR"):
        return Path(os.environ["EDU_APP_DATA_DIR"]).expanduser(), "set by EDU_APP_DATA_DIR"
    if os.environ.get("FLET_APP_STORAGE_DATA"):
        return Path(os.environ["FLET_APP_STORAGE_DATA"]), "set by FLET_APP_STORAGE_DATA"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)), "the platform default"


def data_dir() -> Path:
    """The directory for durable data, created if missing.

    Order: ``--data-dir``, ``EDU_APP_DATA_DIR``, ``FLET_APP_STORAGE_DATA`` (set by Flet builds),
    then the platform user-data dir. Raises :class:`DataDirError` when it is a file or cannot be
    created or written.
    """
    path, origin = _data_dir_and_origin()
    return _usable_dir(path, "data folder", origin)


def _usable_dir(path: Path, what: str, origin: str) -> Path:
    """``path``, created if missing, once it is known to be a folder this process can write in."""
    if path in _usable:
        return path
    advice = (
        "choose another folder with --data-dir DIR (or EDU_APP_DATA_DIR); it is created if missing"
    )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise DataDirError(f"the {what} {path} ({origin}) is a file, not a folder: {advice}") from None
    except NotADirectoryError:
        raise DataDirError(
            f"the {what} {path} ({origin}) cannot be created: part of its path is a file: {advice}"
        ) from None
    except OSError as error:
        if not path.is_dir():
            raise DataDirError(
                f"the {what} {path} ({origin}) cannot be created ({error.strerror or error}): {advice}"
            ) from None
    try:
        # Permission bits do not tell (root, read-only mounts, ACLs): try a real write.
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        raise DataDirError(
            f"the {what} {path} ({origin}) is not writable ({error.strerror or error}): "
            f"make it writable, or {advice}"
        ) from None
    _usable.add(path)
    return path


def cache_dir() -> Path:
    """The directory for re-downloadable data (price cache), created if missing.

    When a data dir was chosen explicitly, the cache sits inside it under ``cache/`` so that a
    temporary or portable data dir carries everything with it. Raises :class:`DataDirError`
    like :func:`data_dir`.
    """
    if data_dir_chosen():
        path, origin = data_dir() / "cache", "inside the data folder"
    elif os.environ.get("FLET_APP_STORAGE_TEMP"):
        path, origin = Path(os.environ["FLET_APP_STORAGE_TEMP"]), "set by FLET_APP_STORAGE_TEMP"
    else:
        import platformdirs

        path, origin = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)), "the platform default"
    return _usable_dir(path, "cache folder", origin)


def assets_dir() -> Path:
    """The read-only bundled assets (fonts, price series, icons)."""
    return Path(__file__).resolve().parent.parent / "assets"
