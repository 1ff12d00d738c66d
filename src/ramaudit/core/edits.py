"""Edits of plan text at exact spans: the fixes rules attach to findings (issue 14)
and the one function that applies them.

A fix replaces one scalar (a key or a value) by another word and touches nothing
else: not the comments, the quoting, the order of keys, the line endings. The span of
a scalar comes from the loader's :class:`~ramaudit.core.loader.NodeTable`, which
places each node by character (not byte) and includes what is written before its
text (an anchor ``&a``, a tag ``!!str``). So an edit is made only where the span can
be shown to hold the scalar's text and nothing more: a plain scalar, or a quoted one
without escapes, on one line, with no anchor or tag. Anywhere else no fix is offered,
which is always safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ramaudit.core.findings import Edit, Fix
from ramaudit.core.loader import CORE_RESOLVERS, Locator, NodeTable, PathT, shorten

_SCALAR, _SEQUENCE, _MAPPING = 0, 1, 2

# Words written plain in any context, block or flow, that no YAML reader takes for
# anything but text once the core schema's numbers, booleans and nulls are ruled out:
# letters and digits of any script, '_', '.', '-' and '/' (no ':', '#', ',',
# brackets, quotes or spaces that would need thought).
_PLAIN_SAFE = re.compile(r"\w[\w.\-/]*\Z")
# The breaks the YAML parsers count lines by (libyaml and PyYAML alike).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def plain_ok(word: str) -> bool:
    """Whether ``word`` may be written without quotes and still read as this text."""
    if not _PLAIN_SAFE.match(word):
        return False
    return not any(regexp.match(word) for _tag, regexp in CORE_RESOLVERS.get(word[0], ()))


def written_as(style: str, word: str) -> str | None:
    """``word`` as a scalar written in ``style`` (``''`` plain, ``'`` or ``"``), or
    None when it cannot be written so without escapes or quotes of another kind. A
    plain scalar that must now be quoted is written in single quotes."""
    if style == "":
        if plain_ok(word):
            return word
        style = "'"
    if any(ch < " " or ch in "\x7f\x85\u2028\u2029\ufeff" for ch in word):
        return None  # only an escape could carry it; never a fix
    if style == "'":
        return "'" + word.replace("'", "''") + "'"
    if style == '"':
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return None


def scalar_node(locator: Locator, path: PathT, *, key: bool = False) -> int | None:
    """The scalar node the whole of ``path`` leads to, written in this mapping itself
    (not brought in by a merge key, whose text other mappings share), or None. A last
    index 0 on a scalar is the scalar (``goals: g1`` is the list of one id)."""
    table = locator.root
    if table is None:
        return None
    nid = 0
    last = len(path) - 1
    for i, part in enumerate(path):
        kind = table.kinds[nid]
        if kind == _MAPPING and isinstance(part, str):
            keys = table.keymap(nid)[0]
            found = keys.get(part)
            for other in locator.spellings.get(part, ()) if found is None else ():
                found = keys.get(other)
                if found is not None:
                    break
            if found is None:
                return None
            nid = found[0] if key and i == last else found[1]
        elif kind == _SEQUENCE and isinstance(part, int):
            kids = table.children[nid]
            if not 0 <= part < len(kids):
                return None
            nid = kids[part]
        elif kind == _SCALAR and part == 0 and i == last and not key:
            return nid
        else:
            return None
    return nid if table.kinds[nid] == _SCALAR else None


def replace_scalar(table: NodeTable, nid: int, old: str, new: str) -> Edit | None:
    """The edit that writes ``new`` for the scalar ``nid`` (which reads ``old``), in
    the scalar's own quoting; None where its span is not provably just its text."""
    if table.kinds[nid] != _SCALAR or table.values[nid] != old or old == new:
        return None
    style = table.styles.get(nid, "")
    line, col, end_line, end_col = table.position(nid)
    if line != end_line or style not in ("", "'", '"'):
        return None
    was = written_as(style, old) if style else old
    # The span holds exactly the scalar written in its style: nothing before it (an
    # anchor, a tag) and no escape inside it (an escape is longer than its character).
    if was is None or end_col - col != len(was):
        return None
    now = written_as(style, new)
    if now is None:
        return None
    return Edit(line, col, end_line, end_col, now)


def rename(
    locator: Locator, path: PathT, old: str, new: str, *, key: bool = False, safe: bool = True
) -> Fix | None:
    """A fix that writes ``new`` for the scalar (or key) at ``path`` reading ``old``."""
    nid = scalar_node(locator, path, key=key)
    if nid is None or locator.root is None:
        return None
    edit = replace_scalar(locator.root, nid, old, new)
    if edit is None:
        return None
    return Fix(f"replace '{shorten(old)}' with '{shorten(new)}'", (edit,), safe=safe)


def line_starts(text: str) -> list[int]:
    """The offset in ``text`` where each line begins, as the YAML parser counts lines."""
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def _offset(starts: Sequence[int], text: str, line: int, column: int) -> int:
    if not 1 <= line <= len(starts):
        raise ValueError(f"line {line} is outside the text")
    at = starts[line - 1] + column - 1
    end = starts[line] if line < len(starts) else len(text)
    if not starts[line - 1] <= at <= end:
        raise ValueError(f"column {column} is outside line {line}")
    return at


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with ``edits`` made, every other character as it was. The edits must
    not overlap (:func:`choose` picks such a set); ValueError otherwise."""
    starts = line_starts(text)
    spans = sorted(
        (
            _offset(starts, text, e.line, e.column),
            _offset(starts, text, e.end_line, e.end_column),
            e.replacement,
        )
        for e in edits
    )
    out: list[str] = []
    at = 0
    for start, end, replacement in spans:
        if start < at or end < start:
            raise ValueError("edits overlap")
        out.append(text[at:start])
        out.append(replacement)
        at = end
    out.append(text[at:])
    return "".join(out)


def _span(e: Edit) -> tuple[tuple[int, int], tuple[int, int]]:
    return (e.line, e.column), (e.end_line, e.end_column)


def choose(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes, in the order given, that can be made together: each one whose edits
    touch none of the spans of a fix taken before it (two inserts at one place clash
    too), so that one pass never makes two edits the rules did not mean together."""
    taken: list[tuple[tuple[int, int], tuple[int, int]]] = []
    chosen: list[Fix] = []
    for fix in fixes:
        spans = [_span(e) for e in fix.edits]
        if any(_clash(s, t) for s in spans for t in taken):
            continue
        if any(_clash(s, t) for i, s in enumerate(spans) for t in spans[i + 1 :]):
            continue
        chosen.append(fix)
        taken.extend(spans)
    return chosen


def _clash(
    a: tuple[tuple[int, int], tuple[int, int]], b: tuple[tuple[int, int], tuple[int, int]]
) -> bool:
    if a[0] == b[0]:
        return True
    return a[0] < b[1] and b[0] < a[1]


def add_block(locator: Locator, item: PathT, key: str, lines: Sequence[str]) -> Edit | None:
    """An edit that writes ``key:`` with the block ``lines`` (each indented under it)
    into the block mapping at ``item``, on the line after its ``id``; None when the
    mapping is written in flow style (``{id: x}``), already has ``key``, or its id is
    not a one-line scalar. The new lines end in ``\\n``, as an editor inserts them."""
    table = locator.root
    nid = scalar_node(locator, (*item, "id"), key=True)
    if table is None or nid is None:
        return None
    parent = _container_of(locator, item)
    if parent is None or key in table.keymap(parent)[0]:
        return None
    line, col, _, _ = table.position(nid)
    value = table.keymap(parent)[0]["id"][1]
    v_line, _, v_end_line, _ = table.position(value)
    p_line, p_col, _, _ = table.position(parent)
    if table.kinds[value] != _SCALAR or v_line != line or v_end_line != line:
        return None
    if (p_line, p_col) > (line, col) or table.styles.get(value, "") in ("|", ">"):
        return None
    if line >= table.position(0)[2]:  # the last line, with no line break after it
        return None
    # A block mapping starts at its first key; a flow mapping at its brace, before it.
    if table.keymap(parent)[0] and (p_line, p_col) != table.position(_first_key(table, parent))[:2]:
        return None
    pad = " " * (col - 1)
    text = "".join(f"{pad}{row}\n" for row in (f"{key}:", *(f"  {r}" for r in lines)))
    return Edit(line + 1, 1, line + 1, 1, text)


def _container_of(locator: Locator, path: PathT) -> int | None:
    table = locator.root
    if table is None:
        return None
    nid = 0
    for part in path:
        kind = table.kinds[nid]
        if kind == _MAPPING and isinstance(part, str):
            found = table.keymap(nid)[0].get(part)
            if found is None:
                return None
            nid = found[1]
        elif kind == _SEQUENCE and isinstance(part, int):
            kids = table.children[nid]
            if not 0 <= part < len(kids):
                return None
            nid = kids[part]
        else:
            return None
    return nid if table.kinds[nid] == _MAPPING else None


def _first_key(table: NodeTable, nid: int) -> int:
    return table.children[nid][0]
