"""Navigation in the editor (issue 14): hover, definition, references, completion and
symbols over the plans of a workspace, for the language server to call.

Nothing here speaks LSP over a wire: :class:`Navigator` takes texts and filesystem paths
and answers with lsprotocol types, so the server (``server/app.py``) only converts URIs
and wires requests. Each plan is read by ramaudit's own loader and walk, so an id means
here what it means to ``check``: a file's own id wins, a bare id names the one other
file of the workspace that has it, ``<plan id>:<id>`` names the plan, and the
resolution across files is :func:`ramaudit.workspace.link` itself.

Positions: LSP counts lines from 0 and characters in UTF-16 code units, with ``\\n``,
``\\r\\n`` and ``\\r`` as line breaks; ramaudit counts lines and characters (code points)
from 1, and libyaml also breaks lines at NEL, LS and PS. :class:`Lines` converts both
ways through the offset in the text, so a plan with emoji or a stray U+2028 is placed
right.

A document that does not parse mid-edit keeps its last good parse for navigation;
completion reads the text around the cursor itself, so it works in a broken document
too. No public method raises: an editor request must never bring the server down.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gc
import itertools
import logging
import os
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

from lsprotocol import types as lsp

from ramaudit.core import loader
from ramaudit.core.loader import Locator, NodeTable, PathT
from ramaudit.core.model import (
    DEPENDABLE,
    EXTENSION_PREFIX,
    KPI,
    LINK_KINDS,
    LINKS,
    SPELLINGS,
    Campaign,
    Item,
    Objective,
    Plan,
    Tactic,
    build_plan,
    kind_of,
)
from ramaudit.core.records import dataclass
from ramaudit.core.vocabulary import DEFAULT, Vocabulary
from ramaudit.workspace import QUALIFIER

if TYPE_CHECKING:  # pragma: no cover
    from ramaudit.config.effective import Config
    from ramaudit.core.graph import TraceGraph
    from ramaudit.core.progress import KeyResultStatus
    from ramaudit.workspace import Linked, Member

log = logging.getLogger(__name__)

# The node kinds of a NodeTable (loader.NodeTable.kinds); a mapping's children
# alternate key and value.
_SCALAR = getattr(loader, "_SCALAR", 0)
_MAPPING = getattr(loader, "_MAPPING", 2)

# The kinds of item workspace symbols list, with the symbol kind each is shown as.
SYMBOL_KINDS: dict[str, lsp.SymbolKind] = {
    "goal": lsp.SymbolKind.Class,
    "objective": lsp.SymbolKind.Interface,
    "campaign": lsp.SymbolKind.Module,
    "tactic": lsp.SymbolKind.Function,
}
# Document symbols list every item; these are the kinds not above.
_OTHER_SYMBOLS: dict[str, lsp.SymbolKind] = {
    "segment": lsp.SymbolKind.Enum,
    "milestone": lsp.SymbolKind.Event,
    "budget line": lsp.SymbolKind.Constant,
}
# Above this many characters, completion reads ids from the last parse of a plan
# instead of loading its newest text first (a plan this size loads in about 50 ms).
STALE_COMPLETION_SIZE = 64 * 1024

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _never_raises(default: Callable[[], object]) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Answer ``default()`` instead of raising: a request about a plan mid-edit may meet
    anything, and the server must keep serving the next one."""

    def wrap(method: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(method)
        def safe(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return method(*args, **kwargs)
            except Exception:  # a bug of ours: logged, never the editor's problem
                log.exception("navigation: %s failed", method.__name__)
                return cast(_R, default())

        return safe

    return wrap


# --------------------------------------------------------------------------- positions

# libyaml's line breaks (YAML 1.1 reader) and the LSP's.
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_LSP_BREAK = re.compile("\r\n|[\r\n]")


def _starts(text: str, breaks: re.Pattern[str]) -> list[int]:
    if not _RARE_BREAKS.search(text):  # only '\n': the same starts, counted in C
        return list(itertools.accumulate((len(line) + 1 for line in text.split("\n")), initial=0))[
            :-1
        ]
    return [0, *[m.end() for m in breaks.finditer(text)]]


# The breaks only one of the two counts, or that take two characters.
_RARE_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _utf16(text: str) -> int:
    """The length of ``text`` in UTF-16 code units."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


class Lines:
    """One text's line starts by YAML's and by the LSP's breaks, for converting
    ramaudit's 1-based (line, character) to LSP (line, UTF-16 unit) and back."""

    __slots__ = ("_lsp", "_yaml", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._yaml: list[int] | None = None
        self._lsp: list[int] | None = None

    @property
    def yaml_starts(self) -> list[int]:
        if self._yaml is None:
            self._yaml = _starts(self.text, _YAML_BREAK)
        return self._yaml

    @property
    def lsp_starts(self) -> list[int]:
        if self._lsp is None:
            if _RARE_BREAKS.search(self.text):
                self._lsp = _starts(self.text, _LSP_BREAK)
            else:  # only '\n': the LSP's lines are YAML's
                self._lsp = self.yaml_starts
        return self._lsp

    def offset_of_yaml(self, line: int, column: int) -> int:
        """The offset of ramaudit's (line, column), 1-based; clamped to the text."""
        starts = self.yaml_starts
        index = min(max(line - 1, 0), len(starts) - 1)
        return min(starts[index] + max(column - 1, 0), len(self.text))

    def yaml_of_offset(self, offset: int) -> tuple[int, int]:
        starts = self.yaml_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def position(self, offset: int) -> lsp.Position:
        """The LSP position of an offset."""
        offset = min(max(offset, 0), len(self.text))
        starts = self.lsp_starts
        index = bisect.bisect_right(starts, offset) - 1
        return lsp.Position(index, _utf16(self.text[starts[index] : offset]))

    def offset(self, position: lsp.Position) -> int:
        """The offset of an LSP position; a character past the line's end is its end
        (the LSP says so), one inside a surrogate pair is the character's start."""
        starts = self.lsp_starts
        if position.line >= len(starts):
            return len(self.text)
        start = starts[position.line]
        end = starts[position.line + 1] if position.line + 1 < len(starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        units = 0
        for i in range(start, end):
            units += 2 if ord(self.text[i]) > 0xFFFF else 1
            if units > position.character:
                return i
        return end

    def to_lsp(self, line: int, column: int) -> lsp.Position:
        starts = self.yaml_starts
        if self.lsp_starts is starts and 0 < line <= len(starts):
            # One count of lines (the usual case): no search for the line needed.
            start = starts[line - 1]
            end = starts[line] - 1 if line < len(starts) else len(self.text)
            offset = start + max(column - 1, 0)
            if offset <= end:
                return lsp.Position(line - 1, _utf16(self.text[start:offset]))
        return self.position(self.offset_of_yaml(line, column))

    def from_lsp(self, position: lsp.Position) -> tuple[int, int]:
        return self.yaml_of_offset(self.offset(position))

    def range(self, span: tuple[int, int, int, int]) -> lsp.Range:
        """An LSP range from ramaudit's (line, column, end line, end column)."""
        line, column, end_line, end_column = span
        return lsp.Range(self.to_lsp(line, column), self.to_lsp(end_line, end_column))


# --------------------------------------------------------------------------- a parse


@dataclass(frozen=True, slots=True)
class Ref:
    """One id written in a plan: an item's own ``id``, or an entry of a link field."""

    item: Item  # the item that writes it
    field: str  # "id", or the link's key (goals, parents, objectives, campaign, ...)
    target: str
    path: PathT  # logical path of the id's scalar


@dataclass(slots=True)
class Parsed:
    """One text of a plan that loaded, with what navigation reads of it."""

    text: str
    lines: Lines
    table: NodeTable | None
    locator: Locator
    plan: Plan
    is_plan: bool
    items: dict[str, Item] = field(default_factory=dict)  # the first item of each id
    _refs: list[Ref] | None = None
    _start_lines: array[int] | None = None  # the start line of each node, by number
    _paths: dict[PathT, Item | tuple[Item, KPI]] | None = None
    _graph: TraceGraph | None = None
    outline: list[lsp.DocumentSymbol] | None = None  # its document symbols, once made

    @property
    def refs(self) -> list[Ref]:
        """Every id the plan writes: each item's id, then its links, in document order."""
        if self._refs is None:
            self._refs = list(_refs_of(self.plan, self.locator))
        return self._refs

    @property
    def graph(self) -> TraceGraph:
        """The plan's own trace graph, for linking it with the others (built once)."""
        if self._graph is None:
            from ramaudit.core.graph import build_graph

            self._graph = build_graph(self.plan)
        return self._graph

    def span(self, path: PathT) -> tuple[int, int, int, int]:
        return self.locator.position(path)

    def range(self, path: PathT) -> lsp.Range:
        return self.lines.range(self.span(path))

    def scalar_at(self, offset: int) -> int | None:
        """The scalar node whose text holds ``offset`` (its end included, where the
        cursor stands after typing a word)."""
        table = self.table
        if table is None:
            return None
        line, _ = self.lines.yaml_of_offset(offset)
        if self._start_lines is None:
            # Nodes are numbered in document order, so their start lines never fall.
            self._start_lines = table.start_lines()
        first = bisect.bisect_left(self._start_lines, line - 1)
        last = bisect.bisect_right(self._start_lines, line - 1)
        for nid in range(first, last):
            if table.kinds[nid] != _SCALAR or not table.values[nid]:
                continue
            start_line, col, end_line, end_col = table.position(nid)
            start = self.lines.offset_of_yaml(start_line, col)
            end = self.lines.offset_of_yaml(end_line, end_col)
            if start <= offset <= end:
                return nid
        return None

    def path_of(self, nid: int) -> tuple[PathT, bool]:
        """The logical path of node ``nid`` (keys as written) and whether it is a key,
        found from the root down: a container's own children are numbered after it and
        in order, so the child holding ``nid`` is the last one numbered up to it (an
        alias repeats an earlier number, and is passed over)."""
        table = self.table
        assert table is not None
        parts: list[str | int] = []
        at = 0
        while at != nid:
            i = _holding(table.children.get(at) or (), at, nid)
            if i is None:
                return tuple(parts), False
            kids = table.children[at]
            if table.kinds[at] == _MAPPING:
                key_index = i - i % 2
                parts.append(table.values[kids[key_index]] or "")
                if i % 2 == 0 and kids[i] == nid:
                    return tuple(parts), True
            else:
                parts.append(i)
            at = kids[i]
        return tuple(parts), False

    def owner_at(self, path: PathT) -> tuple[Item | tuple[Item, KPI] | None, PathT]:
        """The item or KPI that ``path`` stands in (the deepest), with the rest of it."""
        if self._paths is None:
            paths: dict[PathT, Item | tuple[Item, KPI]] = {}
            for item in self.plan.items():
                paths.setdefault(item.path, item)
                for kpi in getattr(item, "kpis", ()):
                    paths.setdefault(kpi._path, (item, kpi))
            self._paths = paths
        for cut in range(len(path), 0, -1):
            found = self._paths.get(path[:cut])
            if found is not None:
                return found, path[cut:]
        return None, path

    @property
    def plan_id(self) -> str | None:
        info = self.plan.info
        return info.id if info is not None and info.id else None


def _holding(kids: Sequence[int], parent: int, nid: int) -> int | None:
    """The index among ``kids`` of the own child of ``parent`` that holds ``nid``."""
    found = None
    highest = parent
    for i, kid in enumerate(kids):
        if kid > highest:  # an own child: an alias names an earlier node
            if kid > nid:
                break
            highest = kid
            found = i
    return found


def _refs_of(plan: Plan, locator: Locator) -> Iterator[Ref]:
    for item in plan.items():
        yield Ref(item, "id", item.id, (*item.path, "id"))
        for key in LINKS:
            targets = _link_targets(item, key)
            if not targets:
                continue
            indices: Iterable[int] = range(len(targets))
            if key in item.undecided:  # a placeholder was taken out of the list
                indices = _written_indices(locator, (*item.path, key), targets)
            for i, target in zip(indices, targets, strict=False):
                yield Ref(item, key, target, (*item.path, key, i))


def _link_targets(item: Item, key: str) -> list[str]:
    """The ids ``item`` links to under ``key`` (none for a key that is no link of its
    kind; an objective's ``parents`` are objectives, the plan block's are files)."""
    targets = getattr(item, key, None)
    if not isinstance(targets, list) or (key == "parents" and not isinstance(item, Objective)):
        return []
    return [t for t in targets if isinstance(t, str)]


def _written_indices(locator: Locator, path: PathT, targets: list[str]) -> list[int]:
    """Where each of ``targets`` stands in the list written at ``path``."""
    table = locator.root
    nid = locator.node_id(path)
    kids = table.children.get(nid) if table is not None and nid is not None else None
    if table is None or not kids:
        return list(range(len(targets)))
    written = [(table.values[k] or "").strip() for k in kids]
    out: list[int] = []
    at = 0
    for target in targets:
        while at < len(written) and written[at] != target:
            at += 1
        out.append(at)
        at += 1
    return out


def parse(text: str, vocabulary: Vocabulary = DEFAULT) -> Parsed | None:
    """Load ``text`` as ``check`` does; None when it is no YAML a plan can be read from."""
    # As in api.audit: a load makes many objects that all live as long as the parse,
    # so the collector's scans of them would be wasted (a third of a large plan's load).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, vocabulary)
    finally:
        if paused:
            gc.enable()


def _parse(text: str, vocabulary: Vocabulary) -> Parsed | None:
    try:
        doc = loader.load(text, extension_prefix=EXTENSION_PREFIX)
    except (loader.YAMLError, loader.LoadLimitError, RecursionError, ValueError):
        return None
    locator = Locator(doc.root, SPELLINGS)
    plan = build_plan(doc.data, locator, vocabulary)
    is_plan = isinstance(doc.data, dict) and "plan" in doc.data
    parsed = Parsed(text, Lines(text), doc.root, locator, plan, is_plan)
    for item in plan.items():
        parsed.items.setdefault(item.id, item)
    return parsed


# --------------------------------------------------------------------------- Markdown


# Characters that would end a line, change direction or hide text: shown as escapes.
_HIDDEN = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def markdown_text(text: object) -> str:
    """Plan text as literal Markdown on one line: every ASCII punctuation character
    backslash-escaped (CommonMark reads each as itself then), control, line and
    direction characters shown as ``\\uXXXX``, so no text of a plan can make a link,
    an image, a code span or a heading, or break out of its line."""
    out: list[str] = []
    for ch in str(text):
        if ch in _PUNCTUATION:
            out.append("\\" + ch)
        elif ch in _HIDDEN or unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs"):
            out.append(f"\\\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _number(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


# --------------------------------------------------------------------------- the schema


@dataclass(frozen=True, slots=True)
class Shape:
    """What the plan's JSON Schema says one mapping may hold: its keys (second
    spellings left out), the definition each key's value opens, and each key's
    enumerated values."""

    name: str  # the $defs name ("" for the document itself)
    keys: tuple[str, ...]
    nested: dict[str, str]  # key -> the $defs name of the mapping it holds
    values: dict[str, tuple[str, ...]]  # key -> enumerated values


def _refs_in(node: object) -> Iterator[str]:
    """The $defs names a property schema refers to, not looking inside them."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            yield ref.rsplit("/", 1)[1]
        for value in node.values():
            yield from _refs_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs_in(value)


def _is_boolean(node: object) -> bool:
    if isinstance(node, dict):
        return node.get("type") == "boolean" or any(_is_boolean(v) for v in node.values())
    return isinstance(node, list) and any(_is_boolean(v) for v in node)


def _enums_in(node: object) -> Iterator[str]:
    """The values a property schema enumerates (true and false for a boolean)."""
    if isinstance(node, dict):
        if node.get("type") == "boolean":
            yield from ("true", "false")
        for value in node.get("enum", ()):
            if isinstance(value, str | int) and not isinstance(value, bool):
                yield str(value)
        for key, value in node.items():
            if key != "enum":
                yield from _enums_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from _enums_in(value)


@functools.cache
def shapes() -> dict[str, Shape]:
    """The shape of the document (``""``) and of each definition with properties."""
    from ramaudit.core.schemas import shipped_schema

    schema = shipped_schema("plan")
    defs: dict[str, Any] = schema.get("$defs", {})
    out: dict[str, Shape] = {}
    for name, definition in [("", schema), *defs.items()]:
        props: dict[str, Any] = definition.get("properties", {})
        if not props:
            continue
        nested: dict[str, str] = {}
        values: dict[str, tuple[str, ...]] = {}
        for key, prop in props.items():
            opened = [r for r in _refs_in(prop) if defs.get(r, {}).get("properties")]
            if opened:
                nested[key] = opened[0]
            found = tuple(dict.fromkeys(_enums_in(prop)))
            # A value written by a definition of its own (true or false: 'Boolean').
            if not found and any(_is_boolean(defs.get(r)) for r in _refs_in(prop)):
                found = ("true", "false")
            if found:
                values[key] = found
        # A second spelling is left out where its key is there too (a tactic's
        # 'campaigns' is its 'campaign'); the top's 'segments' is a key of its own.
        spelt = {s for key, others in SPELLINGS.items() if key in props for s in others}
        keys = tuple(k for k in props if k not in spelt)
        out[name] = Shape(name, keys, nested, values)
    return out


def shape_at(keys: Iterable[str]) -> Shape | None:
    """The shape of the mapping reached by ``keys`` from the top of the document."""
    known = shapes()
    here = known.get("")
    for key in keys:
        if here is None:
            return None
        name = here.nested.get(_canonical(here, key))
        here = known.get(name) if name is not None else None
    return here


def _canonical(shape: Shape, key: str) -> str:
    """A key as the schema's own name for it (``goal`` under an objective is ``goals``)."""
    if key in shape.keys:
        return key
    for canonical, others in SPELLINGS.items():
        if key in others and canonical in shape.keys:
            return canonical
    return key


# --------------------------------------------------------------------------- documents


@functools.lru_cache(maxsize=4096)
def _key(path: str) -> str:
    """One document per file, however the editor named it (remembered: the editor
    names the same few files at every keystroke, and resolving a path asks the disk)."""
    return os.path.realpath(path)


@dataclass(slots=True)
class _Doc:
    path: str  # as first given (absolute when the server gives it so)
    key: str
    text: str | None = None  # the editor's text; None: read from disk
    parsed: Parsed | None = None  # the last text that loaded
    tried: str | None = None  # the last text parsed (loaded or not)
    stamp: tuple[int, int] | None = None  # the file's (mtime, size) when read from disk

    @property
    def uri(self) -> str:
        return Path(os.path.abspath(self.path)).as_uri()


@dataclass(slots=True)
class _Links:
    """The workspace linked once (until a document changes): where each id written in
    a file leads when it is not one of that file's own."""

    resolved: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)  # keys of the files linked
    scopes: dict[str, frozenset[str]] = field(default_factory=dict)
    # (file, bare id) -> the qualified ids that would name each item it may mean
    ambiguous: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)


class _Workspaces:
    """The workspace of each plan file, as its configuration's ``workspace`` setting
    makes one (the configuration's folder and globs; ``api.audit_paths`` forms them
    the same way), and the files each one holds. Configuration files are read afresh
    each time the workspace is linked again: they may have changed."""

    def __init__(self) -> None:
        from ramaudit.config.files import ConfigError, Settings

        try:
            self.settings: Settings | None = Settings()
        except ConfigError:  # the server reports a bad configuration; links stay local
            self.settings = None
        self._files: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        self._of: dict[str, tuple[str, tuple[str, ...]] | None] = {}

    def of(self, key: str) -> tuple[str, tuple[str, ...]] | None:
        """The workspace the file ``key`` belongs to, if any."""
        if key not in self._of:
            self._of[key] = self._find(key)
        return self._of[key]

    def files_of(self, key: str) -> list[str]:
        """The files of the workspace of ``key`` (none when it belongs to none)."""
        ws = self.of(key)
        return self._files[ws] if ws is not None else []

    def _find(self, key: str) -> tuple[str, tuple[str, ...]] | None:
        from ramaudit.config.files import ConfigError
        from ramaudit.workspace import workspace_files

        if self.settings is None:
            return None
        try:
            effective = self.settings.for_path(key)
        except (ConfigError, OSError):
            return None
        rooted = tuple((g.root, g.pattern) for g in effective.globs.get("workspace", ()))
        if not rooted:
            rooted = tuple((Path.cwd(), p) for p in effective.config.workspace)
        if not rooted:
            return None
        ws = (str(rooted[0][0]), tuple(f"{root}\0{pattern}" for root, pattern in rooted))
        if ws not in self._files:
            found = {f for root, pattern in rooted for f in workspace_files(root, [pattern])}
            self._files[ws] = sorted(_key(f) for f in found)
        return ws if key in self._files[ws] else None


class _Documents:
    """The plans the editor has open and the other plan files of its workspace, each
    loaded when first needed, and the links between them."""

    def __init__(self, vocabulary: Vocabulary | None = None, as_of: dt.date | None = None) -> None:
        # None: each plan's configuration's, as check reads it.
        self.vocabulary = vocabulary
        self.as_of = as_of
        self._docs: dict[str, _Doc] = {}
        self._workspace: set[str] = set()
        self._links: _Links | None = None
        # What the links were made from: each document's parse and the workspace.
        self._linked_from: tuple[object, ...] = ()
        # While true, a document keeps the parse it has even if its text changed
        # (completion, asked at every keystroke, reads ids from the last parse).
        self._stale_ok = False

    # -- documents
    @_never_raises(lambda: None)
    def update(self, path: str, text: str) -> None:
        """The editor's text of ``path`` (opened or changed)."""
        doc = self._doc(path)
        doc.text = text

    @_never_raises(lambda: None)
    def forget(self, path: str) -> None:
        """``path`` is closed: from now on it is read from disk, if it is needed."""
        doc = self._docs.get(_key(path))
        if doc is not None:
            doc.text = None
            doc.stamp = None

    @_never_raises(lambda: None)
    def set_workspace(self, paths: Iterable[str]) -> None:
        """The plan files of the editor's folders that it has not opened: workspace
        symbols list their items. Which files link with which is the configuration's
        ``workspace`` setting and each plan's ``plan.parents``, as for ``check``.
        Files read from disk before are read again if they changed."""
        keys = set()
        for path in paths:
            keys.add(self._doc(path).key)
        self._workspace = keys
        for doc in self._docs.values():
            if doc.text is None and doc.stamp is not None and doc.stamp != _stamp(doc.key):
                doc.stamp = None

    def _doc(self, path: str) -> _Doc:
        key = _key(path)
        doc = self._docs.get(key)
        if doc is None:
            doc = self._docs[key] = _Doc(path, key)
        return doc

    def _parsed(self, key: str) -> Parsed | None:
        """The last good parse of a document, loading its newest text first."""
        doc = self._docs.get(key)
        if doc is None:
            return None
        if self._stale_ok and doc.tried is not None:
            return doc.parsed
        text = doc.text
        if text is None:
            if doc.stamp is not None:
                return doc.parsed
            text = _read(doc)
            if text is None:
                doc.parsed = None
                return None
        if text != doc.tried:
            doc.tried = text
            config = self._config_for(key)
            vocabulary = self.vocabulary or (config.vocabulary if config else DEFAULT)
            loaded = parse(text, vocabulary)
            if loaded is not None or doc.text is None:
                doc.parsed = loaded  # a file on disk that does not load is no plan
        return doc.parsed

    def _config_for(self, key: str) -> Config | None:
        """The configuration ``check`` would audit the file ``key`` with; None when a
        configuration file is wrong (the server reports that; navigation goes on)."""
        from ramaudit.config.files import ConfigError, Settings

        try:
            return Settings().config_for(key)
        except (ConfigError, OSError):
            return None

    # -- linking
    def _linked(self) -> _Links:
        if not self._stale_ok:
            for key in list(self._docs):
                self._parsed(key)  # newer texts first: the links are made from them
        made_from = (
            frozenset(self._workspace),
            *((k, id(d.parsed)) for k, d in self._docs.items()),
        )
        if self._links is None or made_from != self._linked_from:
            self._links = self._link()
            # The files the links read from disk for the first time are in it now.
            self._linked_from = (
                frozenset(self._workspace),
                *((k, id(d.parsed)) for k, d in self._docs.items()),
            )
        return self._links

    def _link(self) -> _Links:
        from ramaudit.workspace import link, parent_paths

        out = _Links()
        keys = [k for k, d in self._docs.items() if d.text is not None]
        keys += sorted(self._workspace)
        workspaces = _Workspaces()
        parents: dict[str, list[tuple[int, str]]] = {}
        seen: set[str] = set()
        while keys:
            key = keys.pop(0)
            if key in seen:
                continue
            seen.add(key)
            parsed = self._parsed(key)
            if parsed is None:
                continue
            out.members.append(key)
            doc = self._docs[key]
            parents[key] = [
                (i, _key(p)) for i, p in parent_paths(doc.path, _parents_of(parsed.plan))
            ]
            # Linked with the files its parents and its workspace name, as check does.
            for other in [p for _, p in parents[key]] + workspaces.files_of(key):
                if other not in self._docs:
                    self._docs[other] = _Doc(other, other)
                keys.append(other)
        members = [self._member(k, parents[k], out.members, workspaces.of(k)) for k in out.members]
        out.scopes = {m.key: self._scope(m, members) for m in members}
        if any(m.parents or m.workspace is not None for m in members):
            for member, linked in zip(members, link(members), strict=True):
                self._note(out, member.key, linked)
        return out

    def _note(self, out: _Links, key: str, linked: Linked) -> None:
        """What ``linked`` says of the file ``key``: where its links lead elsewhere,
        and which of its bare ids several plans define."""
        for target, file in linked.outside.files.items():
            other = self._parsed(file)
            item_id = target
            if other is not None and target not in other.items:
                item_id = target.partition(QUALIFIER)[2]
            out.resolved[(key, target)] = (file, item_id)
        for target, homes in linked.view.ambiguous.items():
            out.ambiguous[(key, target)] = tuple(f"{pid}{QUALIFIER}{target}" for _, pid in homes)

    def _member(
        self,
        key: str,
        parents: list[tuple[int, str]],
        known: list[str],
        workspace: tuple[str, tuple[str, ...]] | None,
    ) -> Member:
        from ramaudit.workspace import Member

        parsed = self._parsed(key)
        assert parsed is not None
        member = Member(
            key,
            key,
            parsed.plan,
            parsed.graph,
            parsed.locator,
            is_plan=parsed.is_plan,
            workspace=workspace,
        )
        for i, parent in parents:
            other = self._parsed(parent) if parent in known else None
            if parent == key:
                member.parents.append((i, None, "is this plan itself"))
            elif other is None or not other.is_plan:
                member.parents.append((i, None, "cannot be read"))
            else:
                member.parents.append((i, parent, None))
        return member

    def _scope(self, member: Member, members: list[Member]) -> frozenset[str]:
        """The other files ``member``'s links may name, as ramaudit.workspace scopes
        them: its ancestry, and its workspace's files."""
        by_key = {m.key: m for m in members}
        seen: set[str] = set()
        stack = [member]
        while stack:
            for _, parent, _ in stack.pop().parents:
                if parent is not None and parent not in seen and parent in by_key:
                    seen.add(parent)
                    stack.append(by_key[parent])
        if member.workspace is not None:
            seen |= {m.key for m in members if m.workspace == member.workspace}
        seen.discard(member.key)
        return frozenset(seen)

    def _plan_id(self, key: str) -> str:
        parsed = self._parsed(key)
        pid = parsed.plan_id if parsed is not None else None
        return pid or Path(self._docs[key].path).stem

    def resolve(
        self, key: str, target: str, links: _Links | None = None
    ) -> tuple[str, Item] | None:
        """The file and item the id ``target`` written in file ``key`` names (with
        ``links``, the workspace as linked already: one request links it once)."""
        parsed = self._parsed(key)
        if parsed is None:
            return None
        own = parsed.items.get(target)
        if own is not None:
            return key, own
        found = (links or self._linked()).resolved.get((key, target))
        if found is None:
            return None
        other = self._parsed(found[0])
        item = other.items.get(found[1]) if other is not None else None
        return (found[0], item) if item is not None else None


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _read(doc: _Doc) -> str | None:
    """The text of a file on disk, read as ``check`` reads it; None when unreadable."""
    from ramaudit.core.source import SourceError, read_source

    doc.stamp = _stamp(doc.key) or (0, 0)
    try:
        return read_source(doc.key, regular_only=True).text
    except (SourceError, OSError, ValueError):
        return None


# --------------------------------------------------------------------------- features

# Every spelling of a link key -> the key (``goal`` -> ``goals``).
_LINK_FIELD = {s: key for key in LINKS for s in (key, *SPELLINGS.get(key, ()))}


@dataclass(frozen=True, slots=True)
class _Spot:
    """What the cursor stands on: an id (an item's own or a link's), or a KPI."""

    key: str
    parsed: Parsed
    node: int
    ref: Ref | None = None
    kpi: tuple[Item, KPI] | None = None


class Navigator(_Documents):
    """Hover, definition, references, completion and symbols over the plans the editor
    has open (:meth:`update`) and the other plan files of its workspace
    (:meth:`set_workspace`, read from disk when first needed). Positions are LSP
    positions: 0-based lines and UTF-16 code units; paths are filesystem paths.

    ``update`` only stores the text: a plan is loaded when a request first needs it
    (once per version), so typing costs nothing until the editor asks something.
    ``as_of`` is the day KPI progress is read on (today when None)."""

    # -- what is under the cursor
    def _spot(self, path: str, line: int, character: int) -> _Spot | None:
        key = _key(path)
        parsed = self._parsed(key)
        if parsed is None:
            return None
        offset = parsed.lines.offset(lsp.Position(line, character))
        nid = parsed.scalar_at(offset)
        if nid is None:
            return None
        where, is_key = parsed.path_of(nid)
        owner, rest = parsed.owner_at(where)
        if isinstance(owner, tuple):
            return _Spot(key, parsed, nid, kpi=owner)
        if owner is None or is_key or not rest:
            return None
        field_name = "id" if rest == ("id",) else _LINK_FIELD.get(str(rest[0]))
        if field_name is None or (field_name != "id" and len(rest) > 2):
            return None
        if field_name == "id":
            return _Spot(key, parsed, nid, ref=Ref(owner, "id", owner.id, (*owner.path, "id")))
        targets = _link_targets(owner, field_name)
        written = (parsed.table.values[nid] if parsed.table is not None else None) or ""
        index = rest[1] if len(rest) == 2 and isinstance(rest[1], int) else 0
        if written.strip() in targets:
            target = written.strip()
        elif index < len(targets) and field_name not in owner.undecided:
            target = targets[index]  # an id written as a number: 007 is the id '7'
        else:
            return None
        return _Spot(key, parsed, nid, ref=Ref(owner, field_name, target, where))

    def _node_range(self, spot: _Spot) -> lsp.Range:
        assert spot.parsed.table is not None
        return spot.parsed.lines.range(spot.parsed.table.position(spot.node))

    def _location(self, key: str, item: Item) -> lsp.Location | None:
        parsed = self._parsed(key)
        if parsed is None:
            return None
        return lsp.Location(self._docs[key].uri, parsed.range((*item.path, "id")))

    # -- hover
    @_never_raises(lambda: None)
    def hover(self, path: str, line: int, character: int) -> lsp.Hover | None:
        """The item an id names (kind, name, owner, KPIs, its file when another), or a
        KPI with its progress when it has readings."""
        spot = self._spot(path, line, character)
        if spot is None:
            return None
        if spot.kpi is not None:
            text = self._kpi_markdown(spot.key, spot.parsed, *spot.kpi)
            kpi_range = spot.parsed.range(spot.kpi[1]._path)
            return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text), kpi_range)
        assert spot.ref is not None
        found = self.resolve(spot.key, spot.ref.target)
        if found is None:
            choices = self._linked().ambiguous.get((spot.key, spot.ref.target))
            if not choices:
                return None
            text = (
                f"**{markdown_text(spot.ref.target)}** names an item in each of "
                f"{len(choices)} plans; write one of: "
                + ", ".join(markdown_text(c) for c in choices)
                + "\n"
            )
        else:
            text = self._item_markdown(spot.key, *found)
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text), self._node_range(spot))

    def _item_markdown(self, here: str, key: str, item: Item) -> str:
        kind = kind_of(item)
        title = f"**{kind}** {markdown_text(item.id)}"
        if item.name:
            title += f" — {markdown_text(item.name)}"
        lines = [title, ""]
        if item.owner:
            lines.append(f"owner: {markdown_text(item.owner)}  ")
        if key != here:
            where = os.path.relpath(self._docs[key].path, os.path.dirname(self._docs[here].path))
            lines.append(f"in {markdown_text(where)} (plan {markdown_text(self._plan_id(key))})  ")
        kpis: list[KPI] = list(getattr(item, "kpis", ()))
        if kpis:
            lines += ["", "KPIs:", ""]
            lines += [f"- {_kpi_line(kpi)}" for kpi in kpis]
        return "\n".join(lines).rstrip() + "\n"

    def _kpi_markdown(self, key: str, parsed: Parsed, owner: Item, kpi: KPI) -> str:
        lines = [
            f"**KPI** {markdown_text(kpi.metric)} of {kind_of(owner)} {markdown_text(owner.id)}",
            "",
            _kpi_line(kpi),
        ]
        if (kpi.checkins or kpi.actual is not None) and isinstance(
            owner, Objective | Campaign | Tactic
        ):
            from ramaudit.core.progress import Thresholds, key_result_status
            from ramaudit.rules.behind_schedule import thresholds

            # Read as `ramaudit status` reads it: on the configured day, with RA501's
            # thresholds and the configured vocabulary.
            config = self._config_for(key)
            day = self.as_of or (config.as_of if config else None) or dt.date.today()
            status = key_result_status(
                owner,
                kpi,
                parsed.plan,
                day,
                thresholds(config.rule_options) if config else Thresholds(),
                self.vocabulary or (config.vocabulary if config else DEFAULT),
            )
            lines += ["", f"progress on {day.isoformat()}: {_progress_line(status)}"]
        return "\n".join(lines) + "\n"

    # -- definition and references
    @_never_raises(list)
    def definition(self, path: str, line: int, character: int) -> list[lsp.Location]:
        """Where the item an id names is defined: its ``id:`` value."""
        spot = self._spot(path, line, character)
        if spot is None or spot.ref is None:
            return []
        found = self.resolve(spot.key, spot.ref.target)
        location = self._location(*found) if found is not None else None
        return [location] if location is not None else []

    @_never_raises(list)
    def references(
        self, path: str, line: int, character: int, include_declaration: bool
    ) -> list[lsp.Location]:
        """Every link, in every file of the workspace, that names the item the id
        under the cursor names; its ``id:`` too when ``include_declaration``."""
        spot = self._spot(path, line, character)
        if spot is None or spot.ref is None:
            return []
        found = self.resolve(spot.key, spot.ref.target)
        if found is None:
            return []
        home, item = found
        out: list[lsp.Location] = []
        if include_declaration:
            location = self._location(home, item)
            if location is not None:
                out.append(location)
        links = self._linked()
        for key in links.members or [spot.key]:
            parsed = self._parsed(key)
            if parsed is None:
                continue
            for ref in parsed.refs:
                if ref.field == "id" or not ref.target:
                    continue
                named = self.resolve(key, ref.target, links)
                if named is not None and named[0] == home and named[1] is item:
                    out.append(lsp.Location(self._docs[key].uri, parsed.range(ref.path)))
        return out

    # -- symbols
    @_never_raises(list)
    def workspace_symbols(self, query: str) -> list[lsp.WorkspaceSymbol]:
        """Every goal, objective, campaign and tactic of the workspace whose name or id
        holds ``query``, or its letters in order (``dmo`` finds ``demo``)."""
        wanted = query.lower()
        found: list[tuple[int, str, lsp.WorkspaceSymbol]] = []
        keys = dict.fromkeys(
            [*(k for k, d in self._docs.items() if d.text is not None), *sorted(self._workspace)]
        )
        for key in keys:
            parsed = self._parsed(key)
            if parsed is None:
                continue
            container = parsed.plan.info.name if parsed.plan.info is not None else None
            for item in parsed.plan.items():
                kind = kind_of(item)
                if kind not in SYMBOL_KINDS or parsed.items.get(item.id) is not item:
                    continue
                rank = _match(wanted, item)
                if rank is None:
                    continue
                symbol = lsp.WorkspaceSymbol(
                    lsp.Location(self._docs[key].uri, parsed.range((*item.path, "id"))),
                    _symbol_name(item),
                    SYMBOL_KINDS[kind],
                    container_name=container,
                )
                found.append((rank, symbol.name.lower(), symbol))
        found.sort(key=lambda f: (f[0], f[1]))
        return [f[2] for f in found]

    @_never_raises(list)
    def document_symbols(self, path: str) -> list[lsp.DocumentSymbol]:
        """The plan block and every item, each item under the item it is written in."""
        parsed = self._parsed(_key(path))
        if parsed is None:
            return []
        if parsed.outline is None:  # asked again and again while nothing changes
            parsed.outline = _outline(parsed)
        return parsed.outline

    # -- completion
    @_never_raises(lambda: lsp.CompletionList(is_incomplete=False, items=[]))
    def completion(self, path: str, line: int, character: int) -> lsp.CompletionList:
        """Ids of the kind a link field names (bare, or qualified where a bare id would
        not name one item), the keys the format declares for the mapping at the
        cursor, and the enumerated values of a key (stage, cadence, goal type, ...)."""
        key = _key(path)
        doc = self._docs.get(key)
        if doc is None:
            return lsp.CompletionList(is_incomplete=False, items=[])
        # A large plan takes a noticeable time to load (half a second for a thousand
        # tactics): completion, asked at every keystroke, then reads its ids from the
        # last parse rather than wait for a new one.
        self._stale_ok = doc.text is not None and len(doc.text) > STALE_COMPLETION_SIZE
        try:
            return self._completion(doc, lsp.Position(line, character))
        finally:
            self._stale_ok = False

    def _completion(self, doc: _Doc, position: lsp.Position) -> lsp.CompletionList:
        parsed = self._parsed(doc.key)
        text = doc.text
        if text is None:
            text = parsed.text if parsed is not None else ""
        lines = parsed.lines if parsed is not None and parsed.text == text else Lines(text)
        offset = lines.offset(position)
        context = completion_context(text, offset)
        shape = shape_at(context.keys) if context is not None else None
        if context is None or shape is None:
            return lsp.CompletionList(is_incomplete=False, items=[])
        edit_range = lsp.Range(lines.position(context.start), lines.position(offset))
        return self._complete(doc.key, context, shape, edit_range)

    def _complete(
        self, key: str, context: _Context, shape: Shape, edit_range: lsp.Range
    ) -> lsp.CompletionList:
        if context.key is None:
            present = {_canonical(shape, k) for k in context.present}
            choices = [
                (k, "key", lsp.CompletionItemKind.Property) for k in shape.keys if k not in present
            ]
            return _completions(choices, edit_range, suffix=": ")
        field_name = _canonical(shape, context.key)
        if field_name in shape.values:
            kind = lsp.CompletionItemKind.EnumMember
            values = [(v, field_name, kind) for v in shape.values[field_name]]
            return _completions(values, edit_range)
        if shape.name == "PlanInfo" and field_name == "parents":
            return _completions(self._plan_files(key), edit_range)
        want = LINK_KINDS.get(context.key)
        if want is None or field_name in shape.nested or shape.name == "PlanInfo":
            return lsp.CompletionList(is_incomplete=False, items=[])
        return _completions(self._ids_for(key, want), edit_range)

    def _plan_files(self, key: str) -> list[tuple[str, str, lsp.CompletionItemKind]]:
        """The other plan files the editor knows of, as ``plan.parents`` names them:
        relative to this file's folder, with '/' between folders on any system."""
        here = os.path.dirname(self._docs[key].path)
        known = [k for k, d in self._docs.items() if d.text is not None]
        found = []
        for other in dict.fromkeys([*known, *sorted(self._workspace)]):
            parsed = self._parsed(other)
            if other == key or parsed is None or not parsed.is_plan:
                continue
            shown = Path(os.path.relpath(self._docs[other].path, here)).as_posix()
            name = parsed.plan.info.name if parsed.plan.info is not None else ""
            found.append((shown, f"plan: {name}", lsp.CompletionItemKind.File))
        return sorted(found)

    def _ids_for(self, key: str, want: str) -> list[tuple[str, str, lsp.CompletionItemKind]]:
        """The ids a link of file ``key`` may write for an item of kind ``want``."""

        def fits(item: Item) -> bool:
            kind = kind_of(item)
            return kind == want or (want == "work" and kind in DEPENDABLE)

        found: dict[str, tuple[str, str, lsp.CompletionItemKind]] = {}
        ref = lsp.CompletionItemKind.Reference
        parsed = self._parsed(key)
        own = parsed.items if parsed is not None else {}
        for item_id, item in own.items():
            if fits(item):
                found[item_id] = (item_id, _detail(item, None), ref)
        # Segments are the file's own: check links no segment across files.
        local = want == "segment"
        scope = () if local else sorted(self._linked().scopes.get(key, ()))
        others = [(k, p) for k in scope if (p := self._parsed(k)) is not None]
        homes: dict[str, int] = {}
        for _, other in others:
            for item_id in other.items:
                homes[item_id] = homes.get(item_id, 0) + 1
        for other_key, other in others:
            shown = os.path.relpath(
                self._docs[other_key].path, os.path.dirname(self._docs[key].path)
            )
            for item_id, item in other.items.items():
                if not fits(item):
                    continue
                bare = item_id not in own and homes[item_id] == 1
                text = item_id if bare else f"{self._plan_id(other_key)}{QUALIFIER}{item_id}"
                found.setdefault(text, (text, _detail(item, shown), ref))
        return list(found.values())


