"""Storage failures that a person can act on, each with a stable code and a message key.

The services raise :class:`StorageError` when a write (or read) fails for a reason outside the
app's control: a full disk, a database another program holds locked, a read-only file. Screens
show ``t(error.message_key)``; the transaction was rolled back, so nothing saved earlier is lost.
:class:`StoreOpenError` is the same idea for opening the database at start-up.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa_exc

from edu_app.i18n import Translator

# SQLite result codes (primary names; extended names such as SQLITE_READONLY_DBMOVED share the
# prefix) -> our codes. Only SQLITE_CORRUPT and SQLITE_NOTADB say the file itself is damaged.
_SQLITE_CODES = (
    ("SQLITE_FULL", "disk-full"),
    ("SQLITE_BUSY", "locked"),
    ("SQLITE_LOCKED", "locked"),
    ("SQLITE_READONLY", "read-only"),
    ("SQLITE_PERM", "read-only"),
    ("SQLITE_AUTH", "read-only"),
    ("SQLITE_CANTOPEN", "cannot-open"),
    ("SQLITE_CORRUPT", "corrupt"),
    ("SQLITE_NOTADB", "corrupt"),
    ("SQLITE_IOERR", "io"),
)
# PostgreSQL SQLSTATE classes and codes -> our codes.
_PG_CODES = (
    ("53100", "disk-full"),
    ("53", "io"),  # insufficient resources (memory, connections)
    ("55P03", "locked"),
    ("40P01", "locked"),
    ("40001", "locked"),
    ("25006", "read-only"),
    ("42501", "read-only"),
    ("57P03", "cannot-open"),
    ("08", "cannot-open"),
    ("XX001", "corrupt"),
    ("XX002", "corrupt"),
)


# Message keys spelled out (not built from the code) so the catalog test sees each one used.
_ERROR_KEYS = {
    "disk-full": "store.error.disk_full",
    "locked": "store.error.locked",
    "read-only": "store.error.read_only",
    "cannot-open": "store.error.cannot_open",
    "corrupt": "store.error.corrupt",
    "io": "store.error.io",
}
_OPEN_KEYS = {
    "newer-schema": "store.open.newer_schema",
    "read-only": "store.open.read_only",
    "cannot-open": "store.open.cannot_open",
    "locked": "store.open.locked",
    "disk-full": "store.open.disk_full",
    "io": "store.open.io",
    "corrupt": "store.open.corrupt",
    "migration-failed": "store.open.migration_failed",
}


class StorageError(Exception):
    """A storage operation failed; ``code`` is one of disk-full, locked, read-only, cannot-open,
    corrupt, io. Nothing of the failed action was saved, and nothing saved before was lost."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail

    @property
    def message_key(self) -> str:
        """The i18n key of the message for a learner."""
        return _ERROR_KEYS.get(self.code, "store.error.io")

    def message(self, language: str) -> str:
        """The message in ``language``: what happened and what to do."""
        return Translator(language)(self.message_key)


class StoreOpenError(Exception):
    """The database cannot be opened and is left exactly where it is.

    ``code`` is newer-schema (``params["version"]`` wrote it), read-only, cannot-open, locked,
    disk-full, io or migration-failed; ``params["path"]`` names the file or server.
    """

    def __init__(self, code: str, detail: str = "", **params: object) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.params = params

    @property
    def message_key(self) -> str:
        """The i18n key of the message."""
        return _OPEN_KEYS.get(self.code, "store.open.cannot_open")

    def message(self, language: str) -> str:
        """The message in ``language``: what is wrong, what to do; the file is left in place."""
        return Translator(language)(self.message_key, **self.params)


def storage_code(error: BaseException) -> str | None:
    """Our code for a driver error (SQLAlchemy-wrapped or raw), or None if it is not a storage
    condition (a constraint violation or a bug is for the caller to handle)."""
    original = error.orig if isinstance(error, sa_exc.DBAPIError) else error
    if isinstance(original, sqlite3.Error):
        name = getattr(original, "sqlite_errorname", "") or ""
        for prefix, code in _SQLITE_CODES:
            if name.startswith(prefix):
                return code
        text = str(original).lower()
        # Errors raised before a result code exists (e.g. the file cannot be opened at all).
        if "readonly" in text or "read-only" in text:
            return "read-only"
        if "locked" in text:
            return "locked"
        if "unable to open" in text:
            return "cannot-open"
        if "not a database" in text or "malformed" in text:
            return "corrupt"
        return None
    sqlstate = getattr(original, "sqlstate", None)
    if isinstance(sqlstate, str):
        for prefix, code in _PG_CODES:
            if sqlstate.startswith(prefix):
                return code
        return None
    if isinstance(error, sa_exc.OperationalError):
        # A lost server connection and similar: not the learner's input, so a storage problem.
        return "cannot-open"
    return None
