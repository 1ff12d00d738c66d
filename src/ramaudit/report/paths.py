"""Paths as CI services want them: relative to the working folder, with forward
slashes and no leading ``./``."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def relative_path(path: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """``path`` relative to ``cwd`` (the current folder by default) when it lies inside
    it, else unchanged; always with ``/`` separators and without ``./``."""
    if path == "-":
        return path
    base = Path(cwd) if cwd is not None else Path.cwd()
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(base)
        except ValueError:
            return p.as_posix()
    text = PurePosixPath(p.as_posix()).as_posix()
    while text.startswith("./"):
        text = text[2:]
    return text
