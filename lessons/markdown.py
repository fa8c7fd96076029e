"""Lesson files: YAML front matter, then Markdown cards separated by a ``---`` line.

Markdown is parsed with markdown-it-py (CommonMark). Links may only be ``http``, ``https`` or
``mailto``; images must be files in ``media/`` of an allowed type; raw HTML is refused. Every
problem is located at its real line in the file (front matter included).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from lessons import errors as E
from lessons import limits
from lessons.errors import PackError
from lessons.model import Card
from lessons.suggest import did_you_mean
from lessons.yamlsafe import YamlDocument, parse_yaml

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_FRONT_MATTER_END = ("---", "...")


# Every link and image needs a ']'; inline HTML and autolinks need a '<' followed by something
# other than '<' or a space. Text with neither needs no inline parse, which is most of
# markdown-it's work. Both tests run at C speed, so a file of 5 MB of '[' or '<' costs nothing.
_HTML_START = re.compile(r"<[^<\s]")
# The characters at which markdown-it's inline parser stops to try its rules (its
# ``_DEFAULT_TERMINATORS``); runs of other characters are skipped in one step.
_INLINE_TERMINATORS = "\n!#$%&*+-:<=>@[\\]^_`{}~"


def _needs_inline_parse(content: str) -> bool:
    return "]" in content or _HTML_START.search(content) is not None


def _markup_count(content: str) -> int:
    """How many characters of ``content`` markdown-it's inline parser has to try its rules on.

    Its parse is linear, but each such character costs it tens of microseconds, and a '[' up to
    a few hundred (it looks up to 20 brackets and 32 parentheses ahead), so these characters,
    not the bytes, are what bounds the work.
    """
    return sum(map(content.count, _INLINE_TERMINATORS))


class MarkdownBudget:
    """How much Markdown the lesson files of one pack may still hold: lines and inline markup.

    markdown-it-py is linear but slow on crafted input (tens of microseconds a line or a markup
    character), so lessons are capped in lines and in markup characters of paragraphs that hold
    links, images or HTML (see :mod:`lessons.limits`), per file and per pack. One budget is
    shared by every lesson file of a pack, so the work is bounded however the pack splits it.
    """

    def __init__(self, lines: int | None = None, markup: int | None = None) -> None:
        self.lines_limit = limits.MAX_PACK_LESSON_LINES if lines is None else lines
        self.markup_limit = limits.MAX_PACK_MARKUP if markup is None else markup
        self.lines_left = self.lines_limit
        self.markup_left = self.markup_limit

    def spend_lines(self, amount: int) -> bool:
        """Take ``amount`` lines; false (and the budget emptied) when they do not fit."""
        if amount > self.lines_left:
            self.lines_left = 0
            return False
        self.lines_left -= amount
        return True

    def spend_markup(self, amount: int) -> bool:
        """Take ``amount`` markup characters; false (and the budget emptied) when they do not fit."""
        if amount > self.markup_left:
            self.markup_left = 0
            return False
        self.markup_left -= amount
        return True


def _markdown(inline: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # markdown-it drops links it deems unsafe (javascript:, data:) to plain text; let every link
    # through so the validator sees it and reports it instead.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    if not inline:
        md.core.ruler.disable("inline")
    return md


# Block structure only; inline content is parsed on demand with the second parser in ``_cards``.
_MD = _markdown(inline=False)
_INLINE_MD = _markdown(inline=True)


@dataclass
class LessonFile:
    """A parsed lesson file: raw front matter and cards.

    ``meta_readable`` is false when the front matter is absent or not valid YAML (already
    reported); ``meta`` is then ``None``.
    """

    meta: Any
    meta_doc: YamlDocument
    meta_readable: bool = False
    cards: list[Card] = field(default_factory=list)
    errors: list[PackError] = field(default_factory=list)


def parse_lesson_file(
    text: str, path: str, media: Collection[str], budget: MarkdownBudget | None = None
) -> LessonFile:
    """Split a lesson file into front matter and cards and check its links and images.

    ``media`` holds the pack's file paths, so image references can be checked. ``budget`` is
    shared by the lesson files of one pack (a fresh one per call when not given): past the caps
    in :mod:`lessons.limits` the rest is not parsed and the file gets an error instead, so
    validation time stays bounded.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        error = PackError(
            path, 1, 1, E.MISSING_FRONT_MATTER,
            "a lesson file starts with YAML front matter between '---' lines: the first line must be '---'",
        )
        return LessonFile(None, YamlDocument(path, None), errors=[error])
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FRONT_MATTER_END), None)
    if end is None:
        error = PackError(path, 1, 1, E.MISSING_FRONT_MATTER, "the front matter is not closed by a '---' line")
        return LessonFile(None, YamlDocument(path, None), errors=[error])
    if len(lines) > limits.MAX_LESSON_LINES:
        message = f"the lesson is {len(lines)} lines long; a lesson file may hold at most {limits.MAX_LESSON_LINES} (split it)"
        return LessonFile(None, YamlDocument(path, None), errors=[PackError(path, 1, 1, E.TOO_MUCH_MARKUP, message)])
    meta, doc, errors = parse_yaml("\n".join(lines[1:end]), path, line_offset=1)
    readable = meta is not None or not errors
    if errors and any(lines[i].startswith("# ") for i in range(1, end)):
        # A Markdown heading inside the front matter: its closing '---' line is missing, so
        # the first card was read as YAML. One error that says so, not YAML's view of it.
        heading = next(i for i in range(1, end) if lines[i].startswith("# "))
        message = f"the front matter is not closed: put a line '---' before line {heading + 1} ('{lines[heading][:30]}')"
        errors = [PackError(path, heading + 1, 1, E.MISSING_FRONT_MATTER, message)]
    budget = budget or MarkdownBudget()
    body = lines[end + 1 :]
    if not budget.spend_lines(len(body)):
        message = (
            f"the pack's lessons hold too many lines: at most {budget.lines_limit} in all "
            f"(split the pack into several)"
        )
        return LessonFile(meta, doc, readable, [], [*errors, PackError(path, 1, 1, E.TOO_MUCH_MARKUP, message)])
    cards, card_errors = _cards(body, end + 1, path, media, budget)
    return LessonFile(meta, doc, readable, cards, errors + card_errors)


