"""Moodle GIFT to lesson pack.

Converted: multiple choice (one right answer -> single_choice; several, or weights -> 
multiple_choice), true/false, numeric (``#answer:tolerance``, ``#low..high``, several answers:
the full-credit one), short answer whose accepted answers are all the same number (-> numeric),
per-answer feedback, general feedback (``####``, -> explanation), ``::name::`` (-> item id) and
``$CATEGORY:`` (-> one lesson and one skill per category). "Missing word" questions get a blank
``_____`` where the answer block was.

Not converted, reported with their line: essay, matching, short answer with text answers,
description-only blocks. Partial-credit weights are dropped with a note; Moodle's ordinary
``%100%`` and ``%0%`` lose nothing and pass silently.

``[markdown]`` text is rendered (the quiz shows plain text, so ``**bold**`` must not reach it as
asterisks). Questions without a ``::name::`` that gives a slug get an id hashed from their name
or text, so a re-import keeps every unchanged question's id.

No maintained GIFT parser on PyPI reports source lines, hence this small one. It follows
Moodle's own (question/format/gift/format.php): escapes become placeholders first, then the
question splits at its first ``{`` and the next ``}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from lessons.importers.common import (
    IdMaker,
    content_id,
    ImportedLesson,
    ImportNote,
    ImportResult,
    default_lesson,
    default_pack_id,
    item_texts,
    language_mismatch,
    option_id,
    pack_files,
)
from lessons.markdown import plain_text
from lessons.starter import slug_from

# Escaped control characters are swapped for private-use characters while parsing.
_ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003", "\\{": "\ue004",
            "\\}": "\ue005", "\\:": "\ue006", "\\n": "\ue007"}
_RESTORE = {"\ue000": "\\", "\ue001": "~", "\ue002": "=", "\ue003": "#", "\ue004": "{", "\ue005": "}",
            "\ue006": ":", "\ue007": "\n"}
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_CATEGORY_PREFIXES = ("$course$/", "$system$/", "$module$/", "$cat1$/", "$cat2$/", "$cat3$/")


@dataclass
class _Answer:
    correct_marker: bool
    weight: float | None
    text: str
    feedback: str


class _NotConvertible(Exception):
    """A question that has no clean equivalent in the pack format."""


def import_gift(
    text: str,
    *,
    source_name: str,
    language: str = "en",
    pack_id: str | None = None,
    title: str | None = None,
    publisher: str = "Unknown",
    license_: str = "All rights reserved",
) -> ImportResult:
    """Convert GIFT ``text`` into a single-language pack; see the module docstring."""
    notes: list[ImportNote] = []
    ids = IdMaker()
    lessons: dict[str, ImportedLesson] = {}
    current = default_lesson(language)
    converted = 0
    mismatch_at: int | None = None
    for line, block in _blocks(text):
        block = _protect(block)
        if block.lstrip().startswith("$CATEGORY:"):
            first, _, rest = block.strip().partition("\n")
            current = _category(first[len("$CATEGORY:") :], language)
            block = rest
            if not block.strip():
                continue
        lesson = lessons.setdefault(current.id, current)
        try:
            item, item_notes = _question(block, line, ids, language)
        except _NotConvertible as reason:
            notes.append(ImportNote(line, str(reason)))
            continue
        notes.extend(item_notes)
        lesson.items.append(item)
        converted += 1
        if mismatch_at is None and language_mismatch(item_texts(item), language):
            mismatch_at = line
    mismatch = language_mismatch([t for lesson in lessons.values() for t in item_texts(lesson.items)], language)
    if mismatch and mismatch_at is not None:
        notes.append(ImportNote(mismatch_at, mismatch, skipped=False))
    files = pack_files(
        pack_id=pack_id or default_pack_id(source_name),
        title=title or source_name,
        language=language,
        source_name=source_name,
        lessons=list(lessons.values()),
        publisher=publisher,
        license_=license_,
    )
    return ImportResult(files, sorted(notes), converted)


def _blocks(text: str) -> list[tuple[int, str]]:
    """Questions as ``(first line, text)``: blank lines separate them, ``//`` lines are comments."""
    blocks: list[tuple[int, str]] = []
    lines: list[str] = []
    start = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if lines:
                blocks.append((start, "\n".join(lines)))
                lines = []
            continue
        if not lines:
            start = number
        lines.append(raw)
    if lines:
        blocks.append((start, "\n".join(lines)))
    return blocks


def _protect(text: str) -> str:
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text


def _restore(text: str) -> str:
    for placeholder, literal in _RESTORE.items():
        text = text.replace(placeholder, literal)
    return text


