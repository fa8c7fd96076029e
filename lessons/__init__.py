"""Lesson packs: the format, loading, validation, grading and importers. No UI, no database.

The app's entry points::

    from lessons import load_pack, grade
    result = load_pack("path/to/pack-or.zip")   # never raises for bad input
    if result.ok:
        pack = result.pack
"""

from lessons.errors import PackError
from lessons.files import PackFiles, read_pack_files
from lessons.grading import Feedback, GradeResult, InvalidResponse, grade
from lessons.loader import LoadResult, load_pack, load_pack_files
from lessons.model import (
    Card,
    ChoiceOption,
    Item,
    Lesson,
    Manifest,
    MultipleChoiceItem,
    NumericItem,
    OrderingItem,
    Pack,
    RedFlagsItem,
    ScenarioItem,
    SingleChoiceItem,
    Skill,
    TrueFalseItem,
)
from lessons.translations import TranslationIssue, TranslationReport

__all__ = [
    "Card",
    "ChoiceOption",
    "Feedback",
    "GradeResult",
    "InvalidResponse",
    "Item",
    "Lesson",
    "LoadResult",
    "Manifest",
    "MultipleChoiceItem",
    "NumericItem",
    "OrderingItem",
    "Pack",
    "PackError",
    "PackFiles",
    "RedFlagsItem",
    "ScenarioItem",
    "SingleChoiceItem",
    "Skill",
    "TranslationIssue",
    "TranslationReport",
    "TrueFalseItem",
    "grade",
    "load_pack",
    "load_pack_files",
    "read_pack_files",
]
