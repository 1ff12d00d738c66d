"""Plan text is data: the one place that decides how a character a plan (or a file
name) may hold, but no output may carry raw, is written.

A plan can hold line breaks, terminal control sequences (ESC, the C1 controls),
bidirectional overrides such as U+202E, and characters XML cannot carry at all (NUL).
Written raw, a line break lets plan text start a line of its own in a CI log, where
``::error::``, ``::add-mask::`` or ``::stop-commands::`` at the start of a line is a
GitHub workflow command; an ESC sequence retitles or clears the terminal, hides text or
plants a link; a bidi override makes a reviewer read something other than what is
there; a NUL breaks every XML and DOT reader. So every renderer passes plan text
through one of these functions:

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
This module imports nothing from ramaudit, so any renderer and the CLI can use it.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Bidirectional formatting characters (Unicode's Bidi_Control property): marks,
# embeddings, overrides and isolates.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Never written raw anywhere: C0 and C1 controls and DEL, the line and paragraph
# separators (some readers break lines there), bidi controls, lone surrogates (from
# file names that are not UTF-8; no UTF-8 stream can carry them) and the two
# non-characters XML forbids.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff\ufffe\uffff]")
# What json.dumps(ensure_ascii=False) leaves raw of the above (it escapes C0 itself).
_JSON_RAW = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 cannot carry at all, not even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What XML can carry but should not be written raw: the parser reads a character
# reference back as the character. Tab and \r are among them, since parsers turn a raw
# \r into \n and a raw tab in an attribute into a space. (Line breaks stay raw: in
# element text they are data, and ElementTree and lxml write them as references in
# attributes.)
_XML_REF = re.compile(f"[\t\r\x7f-\x9f\u2028\u2029{_BIDI}]")

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
    if _UNSAFE.search(text) is None:  # nearly always: no copy
        return text
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character :func:`shown` would escape."""
    return _UNSAFE.search(text) is not None


def json_text(doc: Any, *, indent: int | None = 2, default: Any = None) -> str:
    """``doc`` as JSON text (UTF-8 friendly, ending in a newline) in which no control,
    bidi or separator character appears raw: those are ``\\uXXXX`` escapes, so
    ``json.loads`` gives back exactly ``doc``."""
    text = json.dumps(doc, indent=indent, ensure_ascii=False, default=default)
    # Outside strings JSON text is ASCII, so every match is inside a string.
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def xml_value(value: object) -> str:
    """Text for an XML attribute or element: the characters XML 1.0 cannot carry
    are shown escaped (``\\x00``), everything else is kept."""
    text = str(value)
    if _NOT_XML.search(text) is None:
        return text
    return _NOT_XML.sub(lambda m: _escape(m.group()), text)


def xml_document(text: str) -> str:
    """Serialized XML with the characters it may carry but should not hold raw (tabs,
    carriage returns, DEL, C1 and bidi controls, separators) as character references.
    ramaudit's markup holds none of them (it indents with spaces), so every match lies
    in text or an attribute value."""
    return _XML_REF.sub(lambda m: f"&#x{ord(m.group()):X};", text)


__all__ = ["has_unsafe", "json_text", "shown", "xml_document", "xml_value"]
