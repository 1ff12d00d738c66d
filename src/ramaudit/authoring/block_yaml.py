"""The text PyYAML's emitter writes for a plan document, written directly.

``ramaudit import`` writes its plan with PyYAML's pure-Python dumper (see
:func:`ramaudit.authoring.csv_import.plan_yaml`), and for a sheet of 10,000 tactics that
dumper was four fifths of the command: every scalar goes through the representer, the
serializer and the emitter's character-by-character analysis. Plan documents are plain
data (mappings with text keys, lists, one-line text, numbers, dates), for which the
emitter's choices are few; :func:`emit` makes the same choices in a few string
operations and returns exactly the text ``yaml.dump`` would, or None for anything it is
not sure of (text holding a line break or a character written escaped, an empty key, a
long key, an object met twice, a type without a plain form), which is then dumped as
before. ``tests/test_block_yaml.py`` holds it to ``yaml.dump`` on random documents.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml

from ramaudit.report import escape

# Characters that end a plain scalar in a flow collection ([a, b], {k: v}) anywhere,
# as PyYAML's Emitter.analyze_scalar counts them.
_FLOW_INDICATORS = re.compile(r"[,?\[\]{}:]")
# A first character that makes plain text something else in any context.
_LEADING_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
# Past this depth PyYAML's own recursion decides what happens; the dumper does it.
_MAX_DEPTH = 60
# PyYAML writes a key of 128 characters or more as a complex key ("? key").
_SIMPLE_KEY_LENGTH = 128
_STR = "tag:yaml.org,2002:str"
# PyYAML folds a line at a space once it passes its width (a million columns here);
# text this long, a KPI line of several such values, is left to it.
_LONGEST_TEXT = 50_000
# The scalar types whose representer gives a plain form, met by their exact type.
_SCALAR_TYPES = (int, bool, float, type(None), dt.date, dt.datetime)


class _NotPlain(Exception):
    """The document holds something :func:`emit` leaves to PyYAML."""


class BlockWriter:
    """Writes documents as ``yaml.dump(doc, Dumper=dumper_class, sort_keys=False,
    allow_unicode=True, default_flow_style=False, width=<wide>, indent=2)`` does, with
    block sequences indented under their keys. ``flow_mapping`` and ``flow_sequence``
    are the representers' choices of flow style for a mapping and a list."""

    def __init__(
        self,
        dumper_class: type[yaml.SafeDumper],
        flow_mapping: Callable[[dict[str, Any]], bool],
        flow_sequence: Callable[[list[Any]], bool],
    ) -> None:
        self._dumper = dumper_class(None)  # never writes
        self._flow_mapping = flow_mapping
        self._flow_sequence = flow_sequence
        # text -> (its form in block context, its form in flow context)
        self._texts: dict[str, tuple[str, str]] = {}
        self._scalars: dict[tuple[type, Any, bool], str] = {}

    def emit(self, document: dict[str, Any]) -> str | None:
        """``document`` as PyYAML writes it, or None when it is not sure to match."""
        if type(document) is not dict or not document or self._flow_mapping(document):
            return None  # never a plan's section
        out: list[str] = []
        try:
            self._mapping(document, 0, out, set(), 0, inline=True)
        except _NotPlain:
            return None
        out.append("\n")
        return "".join(out)

    # -- containers

    def _mapping(
        self,
        data: dict[Any, Any],
        indent: int,
        out: list[str],
        seen: set[int],
        depth: int,
        *,
        inline: bool,
    ) -> None:
        """A non-empty block mapping at ``indent``; ``inline``: the cursor is already
        there (the document's start, or just after a sequence's dash)."""
        pad = "\n" + " " * indent
        for key, value in data.items():
            if not inline:
                out.append(pad)
            inline = False
            out.append(self._key(key, flow=False))
            out.append(":")
            self._value(value, indent, out, seen, depth)

    def _sequence(
        self,
        data: list[Any],
        indent: int,
        out: list[str],
        seen: set[int],
        depth: int,
        *,
        inline: bool,
    ) -> None:
        pad = "\n" + " " * indent
        for item in data:
            if not inline:
                out.append(pad)
            inline = False
            out.append("- ")
            self._item(item, indent, out, seen, depth)

    def _container(self, value: Any, seen: set[int], depth: int) -> str | None:
        """For a dict or list: its flow text when it is written in flow style or empty,
        "" when it is a non-empty block; None for a scalar."""
        kind = type(value)
        if kind is not dict and kind is not list:
            return None
        if id(value) in seen or depth > _MAX_DEPTH:
            raise _NotPlain  # an alias (&id001), or deep enough for PyYAML to decide
        seen.add(id(value))
        if kind is dict:
            if self._flow_mapping(value) or not value:
                return self._flow_map_text(value, seen)
        elif self._flow_sequence(value) or not value:
            return self._flow_seq_text(value, seen)
        return ""

    def _value(self, value: Any, indent: int, out: list[str], seen: set[int], depth: int) -> None:
        """A mapping's value, after its key's colon."""
        flow = self._container(value, seen, depth)
        if flow is None:
            out.append(" " + self._scalar(value, flow=False, seen=seen))
        elif flow:
            out.append(" " + flow)
        elif type(value) is dict:
            out.append("\n" + " " * (indent + 2))
            self._mapping(value, indent + 2, out, seen, depth + 1, inline=True)
        else:
            out.append("\n" + " " * (indent + 2))
            self._sequence(value, indent + 2, out, seen, depth + 1, inline=True)

    def _item(self, value: Any, indent: int, out: list[str], seen: set[int], depth: int) -> None:
        """A sequence's item, after its dash."""
        flow = self._container(value, seen, depth)
        if flow is None:
            out.append(self._scalar(value, flow=False, seen=seen))
        elif flow:
            out.append(flow)
        elif type(value) is dict:
            self._mapping(value, indent + 2, out, seen, depth + 1, inline=True)
        else:
            self._sequence(value, indent + 2, out, seen, depth + 1, inline=True)

    def _flow_map_text(self, data: dict[Any, Any], seen: set[int]) -> str:
        parts = []
        for key, value in data.items():
            if type(value) is dict or type(value) is list:
                raise _NotPlain  # the representers never ask for this
            parts.append(f"{self._key(key, flow=True)}: {self._scalar(value, True, seen)}")
        return "{" + ", ".join(parts) + "}"

    def _flow_seq_text(self, data: list[Any], seen: set[int]) -> str:
        parts = []
        for item in data:
            if type(item) is dict or type(item) is list:
                raise _NotPlain
            parts.append(self._scalar(item, True, seen))
        return "[" + ", ".join(parts) + "]"

    # -- scalars

    def _key(self, key: Any, *, flow: bool) -> str:
        if type(key) is not str or not key or len(key) >= _SIMPLE_KEY_LENGTH:
            raise _NotPlain
        return self._text(key)[flow]

    def _scalar(self, value: Any, flow: bool, seen: set[int]) -> str:
        kind = type(value)
        if kind is str:
            return self._text(value)[flow]
        if kind not in _SCALAR_TYPES:
            raise _NotPlain
        if kind is dt.date or kind is dt.datetime:
            if id(value) in seen:
                raise _NotPlain  # the same object twice: PyYAML anchors it
            seen.add(id(value))
        if kind is float:  # 0.0 == -0.0, and nan is no key
            return self._plain_form(value, flow)
        key = (kind, value, flow)
        text = self._scalars.get(key)
        if text is None:
            text = self._scalars[key] = self._plain_form(value, flow)
        return text

    def _plain_form(self, value: Any, flow: bool) -> str:
        """A number's, date's, boolean's or null's text: the representer's, which must
        read back as the same type written plain (otherwise PyYAML adds a tag)."""
        dumper = self._dumper
        node = dumper.yaml_representers[type(value)](dumper, value)
        text = node.value
        if node.style is not None or type(text) is not str:
            raise _NotPlain
        if dumper.resolve(yaml.ScalarNode, text, (True, False)) != node.tag:
            raise _NotPlain
        if not _plain_allowed(text)[flow]:
            raise _NotPlain
        return text

    def _text(self, text: str) -> tuple[str, str]:
        """Text in block and in flow context: plain where PyYAML writes it plain and it
        reads back as text, single-quoted otherwise."""
        forms = self._texts.get(text)
        if forms is None:
            block, flow = _plain_allowed(text)
            if self._dumper.resolve(yaml.ScalarNode, text, (True, False)) != _STR:
                block = flow = False
            quoted = "'" + text.replace("'", "''") + "'" if not (block and flow) else text
            forms = self._texts[text] = (text if block else quoted, text if flow else quoted)
        return forms


def _plain_allowed(text: str) -> tuple[bool, bool]:
    """Whether PyYAML's Emitter.analyze_scalar lets one line of printable text be
    written plain in block context, and in flow context. Anything else (empty, a line
    break, a control, tab, bidi or format character: quoted and escaped by PyYAML in
    ways not copied here) raises _NotPlain."""
    if not text or len(text) > _LONGEST_TEXT or not text.isprintable() or escape.has_unsafe(text):
        raise _NotPlain
    if text[0] == " " or text[-1] == " ":
        return False, False
    first = text[0]
    block_indicators = (
        first in _LEADING_INDICATORS
        or text.startswith(("---", "..."))
        or (first in "?:-" and (len(text) == 1 or text[1] == " "))
        or ": " in text
        or (text[-1] == ":" and len(text) > 1)
        or " #" in text
    )
    if block_indicators:
        return False, False
    return True, _FLOW_INDICATORS.search(text) is None
