"""The import's direct YAML writer (ramaudit.authoring.block_yaml) against PyYAML's
dumper, the general path it stands in for: the same text, or None (then PyYAML)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.authoring.csv_import import _plan_writer, dump_section, import_csv_text, plan_yaml

# Characters that decide PyYAML's quoting, and some that it escapes.
TRICKY = "aZ09 -:#?,[]{}'\"!&*|>%@`.~_/é€\n\t\u200e\x85\u2028\ufeff"
# Words that YAML reads as something other than text.
WORDS = [
    "yes",
    "no",
    "on",
    "null",
    "Null",
    "~",
    "true",
    "1e5",
    "0o17",
    "0x1F",
    "nan",
    ".inf",
    "2027-01-01",
    "12:30",
    "1_000",
    "-",
    "---",
    "...",
    "- a",
    "a: b",
    "a #b",
    "a:",
    "?",
    ":x",
    "x:y",
    "'q'",
    "",
    " lead",
    "trail ",
    "t-000001",
    "o-00001",
    "Run podcast 1",
]

texts = st.one_of(st.sampled_from(WORDS), st.text(TRICKY, max_size=12))
keys = st.one_of(st.sampled_from(["id", "name", "metric", "kpis", "target", ""]), texts)
scalars = st.one_of(
    texts,
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(keys, inner, max_size=5),
    ),
    max_leaves=25,
)


def check_same(section: dict[str, Any]) -> str | None:
    emitted = _plan_writer().emit(section)
    if emitted is not None:
        assert emitted == dump_section(section)
    return emitted


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=3))
def test_writer_writes_what_pyyaml_writes(section: dict[str, Any]) -> None:
    check_same(section)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["id", "name", "metric"]), texts), max_size=6))
def test_writer_matches_in_sequences_of_mappings(items: list[dict[str, Any]]) -> None:
    check_same({"tactics": items})


def test_plain_plan_data_is_written_directly() -> None:
    kpi = {"metric": "leads", "target": 5, "deadline": dt.date(2027, 12, 31)}
    section = {
        "tactics": [
            {"id": "t-1", "name": "Run: a test", "objectives": ["o-1", "o-2"], "kpis": [kpi]},
            {"id": "t-2", "name": "yes", "budget": 1.5, "nested": [[1, 2], {"a": None}]},
            {"id": "t-3", "tags": [], "extra": {}, "long": ["x" * 41]},
        ]
    }
    assert check_same(section) is not None


def test_left_to_pyyaml() -> None:
    day = dt.date(2027, 1, 1)
    shared = {"a": 1}
    for section in (
        {"plan": {"start": day, "end": day}},  # one object twice: PyYAML anchors it
        {"plan": [shared, shared]},
        {"plan": "two\nlines"},
        {"plan": "a\u200eb"},
        {"plan": {"x" * 128: 1}},  # a complex key
        {"plan": {"": 1}},
        {"plan": {1: "a"}},
    ):
        assert check_same(section) is None


def test_import_output_unchanged_by_the_writer() -> None:
    sheet = (
        "type,id,name,parent,owner,budget,start,end,metric,target\n"
        "plan,,Plan: 2027 #1,,Ann,1000,2027-01-01,2027-12-31,,\n"
        "objective,o-1,yes,,Ann,,,,,\n"
        "tactic,t-1,'quoted' name,o-1,Bob,500,2027-02-01,2027-03-01,leads,10\n"
        'tactic,t-2,"two\nlines",o-1,Bob,,,,,\n'
    )
    result = import_csv_text(sheet, "sheet.csv")
    header = "Imported from sheet.csv by ramaudit import."
    general = "\n".join(
        [f"# {header}\n"] + [dump_section({k: v}) for k, v in result.document.items()]
    )
    from ramaudit.report import escape

    assert plan_yaml(result.document, header) == escape.yaml_document(general)


def test_very_long_text_is_left_to_pyyaml() -> None:
    long_words = "word " * 12_000 + "end"
    assert check_same({"plan": {"name": long_words}}) is None
    assert check_same({"plan": {"name": "x" * 1000}}) is not None