def _outline(parsed: Parsed) -> list[lsp.DocumentSymbol]:
    """The plan block and every item, each item under the item it is written in."""
    top: list[lsp.DocumentSymbol] = []
    info = parsed.plan.info
    if info is not None:
        whole = parsed.range(("plan",))
        top.append(
            lsp.DocumentSymbol(
                info.name or "plan", lsp.SymbolKind.Namespace, whole, whole, detail="plan"
            )
        )
    kids: dict[PathT, list[lsp.DocumentSymbol]] = {}
    placed = sorted((parsed.span(x.path), n, x) for n, x in enumerate(parsed.plan.items()))
    for span, _, item in placed:
        below = [_kpi_symbol(parsed, kpi) for kpi in getattr(item, "kpis", ())]
        kind = kind_of(item)
        whole = parsed.lines.range(span)
        symbol = lsp.DocumentSymbol(
            _symbol_name(item),
            SYMBOL_KINDS.get(kind) or _OTHER_SYMBOLS.get(kind, lsp.SymbolKind.Object),
            whole,
            _inside(parsed.range((*item.path, "id")), whole),
            detail=f"{kind} {item.id}",
            children=below,
        )
        kids[item.path] = below
        # The item it is written in: the nearest item whose path starts its path.
        holder = next(
            (
                kids[item.path[:cut]]
                for cut in range(len(item.path) - 1, 0, -1)
                if item.path[:cut] in kids
            ),
            top,
        )
        holder.append(symbol)
    return top


