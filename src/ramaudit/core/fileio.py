"""The one place ramaudit writes files: atomically, never over a file without
``force``, and only ever over a regular file. Audited plans are never opened for
writing."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

# Names that mean "standard output" wherever a command takes an output file.
STDOUT_NAMES = frozenset({"-", "/dev/stdout"})


class WriteRefused(Exception):
    pass


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    """True when ``path`` asks for standard output (None, ``-`` or ``/dev/stdout``)."""
    return path is None or os.fspath(path) in STDOUT_NAMES


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "something other than a regular file"


def check_target(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Raise :class:`WriteRefused` unless ``path`` may be written: it does not exist
    yet, or it is a regular file (or a link to one) and ``force`` is given. A pipe, a
    socket or a device is never replaced by a file, with ``force`` or without: that
    would break whatever reads from it (as root, a device under /dev). Nor is a
    symbolic link that points nowhere: whoever made it meant it for something."""
    target = Path(path)
    try:
        link = target.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteRefused(f"{target}: cannot write here ({exc.strerror or exc})") from None
    is_link = stat.S_ISLNK(link.st_mode)
    try:
        mode = target.stat().st_mode  # what a symbolic link points to
    except OSError:
        mode = None  # a link to nothing (or to somewhere we may not look)
    if mode is not None and stat.S_ISDIR(mode):
        raise WriteRefused(f"{target} is a directory; name the file to write")
    if mode is None or not stat.S_ISREG(mode):
        if mode is None:
            what = "a symbolic link to a file that does not exist"
        elif is_link:
            what = f"a symbolic link to {_kind(mode)}"
        else:
            what = _kind(mode)
        raise WriteRefused(
            f"{target} is {what}; ramaudit only replaces regular files, even with "
            "--force (name another file, or '-' to write to standard output)"
        )
    if not force:
        raise WriteRefused(f"{target} exists; pass --force to overwrite it")


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a
    rename, so readers see the old file or the new one, never half of one."""
    target = Path(path)
    check_target(target, force=force)
    existed = os.path.lexists(target)
    import tempfile  # not at the top: the CLI imports this module on every run

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
        # Checked again just before the rename: a pipe or device put there while the
        # data was written is still not replaced.
        check_target(target, force=force or existed)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
