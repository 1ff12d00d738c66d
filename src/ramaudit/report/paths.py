"""Paths as CI services want them: relative to the working folder, with forward
slashes, and the same spelling however the path was given on the command line
(``plans/q3.yaml``, ``./plans/q3.yaml`` and ``../repo/plans/q3.yaml`` are one file)."""

from __future__ import annotations

import os
from pathlib import Path, PurePath


def relative_path(path: str, cwd: str | os.PathLike[str] | None = None) -> str:
    """``path`` relative to ``cwd`` (the current folder by default) when it lies inside
    it, else absolute; always with ``/`` separators. A relative ``path`` is taken from
    the current folder, as the command line gave it."""
    if path == "-":
        return path
    base = os.path.abspath(cwd if cwd is not None else os.curdir)
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return PurePath(rel).as_posix()
