"""YAML to plain values, keeping every node's position.

libyaml parses the text into events (in C; it never constructs Python objects from
tags). One pass over the events records each node in a :class:`NodeTable`: kinds,
tags, scalar texts and positions in flat arrays instead of a Node and two Mark objects
per value, which is what makes a document of millions of values cheap to hold. A second pass
builds plain dicts, lists and scalars from the table with a tag-to-type table. The
table stays behind as the position index, so any problem can be placed at the exact
line and column of the key or value it is about (:class:`Locator`).

libyaml's own composer is not used: besides the memory it recurses in C and crashes
the interpreter on very deep nesting, whereas the event pass stops at the depth limit.

Plain scalars are read by the YAML 1.2 core schema, as editors (yaml-language-server)
and JSON Schema validators read them, not by PyYAML's YAML 1.1 rules: ``010`` is ten,
``0o17`` fifteen, ``yes``, ``on``, ``1:30``, ``1_000`` and ``2027-01-01`` are text (a
reader that wants dates reads them from ISO text). Only ``null``/``~``/empty,
``true``/``false``, decimal, ``0o`` and ``0x`` integers, decimal floats and
``.inf``/``.nan`` are anything but text.

The loader knows YAML, not the documents written in it. What it finds wrong (a
duplicate key, a tag outside the core schema, a scalar its tag cannot read, a limit
passed) it reports in YAML's terms as a :class:`LoadIssue`: what kind of problem,
where, and the facts that word it. The layer above decides what an issue means for the
document it reads: the rules (:mod:`ramaudit.rules`) say which rule reports each kind
and in what words.
"""

from __future__ import annotations

import gc
import math
import re
import sys
from array import array
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from enum import StrEnum
from itertools import accumulate, chain, islice, repeat
from operator import itemgetter, sub
from typing import TYPE_CHECKING, Any

from yaml import SafeDumper as _PyDumper
from yaml import SafeLoader as _PyLoader
from yaml import YAMLError
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ramaudit.core.records import dataclass

if TYPE_CHECKING:
    from ramaudit.core.findings import Fix

try:  # libyaml when present; the pure-Python parser otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _Loader = _PyLoader

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_NODES",
    "EXPANSION_RATIO",
    "CoreSafeDumper",
    "Diagnostic",
    "Document",
    "HugeNumber",
    "IssueKind",
    "LoadIssue",
    "LoadLimitError",
    "Locator",
    "NodeTable",
    "PathT",
    "Span",
    "YAMLError",
    "build_node",
    "compose",
    "load",
    "looks_like_number",
    "parse",
    "short_tag",
    "shorten",
]

PathT = tuple[str | int, ...]
# A place in the text: line, column, end line, end column, 1-based (the end may be
# unknown).
Span = tuple[int, int, int | None, int | None]

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _T + "str",
    _T + "int",
    _T + "float",
    _T + "bool",
    _T + "null",
    _T + "timestamp",
)
MAP, SEQ, MERGE = _T + "map", _T + "seq", _T + "merge"
# Tags outside the core schema whose value is kept as the text written without a
# word: a date tagged !!timestamp is read from its text like any other date.
_PLAIN_SCALAR_TAGS = {_T + "binary", _T + "value", TIMESTAMP}

# Expanded size after aliases: five times the two million values of the largest
# documents ramaudit is made for. An alias bomb multiplies past any limit within a few
# levels, so it is refused long before it costs time or memory (aliased values are
# shared, never copied).
DEFAULT_MAX_NODES = 10_000_000
DEFAULT_MAX_DEPTH = 100  # documents ramaudit reads are five or six levels deep
# The deepest nesting a configuration may allow. libyaml (bundled with PyYAML 6.0.4 and
# later) stops on its own at a nesting level of its own (1,000 by default), and its
# scanner reads up to 1,024 characters ahead of the events we count, so its level can
# run that far past ours. Its limit is raised to stay clear of ours (see
# _parser_limit_clear_of); ours is then the one that fires, at the same place whatever
# PyYAML version is installed.
HARD_MAX_DEPTH = 1_000
_SCANNER_LOOKAHEAD = 1_024
_LIBYAML_NESTING = "exceeded maximum nesting depth"
EXPANSION_FLOOR = 100_000
EXPANSION_RATIO = 100

_SCALAR, _SEQUENCE, _MAPPING = 0, 1, 2
_PLAIN_TAG_CACHE = 1 << 16
_STREAM_NAME = "<unicode string>"


class IssueKind(StrEnum):
    """What the loader found wrong, in YAML's terms."""

    # The document is read all the same:
    UNKNOWN_TAG = "unknown-tag"  # a tag outside the core schema (the value is read untagged)
    UNREADABLE_SCALAR = "unreadable-scalar"  # a scalar its tag cannot read: !!int abc
    COMPLEX_KEY = "complex-key"  # a key that is a list or a mapping (left out)
    DUPLICATE_KEY = "duplicate-key"  # a key written twice in one mapping (the first counts)
    BAD_MERGE = "bad-merge"  # a merge key (<<) whose value holds no mapping (left out)
    # The document is not read at all (raised as LoadLimitError):
    TOO_DEEP = "too-deep"  # containers nest deeper than the depth limit
    STACK_EXHAUSTED = "stack-exhausted"  # nesting too deep for Python's own stack
    TOO_MANY_VALUES = "too-many-values"  # more values written than the node limit
    ALIAS_EXPANSION = "alias-expansion"  # aliases expand the values past the node limit
    # aliases multiply the values written more than EXPANSION_RATIO times:
    ALIAS_MULTIPLICATION = "alias-multiplication"


