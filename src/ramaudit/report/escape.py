"""Plan text is data: the one place that decides how a character a plan (or a file
name) may hold, but no output may carry raw, is written.

A plan can hold line breaks, terminal control sequences (ESC, the C1 controls),
bidirectional overrides such as U+202E, invisible format characters (U+200B zero-width
space, U+FEFF, U+2060 word joiner, the soft hyphen: Unicode's category Cf), and
characters XML cannot carry at all (NUL).
Written raw, a line break lets plan text start a line of its own in a CI log, where
``::error::``, ``::add-mask::`` or ``::stop-commands::`` at the start of a line is a
GitHub workflow command; an ESC sequence retitles or clears the terminal, hides text or
plants a link; a bidi override makes a reviewer read something other than what is
there, and an invisible character makes ``o-pipe\\u200bline`` print like the id
``o-pipeline`` it does not match; a NUL breaks every XML and DOT reader. So every
renderer passes plan text through one of these functions:

* :func:`shown` for text that people read (text, concise, github, explain-score and
  diff output, Markdown, HTML, Mermaid, DOT labels, JUnit, messages on stderr): each
  such character becomes a visible escape (``\\n``, ``\\t``, ``\\x1b``, ``\\u202e``), so
  the text stays on its line and shows what the plan holds;
* :func:`json_text` for JSON (check, SARIF, diff, explain-score, graph, config): the
  same data after ``json.loads``, with every such character written as a ``\\u`` escape;
* :func:`xml_value` and :func:`xml_document` for XML (GraphML, JUnit): characters XML
  1.0 cannot hold are shown escaped, the others it can hold but no terminal should see
  raw are written as character references, which parsers read back as the character.

Backslashes are left as they are, so Windows paths read as typed; a literal ``\\n`` in
a plan and an escaped line break therefore look alike, which is harmless on screen.
This module imports nothing from ramaudit but its JSON writer (which imports nothing
from ramaudit), so any renderer and the CLI can use it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any


class _Pattern:
    """A regular expression compiled when it is first used. These classes of rare
    characters take milliseconds each to compile, and most runs use one of them (text
    output) or two (JSON), never all six."""

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.compiled.sub(repl, text)


# Bidirectional formatting characters (Unicode's Bidi_Control property): marks,
# embeddings, overrides and isolates.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Unicode's format characters (category Cf) other than the bidi controls and the two
# joiners: invisible, so ``o-pipe\u200bline`` would print like ``o-pipeline``. Listed
# by hand (a scan of unicodedata at import costs a tenth of a second on every run);
# tests/test_plan_text_is_data.py checks the list against the running Python's
# Unicode tables. The soft hyphen is among them: it prints nothing except at a line
# break, so it hides in an id as well as U+200B does.
_FORMAT = (
    "\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u2060-\u2064"
    "\u206a-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# The zero-width joiner and non-joiner (Cf too) shape Persian and Indic words and join
# emoji sequences, so the text people read keeps them between two visible characters
# that are not ASCII (_SHAPED); next to ASCII, at either end or next to anything
# escaped they do nothing visible, and are escaped.
_JOINERS = "\u200c\u200d"
_SHAPED = f"[^\x00-\x9f\u2028\u2029{_BIDI}{_FORMAT}{_JOINERS}\ud800-\udfff\ufffe\uffff]"
# Never written raw anywhere: C0 and C1 controls and DEL, the line and paragraph
# separators (some readers break lines there), bidi controls, format characters, lone
# surrogates (from file names that are not UTF-8; no UTF-8 stream can carry them) and
# the two non-characters XML forbids.
_INVISIBLE = f"[{_BIDI}{_FORMAT}]|(?<!{_SHAPED})[{_JOINERS}]|[{_JOINERS}](?!{_SHAPED})"
_UNSAFE = _Pattern(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]|{_INVISIBLE}")
# What YAML writers leave raw of it (they escape controls and separators themselves).
_YAML_RAW = _Pattern(_INVISIBLE)
# What json.dumps(ensure_ascii=False) leaves raw of the above (it escapes C0 itself);
# a \u escape loses nothing, so JSON escapes the joiners everywhere.
_JSON_RAW = _Pattern(f"[\x7f-\x9f\u2028\u2029{_BIDI}{_FORMAT}{_JOINERS}\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 cannot carry at all, not even as a character reference.
_NOT_XML = _Pattern("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What XML can carry but should not be written raw: the parser reads a character
# reference back as the character. Tab and \r are among them, since parsers turn a raw
# \r into \n and a raw tab in an attribute into a space.
_XML_REF = _Pattern(f"[\t\r\x7f-\x9f\u2028\u2029{_BIDI}{_FORMAT}{_JOINERS}]")
# A line break of the markup, as pretty-printing writes it: right after a tag and
# followed by the next tag's indentation (or the end). Every other line break lies in
# text or an attribute value, where the writers escape ``<`` and ``>``, so no data can
# look like this; written raw, such a break would let plan text start a line (a
# workflow command in a CI log), so it becomes ``&#10;``.
_DATA_LINE_BREAK = _Pattern(r"(?<!>)\n|\n(?![ ]*(?:<|\Z))")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(value: object) -> str:
    """Plan text for output that people read: on one line, with every control, bidi
    and other unsafe character as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``)."""
    text = str(value)
    if _plain(text) or _UNSAFE.search(text) is None:  # nearly always: no copy
        return text
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character :func:`shown` would escape."""
    return not _plain(text) and _UNSAFE.search(text) is not None