def _inside(part: lsp.Range, whole: lsp.Range) -> lsp.Range:
    """``part`` when ``whole`` holds it, else ``whole`` (an id that comes in through
    an alias stands elsewhere; clients refuse a selection outside the symbol)."""

    def key(p: lsp.Position) -> tuple[int, int]:
        return p.line, p.character

    if key(whole.start) <= key(part.start) and key(part.end) <= key(whole.end):
        return part
    return whole


def _kpi_symbol(parsed: Parsed, kpi: KPI) -> lsp.DocumentSymbol:
    whole = parsed.range(kpi._path)
    return lsp.DocumentSymbol(kpi.metric, lsp.SymbolKind.Number, whole, whole, detail="KPI")


def _symbol_name(item: Item) -> str:
    return f"{item.name} ({item.id})" if item.name else item.id


def _match(query: str, item: Item) -> int | None:
    """How well ``query`` finds ``item``: 0 when each of its words is a part of the
    item's id or name, 1 when each word's letters come in order in one of them
    (``dmo`` finds ``demo``), None for not at all."""
    words = query.split()
    if not words:
        return 0
    texts = (item.id.lower(), (item.name or "").lower())
    if all(any(word in text for text in texts) for word in words):
        return 0
    if all(any(_in_order(word, text) for text in texts) for word in words):
        return 1
    return None


