"""Positions as ramaudit counts them and as the Language Server Protocol does.

A :class:`~ramaudit.core.findings.Finding` (and an :class:`~ramaudit.core.findings.Edit`)
counts lines and columns from 1, and columns in characters (code points). LSP counts
both from 0 and, by default, columns in UTF-16 code units, so a character outside the
Basic Multilingual Plane (an emoji) is two units wide. Lines break at ``\\n``, ``\\r\\n``
and ``\\r``, as LSP breaks them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their line breaks (a final break ends an empty line)."""
    return _BREAK.split(text)


def utf16_width(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def to_lsp(lines: Sequence[str], line: int, column: int) -> tuple[int, int]:
    """The 0-based LSP ``(line, character)`` of the 1-based ``(line, column)``; a
    position past the end of its line or of the text is clamped to that end."""
    if not lines:
        return 0, 0
    index = min(max(line - 1, 0), len(lines) - 1)
    if line - 1 >= len(lines):  # past the last line: the end of the text
        return index, utf16_width(lines[index])
    text = lines[index]
    return index, utf16_width(text[: max(column - 1, 0)])


def from_lsp(lines: Sequence[str], line: int, character: int) -> tuple[int, int]:
    """The 1-based ``(line, column)`` of the 0-based LSP ``(line, character)``. A
    character that falls inside a surrogate pair counts as the character it splits."""
    if not lines or line >= len(lines):
        return max(line, 0) + 1, 1
    text = lines[max(line, 0)]
    units = 0
    for index, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > character:
            return line + 1, index + 1
        units += width
    return line + 1, len(text) + 1


def line_end(lines: Sequence[str], line: int) -> tuple[int, int]:
    """The LSP position of the end of the 1-based ``line``."""
    return to_lsp(lines, line, len(lines[line - 1]) + 1 if 0 < line <= len(lines) else 1)