def _cards(
    body: list[str], offset: int, path: str, media: Collection[str], budget: MarkdownBudget
) -> tuple[list[Card], list[PackError]]:
    """Cards of a body whose first line is line ``offset + 1`` of the file."""
    checker = _LinkChecker(body, offset, path, media)
    env: dict[str, object] = {}
    tokens = _MD.parse("\n".join(body), env)
    breaks: list[int] = []
    over_budget = False
    file_markup = 0
    for token in tokens:
        if token.type == "inline" and not over_budget and _needs_inline_parse(token.content):
            markup = _markup_count(token.content)
            file_markup += markup
            if file_markup <= limits.MAX_LESSON_MARKUP and budget.spend_markup(markup):
                token.children = _INLINE_MD.parseInline(token.content, env)[0].children
            else:
                # Unchecked links must not pass: the file fails, and the rest is not parsed.
                over_budget = True
                line = offset + (token.map[0] if token.map else 0) + 1
                checker.errors.append(_too_much_markup(path, line, file_markup > limits.MAX_LESSON_MARKUP))
        checker.check(token)
        if token.type == "hr" and token.level == 0 and token.map and body[token.map[0]].strip() == "---":
            breaks.append(token.map[0])
    cards: list[Card] = []
    errors = checker.errors
    bounds = [-1, *breaks, len(body)]
    for start, stop in zip(bounds, bounds[1:]):
        chunk = body[start + 1 : stop]
        first = next((i for i, line in enumerate(chunk) if line.strip()), None)
        if first is None:
            line = offset + max(start, 0) + 1
            errors.append(PackError(path, line, 1, E.EMPTY_CARD, "empty card: remove the extra '---' line"))
            continue
        cards.append(Card(markdown="\n".join(chunk).strip("\n"), line=offset + start + 1 + first + 1))
    return cards, errors