def _in_order(word: str, text: str) -> bool:
    letters = iter(text)
    return all(ch in letters for ch in word)


def _kpi_line(kpi: KPI) -> str:
    """A KPI in one line of Markdown: metric, baseline, target, deadline."""
    # A confidential target stays out of every output, the editor's included.
    if kpi.confidential:
        target = "confidential"
    elif kpi.target_form is not None:
        target = markdown_text(kpi.target_form)
    else:
        target = _number(kpi.target)
    unit = f" {markdown_text(kpi.unit)}" if kpi.unit else ""
    text = f"{markdown_text(kpi.metric)}: {_number(kpi.baseline)} → {target}{unit}"
    if kpi.deadline is not None:
        text += f" by {kpi.deadline.isoformat()}"
    elif kpi.deadline_milestone:
        text += f" by milestone {markdown_text(kpi.deadline_milestone)}"
    return text


def _progress_line(status: KeyResultStatus) -> str:
    latest = status.latest
    text = (
        f"{_percent(status.progress)} of the way (expected {_percent(status.expected)}), "
        f"{status.state}"
    )
    if latest is not None:
        day = f" on {latest.day.isoformat()}" if latest.day is not None else ""
        text += f"; latest {_number(latest.value)}{day}"
    if status.confidence is not None:
        text += f"; confidence {status.confidence:.1f}"
    if status.grade is not None:
        text += f"; grade {status.grade:.2f}"
    return text


