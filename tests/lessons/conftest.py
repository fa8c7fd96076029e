"""Shared helpers: the starter pack as in-memory files, and writers for folders and zips."""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

# The repo root first, so `lessons` is this checkout's package even when the virtualenv's
# editable install has a stale idea of it (it maps `lessons` to a namespace package).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from lessons.files import PackFiles
from lessons.loader import LoadResult, load_pack_files
from lessons.starter import write_starter

FIXTURES = Path(__file__).parent / "fixtures"
QUIZ = "lessons/guaranteed-returns/quiz.yaml"
LESSON_EN = "lessons/guaranteed-returns/en.md"
LESSON_ZH = "lessons/guaranteed-returns/zh-CN.md"


def _starter(tmp: Path) -> dict[str, bytes]:
    write_starter(tmp, "starter", "Starter")
    return {p.relative_to(tmp).as_posix(): p.read_bytes() for p in sorted(tmp.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def starter(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files of a fresh ``pack new`` starter pack (valid, lock included)."""
    return _starter(tmp_path_factory.mktemp("starter") / "pack")


@pytest.fixture
def files(starter: dict[str, bytes]) -> dict[str, bytes]:
    """A private, editable copy of the starter's files."""
    return dict(starter)


def load(files: dict[str, bytes]) -> LoadResult:
    """Validate in-memory pack files."""
    return load_pack_files(PackFiles(files=dict(files)))


def edit(files: dict[str, bytes], path: str, change: Callable[[str], str]) -> None:
    """Apply a text edit to one file, insisting it changes something."""
    before = files[path].decode()
    after = change(before)
    assert after != before, f"edit of {path} changed nothing"
    files[path] = after.encode()


def write_folder(root: Path, files: dict[str, bytes]) -> Path:
    for relative, data in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def write_zip(path: Path, entries: dict[str, bytes] | list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    items = entries.items() if isinstance(entries, dict) else entries
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            archive.writestr(name, data)
    return path


def codes(result: LoadResult) -> set[str]:
    return {error.code for error in result.errors}


def line_of(text: bytes | str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    text = text.decode() if isinstance(text, bytes) else text
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")
