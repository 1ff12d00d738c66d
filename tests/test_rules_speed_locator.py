"""The locator's fast paths (each path's head walked once and remembered; a mapping's
key found by ``tuple.index`` over its keys' texts) place every path where walking it
through the table's key maps, as the locator used to, places it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core import loader
from ramaudit.core.loader import Locator, NodeTable, PathT, load
from ramaudit.core.model import SPELLINGS


def _reference_key(
    table: NodeTable,
    nid: int,
    name: str,
    spellings: Mapping[str, Sequence[str]],
    seen: frozenset[int] = frozenset(),
) -> tuple[int, int] | None:
    keys, merges = table.keymap(nid)
    found = keys.get(name)
    if found is None:
        for other in spellings.get(name, ()):
            found = keys.get(other)
            if found is not None:
                break
    if found is not None:
        return found
    kinds, children = table.kinds, table.children
    for value_id in merges:
        sources = children[value_id] if kinds[value_id] == loader._SEQUENCE else (value_id,)
        for src in sources:
            if kinds[src] == loader._MAPPING and src not in seen | {nid}:
                found = _reference_key(table, src, name, spellings, seen | {nid})
                if found is not None:
                    return found
    return None


def _reference_node(
    table: NodeTable, path: PathT, spellings: Mapping[str, Sequence[str]], key: bool
) -> int:
    kinds, children = table.kinds, table.children
    nid = 0
    for i, part in enumerate(path):
        kind = kinds[nid]
        if kind == loader._MAPPING and isinstance(part, str):
            found = _reference_key(table, nid, part, spellings)
            if found is None:
                return nid
            if key and i == len(path) - 1:
                return found[0]
            nid = found[1]
        elif kind == loader._SEQUENCE and isinstance(part, int):
            kids = children[nid]
            if not 0 <= part < len(kids):
                return nid
            nid = kids[part]
        else:
            return nid
    return nid


_KEYS = ["a", "b", "links", "link", "1", "<<", "id"]
_key = st.sampled_from(_KEYS)
_scalar = st.sampled_from(["x", "1", "~", "''", "a", "links", "<<"])


def _yaml(depth: int) -> st.SearchStrategy[str]:
    """Block YAML (as one flow value) with duplicate keys, second spellings, merges and
    non-scalar keys, so that every branch of the key search is met."""
    if depth == 0:
        return _scalar
    inner = _yaml(depth - 1)
    mapping = st.lists(st.tuples(_key | inner.map(lambda v: "[" + v + "]"), inner), max_size=5)
    return st.one_of(
        _scalar,
        st.lists(inner, max_size=4).map(lambda vs: "[" + ", ".join(vs) + "]"),
        mapping.map(lambda kvs: "{" + ", ".join(f"? {k} : {v}" for k, v in kvs) + "}"),
    )


_doc = st.tuples(_yaml(3), _yaml(3)).map(
    lambda two: f"base: &b {two[0]}\nmain: {{<<: *b, a: {two[1]}}}\nlist: [*b, {two[1]}]\n"
)
_part = st.one_of(_key, st.sampled_from(["base", "main", "list"]), st.integers(-1, 4))
_paths = st.lists(st.lists(_part, max_size=5).map(tuple), min_size=1, max_size=30)


def _written(table: NodeTable, nid: int = 0, depth: int = 4) -> list[PathT]:
    """Every path the document writes, to ``depth`` parts, each also asked with every
    key of ``_KEYS`` after it (keys met under another spelling or through a merge)."""
    out: list[PathT] = [()]
    if depth == 0 or table.kinds[nid] == loader._SCALAR:
        return out
    kids = table.children[nid]
    if table.kinds[nid] == loader._SEQUENCE:
        steps = [(i, k) for i, k in enumerate(kids)]
    else:
        steps = [(table.values[kids[i]], kids[i + 1]) for i in range(0, len(kids), 2)]
        steps += [(name, None) for name in _KEYS]
    for part, child in steps:
        if part is None:
            continue
        if child is None:
            out.append((part,))
        else:
            out += [(part, *rest) for rest in _written(table, child, depth - 1)]
    return out


@settings(max_examples=300, deadline=None)
@given(_doc, _paths, st.booleans())
def test_positions_are_those_of_walking_the_key_maps(text: str, paths: list, key: bool) -> None:
    try:
        doc = load(text)
    except loader.YAMLError:
        return
    table = doc.root
    assert table is not None
    asked = [*_written(table)[:400], *paths]
    for spellings in ({}, SPELLINGS, {"links": ("link",), "a": ("b", "id"), "b": ("<<",)}):
        locator = Locator(table, spellings)
        # every path twice, and each head before and after its longer paths
        for path in [*asked, *reversed(asked)]:
            want = _reference_node(table, path, spellings, key)
            assert locator.node_id(path, key=key) == want
            assert locator.position(path, key=key) == table.position(want)


def test_a_locator_of_no_document_places_everything_at_the_start() -> None:
    locator = Locator(None)
    assert locator.node_id(("a", 1)) is None
    assert locator.position(("a", 1)) == (1, 1, 1, 1)


def test_a_path_that_leaves_the_document_stops_where_it_left_it() -> None:
    doc = load("a: {b: [1, 2]}\nlinks: [x]\n")
    assert doc.root is not None
    locator = Locator(doc.root, {"link": ("links",)})
    stop = locator.node_id(("a", "b"))
    assert locator.node_id(("a", "b", 5, "c")) == stop
    assert locator.node_id(("a", "b", 5)) == stop
    assert locator.node_id(("a", "b", "c")) == stop
    assert locator.node_id(("link", 0)) == _reference_node(
        doc.root, ("link", 0), {"link": ("links",)}, False
    )
