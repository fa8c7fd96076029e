"""Property-based: whatever a stranger does to a valid pack, the validator answers with errors
and never raises."""

from __future__ import annotations

from typing import Any

import yaml
from conftest import load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.errors import PackError

TEXT_FILES = ["pack.yaml", "lessons/guaranteed-returns/quiz.yaml", "lessons/guaranteed-returns/en.md",
              "lessons/guaranteed-returns/zh-CN.md", "translations.lock.yaml"]
GARBAGE = st.one_of(
    st.binary(max_size=40),
    st.text(max_size=40),
    st.sampled_from(["{", "[", "- ", ": ", "---\n", "!!python/object:os.system x", "*a", "&a ", "\t", "\x00",
                     "{{{{", "]]", "\n---\n", "![x](javascript:1)", "<b>", "%YAML 1.1\n", "? ", "'", '"']),
)
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=10),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated_pack(draw: st.DrawFn, starter: dict[str, bytes]) -> dict[str, bytes]:
    files = dict(starter)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(sorted(files)))
        data = files[path]
        kind = draw(st.sampled_from(["insert", "truncate", "delete-file", "yaml-delete", "yaml-retype", "replace-line"]))
        if kind == "insert":
            at = draw(st.integers(0, len(data)))
            chunk = draw(GARBAGE)
            files[path] = data[:at] + (chunk.encode() if isinstance(chunk, str) else chunk) + data[at:]
        elif kind == "truncate":
            files[path] = data[: draw(st.integers(0, len(data)))]
        elif kind == "delete-file":
            del files[path]
        elif kind == "replace-line":
            lines = data.split(b"\n")
            lines[draw(st.integers(0, len(lines) - 1))] = draw(st.text(max_size=30)).encode()
            files[path] = b"\n".join(lines)
        elif path.endswith(".yaml"):
            try:
                tree = yaml.safe_load(data)
            except yaml.YAMLError:
                continue  # an earlier mutation already broke this file
            targets = [p for p in _paths(tree) if p]
            if not targets:
                continue
            target = draw(st.sampled_from(targets))
            parent = tree
            for part in target[:-1]:
                parent = parent[part]
            if kind == "yaml-delete":
                del parent[target[-1]]
            else:
                parent[target[-1]] = draw(VALUES)
            files[path] = yaml.safe_dump(tree, allow_unicode=True).encode()
    return files


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_packs_get_errors_never_exceptions(starter, data):
    files = data.draw(mutated_pack(starter))
    result = load(files)  # must not raise
    for error in result.errors:
        assert isinstance(error, PackError)
        assert error.code != "internal-error", error
        assert error.line >= 1 and error.col >= 1 and error.message
    if result.ok:
        assert result.pack is not None
    result.summary()
