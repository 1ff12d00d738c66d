"""The loader: plain values as a YAML 1.2 (core schema) reader sees them, positions are
exact, problems are issues in YAML's terms (the rules word them and give them codes)."""

from __future__ import annotations

import datetime as dt
import math
import pickle

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode

from ramaudit.core.loader import CoreSafeDumper, HugeNumber, IssueKind, Locator, load

keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=8)
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


def as_written(value):
    """What a YAML 1.2 reader gives back for a dumped value: dates are text."""
    if isinstance(value, dict):
        return {k: as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_written(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def dump(value, **options):
    return yaml.dump(value, Dumper=CoreSafeDumper, allow_unicode=True, **options)


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
def test_values_round_trip_and_every_leaf_is_located(data, style):
    text = dump(data, default_flow_style=(style == "flow"))
    doc = load(text)
    assert doc.data == as_written(data)
    assert doc.issues == []
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
    text = "".join(f"{dump({k: v})}" for k, v in mapping.items())
    text += f"{key}: 1\n"
    doc = load(text)
    dups = [d for d in doc.issues if d.kind is IssueKind.DUPLICATE_KEY]
    assert len(dups) == 1
    assert dups[0].line == len(text.splitlines())
    assert dups[0].column == 1
    assert doc.data[key] == as_written(mapping[key])  # first kept


def test_first_value_of_duplicate_key_is_kept():
    doc = load("a: 1\nb: 2\na: 3\n")
    assert doc.data == {"a": 1, "b": 2}
    (issue,) = doc.issues
    assert (issue.kind, issue.text, issue.line, issue.column) == ("duplicate-key", "a", 3, 1)


def test_keys_with_the_extension_prefix_are_left_out_unread_when_asked():
    text = "a: 1\nx-note: !!int hello\nb: {x-y: 2, c: 3}\nx-note: again\n"
    doc = load(text, extension_prefix="x-")
    assert doc.data == {"a": 1, "b": {"c": 3}}
    assert doc.issues == []  # neither the bad scalar nor the second x-note is looked at
    plain = load(text)
    assert plain.data["b"] == {"x-y": 2, "c": 3}
    assert [i.kind for i in plain.issues] == ["unreadable-scalar", "duplicate-key"]


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
    found = [(i.kind, i.node, i.tag, i.line) for i in doc.issues]
    assert found == [
        ("unknown-tag", "sequence", "tag:yaml.org,2002:python/object/apply:os.system", 1),
        ("unknown-tag", "scalar", "!custom", 2),
    ]


def test_dates_are_text_and_an_explicit_timestamp_tag_is_quietly_text():
    # The YAML 1.2 core schema has no timestamps; the model reads ISO dates from text.
    doc = load("d: 2027-02-30\ne: 2027-01-01\nf: !!timestamp 2027-01-01\n")
    assert doc.data == {"d": "2027-02-30", "e": "2027-01-01", "f": "2027-01-01"}
    assert doc.issues == []


# The YAML 1.2 core schema (spec section 10.3.2): every form it resolves, and YAML 1.1
# forms that are plain text in 1.2.
CORE_SCHEMA = [
    ("null", None),
    ("Null", None),
    ("NULL", None),
    ("~", None),
    ("", None),
    ("true", True),
    ("True", True),
    ("TRUE", True),
    ("false", False),
    ("FALSE", False),
    ("0", 0),
    ("010", 10),  # YAML 1.1: 8
    ("-019", -19),
    ("+12", 12),
    ("0o17", 15),  # YAML 1.1: text
    ("0o0", 0),
    ("0x1F", 31),
    ("0xff", 255),
    ("1.5", 1.5),
    ("-.5", -0.5),
    ("+1.", 1.0),
    ("1e5", 100000.0),  # YAML 1.1: text
    ("6.8523015e+5", 685230.15),
    ("-1E-3", -0.001),
    (".inf", math.inf),
    ("-.Inf", -math.inf),
    ("+.INF", math.inf),
    ("1e400", math.inf),
    # text in YAML 1.2
    ("yes", "yes"),
    ("No", "No"),
    ("on", "on"),
    ("OFF", "OFF"),
    ("y", "y"),
    ("1:30", "1:30"),  # YAML 1.1: 90
    ("190:20:30", "190:20:30"),
    ("1_000", "1_000"),  # YAML 1.1: 1000
    ("0b101", "0b101"),  # YAML 1.1: 5
    ("-0x1F", "-0x1F"),
    ("0o8", "0o8"),
    ("0X1F", "0X1F"),
    ("2027-01-01", "2027-01-01"),  # YAML 1.1: a date
    ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
    ("=", "="),
    ("nULL", "nULL"),
    ("tRUE", "tRUE"),
    (".NAn", ".NAn"),
    ("inf", "inf"),
    ("nan", "nan"),
    ("1.2.3", "1.2.3"),
    ("12e", "12e"),
    ("+", "+"),
    (".", "."),
    ("0x", "0x"),
]


@pytest.mark.parametrize(
    ("text", "expected"), CORE_SCHEMA, ids=[t or "empty" for t, _ in CORE_SCHEMA]
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text, expected):
    value = load(f"v: {text}\n").data["v"]
    assert type(value) is type(expected) and value == expected
    # a quoted scalar is always text
    assert load(f"v: '{text}'\n").data["v"] == text


@pytest.mark.parametrize("text", [".nan", ".NaN", ".NAN"])
def test_nan(text):
    assert math.isnan(load(f"v: {text}\n").data["v"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!!int 10", 10),
        ("!!int 0x1F", 31),
        ("!!float 10", 10.0),
        ("!!float .inf", math.inf),
        ("!!bool true", True),
        ("!!null null", None),
        ("!!str 10", "10"),
        ("!!str true", "true"),
        ("!!str ~", "~"),
    ],
)
def test_explicit_core_tags(text, expected):
    doc = load(f"v: {text}\n")
    assert type(doc.data["v"]) is type(expected) and doc.data["v"] == expected
    assert doc.issues == []


@pytest.mark.parametrize(
    "text", ["!!int 1_000", "!!int 1:30", "!!int 1.5", "!!float 1_0.5", "!!bool yes", "!!null x"]
)
def test_explicit_tags_refuse_yaml_1_1_forms_with_an_issue(text):
    doc = load(f"v: {text}\n")
    assert doc.data["v"] == text.split(" ", 1)[1]  # kept as text
    tag, written = text.removeprefix("!!").split(" ", 1)
    (issue,) = doc.issues
    assert issue.kind is IssueKind.UNREADABLE_SCALAR and issue.line == 1
    assert (issue.tag, issue.text) == (f"tag:yaml.org,2002:{tag}", written)
    assert issue.reason  # why, in YAML's terms: the rule that reports it quotes it


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("9" * 5000, 5000),
        ("-" + "1" * 4301, 4301),
        ("+000" + "7" * 9000, 9000),
        ("0x" + "f" * 4000, 4817),
        ("0o" + "7" * 6000, 5419),
        ("!!int " + "1" * 5000, 5000),
    ],
)
def test_integers_past_pythons_digit_limit_are_kept_as_text_not_a_crash(text, digits):
    # Python refuses int() of more than 4,300 decimal digits, and str() of such an int;
    # the loader keeps the written text, marked, for the model to refuse.
    doc = load(f"v: {text}\nw: [{text}]\n")
    value = doc.data["v"]
    assert isinstance(value, HugeNumber) and isinstance(value, str)
    assert abs(value.digits - digits) <= 1
    assert str(value) == text.removeprefix("!!int ")
    assert doc.data["w"] == [value]
    assert doc.issues == []
    again = pickle.loads(pickle.dumps(value))  # plans cross processes in parallel runs
    assert isinstance(again, HugeNumber) and again.digits == value.digits


