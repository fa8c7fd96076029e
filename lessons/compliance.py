"""The compliance check: wording that promises returns or denies risk, and a pack's sources and
not-investment-advice line. Findings are warnings (``--strict`` makes them errors).

What counts, and what is exempt, is documented in docs/lesson-packs.md ("Compliance check"); the
phrases live in ``compliance.yaml`` next to this module so reviewers can extend them without code.

A phrase found in the pack's texts is *not* reported when it is

* inside a scam example: a red-flag segment, a scenario state or choice text, or, in lesson
  Markdown, a blockquote whose text starts with a scam-example label (``> **Scam example:** ...``);
* something the quiz asks the learner to reject: the statement of a true/false item whose answer
  is false, or the text of a wrong option;
* inside quotation marks ("...", “...”, 「...」, 『...』): a quoted pitch or a term being
  talked about (``treat "no risk" as a stop sign``), not the author's own claim;
* directly negated (``there is no such thing as risk-free``, ``不保本``);
* part of a technical term such as "risk-free rate".

It is a reviewer's aid for honest authors, not a filter against deliberate evasion: whoever
wants to mislead can always reword. Who published a pack is settled by signatures instead.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from lessons.errors import PackError
from lessons.loader import MANIFEST_FILE, LoadResult
from lessons.model import MultipleChoiceItem, SingleChoiceItem, TrueFalseItem
from lessons.translations import TranslatableText

PHRASES_FILE = Path(__file__).with_name("compliance.yaml")

# Warning codes (stable, like the error codes in lessons/errors.py).
PROMISE = "compliance-promise"
NO_SOURCES = "compliance-no-sources"
NO_DISCLAIMER = "compliance-no-disclaimer"

# Keys of YAML strings that are scam examples by nature: what a scammer says in a red-flag
# exercise, and what happens and is said in a branching scenario.
_EXAMPLE_KEY = re.compile(
    r"^items\.[^.]+\.(?:segments\.[^.]+\.(?:text|speaker)|states\.[^.]+\.(?:text|choices\.\d+\.text))$"
)
_CARD_KEY = re.compile(r"^lessons\.[^.]+\.cards\.\d+$")
# Quotation marks that pair up: opening -> closing. Single quotes are left out on purpose: the
# same character is an apostrophe ("can't", "it’s").
_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "＂": "＂"}
_MD = MarkdownIt("commonmark")
_MD.core.ruler.disable("inline")


@dataclass(frozen=True)
class Finding:
    """One phrase found in a text: the phrase as listed and where it starts in the text."""

    phrase: str
    start: int
    end: int


# ----- normalising ----------------------------------------------------------------------------------


def _spaced(char: str) -> bool:
    # Letters of scripts written without spaces (Chinese, Japanese) are category "Lo".
    return unicodedata.category(char) != "Lo" and char != "🚩"


def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and for each folded character the index it came from.

    NFKC turns full-width forms into half-width ones, casefold removes case, every run of
    spaces and punctuation becomes one space between Latin words and nothing next to Chinese
    characters, so "Risk‑Free", "ｒｉｓｋ ｆｒｅｅ" and "稳 赚 不 赔" read as "risk free" and "稳赚不赔".
    Apostrophes vanish ("can't" -> "cant").
    """
    out: list[str] = []
    where: list[int] = []
    pending = False
    for index, char in enumerate(text):
        if char in "'’`":
            continue
        for folded in unicodedata.normalize("NFKC", char).casefold():
            if folded in "'’":
                continue
            if not folded.isalnum() and folded != "🚩":
                pending = bool(out)
                continue
            if pending and _spaced(out[-1]) and _spaced(folded):
                out.append(" ")
                where.append(index)
            pending = False
            out.append(folded)
            where.append(index)
    return "".join(out), where


def _pattern(phrase: str) -> str:
    folded, _ = normalize(phrase)
    body = "".join(" ?" if char == " " else re.escape(char) for char in folded)
    if folded[:1].isascii() and folded[:1].isalnum():
        body = r"(?<![a-z0-9])" + body
    if folded[-1:].isascii() and folded[-1:].isalnum():
        body += r"(?![a-z0-9])"
    return body


@dataclass(frozen=True)
class _Lexicon:
    promises: list[tuple[str, re.Pattern[str]]]
    allowed: list[re.Pattern[str]]
    negations: list[str]
    labels: list[str]
    disclaimers: list[re.Pattern[str]]


@functools.cache
def _lexicon() -> _Lexicon:
    raw = yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))

    def compiled(name: str) -> list[re.Pattern[str]]:
        return [re.compile(_pattern(phrase)) for phrase in raw[name]]

    return _Lexicon(
        promises=[(phrase, re.compile(_pattern(phrase))) for phrase in raw["promises"]],
        allowed=compiled("allowed"),
        negations=sorted((normalize(cue)[0] for cue in raw["negations"]), key=len, reverse=True),
        labels=[normalize(label)[0] for label in raw["scam_example_labels"]],
        disclaimers=compiled("disclaimers"),
    )


# ----- finding phrases ------------------------------------------------------------------------------


def find_promises(text: str) -> list[Finding]:
    """Phrases in ``text`` that promise returns or deny risk and are not mentions, negated or
    part of an allowed term. Overlapping matches ("稳赚" in "稳赚不赔") count once, as the longest."""
    lexicon = _lexicon()
    folded, where = normalize(text)
    quoted = quotations(text)
    matches = [(m.start(), m.end(), phrase) for phrase, pattern in lexicon.promises for m in pattern.finditer(folded)]
    allowed = [(m.start(), m.end()) for pattern in lexicon.allowed for m in pattern.finditer(folded)]
    findings = []
    for group in _overlapping(sorted(matches)):
        if any(_inside(span, allowed) for span in group):
            continue
        if any(_negated(folded, start, lexicon.negations) for start, _, _ in group):
            continue
        if any(_quoted(quoted, where[start], where[end - 1] + 1) for start, end, _ in group):
            continue
        start, end, phrase = max(group, key=lambda match: match[1] - match[0])
        findings.append(Finding(phrase, where[start], where[end - 1] + 1))
    return findings