@dataclass(frozen=True, slots=True)
class LoadIssue:
    """One problem found while loading, at the node it is about (positions 1-based;
    a limit is placed where it was passed, without an end)."""

    kind: IssueKind
    line: int
    column: int
    path: PathT = ()
    end_line: int | None = None
    end_column: int | None = None
    tag: str = ""  # UNKNOWN_TAG, UNREADABLE_SCALAR: the tag, in full
    node: str = ""  # UNKNOWN_TAG: the kind of node tagged (scalar, sequence, mapping)
    text: str = ""  # UNREADABLE_SCALAR: the scalar as written; DUPLICATE_KEY: the key
    reason: str = ""  # UNREADABLE_SCALAR: why its tag cannot read it
    limit: int = 0  # TOO_DEEP and the node limits: the limit passed

    @property
    def span(self) -> Span:
        return self.line, self.column, self.end_line, self.end_column


class LoadLimitError(Exception):
    """The document passes a limit and is not read; ``issue`` says which and where."""

    def __init__(self, issue: LoadIssue) -> None:
        super().__init__(f"{issue.kind.value} (limit {issue.limit:,})")
        self.issue = issue

    @property
    def line(self) -> int:
        return self.issue.line

    @property
    def column(self) -> int:
        return self.issue.column


def _too_deep(max_depth: int, line: int, column: int) -> LoadLimitError:
    return LoadLimitError(LoadIssue(IssueKind.TOO_DEEP, line, column, limit=max_depth))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem at a place in a document, in words: what the layers above the loader
    report (a syntax error explained, a field that fails validation), placed by the
    loader's positions."""

    message: str
    line: int
    column: int
    path: PathT = ()
    end_line: int | None = None
    end_column: int | None = None
    # The edit that puts it right, when the layer that found it is sure of one (a
    # misspelt key with one close match): the finding made of it carries it.
    fix: Fix | None = None

    @property
    def span(self) -> Span:
        return self.line, self.column, self.end_line, self.end_column


_BREAKS = "\n\r\x85\u2028\u2029"  # YAML's line breaks (and CR LF, one break)


# The text is split into lines this many characters at a time, so that the lines made
# on the way (a string each) never hold more than this much of it at once.
_LINE_CHUNK = 1 << 20


def _line_starts(text: str, skipped: int) -> array[int]:
    """Where each line after the first starts in ``text``, less ``skipped``
    characters: the offsets a parser that skipped them gives those places.
    str.splitlines breaks lines at YAML's breaks and at VT, FF, FS, GS and RS too, but
    no text that parses holds those: the reader refuses control characters."""
    starts = array("Q" if len(text) >= 2**31 else "I")
    at, size = 0, len(text)
    while at < size:
        # a piece ends after an LF (never inside a CR LF), or at the text's end
        stop = text.rfind("\n", at, at + _LINE_CHUNK) + 1 if at + _LINE_CHUNK < size else size
        if stop <= at:
            stop = size
        lengths = map(len, text[at:stop].splitlines(True))
        starts.extend(islice(accumulate(chain((at,), lengths)), 1, None))  # in C
        at = stop
    if text and text[-1] not in _BREAKS:
        # libyaml ends such a stream on a line of its own (see _past_the_end)
        starts[-1] = size + 1
    if skipped:
        starts = array(starts.typecode, [start - skipped for start in starts])
    return starts


