"""Which field of a pack file a validator error belongs to, for editors that show each error
next to its field.

Errors name ``path:line:col``; this maps them back to a path inside the file's data (the same
shape as a pydantic ``loc``: keys and list indices). A lesson file's front matter fields are
``("meta", key, ...)`` and its Markdown body is ``("body",)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lessons.errors import PackError
from lessons.writer import split_lesson
from lessons.yamlsafe import parse_yaml

Loc = tuple[Any, ...]


class _Positions:
    """Every node of a YAML document by where it starts: ``(line, col) -> loc``."""

    def __init__(self, root: Node | None, line_offset: int, prefix: Loc) -> None:
        self.exact: dict[tuple[int, int], Loc] = {}
        self.by_line: dict[int, Loc] = {}
        if root is not None:
            self._walk(root, prefix, line_offset)

    def _mark(self, node: Node, loc: Loc, offset: int) -> None:
        line, col = node.start_mark.line + 1 + offset, node.start_mark.column + 1
        self.exact.setdefault((line, col), loc)
        # The deepest node starting on a line names the field best ("text: {en: ...}" -> en).
        if len(loc) >= len(self.by_line.get(line, ())):
            self.by_line[line] = loc

    def _walk(self, node: Node, loc: Loc, offset: int) -> None:
        self._mark(node, loc, offset)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    self._mark(key, (*loc, key.value), offset)
                    self._walk(value, (*loc, key.value), offset)
        elif isinstance(node, SequenceNode):
            for index, value in enumerate(node.value):
                self._walk(value, (*loc, index), offset)

    def find(self, line: int, col: int) -> Loc | None:
        return self.exact.get((line, col)) or self.by_line.get(line)


def _positions(path: str, data: bytes) -> tuple[_Positions, int]:
    """The positions of a file and the first line of its Markdown body (0: not a lesson)."""
    text = data.decode("utf-8-sig", errors="replace")
    if not path.endswith(".md"):
        _raw, doc, _errors = parse_yaml(text, path)
        return _Positions(doc.root, 0, ()), 0
    parts = split_lesson(text)
    if parts is None:
        return _Positions(None, 0, ()), 1
    front = parts[0]
    _raw, doc, _errors = parse_yaml(front, path, line_offset=1)
    body_starts = front.count("\n") + 3 if front else 3
    return _Positions(doc.root, 1, ("meta",)), body_starts


def locate(files: Mapping[str, bytes], errors: Iterable[PackError]) -> list[tuple[PackError, str, Loc | None]]:
    """Each error with its file and its field's loc (``None``: the file as a whole)."""
    cache: dict[str, tuple[_Positions, int]] = {}
    located = []
    for error in errors:
        data = files.get(error.path)
        if data is None or not error.path.endswith((".yaml", ".md")):
            located.append((error, error.path, None))
            continue
        if error.path not in cache:
            cache[error.path] = _positions(error.path, data)
        positions, body_starts = cache[error.path]
        if body_starts and error.line >= body_starts:
            located.append((error, error.path, ("body",)))
        else:
            located.append((error, error.path, positions.find(error.line, error.col)))
    return located