# --------------------------------------------------------------------------- completion

# A line of block YAML: its indentation, the dashes of list entries, then the rest.
_LINE = re.compile(r"(?P<indent> *)(?P<dashes>(?:-(?: +|$))*)(?P<rest>.*)")
# A key that opens a block (nothing but an anchor or a comment after it).
_OPENER = re.compile(r"(?P<key>[^\s#:\[\]{},&*!|>'\"][^:#]*?)\s*:\s*(?:&\S+\s*)?(?:#.*)?")
# The key whose value the cursor is writing, and what is written of the value so far.
_VALUE = re.compile(r"(?P<key>[^\s#:\[\]{},'\"][^:#]*?)\s*:\s+(?P<value>.*)")
# The characters that end an id being typed (flow punctuation and blanks).
_WORD_END = re.compile(r"[^\s\[\]{},]*\Z")


@dataclass(frozen=True, slots=True)
class _Context:
    """Where the cursor is writing: under which keys, and whether a key, a value of
    ``key``, or an entry of a list."""

    keys: tuple[str, ...]  # the keys of the mappings around the cursor, outermost first
    key: str | None  # the key whose value is being written; None: a key is
    start: int  # the offset where the word being written starts
    present: frozenset[str] = frozenset()  # the keys the mapping has already


def _key_column(line: str) -> tuple[int, str]:
    m = _LINE.match(line)
    assert m is not None
    return len(m["indent"]) + len(m["dashes"]), m["rest"]


