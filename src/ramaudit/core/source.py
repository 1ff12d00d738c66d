"""Read a plan file's bytes and decode them, refusing what is not a text plan.

Everything here is about the file, not YAML: size limits, encodings, binary data.
Failures raise :class:`SourceError`, which the CLI turns into a message and exit 2.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import field
from typing import BinaryIO

from ramaudit.core.records import dataclass

DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024  # 50 MB: far beyond any real plan

STDIN = "-"


class SourceError(Exception):
    """A file that cannot be audited at all (missing, unreadable, not text)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


@dataclass(slots=True)
class Source:
    """A decoded plan: its display path and its text."""

    path: str
    text: str
    _lines: list[str] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, path: str) -> str:
    """Decode plan bytes: UTF-8, or UTF-16/32 when a byte-order mark says so."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    path, f"not valid {encoding.upper()} text ({exc.reason})"
                ) from None
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SourceError(path, "binary data (a NUL byte); a plan must be UTF-8 text", line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            path, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the plan as UTF-8", line
        ) from None


def display_path(path: str | os.PathLike[str]) -> str:
    """Paths as users typed them, relative where possible, without a leading ``./``."""
    text = os.fspath(path)
    if text.startswith("./"):
        text = text[2:]
    return text


NOT_REGULAR = (
    "not a regular file (a pipe, socket or device); only regular files found in folders are read"
)


def read_source(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_FILE_SIZE,
    regular_only: bool = False,
) -> Source:
    """Read and decode the plan at ``path``. ``regular_only`` (files found in a folder
    search) refuses anything but a regular file; see :func:`read_bytes`."""
    shown = display_path(path)
    data = read_bytes(path, max_bytes=max_bytes, regular_only=regular_only, shown=shown)
    return Source(shown, decode(data, shown))


def read_bytes(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_FILE_SIZE,
    regular_only: bool = False,
    shown: str | None = None,
) -> bytes:
    """The bytes of the file at ``path``, at most ``max_bytes`` of them.

    The file is opened without blocking and checked *after* opening (``fstat``), so a
    file swapped for a pipe after a folder was listed, or after it was looked at, is
    refused rather than waited on forever. Only when ``regular_only`` is false (named
    on the command line on purpose, as a process substitution ``<(git show ...)``
    is) is a path that already was a pipe waited on, and a character device read.
    """
    shown = display_path(path) if shown is None else shown
    flags = os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        # A pipe named on purpose is opened as cat opens it, waiting for its writer
        # (opened without waiting, it would read as empty until the writer comes).
        # Anything else is opened without waiting and checked once open.
        wait = not regular_only and _is_pipe(path)
        fd = os.open(path, flags if wait else flags | getattr(os, "O_NONBLOCK", 0))
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise SourceError(shown, "is a directory, not a plan file")
            if not stat.S_ISREG(st.st_mode):
                if not wait and (regular_only or not stat.S_ISCHR(st.st_mode)):
                    raise SourceError(shown, NOT_REGULAR)
                if not wait:  # a device named on purpose (/dev/null): read it blocking
                    os.set_blocking(fd, True)
            elif st.st_size > max_bytes:
                raise SourceError(
                    shown,
                    f"file is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit "
                    "(--max-file-size)",
                )
            with open(fd, "rb", closefd=True) as fh:
                fd = -1
                size = st.st_size if stat.S_ISREG(st.st_mode) else 0
                data = _read_at_most(fh, max_bytes + 1, size)
        finally:
            if fd >= 0:
                os.close(fd)
    except SourceError:
        raise
    except FileNotFoundError:
        raise SourceError(shown, "no such file") from None
    except PermissionError:
        raise SourceError(shown, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # opening a socket
            raise SourceError(shown, "is a socket, not a plan file") from None
        raise SourceError(shown, exc.strerror or str(exc)) from None
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise SourceError(shown, f"file is over the {max_bytes:,}-byte limit (--max-file-size)")
    return data


def _is_pipe(path: str | os.PathLike[str]) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False  # opening it says why


def _read_at_most(fh: BinaryIO, limit: int, expected: int) -> bytes:
    """Up to ``limit`` bytes. ``fh.read(limit)`` would allocate the whole limit (50 MB)
    up front for every plan; this reads what the file's size says, and on, in growing
    chunks, for a file that grows or has no size (a pipe)."""
    chunks: list[bytes] = []
    total = 0
    want = min(limit, expected + 1) if expected > 0 else 1 << 16
    while total < limit:
        chunk = fh.read(min(want, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = max(1 << 16, total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def source_from_bytes(data: bytes, path: str) -> Source:
    return Source(path, decode(data, path))
