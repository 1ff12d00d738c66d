"""An editor's audit of an edit, made from the audit of the text before it (issues 14, 15).

A language server audits a plan again at every keystroke, and a full audit of a
1,000-tactic plan (libyaml's events, the node table, the values, a pydantic model per
item, the graph, sixty rules) takes several times the 100 ms an editor allows. Most
edits change one item: a tactic's name, a budget, a KPI. :func:`reaudit` then

- finds the innermost item (a list entry of goals, objectives, campaigns, milestones,
  tactics, segments or budget lines) whose lines hold every changed character;
- parses that entry's new lines alone (the same columns, the line numbers offset) and
  splices its nodes into a copy of the node table, moving the offsets of what follows
  by the characters the edit added (:func:`_splice`);
- builds and validates that entry alone, as the walk of the whole plan would, and
  patches a copy of the plan: its lists, diagnostics and flags;
- builds the graph again, runs again every rule that looks across items, and of the
  rules that judge each item on its own (``Rule.depends_on``) runs only the edited
  item's part, keeping the findings about every other item (moved, when lines moved).

Anything it cannot show to be equal to a fresh audit falls back to the full audit
(:func:`audit_edit` does): an edit across items or outside one, a new or removed
entry, anchors, aliases or tags in the entry, flow collections or less indented lines
in it, a file with directives or line breaks other than ``\\n``, loader issues, a
change of the plan's format, KPI deadlines naming milestones, a linked file (parents,
workspace), a new configuration or day. ``tests/test_incremental.py`` compares the
two after random edits.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import os
import re
import sys
from array import array
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ramaudit import api
from ramaudit.core.findings import Edit, Finding, format_pointer
from ramaudit.core.records import dataclass
from ramaudit.core.schemas import PLAN_SECTIONS
from ramaudit.core.source import Source, display_path

if TYPE_CHECKING:
    from ramaudit.config.effective import Config
    from ramaudit.config.files import Settings
    from ramaudit.core.graph import TraceGraph
    from ramaudit.core.loader import Diagnostic, NodeTable, PathT
    from ramaudit.core.model import Campaign, Objective, Plan, Tactic, _Walker
    from ramaudit.core.periods import Calendar
    from ramaudit.rules.base import Context, Rule

# Which rules' findings about an item depend on that item alone is declared on each
# rule (``Rule.depends_on`` and ``Rule.also_reads``): after an edit to one item, only
# that item's part of an "item" rule is judged again (and of an "item+graph" rule when
# the graph was kept); every other rule runs on the whole plan.

# The plan's lists, in the order the walk reads them (the sections of the schema).
_LISTS = PLAN_SECTIONS
# The lists of the plan an item of each section can add to (itself and what nests in it).
_REACH = {
    "segments": ("segments",),
    "budget_lines": ("budget_lines",),
    "tactics": ("tactics",),
    "milestones": ("milestones",),
    "campaigns": ("campaigns", "tactics"),
    "objectives": ("objectives", "milestones", "campaigns", "tactics"),
    "goals": ("goals", "objectives", "milestones", "campaigns", "tactics"),
}
_SECTION_RANK = {key: i for i, key in enumerate(_LISTS)}
# The nested lists of each kind of item, with their rank in its walk.
_NESTED = {
    "goals": {"objectives": (0, "objectives")},
    "objectives": {
        "milestones": (0, "milestones"),
        "campaigns": (1, "campaigns"),
        "tactics": (2, "tactics"),
    },
    "campaigns": {"tactics": (0, "tactics")},
}
# Where an anchor, an alias or a tag may start: such an entry is not read on its own.
_ANCHOR_OR_TAG = re.compile(r"(?:^|[ \t\[{,])[&*!]", re.M)
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_SCALAR, _SEQUENCE, _MAPPING = 0, 1, 2


@dataclass(slots=True)
class Kept:
    """What the audit of one buffer leaves for auditing its next edit."""

    key: str  # the file's real path
    text: str
    config: Config
    as_of: dt.date
    loaded: api._Loaded
    calendar: Calendar
    uses_format_2: bool  # some item writes a key only format 2 has
    version_written: bool  # the plan says 'version:'
    has_deadlines: bool  # some KPI's deadline names a milestone
    by_rule: dict[str, list[Finding]]  # each rule's findings, before suppressions
    result: api.AuditResult
    mentions: bool  # the text mentions 'ramaudit:' (a suppression may be there)
    item_paths: set[PathT] | None = None  # the plan's items' paths, once asked


# ------------------------------------------------------------------------- the entry


def audit_edit(
    path: str,
    text: str,
    settings: Settings,
    buffers: Mapping[str, str] | None,
    kept: Kept | None,
) -> tuple[api.AuditResult, frozenset[str], Kept | None]:
    """:func:`ramaudit.api.audit_buffer` of ``text`` as the file at ``path`` (without a
    score, as an editor shows findings), made from ``kept`` (the audit of the buffer's
    text before) when the edit allows, and what to keep for the next edit. A bad
    configuration file raises :class:`ramaudit.config.files.ConfigError`."""
    config = settings.config_for(path)
    # A configuration read again (the server rereads them every few seconds) that says
    # the same audits the same.
    same = kept is not None and (kept.config is config or kept.config == config)
    if kept is not None and same and kept.as_of == (config.as_of or api._today()):
        paused = gc.isenabled()
        gc.disable()
        try:
            again = reaudit(kept, text)
        except Exception:  # a case this module misjudged: the full audit answers
            again = None
        finally:
            if paused:
                gc.enable()
        if again is not None:
            api.note_audited(again[0].path)
            return again[0], frozenset({kept.key}), again[1]
    return _full(path, text, settings, buffers, config)


def _full(
    path: str,
    text: str,
    settings: Settings,
    buffers: Mapping[str, str] | None,
    config: Config,
) -> tuple[api.AuditResult, frozenset[str], Kept | None]:
    """The full audit, kept for the next edit when the file links to no other."""
    big = len(text.encode("utf-8", "surrogatepass")) > config.max_file_size
    if config.workspace or big:
        return (*api.audit_buffer(path, text, settings, buffers, scored=False), None)
    shown, key = display_path(path), os.path.realpath(path)
    paused = gc.isenabled()
    gc.disable()
    try:
        loaded, walker = load(Source(shown, text), config)
        if loaded.plan.info is not None and loaded.plan.info.parents:
            return (*api.audit_buffer(path, text, settings, buffers, scored=False), None)
        api.note_audited(shown)
        result, by_rule = judge(loaded, None)
    except Exception as exc:  # a bug of ours, as in api.audit
        return api.crashed(shown, exc), frozenset({key}), None
    finally:
        if paused:
            gc.enable()
    kept = None
    if loaded.doc is not None and walker is not None and isinstance(loaded.doc.data, dict):
        kept = Kept(
            key,
            text,
            config,
            result.as_of or api._today(),
            loaded,
            walker.calendar,
            walker.uses_format_2,
            "version" in loaded.doc.data,
            bool(walker.deadlines),
            by_rule,
            result,
            _mentions(text),
        )
    return result, frozenset({key}), kept


def load(source: Source, config: Config) -> tuple[api._Loaded, _Walker | None]:
    """:func:`ramaudit.api._load`, with the walk's own state (its calendar, flags)."""
    from ramaudit.core.graph import build_graph
    from ramaudit.core.loader import Locator
    from ramaudit.core.model import SPELLINGS, Plan, _Walker

    doc, issues, syntax_error = api._read(source, config)
    locator = Locator(doc.root if doc is not None else None, SPELLINGS)
    walker = None
    if doc is not None:
        walker = _Walker(locator, config.vocabulary)
        plan = walker.walk(doc.data)
    else:
        plan = Plan()
    graph = build_graph(plan)
    loaded = api._Loaded(source, config, doc, issues, syntax_error, locator, plan, graph)
    return loaded, walker