def _ancestors(lines: list[str], row: int, column: int) -> tuple[str, ...]:
    """The keys that open the blocks holding column ``column`` of line ``row``, found
    by indentation, so that a document that does not parse yet still has them."""
    chain: list[str] = []
    for j in range(row - 1, -1, -1):
        at, rest = _key_column(lines[j])
        if at >= column or not rest.strip() or rest.lstrip().startswith("#"):
            continue
        opener = _OPENER.fullmatch(rest.rstrip())
        if opener is not None:
            chain.append(opener["key"].strip().strip("'\""))
            column = at
        if column == 0:
            break
    return tuple(reversed(chain))


def completion_context(text: str, offset: int) -> _Context | None:
    """What is being written at ``offset`` of ``text`` (any text: it need not parse)."""
    start_of_line = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    before = text[start_of_line:offset]
    if re.search(r"(^|\s)#", before):
        return None  # a comment
    lines = _LSP_BREAK.split(text[:start_of_line])[:-1] if start_of_line else []
    column, rest = _key_column(before)
    word = _WORD_END.search(before)
    start = start_of_line + (word.start() if word is not None else len(before))
    keys = _ancestors(lines, len(lines), column)
    if "{" in rest:  # an inline mapping: {metric: ..., deadline: ...}
        outer, _, inner = rest.rpartition("{")
        opened = _VALUE.match(outer.rstrip() + " ")
        if opened is not None:
            keys = (*keys, opened["key"].strip().strip("'\""))
        inner = re.split(r",", inner)[-1].lstrip()
        pair = _VALUE.match(inner)
        if pair is None and ":" in inner:
            return None
        written = frozenset(
            m.strip() for m in re.findall(r"([^\s{},:]+)\s*:", rest.rpartition("{")[2])
        )
        return _Context(keys, pair["key"].strip() if pair else None, start, written)
    value = _VALUE.match(rest)
    if value is not None:
        return _Context(keys, value["key"].strip().strip("'\""), start)
    if ":" in rest:
        return None
    if before.lstrip(" ").startswith("-") and keys:
        # '- text' under a link key is an id; under a list of items, its first key.
        above = shape_at(keys[:-1])
        if above is not None and keys[-1] not in above.nested:
            return _Context(keys[:-1], keys[-1], start)
    end_of_line = _LSP_BREAK.search(text, offset)
    below = _lines_from(text, end_of_line.end()) if end_of_line is not None else iter(())
    return _Context(keys, None, start, _present(reversed(lines), below, column, before))


