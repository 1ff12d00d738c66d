"""Positions as ramaudit counts them and as the Language Server Protocol does.

A :class:`~ramaudit.core.findings.Finding` (and an :class:`~ramaudit.core.findings.Edit`)
counts lines and columns from 1, columns in characters (code points), and lines as the
YAML reader (libyaml) breaks them: at ``\\n``, ``\\r\\n``, ``\\r`` and also at NEL
(U+0085) and the line and paragraph separators (U+2028, U+2029). LSP counts both from
0, columns in UTF-16 code units (a character outside the Basic Multilingual Plane, an
emoji, is two units wide), and breaks lines at ``\\n``, ``\\r\\n`` and ``\\r`` only. So
positions go through offsets in the text whenever the two counts of lines differ.
"""

from __future__ import annotations

import bisect
import re

_LSP_BREAK = re.compile(r"\r\n|\r|\n")
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Breaks only YAML counts: with none of them, YAML's lines are the LSP's.
_YAML_ONLY = re.compile("[\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """The LSP lines of ``text`` without their line breaks (a final break ends an
    empty line)."""
    if "\r" not in text:  # the common case, on every edit: str.split is 7x the regex
        return text.split("\n")
    return _LSP_BREAK.split(text)


def has_yaml_only_breaks(text: str) -> bool:
    """Whether ``text`` holds a line break YAML counts and the LSP does not."""
    # An ASCII text holds none (checking that is 15x faster than the search).
    return not text.isascii() and _YAML_ONLY.search(text) is not None


def utf16_width(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _starts(text: str, breaks: re.Pattern[str]) -> list[int]:
    return [0, *(m.end() for m in breaks.finditer(text))]


class Text:
    """One text as the editor holds it: its LSP lines, and the conversion of ramaudit's
    positions (1-based, characters, YAML's lines) to LSP positions and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        # Where YAML's lines start, as offsets; None when they are the LSP's lines.
        self._yaml: list[int] | None = (
            _starts(text, _YAML_BREAK) if has_yaml_only_breaks(text) else None
        )
        self._lsp: list[int] | None = None

    def lines_of(self, *numbers: int | None) -> tuple[str, ...] | None:
        """The texts of ramaudit's 1-based lines ``numbers`` (None: no line), which are
        all a position on them converts from; None when a conversion reads more (YAML's
        own line breaks, a line past the end)."""
        if self._yaml is not None:
            return None
        lines = self.lines
        out = []
        for n in numbers:
            if n is None:
                continue
            if not 1 <= n <= len(lines):
                return None
            out.append(lines[n - 1])
        return tuple(out)

    def _lsp_starts(self) -> list[int]:
        if self._lsp is None:
            self._lsp = _starts(self.text, _LSP_BREAK)
        return self._lsp

    def to_lsp(self, line: int, column: int) -> tuple[int, int]:
        """The 0-based LSP ``(line, character)`` of ramaudit's 1-based ``(line,
        column)``; a position past the end of its line or of the text is clamped to
        that end."""
        if self._yaml is None:
            lines = self.lines
            if line - 1 >= len(lines):  # past the last line: the end of the text
                return len(lines) - 1, utf16_width(lines[-1])
            index = max(line - 1, 0)
            return index, utf16_width(lines[index][: max(column - 1, 0)])
        return self._position(self._offset_of_yaml(line, column))

    def from_lsp(self, line: int, character: int) -> tuple[int, int]:
        """Ramaudit's 1-based ``(line, column)`` of the LSP ``(line, character)``. A
        character inside a surrogate pair counts as the character it splits; one past
        the end of its line, as the line's end."""
        lines = self.lines
        if line >= len(lines):
            index, column = len(lines) - 1, len(lines[-1])
        else:
            index = max(line, 0)
            column = _column_of(lines[index], character)
        if self._yaml is None:
            return index + 1, column + 1
        offset = self._lsp_starts()[index] + column
        at = bisect.bisect_right(self._yaml, offset) - 1
        return at + 1, offset - self._yaml[at] + 1

    def offset(self, line: int, character: int) -> int:
        """Where the 0-based LSP ``(line, character)`` is in the text, clamped as
        :meth:`from_lsp` clamps."""
        lines = self.lines
        if line >= len(lines):
            return len(self.text)
        index = max(line, 0)
        if "\r" in self.text:
            start = self._lsp_starts()[index]
        else:  # every break one character: faster than finding every line's start
            start = sum(map(len, lines[:index])) + index
        return start + _column_of(lines[index], character)

    def replaced(self, start: tuple[int, int], end: tuple[int, int], text: str) -> str:
        """The text with the LSP range ``start`` to ``end`` replaced by ``text``: an
        editor's incremental change."""
        a, b = self.offset(*start), self.offset(*end)
        b = max(a, b)
        return self.text[:a] + text + self.text[b:]

    def line_end(self, line: int) -> tuple[int, int]:
        """The LSP position of the end of ramaudit's 1-based ``line``."""
        return self.to_lsp(line, 1 << 30)

    def _offset_of_yaml(self, line: int, column: int) -> int:
        starts = self._yaml
        assert starts is not None
        if line - 1 >= len(starts):
            return len(self.text)
        index = max(line - 1, 0)
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text)
        while end > starts[index] and _YAML_BREAK.match(self.text, end - 1):
            end -= 1  # the line's content ends before its break
        return min(starts[index] + max(column - 1, 0), end)

    def _position(self, offset: int) -> tuple[int, int]:
        starts = self._lsp_starts()
        index = bisect.bisect_right(starts, offset) - 1
        return index, utf16_width(self.text[starts[index] : offset])


def _column_of(text: str, character: int) -> int:
    """The 0-based character index in ``text`` of the UTF-16 unit ``character``."""
    if text.isascii():
        return min(max(character, 0), len(text))
    units = 0
    for index, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > character:
            return index
    return len(text)
