"""Aiken to lesson pack: single-choice questions, each written as

    Question text
    A. First option
    B. Second option
    ANSWER: B

Options are ``A.``, ``A)``, or the forms Chinese keyboards type: ``A．``, ``A、``, ``A）``
(full-width letters too); the answer line is ``ANSWER: B`` or ``答案：B``. A question may span
several lines before its first option, but never a blank line: a blank line ends a question, so
a question with a missing part is reported at its own line instead of swallowing the next one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from lessons.importers.common import (
    IdMaker,
    ImportNote,
    ImportResult,
    default_lesson,
    default_pack_id,
    item_texts,
    language_mismatch,
    option_id,
    pack_files,
)

# Matched after NFKC normalisation, which turns "Ａ．" into "A." and "A）" into "A)"; "、" stays.
_OPTION = re.compile(r"^([A-Z])\s*[.)、]\s*(.*\S)\s*$")
_ANSWER = re.compile(r"^(?:ANSWER|答案)\s*:\s*(\S*)\s*$", re.IGNORECASE)


def import_aiken(
    text: str,
    *,
    source_name: str,
    language: str = "en",
    pack_id: str | None = None,
    title: str | None = None,
    publisher: str = "Unknown",
    license_: str = "All rights reserved",
) -> ImportResult:
    """Convert Aiken ``text`` into a single-language pack."""
    notes: list[ImportNote] = []
    ids = IdMaker()
    lesson = default_lesson(language)
    question: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    mismatch_at: int | None = None

    def abandon() -> None:
        reason = "no ANSWER line after the options" if options else "question without options"
        notes.append(ImportNote(start, reason))

    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = unicodedata.normalize("NFKC", raw).strip()
        if not line:
            if question:
                abandon()
            question, options = [], []
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer and question:
            item = _item(question, options, answer[1].upper(), ids, language)
            if isinstance(item, str):
                notes.append(ImportNote(start, item))
            else:
                lesson.items.append(item)
                if mismatch_at is None and language_mismatch(item_texts(item), language):
                    mismatch_at = start
            question, options = [], []
        elif answer:
            notes.append(ImportNote(number, "ANSWER line without a question"))
        elif option and question:
            options.append((option[1], option[2]))
        elif options:
            # Text after the options without a blank line: the previous question lacks its answer.
            abandon()
            question, options, start = [line], [], number
        else:
            if not question:
                start = number
            question.append(line)
    if question:
        abandon()
    mismatch = language_mismatch(item_texts(lesson.items), language)
    if mismatch and mismatch_at is not None:
        notes.append(ImportNote(mismatch_at, mismatch, skipped=False))
    files = pack_files(
        pack_id=pack_id or default_pack_id(source_name),
        title=title or source_name,
        language=language,
        source_name=source_name,
        lessons=[lesson],
        publisher=publisher,
        license_=license_,
    )
    return ImportResult(files, sorted(notes), len(lesson.items))


def _item(
    question: list[str], options: list[tuple[str, str]], answer: str, ids: IdMaker, language: str
) -> dict[str, Any] | str:
    """The item, or the reason it cannot be made."""
    letters = [letter for letter, _ in options]
    if len(options) < 2:
        return "a question needs at least two options"
    if len(set(letters)) != len(letters):
        return "an option letter is used twice"
    if answer not in letters:
        return f"ANSWER '{answer}' is not one of the options {', '.join(letters)}"
    prompt = " ".join(question)
    return {
        "id": ids.make(prompt),
        "type": "single_choice",
        "prompt": {language: prompt},
        "options": [
            {"id": option_id(index), "text": {language: text}, **({"correct": True} if letter == answer else {})}
            for index, (letter, text) in enumerate(options)
        ],
    }