def _lines_from(text: str, offset: int) -> Iterator[str]:
    """The lines of ``text`` from ``offset`` on, one at a time."""
    while offset < len(text):
        found = _LSP_BREAK.search(text, offset)
        end = found.start() if found is not None else len(text)
        yield text[offset:end]
        offset = found.end() if found is not None else len(text)


def _present(above: Iterable[str], below: Iterable[str], column: int, line: str) -> frozenset[str]:
    """The keys written at ``column`` in the block mapping of the cursor's line (a list
    entry's mapping starts at its dash), so that completion leaves them out."""
    found: set[str] = set()
    # A line that starts a list entry has no keys above it in its mapping.
    starts_item = line.lstrip(" ").startswith("-")
    for direction in (below,) if starts_item else (above, below):
        for text in direction:
            at, rest = _key_column(text)
            if not rest.strip() or rest.lstrip().startswith("#"):
                continue
            dashed = text.lstrip(" ").startswith("-")
            if at < column or (direction is below and dashed and at == column):
                break  # the block ends (or the next entry of its list starts)
            key = _OPENER.fullmatch(rest.rstrip()) or _VALUE.match(rest)
            if at == column and key is not None:
                found.add(key["key"].strip().strip("'\""))
            if direction is above and dashed and at == column:
                break  # the first key of this list entry
    return frozenset(found)


def _detail(item: Item, file: str | None) -> str:
    text = kind_of(item) + (f": {item.name}" if item.name else "")
    return f"{text} ({file})" if file else text


def _completions(
    choices: list[tuple[str, str, lsp.CompletionItemKind]], edit_range: lsp.Range, suffix: str = ""
) -> lsp.CompletionList:
    items = [
        lsp.CompletionItem(
            label,
            kind=kind,
            detail=detail,
            text_edit=lsp.TextEdit(edit_range, label + suffix),
            sort_text=f"{i:05d}",
        )
        for i, (label, detail, kind) in enumerate(choices)
    ]
    return lsp.CompletionList(is_incomplete=False, items=items)


def _parents_of(plan: Plan) -> Sequence[str]:
    """The plan files ``plan.parents`` names, as written."""
    return plan.info.parents if plan.info is not None else ()
