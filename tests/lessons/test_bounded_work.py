"""Hostile input must cost bounded work: crafted Markdown, devices, FIFOs and oversize files.

Each pathological pack is validated in a child process with a generous hang guard (20 s);
before the caps it took a minute or more, or never ended. Speed figures are
printed by ``benchmarks/bench_pack_validate.py``, not asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LESSON_EN, write_folder, write_zip

from lessons import limits, load_pack
from lessons.files import FileRefused, read_regular_file

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_SECONDS = 20
SIZE = 4_900_000  # just under the 5 MB single-file cap, as in the report of the problem


def edu_app(*argv: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process; a hang fails the test instead of stalling it."""
    env = {**os.environ, "EDU_APP_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "edu_app", *argv],
            capture_output=True, text=True, timeout=HANG_GUARD_SECONDS, env=env, cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"edu-app {' '.join(argv)} did not finish within {HANG_GUARD_SECONDS} s")


def _repeat(unit: str, tail: str = "") -> str:
    return unit * ((SIZE - len(tail)) // len(unit)) + tail


# body appended to the lesson -> the error codes the pack must end with (empty: it validates)
PATHOLOGICAL = {
    "open brackets": (_repeat("["), set()),
    "open brackets closed once": (_repeat("[", "]"), {"too-much-markup"}),
    "image openings": (_repeat("![x]("), {"too-much-markup"}),
    "link openings": (_repeat("[a]("), {"too-much-markup"}),
    "nested emphasis with a link": (_repeat("*a_", " [x](https://example.org)"), {"too-much-markup"}),
    "backtick runs": (_repeat("``a", "]"), {"too-much-markup"}),
    "angle brackets": (_repeat("<"), set()),
    "html openings": (_repeat("<a "), {"too-much-markup"}),
    "escapes and entities": (_repeat("\\[&#", "]"), {"too-much-markup"}),
    # One cause, one error: the refused lesson's translation is not also reported card by card.
    "short lines": (_repeat("a\n"), {"too-much-markup"}),
    "deep blockquote": (_repeat(">"), set()),
    "deeply nested list": ("".join("  " * i + "- [a](https://example.org)\n" for i in range(900)), set()),
    "deeply nested blockquotes": ("".join("> " * i + "a\n" for i in range(900)), set()),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_markdown_validates_or_fails_quickly(files, tmp_path, name):
    body, expected = PATHOLOGICAL[name]
    files[LESSON_EN] = files[LESSON_EN] + b"\n" + body.encode()
    pack = write_folder(tmp_path / "pack", files)
    # The validator as the app and the catalog run it, in a child process under the hang guard.
    # (`edu-app pack validate` adds the compliance wording check on top; it is not timed here.)
    script = "import json, sys; from lessons import load_pack; print(json.dumps(load_pack(sys.argv[1]).summary()))"
    try:
        done = subprocess.run([sys.executable, "-c", script, str(pack)], capture_output=True, text=True,
                              timeout=HANG_GUARD_SECONDS, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        pytest.fail(f"validating '{name}' did not finish within {HANG_GUARD_SECONDS} s")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    summary = json.loads(done.stdout)
    assert {error["code"] for error in summary["errors"]} == expected
    for error in summary["errors"]:
        assert error["line"] >= 1 and error["col"] >= 1
        assert error["path"] == LESSON_EN or error["code"] == "extra-card"


def test_markup_cap_is_shared_by_the_lessons_of_a_pack(files, tmp_path, monkeypatch):
    # Split over many files, the markup still counts once per pack: the work stays bounded.
    monkeypatch.setattr(limits, "MAX_PACK_MARKUP", 50)
    link = "[a](https://example.org) " * 4
    files[LESSON_EN] = files[LESSON_EN] + (("\n" + link + "\n") * 3).encode()
    zh = LESSON_EN.replace("en.md", "zh-CN.md")
    files[zh] = files[zh] + (("\n" + link + "\n") * 3).encode()
    errors = [e for e in load_pack(write_folder(tmp_path / "pack", files)).errors if e.code == "too-much-markup"]
    assert [e.path for e in errors] == [zh]
    assert "at most 50" in errors[0].message


def test_a_lesson_over_the_line_cap_names_the_cap(files):
    from conftest import load

    files[LESSON_EN] = files[LESSON_EN] + b"\nline\n" * limits.MAX_LESSON_LINES
    [error] = [e for e in load(files).errors if e.path == LESSON_EN]
    assert (error.line, error.code) == (1, "too-much-markup")
    assert f"at most {limits.MAX_LESSON_LINES}" in error.message


def test_link_errors_on_one_line_are_capped(files):
    from conftest import load

    files[LESSON_EN] = files[LESSON_EN] + b"\n" + "".join(f"[x](javascript:{i}) " for i in range(500)).encode()
    errors = load(files).errors
    assert {e.code for e in errors} == {"link-scheme"}
    assert len(errors) == limits.MAX_MARKUP_ERRORS_PER_FILE


# ----- only regular files are read ------------------------------------------------------------------


def test_validate_dev_zero_is_refused_without_reading_it(tmp_path):
    done = edu_app("pack", "validate", "/dev/zero", data_dir=tmp_path / "data")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout.startswith("zero:1:1: not a pack: a pack is a folder or a .zip file")
    assert "[not-a-file]" in done.stdout


@pytest.mark.parametrize("name", ["pack", "pack.zip"])
def test_validate_and_install_a_fifo_does_not_block(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    for command in ("validate", "install"):
        done = edu_app("pack", command, str(fifo), data_dir=tmp_path / "data")
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert f"{name}:1:1: not a pack" in done.stdout + done.stderr


def test_fifo_and_link_to_dev_zero_inside_a_pack_are_refused(files, tmp_path):
    root = write_folder(tmp_path / "pack", files)
    os.mkfifo(root / "media" / "pipe.png")
    (root / "media" / "zero.png").symlink_to("/dev/zero")
    done = edu_app("pack", "validate", str(root), "--json", data_dir=tmp_path / "data")
    errors = {(e["path"], e["code"]) for e in json.loads(done.stdout)["errors"]}
    assert errors == {("media/pipe.png", "not-a-file"), ("media/zero.png", "link-refused")}


def test_oversize_file_in_a_folder_is_refused_before_reading(files, tmp_path, monkeypatch):
    root = write_folder(tmp_path / "pack", files)
    with open(root / "media" / "huge.png", "wb") as handle:
        handle.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: no disk used
    reads: list[str] = []
    real_read = read_regular_file

    def spy(path, max_bytes, **kwargs):
        reads.append(Path(path).name)
        return real_read(path, max_bytes, **kwargs)

    monkeypatch.setattr("lessons.files.read_regular_file", spy)
    result = load_pack(root)
    assert [(e.path, e.code) for e in result.errors] == [("media/huge.png", "file-too-large")]
    assert "huge.png" not in reads


def test_zip_that_is_too_large_is_refused_before_reading(files, tmp_path, monkeypatch):
    archive = write_zip(tmp_path / "pack.zip", files)
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 100)
    monkeypatch.setattr(limits, "MAX_FILES", 1)
    [error] = load_pack(archive).errors
    assert (error.path, error.code) == ("pack.zip", "file-too-large")
    assert "the zip is larger than" in error.message


@pytest.mark.parametrize("importer", ["import-gift", "import-aiken"])
def test_importers_refuse_devices_fifos_and_oversize_files(tmp_path, importer):
    fifo = tmp_path / "questions.txt"
    os.mkfifo(fifo)
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(limits.MAX_FILE_BYTES + 1)
    for source, message in (
        ("/dev/zero", "is not a regular file"),
        (str(fifo), "is not a regular file"),
        (str(big), "is larger than 5 MB"),
        (str(tmp_path / "missing.txt"), "does not exist"),
    ):
        done = edu_app("pack", importer, source, "-o", str(tmp_path / "out"), data_dir=tmp_path / "data")
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert done.stderr.startswith(f"edu-app: {source} ") and message in done.stderr
        assert not (tmp_path / "out").exists()


def test_read_regular_file_refuses_a_link_when_asked(tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(b"text")
    (tmp_path / "link.txt").symlink_to(target)
    assert read_regular_file(tmp_path / "link.txt", 10) == b"text"
    with pytest.raises(FileRefused) as refused:
        read_regular_file(tmp_path / "link.txt", 10, follow_links=False)
    assert refused.value.code == "link-refused"
