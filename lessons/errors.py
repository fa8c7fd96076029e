"""The one error type the pack validator reports, and its stable error codes.

Every problem found in a pack becomes a :class:`PackError` that names the file (relative to the
pack root, ``/``-separated), the 1-based line and column, a stable ``code`` the app can key on,
and an English ``message`` for people.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class PackError:
    """One problem in a pack, located at ``path:line:col``."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        """The error as a JSON-ready dict."""
        return asdict(self)


# Stable error codes. The app and the docs key on these strings: never rename one.
# Reading files and archives
NOT_FOUND = "not-found"
BAD_ZIP = "bad-zip"
UNSAFE_PATH = "unsafe-path"
LINK_REFUSED = "link-refused"
NOT_A_FILE = "not-a-file"
UNREADABLE = "unreadable"
DUPLICATE_ENTRY = "duplicate-entry"
ENCRYPTED_ENTRY = "encrypted-entry"
TOO_MANY_FILES = "too-many-files"
FILE_TOO_LARGE = "file-too-large"
PACK_TOO_LARGE = "pack-too-large"
COMPRESSION_RATIO = "compression-ratio"
UNEXPECTED_FILE = "unexpected-file"
ENCODING = "encoding"
# YAML
YAML_SYNTAX = "yaml-syntax"
YAML_UNSAFE_TAG = "yaml-unsafe-tag"
YAML_ALIAS = "yaml-alias"
YAML_TOO_DEEP = "yaml-too-deep"
YAML_DUPLICATE_KEY = "yaml-duplicate-key"
YAML_BAD_KEY = "yaml-bad-key"
YAML_BAD_VALUE = "yaml-bad-value"
# Shape (from the models)
MISSING_FIELD = "missing-field"
UNKNOWN_FIELD = "unknown-field"
WRONG_TYPE = "wrong-type"
INVALID_VALUE = "invalid-value"
UNKNOWN_ITEM_TYPE = "unknown-item-type"
UNKNOWN_CONDITION = "unknown-condition"
# Manifest and references
MISSING_MANIFEST = "missing-manifest"
UNSUPPORTED_SCHEMA_VERSION = "unsupported-schema-version"
DUPLICATE_ID = "duplicate-id"
UNKNOWN_REFERENCE = "unknown-reference"
UNKNOWN_FEATURE = "unknown-feature"
UNKNOWN_LANGUAGE = "unknown-language"
# Lessons (Markdown)
MISSING_LESSON = "missing-lesson"
LESSON_NOT_LISTED = "lesson-not-listed"
MISSING_FRONT_MATTER = "missing-front-matter"
LESSON_ID_MISMATCH = "lesson-id-mismatch"
EMPTY_CARD = "empty-card"
EXTRA_CARD = "extra-card"
LINK_SCHEME = "link-scheme"
REMOTE_IMAGE = "remote-image"
MISSING_MEDIA = "missing-media"
BAD_MEDIA_TYPE = "bad-media-type"
RAW_HTML = "raw-html"
TOO_MUCH_MARKUP = "too-much-markup"
# Items
CORRECT_OPTIONS = "correct-options"
SCENARIO_GRAPH = "scenario-graph"
# Translations
MISSING_SOURCE_TEXT = "missing-source-text"
BAD_LOCK = "bad-lock"
# Translations as errors, only under `pack build --strict` (otherwise they are reported, not errors)
MISSING_TRANSLATION = "missing-translation"
STALE_TRANSLATION = "stale-translation"
# A bug in the validator itself; the property-based tests make sure it never appears.
INTERNAL = "internal-error"