def _plain(text: str) -> bool:
    # Printable ASCII (space to ~) holds none of the characters _UNSAFE matches, and
    # is most plan text: it is answered without the expression, which then need not
    # be compiled at all.
    return text.isascii() and text.isprintable()


def json_text(
    doc: object, *, indent: int | None = 2, default: Callable[[Any], object] | None = None
) -> str:
    """``doc`` as JSON text (UTF-8 friendly, ending in a newline) in which no control,
    bidi or separator character appears raw: those are ``\\uXXXX`` escapes, so
    ``json.loads`` gives back exactly ``doc``."""
    if isinstance(indent, int) and not isinstance(indent, bool):
        from ramaudit.report.json_writer import dumps

        try:
            # Each string escaped on its own: the same text as the whole escaped at
            # once (every match lies inside a string), without a scan of all of it.
            return dumps(doc, indent, default, _json_string) + "\n"
        except RecursionError:
            pass  # a circular or very deep document: json.dumps says so in its own words
    text = json.dumps(doc, indent=indent, ensure_ascii=False, default=default)
    if _ascii_without(text, "\x7f"):  # nearly always: the expression is not compiled
        return text + "\n"
    # Outside strings JSON text is ASCII, so every match is inside a string.
    return _JSON_RAW.sub(_json_escape, text) + "\n"


# json's own encoding of one string with ensure_ascii=False (its C function).
_json_encode = json.encoder.encode_basestring


def _json_string(text: str) -> str:
    """One string as :func:`json_text` writes it: json's encoding, then the escapes of
    the characters it leaves raw. Printable ASCII (nearly every string) holds none."""
    encoded = _json_encode(text)
    if encoded.isascii() and encoded.isprintable():
        return encoded
    return _JSON_RAW.sub(_json_escape, encoded)


def _ascii_without(text: str, chars: str) -> bool:
    # ASCII holds none of the characters _JSON_RAW and _XML_REF match except DEL (and,
    # for _XML_REF, tab and \r), named in ``chars``: most output is answered without
    # the expression, whose class of rare characters costs milliseconds to compile.
    return text.isascii() and not any(ch in text for ch in chars)


def _json_escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def xml_value(value: object) -> str:
    """Text for an XML attribute or element: the characters XML 1.0 cannot carry
    are shown escaped (``\\x00``), everything else is kept."""
    text = str(value)
    if _NOT_XML.search(text) is None:
        return text
    return _NOT_XML.sub(lambda m: _escape(m.group()), text)


def xml_document(text: str) -> str:
    """Serialized XML with the characters it may carry but should not hold raw (tabs,
    carriage returns, DEL, C1, bidi and format controls, separators) as character
    references, and every line break that is not the markup's own as ``&#10;``, so no
    line of the document starts with text from a plan. ramaudit's markup holds none
    of the characters (it indents with spaces), so every match lies in text or an
    attribute value."""
    text = _DATA_LINE_BREAK.sub("&#10;", text)
    if _ascii_without(text, "\t\r\x7f"):
        return text
    return _XML_REF.sub(lambda m: f"&#{ord(m.group())};", text)


def yaml_document(text: str) -> str:
    """Serialized YAML with every bidi and format character :func:`shown` escapes
    written as a ``\\u`` escape. Only valid when each string holding one was written
    in double quotes (those for which :func:`has_unsafe` is true: YAML writers escape
    controls there, and leave bidi and format characters raw), where YAML reads the
    escape back as the character."""
    if text.isascii():  # every character the expression matches lies beyond ASCII
        return text
    return _YAML_RAW.sub(_yaml_escape, text)


def _yaml_escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


__all__ = [
    "has_unsafe",
    "json_text",
    "shown",
    "xml_document",
    "xml_value",
    "yaml_document",
]
