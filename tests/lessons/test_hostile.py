"""Packs come from strangers: each attack here is tried by a pack and must end as an error."""

from __future__ import annotations

import socket
import stat
import zipfile
from pathlib import Path

import pytest
from conftest import LESSON_EN, QUIZ, codes, edit, load, write_folder, write_zip

from lessons import limits, load_pack


def test_python_object_tag_is_an_error_not_a_call(files, tmp_path):
    marker = tmp_path / "pwned"
    edit(files, "pack.yaml", lambda t: t + f"x: !!python/object/apply:os.system ['touch {marker}']\n")
    edit(files, QUIZ, lambda t: t.replace("answer: 134.4", "answer: !!python/object:builtins.float 1"))
    result = load(files)
    assert {"yaml-unsafe-tag"} <= codes(result)
    assert sum(e.code == "yaml-unsafe-tag" for e in result.errors) == 2
    assert not marker.exists()


def test_aliases_are_refused_so_billion_laughs_cannot_expand(files):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    files[QUIZ] = bomb.encode()
    result = load(files)
    alias_errors = [e for e in result.errors if e.code == "yaml-alias"]
    assert alias_errors and alias_errors[0].line == 2


def test_deep_nesting_is_an_error_not_a_crash(files):
    # libyaml's composer would overflow the C stack on this one and kill the process.
    files[QUIZ] = ("items: " + "[" * 100_000 + "]" * 100_000 + "\n").encode()
    assert {e.path for e in load(files).errors if e.code == "yaml-too-deep"} == {QUIZ}
    files["pack.yaml"] = ("x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)) + "  " * 60 + "v: 1\n").encode()
    assert {e.path for e in load(files).errors if e.code == "yaml-too-deep"} == {"pack.yaml"}


@pytest.mark.parametrize(
    "name",
    ["/etc/evil.txt", "../evil.txt", "media/../../evil.txt", "C:/evil.txt", "media\\..\\evil.png"],
)
def test_zip_entries_escaping_the_pack_are_refused(files, tmp_path, name):
    archive = write_zip(tmp_path / "evil.zip", [*files.items(), (name, b"owned")])
    result = load_pack(archive)
    assert "unsafe-path" in codes(result)


def test_zip_symlink_entries_are_refused(files, tmp_path):
    link = zipfile.ZipInfo("media/link.png")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = write_zip(tmp_path / "link.zip", [*files.items(), (link, b"/etc/passwd")])
    assert "link-refused" in codes(load_pack(archive))


def test_folder_symlinks_are_refused(files, tmp_path):
    root = write_folder(tmp_path / "pack", files)
    (root / "media" / "passwd.png").symlink_to("/etc/passwd")
    (root / "media" / "dir").symlink_to("/etc")
    result = load_pack(root)
    assert sorted(e.path for e in result.errors if e.code == "link-refused") == ["media/dir", "media/passwd.png"]


def test_zip_bomb_by_compression_ratio(files, tmp_path):
    archive = write_zip(tmp_path / "bomb.zip", [*files.items(), ("media/bomb.png", b"\0" * (3 * 1024 * 1024))])
    assert "compression-ratio" in codes(load_pack(archive))


def test_single_file_cap_checks_inflated_bytes(files, tmp_path):
    archive = write_zip(tmp_path / "big.zip", [*files.items(), ("media/big.png", b"\0" * (limits.MAX_FILE_BYTES + 1))])
    assert "file-too-large" in codes(load_pack(archive))


def test_file_count_and_total_size_caps(files, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILES", 5)
    many = write_zip(tmp_path / "many.zip", [*files.items(), *((f"media/{i}.png", b"x") for i in range(10))])
    assert "too-many-files" in codes(load_pack(many))
    assert "too-many-files" in codes(load_pack(write_folder(tmp_path / "many", dict(files, **{f"media/{i}.png": b"x" for i in range(10)}))))
    monkeypatch.setattr(limits, "MAX_FILES", 2000)
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 4000)
    assert "pack-too-large" in codes(load_pack(write_zip(tmp_path / "total.zip", files)))
    assert "pack-too-large" in codes(load_pack(write_folder(tmp_path / "total", files)))


def test_only_images_flet_can_show(files):
    files["media/evil.svg"] = b"<svg onload='alert(1)'/>"
    files["media/fake.png"] = b"<html><script>alert(1)</script></html>"
    files["media/tool.exe"] = b"MZ\x90\x00"
    edit(files, LESSON_EN, lambda t: t + "\n![vector](media/evil.svg)\n")
    result = load(files)
    bad = {e.path for e in result.errors if e.code == "bad-media-type"}
    assert bad == {"media/evil.svg", "media/fake.png", "media/tool.exe", LESSON_EN}


@pytest.mark.parametrize(
    "markdown",
    [
        "[click](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        "[file](file:///etc/passwd)",
        "[relative](../../secret)",
        "[ref][r]\n\n[r]: vbscript:msgbox",
    ],
)
def test_only_http_https_mailto_links(files, markdown):
    edit(files, LESSON_EN, lambda t: t + "\n" + markdown + "\n")
    assert codes(load(files)) == {"link-scheme"}


def test_allowed_links_pass(files):
    edit(files, LESSON_EN, lambda t: t + "\n[a](https://example.org) [b](http://example.org) [c](mailto:x@example.org)\n")
    assert load(files).ok


def test_raw_html_is_refused(files):
    edit(files, LESSON_EN, lambda t: t + "\n<img src=x onerror=alert(1)>\n\nText <b onclick='x()'>bold</b>\n")
    assert [e.code for e in load(files).errors] == ["raw-html"] * 3  # the block, <b> and </b>


def test_remote_images_are_never_fetched(files, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the validator tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    edit(files, LESSON_EN, lambda t: t + "\n![tracker](https://evil.example/pixel.png)\n")
    assert codes(load(files)) == {"remote-image"}


def test_image_paths_cannot_leave_media(files):
    edit(files, LESSON_EN, lambda t: t + "\n![x](media/../pack.yaml) ![y](/etc/passwd.png)\n")
    assert codes(load(files)) == {"missing-media"}


def test_not_utf8_is_an_error_with_its_line(files):
    files[QUIZ] = "items:\n  - id: café\n".encode("latin-1")
    [error] = [e for e in load(files).errors if e.path == QUIZ]
    assert (error.code, error.line) == ("encoding", 2)


def test_bad_scalars_do_not_crash(files):
    edit(files, "pack.yaml", lambda t: t.replace("accessed: 2026-01-15", "accessed: 2026-13-45"))
    edit(files, QUIZ, lambda t: t.replace("answer: 134.4", "answer: " + "9" * 5000))
    result = load(files)
    assert {"yaml-bad-value"} <= codes(result)


def test_duplicate_keys_are_errors(files):
    edit(files, "pack.yaml", lambda t: t.replace("license: CC-BY-4.0", "license: CC-BY-4.0\nlicense: MIT"))
    assert codes(load(files)) == {"yaml-duplicate-key"}


def test_special_files_in_folder_are_refused(files, tmp_path):
    import os

    root = write_folder(tmp_path / "pack", files)
    os.mkfifo(root / "media" / "pipe.png")  # reading it would block forever
    assert "not-a-file" in codes(load_pack(root))


def test_unexpected_files_are_reported(files, tmp_path: Path):
    files["run.sh"] = b"#!/bin/sh\nrm -rf ~\n"
    files["lessons/guaranteed-returns/payload.py"] = b"import os"
    assert {e.path for e in load(files).errors if e.code == "unexpected-file"} == {
        "run.sh",
        "lessons/guaranteed-returns/payload.py",
    }