def _too_much_markup(path: str, line: int, in_file: bool) -> PackError:
    if in_file:
        limit, where = limits.MAX_LESSON_MARKUP, "one lesson file"
    else:
        limit, where = limits.MAX_PACK_MARKUP, "the lessons of a pack"
    return PackError(
        path, line, 1, E.TOO_MUCH_MARKUP,
        f"too much markup around links, images or '<': {where} may hold at most {limit} Markdown "
        f"signs (such as [ ] * _ ` < !) in paragraphs with links; split the lesson or simplify it",
    )


class _LinkChecker:
    def __init__(self, body: list[str], offset: int, path: str, media: Collection[str]) -> None:
        self.body = body
        self.offset = offset
        self.path = path
        self.media = media
        self.errors: list[PackError] = []

    def _error(self, body_line: int, needle: str, code: str, message: str) -> None:
        text = self.body[body_line] if 0 <= body_line < len(self.body) else ""
        col = next((text.find(n) + 1 for n in (needle, unquote(needle)) if n and n in text), 1)
        self.errors.append(PackError(self.path, self.offset + body_line + 1, col, code, message))

    def check(self, token: Token) -> None:
        if token.type == "html_block" and token.map:
            self._error(token.map[0], "<", E.RAW_HTML, "raw HTML is not allowed in lessons")
        if token.type != "inline" or not token.map or not token.children:
            return
        line = token.map[0]
        for child in token.children:
            if len(self.errors) >= limits.MAX_MARKUP_ERRORS_PER_FILE:
                # Each error searches its line for a column: unbounded errors on one huge line
                # would make reporting quadratic.
                return
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline":
                self._error(line, child.content, E.RAW_HTML, "raw HTML is not allowed in lessons")
            elif child.type == "link_open":
                self._link(line, str(child.attrs.get("href", "")))
            elif child.type == "image":
                self._image(line, str(child.attrs.get("src", "")))

    def _link(self, line: int, href: str) -> None:
        match = _SCHEME.match(href)
        if not match or match[1].lower() not in LINK_SCHEMES:
            shown = href[:60]
            self._error(line, href, E.LINK_SCHEME, f"link '{shown}' is not allowed: links may use http, https or mailto only")

    def _image(self, line: int, src: str) -> None:
        match = _SCHEME.match(src)
        if match and match[1].lower() in ("http", "https"):
            self._error(line, src, E.REMOTE_IMAGE, "remote images are not fetched: put the image in media/")
            return
        reference = unquote(src)
        if match or not reference.startswith("media/") or ".." in reference.split("/"):
            self._error(line, src, E.MISSING_MEDIA, f"image '{src[:60]}' must be a file in media/")
            return
        suffix = "." + reference.rsplit(".", 1)[-1].lower() if "." in reference else ""
        if suffix not in limits.MEDIA_EXTENSIONS:
            allowed = ", ".join(sorted(ext[1:] for ext in limits.MEDIA_EXTENSIONS))
            self._error(line, src, E.BAD_MEDIA_TYPE, f"image '{reference}' has an unsupported type (use {allowed})")
        elif reference not in self.media:
            hint = did_you_mean(reference, [path for path in self.media if path.startswith("media/")])
            self._error(line, src, E.MISSING_MEDIA, f"image '{reference}' is not in the pack{hint}")


def plain_text(markdown: str) -> str:
    """``markdown`` rendered to the plain text a quiz shows: emphasis, headings and code marks
    removed, paragraphs and list items on lines of their own (items as ``• ``), links as
    their text. Used for imported text that was written as Markdown."""
    tokens = _INLINE_MD.parse(markdown)
    lines: list[str] = []
    prefix = ""
    for token in tokens:
        if token.type == "list_item_open":
            prefix = "• "
        elif token.type == "inline":
            words = "".join(_inline_text(child) for child in token.children or ())
            lines.extend(f"{prefix}{line}".rstrip() for line in words.split("\n"))
            prefix = ""
        elif token.type in ("fence", "code_block"):
            lines.extend(token.content.rstrip("\n").split("\n"))
    return "\n".join(line for line in lines if line.strip()).strip()


def _inline_text(token: Token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    if token.type == "image":
        return "".join(_inline_text(child) for child in token.children or ())
    return ""
