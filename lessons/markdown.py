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
from lessons.yamlsafe import YamlDocument, parse_yaml

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_FRONT_MATTER_END = ("---", "...")


# Links, images and inline HTML all start with one of these; text without them needs no inline
# parse, which is most of markdown-it's work.
_INLINE_MARKERS = ("[", "<", "!")


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


def parse_lesson_file(text: str, path: str, media: Collection[str]) -> LessonFile:
    """Split a lesson file into front matter and cards and check its links and images.

    ``media`` holds the pack's file paths, so image references can be checked.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        error = PackError(path, 1, 1, E.MISSING_FRONT_MATTER, "a lesson file starts with YAML front matter between '---' lines")
        return LessonFile(None, YamlDocument(path, None), errors=[error])
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FRONT_MATTER_END), None)
    if end is None:
        error = PackError(path, 1, 1, E.MISSING_FRONT_MATTER, "the front matter is not closed by a '---' line")
        return LessonFile(None, YamlDocument(path, None), errors=[error])
    meta, doc, errors = parse_yaml("\n".join(lines[1:end]), path, line_offset=1)
    readable = meta is not None or not errors
    cards, card_errors = _cards(lines[end + 1 :], end + 1, path, media)
    return LessonFile(meta, doc, readable, cards, errors + card_errors)


def _cards(body: list[str], offset: int, path: str, media: Collection[str]) -> tuple[list[Card], list[PackError]]:
    """Cards of a body whose first line is line ``offset + 1`` of the file."""
    checker = _LinkChecker(body, offset, path, media)
    env: dict[str, object] = {}
    tokens = _MD.parse("\n".join(body), env)
    breaks: list[int] = []
    for token in tokens:
        if token.type == "inline" and any(marker in token.content for marker in _INLINE_MARKERS):
            token.children = _INLINE_MD.parseInline(token.content, env)[0].children
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
            self._error(line, src, E.MISSING_MEDIA, f"image '{reference}' is not in the pack")