def _category(path: str, language: str) -> ImportedLesson:
    path = path.strip()
    for prefix in _CATEGORY_PREFIXES:
        if path.startswith(prefix):
            path = path[len(prefix) :]
    parts = [part for part in _restore(path).split("/") if part.strip() and part.strip() != "top"]
    if not parts:
        return default_lesson(language)
    joined = "-".join(parts)
    # A Chinese category name gives no slug: a content hash keeps its lessons apart.
    slug = slug_from(joined) if re.search(r"[A-Za-z0-9]", joined) else content_id(joined)
    return ImportedLesson(slug, parts[-1].strip(), slug)


def _question(block: str, line: int, ids: IdMaker, language: str) -> tuple[dict[str, Any], list[ImportNote]]:
    notes: list[ImportNote] = []
    name = ""
    body = block.strip()
    if body.startswith("::"):
        name, separator, rest = body[2:].partition("::")
        if not separator:
            raise _NotConvertible("the question name is not closed by '::'")
        body = rest
    start = body.find("{")
    finish = body.find("}", start + 1)
    if start < 0 or finish < 0:
        raise _NotConvertible("no answer block {...}: a description, not a question")
    before, answers, after = body[:start], body[start + 1 : finish].strip(), body[finish + 1 :]
    fmt_match = _FORMAT.match(before)
    fmt = fmt_match[1].lower() if fmt_match else "moodle"
    if fmt_match:
        before = before[fmt_match.end() :]
    if fmt == "html" or "<" in after:
        notes.append(ImportNote(line, "HTML formatting was removed", skipped=False))
    # A "missing word" question keeps its text after the answer block, with a blank for it.
    prompt = _clean(before + "_____" + after if after.strip() else before, fmt)
    if not prompt:
        raise _NotConvertible("the question has no text")
    answers, _, general = answers.partition("####")
    item: dict[str, Any] = {}
    if not answers.strip():
        raise _NotConvertible("essay questions are not supported")
    if answers.startswith("#"):
        item.update(_numeric(answers[1:], line, language, notes))
    elif answers.split("#", 1)[0].strip().upper() in _TRUE_FALSE:
        item.update(_true_false(answers, language))
    else:
        item.update(_choices(answers, line, language, notes))
    item["id"] = ids.make(_restore(name) or prompt)
    item["prompt"] = {language: prompt}
    if general.strip():
        item["explanation"] = {language: _clean(general, fmt)}
    return _ordered(item), notes


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    # id, type and prompt first: the order educators read items in.
    head = {key: item[key] for key in ("id", "type", "prompt") if key in item}
    return {**head, **{key: value for key, value in item.items() if key not in head}}


def _split_answers(text: str) -> list[_Answer]:
    """``~wrong#feedback =right ~%50%half`` -> answers, in order."""
    answers: list[_Answer] = []
    for match in re.finditer(r"([=~])([^=~]*)", text):
        marker, content = match[1], match[2]
        weight = None
        weight_match = _WEIGHT.match(content.strip())
        if weight_match:
            weight = float(weight_match[1])
            content = content.strip()[weight_match.end() :]
        answer, _, feedback = content.partition("#")
        answers.append(_Answer(marker == "=", weight, answer, feedback))
    return answers


def _choices(text: str, line: int, language: str, notes: list[ImportNote]) -> dict[str, Any]:
    if not text.lstrip().startswith(("=", "~")):
        raise _NotConvertible("unrecognised answer block")
    answers = _split_answers(text)
    if any("->" in answer.text for answer in answers):
        raise _NotConvertible("matching questions are not supported")
    if all(answer.correct_marker for answer in answers):
        return _short_answer(answers, line, language, notes)
    full = [a for a in answers if a.correct_marker and a.weight in (None, 100)]
    partial = [a for a in answers if a.weight is not None and 0 < a.weight < 100]
    if len(full) == 1:
        kind = "single_choice"
        correct = [a is full[0] for a in answers]
    else:
        kind = "multiple_choice"
        correct = [a.correct_marker or (a.weight or 0) > 0 for a in answers]
    if kind == "single_choice" and partial:
        notes.append(ImportNote(line, "partial-credit answers were converted as wrong answers", skipped=False))
    elif not _ordinary_weights(answers, kind):
        notes.append(ImportNote(line, "answer weights were dropped: every positive answer counts as correct", skipped=False))
    if not any(correct):
        raise _NotConvertible("no answer is marked correct")
    options = []
    for index, (answer, is_correct) in enumerate(zip(answers, correct)):
        option: dict[str, Any] = {"id": option_id(index), "text": {language: _clean(answer.text, "moodle")}}
        if not option["text"][language]:
            raise _NotConvertible(f"answer {index + 1} is empty")
        if is_correct:
            option["correct"] = True
        if answer.feedback.strip():
            option["feedback"] = {language: _clean(answer.feedback, "moodle")}
        options.append(option)
    return {"type": kind, "options": options}


