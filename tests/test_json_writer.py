"""The indented JSON writer (ramaudit.report.json_writer) against json.dumps, the
general path it stands in for: the same text, byte for byte, on any document."""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramaudit.report import escape
from ramaudit.report.json_writer import dumps


class Level(enum.IntEnum):
    LOW = 1


class Tag(str):
    pass


class Amount(float):
    pass


# Text of every kind: controls, bidi and format characters, separators, surrogates.
TEXT = st.text(
    st.characters(blacklist_categories=()) | st.sampled_from("\x7f\x85\u2028\u202e\u200d\ud800")
)
SCALARS = (
    TEXT
    | st.integers()
    | st.floats()  # NaN and the infinities too
    | st.booleans()
    | st.none()
    | st.builds(Tag, TEXT)
    | st.builds(Amount, st.floats())
    | st.just(Level.LOW)
    | st.dates()  # no JSON type: written by ``default``
)
KEYS = TEXT | st.integers() | st.floats() | st.booleans() | st.none() | st.builds(Tag, TEXT)
DOCS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=30,
)


def general(doc: Any, indent: int) -> str:
    """json_text's general path: json.dumps, then the escapes over the whole text."""
    text = json.dumps(doc, indent=indent, ensure_ascii=False, default=str)
    return escape._JSON_RAW.sub(escape._json_escape, text) + "\n"


@given(DOCS, st.sampled_from([0, 1, 2, 4]))
def test_writer_writes_what_json_dumps_writes(doc: Any, indent: int) -> None:
    expected = json.dumps(doc, indent=indent, ensure_ascii=False, default=str)
    assert dumps(doc, indent, str) == expected


@given(DOCS)
def test_json_text_is_the_general_path_byte_for_byte(doc: Any) -> None:
    assert escape.json_text(doc, default=str) == general(doc, 2)


def test_a_key_json_refuses_is_refused_alike() -> None:
    with pytest.raises(TypeError, match="keys must be str"):
        json.dumps({(1, 2): 3}, indent=2)
    with pytest.raises(TypeError, match="keys must be str"):
        dumps({(1, 2): 3}, 2)


def test_without_default_a_value_json_refuses_is_refused_alike() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"day": dt.date(2027, 1, 1)}, 2)


def test_a_circular_document_is_left_to_json_dumps() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        escape.json_text(loop)


def test_a_very_deep_document_is_written_by_json_dumps_alike() -> None:
    deep: Any = []
    for _ in range(400):  # deeper than the writer's recursion goes, not json's
        deep = [deep]
    assert escape.json_text(deep) == general(deep, 2)