def test_integers_up_to_the_limit_are_numbers():
    assert load("v: " + "9" * 4300 + "\n").data["v"] == 10**4300 - 1
    assert load("v: 0x" + "f" * 3000 + "\n").data["v"] == 16**3000 - 1


# Text that looks like numbers, booleans, nulls, dates and times in either YAML version.
lookalikes = st.text(alphabet="0123456789abcdefxoXOeE.+-:_~ TtrueFalsNnYyi<=", max_size=10)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        lookalikes, st.text(max_size=12).filter(lambda t: not {"\x85", "\u2028", "\u2029"} & set(t))
    )
)
def test_the_dumper_quotes_what_either_yaml_version_would_misread(text):
    """ramaudit writes plans (import, init) that PyYAML (YAML 1.1) and ramaudit and
    editors (YAML 1.2) must all read back as the same text."""
    written = dump({"v": text})
    assert load(written).data["v"] == text
    assert yaml.safe_load(written)["v"] == text


@pytest.mark.parametrize("text", ["0o17", "1e5", "yes", "1:30", "1_000", "2027-01-01", ".5"])
def test_the_dumper_quotes_numbers_and_yaml_1_1_words(text):
    assert dump({"v": text}).strip() != f"v: {text}"


def test_aliases_are_built_once_and_shared():
    doc = load("a: &x [1, 2, 3]\nb: *x\n")
    assert doc.data["a"] is doc.data["b"]


def test_node_limit_message_blames_aliases_only_when_there_are_some():
    import pytest

    from ramaudit.core.loader import LoadLimitError

    with pytest.raises(LoadLimitError) as caught:
        load("a: [1, 2, 3, 4, 5, 6]\n", max_nodes=5)
    assert (caught.value.issue.kind, caught.value.issue.limit) == (IssueKind.TOO_MANY_VALUES, 5)
    with pytest.raises(LoadLimitError) as caught:
        load("a: &a [1, 2, 3]\nb: [*a, *a, *a, *a]\n", max_nodes=10)
    assert caught.value.issue.kind is IssueKind.ALIAS_EXPANSION


@pytest.mark.parametrize("text", ["a\x85b", "\x85", "x\u2028y", "p\u2029", "c\x1bd", "\ufeffbom"])
def test_dumped_text_with_line_break_characters_reads_back_as_written(text):
    """PyYAML writes NEL, U+2028 and controls raw in plain or single-quoted text, where
    a reader folds them into spaces: the dumper double-quotes such text."""
    assert load(dump({"k": text})).data == {"k": text}