def _ordinary_weights(answers: list[_Answer], kind: str) -> bool:
    """Weights that lose nothing: Moodle's %100% and %0%, and for multiple answers the usual
    equal shares of 100% for the right ones (with any penalty for the wrong ones)."""
    if all(a.weight in (None, 0, 100) for a in answers):
        return True
    positive = [a.weight for a in answers if a.weight is not None and a.weight > 0]
    return (
        kind == "multiple_choice"
        and bool(positive)
        and abs(sum(positive) - 100) < 0.01
        and max(positive) - min(positive) < 0.01
    )


def _short_answer(answers: list[_Answer], line: int, language: str, notes: list[ImportNote]) -> dict[str, Any]:
    """Short answer maps cleanly only when every accepted answer is the same number."""
    values = {_number(_restore(a.text).strip()) for a in answers}
    if len(values) != 1 or None in values or any(a.weight not in (None, 100) for a in answers):
        raise _NotConvertible("short-answer questions with text answers are not supported")
    result: dict[str, Any] = {"type": "numeric", "answer": values.pop(), "tolerance": 0.0}
    feedback = next((a.feedback for a in answers if a.feedback.strip()), "")
    if feedback:
        result["feedback_correct"] = {language: _clean(feedback, "moodle")}
    return result


def _numeric(text: str, line: int, language: str, notes: list[ImportNote]) -> dict[str, Any]:
    text = text.strip()
    if not text.startswith(("=", "~")):
        text = "=" + text
    answers = _split_answers(text)
    full = [a for a in answers if a.correct_marker and a.weight in (None, 100)]
    wrong = [a for a in answers if not a.correct_marker]
    if not full:
        raise _NotConvertible("numeric question without a full-credit answer")
    if len(full) > 1 or any(a.correct_marker and a.weight not in (None, 100) for a in answers):
        notes.append(ImportNote(line, "only the first full-credit numeric answer was kept", skipped=False))
    answer, tolerance = _number_and_tolerance(_restore(full[0].text).strip())
    result: dict[str, Any] = {"type": "numeric", "answer": answer, "tolerance": tolerance}
    if full[0].feedback.strip():
        result["feedback_correct"] = {language: _clean(full[0].feedback, "moodle")}
    wrong_feedback = next((a.feedback for a in wrong if a.feedback.strip()), "")
    if wrong_feedback:
        result["feedback_incorrect"] = {language: _clean(wrong_feedback, "moodle")}
    return result


def _number_and_tolerance(text: str) -> tuple[float, float]:
    if ".." in text:
        low, high = (_number(part) for part in text.split("..", 1))
        if low is None or high is None or high < low:
            raise _NotConvertible(f"unreadable numeric range '{text}'")
        # Rounded so that 3.141..3.142 gives 3.1415 +- 0.0005, not binary-fraction noise.
        return round((low + high) / 2, 12), round((high - low) / 2, 12)
    value, _, margin = text.partition(":")
    number, tolerance = _number(value), _number(margin) if margin else 0.0
    if number is None or tolerance is None or tolerance < 0:
        raise _NotConvertible(f"unreadable numeric answer '{text}'")
    return number, tolerance


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _true_false(text: str, language: str) -> dict[str, Any]:
    value, _, feedback = text.partition("#")
    wrong, _, right = feedback.partition("#")
    answer = _TRUE_FALSE[value.strip().upper()]
    result: dict[str, Any] = {"type": "true_false", "answer": answer}
    # GIFT gives the feedback for a wrong answer first, then for the right one.
    for given, feedback_text in ((not answer, wrong), (answer, right)):
        if feedback_text.strip():
            result["feedback_true" if given else "feedback_false"] = {language: _clean(feedback_text, "moodle")}
    return result


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _clean(text: str, fmt: str) -> str:
    """Plain text from a GIFT fragment: escapes restored, HTML removed, whitespace tidied."""
    inner = _FORMAT.match(text)
    if inner:
        fmt, text = inner[1].lower(), text[inner.end() :]
    text = _restore(text)
    if fmt == "html" or re.search(r"</?[a-zA-Z][^>]*>", text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    if fmt == "markdown":
        return plain_text(text)
    return " ".join(text.split())
