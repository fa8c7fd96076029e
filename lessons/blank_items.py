"""New quiz items for an editor: the shape of each item type, with its texts still to write.

The texts are empty, so the validator points at each one until it is written; ids, correct
marks and links between scenario states are filled in so the structure is valid from the start.
"""

from __future__ import annotations

from typing import Any

from lessons.model import ITEM_TYPES


def blank_item(kind: str, item_id: str, language: str) -> dict[str, Any]:
    """A new item of type ``kind`` with id ``item_id``; texts are ``{language: ""}``."""
    if kind not in ITEM_TYPES:
        raise ValueError(f"unknown item type {kind!r}")

    def text() -> dict[str, str]:
        return {language: ""}

    item: dict[str, Any] = {"id": item_id, "type": kind, "prompt": text()}
    if kind in ("single_choice", "multiple_choice"):
        item["options"] = [
            {"id": "a", "text": text(), "correct": True},
            {"id": "b", "text": text()},
        ]
    elif kind == "true_false":
        item["answer"] = True
    elif kind == "numeric":
        item["answer"] = 0
        item["tolerance"] = 0
    elif kind == "ordering":
        item["entries"] = [{"id": "first", "text": text()}, {"id": "second", "text": text()}]
    elif kind == "red_flags":
        item["format"] = "group_chat"
        item["segments"] = [
            {"id": "s1", "text": text(), "red_flag": True, "explanation": text()},
            {"id": "s2", "text": text(), "red_flag": False},
        ]
    elif kind == "scenario":
        item["start"] = "start"
        item["states"] = {
            "start": {
                "text": text(),
                "choices": [{"text": text(), "goto": "good-end"}, {"text": text(), "goto": "bad-end"}],
            },
            "good-end": {"text": text(), "ending": "good"},
            "bad-end": {"text": text(), "ending": "bad"},
        }
    return item