def _overlapping(matches: list[tuple[int, int, str]]) -> Iterator[list[tuple[int, int, str]]]:
    group: list[tuple[int, int, str]] = []
    reach = -1
    for match in matches:
        if group and match[0] >= reach:
            yield group
            group = []
        group.append(match)
        reach = max(reach, match[1])
    if group:
        yield group


def _inside(span: tuple[int, int, str], allowed: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in allowed)


def _negated(folded: str, start: int, negations: list[str]) -> bool:
    before = folded[:start].rstrip(" ")
    for cue in negations:
        if before.endswith(cue):
            head = before[: len(before) - len(cue)]
            # A Latin cue must be a whole word: "piano" does not end with the word "no".
            if not cue[:1].isascii() or not head[-1:].isascii() or not head[-1:].isalnum():
                return True
    return False


def quotations(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every quotation in ``text`` (marks included). A quotation never spans
    a blank line, and an opening mark that is never closed quotes nothing."""
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        opened: tuple[int, str] | None = None
        for index in range(paragraph.start(), paragraph.end()):
            char = text[index]
            if opened is not None and char == opened[1]:
                spans.append((opened[0], index + 1))
                opened = None
            elif opened is None and char in _QUOTES:
                opened = (index, _QUOTES[char])
    return spans


def _quoted(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    # Overlap is enough: in `promises "guaranteed" profits` the author distances themselves too.
    return any(left < end and start < right for left, right in spans)


def has_disclaimer(text: str) -> bool:
    """Whether ``text`` says that it is not investment advice."""
    folded, _ = normalize(text)
    return any(pattern.search(folded) for pattern in _lexicon().disclaimers)


def scam_example_lines(markdown: str) -> set[int]:
    """0-based lines of ``markdown`` inside a blockquote marked as a scam example.

    The mark is a label at the start of the blockquote's text (``> **Scam example:** ...``,
    ``> 🚩 ...``, ``> **骗局示例：**...``), so learners see what it is in the reader too.
    """
    lines = markdown.split("\n")
    exempt: set[int] = set()
    labels = _lexicon().labels
    for token in _MD.parse(markdown):
        if token.type != "blockquote_open" or not token.map:
            continue
        first, stop = token.map
        if any(line in exempt for line in range(first, stop)):
            continue
        opening, _ = normalize(lines[first].lstrip(" >"))
        if any(opening.startswith(label) for label in labels):
            exempt.update(range(first, stop))
    return exempt


# ----- a whole pack ------------------------------------------------------------------------------


def check_compliance(result: LoadResult) -> list[PackError]:
    """Warnings for a loaded pack: promises outside scam examples, no sources, no disclaimer."""
    warnings: list[PackError] = []
    disclaimed = False
    rejected = _rejected_keys(result)
    for entry in result.texts:
        for language, text in entry.texts.items():
            if not isinstance(text, str):
                continue
            disclaimed = disclaimed or has_disclaimer(text)
            if _EXAMPLE_KEY.match(entry.key) or entry.key in rejected:
                continue
            warnings.extend(_text_warnings(entry, language, text))
    manifest = result.pack.manifest if result.pack else None
    if manifest is not None and not manifest.sources:
        warnings.append(
            PackError(
                MANIFEST_FILE, 1, 1, NO_SOURCES,
                "the pack cites no sources: list the documents its facts come from under 'sources'",
            )
        )
    if manifest is not None and not disclaimed:
        warnings.append(
            PackError(
                MANIFEST_FILE, 1, 1, NO_DISCLAIMER,
                "no line says the pack is not investment advice: add one to the description or a lesson "
                "(e.g. 'This is education, not investment advice.' / '本内容仅用于投资者教育，不构成投资建议。')",
            )
        )
    return sorted(set(warnings))


def _rejected_keys(result: LoadResult) -> set[str]:
    """Keys of texts the learner is asked to reject: false true/false statements, wrong options."""
    keys: set[str] = set()
    for lesson in result.lessons:
        for item in lesson.items:
            if isinstance(item, TrueFalseItem) and not item.answer:
                keys.add(f"items.{item.id}.prompt")
            elif isinstance(item, (SingleChoiceItem, MultipleChoiceItem)):
                keys.update(f"items.{item.id}.options.{o.id}.text" for o in item.options if not o.correct)
    return keys


def _text_warnings(entry: TranslatableText, language: str, text: str) -> Iterable[PackError]:
    path, line, col = entry.locate(language)
    card = _CARD_KEY.match(entry.key) is not None
    exempt = scam_example_lines(text) if card else set()
    for finding in find_promises(text):
        row = text.count("\n", 0, finding.start)
        if row in exempt:
            continue
        if card:
            column = finding.start - (text.rfind("\n", 0, finding.start) + 1) + 1
            at_line, at_col = line + row, column
        else:
            # YAML scalars may be folded or quoted: the string's own position is the honest one.
            at_line, at_col = line, col
        shown = text[finding.start : finding.end]
        yield PackError(
            path, at_line, at_col, PROMISE,
            f"'{shown}' promises returns or denies risk; outside a marked scam example this reads as "
            "advice (see 'Compliance check' in docs/lesson-packs.md)",
        )
