"""Start-up does not validate unchanged packs again: validated packs are cached by content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edu_app import pack_cache, pack_library, paths
from edu_app.learning.catalog import PackCatalog
from lessons.starter import write_starter


@pytest.fixture
def library(tmp_path, monkeypatch):
    """A private data dir, and a built-in packs folder holding one valid and one broken pack."""
    monkeypatch.setenv("EDU_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(paths, "_data_dir_override", None)
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "skills.yaml").write_bytes((pack_library.builtin_packs_dir() / "skills.yaml").read_bytes())
    write_starter(builtin / "starter", "starter", "Starter")
    write_starter(builtin / "broken", "broken", "Broken")
    (builtin / "broken" / "media" / "stray.txt").write_text("not an image")
    monkeypatch.setattr(pack_library, "builtin_packs_dir", lambda: builtin)
    return builtin


@pytest.fixture
def validations(monkeypatch):
    """The packs validated so far, by folder name (the real validator still runs)."""
    seen: list[str] = []
    real = pack_cache.load_pack_files

    def counting(files):
        seen.append(files.root.name if files.root else files.label)
        return real(files)

    monkeypatch.setattr(pack_cache, "load_pack_files", counting)
    return seen


def entries() -> list[Path]:
    return sorted((paths.cache_dir() / "validated-packs").glob("*.json"))


def test_second_start_reuses_validated_packs(library, validations):
    first = PackCatalog().packs()
    assert [p.id for p in first] == ["starter"]
    assert sorted(validations) == ["broken", "starter"]
    assert len(entries()) == 2

    second = PackCatalog().packs()
    assert sorted(validations) == ["broken", "starter"]  # nothing validated again, broken one included
    assert second == first and second[0].root == library / "starter"


def test_cached_entry_is_what_the_catalog_serves(library, validations):
    PackCatalog().packs()
    [entry] = [e for e in entries() if json.loads(e.read_text())["valid"]]
    document = json.loads(entry.read_text())
    document["pack"]["manifest"]["title"]["en"] = "Edited in the cache"
    entry.write_text(json.dumps(document))
    # Served from the cache: a revalidation would have read "Starter" from pack.yaml.
    assert PackCatalog().packs()[0].manifest.title["en"] == "Edited in the cache"


def test_an_edited_pack_is_validated_again(library, validations):
    PackCatalog().packs()
    manifest = library / "starter" / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("version: 0.1.0", "version: 0.2.0"))
    assert PackCatalog().packs()[0].manifest.version == "0.2.0"
    assert sorted(validations) == ["broken", "starter", "starter"]

    (library / "broken" / "media" / "stray.txt").unlink()
    assert [p.id for p in PackCatalog().packs()] == ["broken", "starter"]
    assert validations.count("broken") == 2


def test_a_new_validator_validates_again(library, validations, monkeypatch):
    PackCatalog().packs()
    monkeypatch.setattr(pack_cache, "validator_version", lambda: "a newer validator")
    PackCatalog().packs()
    assert sorted(validations) == ["broken", "broken", "starter", "starter"]


@pytest.mark.parametrize(
    "damage",
    [b"\x00\xff garbage", b'{"key": "', b"[1, 2]", b'{"key": null, "valid": true}', "MATCHING_KEY_BAD_PACK"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(library, validations, damage):
    PackCatalog().packs()
    for entry in entries():
        if damage == "MATCHING_KEY_BAD_PACK":
            document = json.loads(entry.read_text())
            document.update(valid=True, pack={"manifest": "not a manifest"})
            entry.write_text(json.dumps(document))
        else:
            entry.write_bytes(damage)
    assert [p.id for p in PackCatalog().packs()] == ["starter"]
    assert sorted(validations) == ["broken", "broken", "starter", "starter"]
    assert all(json.loads(e.read_text())["key"] for e in entries())  # rewritten whole
    PackCatalog().packs()
    assert len(validations) == 4


def test_an_unwritable_cache_only_costs_time(library, validations):
    cache = paths.data_dir() / "cache"
    cache.write_text("a file where the cache folder should be")
    assert [p.id for p in PackCatalog().packs()] == ["starter"]
    assert [p.id for p in PackCatalog().packs()] == ["starter"]
    assert len(validations) == 4
