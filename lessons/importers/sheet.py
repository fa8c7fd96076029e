"""Spreadsheet (``.xlsx`` or ``.csv``) to lesson pack: one row per quiz item, one column per
field and language. The layout is documented in docs/lesson-packs.md ("Spreadsheets").

Row 1 holds the column names: ``type``, ``id``, ``answer``, ``tolerance``, ``format`` once, and
``lesson.LANG``, ``prompt.LANG``, ``optionN.LANG``, ``feedbackN.LANG``, ``speakerN.LANG``,
``explanation.LANG``, ``unit.LANG`` per language. Every problem is reported as ``FILE:ROW:COLUMN: message`` with the
spreadsheet's own row number and column letter, and a sheet with problems gives no pack, so a
teacher fixes the sheet and imports again rather than repairing a half-converted pack.

:func:`import_sheet` reads bytes and returns files; it writes nothing and never raises for bad
input, so the app can call it as well as the command line.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from lessons.importers.common import (
    IMPORTED_VERSION,
    IdMaker,
    content_id,
    default_pack_id,
    dump_yaml,
    item_texts,
    option_id,
    reading_minutes,
)
from lessons.loader import describe_error
from lessons.model import LANGUAGE_PATTERN, SLUG_PATTERN, Item
from lessons.starter import confirm_translations, slug_from

#: Item types a row can hold. A scenario (states and links) does not fit one row.
SHEET_TYPES = ("single_choice", "multiple_choice", "true_false", "numeric", "ordering", "red_flags")
#: Chinese names accepted in the ``type`` column.
TYPE_ALIASES = {
    "单选": "single_choice", "单选题": "single_choice",
    "多选": "multiple_choice", "多选题": "multiple_choice",
    "判断": "true_false", "判断题": "true_false",
    "数值": "numeric", "数值题": "numeric",
    "排序": "ordering", "排序题": "ordering",
    "危险信号": "red_flags", "找危险信号": "red_flags",
}
_SINGLE_COLUMNS = ("type", "id", "answer", "tolerance", "format")
_LOCALIZED_COLUMNS = ("lesson", "prompt", "explanation", "unit")
_NUMBERED_COLUMNS = ("option", "feedback", "speaker")
_TRUE = {"true", "t", "yes", "y", "1", "对", "正确", "是", "√"}
_FALSE = {"false", "f", "no", "n", "0", "错", "错误", "否", "×"}
_LIST_SEPARATORS = re.compile(r"[\s,，;；、]+")
_ITEM_ADAPTER: TypeAdapter[Item] = TypeAdapter(Item)
MAX_ROWS = 2_000
MAX_COLUMNS = 200


@dataclass(frozen=True, order=True)
class SheetProblem:
    """A problem at a cell (``column`` is the spreadsheet letter, ``A`` for the first)."""

    row: int
    column: str
    message: str

    def format(self, source_name: str) -> str:
        """``FILE:ROW:COLUMN: message``."""
        return f"{source_name}:{self.row}:{self.column}: {self.message}"


@dataclass
class SheetImport:
    """The pack's files (empty while any problem remains) and every problem found."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[SheetProblem] = field(default_factory=list)
    converted: int = 0
    languages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row converted."""
        return not self.problems


@dataclass
class _Column:
    index: int
    name: str
    field: str
    language: str | None = None
    number: int | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.index)


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column ``index`` (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_rows(data: bytes, source_name: str) -> tuple[list[list[Any]], str | None]:
    """The cell values of the first sheet of an ``.xlsx``, or of a ``.csv``; or an error."""
    if source_name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data)
    for encoding in ("utf-8-sig", "gb18030"):
        # Excel in a Chinese locale saves CSV as GB18030 (GBK) unless told otherwise.
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return [], "the file is neither UTF-8 nor GB18030 text; save it as 'CSV UTF-8'"
    # Excel writes ';' where ',' is the decimal sign, and text pasted from a sheet has tabs.
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)], None
    except csv.Error as error:
        return [], f"not a readable CSV file ({error})"


def _xlsx_rows(data: bytes) -> tuple[list[list[Any]], str | None]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        return [], f"not a readable .xlsx workbook ({error}); save it again from your spreadsheet program"
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS):
            rows.append(list(row))
        return rows, None
    finally:
        book.close()


def import_sheet(
    data: bytes,
    *,
    source_name: str,
    source_language: str | None = None,
    pack_id: str | None = None,
    title: str | None = None,
    publisher: str = "Unknown",
    license_: str = "All rights reserved",
) -> SheetImport:
    """Convert a spreadsheet's bytes into a pack (see the module docstring)."""
    rows, error = read_rows(data, source_name)
    if error:
        return SheetImport(problems=[SheetProblem(1, "A", error)])
    if len(rows) > MAX_ROWS:
        return SheetImport(problems=[SheetProblem(MAX_ROWS + 1, "A", f"a sheet may hold at most {MAX_ROWS} rows")])
    while rows and all(_blank(value) for value in rows[-1]):
        rows.pop()
    if not rows:
        return SheetImport(problems=[SheetProblem(1, "A", "the sheet is empty: row 1 names the columns")])
    columns, problems = _header(rows[0])
    languages = list(dict.fromkeys(c.language for c in columns if c.language))
    source = source_language or next((c.language for c in columns if c.field == "prompt"), None)
    if not any(c.field == "type" for c in columns):
        problems.append(SheetProblem(1, column_letter(len(rows[0])), "no 'type' column"))
    if source is None:
        problems.append(SheetProblem(1, column_letter(len(rows[0])), "no prompt column: add one such as 'prompt.en'"))
    elif source not in languages:
        problems.append(SheetProblem(1, "A", f"no column in the source language '{source}' (found: {', '.join(languages)})"))
    if problems or source is None:
        return SheetImport(problems=sorted(problems), languages=languages)
    builder = _Builder(columns, languages, source)
    for number, row in enumerate(rows[1:], start=2):
        if not all(_blank(value) for value in row):
            builder.row(number, row)
    result = SheetImport(problems=sorted(builder.problems), converted=len(builder.items), languages=languages)
    if not builder.items and not builder.problems:
        result.problems.append(SheetProblem(2, "A", "the sheet has no rows below the column names"))
    if result.problems:
        return result
    result.files = builder.pack_files(
        pack_id=pack_id or default_pack_id(source_name),
        title=title or source_name.rsplit(".", 1)[0],
        source_name=source_name,
        publisher=publisher,
        license_=license_,
    )
    return result


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).strip()