class NodeTable:
    """Every node of one YAML document, numbered in document order (the root is 0).

    Aliases are not nodes of their own: the parent of an alias lists the anchored
    node's number, so aliased nodes are shared as libyaml's composer shares them.
    A mapping's children alternate key, value.

    Each node's place is kept as two character offsets, where it starts and ends in
    the stream as the parser counts them (a byte-order mark the parser skips is not
    counted); lines and columns are worked out from the text only for the nodes a
    finding is placed at. Reading a line and a column off each of libyaml's marks
    cost twice what reading its offset does, on every value of the document.
    """

    __slots__ = (
        "_keymaps",
        "_line_starts",
        "_marks",
        "_nodes",
        "_skipped",
        "_text",
        "children",
        "kinds",
        "offsets",
        "styles",
        "tags",
        "values",
    )

    def __init__(self, wide: bool = False, text: str | None = None, skipped: int = 0) -> None:
        self.kinds = bytearray()  # _SCALAR | _SEQUENCE | _MAPPING
        self.tags: list[str] = []
        self.values: list[str | None] = []  # a scalar's text
        self.styles: dict[int, str] = {}  # quoted and block scalars: libyaml's style mark
        self.children: dict[int, array[int]] = {}  # containers only
        # start and end offset of each node, 0-based characters from the parser's start
        self.offsets: array[int] = array("Q" if wide else "I")
        self._text = text  # what the offsets count in (None: the marks are given)
        self._skipped = skipped  # characters of the text before the parser's offset 0
        self._line_starts: array[int] | None = None
        # start line, start column, end line, end column of each node, 0-based: made
        # from the offsets when asked for, or given (a table spliced from others)
        self._marks: array[int] | None = None
        self._keymaps: dict[int, tuple[dict[str, tuple[int, int]], list[int]]] = {}
        self._nodes: dict[int, Node] | None = None

    def __len__(self) -> int:
        return len(self.kinds)

    @property
    def marks(self) -> array[int]:
        """Start line, start column, end line, end column of each node, 0-based: four
        numbers a node (made from the offsets the first time they are asked for)."""
        if self._marks is None:
            self._marks = self._all_marks()
        return self._marks

    @marks.setter
    def marks(self, marks: array[int]) -> None:
        self._marks = marks

    @property
    def text(self) -> str | None:
        """The text the offsets count in (None when the marks are given instead)."""
        return self._text

    @property
    def skipped(self) -> int:
        """Characters of the text before the parser's offset 0 (a byte-order mark)."""
        return self._skipped

    def line_starts(self) -> array[int]:
        """Where each line after the first starts, in the parser's offsets: YAML's
        line breaks are LF, CR, CR LF, NEL, LS and PS, as libyaml counts them."""
        starts = self._line_starts
        if starts is None:
            text = self._text
            assert text is not None
            starts = self._line_starts = _line_starts(text, self._skipped)
        return starts

    def _line_column(self, offset: int) -> tuple[int, int]:
        starts = self.line_starts()
        line = bisect_right(starts, offset)
        return line, offset - (starts[line - 1] if line else 0)

    def _all_marks(self) -> array[int]:
        offsets = self.offsets
        out = array(offsets.typecode, bytes(2 * offsets.itemsize * len(offsets)))
        if not offsets:
            return out
        starts = self.line_starts()
        # In C: each offset's line by bisection, then its column from its line's start.
        lines = list(map(bisect_right, repeat(starts), offsets))
        begins = [0, *starts]
        out[0::2] = array(offsets.typecode, lines)
        out[1::2] = array(offsets.typecode, map(sub, offsets, map(begins.__getitem__, lines)))
        return out

    def start_lines(self) -> array[int]:
        """The 0-based line each node starts on, by number (never falling: the nodes
        are numbered in document order)."""
        if self._marks is not None:
            return self._marks[0::4]
        return array(
            self.offsets.typecode, map(bisect_right, repeat(self.line_starts()), self.offsets[0::2])
        )

    def position(self, nid: int) -> tuple[int, int, int, int]:
        """``(line, column, end_line, end_column)`` of node ``nid``, 1-based."""
        m = self._marks
        if m is not None:
            i = 4 * nid
            return m[i] + 1, m[i + 1] + 1, m[i + 2] + 1, m[i + 3] + 1
        line, column = self._line_column(self.offsets[2 * nid])
        end_line, end_column = self._line_column(self.offsets[2 * nid + 1])
        return line + 1, column + 1, end_line + 1, end_column + 1

    def _mark(self, nid: int, end: bool = False) -> Mark:
        line, column, end_line, end_column = self.position(nid)
        if end:
            line, column = end_line, end_column
        return Mark(_STREAM_NAME, 0, line - 1, column - 1, None, None)

    def node(self, nid: int) -> Node:
        """Node ``nid`` as a PyYAML node (built on demand, for tools and tests)."""
        if self._nodes is None:
            self._nodes = {}
        made = self._nodes.get(nid)
        if made is not None:
            return made
        start, end = self._mark(nid), self._mark(nid, end=True)
        kind = self.kinds[nid]
        if kind == _SCALAR:
            style = self.styles.get(nid, "")
            made = ScalarNode(self.tags[nid], self.values[nid], start, end, style)
            self._nodes[nid] = made
            return made
        made = (SequenceNode if kind == _SEQUENCE else MappingNode)(self.tags[nid], [], start, end)
        self._nodes[nid] = made  # before the children: recursive aliases point back here
        kids = [self.node(k) for k in self.children[nid]]
        if kind == _SEQUENCE:
            made.value = kids
        else:
            made.value = list(zip(kids[0::2], kids[1::2], strict=True))
        return made

    def keymap(self, nid: int) -> tuple[dict[str, tuple[int, int]], list[int]]:
        """A mapping's plain-text keys (first occurrence wins) -> (key, value), and the
        values of its merge keys; built once per mapping a finding is placed in."""
        cached = self._keymaps.get(nid)
        if cached is not None:
            return cached
        kinds, tags, values = self.kinds, self.tags, self.values
        keys: dict[str, tuple[int, int]] = {}
        merges: list[int] = []
        kids = self.children[nid] or ()
        for i in range(0, len(kids), 2):
            k = kids[i]
            if kinds[k] == _SCALAR:
                keys.setdefault(values[k], (k, kids[i + 1]))  # type: ignore[arg-type]
                if tags[k] == MERGE:
                    merges.append(kids[i + 1])
        self._keymaps[nid] = (keys, merges)
        return keys, merges


@dataclass(slots=True)
class Document:
    data: Any
    root: NodeTable | None  # the position index; None for an empty document
    issues: list[LoadIssue] = field(default_factory=list)


# ----------------------------------------------------------------- YAML 1.2 core schema
# The regular expressions of the YAML 1.2 core schema (spec 10.3.2), whole-text matches.
_NULL_RE = re.compile(r"(?:null|Null|NULL|~|)\Z")
_BOOL_RE = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT_RE = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT_RE = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN)\Z"
)
_MERGE_RE = re.compile(r"<<\Z")  # not in the core schema, but every editor reads it


