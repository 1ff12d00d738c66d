"""The event-based node table agrees with libyaml's own composer: same nodes, tags,
values and positions, same errors; and it survives what the composer does not."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from conftest import EXAMPLES
from ramaudit.core import loader
from ramaudit.core.loader import HARD_MAX_DEPTH, LoadLimitError, Locator, compose, load, parse


def same_tree(ours: Node, theirs: Node, seen: dict[int, int] | None = None) -> None:
    """Node for node, as the composer builds them (shared aliases stay shared)."""
    seen = {} if seen is None else seen
    if id(theirs) in seen:
        assert seen[id(theirs)] == id(ours)
        return
    seen[id(theirs)] = id(ours)
    assert type(ours) is type(theirs)
    assert ours.tag == theirs.tag
    for a, b in ((ours.start_mark, theirs.start_mark), (ours.end_mark, theirs.end_mark)):
        assert (a.line, a.column) == (b.line, b.column)
    if isinstance(theirs, ScalarNode):
        assert (ours.value, ours.style) == (theirs.value, theirs.style)
    elif isinstance(theirs, SequenceNode):
        assert len(ours.value) == len(theirs.value)
        for x, y in zip(ours.value, theirs.value, strict=True):
            same_tree(x, y, seen)
    else:
        assert isinstance(theirs, MappingNode)
        assert len(ours.value) == len(theirs.value)
        for (k1, v1), (k2, v2) in zip(ours.value, theirs.value, strict=True):
            same_tree(k1, k2, seen)
            same_tree(v1, v2, seen)


def agree(text: str) -> None:
    try:
        theirs = compose(text)
    except yaml.YAMLError as exc:
        try:
            parse(text)
        except yaml.YAMLError as mine:
            assert type(mine) is type(exc)
            assert (mine.problem, mine.context) == (exc.problem, exc.context)
            for a, b in (
                (mine.problem_mark, exc.problem_mark),
                (mine.context_mark, exc.context_mark),
            ):
                assert (a is None) == (b is None)
                if a is not None:
                    assert (a.line, a.column) == (b.line, b.column)
        else:
            raise AssertionError(f"the composer refused {text!r} but the table did not")
        return
    table = parse(text)
    if theirs is None:
        assert table is None
        return
    assert table is not None
    same_tree(table.node(0), theirs)


yaml_chars = st.text(alphabet="-:[]{}&*!|>'\"#,? \t\nabxyz019.<@%~", max_size=60)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12).filter(lambda s: "\x00" not in s),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
trees = st.recursive(
    scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=6), kids, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(yaml_chars)
def test_random_text_gives_the_same_nodes_or_the_same_error(text: str) -> None:
    agree(text)


@settings(max_examples=200, deadline=None)
@given(trees, st.sampled_from([False, True, None]))
def test_dumped_documents_give_the_same_nodes(tree: object, flow: bool | None) -> None:
    agree(yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True))


def test_examples_anchors_merges_and_tags_give_the_same_nodes() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        agree(path.read_text(encoding="utf-8"))
    agree("a: &x [1, {b: *x}]\nc: *x\n")  # an alias inside its own anchor
    agree("d: &d {k: v}\ne: {<<: *d, k: w}\nf: {<<: [*d, {z: 1}]}\n")
    agree("--- !foo\na: !!int 1\nb: ! 2\nc: !<tag:x> 3\n? [complex, key]\n: v\n")
    agree("a: 'quoted'\nb: \"double\"\nc: |\n  block\nd: >\n  folded\n")
    agree("a: 1\r\nb: 2\rc: 3\n")
    agree("")
    agree("# only a comment\n")
    agree("a: 1\n---\nb: 2\n")
    agree("a: *missing\n")
    agree("a: &x 1\nb: &x 2\n")


def test_nesting_past_the_limit_stops_early_instead_of_crashing() -> None:
    deep = "[" * 200_000 + "]" * 200_000  # libyaml's composer crashes the interpreter
    try:
        parse(deep)
    except LoadLimitError as exc:
        assert (exc.line, exc.column) == (1, 101)
    else:
        raise AssertionError("no limit")


def test_an_audit_builds_no_pyyaml_nodes(monkeypatch) -> None:
    """Flat arrays rather than a Node and two Marks per value: two 4-byte offsets
    per node, lines and columns only for the nodes findings are placed at, and PyYAML
    nodes only when a tool asks for one."""
    text = (EXAMPLES / "random-acts.yaml").read_text(encoding="utf-8")
    table = load(text).root
    assert table is not None and len(table) > 300
    assert table.offsets.itemsize * len(table.offsets) == 8 * len(table)
    from ramaudit.api import audit_text

    def refuse(self, nid):
        raise AssertionError("an audit made a PyYAML node")

    def refuse_marks(self):
        raise AssertionError("an audit worked out every node's line and column")

    monkeypatch.setattr(loader.NodeTable, "node", refuse)
    monkeypatch.setattr(loader.NodeTable, "_all_marks", refuse_marks)
    assert audit_text(text).findings  # findings placed without a single node


# Offsets become lines and columns by YAML's line breaks (LF, CR, CR LF, NEL, LS, PS),
# counting characters (not UTF-8 bytes); a byte-order mark libyaml skips is not
# counted, and a stream without a final line break ends on a line libyaml adds after it.
break_chars = st.text(
    alphabet="-:[]{}&*!|>'\"#,? \t\n\r\x85\u2028\u2029ab1é日😀\ufeff", max_size=60
)


def same_marks(text: str) -> None:
    """Every node's place, worked out from its offsets one at a time and all at once,
    is where libyaml's events mark it."""
    agree(text)
    try:
        table = parse(text)
    except (yaml.YAMLError, LoadLimitError):
        return  # agree() compared the errors
    if table is None:
        return
    marks = table.marks
    for nid in range(len(table)):
        line, column, end_line, end_column = table.position(nid)
        assert tuple(marks[4 * nid : 4 * nid + 4]) == (
            line - 1,
            column - 1,
            end_line - 1,
            end_column - 1,
        )
    assert list(table.start_lines()) == list(marks[0::4])


