"""The one place ramaudit writes files: atomically, and never over a file without
``force``. Audited plans are never opened for writing."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class WriteRefused(Exception):
    pass


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a
    rename, so readers see the old file or the new one, never half of one."""
    target = Path(path)
    if target.exists() and not force:
        raise WriteRefused(f"{target} exists; pass --force to overwrite it")
    if target.is_dir():
        raise WriteRefused(f"{target} is a directory")
    # A file name that is not UTF-8 cannot be written as UTF-8 text: '?' stands in.
    payload = data.encode("utf-8", "replace") if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