def _core_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """The implicit resolvers by first character, in the shape PyYAML's ``Resolver``
    keeps them (so a PyYAML loader or dumper class can use the same table)."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def add(tag: str, regexp: re.Pattern[str], first: str) -> None:
        for ch in first:
            table.setdefault(ch, []).append((tag, regexp))

    add(NULL, _NULL_RE, "nN~")
    table[""] = [(NULL, _NULL_RE)]  # an empty plain scalar
    add(BOOL, _BOOL_RE, "tTfF")
    add(INT, _INT_RE, "-+0123456789")  # before floats: 10 is an int
    add(FLOAT, _FLOAT_RE, "-+.0123456789")
    add(MERGE, _MERGE_RE, "<")
    return table


CORE_RESOLVERS = _core_resolvers()

# Python refuses to turn more than 4,300 decimal digits into an int and back
# (``sys.get_int_max_str_digits``; an environment may lower it), and no document ramaudit
# reads needs a number anywhere near that long. Such an integer is kept as a HugeNumber.
_MAX_DIGITS = min(4_300, sys.get_int_max_str_digits() or 4_300)
_TOO_BIG = 10**_MAX_DIGITS


class HugeNumber(str):
    """An integer written with more digits than Python converts (over 4,300): kept as
    the text written, so nothing downstream fails on it, for the model to refuse where
    a number is expected. ``digits`` is its length in decimal digits (about, for the
    ``0x`` and ``0o`` forms)."""

    digits: int

    def __new__(cls, text: str, digits: int) -> HugeNumber:
        made = super().__new__(cls, text)
        made.digits = digits
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (HugeNumber, (str(self), self.digits))


def looks_like_number(text: str) -> bool:
    """True when ``text``, written plain, would be read as a number."""
    return bool(_INT_RE.match(text) or _FLOAT_RE.match(text))


def _build_int(text: str) -> int | HugeNumber:
    if not _INT_RE.match(text):
        raise ValueError(
            "not a whole number in YAML 1.2; write digits only, or the 0x (hex) or 0o "
            "(octal) form, with no underscores"
        )
    if text[:2] in ("0x", "0o"):
        base = 16 if text[1] == "x" else 8
        value = int(text[2:], base)  # no digit limit for these bases
        if value >= _TOO_BIG:
            return HugeNumber(text, int((len(text) - 2) * math.log10(base)) + 1)
        return value
    digits = len(text.lstrip("+-").lstrip("0"))
    if digits > _MAX_DIGITS:
        return HugeNumber(text, digits)
    try:
        return int(text)
    except ValueError:  # pragma: no cover - a limit lowered after import
        return HugeNumber(text, digits)


def _build_float(text: str) -> float:
    if not _FLOAT_RE.match(text):
        raise ValueError(
            "not a number in YAML 1.2; write it as 1.5, 2e6, .inf or .nan, with no underscores"
        )
    lowered = text.lower()
    if lowered.endswith("inf"):
        return -math.inf if text[0] == "-" else math.inf
    if lowered == ".nan":
        return math.nan
    return float(text)  # very large exponents give infinity, never an error


def _build_bool(text: str) -> bool:
    if not _BOOL_RE.match(text):
        raise ValueError("YAML 1.2 knows only true and false")
    return text[0] in "tT"


def _build_null(text: str) -> None:
    if not _NULL_RE.match(text):
        raise ValueError("write null, ~ or nothing at all")
    return None


_BUILDERS: dict[str, Callable[[str], Any]] = {
    INT: _build_int,
    FLOAT: _build_float,
    BOOL: _build_bool,
    NULL: _build_null,
}


class _CoreResolving:
    """Mixed into PyYAML classes: resolve plain scalars by the core schema."""

    yaml_implicit_resolvers = CORE_RESOLVERS


class _CoreLoader(_CoreResolving, _Loader):
    pass


class CoreSafeDumper(_PyDumper):
    """PyYAML's SafeDumper quoting every string that a YAML 1.1 reader (PyYAML) or a
    YAML 1.2 reader (ramaudit, editors) would take for something else: ``0o17``,
    ``1e5`` and ``yes`` are all written in quotes. For files ramaudit writes."""


for _first, _entries in CORE_RESOLVERS.items():
    for _tag, _regexp in _entries:
        CoreSafeDumper.add_implicit_resolver(_tag, _regexp, [_first])
# Characters PyYAML writes raw, where a reader takes them for line breaks (NEL, U+2028,
# U+2029) or refuses them (C0 and C1 controls): only double quotes can escape them.
_NEEDS_DOUBLE_QUOTES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_text(dumper: Any, data: str) -> Any:
    style = '"' if _NEEDS_DOUBLE_QUOTES.search(data) else None
    return dumper.represent_scalar(STR, data, style=style)


CoreSafeDumper.add_representer(str, _represent_text)
# Neither schema reads "nan", "inf" or "Infinity" as a number, but JavaScript's and
# Python's float() do, and people take them for one: quoted, they read as text to all.
CoreSafeDumper.add_implicit_resolver(
    FLOAT,
    re.compile(r"^[-+]?(?:[nN][aA][nN]|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)$"),
    list("-+nNiI"),
)


def compose(text: str) -> Node | None:
    """Compose one YAML document into PyYAML nodes with libyaml's composer (raises
    ``yaml.YAMLError``), resolving plain scalars by the YAML 1.2 core schema as
    :func:`parse` does. ramaudit itself uses :func:`parse`; this is the reference."""
    loader = _CoreLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _parser_limit_clear_of(max_depth: int) -> None:
    """Raise libyaml's own nesting limit, where this PyYAML build has one, far enough
    above ``max_depth`` that ramaudit's check always fires first."""
    try:
        from yaml import _yaml
    except ImportError:  # pragma: no cover - pure-Python PyYAML has no such limit
        return
    get = getattr(_yaml, "_get_max_nest_level", None)
    put = getattr(_yaml, "_set_max_nest_level", None)
    if get is None or put is None:  # PyYAML before 6.0.4: libyaml has no limit
        return
    wanted = max_depth + 2 * _SCANNER_LOOKAHEAD
    if get() < wanted:
        put(wanted)


_parser_limit_clear_of(HARD_MAX_DEPTH)


def parse(text: str, *, max_depth: int = DEFAULT_MAX_DEPTH) -> NodeTable | None:
    """Record one YAML document as a :class:`NodeTable` (None when the stream holds
    no document). Raises ``yaml.YAMLError`` as the composer would, and
    :class:`LoadLimitError` as soon as containers nest ``max_depth`` deep
    (``max_depth`` is capped at :data:`HARD_MAX_DEPTH`)."""
    recorded = _parse(text, max_depth, None)
    return None if recorded is None else recorded.table


@dataclass(slots=True)
class _Recorded:
    """A document's node table, and its plain values built on the way when ``clean``:
    nothing in it that the builder would read differently from the events or report
    (tags written, aliases, merge keys, duplicate or complex keys, writer's keys)."""

    table: NodeTable
    data: Any
    clean: bool


def _parse(text: str, max_depth: int, extension_prefix: str | None) -> _Recorded | None:
    max_depth = min(max_depth, HARD_MAX_DEPTH)
    wide = len(text) >= 2**31
    parser = _Loader(text)
    # libyaml counts its offsets after a byte-order mark; PyYAML's own reader counts it
    skipped = 1 if _Loader is not _PyLoader and text[:1] == "\ufeff" else 0
    try:
        return _record(parser, max_depth, extension_prefix, NodeTable(wide, text, skipped))
    except YAMLError as exc:
        if _LIBYAML_NESTING not in str(getattr(exc, "problem", "")):
            raise
        # A libyaml whose limit could not be raised (a build linked to another
        # libyaml): the pure-Python parser, which has no limit of its own, reads the
        # text again, so ours fires where it would have (a rare, slower path).
        fallback = _PyLoader(text)
        try:
            recorded = _record(fallback, max_depth, extension_prefix, NodeTable(wide, text))
        finally:
            fallback.dispose()
        if recorded is not None and "\ufeff" in text:
            recorded.table.marks = _event_marks(text, wide)
            recorded.table._text = None  # its offsets do not give its columns
        return recorded
    finally:
        parser.dispose()


