"""Read a plan file's bytes and decode them, refusing what is not a text plan.

Everything here is about the file, not YAML: size limits, encodings, binary data.
Failures raise :class:`SourceError`, which the CLI turns into a message and exit 2.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

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


def read_source(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> Source:
    shown = display_path(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise SourceError(shown, "is a directory, not a plan file")
        size = p.stat().st_size
        if size > max_bytes:
            raise SourceError(
                shown,
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-file-size)",
            )
        with p.open("rb") as fh:
            data = _read_at_most(fh, max_bytes + 1, size)
    except SourceError:
        raise
    except FileNotFoundError:
        raise SourceError(shown, "no such file") from None
    except PermissionError:
        raise SourceError(shown, "permission denied") from None
    except OSError as exc:
        raise SourceError(shown, exc.strerror or str(exc)) from None
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise SourceError(shown, f"file is over the {max_bytes:,}-byte limit (--max-file-size)")
    return Source(shown, decode(data, shown))


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