def _known_columns(languages: list[str]) -> list[str]:
    names = list(_SINGLE_COLUMNS)
    for language in languages or ["en", "zh-CN"]:
        names += [f"{name}.{language}" for name in _LOCALIZED_COLUMNS]
        names += [f"{name}1.{language}" for name in _NUMBERED_COLUMNS]
    return names


def _header(cells: list[Any]) -> tuple[list[_Column], list[SheetProblem]]:
    columns: list[_Column] = []
    problems: list[SheetProblem] = []
    seen: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    for index, value in enumerate(cells):
        name = _cell_text(value)
        if not name:
            continue
        column = _parse_column(index, name)
        if column is None:
            unknown.append((index, name))
            continue
        key = name.lower()
        if key in seen:
            problems.append(SheetProblem(1, column.letter, f"column '{name}' appears twice (first in column {seen[key]})"))
            continue
        seen[key] = column.letter
        columns.append(column)
    languages = list(dict.fromkeys(c.language for c in columns if c.language))
    for index, name in unknown:
        problems.append(SheetProblem(1, column_letter(index), _unknown_column(name, languages)))
    return columns, problems


def _parse_column(index: int, name: str) -> _Column | None:
    lowered = name.strip()
    if lowered.lower() in _SINGLE_COLUMNS:
        return _Column(index, name, lowered.lower())
    base, dot, language = lowered.partition(".")
    if not dot or re.fullmatch(LANGUAGE_PATTERN, language) is None:
        return None
    base = base.lower()
    if base in _LOCALIZED_COLUMNS:
        return _Column(index, name, base, language)
    match = re.fullmatch(r"(option|feedback|speaker)(\d{1,2})", base)
    if match and int(match[2]) >= 1:
        return _Column(index, name, match[1], language, int(match[2]))
    return None