def _event_marks(text: str, wide: bool) -> array[int]:
    """Each node's start line, start column, end line and end column as PyYAML's own
    parser marks them, read off its events: for a text with a U+FEFF in it, whose
    columns that parser does not count where its offsets do (a rare text on a rare
    path, see _parse)."""
    marks = array("Q" if wide else "I")
    open_at: list[int] = []
    parser = _PyLoader(text)
    try:
        while True:
            event = parser.get_event()
            cls = event.__class__
            if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
                if cls is not ScalarEvent:
                    open_at.append(len(marks))
                start, end = event.start_mark, event.end_mark
                marks.extend((start.line, start.column, end.line, end.column))
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                at = open_at.pop()
                marks[at + 2], marks[at + 3] = event.end_mark.line, event.end_mark.column
            elif cls is DocumentEndEvent:
                return marks
    finally:
        parser.dispose()


def _record(
    parser: Any, max_depth: int, extension_prefix: str | None, table: NodeTable
) -> _Recorded | None:
    """Record the stream's one document into the empty ``table``."""
    get = parser.get_event
    get()  # stream start
    if get().__class__ is StreamEndEvent:
        return None
    data, clean = _record_document(get, table, max_depth, extension_prefix)
    event = get()
    if event.__class__ is not StreamEndEvent:
        raise ComposerError(
            "expected a single document in the stream",
            table._mark(0),
            "but found another document",
            event.start_mark,
        )
    return _Recorded(table, data, clean)


# An event's tag when none is written (a plain "!" counts as none).
_UNTAGGED = frozenset({None, "!"})
# Values built on the way are trusted this deep at most: deeper, the builder's own walk
# reads the document, so a stack too shallow for it fails as it always has.
_FAST_DEPTH = 200


def _record_document(
    get: Callable[[], Any], table: NodeTable, max_depth: int, extension_prefix: str | None
) -> tuple[Any, bool]:
    """Record one document's events into ``table``, building its plain values on the
    way: the root's value, and whether it is clean (:class:`_Recorded`)."""
    # The hot loop of a load, one iteration per event: everything it touches is a local
    # name, scalars (most events) come first, and a container's values are collected flat
    # (a mapping's keys as written, alternating with values) and made a dict in C.
    add_kind, add_tag, add_value = table.kinds.append, table.tags.append, table.values.append
    styles, children, offsets = table.styles, table.children, table.offsets
    add_offset = offsets.append
    eof = _stream_end(table)
    plain, untagged, text_type, scalar_event = _PLAIN, _UNTAGGED, str, ScalarEvent
    anchors: dict[str, int] = {}
    add_child = array(offsets.typecode).append  # to the children of the innermost container
    items: list[Any] = []  # the values of the innermost open container, built
    add_item, root_items, in_map, clean = items.append, items, False, True
    # the outer containers': add_child, items, in_map (a mapping), whether a key, node
    open_outer: list[tuple[Any, list[Any], bool, bool, int]] = []
    nid = -1
    while True:
        event = get()
        cls = event.__class__
        if cls is scalar_event:
            nid += 1
            tag, value = event.tag, event.value
            if tag in untagged and event.implicit[0]:  # plain: the implicit resolvers decide
                read = plain.get(value) or _plain(value, plain)
                if read.__class__ is text_type:
                    tag, value, built = STR, read, read  # the text every occurrence shares
                else:
                    tag, value, built = read  # type: ignore[str-unpack]
                    if in_map and not len(items) & 1:
                        built = value  # a key is the text written
                    clean = clean and tag is not MERGE
            else:
                built = value
                if tag in untagged:
                    tag = STR
                else:
                    clean = False  # a tag written: the builder reads it, or reports it
            add_kind(_SCALAR)
            add_tag(tag)
            add_value(value)
            if event.style:
                styles[nid] = event.style
            add_offset(event.start_mark.index)  # two appends: cheaper than by a tuple
            add_offset(at := event.end_mark.index)
            if at == eof:  # rare: the stream's end, without a line break
                _scalar_past_the_end(offsets, nid, event, eof)
            if event.anchor is not None:
                _anchor(table, anchors, event, nid)
            add_child(nid)
            add_item(built)
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            nid += 1
            in_key = in_map and not len(items) & 1  # a list or a mapping as a key
            if not _open(table, event, nid, len(open_outer), max_depth, anchors, eof) or in_key:
                clean = False
            add_child(nid)
            open_outer.append((add_child, items, in_map, in_key, nid))
            add_child, items, in_map = children[nid].append, [], cls is MappingStartEvent
            add_item = items.append
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            built = _mapping_of(items, extension_prefix if clean else None) if in_map else items  # type: ignore[assignment]
            if built is None:
                clean = False
            add_child, items, in_map, in_key, closed = open_outer.pop()
            add_item = items.append
            add_item(None if in_key else built)
            offsets[2 * closed + 1] = at = event.end_mark.index
            if at == eof:
                _past_the_end(offsets, 2 * closed + 1, event.end_mark, eof)
        elif cls is AliasEvent:
            add_child(_alias(anchors, event))
            add_item(None)
            clean = False  # the builder shares aliased values and counts their expansion
        elif cls is DocumentEndEvent:
            return root_items[0], clean


def _scalar_past_the_end(offsets: array[int], nid: int, event: Any, eof: int) -> None:
    _past_the_end(offsets, 2 * nid, event.start_mark, eof)
    _past_the_end(offsets, 2 * nid + 1, event.end_mark, eof)


def _stream_end(table: NodeTable) -> int:
    """The offset of the end of a stream that does not end with a line break, where
    a mark may stand on the line libyaml adds after it (-1 for any other)."""
    text = table._text
    if not text or text[-1] in _BREAKS:
        return -1
    return len(text) - table._skipped


