"""JSON Schemas of the pack files, generated from the models, for editors' autocompletion."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from lessons.model import LessonMeta, Manifest, QuizFile, TranslatedLessonMeta

#: Schema name -> (model, the file it describes).
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "pack": (Manifest, "pack.yaml"),
    "quiz": (QuizFile, "lessons/<lesson-id>/quiz.yaml"),
    "lesson": (LessonMeta, "front matter of lessons/<lesson-id>/<source-language>.md"),
    "lesson-translation": (TranslatedLessonMeta, "front matter of lessons/<lesson-id>/<other-language>.md"),
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) named ``name`` (a key of :data:`SCHEMAS`)."""
    model, describes = SCHEMAS[name]
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"Invest Quest lesson pack, schema_version 1: {describes}. See docs/lesson-packs.md.",
        **schema,
    }
