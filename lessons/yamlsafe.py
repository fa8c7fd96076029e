"""Safe YAML loading that remembers where every value came from.

Files are composed into a node tree (libyaml when available), then turned into plain Python
data here rather than by PyYAML's constructors, so that:

* only plain tags are accepted (strings, numbers, booleans, null, dates); ``!!python/object``
  and every other tag is an error, never a constructor call;
* aliases (``*name``) are refused, which rules out "billion laughs" expansions and cycles;
* nesting is capped, duplicate keys and non-scalar keys are errors;
* every problem is reported, not just the first;
* a pydantic error ``loc`` can be mapped back to the line and column of the offending node.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lessons import errors as E
from lessons import limits
from lessons.errors import PackError

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"
_STR_TAG = _TAG + "str"
_PARSE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ComposeLoader(_PARSE_LOADER):  # type: ignore[misc, valid-type]
    """Composes with libyaml when available; tag resolution is memoised because packs repeat
    the same keys and words thousands of times and the resolver runs in Python."""

    _resolved: dict[tuple[Any, ...], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not ScalarNode or len(value) > 40:
            return super().resolve(kind, value, implicit)
        key = (value, tuple(implicit) if implicit is not None else None)
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
            if len(self._resolved) > 100_000:
                self._resolved.clear()
        return tag


_COMPOSE_LOADER = _ComposeLoader
# libyaml's composer recurses in C and crashes the process on very deep nesting instead of
# raising RecursionError. Nesting needs one indicator character per level, so a document with
# few of them is composed directly; others get a cheap event scan first.
_NESTING_CHARS = "[{-:?"
_DIRECT_COMPOSE_MAX_INDICATORS = 2_000
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class YamlDocument:
    """A parsed YAML file (or front matter block) that can locate values by their path."""

    path: str
    root: Node | None
    line_offset: int = 0
    text: str = ""

    def position(self, loc: Sequence[Any], *, key: bool = False) -> tuple[int, int]:
        """1-based ``(line, col)`` of the node at ``loc`` (keys and list indices).

        Parts of ``loc`` that are not in the document (pydantic's union tags, a missing field)
        are skipped, so the answer is the deepest node that exists. With ``key=True`` the
        position of the last mapping key is returned instead of its value.
        """
        node = self.node_at(loc, key=key)
        if node is None:
            return 1 + self.line_offset, 1
        mark = node.start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1

    def source_line(self, node: Node) -> str:
        """The text of the line ``node`` starts on."""
        lines = self.text.split("\n")
        return lines[node.start_mark.line] if node.start_mark.line < len(lines) else ""

    def node_at(self, loc: Sequence[Any], *, key: bool = False) -> Node | None:
        """The deepest node on the way to ``loc`` (see :meth:`position`)."""
        node = self.root
        if node is None:
            return None
        last = len(loc) - 1
        for index, part in enumerate(loc):
            if isinstance(node, MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                        node = key_node if key and index == last else value_node
                        break
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
        return node

    def error(self, loc: Sequence[Any], code: str, message: str, *, key: bool = False) -> PackError:
        """A :class:`PackError` located at ``loc`` in this document."""
        line, col = self.position(loc, key=key)
        return PackError(self.path, line, col, code, message)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, YamlDocument, list[PackError]]:
    """Parse ``text`` safely; returns ``(data, document, errors)``.

    ``data`` is ``None`` when the text cannot be parsed at all; values that break a rule are
    replaced by ``None`` and reported, so the rest of the file is still checked.
    """
    document = YamlDocument(path, None, line_offset, text)
    try:
        too_deep = _too_deep(text)
        if too_deep is not None:
            return None, document, [_mark_error(path, line_offset, too_deep, E.YAML_TOO_DEEP, _deep_message())]
        document.root = yaml.compose(text, Loader=_COMPOSE_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax error: {error.problem or error.context}"
        colon = _colon_in_text(text, mark) if "mapping values are not allowed" in str(error.problem) else None
        if colon is not None:
            mark, message = colon
        else:
            fixed = _repaired_line(text, mark)
            if fixed is not None:
                message += f"; if the line holds text, put the text in quotes: {fixed}"
        return None, document, [_mark_error(path, line_offset, mark, E.YAML_SYNTAX, message)]
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        return None, document, [PackError(path, 1 + line_offset, 1, E.YAML_SYNTAX, f"YAML syntax error: {error}")]
    if document.root is None:
        return None, document, []
    converter = _Converter(path, line_offset, text)
    data = converter.convert(document.root, 1)
    return data, document, converter.errors


_COMMENT_AFTER = re.compile(r"\s+#")
_KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"{\[][^:#]*?):\s+(.*?)\s*$")
# Keys whose value is text: language codes (en, zh-CN) and a lesson's title.
_TEXT_KEY = re.compile(r"^(?!id$)[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$|^title$")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _colon_in_text(text: str, mark: Any) -> tuple[Any, str] | None:
    """A plain message for ``key: text with: a colon``, which YAML reads as a second key."""
    if mark is None:
        return None
    lines = text.split("\n")
    if mark.line >= len(lines):
        return None
    match = _KEY_LINE.match(lines[mark.line])
    if not match or ": " not in match[3] + " " or match[3].startswith(("\"", "'", "{", "[", "|", ">")):
        return None
    fixed = f"{match[1].strip()} {match[2]}: {_quoted(match[3])}".strip()
    message = (
        f"the text after '{match[2]}:' holds ': ', which YAML reads as the start of another key; "
        f"put the text in quotes: {fixed}"
    )
    return mark, message


_FLOW_ENTRY = re.compile(r",\s*(?=[\w-]+:\s)")


def _unquoted(value: str) -> str:
    """``value`` without the quotes a teacher put around it (the broken quoting is redone)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _repaired_line(text: str, mark: Any) -> str | None:
    """The line of a YAML syntax error with its text quoted properly, when that makes the
    whole file readable: quotes inside quotes, an apostrophe in single quotes, a colon in
    ``{ }``. ``None`` when quoting does not help (then the error is about something else)."""
    if mark is None:
        return None
    lines = text.split("\n")
    for number in (mark.line, mark.line - 1):
        if not 0 <= number < len(lines):
            continue
        match = _KEY_LINE.match(lines[number])
        if not match:
            continue
        head, key, value = match[1], match[2], match[3]
        if value.startswith("{") and value.endswith("}"):
            entries = _FLOW_ENTRY.split(value[1:-1].strip())
            parts = [entry.partition(":") for entry in entries]
            if not all(separator for _, separator, _ in parts):
                continue
            body = ", ".join(f"{name.strip()}: {_quoted(_unquoted(rest))}" for name, _, rest in parts)
            candidate = f"{head}{key}: {{ {body} }}"
        elif value[:1] in "\"'":
            candidate = f"{head}{key}: {_quoted(_unquoted(value))}"
        else:
            continue
        trial = "\n".join([*lines[:number], candidate, *lines[number + 1 :]])
        try:
            yaml.compose(trial, Loader=_COMPOSE_LOADER)
        except (yaml.YAMLError, RecursionError, ValueError):
            continue
        return candidate.strip()
    return None


def _deep_message() -> str:
    return f"YAML is nested more than {limits.MAX_YAML_DEPTH} levels deep"


def _too_deep(text: str) -> Any:
    """The mark where nesting passes the cap, when a (cheap) scan finds one; else ``None``."""
    if sum(text.count(char) for char in _NESTING_CHARS) <= _DIRECT_COMPOSE_MAX_INDICATORS:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_PARSE_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limits.MAX_YAML_DEPTH:
                return event.start_mark
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _mark_error(path: str, line_offset: int, mark: Any, code: str, message: str) -> PackError:
    if mark is None:
        return PackError(path, 1 + line_offset, 1, code, message)
    return PackError(path, mark.line + 1 + line_offset, mark.column + 1, code, message)


class _Converter:
    """Turns a composed node tree into plain data, collecting every rule broken on the way."""

    def __init__(self, path: str, line_offset: int, text: str) -> None:
        self.path = path
        self.line_offset = line_offset
        self.text = text
        self.errors: list[PackError] = []
        self._seen: set[int] = set()
        self._alias_marks: list[Any] | None = None
        self._has_hash = "#" in text

    def _error(self, node: Node, code: str, message: str) -> None:
        self.errors.append(_mark_error(self.path, self.line_offset, node.start_mark, code, message))

    def convert(self, node: Node, depth: int) -> Any:
        if type(node) is ScalarNode and node.tag == _STR_TAG:
            # The common case first; an alias to a scalar cannot expand, so it needs no check.
            return node.value
        if id(node) in self._seen:
            self._alias_error()
            return None
        self._seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if depth > limits.MAX_YAML_DEPTH:
            self._error(node, E.YAML_TOO_DEEP, _deep_message())
            return None
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self._error(node, E.YAML_UNSAFE_TAG, f"YAML tag {_short(node.tag)} is not allowed")
                return None
            return [self.convert(child, depth + 1) for child in node.value]
        if isinstance(node, MappingNode):
            if node.tag != _MAP_TAG:
                self._error(node, E.YAML_UNSAFE_TAG, f"YAML tag {_short(node.tag)} is not allowed")
                return None
            return self._mapping(node, depth)
        self._error(node, E.YAML_SYNTAX, "unsupported YAML node")
        return None

    def _mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        pairs = self._split_by_commas(node) if node.flow_style else node.value
        for key_node, value_node in pairs:
            self._comment_in_text(key_node, value_node)
            if id(key_node) in self._seen:
                self._alias_error()
                continue
            if not isinstance(key_node, ScalarNode):
                self._seen.add(id(key_node))
                self._error(key_node, E.YAML_BAD_KEY, "mapping keys must be plain text")
                continue
            key = self.convert(key_node, depth + 1)
            if key is None and key_node.tag != _TAG + "null":
                continue
            if key in result:
                self._error(key_node, E.YAML_DUPLICATE_KEY, f"duplicate key '{key_node.value}'")
                self.convert(value_node, depth + 1)
                continue
            result[key] = self.convert(value_node, depth + 1)
        return result

    def _lines(self) -> list[str]:
        if not hasattr(self, "_text_lines"):
            self._text_lines = self.text.split("\n")
        return self._text_lines

    def _comment_in_text(self, key_node: Node, value_node: Node) -> None:
        """``en: Call #1 now`` silently loses ``#1 now`` (a comment to YAML): report it."""
        # Runs for every pair of every file: the cheap tests come first.
        if not self._has_hash or value_node.__class__ is not ScalarNode or value_node.style not in (None, ""):
            return
        end = value_node.end_mark
        line = self._lines()[end.line]
        if line.find("#", end.column) < 0 or not _COMMENT_AFTER.match(line, end.column):
            return
        if (
            value_node.tag != _STR_TAG or not isinstance(key_node, ScalarNode)
            or not _TEXT_KEY.match(key_node.value) or value_node.start_mark.line != end.line
        ):
            return
        cut = line[end.column :].strip()
        fixed = (line[: value_node.start_mark.column] + _quoted(value_node.value + " " + cut)).strip()
        self._error(
            value_node, E.YAML_BAD_VALUE,
            f"the text stops before ' {cut[:20]}': YAML reads ' #' as the start of a comment; "
            f"if the rest belongs to the text, put it all in quotes: {fixed}",
        )

    def _split_by_commas(self, node: MappingNode) -> list[tuple[Node, Node]]:
        """``{ en: Stop, think, zh-CN: ... }``: the comma ends the text and ``think`` becomes a key
        with no value. Reported once, with the fixed line, and the text is put back together so
        that nothing else is reported about it."""
        pairs: list[tuple[Node, Node]] = []
        first_of: dict[int, ScalarNode] = {}
        orphans: dict[int, tuple[ScalarNode, list[ScalarNode]]] = {}
        for key_node, value_node in node.value:
            previous = pairs[-1][1] if pairs else None
            if not (
                isinstance(previous, ScalarNode) and previous.style in (None, "")
                and isinstance(key_node, ScalarNode) and key_node.style in (None, "")
                and isinstance(value_node, ScalarNode) and value_node.tag == _TAG + "null" and value_node.value == ""
            ):
                pairs.append((key_node, value_node))
                continue
            first = first_of.get(id(previous), previous)
            joined = " ".join(self.text[first.start_mark.index : key_node.end_mark.index].split())
            merged = ScalarNode(_STR_TAG, joined, first.start_mark, key_node.end_mark, style="")
            first_of[id(merged)] = first
            orphans.setdefault(id(first), (first, []))[1].append(key_node)
            pairs[-1] = (pairs[-1][0], merged)
        for first, keys in orphans.values():
            last = keys[-1]
            names = " and ".join(f"'{key.value}'" for key in keys)
            became = "became keys of their own" if len(keys) > 1 else "became a key of its own"
            message = f"the comma after '{first.value}' ends the text inside {{ }}, so {names} {became}"
            if first.start_mark.line == last.end_mark.line:
                line = self._lines()[first.start_mark.line]
                whole = " ".join(self.text[first.start_mark.index : last.end_mark.index].split())
                fixed = (line[: first.start_mark.column] + _quoted(whole) + line[last.end_mark.column :]).strip()
                message += f"; put the text in quotes: {fixed}"
            else:
                message += "; put the whole text in quotes"
            self._error(keys[0], E.YAML_BAD_VALUE, message)
        return pairs

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self._error(node, E.YAML_UNSAFE_TAG, f"YAML tag {_short(node.tag)} is not allowed")
            return None
        try:
            return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except (ValueError, OverflowError, yaml.YAMLError) as error:
            self._error(node, E.YAML_BAD_VALUE, f"cannot read the value '{node.value[:40]}' ({error})")
            return None

    def _alias_error(self) -> None:
        # Composed aliases share their anchor's node, which carries the anchor's mark; the
        # alias itself is found by a second, event-level pass, done only when one exists.
        if self._alias_marks is None:
            self._alias_marks = [
                event.start_mark
                for event in yaml.parse(self.text, Loader=_PARSE_LOADER)
                if isinstance(event, yaml.AliasEvent)
            ]
        mark = self._alias_marks.pop(0) if self._alias_marks else None
        self.errors.append(
            _mark_error(self.path, self.line_offset, mark, E.YAML_ALIAS, "YAML aliases (*name) are not allowed")
        )


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