def _past_the_end(offsets: array[int], i: int, mark: Any, eof: int) -> None:
    """Move offset ``i``, ``eof`` as ``mark`` gives it, to ``eof + 1`` (which
    :func:`_line_starts` places at the start of a line of its own) when the mark stands
    on the line libyaml adds after a stream's last line when it has no line break:
    the only place at the stream's end with column 0."""
    if mark.index == eof and mark.column == 0:
        offsets[i] = eof + 1


# An empty array of children of each width, copied for each container opened (cheaper
# than making one by its type code).
_NO_CHILDREN = {code: array(code) for code in "IQ"}


def _open(
    table: NodeTable,
    event: Any,
    nid: int,
    depth: int,
    max_depth: int,
    anchors: dict[str, int],
    eof: int,
) -> bool:
    """Record the start of container ``nid``, ``depth`` containers deep; whether its
    value may be built on the way (no tag written, not too deep for that)."""
    start = event.start_mark
    if depth >= max_depth:
        raise _too_deep(max_depth, start.line + 1, start.column + 1)
    is_map = event.__class__ is MappingStartEvent
    tag = event.tag
    plain = tag in _UNTAGGED
    if plain:
        tag = MAP if is_map else SEQ
    table.kinds.append(_MAPPING if is_map else _SEQUENCE)
    table.tags.append(tag)
    table.values.append(None)
    table.offsets.extend((start.index, 0))
    if start.index == eof:
        _past_the_end(table.offsets, 2 * nid, start, eof)
    if event.anchor is not None:
        _anchor(table, anchors, event, nid)
    table.children[nid] = _NO_CHILDREN[table.offsets.typecode].__copy__()
    return plain and depth < _FAST_DEPTH


def _mapping_of(items: list[Any], extension_prefix: str | None) -> dict[Any, Any] | None:
    """The mapping of alternate keys and values ``items``; None when the builder would
    read it otherwise: a key written twice (it keeps the first and reports the
    second) or a writer's own key (left out)."""
    pairs = iter(items)
    built = dict(zip(pairs, pairs))  # noqa: B905 - key, value: a mapping holds pairs
    if 2 * len(built) != len(items):
        return None
    if extension_prefix is not None:
        for key in built:
            if key.startswith(extension_prefix):
                return None
    return built


def _alias(anchors: dict[str, int], event: Any) -> int:
    target = anchors.get(event.anchor)
    if target is None:
        raise ComposerError(None, None, "found undefined alias", event.start_mark)
    return target


# What each plain scalar met so far reads as (the first _PLAIN_TAG_CACHE of them), kept
# for the whole run: the keys, dates, amounts and words of one file recur in it and in
# the next. Text is kept as the one string object every later occurrence shares (one
# generated document of 330,000 scalars writes 30,000 different ones); anything
# else as (tag, text, value).
_PLAIN: dict[str, str | tuple[str, str, Any]] = {}


def _plain_tag(value: str) -> str:
    """The tag the core schema's implicit resolvers give a plain scalar (looked up by
    its first character; one starting with any other is text)."""
    for candidate, regexp in CORE_RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return candidate
    return STR


def _plain(text: str, cache: dict[str, str | tuple[str, str, Any]]) -> str | tuple[str, str, Any]:
    """What the plain scalar ``text`` reads as: the text itself, or its tag, text and
    value by the tag its resolver gave it (whose builder always reads it: the resolver
    matched the same expression; a merge key's value is its text), kept in ``cache``
    while it has room."""
    tag = _plain_tag(text)
    if tag is STR:
        read: str | tuple[str, str, Any] = text
    else:
        builder = _BUILDERS.get(tag)
        read = (tag, text, text if builder is None else builder(text))
    if len(cache) < _PLAIN_TAG_CACHE:
        cache[text] = read
    return read


def _anchor(table: NodeTable, anchors: dict[str, int], event: Any, nid: int) -> None:
    first = anchors.get(event.anchor)
    if first is not None:
        raise ComposerError(
            "found duplicate anchor; first occurrence",
            table._mark(first),
            "second occurrence",
            event.start_mark,
        )
    anchors[event.anchor] = nid


def load(
    text: str,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    extension_prefix: str | None = None,
) -> Document:
    """Parse ``text`` and build plain values. Raises ``yaml.YAMLError`` on bad syntax
    and :class:`LoadLimitError` when the document is too large or too deep. Keys that
    start with ``extension_prefix`` are the writer's own: their values are left out
    unread, unchecked and uncounted."""
    # Parsing allocates many small objects and frees none of them; pausing the
    # collector avoids repeated scans of a heap that only grows here.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        recorded = _parse(text, max_depth, extension_prefix)
        if recorded is None:
            return Document(None, None)
        table, data = recorded.table, recorded.data
        builder = _Builder(table, max_nodes, max_depth, extension_prefix)
        # Without aliases a document holds no more values than nodes, so within the
        # limit the values built with the table are the builder's, issue-free.
        if not recorded.clean or len(table) > builder.max_nodes:
            data = builder.build(0)
        return Document(data, table, builder.issues)
    except RecursionError:
        raise LoadLimitError(LoadIssue(IssueKind.STACK_EXHAUSTED, 1, 1)) from None
    finally:
        if was_enabled:
            gc.enable()


def build_node(
    table: NodeTable,
    nid: int,
    *,
    depth: int,
    path: PathT,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    extension_prefix: str | None = None,
) -> tuple[Any, list[LoadIssue]]:
    """The plain value of node ``nid`` of ``table`` standing ``depth`` containers deep
    at ``path``, as :func:`load` builds it inside the whole document, and the issues
    met in it (an editor's audit of one edited item, :mod:`ramaudit.incremental`).
    Raises :class:`LoadLimitError` as :func:`load` does."""
    builder = _Builder(table, max_nodes, max_depth, extension_prefix)
    try:
        value, _ = builder._node(nid, depth, path)
    except RecursionError:
        raise LoadLimitError(LoadIssue(IssueKind.STACK_EXHAUSTED, 1, 1)) from None
    return value, builder.issues


