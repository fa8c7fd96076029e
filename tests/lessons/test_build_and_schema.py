"""Deterministic builds and the generated JSON Schemas."""

from __future__ import annotations

import os
import time
import zipfile

from conftest import write_folder

from lessons import load_pack
from lessons.build import FIXED_DATE_TIME, write_zip, zip_bytes
from lessons.schema import SCHEMAS, json_schema


def test_same_input_same_bytes(files, tmp_path):
    first = write_folder(tmp_path / "one", files)
    second = write_folder(tmp_path / "two", dict(reversed(list(files.items()))))
    later = time.time() + 3600
    for path in second.rglob("*"):
        os.utime(path, (later, later))
        if path.is_file():
            path.chmod(0o600)
    write_zip(load_pack(first).files.files, tmp_path / "a.zip")
    write_zip(load_pack(second).files.files, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {FIXED_DATE_TIME}
    assert load_pack(tmp_path / "a.zip").ok


def test_zip_bytes_ignores_input_order(files):
    assert zip_bytes(files) == zip_bytes(dict(sorted(files.items(), reverse=True)))


def test_schemas_describe_every_item_type():
    quiz = json_schema("quiz")
    assert quiz["$schema"].endswith("2020-12/schema")
    item_refs = quiz["properties"]["items"]["items"]["discriminator"]["mapping"]
    assert set(item_refs) == {"single_choice", "multiple_choice", "true_false", "numeric", "ordering", "red_flags", "scenario"}
    manifest = json_schema("pack")
    assert {"id", "version", "languages", "lessons"} <= set(manifest["required"])
    assert set(SCHEMAS) == {"pack", "quiz", "lesson", "lesson-translation"}