# ------------------------------------------------------------------------ the rules


@dataclass(slots=True)
class _Reuse:
    """The findings of the item rules before the edit, and what changed."""

    old: dict[str, list[Finding]]
    pointer: str  # the edited item's, as findings name it
    section: str  # the list the edited item stands in
    mini: Context  # the edited item alone, as a plan
    shift: Callable[[Finding], Finding]
    mentions: bool  # the new text mentions 'ramaudit:'
    same_graph: bool  # the graph was kept

    def local(self, rule_cls: type[Rule]) -> bool:
        if rule_cls.code not in self.old:
            return False
        if rule_cls.depends_on == "item+graph":
            return self.same_graph
        return rule_cls.depends_on == "item" and self.section not in rule_cls.also_reads

    def under(self, pointer: str) -> bool:
        p = self.pointer
        return pointer.startswith(p) and (len(pointer) == len(p) or pointer[len(p)] in ".[")

    def findings(self, rule_cls: type[Rule]) -> list[Finding]:
        from ramaudit.rules.base import stamp

        under, shift = self.under, self.shift
        out = [shift(f) for f in self.old[rule_cls.code] if not under(f.pointer)]
        rule = rule_cls()
        for problem in rule.check(self.mini):
            finding = stamp(rule, problem, self.mini)
            if under(finding.pointer):
                out.append(finding)
        return out


