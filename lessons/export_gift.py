"""A pack's quizzes as Moodle GIFT, for teachers who also run a Moodle course.

GIFT holds single choice, multiple choice (as weighted answers), true/false and numeric items,
with per-answer feedback and the explanation as general feedback; each lesson becomes a
``$CATEGORY``. Ordering, red-flag and scenario items have no GIFT form and are reported as
skipped at their line in ``quiz.yaml``; a numeric item's unit is written into its prompt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lessons.model import MultipleChoiceItem, NumericItem, Pack, SingleChoiceItem, TrueFalseItem
from lessons.yamlsafe import parse_yaml

_SPECIAL = str.maketrans({"~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\\": "\\\\"})
_NO_GIFT_FORM = {
    "ordering": "ordering items have no GIFT form",
    "red_flags": "red-flag items have no GIFT form",
    "scenario": "scenario items have no GIFT form",
}


@dataclass(frozen=True, order=True)
class ExportNote:
    """An item left out (``skipped``) or converted with a loss, at ``path:line`` of the pack."""

    path: str
    line: int
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'skipped' if self.skipped else 'note'}: {self.message}"


@dataclass
class GiftExport:
    """The GIFT text, how many items it holds, and what was left out."""

    text: str
    exported: int
    notes: list[ExportNote] = field(default_factory=list)


def export_gift(pack: Pack, quiz_files: dict[str, bytes], language: str | None = None) -> GiftExport:
    """The quizzes of ``pack`` in ``language`` (default: the source language) as GIFT.

    ``quiz_files`` are the pack's files (path -> bytes), used to name the line of each skipped
    item; text missing in ``language`` falls back to the source language.
    """
    language = language or pack.source_language
    blocks: list[str] = []
    notes: list[ExportNote] = []
    exported = 0
    for lesson in pack.lessons:
        if not lesson.items:
            continue
        path = f"lessons/{lesson.id}/quiz.yaml"
        lines = _item_lines(quiz_files.get(path), path)
        blocks.append(f"$CATEGORY: {_escape(pack.text(lesson.title, language)).replace('/', '-')}")
        for index, item in enumerate(lesson.items):
            line = lines.get(index, 1)
            if item.type in _NO_GIFT_FORM:
                notes.append(ExportNote(path, line, f"item '{item.id}': {_NO_GIFT_FORM[item.type]}"))
                continue
            prompt = pack.text(item.prompt, language)
            if isinstance(item, NumericItem) and item.unit:
                prompt = f"{prompt} ({pack.text(item.unit, language)})"
                notes.append(ExportNote(path, line, f"item '{item.id}': the unit was written into the prompt", False))
            answers = _answers(pack, item, language)
            if item.explanation:
                answers += f"\n####{_escape(pack.text(item.explanation, language))}"
            blocks.append(f"::{item.id}::{_escape(prompt)} {{\n{answers}\n}}")
            exported += 1
    text = "// Exported from the Invest Quest pack '" + pack.id + "' (" + language + ")\n\n"
    return GiftExport(text + "\n\n".join(blocks) + "\n", exported, sorted(notes))


def _answers(pack: Pack, item: object, language: str) -> str:
    def feedback(value: dict[str, str] | None) -> str:
        return f"#{_escape(pack.text(value, language))}" if value else ""

    if isinstance(item, SingleChoiceItem):
        return "\n".join(
            f"{'=' if option.correct else '~'}{_escape(pack.text(option.text, language))}{feedback(option.feedback)}"
            for option in item.options
        )
    if isinstance(item, MultipleChoiceItem):
        right = sum(option.correct for option in item.options)
        wrong = len(item.options) - right
        lines = []
        for option in item.options:
            # Moodle's weights: the right answers share 100%, the wrong ones share -100%.
            weight = _weight(100 / right) if option.correct else _weight(-100 / wrong)
            lines.append(f"~%{weight}%{_escape(pack.text(option.text, language))}{feedback(option.feedback)}")
        return "\n".join(lines)
    if isinstance(item, TrueFalseItem):
        # GIFT: the feedback for a wrong answer first, then for the right one.
        wrong, right = (item.feedback_false, item.feedback_true) if item.answer else (item.feedback_true, item.feedback_false)
        return f"{'TRUE' if item.answer else 'FALSE'}{feedback(wrong) or ('#' if right else '')}{feedback(right)}"
    assert isinstance(item, NumericItem)
    answer = f"#={_number(item.answer)}:{_number(item.tolerance)}{feedback(item.feedback_correct)}"
    if item.feedback_incorrect:
        answer += f"\n~{feedback(item.feedback_incorrect)}"
    return answer


def _weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _number(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() else repr(value)


def _escape(text: str) -> str:
    return text.translate(_SPECIAL).replace("\n", "\\n")


def _item_lines(data: bytes | None, path: str) -> dict[int, int]:
    """Line of each item (by index) in a quiz file."""
    if data is None:
        return {}
    raw, doc, _ = parse_yaml(data.decode("utf-8-sig"), path)
    items = raw.get("items") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return {}
    return {index: doc.position(("items", index))[0] for index in range(len(items))}
