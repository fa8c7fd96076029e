"""Where Invest Quest keeps its files.

Durable learner data lives in the data dir; re-downloadable data (price cache) in the cache dir.
Nothing is ever written next to the code: on phones the app bundle is read-only.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "invest-quest"

_data_dir_override: Path | None = None


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Use ``path`` as the data dir for this process (the ``--data-dir`` option)."""
    global _data_dir_override
    _data_dir_override = Path(path).expanduser().resolve() if path else None


def data_dir() -> Path:
    """The directory for durable data, created if missing.

    Order: ``--data-dir``, ``EDU_APP_DATA_DIR``, ``FLET_APP_STORAGE_DATA`` (set by Flet builds),
    then the platform user-data dir.
    """
    if _data_dir_override is not None:
        path = _data_dir_override
    elif os.environ.get("EDU_APP_DATA_DIR"):
        path = Path(os.environ["EDU_APP_DATA_DIR"]).expanduser()
    elif os.environ.get("FLET_APP_STORAGE_DATA"):
        path = Path(os.environ["FLET_APP_STORAGE_DATA"])
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """The directory for re-downloadable data (price cache), created if missing.

    When a data dir was chosen explicitly, the cache sits inside it under ``cache/`` so that a
    temporary or portable data dir carries everything with it.
    """
    if _data_dir_override is not None or os.environ.get("EDU_APP_DATA_DIR"):
        path = data_dir() / "cache"
    elif os.environ.get("FLET_APP_STORAGE_TEMP"):
        path = Path(os.environ["FLET_APP_STORAGE_TEMP"])
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def assets_dir() -> Path:
    """The read-only bundled assets (fonts, price series, icons)."""
    return Path(__file__).resolve().parent.parent / "assets"