def judge(
    loaded: api._Loaded, reuse: _Reuse | None
) -> tuple[api.AuditResult, dict[str, list[Finding]]]:
    """:func:`ramaudit.api._judge` of a file that links to no other, without a score,
    with each rule's findings; ``reuse`` gives the item rules' findings to keep."""
    from ramaudit.config import suppressions as suppress
    from ramaudit.rules import ALL_RULES
    from ramaudit.rules.base import judges, stamp

    source, config, plan = loaded.source, loaded.config, loaded.plan
    ctx = api._rule_context(loaded, _graph_of(loaded))
    enabled, ctx.explicit = api._enabled_codes(config)
    by_rule: dict[str, list[Finding]] = {}
    for rule_cls in ALL_RULES:
        if rule_cls.code not in enabled or not judges(rule_cls, ctx):
            continue
        if reuse is not None and reuse.local(rule_cls):
            reuse.mini.explicit = ctx.explicit
            by_rule[rule_cls.code] = reuse.findings(rule_cls)
            continue
        rule = rule_cls()
        by_rule[rule_cls.code] = [stamp(rule, problem, ctx) for problem in rule.check(ctx)]
    findings = [f for found in by_rule.values() for f in found]
    if reuse is None or reuse.mentions:  # no mention, no suppression: nothing to apply
        findings = suppress.apply(findings, source.text, ctx, config)
    findings.sort(key=lambda f: f.sort_key)
    result = api.AuditResult(
        source.path,
        findings,
        plan=plan,
        graph=loaded.graph,
        plan_name=plan.info.name if plan.info else None,
        config=config,
        unread=plan.unread[0] if plan.unread else None,
        as_of=ctx.as_of,
        parents=tuple(plan.info.parents) if plan.info is not None else (),
    )
    return result, by_rule


def _graph_of(loaded: api._Loaded) -> TraceGraph:
    """The graph of a file loaded here: always built at load, as no file this path
    audits links to another (only a linked file's graph waits until it is judged)."""
    if loaded.graph is None:  # pragma: no cover - _load builds it unless told not to
        raise RuntimeError("the incremental audit needs the file's graph")
    return loaded.graph


# ------------------------------------------------------------------ the incremental


@dataclass(slots=True)
class _Change:
    """Where the new text differs from the old: characters ``start`` to ``old_end`` of
    the old text (``new_end`` of the new), on old lines ``line`` to ``end_line``."""

    start: int
    old_end: int
    new_end: int
    line: int
    column: int
    end_line: int
    end_column: int
    lines: int  # the change in line count


@dataclass(slots=True)
class _Entry:
    """The edited item: its path, node, the nodes above it and its lines."""

    path: PathT
    nid: int
    above: list[int]
    first: int  # its first line (the one with its dash)
    dash: int  # the dash's column
    offset: int  # where its first line starts in the old text
    end: tuple[int, int]  # its end mark: where the next token is (0-based)
    end_offset: int  # where the line of its end starts in the old text
    at_end: bool  # it ends with the stream


def reaudit(kept: Kept, text: str) -> tuple[api.AuditResult, Kept] | None:
    """The audit of ``text`` made from ``kept``, the audit of the text before it, and
    what to keep next; None when the edit is not one this module can audit alone."""
    old = kept.text
    if text == old:
        return kept.result, kept
    if not _plain_text(text) or not _plain_text(old):
        return None
    change = _change(old, text)
    entry = _entry(kept, change)
    if entry is None:  # a line added after an item reads as added before the next one
        slid = _slid(old, text, change)
        if slid is None:
            return None
        change, entry = slid, _entry(kept, slid)
    if entry is None:
        return None
    patched = _patch_load(kept, text, change, entry)
    if patched is None:
        return None
    loaded, new_walk, flags, same = patched
    shift = _shifter(entry.end[0], change.lines)
    mini = api._rule_context(loaded, _graph_of(loaded), plan=_alone(loaded.plan, new_walk.plan))
    if same:  # the graph as the edited items alone see it (its orphans among them)
        mini.graph = replace(_graph_of(loaded), plan=mini.plan, _orphans=None)
    mentions = kept.mentions or _mentions(text, change.start, change.new_end)
    section = str(entry.path[-2])
    pointer = format_pointer(entry.path)
    reuse = _Reuse(kept.by_rule, pointer, section, mini, shift, mentions, same)
    result, by_rule = judge(loaded, reuse)
    assert loaded.doc is not None
    return result, Kept(
        kept.key,
        text,
        kept.config,
        kept.as_of,
        loaded,
        kept.calendar,
        flags,
        kept.version_written,
        kept.has_deadlines,
        by_rule,
        result,
        mentions,
        kept.item_paths if same else None,
    )


