"""Deterministic pack archives: the same files always give the same zip, byte for byte."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

#: The earliest timestamp a zip can hold; used for every entry so builds do not depend on mtimes.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644
COMPRESSION_LEVEL = 9
_UNIX = 3


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """A zip of ``files`` (relative path -> bytes): sorted entries, fixed times and modes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = (0o100000 | FILE_MODE) << 16
            archive.writestr(info, files[name], compresslevel=COMPRESSION_LEVEL)
    return buffer.getvalue()


def write_zip(files: Mapping[str, bytes], output: Path) -> None:
    """Write :func:`zip_bytes` to ``output`` atomically (a half-written zip is never left)."""
    data = zip_bytes(files)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".build-", suffix=".zip", dir=output.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