@settings(max_examples=400, deadline=None)
@given(break_chars)
def test_positions_from_offsets_are_libyamls_marks(text: str) -> None:
    same_marks(text)


@pytest.mark.parametrize(
    "text",
    [
        "a:",  # an empty value at the end of a stream without a final break
        "a: &x",
        "a:\n  - 1\n  - 2",  # block collections end on libyaml's added line
        "{a: 1, b: [2, 3]}",  # a flow mapping ends on its brace
        "a: 'x\r\ny'\r\nb: 1",
        "\ufeffa: 1\nb: [x,\n y]\n",  # the byte-order mark libyaml skips
        "\ufeff\ufeffa: 1\n",
        "a: b\x85c: d\u2028e: f\u2029g: é😀 h\r",
        "a: 日本語\r\nb: [😀, x]\r\n",
        "- a\n- ",
    ],
)
def test_positions_at_the_edges_are_libyamls_marks(text: str) -> None:
    same_marks(text)


@pytest.mark.parametrize("text", ["\ufeffa: 1\nb: [x,\n y]\n", "a: x\n\ufeffb:\n  - 2"])
def test_pyyamls_own_parser_places_nodes_where_it_marks_them(monkeypatch, text: str) -> None:
    """The pure-Python parser (read when libyaml stops at a nesting limit of its own)
    counts a U+FEFF in its offsets and not in its columns: positions are its marks."""
    real = loader._Loader

    class Refusing(real):  # type: ignore[misc, valid-type]
        def get_event(self):
            raise yaml.MarkedYAMLError(problem=loader._LIBYAML_NESTING)

    monkeypatch.setattr(loader, "_Loader", Refusing)
    table = parse(text)
    assert table is not None
    parser = yaml.SafeLoader(text)
    places = []
    while not parser.check_event(yaml.StreamEndEvent):
        event = parser.get_event()
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            places.append((event.start_mark.line + 1, event.start_mark.column + 1))
    assert [table.position(nid)[:2] for nid in range(len(table))] == places


def test_locator_positions_match_the_nodes() -> None:
    text = (EXAMPLES / "nested-retail.yaml").read_text(encoding="utf-8")
    doc = load(text)
    locator = Locator(doc.root)
    for path in (("plan", "name"), ("goals", 0, "objectives", 1, "tactics", 0, "id"), ("tactics",)):
        for key in (False, True):
            node = locator.node(path, key=key)
            assert node is not None
            start, end = node.start_mark, node.end_mark
            assert locator.position(path, key=key) == (
                start.line + 1,
                start.column + 1,
                end.line + 1,
                end.column + 1,
            )


def test_shorten_keeps_messages_to_one_line() -> None:
    assert loader.shorten("short") == "short"
    long = loader.shorten("k" * 1000)
    assert len(long) == 60 and long.endswith("…")


def test_nesting_limit_is_ours_when_libyaml_stops_first(monkeypatch) -> None:
    """A libyaml whose own nesting limit sits below ours (a build whose limit cannot be
    raised) still gives ramaudit's finding, at the place ours would have fired."""
    from yaml import _yaml

    if not hasattr(_yaml, "_set_max_nest_level"):
        pytest.skip("this PyYAML's libyaml has no nesting limit")
    texts = ("[" * 5_000 + "]" * 5_000, "x: " + "{a: " * 5_000 + "1" + "}" * 5_000)
    expected = [(1, 101), (1, 4 + 4 * 99)]  # the 101st container: a list, or a mapping
    for text, place in zip(texts, expected, strict=True):
        with pytest.raises(LoadLimitError) as caught:
            parse(text)
        assert (caught.value.line, caught.value.column) == place
    before = _yaml._get_max_nest_level()
    _yaml._set_max_nest_level(50)
    try:
        for text, place in zip(texts, expected, strict=True):
            with pytest.raises(LoadLimitError) as caught:
                parse(text)
            assert (caught.value.line, caught.value.column) == place
    finally:
        _yaml._set_max_nest_level(before)


def test_nesting_limit_is_capped_below_libyamls() -> None:
    """No setting can ask for more nesting than the parser allows: the cap applies."""
    deep = "[" * 3_000 + "]" * 3_000
    with pytest.raises(LoadLimitError) as caught:
        parse(deep, max_depth=10**9)
    assert caught.value.column == HARD_MAX_DEPTH + 1


@settings(max_examples=200, deadline=None)
@given(break_chars)
def test_positions_are_the_same_when_the_lines_are_split_piece_by_piece(text: str) -> None:
    """The line table is made a piece of the text at a time (pieces of a few
    characters here): a piece never ends inside a CR LF."""
    real = loader._LINE_CHUNK
    loader._LINE_CHUNK = 3
    try:
        same_marks(text)
    finally:
        loader._LINE_CHUNK = real