def _mentions(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text`` mentions ``ramaudit:`` as a suppression comment does; with
    ``start`` and ``end``, only where a mention could take in ``text[start:end]`` (the
    rest of the text mentioned none)."""
    from ramaudit.config.suppressions import _MENTION

    if end is None:
        return _MENTION.search(text) is not None
    lo, hi = start, end + len("ramaudit")
    while lo > 0 and text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and text[hi].isspace():
        hi += 1
    return _MENTION.search(text, max(lo - len("ramaudit"), 0), hi + 1) is not None


def _plain_text(text: str) -> bool:
    """Lines broken by ``\\n`` alone (as the line arithmetic here counts them) and no
    directives (a ``%TAG`` would change how the entry's tags read)."""
    if text.startswith("%") or "\n%" in text:
        return False
    if text.isascii():
        return "\r" not in text
    return not any(b in text for b in _OTHER_BREAKS)


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # a[:lo] == b[:lo], and the answer is at most hi
        mid = (lo + hi + 1) // 2
        if a.startswith(b[lo:mid], lo):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    na, nb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a.endswith(b[nb - mid : nb - lo], 0, na - lo):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _change(old: str, new: str) -> _Change:
    start = _common_prefix(old, new)
    tail = _common_suffix(old, new, min(len(old), len(new)) - start)
    return _change_at(old, new, start, len(old) - tail, len(new) - tail)


def _slid(old: str, new: str, change: _Change) -> _Change | None:
    """The same change one character earlier, when it reads so too: a line inserted
    at the start of a line is also one inserted at the end of the line before."""
    start, old_end, new_end = change.start, change.old_end, change.new_end
    if start == 0 or old_end == 0 or new_end == 0 or old[old_end - 1] != new[new_end - 1]:
        return None
    return _change_at(old, new, start - 1, old_end - 1, new_end - 1)


def _change_at(old: str, new: str, start: int, old_end: int, new_end: int) -> _Change:
    line = old.count("\n", 0, start)
    end_line = line + old.count("\n", start, old_end)
    return _Change(
        start,
        old_end,
        new_end,
        line,
        start - (old.rfind("\n", 0, start) + 1),
        end_line,
        old_end - (old.rfind("\n", 0, old_end) + 1),
        new.count("\n", start, new_end) - old.count("\n", start, old_end),
    )


def _descend(table: NodeTable, change: _Change) -> list[tuple[PathT, int, list[int]]]:
    """The nodes from the root down whose extent holds the change: each with its path
    and the nodes above it."""
    kinds, children, offsets = table.kinds, table.children, table.offsets
    to = (change.end_line, change.end_column)
    # a node starts on the change's line or before it when it starts before the next
    # line does (the nodes are in document order, so their offsets never fall)
    line_starts = table.line_starts()
    before = line_starts[change.line] if change.line < len(line_starts) else 2**64
    nid = 0
    path: PathT = ()
    above: list[int] = []
    out: list[tuple[PathT, int, list[int]]] = []
    while kinds[nid] != _SCALAR:
        kids = children[nid]
        values = kids[1::2] if kinds[nid] == _MAPPING else kids
        starts = [offsets[2 * v] for v in values]
        i = bisect.bisect_left(starts, before) - 1
        if i < 0:
            break
        child = values[i]
        _, _, end_line, end_column = table.position(child)
        if to > (end_line - 1, end_column - 1):
            break
        if kinds[nid] == _MAPPING:
            key_id = kids[2 * i]
            key = table.values[key_id]
            if kinds[key_id] != _SCALAR or key is None:
                break
            if table.keymap(nid)[0].get(key) != (key_id, child):
                break  # a key written twice: the value that counts is the first
            part: str | int = key
        else:
            part = i
        above = [*above, nid]
        path = (*path, part)
        nid = child
        out.append((path, nid, above))
    return out


def _entry(kept: Kept, change: _Change) -> _Entry | None:
    """The innermost item whose lines hold the whole change, when it can be read alone."""
    doc = kept.loaded.doc
    if doc is None or doc.root is None:
        return None
    items = kept.item_paths
    if items is None:
        items = kept.item_paths = {item.path for item in kept.loaded.plan.items()}
    for path, nid, above in reversed(_descend(doc.root, change)):
        if path in items:
            return _placed(kept.text, doc.root, change, path, nid, above)
    return None


def _placed(
    old: str, table: NodeTable, change: _Change, path: PathT, nid: int, above: list[int]
) -> _Entry | None:
    """The item's lines in the old text, when it is a block mapping after a dash on its
    first line and the change lies inside its lines."""
    if table.kinds[nid] != _MAPPING:
        return None
    first, column, end_line, end_column = (n - 1 for n in table.position(nid))
    offset = _line_start(old, change.start, change.line, first)
    if offset is None or offset > change.start:
        return None
    head = old[offset : offset + column]
    dash = len(head) - len(head.lstrip(" "))
    if head[dash : dash + 1] != "-" or head[dash + 1 :].strip(" ") or len(head) < dash + 2:
        return None
    if old[offset + column : offset + column + 1] == "{":
        return None
    end_offset = _line_start_after(old, change.old_end, change.end_line, end_line)
    if end_offset is None or change.old_end > end_offset:
        return None
    at_end = end_offset + end_column == len(old)
    if not at_end and (old[end_offset : end_offset + end_column].strip(" ") or end_column > dash):
        return None
    return _Entry(path, nid, above, first, dash, offset, (end_line, end_column), end_offset, at_end)


def _line_start(text: str, pos: int, line: int, wanted: int) -> int | None:
    """Where line ``wanted`` starts, from ``pos`` on line ``line`` (``wanted <= line``)."""
    if wanted > line:
        return None
    at = text.rfind("\n", 0, pos) + 1
    for _ in range(line - wanted):
        at = text.rfind("\n", 0, at - 1) + 1
    return at


def _line_start_after(text: str, pos: int, line: int, wanted: int) -> int | None:
    """Where line ``wanted`` starts, from ``pos`` on line ``line`` (``wanted >= line``)."""
    if wanted < line:
        return None
    at = text.rfind("\n", 0, pos) + 1
    for _ in range(wanted - line):
        found = text.find("\n", at)
        if found < 0:
            return None
        at = found + 1
    return at


# ----------------------------------------------------------------------- the load


def _patch_load(
    kept: Kept, text: str, change: _Change, entry: _Entry
) -> tuple[api._Loaded, _Walker, bool, bool] | None:
    """The load of ``text`` with the edited entry read alone: the loaded file, the
    walk of the entry, and whether the plan writes format 2's keys."""
    from ramaudit.core import loader
    from ramaudit.core.model import EXTENSION_PREFIX, SPELLINGS

    old, config = kept.text, kept.config
    grown = len(text) - len(old)
    if entry.at_end:
        old_part, new_part = old[entry.offset :], text[entry.offset :]
    else:
        old_part = old[entry.offset : entry.end_offset]
        new_part = text[entry.offset : entry.end_offset + grown]
        if not new_part.endswith("\n"):  # the edit reaches the next token's line
            return None
    if _ANCHOR_OR_TAG.search(old_part) or _ANCHOR_OR_TAG.search(new_part):
        return None
    if not _indented(new_part, entry.dash):
        return None
    depth = len(entry.path)
    limit = min(config.max_depth, loader.HARD_MAX_DEPTH) - depth + 1
    if limit < 2:
        return None
    try:
        part = loader.parse(new_part, max_depth=limit)
    except (loader.YAMLError, loader.LoadLimitError, RecursionError):
        return None
    assert kept.loaded.doc is not None
    table = kept.loaded.doc.root
    assert table is not None
    if part is None or not _one_entry(part, entry.dash, new_part):
        return None
    spliced = _splice(table, entry, part, text, grown)
    if spliced is None or len(spliced) > config.max_nodes:
        return None
    try:
        value, issues = loader.build_node(
            spliced,
            entry.nid,
            depth=depth,
            path=entry.path,
            max_nodes=config.max_nodes,
            max_depth=config.max_depth,
            extension_prefix=EXTENSION_PREFIX,
        )
    except loader.LoadLimitError:
        return None
    doc = kept.loaded.doc
    if issues or doc.issues:
        return None
    data = _patched(doc.data, entry.path, value)
    locator = loader.Locator(spliced, SPELLINGS)
    new_doc = loader.Document(data, spliced, [])
    return _patch_plan(kept, Source(kept.loaded.source.path, text), new_doc, locator, entry, change)


def _indented(part: str, dash: int) -> bool:
    """Whether every line after the first, but blank lines and comments, is indented
    past the dash (so that the entry reads the same alone as in the file), and the
    first is the dash and a space."""
    lines = part.split("\n")
    head = lines[0]
    if head[:dash].strip(" ") or head[dash : dash + 2] != "- ":
        return False
    for line in lines[1:]:
        body = line.lstrip(" ")
        if body and body[0] != "#" and len(line) - len(body) <= dash:
            return False
    return True


def _one_entry(part: NodeTable, dash: int, text: str) -> bool:
    """Whether the entry's lines, read alone, are one list entry that is a block
    mapping starting on the dash's line."""
    kinds = part.kinds
    if len(kinds) < 2 or kinds[0] != _SEQUENCE or kinds[1] != _MAPPING:
        return False
    if list(part.children[0]) != [1] or part.position(0)[:2] != (1, dash + 1):
        return False
    line, column, _, _ = part.position(1)
    return line == 1 and text[column - 1 : column] != "{"


def _splice(
    table: NodeTable, entry: _Entry, part: NodeTable, text: str, grown: int
) -> NodeTable | None:
    """A copy of ``table`` with the entry's nodes replaced by those of ``part`` (the
    entry read alone: node 0 its list, node 1 the entry), every later node moved by
    ``grown`` characters and renumbered: the table of the new ``text``."""
    from ramaudit.core.loader import NodeTable

    first = entry.nid
    last = first
    kinds, children = table.kinds, table.children
    while kinds[last] != _SCALAR and children[last]:
        last = children[last][-1]
    stop = last + 1  # the entry's nodes are first .. stop - 1 (no aliases in it)
    typecode = table.offsets.typecode
    if part.offsets.typecode != typecode:
        return None
    count = len(part) - 1
    moved = count - (stop - first)
    out = NodeTable(typecode == "Q", text, table.skipped)
    out.kinds = table.kinds[:first] + part.kinds[1:] + table.kinds[stop:]
    out.tags = table.tags[:first] + part.tags[1:] + table.tags[stop:]
    out.values = table.values[:first] + part.values[1:] + table.values[stop:]
    out.offsets = _spliced_offsets(table, entry, part, grown, stop)
    out.styles = _spliced_styles(table.styles, part.styles, first, stop, moved)
    out.children = _spliced_children(table, entry.above, part, first, stop, moved)
    if not moved:  # the other mappings keep their numbers: their key maps hold
        out._keymaps = {k: v for k, v in table._keymaps.items() if not first <= k < stop}
    return out


def _spliced_offsets(
    table: NodeTable, entry: _Entry, part: NodeTable, grown: int, stop: int
) -> array[int]:
    """The offsets of the spliced table: the entry's from ``part`` (which starts at the
    entry's first line, ``entry.offset``), what follows it moved by ``grown``."""
    old = table.offsets
    head = old[: 2 * entry.nid]
    pm = part.offsets
    stream_end = pm[1]  # where the part's stream ends (its list's end)
    shift = entry.offset - table.skipped
    # At the text's end the part's stream ends where the text's does; elsewhere what
    # ends there alone ends where the next token is: the entry's old end, moved.
    ends = stream_end + shift if entry.at_end else old[2 * entry.nid + 1] + grown
    for nid in entry.above:  # the containers around the entry end after it
        head[2 * nid + 1] = ends if entry.at_end else head[2 * nid + 1] + grown
    mine = shifted(pm[2:], shift)
    if not entry.at_end:
        alone_end = stream_end + shift
        kinds = part.kinds
        for i in range(0, len(mine), 2):
            if mine[i + 1] != alone_end:
                continue
            # A collection, or an empty value, is closed by the next token: where the
            # part's stream ended alone. A block scalar ends at its next line's start,
            # which is where the part ends in the text too.
            if mine[i] == alone_end:
                mine[i] = ends
                mine[i + 1] = ends
            elif kinds[i // 2 + 1] != _SCALAR:
                mine[i + 1] = ends
    tail = old[2 * stop :]
    if grown:
        tail = shifted(tail, grown)  # every later node's offsets
    return head + mine + tail


def shifted(numbers: array[int], by: int) -> array[int]:
    """``numbers`` (an array of unsigned offsets) with ``by`` added to each; no result
    may fall below 0 or overflow the typecode. An edit moves every later node's two
    offsets: a Python loop over them cost more than the rest of an edit's audit, so the
    addition is one big-integer sum: read as one integer, the array's items are its
    digits in base 2**bits, and adding ``by`` to every digit is adding ``by`` times the
    integer whose digits are all 1. No digit carries into the next, as none overflows."""
    if not numbers or not by:
        return array(numbers.typecode, numbers)
    size = numbers.itemsize
    ones = int.from_bytes(((1).to_bytes(size, sys.byteorder)) * len(numbers), sys.byteorder)
    total = int.from_bytes(numbers.tobytes(), sys.byteorder) + by * ones
    out = array(numbers.typecode)
    out.frombytes(total.to_bytes(size * len(numbers), sys.byteorder))
    return out


def _spliced_styles(
    styles: dict[int, str], mine: dict[int, str], first: int, stop: int, moved: int
) -> dict[int, str]:
    if moved:
        out = {k: v for k, v in styles.items() if k < first}
        out.update((k + moved, v) for k, v in styles.items() if k >= stop)
    else:
        out = dict(styles)
        for k in range(first, stop):
            out.pop(k, None)
    out.update((k + first - 1, v) for k, v in mine.items() if k >= 1)
    return out


def _spliced_children(
    table: NodeTable, above: list[int], part: NodeTable, first: int, stop: int, moved: int
) -> dict[int, array[int]]:
    typecode = table.offsets.typecode
    old = table.children
    if moved:
        out: dict[int, array[int]] = {}
        for k, kids in old.items():
            if k < first:
                out[k] = kids
            elif k >= stop:
                out[k + moved] = array(typecode, [x + moved for x in kids])
        for k in above:
            out[k] = array(typecode, [x + moved if x >= stop else x for x in old[k]])
    else:
        out = dict(old)
        for k in range(first, stop):
            out.pop(k, None)
    base = first - 1
    for k, kids in part.children.items():
        if k >= 1:
            out[k + base] = array(typecode, [x + base for x in kids])
    return out


def _patched(data: Any, path: PathT, value: Any) -> Any:
    """A copy of ``data`` with ``value`` at ``path``, sharing everything off the path."""
    root = dict(data) if isinstance(data, dict) else list(data)
    here: Any = root
    for part in path[:-1]:
        child = here[part]
        child = dict(child) if isinstance(child, dict) else list(child)
        here[part] = child
        here = child
    here[path[-1]] = value
    return root


def _value_at(data: Any, path: PathT) -> Any:
    for part in path:
        data = data[part]
    return data


# ----------------------------------------------------------------------- the walk


def _walk_entry(locator: Any, kept: Kept, raw: Any, path: PathT, parent: str | None) -> _Walker:
    """The walk of one item (and what nests in it) as the walk of the plan makes it."""
    from ramaudit.core.model import BudgetLine, Segment, _Walker

    walker = _Walker(locator, kept.config.vocabulary)
    walker.calendar = kept.calendar
    section = path[-2]
    if section == "segments" or section == "budget_lines":
        model, what = (Segment, "segment") if section == "segments" else (BudgetLine, "budget line")
        item = walker._validate(model, raw, path, what)
        if item is not None:
            walker._place(item, path)
            getattr(walker.plan, str(section)).append(item)
    elif section == "goals":
        walker._goal(raw, path)
    else:
        walk = {
            "objectives": walker._objective,
            "campaigns": walker._campaign,
            "milestones": walker._milestone,
            "tactics": walker._tactic,
        }[str(section)]
        walk(raw, path, parent)
    return walker


def _patch_plan(
    kept: Kept,
    source: Source,
    doc: Any,
    locator: Any,
    entry: _Entry,
    change: _Change,
) -> tuple[api._Loaded, _Walker, bool, bool] | None:
    from ramaudit.core.graph import build_graph
    from ramaudit.core.model import Plan

    old_plan = kept.loaded.plan
    path = entry.path
    parent = None
    if len(path) > 2:
        above = next((i for i in old_plan.items() if i.path == path[:-2]), None)
        if above is None:
            return None
        parent = above.id
    old_doc = kept.loaded.doc
    assert old_doc is not None
    before = _walk_entry(kept.loaded.locator, kept, _value_at(old_doc.data, path), path, parent)
    after = _walk_entry(locator, kept, _value_at(doc.data, path), path, parent)
    if before.deadlines or after.deadlines or kept.has_deadlines:
        return None
    uses = _flag(kept.uses_format_2, before.uses_format_2, after.uses_format_2)
    if uses is None:
        return None
    version = old_plan.version if kept.version_written else (2 if uses else 1)
    if version != old_plan.version:
        return None
    shift_line = entry.end[0] + 1  # 1-based: what starts there or later moves
    plan = Plan(
        info=old_plan.info,
        version=version,
        tracks_progress=old_plan.tracks_progress,
        tracks_spend=old_plan.tracks_spend,
    )
    pairs: list[tuple[Any, Any]] | None = []
    for name in _LISTS:
        old_list = getattr(old_plan, name)
        if name in _REACH[str(path[-2])]:
            new_items = getattr(after.plan, name)
            spliced, old_items = _spliced_items(old_list, new_items, path)
            setattr(plan, name, spliced)
            if pairs is not None and len(old_items) == len(new_items):
                pairs += zip(old_items, new_items, strict=True)
            else:
                pairs = None
        else:
            setattr(plan, name, old_list)
    moved = change.lines
    plan.diagnostics = _spliced_diags(
        old_plan.diagnostics, after.plan.diagnostics, path, shift_line, moved
    )
    plan.unread = _spliced_diags(old_plan.unread, after.plan.unread, path, shift_line, moved)
    plan.tracks_spend = _tracked(plan, old_plan.tracks_spend, before, after, _spends)
    plan.tracks_progress = _tracked(plan, old_plan.tracks_progress, before, after, _reads)
    graph = _graph_kept(_graph_of(kept.loaded), plan, pairs) if pairs is not None else None
    same = graph is not None  # the same items at the same places
    if graph is None:
        graph = build_graph(plan)
    loaded = api._Loaded(source, kept.config, doc, [], None, locator, plan, graph)
    return loaded, after, uses, same


def _flag(whole: bool, before: bool, after: bool) -> bool | None:
    """A flag the walk sets when any item asks (``whole`` before the edit), after the
    edited item asked ``before`` and now asks ``after``; None when it cannot be told
    without the other items."""
    if not before:
        return whole or after
    if after:
        return True
    return None


def _tracked(
    plan: Plan, whole: bool, before: _Walker, after: _Walker, scan: Callable[[Plan], bool]
) -> bool:
    name = "tracks_spend" if scan is _spends else "tracks_progress"
    found = _flag(whole, getattr(before.plan, name), getattr(after.plan, name))
    return scan(plan) if found is None else found


def _spends(plan: Plan) -> bool:
    work: list[Tactic | Campaign] = [*plan.tactics, *plan.campaigns]
    return any(x.spent is not None or x.expenses for x in work)


def _reads(plan: Plan) -> bool:
    owners: list[Objective | Campaign | Tactic] = [*plan.objectives, *plan.campaigns, *plan.tactics]
    return any(k.checkins or k.actual is not None for o in owners for k in o.kpis)


def _alone(plan: Plan, walked: Plan) -> Plan:
    """The items of ``walked`` (one item's walk) as a plan with ``plan``'s block, format
    and flags: what the item rules judge after an edit."""
    from ramaudit.core.model import Plan

    alone = Plan(
        info=plan.info,
        version=plan.version,
        diagnostics=walked.diagnostics,
        unread=walked.unread,
        tracks_progress=plan.tracks_progress,
        tracks_spend=plan.tracks_spend,
    )
    for name in _LISTS:
        setattr(alone, name, getattr(walked, name))
    return alone


def _under(path: PathT, prefix: PathT) -> bool:
    return path[: len(prefix)] == prefix


def _walk_key(path: PathT) -> tuple[int, ...]:
    """Where the walk of the plan reaches ``path``: the plan block and top-level keys
    first, then the sections in their order, each item's own fields before what nests
    in it."""
    if not path or path[0] not in _SECTION_RANK:
        return (0,)
    key = [1, _SECTION_RANK[str(path[0])]]
    section, rest = str(path[0]), path[1:]
    while rest:
        if not isinstance(rest[0], int):
            key.append(-1)
            break
        key.append(rest[0])
        nested = _NESTED.get(section, {}).get(str(rest[1])) if len(rest) > 1 else None
        if nested is None:
            key.append(0)
            break
        rank, section = nested
        key += [1, rank]
        rest = rest[2:]
    return tuple(key)


def _spliced_items(old: list[Any], new: list[Any], path: PathT) -> tuple[list[Any], list[Any]]:
    """``old`` with the items at or under ``path`` replaced by ``new``, and those items."""
    k = len(path)
    start = next((i for i, item in enumerate(old) if item.path[:k] == path), None)
    if start is None:
        if not new:
            return old, []
        where = bisect.bisect_left(old, _walk_key(path), key=lambda item: _walk_key(item.path))
        return [*old[:where], *new, *old[where:]], []
    stop = start
    while stop < len(old) and old[stop].path[:k] == path:
        stop += 1
    return [*old[:start], *new, *old[stop:]], old[start:stop]


_LINK_FIELDS = ("parent", "goals", "parents", "objectives", "campaign", "depends_on")


def _graph_kept(old: TraceGraph, plan: Plan, pairs: list[tuple[Any, Any]]) -> TraceGraph | None:
    """The graph of ``plan`` made from ``old``, when each edited item (old, new) keeps
    its kind, id, place and links: the same nodes and edges, the new items' names and
    budgets. None when the graph must be built again."""
    from ramaudit.core.graph import TraceGraph

    for o, n in pairs:
        if type(o) is not type(n) or o.id != n.id or o.path != n.path:
            return None
        if any(getattr(o, f, None) != getattr(n, f, None) for f in _LINK_FIELDS):
            return None
    items = dict(old.items)
    nodes = old.trace.nodes
    now = {id(o): n for o, n in pairs}
    for o, n in pairs:
        item_id = o.id
        if items.get(item_id) is o:
            items[item_id] = n
            attrs = nodes[item_id]
            attrs["name"] = n.label
            attrs["budget"] = getattr(n, "budget", None)
    orphans = old._orphans
    if orphans is not None:  # the same tactics, the edited ones as they are now
        orphans = [now.get(id(t), t) for t in orphans]
    return TraceGraph(
        plan,
        items,
        old.trace,
        old.dependencies,
        links=old.links,
        traceable=old.traceable,
        served=old.served,
        cycles=old.cycles,
        depends=old.depends,
        _orphans=orphans,
        _dependency_cycles=old._dependency_cycles,
    )


def _spliced_diags(
    old: list[Diagnostic], new: list[Diagnostic], path: PathT, line: int, moved: int
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    where = None
    key = None
    for d in old:
        if _under(d.path, path):
            if where is None:
                where = len(out)
            continue
        if where is None and new:
            key = key or _walk_key(path)
            if _walk_key(d.path) > key:
                where = len(out)
        out.append(_moved_diag(d, line, moved) if moved else d)
    if where is None:
        where = len(out)
    out[where:where] = new
    return out


def _moved_diag(d: Diagnostic, line: int, moved: int) -> Diagnostic:
    start = d.line + moved if d.line >= line else d.line
    end = d.end_line + moved if d.end_line is not None and d.end_line >= line else d.end_line
    fix = d.fix
    if fix is not None:
        fix = replace(fix, edits=tuple(_moved_edit(e, line, moved) for e in fix.edits))
    if start == d.line and end == d.end_line and fix is d.fix:
        return d
    return replace(d, line=start, end_line=end, fix=fix)


def _moved_edit(e: Edit, line: int, moved: int) -> Edit:
    if e.line < line and e.end_line < line:
        return e
    return replace(
        e,
        line=e.line + moved if e.line >= line else e.line,
        end_line=e.end_line + moved if e.end_line >= line else e.end_line,
    )


def _shifter(end_line: int, moved: int) -> Callable[[Finding], Finding]:
    """Moves a finding placed at or after the 0-based line ``end_line`` by ``moved``."""
    line = end_line + 1
    if not moved:
        return lambda f: f

    def shift(f: Finding) -> Finding:
        start = f.line + moved if f.line >= line else f.line
        end = f.end_line + moved if f.end_line is not None and f.end_line >= line else f.end_line
        fix = f.fix
        if fix is not None:
            fix = replace(fix, edits=tuple(_moved_edit(e, line, moved) for e in fix.edits))
        if start == f.line and end == f.end_line and fix is f.fix:
            return f
        return replace(f, line=start, end_line=end, fix=fix)

    return shift
