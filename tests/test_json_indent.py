"""The indented JSON writer (ramaudit.report.json_indent) against json.dumps."""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.report import escape
from ramaudit.report.json_indent import dumps


class Colour(enum.StrEnum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


def convert(value: Any) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


scalars = st.one_of(
    st.text(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.sampled_from([Colour.RED, Level.HIGH, float("nan"), -0.0, float("-inf")]),
)
keys = st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none())
docs = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(keys, inner, max_size=4),
        st.sets(st.integers(), max_size=3),
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(docs, st.sampled_from([0, 1, 2, 4, "\t"]))
def test_same_text_as_json_dumps(doc: Any, indent: int | str) -> None:
    expected = json.dumps(doc, indent=indent, ensure_ascii=False, default=convert)
    assert dumps(doc, indent=indent, default=convert) == expected


@settings(max_examples=200, deadline=None)
@given(docs)
def test_json_text_unchanged(doc: Any) -> None:
    raw = json.dumps(doc, indent=2, ensure_ascii=False, default=convert)
    assert (
        escape.json_text(doc, default=convert)
        == escape._JSON_RAW.sub(escape._json_escape, raw) + "\n"
    )


def test_errors_are_json_dumps_errors() -> None:
    loop: list[Any] = []
    loop.append(loop)
    for doc, error in (
        ({(1, 2): "tuple key"}, TypeError),
        ({"x": object()}, TypeError),
        (loop, ValueError),
    ):
        with pytest.raises(error):
            json.dumps(doc, indent=2, ensure_ascii=False, default=None)
        with pytest.raises(error):
            dumps(doc, indent=2, default=None)
    deep: list[Any] = []
    for _ in range(300):
        deep = [deep]
    assert dumps(deep, indent=2, default=None) == json.dumps(deep, indent=2)
