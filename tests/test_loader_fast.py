"""The values :func:`load` builds with the node table agree with the builder's walk of
the same table: same values, in the same key order, same types, same issues; and any
document the builder would read differently or report on is left to the builder."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from ramaudit.core import loader
from test_loader_table import trees, yaml_chars  # the same random YAML


def shape(value: Any) -> Any:
    """``value`` with key order, types and NaN made comparable by ``==``."""
    if isinstance(value, dict):
        return ("map", [(k, shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [shape(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def builder_reading(text: str, prefix: str | None, max_nodes: int) -> tuple[Any, list[Any]]:
    """What the builder alone makes of ``text``'s table (the path before the fast one)."""
    table = loader.parse(text)
    assert table is not None
    builder = loader._Builder(table, max_nodes, loader.DEFAULT_MAX_DEPTH, prefix)
    try:
        value = builder.build(0)
    except loader.LoadLimitError as exc:
        return ("limit", exc.issue), []
    return shape(value), builder.issues


def agree(text: str, prefix: str | None = None, max_nodes: int = loader.DEFAULT_MAX_NODES) -> None:
    try:
        table = loader.parse(text)
    except (yaml.YAMLError, loader.LoadLimitError):
        return  # refused before any value is built, by the same recorder
    if table is None:
        assert loader.load(text).data is None
        return
    want = builder_reading(text, prefix, max_nodes)
    try:
        doc = loader.load(text, extension_prefix=prefix, max_nodes=max_nodes)
    except loader.LoadLimitError as exc:
        assert want == (("limit", exc.issue), [])
        return
    assert (shape(doc.data), doc.issues) == want


plain_words = st.sampled_from(
    ["a", "x-a", "x-", "<<", "null", "~", "", "true", "False", "yes", "on", "010", "0o17",
     "0x1F", "-5", "+3", "1.5", ".5", "1e3", "-.inf", ".NaN", "1_000", "1:30", "2027-01-01",
     "0o9", "12" * 3000, "1." * 2]
)  # fmt: skip


@st.composite
def plain_documents(draw: st.DrawFn, depth: int = 0) -> str:
    """Block and flow YAML of plain words as keys and values (duplicates, merge keys,
    writer's keys, numbers as keys, anchors and aliases, tags)."""
    kind = draw(st.sampled_from(["map", "seq", "flow"] if depth < 3 else ["flow"]))
    indent = "  " * depth
    if kind == "flow":
        words = draw(st.lists(plain_words.filter(lambda w: len(w) < 20), max_size=4))
        return "[" + ", ".join(w or "''" for w in words) + "]"
    lines = []
    for i in range(draw(st.integers(1, 4))):
        decoration = draw(st.sampled_from(["", "", "", "&a ", "*a", "!!str ", "!x "]))
        if decoration == "*a":
            value = "*a"
        elif draw(st.booleans()):
            value = decoration + draw(plain_words)
        else:
            value = decoration + "\n" + draw(plain_documents(depth + 1))
        if kind == "map":
            key = draw(plain_words.filter(lambda w: len(w) < 20)) or f"k{i}"
            lines.append(f"{indent}{key}: {value}")
        else:
            lines.append(f"{indent}- {value}")
    return "\n".join(lines)


@settings(max_examples=500, deadline=None)
@given(plain_documents(), st.sampled_from([None, "x-"]), st.sampled_from([10_000_000, 5]))
def test_generated_documents_read_as_the_builder_reads_them(
    text: str, prefix: str | None, max_nodes: int
) -> None:
    agree(text, prefix, max_nodes)


@settings(max_examples=300, deadline=None)
@given(yaml_chars, st.sampled_from([None, "x-", "a"]))
def test_random_text_reads_as_the_builder_reads_it(text: str, prefix: str | None) -> None:
    agree(text, prefix)


@settings(max_examples=200, deadline=None)
@given(trees, st.sampled_from([False, True, None]))
def test_dumped_documents_read_as_the_builder_reads_them(tree: object, flow: bool | None) -> None:
    agree(yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key: the first counts, and is reported
        "x-a: 1\nb: 2\n",  # a writer's key
        "d: &d {k: 1}\ne: {<<: *d, k: 2}\n",  # merge keys and aliases
        "a: <<\n",  # a merge key's text as a value is an unknown tag
        "? [a]\n: 1\n",  # a list as a key
        "1: one\nnull: none\ntrue: yes\n",  # keys are the texts written
        "a: !!int 1\nb: !!str 2\nc: !foo x\n",  # tags written
        "[1, 0o17, 0x1F, -.inf, .nan, ~, 1_000, 010, 2027-01-01]",
        "a: " + "9" * 5_000,  # a HugeNumber
        "[" * 150 + "]" * 150,  # past the fast path's depth: the builder walks it
    ],
)
def test_documents_the_builder_must_read(text: str) -> None:
    agree(text, "x-")
    agree(text, None, 3)


def test_examples_read_as_the_builder_reads_them() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        agree(path.read_text(encoding="utf-8"), "x-")


def test_a_plain_document_is_built_on_the_way() -> None:
    recorded = loader._parse("a: [1, b, {c: 2.5}]\nd: null\n", 100, "x-")
    assert recorded is not None and recorded.clean
    assert shape(recorded.data) == shape({"a": [1, "b", {"c": 2.5}], "d": None})
    for unclean in ("a: 1\na: 2\n", "x-a: 1\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {}\n"):
        recorded = loader._parse(unclean, 100, "x-")
        assert recorded is not None and not recorded.clean, unclean
