"""The loader: plain values equal PyYAML's, positions are exact, problems are diagnostics."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode

from ramaudit.loader import Locator, load

keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=8).filter(
    lambda k: not k.startswith("x-")
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=20),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=25,
)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    else:
        yield path, value


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from(["block", "flow"]))
def test_values_match_pyyaml_and_every_leaf_is_located(data, style):
    text = yaml.safe_dump(data, default_flow_style=(style == "flow"), allow_unicode=True)
    doc = load(text)
    assert doc.data == yaml.safe_load(text)
    assert doc.diagnostics == []
    locator = Locator(doc.root)
    lines = text.splitlines()
    for path, leaf in _leaves(doc.data):
        node = locator.node(path)
        assert isinstance(node, ScalarNode)
        line, col, _, _ = locator.position(path)
        assert 1 <= line <= len(lines) + 1 and col >= 1
        if isinstance(leaf, str) and leaf and node.style is None and "\n" not in leaf:
            # plain scalars: the text at the reported position is the value itself
            assert lines[line - 1][col - 1 :].startswith(node.value[:1])


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(keys, scalars, min_size=1, max_size=5), st.data())
def test_duplicate_key_reported_at_second_key(mapping, data):
    key = data.draw(st.sampled_from(sorted(mapping)))
    text = "".join(f"{yaml.safe_dump({k: v})}" for k, v in mapping.items())
    text += f"{key}: 1\n"
    doc = load(text)
    dups = [d for d in doc.diagnostics if d.code == "RA003"]
    assert len(dups) == 1
    assert dups[0].line == len(text.splitlines())
    assert dups[0].column == 1
    assert doc.data[key] == yaml.safe_load(yaml.safe_dump({key: mapping[key]}))[key]  # first kept


def test_first_value_of_duplicate_key_is_kept():
    doc = load("a: 1\nb: 2\na: 3\n")
    assert doc.data == {"a": 1, "b": 2}
    (diag,) = doc.diagnostics
    assert (diag.code, diag.line, diag.column) == ("RA003", 3, 1)


def test_x_keys_are_ignored():
    doc = load("a: 1\nx-note: hello\nb: {x-y: 2, c: 3}\n")
    assert doc.data == {"a": 1, "b": {"c": 3}}


def test_merge_keys_and_positions():
    text = (
        "defaults: &d\n"
        "  owner: Dana\n"
        "  channel: email\n"
        "tactics:\n"
        "  - <<: *d\n"
        "    id: t1\n"
        "    channel: events\n"
    )
    doc = load(text)
    assert doc.data["tactics"][0] == {"id": "t1", "channel": "events", "owner": "Dana"}
    loc = Locator(doc.root)
    assert loc.position(("tactics", 0, "channel"))[:2] == (7, 14)
    assert loc.position(("tactics", 0, "owner"))[:2] == (2, 10)  # where the merged value stands
    assert loc.position(("tactics", 0, "id"), key=True)[:2] == (6, 5)


def test_unsafe_tags_are_never_constructed():
    text = "a: !!python/object/apply:os.system ['echo pwned']\nb: !custom 3\n"
    doc = load(text)
    assert doc.data["b"] == "3"
    assert isinstance(doc.data["a"], list)
    codes = [(d.code, d.line) for d in doc.diagnostics]
    assert codes == [("RA002", 1), ("RA002", 2)]


def test_bad_timestamp_is_a_diagnostic_not_a_crash():
    doc = load("d: 2027-02-30\n")
    assert doc.data == {"d": "2027-02-30"}
    assert doc.diagnostics[0].code == "RA002"


def test_aliases_are_built_once_and_shared():
    doc = load("a: &x [1, 2, 3]\nb: *x\n")
    assert doc.data["a"] is doc.data["b"]


def test_node_limit_message_blames_aliases_only_when_there_are_some():
    import pytest

    from ramaudit.loader import LoadLimitError

    with pytest.raises(LoadLimitError, match="holds more than 5 values"):
        load("a: [1, 2, 3, 4, 5, 6]\n", max_nodes=5)
    with pytest.raises(LoadLimitError, match="through aliases"):
        load("a: &a [1, 2, 3]\nb: [*a, *a, *a, *a]\n", max_nodes=10)