_BUILD_ERRORS = (
    ConstructorError,
    ValueError,
    OverflowError,
    KeyError,
    AttributeError,
    TypeError,
    IndexError,
)


class _Builder:
    """Plain values from the node table. Aliased nodes are built once and shared, and
    their expanded size is counted, so an alias bomb is refused instead of expanded."""

    def __init__(
        self, table: NodeTable, max_nodes: int, max_depth: int, extension_prefix: str | None
    ) -> None:
        self.table = table
        self.kinds, self.tags, self.values = table.kinds, table.tags, table.values
        self.children = table.children
        # Aliases may repeat a document's values, not multiply them: past the floor, a
        # document may expand to EXPANSION_RATIO times its own nodes (so a small file
        # cannot make the walk and the rules do millions of items' work), and never past
        # max_nodes.
        self.expansion_limit = max(EXPANSION_FLOOR, EXPANSION_RATIO * len(table))
        self.max_nodes = min(max_nodes, self.expansion_limit)
        self.max_depth = max_depth
        self.extension_prefix = extension_prefix
        self.issues: list[LoadIssue] = []
        self._memo: dict[int, tuple[Any, int]] = {}
        # (tag, text) -> (value, error): the same numbers and booleans repeat a lot
        self._scalars: dict[tuple[str, str], tuple[Any, str | None]] = {}

    def build(self, root: int) -> Any:
        value, _ = self._node(root, 0, ())
        return value

    def _issue(
        self,
        kind: IssueKind,
        nid: int,
        path: PathT,
        *,
        tag: str = "",
        node: str = "",
        text: str = "",
        reason: str = "",
    ) -> None:
        line, col, end_line, end_col = self.table.position(nid)
        self.issues.append(
            LoadIssue(kind, line, col, path, end_line, end_col, tag, node, text, reason)
        )

    def _scalar(self, nid: int, tag: str, path: PathT) -> Any:
        text = self.values[nid]
        assert text is not None
        builder = _BUILDERS.get(tag)
        if builder is None:
            if tag not in _PLAIN_SCALAR_TAGS and not tag.startswith(STR):
                self._issue(IssueKind.UNKNOWN_TAG, nid, path, tag=tag, node="scalar")
            return text
        key = (tag, text)
        hit = self._scalars.get(key)
        if hit is None:
            try:
                hit = (builder(text), None)
            except _BUILD_ERRORS as exc:
                reason = getattr(exc, "problem", None)
                if not reason:
                    lines = str(exc).splitlines() if isinstance(exc, ValueError) else []
                    reason = lines[0] if lines else f"not a valid {tag.rsplit(':', 1)[-1]}"
                hit = (text, reason)
            self._scalars[key] = hit
        value, reason = hit
        if reason is not None:
            self._issue(IssueKind.UNREADABLE_SCALAR, nid, path, tag=tag, text=text, reason=reason)
        return value

    def _node(self, nid: int, depth: int, path: PathT) -> tuple[Any, int]:
        kind = self.kinds[nid]
        if kind == _SCALAR:
            tag = self.tags[nid]
            if tag == STR:
                return self.values[nid], 1
            return self._scalar(nid, tag, path), 1

        hit = self._memo.get(nid)
        if hit is not None:
            return hit
        if depth >= self.max_depth:
            line, col, _, _ = self.table.position(nid)
            raise _too_deep(self.max_depth, line, col)
        tag = self.tags[nid]
        if kind == _SEQUENCE:
            if tag != SEQ:
                self._issue(IssueKind.UNKNOWN_TAG, nid, path, tag=tag, node="sequence")
            out: list[Any] = []
            size = 1
            kinds, tags, values = self.kinds, self.tags, self.values
            for i, child in enumerate(self.children[nid]):
                if kinds[child] == _SCALAR and tags[child] == STR:
                    out.append(values[child])  # text, as in _mapping
                    size += 1
                    continue
                value, n = self._node(child, depth + 1, (*path, i))
                out.append(value)
                size += n
        else:
            if tag != MAP:
                self._issue(IssueKind.UNKNOWN_TAG, nid, path, tag=tag, node="mapping")
            out, size = self._mapping(nid, depth, path)  # type: ignore[assignment]
        if size > self.max_nodes:
            line, col, _, _ = self.table.position(nid)
            if self.max_nodes == self.expansion_limit:
                passed = IssueKind.ALIAS_MULTIPLICATION
            elif len(self.table) > self.max_nodes:  # large as written, aliases or not
                passed = IssueKind.TOO_MANY_VALUES
            else:
                passed = IssueKind.ALIAS_EXPANSION
            raise LoadLimitError(LoadIssue(passed, line, col, limit=self.max_nodes))
        result = (out, size)
        self._memo[nid] = result
        return result

    def _mapping(self, nid: int, depth: int, path: PathT) -> tuple[dict[str, Any], int]:
        kinds, tags, values = self.kinds, self.tags, self.values
        extensions = self.extension_prefix
        out: dict[str, Any] = {}
        size = 1
        merges: list[int] = []
        kids = self.children[nid]
        assert kids is not None
        for i in range(0, len(kids), 2):
            key_id, value_id = kids[i], kids[i + 1]
            if kinds[key_id] != _SCALAR:
                self._issue(IssueKind.COMPLEX_KEY, key_id, path)
                continue
            if tags[key_id] == MERGE:
                merges.append(value_id)
                continue
            key: str = values[key_id]  # type: ignore[assignment]
            if extensions is not None and key.startswith(extensions):
                continue
            if key in out:
                self._issue(IssueKind.DUPLICATE_KEY, key_id, path, text=key)
                continue
            if kinds[value_id] == _SCALAR and tags[value_id] == STR:
                # Most values are text: taken as written, with no path made for them
                out[key] = values[value_id]
                size += 1
                continue
            value, n = self._node(value_id, depth + 1, (*path, key))
            out[key] = value
            size += n
        if merges:
            size += self._merge(out, merges, depth, path)
        return out, size

    def _merge(self, out: dict[str, Any], merges: list[int], depth: int, path: PathT) -> int:
        """YAML merge keys (``<<: *defaults``): explicit keys win, then earlier sources."""
        size = 0
        sources: list[int] = []
        for value_id in merges:
            if self.kinds[value_id] == _SEQUENCE:
                sources.extend(self.children[value_id])
            else:
                sources.append(value_id)
        for src in sources:
            if self.kinds[src] != _MAPPING:
                self._issue(IssueKind.BAD_MERGE, src, path)
                continue
            value, n = self._node(src, depth + 1, path)
            size += n
            for k, v in value.items():
                out.setdefault(k, v)
        return size


