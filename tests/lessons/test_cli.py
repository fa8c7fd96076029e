"""The `edu-app pack` commands, run through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, QUIZ, write_folder, write_zip

from edu_app import pack_library, paths
from edu_app.cli import main


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """A private data dir and a built-in packs folder holding only the tiny fixture pack."""
    monkeypatch.setenv("EDU_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(paths, "_data_dir_override", None)
    builtin = tmp_path / "builtin"
    write_folder(builtin / "tiny-pack", {
        p.relative_to(FIXTURES / "tiny-pack").as_posix(): p.read_bytes()
        for p in (FIXTURES / "tiny-pack").rglob("*") if p.is_file()
    })
    monkeypatch.setattr(pack_library, "builtin_packs_dir", lambda: builtin)
    return tmp_path / "data"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_then_validate(tmp_path, capsys):
    target = tmp_path / "My Pack"
    assert run(capsys, "pack", "new", str(target))[0] == 0
    code, out, _ = run(capsys, "pack", "validate", str(target))
    assert code == 0 and "my-pack 0.1.0: valid" in out and "stale translations: 0" in out
    code, out, _ = run(capsys, "pack", "validate", str(target), "--json")
    summary = json.loads(out)
    assert code == 0 and summary["ok"] and summary["items"] == 7
    for key in ("ok", "errors", "lessons", "items", "items_by_type", "skills", "languages",
                "missing_translations", "stale_translations"):
        assert key in summary
    code, _, err = run(capsys, "pack", "new", str(target))
    assert code == 2 and "not an empty folder" in err


def test_validate_prints_every_error_as_path_line_col(files, tmp_path, capsys):
    files[QUIZ] = files[QUIZ].replace(b"type: ordering", b"type: sorting").replace(b"tolerance: 0.1", b"tolerance: x")
    code, out, err = run(capsys, "pack", "validate", str(write_folder(tmp_path / "p", files)))
    lines = out.strip().splitlines()
    assert code == 1 and len(lines) == 2 and "2 errors" in err
    assert all(line.startswith(f"{QUIZ}:") for line in lines)
    assert "Traceback" not in out + err
    code, out, _ = run(capsys, "pack", "validate", str(tmp_path / "p"), "--json")
    assert code == 1 and len(json.loads(out)["errors"]) == 2


def test_build_is_deterministic_and_refuses_invalid(files, tmp_path, capsys):
    folder = write_folder(tmp_path / "p", files)
    assert run(capsys, "pack", "build", str(folder), "-o", str(tmp_path / "a.zip"))[0] == 0
    assert run(capsys, "pack", "build", str(folder), "-o", str(tmp_path / "b.zip"))[0] == 0
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    (folder / "pack.yaml").write_text("id: [")
    code, out, _ = run(capsys, "pack", "build", str(folder), "-o", str(tmp_path / "c.zip"))
    assert code == 1 and out.startswith("pack.yaml:") and not (tmp_path / "c.zip").exists()


def test_translations_accept(files, tmp_path, capsys):
    folder = write_folder(tmp_path / "p", files)
    quiz = folder / QUIZ
    quiz.write_text(quiz.read_text().replace("Which of these are warning signs?", "Which are warning signs?"))
    summary = json.loads(run(capsys, "pack", "validate", str(folder), "--json")[1])
    assert [s["key"] for s in summary["stale_translations"]] == ["items.gr-multi.prompt"]
    code, out, _ = run(capsys, "pack", "translations", str(folder), "--accept", "zh-CN")
    assert code == 0 and "Confirmed" in out
    summary = json.loads(run(capsys, "pack", "validate", str(folder), "--json")[1])
    assert summary["stale_translations"] == []
    assert run(capsys, "pack", "translations", str(folder), "--accept", "en")[0] == 2
    assert run(capsys, "pack", "translations", str(folder), "--accept", "fr")[0] == 2


def test_import_gift_and_aiken(tmp_path, capsys):
    source = FIXTURES / "gift" / "moodle_gift_test_fixture.txt"
    code, out, _ = run(capsys, "pack", "import-gift", str(source), "-o", str(tmp_path / "g"), "--language", "zh-CN")
    assert code == 0
    assert f"{source}:5: skipped: matching questions are not supported" in out.splitlines()
    assert "Converted 6 questions, skipped 3" in out
    assert run(capsys, "pack", "validate", str(tmp_path / "g"))[0] == 0
    code, out, _ = run(capsys, "pack", "import-aiken", str(FIXTURES / "aiken_sample.txt"), "-o", str(tmp_path / "a"))
    assert code == 0 and "aiken_sample.txt:21: skipped:" in out
    empty = tmp_path / "empty.txt"
    empty.write_text("// nothing here\n")
    code, _, err = run(capsys, "pack", "import-gift", str(empty), "-o", str(tmp_path / "e"))
    assert code == 1 and "nothing was written" in err and not (tmp_path / "e").exists()


def test_install_list_remove(files, tmp_path, capsys, data_dir):
    archive = write_zip(tmp_path / "p.zip", files)
    code, out, _ = run(capsys, "pack", "install", str(archive))
    assert code == 0 and (data_dir / "packs" / "starter" / "pack.yaml").is_file()
    rows = json.loads(run(capsys, "pack", "list", "--json")[1])
    assert [(r["id"], r["source"]) for r in rows] == [("tiny-pack", "builtin"), ("starter", "installed")]
    assert rows[1]["languages"] == ["en", "zh-CN"] and rows[1]["publisher"] == "Your organisation"
    # Reinstalling a newer version replaces the old one; an older version is refused.
    newer = dict(files, **{"pack.yaml": files["pack.yaml"].replace(b"version: 0.1.0", b"version: 0.2.0")})
    assert run(capsys, "pack", "install", str(write_folder(tmp_path / "newer", newer)))[0] == 0
    assert pack_library.find_pack("starter").version == "0.2.0"
    code, _, err = run(capsys, "pack", "install", str(archive))
    assert code == 1 and "newer than 0.1.0" in err
    assert [p.name for p in (data_dir / "packs").iterdir()] == ["starter"]
    code, _, err = run(capsys, "pack", "remove", "tiny-pack")
    assert code == 1 and "built-in pack and cannot be removed" in err
    assert run(capsys, "pack", "remove", "../../etc")[0] == 1
    assert run(capsys, "pack", "remove", "starter")[0] == 0
    assert [r["id"] for r in json.loads(run(capsys, "pack", "list", "--json")[1])] == ["tiny-pack"]


def test_install_refuses_invalid_pack_with_every_error(files, tmp_path, capsys, data_dir):
    files[QUIZ] = files[QUIZ].replace(b"type: ordering", b"type: sorting")
    files["pack.yaml"] = files["pack.yaml"].replace(b"version: 0.1.0", b"version: latest")
    code, out, err = run(capsys, "pack", "install", str(write_zip(tmp_path / "bad.zip", files)))
    assert code == 1 and len(out.strip().splitlines()) == 2 and "nothing was installed" in err
    assert not (data_dir / "packs").exists() or not any((data_dir / "packs").iterdir())


def test_install_refuses_builtin_id(tmp_path, capsys):
    code, _, err = run(capsys, "pack", "install", str(FIXTURES / "tiny-pack"))
    assert code == 1 and "built-in pack" in err


def test_schema_command(tmp_path, capsys):
    code, out, _ = run(capsys, "pack", "schema", "--kind", "quiz")
    assert code == 0 and "red_flags" in json.loads(out)["$defs"]["RedFlagsItem"]["properties"]["type"]["const"]
    assert run(capsys, "pack", "schema", "-o", str(tmp_path / "s"))[0] == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "lesson-translation.schema.json", "lesson.schema.json", "pack.schema.json", "quiz.schema.json"
    ]


def test_preview_calls_the_app(tmp_path, capsys, monkeypatch):
    import sys
    import types

    calls = []
    launch = types.ModuleType("edu_app.ui.launch")
    launch.launch_preview = lambda pack_dir, web, host, port: calls.append((pack_dir, web, host, port)) or 0
    monkeypatch.setitem(sys.modules, "edu_app.ui.launch", launch)
    folder = tmp_path / "p"
    folder.mkdir()
    assert run(capsys, "pack", "preview", str(folder), "--web", "--port", "9000")[0] == 0
    assert run(capsys, "--web", "--host", "0.0.0.0", "pack", "preview", str(folder))[0] == 0
    assert calls == [(Path(folder), True, None, 9000), (Path(folder), True, "0.0.0.0", 8550)]
