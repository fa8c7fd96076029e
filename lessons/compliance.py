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

import bisect
import functools
import itertools
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


# In the intermediate text every punctuation or space character becomes this mark; runs of it
# are then collapsed to one space or nothing by a regex, so no Python loop walks the text.
_GAP = "\x00"


@functools.lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    """What one character of the source becomes: its NFKC, casefolded characters that count
    (letters, digits, 🚩), with :data:`_GAP` for each one that does not; apostrophes vanish.

    NFKC is applied per character on purpose: a combining mark must stay a separator, as it
    always was, instead of merging into the letter before it.
    """
    if char in "'’`":
        return ""
    out = []
    for folded in unicodedata.normalize("NFKC", char).casefold():
        if folded in "'’":
            continue
        out.append(folded if folded.isalnum() or folded == "🚩" else _GAP)
    return "".join(out)


def _char_class(chars: Iterable[str]) -> str:
    return "".join(re.escape(char) for char in sorted(chars))


class _Positions:
    """Maps an index in a derived string to an index in the string it came from.

    Kept as sorted breakpoints (derived start, source start, step): between breakpoints the
    two advance together (step 1) or several derived characters share one source (step 0).
    Used for the characters that do not fold to exactly one (apostrophes, ligatures), which
    are rare, so there are few breakpoints.
    """

    def __init__(self) -> None:
        self.starts: list[int] = [0]
        self.bases: list[int] = [0]
        self.steps: list[int] = [1]

    def add(self, start: int, base: int, step: int) -> None:
        """From derived index ``start`` on, map to ``base`` advancing by ``step``."""
        if self.starts[-1] == start:
            self.bases[-1], self.steps[-1] = base, step
        else:
            self.starts.append(start)
            self.bases.append(base)
            self.steps.append(step)

    def __getitem__(self, index: int) -> int:
        at = bisect.bisect_right(self.starts, index) - 1
        return self.bases[at] + self.steps[at] * (index - self.starts[at])


class _Kept:
    """Index ``k`` -> the position of the ``k``-th ``"1"`` in a marker string.

    Gaps collapse everywhere in prose (every ", "), so instead of a breakpoint per gap the
    marker string says which characters were kept; counts per block and ``str.count`` (C
    speed) find the position in logarithmic time.
    """

    _BLOCK = 256

    def __init__(self, marks: str) -> None:
        self.marks = marks
        self.before = [0]
        for start in range(0, len(marks), self._BLOCK):
            self.before.append(self.before[-1] + marks.count("1", start, start + self._BLOCK))

    def __getitem__(self, index: int) -> int:
        block = bisect.bisect_right(self.before, index) - 1
        low = block * self._BLOCK
        high = min(low + self._BLOCK, len(self.marks))
        wanted = index - self.before[block]
        # Halve the block, counting only the half that is looked at: about one block's worth
        # of characters counted in all.
        while high - low > 1:
            middle = (low + high) // 2
            count = self.marks.count("1", low, middle)
            if count > wanted:
                high = middle
            else:
                wanted -= count
                low = middle
        return low


class _Composed:
    """``outer`` then ``inner``: derived -> intermediate -> source."""

    def __init__(self, outer: _Kept, inner: _Positions) -> None:
        self.outer, self.inner = outer, inner

    def __getitem__(self, index: int) -> int:
        return self.inner[self.outer[index]]


def _spread(text: str) -> tuple[str, dict[int, str], str]:
    """``text`` with each character replaced by its folded form (gaps marked, not collapsed),
    the table used, and the gap-collapsing pattern's class of "spaced" characters."""
    table = {ord(char): _fold_char(char) for char in set(text)}
    kept = {char for value in table.values() for char in value} - {_GAP}
    unspaced = _char_class(char for char in kept if not _spaced(char))
    return text.translate(table), table, f"[^{_GAP}{unspaced}]"


# The first gap of a run between two characters of spaced scripts becomes the space; every
# other gap, and any run next to a Chinese character or either end of the text, vanishes.
_SPACE_MARK = "\x01"


def _mark_spaces(spread: str, spaced: str) -> str:
    return re.sub(f"(?<={spaced}){_GAP}(?={_GAP}*{spaced})", _SPACE_MARK, spread)


def fold(text: str) -> str:
    """``text`` folded for matching, as :func:`normalize` does, without the index map."""
    spread, _, spaced = _spread(text)
    return _mark_spaces(spread, spaced).replace(_GAP, "").replace(_SPACE_MARK, " ")


def normalize(text: str) -> tuple[str, _Composed]:
    """``text`` folded for matching, and for each folded character the index it came from
    (for a space: the first of the characters it stands for).

    NFKC turns full-width forms into half-width ones, casefold removes case, every run of
    spaces and punctuation becomes one space between Latin words and nothing next to Chinese
    characters, so "Risk‑Free", "ｒｉｓｋ ｆｒｅｅ" and "稳 赚 不 赔" read as "risk free" and "稳赚不赔".
    Apostrophes vanish ("can't" -> "cant").

    The work is done by ``str.translate`` with a table of the text's distinct characters and
    by compiled regexes over the whole text, so a 5 MB lesson folds in well under a second.
    """
    spread, table, spaced = _spread(text)
    to_source = _Positions()
    # Characters that do not become exactly one character shift the indexes after them.
    uneven = [chr(code) for code, value in table.items() if len(value) != 1]
    if uneven:
        shift = 0
        for match in re.finditer(f"[{_char_class(uneven)}]", text):
            source = match.start()
            size = len(table[ord(match.group())])
            at = source + shift
            if size > 1:
                to_source.add(at, source, 0)
            to_source.add(at + size, source + 1, 1)
            shift += size - 1
    marked = _mark_spaces(spread, spaced)
    folded = marked.replace(_GAP, "").replace(_SPACE_MARK, " ")
    marks = marked.translate({ord(char): "1" for char in set(marked)} | {ord(_GAP): "0"})
    return folded, _Composed(_Kept(marks), to_source)