def _unknown_column(name: str, languages: list[str]) -> str:
    guess = difflib.get_close_matches(name.lower(), [c.lower() for c in _known_columns(languages)], n=1, cutoff=0.6)
    hint = f"; did you mean '{_restore_case(guess[0], languages)}'?" if guess else ""
    return (
        f"unknown column '{name}'{hint} (columns are type, id, answer, tolerance, format, and per language "
        "lesson.LANG, prompt.LANG, optionN.LANG, feedbackN.LANG, speakerN.LANG, explanation.LANG, unit.LANG)"
    )


def _restore_case(name: str, languages: list[str]) -> str:
    for language in languages or ["en", "zh-CN"]:
        if name.endswith("." + language.lower()):
            return name[: -len(language)] + language
    return name


class _Builder:
    """Turns rows into items grouped by lesson, collecting problems at their cells."""

    def __init__(self, columns: list[_Column], languages: list[str], source: str) -> None:
        self.columns = columns
        self.languages = languages
        self.source = source
        self.problems: list[SheetProblem] = []
        self.items: list[dict[str, Any]] = []
        self.lessons: dict[str, dict[str, Any]] = {}
        self.ids = IdMaker()
        self.id_rows: dict[str, int] = {}
        self.by_field: dict[str, _Column] = {c.field: c for c in columns if c.language is None}

    def _letter(self, name: str) -> str:
        """The letter of a single column (``type``, ``answer`` ...); ``A`` when it is absent."""
        column = self.by_field.get(name)
        return column.letter if column is not None else "A"

    def row(self, number: int, cells: list[Any]) -> None:
        values = {c.index: _cell_text(cells[c.index]) if c.index < len(cells) else "" for c in self.columns}
        problems_before = len(self.problems)

        def problem(column: str, message: str) -> None:
            self.problems.append(SheetProblem(number, column, message))

        def single(name: str) -> str:
            column = self.by_field.get(name)
            return values[column.index] if column else ""

        def localized(name: str, position: int | None = None) -> dict[str, str]:
            return {
                c.language: values[c.index]
                for c in self.columns
                if c.field == name and c.number == position and c.language and values[c.index]
            }

        raw_type = single("type")
        kind = TYPE_ALIASES.get(raw_type, raw_type.lower().replace(" ", "_").replace("-", "_"))
        if kind not in SHEET_TYPES:
            guess = difflib.get_close_matches(kind, SHEET_TYPES, n=1, cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            shown = f"unknown item type '{raw_type}'" if raw_type else "the type is empty"
            problem(self._letter("type"), f"{shown}{hint} (use one of {', '.join(SHEET_TYPES)})")
            return
        prompt = localized("prompt")
        if self.source not in prompt:
            problem(self._prompt_letter(), f"the prompt in the source language ({self.source}) is empty")
            return
        choices = self._numbered(values, "option")
        feedback = self._numbered(values, "feedback")
        speakers = self._numbered(values, "speaker")
        item: dict[str, Any] = {"type": kind, "prompt": prompt}
        answer = single("answer")
        answer_letter = self._letter("answer")
        if kind in ("single_choice", "multiple_choice", "ordering", "red_flags"):
            if len(choices) < (1 if kind == "red_flags" else 2):
                need = "at least one segment (option1...)" if kind == "red_flags" else "at least two options (option1, option2...)"
                article = "an" if kind[0] in "aeiou" else "a"
                problem(self._prompt_letter(), f"{article} {kind} row needs {need}")
                return
            for position, texts in choices.items():
                if self.source not in texts:
                    problem(self._column_letter("option", position, self.source), f"option {position} has no {self.source} text")
            marked = self._marked(answer, sorted(choices), kind, answer_letter, problem)
            if marked is None:
                return
            entries = []
            for order, position in enumerate(sorted(choices)):
                entry: dict[str, Any] = {"id": _choice_id(kind, order), "text": choices[position]}
                if kind in ("single_choice", "multiple_choice"):
                    if position in marked:
                        entry["correct"] = True
                    if feedback.get(position):
                        entry["feedback"] = feedback[position]
                elif kind == "red_flags":
                    if speakers.get(position):
                        entry = {"id": entry["id"], "speaker": speakers[position], "text": entry["text"]}
                    entry["red_flag"] = position in marked
                    if feedback.get(position):
                        entry["explanation"] = feedback[position]
                entries.append(entry)
            item[{"ordering": "entries", "red_flags": "segments"}.get(kind, "options")] = entries
            if kind == "red_flags":
                item["format"] = single("format") or "private_chat"
        elif kind == "true_false":
            lowered = answer.lower()
            if lowered not in _TRUE | _FALSE:
                problem(answer_letter, f"the answer of a true_false row is true or false (对/错), not '{answer}'")
                return
            item["answer"] = lowered in _TRUE
        else:
            number_value = _number(answer)
            if number_value is None:
                problem(answer_letter, f"the answer of a numeric row is a number, not '{answer}'")
                return
            item["answer"] = number_value
            tolerance = single("tolerance")
            if tolerance:
                tolerance_value = _number(tolerance)
                if tolerance_value is None or tolerance_value < 0:
                    problem(self._letter("tolerance"), f"the tolerance is a number of 0 or more, not '{tolerance}'")
                    return
                item["tolerance"] = tolerance_value
            if localized("unit"):
                item["unit"] = localized("unit")
        if localized("explanation"):
            item["explanation"] = localized("explanation")
        if len(self.problems) > problems_before:
            return
        item_id = single("id")
        if item_id:
            if re.fullmatch(SLUG_PATTERN, item_id) is None:
                problem(self._letter("id"), f"id '{item_id}' must be lowercase letters, digits and single hyphens (or empty)")
                return
            if item_id in self.id_rows:
                problem(self._letter("id"), f"id '{item_id}' is already used in row {self.id_rows[item_id]}")
                return
            self.ids.used.add(item_id)
        else:
            item_id = self.ids.make(prompt[self.source])
        self.id_rows[item_id] = number
        item = {"id": item_id, **item}
        try:
            _ITEM_ADAPTER.validate_python(item)
        except ValidationError as error:
            for details in error.errors(include_url=False):
                problem(self._loc_letter(details["loc"]), describe_error(details)[1])
            return
        lesson = localized("lesson") or {lang: _DEFAULT_LESSON.get(lang, _DEFAULT_LESSON["en"]) for lang in self.languages}
        if self.source not in lesson:
            problem(self._column_letter("lesson", None, self.source), f"the lesson has no {self.source} title")
            return
        lesson_key = lesson[self.source]
        entry_lesson = self.lessons.setdefault(lesson_key, {"title": lesson, "items": []})
        entry_lesson["items"].append(item)
        self.items.append(item)

    def _prompt_letter(self) -> str:
        return self._column_letter("prompt", None, self.source)

    def _column_letter(self, name: str, position: int | None, language: str | None) -> str:
        for column in self.columns:
            if column.field == name and column.number == position and column.language == language:
                return column.letter
        return self._letter("type")

    def _loc_letter(self, loc: tuple[Any, ...]) -> str:
        parts = [part for part in loc if part not in SHEET_TYPES]
        if not parts:
            return self._letter("type")
        head = parts[0]
        if head in ("options", "entries", "segments") and len(parts) > 1 and isinstance(parts[1], int):
            field_name = parts[2] if len(parts) > 2 else "text"
            name = {"feedback": "feedback", "explanation": "feedback", "speaker": "speaker"}.get(str(field_name), "option")
            language = parts[3] if len(parts) > 3 else self.source
            return self._column_letter(name, parts[1] + 1, str(language))
        if head in _LOCALIZED_COLUMNS:
            return self._column_letter(str(head), None, str(parts[1]) if len(parts) > 1 else self.source)
        return self._letter(str(head))

    def _numbered(self, values: dict[int, str], name: str) -> dict[int, dict[str, str]]:
        result: dict[int, dict[str, str]] = {}
        for column in self.columns:
            if column.field == name and column.language and values[column.index]:
                result.setdefault(column.number or 0, {})[column.language] = values[column.index]
        return result

    def _marked(self, answer: str, positions: list[int], kind: str, letter: str, problem: Any) -> set[int] | None:
        if kind == "ordering":
            return set()
        tokens = [token for token in _LIST_SEPARATORS.split(answer.upper()) if token]
        if kind != "single_choice" and len(tokens) == 1 and tokens[0].isalpha() and len(tokens[0]) > 1:
            tokens = list(tokens[0])  # "AC" means A and C
        marked: set[int] = set()
        for token in tokens:
            position = int(token) if token.isdigit() else (ord(token) - ord("A") + 1 if len(token) == 1 and token.isalpha() else None)
            if position not in positions:
                valid = ", ".join(f"{chr(ord('A') + p - 1)} or {p}" for p in positions if p <= 26)
                problem(letter, f"answer '{token}' is not one of the options ({valid})")
                return None
            marked.add(position)
        if kind == "single_choice" and len(marked) != 1:
            problem(letter, "a single_choice row needs exactly one answer, such as B or 2")
            return None
        if kind == "multiple_choice" and not marked:
            problem(letter, "a multiple_choice row needs at least one answer, such as A,C")
            return None
        return marked

    def pack_files(self, *, pack_id: str, title: str, source_name: str, publisher: str, license_: str) -> dict[str, bytes]:
        """The pack's files, translations confirmed (they were written side by side)."""
        lessons: list[tuple[str, dict[str, Any]]] = []
        used: set[str] = set()
        for key, lesson in self.lessons.items():
            base = slug_from(key) if re.search(r"[A-Za-z0-9]", key) else content_id(key)
            lesson_id, number = base, 2
            while lesson_id in used:
                lesson_id, number = f"{base}-{number}", number + 1
            used.add(lesson_id)
            lessons.append((lesson_id, lesson))
        manifest: dict[str, Any] = {
            "schema_version": 1,
            "id": pack_id,
            "version": IMPORTED_VERSION,
            "languages": self.languages,
            "source_language": self.source,
            "title": {language: title for language in self.languages},
            "description": {language: _description(language, source_name) for language in self.languages},
            "authors": [{"name": publisher}],
            "publisher": publisher,
            "license": license_,
            "skills": [{"id": lesson_id, "name": lesson["title"]} for lesson_id, lesson in lessons],
            "lessons": [lesson_id for lesson_id, _ in lessons],
        }
        files = {"pack.yaml": dump_yaml(manifest)}
        for lesson_id, lesson in lessons:
            items = lesson["items"]
            for language in self.languages:
                lesson_title = lesson["title"].get(language)
                if lesson_title is None:
                    continue
                body = f"# {lesson_title}\n\n{_description(language, source_name)}\n"
                front: dict[str, Any] = {"title": lesson_title}
                if language == self.source:
                    minutes = reading_minutes([body, *item_texts(items)], len(items))
                    front = {"id": lesson_id, "title": lesson_title, "minutes": minutes, "skills": [lesson_id]}
                text = "---\n" + dump_yaml(front).decode() + "---\n" + body
                files[f"lessons/{lesson_id}/{language}.md"] = text.encode()
            files[f"lessons/{lesson_id}/quiz.yaml"] = dump_yaml({"items": items})
        return confirm_translations(files)


_DEFAULT_LESSON = {"en": "Imported questions", "zh-CN": "导入的题目"}


def _description(language: str, source_name: str) -> str:
    return f"题目导入自 {source_name}。" if language.startswith("zh") else f"Questions imported from {source_name}."


def _choice_id(kind: str, order: int) -> str:
    return f"s{order + 1}" if kind == "red_flags" else option_id(order)


def _number(text: str) -> float | int | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if value != value or abs(value) == float("inf"):
        return None
    return int(value) if value.is_integer() else value


# ----- the template -------------------------------------------------------------------------------

#: Column names of the template, in order.
TEMPLATE_COLUMNS = [
    "type", "id", "lesson.en", "lesson.zh-CN", "prompt.en", "prompt.zh-CN",
    *[f"{name}{n}.{language}" for n in range(1, 5) for name in ("option", "feedback") for language in ("en", "zh-CN")],
    "answer", "tolerance", "unit.en", "unit.zh-CN", "format", "explanation.en", "explanation.zh-CN",
    *[f"speaker{n}.{language}" for n in range(1, 4) for language in ("en", "zh-CN")],
]
_LESSON = {"lesson.en": "Spotting investment scams", "lesson.zh-CN": "识别投资骗局"}
#: One example row of every type a sheet can hold, by column name.
TEMPLATE_ROWS: list[dict[str, str | float]] = [
    {
        "type": "single_choice", "id": "guaranteed-returns", **_LESSON,
        "prompt.en": 'A post promises "3% a day, guaranteed". What is the best first reaction?',
        "prompt.zh-CN": "帖子承诺“每天 3%，保证收益”。最好的第一反应是什么？",
        "option1.en": "Treat it as a red flag", "option1.zh-CN": "把它当作危险信号",
        "feedback1.en": "Right: guaranteed high returns are a classic sign of fraud.",
        "feedback1.zh-CN": "对：保证高收益是诈骗的典型特征。",
        "option2.en": "Invest a small amount to test it", "option2.zh-CN": "先投一小笔试试",
        "feedback2.en": "Schemes often pay out small early withdrawals to win trust.",
        "feedback2.zh-CN": "骗局常常让早期的小额提现成功，以骗取信任。",
        "answer": "A",
        "explanation.en": "No legitimate investment can guarantee a high return.",
        "explanation.zh-CN": "没有任何正规投资能保证高收益。",
    },
    {
        "type": "multiple_choice", "id": "warning-signs", **_LESSON,
        "prompt.en": "Which of these are warning signs?", "prompt.zh-CN": "以下哪些是警示信号？",
        "option1.en": '"Guaranteed returns"', "option1.zh-CN": "“保证收益”",
        "option2.en": "Pressure to act now", "option2.zh-CN": "催促你马上行动",
        "option3.en": "A registered prospectus", "option3.zh-CN": "已注册的招股说明书",
        "answer": "A,B",
    },
    {
        "type": "true_false", "id": "steady-three-percent", **_LESSON,
        "prompt.en": "A steady 3% a day for a year is a normal investment return.",
        "prompt.zh-CN": "一年里每天稳定赚 3% 是正常的投资回报。",
        "answer": "false",
        "explanation.en": "3% a day compounds to far more than any real market pays.",
        "explanation.zh-CN": "每天 3% 复利下来，远超任何真实市场的回报。",
    },
    {
        "type": "numeric", "id": "compound-ten-days", **_LESSON,
        "prompt.en": "If 100 yuan grew 3% every day for 10 days, how many yuan would it be? (one decimal)",
        "prompt.zh-CN": "如果 100 元每天增长 3%，连续 10 天，会变成多少元？（保留一位小数）",
        "answer": 134.4, "tolerance": 0.1, "unit.en": "yuan", "unit.zh-CN": "元",
    },
    {
        "type": "ordering", "id": "suspicious-offer-steps", **_LESSON,
        "prompt.en": "Put these steps in the right order when an offer looks suspicious.",
        "prompt.zh-CN": "遇到可疑的投资邀请时，请把下列步骤排成正确的顺序。",
        "option1.en": "Stop and do not transfer money", "option1.zh-CN": "停下来，不要转账",
        "option2.en": "Check the firm's registration", "option2.zh-CN": "查询该机构的注册信息",
        "option3.en": "Report it to the regulator", "option3.zh-CN": "向监管机构举报",
    },
    {
        "type": "red_flags", "id": "vip-group-chat", **_LESSON, "format": "group_chat",
        "prompt.en": "Tap every message that is a red flag.", "prompt.zh-CN": "点出每一条危险信号消息。",
        "option1.en": "Follow my picks and earn 30% this week!", "option1.zh-CN": "跟着我的推荐买，本周赚 30%！",
        "feedback1.en": "Nobody can promise 30% a week.", "feedback1.zh-CN": "没有人能承诺每周 30%。",
        "option2.en": "What does everyone think of the market today?", "option2.zh-CN": "大家觉得今天的行情怎么样？",
        "feedback2.en": "An ordinary question.", "feedback2.zh-CN": "普通的提问。",
        "option3.en": "Only 3 places left in the VIP group, pay before midnight.",
        "option3.zh-CN": "VIP 群只剩 3 个名额，今晚十二点前付款。",
        "feedback3.en": "Artificial urgency pushes you to pay before you think.",
        "feedback3.zh-CN": "人为制造紧迫感，让你来不及思考就付款。",
        "answer": "1,3",
        "speaker1.en": "Teacher Wang", "speaker1.zh-CN": "王老师", "speaker2.en": "Member", "speaker2.zh-CN": "群友",
        "speaker3.en": "Teacher Wang", "speaker3.zh-CN": "王老师",
    },
]
_HELP = [
    ("Column 列", "What goes in it 填写说明"),
    ("type", "single_choice, multiple_choice, true_false, numeric, ordering or red_flags (单选 多选 判断 数值 排序 危险信号)"),
    ("id", "Optional. A stable id (lowercase letters, digits, hyphens); keep it when you edit the row. 可留空；填写后请勿再改。"),
    ("lesson.LANG", "The lesson the item belongs to; rows with the same title form one lesson. 同名的行归入同一课。"),
    ("prompt.LANG", "The question. The first prompt column's language is the source language. 题干。"),
    ("optionN.LANG", "Options (choices), entries in the right order (ordering) or message segments (red_flags). 选项。"),
    ("feedbackN.LANG", "Feedback for option N; for red_flags, why segment N is or is not a red flag. 选项反馈。"),
    ("answer", "single: B or 2; multiple: A,C; true_false: true/false (对/错); numeric: a number; red_flags: 1,3; ordering: empty."),
    ("tolerance, unit.LANG", "numeric only: accepted difference, and the unit shown. 仅数值题。"),
    ("format", "red_flags only: group_chat, private_chat, sms, app_notice, email or post."),
    ("speakerN.LANG", "red_flags only, optional: who sent message N. 仅危险信号题，可选：第 N 条消息的发送者。"),
    ("explanation.LANG", "Optional. Shown after any answer. 答题后显示的解析。"),
    ("", "Import: edu-app pack import-sheet FILE.xlsx -o DIR. Add a language by adding its columns (prompt.fr ...)."),
]


def sheet_template() -> bytes:
    """An ``.xlsx`` template: the columns, one example row of every type, and a help sheet."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "items"
    sheet.append(TEMPLATE_COLUMNS)
    for row in TEMPLATE_ROWS:
        sheet.append([row.get(name) for name in TEMPLATE_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    for index, name in enumerate(TEMPLATE_COLUMNS):
        sheet.column_dimensions[column_letter(index)].width = 14 if name in _SINGLE_COLUMNS else 32
    help_sheet = book.create_sheet("help 说明")
    for line in _HELP:
        help_sheet.append(list(line))
    help_sheet.column_dimensions["A"].width = 22
    help_sheet.column_dimensions["B"].width = 110
    for cell in help_sheet["B"]:
        cell.alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_sheet_file(path: Path, **options: Any) -> SheetImport:
    """Import the spreadsheet at ``path`` (``.xlsx`` or ``.csv``, read as a regular file under the
    pack size cap); a refused file is one problem at its first cell. ``options`` go to
    :func:`import_sheet`."""
    from lessons import limits
    from lessons.files import FileRefused, read_regular_file

    if path.suffix.lower() not in (".xlsx", ".csv"):
        return SheetImport(problems=[SheetProblem(1, "A", "not a .xlsx or .csv file: save the sheet in one of these formats")])
    try:
        data = read_regular_file(path, limits.MAX_FILE_BYTES)
    except FileRefused as error:
        return SheetImport(problems=[SheetProblem(1, "A", error.message)])
    return import_sheet(data, source_name=path.name, **options)
