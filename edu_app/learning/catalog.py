"""Every lesson pack the learner can use, loaded once, with look-ups the learning rules need."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lessons import Item, Pack
from lessons.yamlsafe import parse_yaml

PackLoader = Callable[[], Iterable[Pack]]


@dataclass(frozen=True)
class ItemInfo:
    """A quiz item with where it sits: its pack, its lesson and its skills."""

    pack_id: str
    lesson_id: str
    item: Item
    skills: tuple[str, ...]


@dataclass(frozen=True)
class _Index:
    packs: dict[str, Pack]
    items: dict[tuple[str, str], ItemInfo]
    skill_names: dict[str, dict[str, str]]
    taxonomy: tuple[str, ...]
    fingerprint: str


def library_packs() -> list[Pack]:
    """Built-in and installed packs from the pack library; a pack that no longer loads is skipped.

    Packs whose files did not change since they were last validated come from the validated-pack
    cache (see :mod:`edu_app.pack_cache`) instead of being validated again.
    """
    from edu_app.pack_cache import load_validated_pack
    from edu_app.pack_library import list_packs

    packs = []
    for info in list_packs():
        pack = load_validated_pack(info.path)
        if pack is not None:
            packs.append(pack)
    return packs


def builtin_taxonomy() -> list[tuple[str, dict[str, str]]]:
    """The skill taxonomy of the built-in packs (``lessons/packs/skills.yaml``): id and names."""
    from edu_app.pack_library import builtin_packs_dir

    path = Path(builtin_packs_dir()) / "skills.yaml"
    data, _doc, errors = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    if errors:
        raise ValueError(f"{path}: {errors[0].message}")
    return [(entry["id"], dict(entry["name"])) for entry in data["skills"]]


class PackCatalog:
    """Loads every pack once, on first use (loading the built-in packs takes most of a second)."""

    def __init__(
        self,
        loader: PackLoader | None = None,
        taxonomy: Callable[[], list[tuple[str, dict[str, str]]]] | None = None,
    ) -> None:
        self._loader = loader or library_packs
        self._taxonomy = taxonomy or builtin_taxonomy
        self._index: _Index | None = None
        self._lock = threading.Lock()

    def packs(self) -> list[Pack]:
        """Every loaded pack, sorted by id."""
        return list(self._loaded().packs.values())

    def pack(self, pack_id: str) -> Pack | None:
        """The pack with this id, or None when it is not installed."""
        return self._loaded().packs.get(pack_id)

    def item(self, pack_id: str, item_id: str) -> Item | None:
        """The quiz item, or None when its pack is not installed or no longer has it."""
        info = self.item_info(pack_id, item_id)
        return info.item if info else None

    def item_info(self, pack_id: str, item_id: str) -> ItemInfo | None:
        """The item with its lesson and skills, or None."""
        return self._loaded().items.get((pack_id, item_id))

    def taxonomy(self) -> tuple[str, ...]:
        """The skill ids the overall knowledge score is averaged over."""
        return self._loaded().taxonomy

    def skill_name(self, skill_id: str, language: str) -> str:
        """A skill's name in ``language`` (English, then the id, when there is none)."""
        names = self._loaded().skill_names.get(skill_id, {})
        return names.get(language) or names.get("en") or next(iter(names.values()), skill_id)

    def fingerprint(self) -> str:
        """Which packs at which versions are loaded: derived state is recomputed when it changes."""
        return self._loaded().fingerprint

    def reload(self) -> None:
        """Forget the loaded packs (after a pack is installed or removed); they load again on use."""
        with self._lock:
            self._index = None

    def _loaded(self) -> _Index:
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._build()
                index = self._index
        return index

    def _build(self) -> _Index:
        packs = {pack.id: pack for pack in sorted(self._loader(), key=lambda p: p.id)}
        taxonomy = self._taxonomy()
        names: dict[str, dict[str, str]] = {skill_id: names for skill_id, names in taxonomy}
        items: dict[tuple[str, str], ItemInfo] = {}
        for pack in packs.values():
            for skill in pack.manifest.skills:
                names.setdefault(skill.id, dict(skill.name))
            for lesson in pack.lessons:
                for item in lesson.items:
                    skills = tuple(item.skills if item.skills is not None else lesson.skills)
                    items[(pack.id, item.id)] = ItemInfo(pack.id, lesson.id, item, skills)
        fingerprint = ",".join(f"{pack.id}@{pack.manifest.version}" for pack in packs.values())
        return _Index(packs, items, names, tuple(skill_id for skill_id, _ in taxonomy), fingerprint)