def _pattern(phrase: str) -> str:
    folded = fold(phrase)
    head, space, rest = folded.partition(" ")
    body = re.escape(head)
    if head[:1].isascii() and head[:1].isalnum():
        # The word-start check comes after the first word, not before it: a pattern that opens
        # with a literal lets the regex engine skip ahead to candidates instead of trying a
        # lookbehind at every position of a long text.
        body += r"(?<![a-z0-9]" + "." * len(head) + ")"
    body += "".join(" ?" if char == " " else re.escape(char) for char in space + rest)
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
        negations=sorted((fold(cue) for cue in raw["negations"]), key=len, reverse=True),
        labels=[fold(label) for label in raw["scam_example_labels"]],
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
    allowed = _Spans(sorted((m.start(), m.end()) for pattern in lexicon.allowed for m in pattern.finditer(folded)))
    longest_cue = max((len(cue) for cue in lexicon.negations), default=0)
    findings = []
    for group in _overlapping(sorted(matches)):
        if any(allowed.covers(start, end) for start, end, _ in group):
            continue
        if any(_negated(folded, start, lexicon.negations, longest_cue) for start, _, _ in group):
            continue
        if any(quoted.overlaps(where[start], where[end - 1] + 1) for start, end, _ in group):
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


class _Spans:
    """Sorted ``(start, end)`` spans, asked about in logarithmic time: a long lesson can hold
    many matches and many spans, and comparing each with each grew quadratically."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in spans]
        # The furthest end among the spans that start at or before each one.
        self.reach = list(itertools.accumulate((end for _, end in spans), max))
        # Quotations never overlap one another, so their ends are sorted too.
        self.ends = [end for _, end in spans]

    def covers(self, start: int, end: int) -> bool:
        """Whether one span holds all of ``start:end``."""
        at = bisect.bisect_right(self.starts, start)
        return at > 0 and self.reach[at - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps ``start:end``; for spans that do not overlap each other."""
        at = bisect.bisect_right(self.ends, start)
        return at < len(self.starts) and self.starts[at] < end


@functools.cache
def _cues_by_last_char(negations: tuple[str, ...]) -> dict[str, list[str]]:
    """The cues grouped by their last character, longest first as in ``negations``."""
    grouped: dict[str, list[str]] = {}
    for cue in negations:
        if cue:
            grouped.setdefault(cue[-1], []).append(cue)
    return grouped


def _negated(folded: str, start: int, negations: list[str], longest_cue: int) -> bool:
    # Only the last few characters can hold a cue: folded text has no two spaces in a row, so
    # a window of the longest cue plus a space and one more character settles it without
    # copying the whole text before every match.
    window = max(0, start - longest_cue - 2)
    before = folded[window:start].rstrip(" ")
    # Only cues ending with the character just before the match can match.
    if not before:
        return False
    for cue in _cues_by_last_char(tuple(negations)).get(before[-1], ()):
        if before.endswith(cue):
            head = before[: len(before) - len(cue)]
            # A Latin cue must be a whole word: "piano" does not end with the word "no".
            if not cue[:1].isascii() or not head[-1:].isascii() or not head[-1:].isalnum():
                return True
    return False


_QUOTE_MARKS = re.compile("[" + re.escape("".join(set(_QUOTES) | set(_QUOTES.values()))) + "]")
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?!\s*\n))+")


def quotations(text: str) -> _Spans:
    """``(start, end)`` of every quotation in ``text`` (marks included). A quotation never spans
    a blank line, and an opening mark that is never closed quotes nothing.

    Overlap with a quotation is enough to exempt a phrase: in `promises "guaranteed" profits`
    the author distances themselves too.
    """
    spans: list[tuple[int, int]] = []
    # Only the quotation marks are visited, found by a regex, not every character.
    for paragraph in _PARAGRAPH.finditer(text):
        opened: tuple[int, str] | None = None
        for mark in _QUOTE_MARKS.finditer(text, paragraph.start(), paragraph.end()):
            char, index = mark.group(), mark.start()
            if opened is not None and char == opened[1]:
                spans.append((opened[0], index + 1))
                opened = None
            elif opened is None and char in _QUOTES:
                opened = (index, _QUOTES[char])
    return _Spans(spans)


def has_disclaimer(text: str) -> bool:
    """Whether ``text`` says that it is not investment advice."""
    folded = fold(text)
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
        opening = fold(lines[first].lstrip(" >"))
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
    # Line starts found once: counting newlines again for every finding grew quadratically.
    breaks = [match.start() for match in re.finditer("\n", text)]
    for finding in find_promises(text):
        row = bisect.bisect_left(breaks, finding.start)
        if row in exempt:
            continue
        if card:
            column = finding.start - (breaks[row - 1] + 1 if row else 0) + 1
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
