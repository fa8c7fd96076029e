"""Aiken to lesson pack: single-choice questions, each written as

    Question text
    A. First option
    B. Second option
    ANSWER: B

Options are ``A.`` or ``A)``; a question may span several lines before its first option.
Questions that break the format are reported with their line and left out.
"""

from __future__ import annotations

import re
from typing import Any

from lessons.importers.common import (
    IdMaker,
    ImportedLesson,
    ImportNote,
    ImportResult,
    default_pack_id,
    option_id,
    pack_files,
)

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER:\s*(\S*)\s*$", re.IGNORECASE)


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
    lesson = ImportedLesson("imported", "Imported questions", None)
    question: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0

    def abandon(reason: str) -> None:
        notes.append(ImportNote(start, reason))

    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer and question:
            item = _item(question, options, answer[1].upper(), ids, language, start)
            if isinstance(item, str):
                abandon(item)
            else:
                lesson.items.append(item)
            question, options = [], []
        elif answer:
            notes.append(ImportNote(number, "ANSWER line without a question"))
        elif option and question:
            options.append((option[1], option[2]))
        elif options:
            abandon("no ANSWER line after the options")
            question, options, start = [line], [], number
        else:
            if not question:
                start = number
            question.append(line)
    if question:
        abandon("no ANSWER line after the options" if options else "question without options")
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
    question: list[str], options: list[tuple[str, str]], answer: str, ids: IdMaker, language: str, line: int
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
        "id": ids.make(prompt, f"question-{line}"),
        "type": "single_choice",
        "prompt": {language: prompt},
        "options": [
            {"id": option_id(index), "text": {language: text}, **({"correct": True} if letter == answer else {})}
            for index, (letter, text) in enumerate(options)
        ],
    }