def shorten(text: str, limit: int = 60) -> str:
    """User text quoted in a message, cut to ``limit`` characters: a key may be a
    hundred thousand characters long, and a message should stay one line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_tag(tag: str) -> str:
    """A tag as it is usually written: ``!!int`` for ``tag:yaml.org,2002:int``."""
    return "!!" + tag[len(_T) :] if tag.startswith(_T) else tag


class Locator:
    """Finds the node behind a logical path such as ``("items", 3, "links", 0)``:
    the deepest node the path can follow (a path that leaves the document stops at the
    last node it reached). A key of the path is also found under the other spellings
    ``spellings`` gives it (``{"links": ("link",)}``), in that order.

    Where each path's head leads is remembered (the table does not change under a
    locator): the findings about one item, and every item of a list, share the walk to
    it, so a position costs one step from there."""

    def __init__(
        self, root: NodeTable | None, spellings: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        self.root = root
        self.spellings: Mapping[str, Sequence[str]] = spellings or {}
        # a path -> (the node it leads to, whether it was followed to its end)
        self._walked: dict[PathT, tuple[int, bool]] = {}

    def node_id(self, path: PathT, *, key: bool = False) -> int | None:
        table = self.root
        if table is None:
            return None
        if not path:
            return 0
        head = path[:-1]
        walked = self._walked.get(head)
        if walked is None:
            walked = self._walk(table, head)
        nid, whole = walked
        if not whole:
            return nid
        return _step(table, nid, path[-1], self.spellings, key)[0]

    def _walk(self, table: NodeTable, path: PathT) -> tuple[int, bool]:
        """Where ``path`` leads (walked from the longest head of it already walked),
        remembered for each head on the way."""
        todo = [path]
        walked = (0, True)
        while todo[-1]:
            head = todo[-1][:-1]
            found = self._walked.get(head)
            if found is not None:
                walked = found
                break
            todo.append(head)
        else:
            todo.pop()  # the empty path: the root, followed to its end
        spellings, memo = self.spellings, self._walked
        for part_path in reversed(todo):
            nid, whole = walked
            if whole:
                walked = _step(table, nid, part_path[-1], spellings, False)
            memo[part_path] = walked
        return walked

    def node(self, path: PathT, *, key: bool = False) -> Node | None:
        nid = self.node_id(path, key=key)
        return None if nid is None else self.root.node(nid)  # type: ignore[union-attr]

    def position(self, path: PathT, *, key: bool = False) -> tuple[int, int, int, int]:
        """``(line, column, end_line, end_column)``, 1-based; the file start if unknown."""
        nid = self.node_id(path, key=key)
        if nid is None:
            return 1, 1, 1, 1
        return self.root.position(nid)  # type: ignore[union-attr]


def _step(
    table: NodeTable,
    nid: int,
    part: str | int,
    spellings: Mapping[str, Sequence[str]],
    key: bool,
) -> tuple[int, bool]:
    """One step of a path from node ``nid``: the node ``part`` names there (its key,
    with ``key``), and whether it was found (else ``nid``, where the path stops)."""
    kind = table.kinds[nid]
    if kind == _MAPPING and isinstance(part, str):
        found = _find_key(table, nid, part, spellings)
        if found is None:
            return nid, False
        return (found[0] if key else found[1]), True
    if kind == _SEQUENCE and isinstance(part, int):
        kids = table.children[nid]
        if not 0 <= part < len(kids):
            return nid, False
        return kids[part], True
    return nid, False


def _find_key(
    table: NodeTable,
    nid: int,
    name: str,
    spellings: Mapping[str, Sequence[str]],
    _seen: frozenset[int] = frozenset(),
) -> tuple[int, int] | None:
    """(key, value) of the first key of mapping ``nid`` written ``name`` (else as the
    first of its ``spellings`` found), as :meth:`NodeTable.keymap` would give it, then
    of the mappings merged into it. The keys' texts are read in one C call and searched
    with ``tuple.index``: a locator's walk asks each mapping about one key or two, and
    building its whole key map cost more than that."""
    kids = table.children[nid] or ()
    keys = kids[0::2]
    if keys:
        # only a scalar has text (a container's is None), so the first key written
        # ``name`` is the first scalar key with that text, as in the key map
        texts = itemgetter(*keys)(table.values) if len(keys) > 1 else (table.values[keys[0]],)
        for wanted in (name, *spellings.get(name, ())):
            try:
                at = texts.index(wanted)
            except ValueError:
                continue
            return keys[at], kids[2 * at + 1]
    kinds, tags, children = table.kinds, table.tags, table.children
    merges = [
        kids[i + 1]
        for i, k in enumerate(kids)
        if not i % 2 and kinds[k] == _SCALAR and tags[k] == MERGE
    ]
    if merges:  # keys that came in through a merge
        seen = _seen | {nid}
        for value_id in merges:
            kind = kinds[value_id]
            sources = children[value_id] if kind == _SEQUENCE else (value_id,)
            for src in sources:
                if kinds[src] == _MAPPING and src not in seen:
                    found = _find_key(table, src, name, spellings, seen)
                    if found is not None:
                        return found
    return None
