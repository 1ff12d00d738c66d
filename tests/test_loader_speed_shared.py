"""What the loader and the walk share between nodes and models reads as what they made
one by one before: the same tables, values and fields written, whether a plain scalar's
text comes from the run's cache of plain scalars or is read afresh, and whether a
model's set of fields written is shared with models validated before it or its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from ramaudit.core import loader, model
from ramaudit.core.loader import Locator
from ramaudit.core.vocabulary import DEFAULT
from test_loader_fast import plain_documents, shape
from test_loader_table import trees, yaml_chars

BENCH_PLAN = Path(__file__).resolve().parent.parent / "bench" / "gen_plan.py"


def _table(table: loader.NodeTable | None) -> Any:
    if table is None:
        return None
    return (
        bytes(table.kinds),
        table.tags,
        table.values,
        dict(table.styles),
        list(table.marks),
        {k: list(v) for k, v in table.children.items()},
    )


def _reading(text: str) -> Any:
    try:
        doc = loader.load(text, extension_prefix="x-")
    except (yaml.YAMLError, loader.LoadLimitError) as exc:
        return ("error", type(exc).__name__, str(exc))
    return shape(doc.data), doc.issues, _table(doc.root)


def _uncached(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The reading with every plain scalar read afresh, nothing kept."""
    with monkeypatch.context() as m:
        m.setattr(loader, "_PLAIN", {})
        m.setattr(loader, "_PLAIN_TAG_CACHE", 0)
        return _reading(text)


def agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = _uncached(text, monkeypatch)
    assert _reading(text) == fresh  # the cache filled by this text, or before it
    assert _reading(text) == fresh  # read a second time, every scalar from the cache


@settings(max_examples=300, deadline=None)
@given(plain_documents())
def test_generated_documents_read_the_same_from_the_cache(text: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        agree(text, m)


@settings(max_examples=200, deadline=None)
@given(yaml_chars)
def test_random_text_reads_the_same_from_the_cache(text: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        agree(text, m)


@settings(max_examples=200, deadline=None)
@given(trees, st.sampled_from([False, True, None]))
def test_dumped_documents_read_the_same_from_the_cache(tree: object, flow: bool | None) -> None:
    with pytest.MonkeyPatch.context() as m:
        agree(yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True), m)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: '1'\nc: 1\n1: a\n",  # the same text as a number, as text and as a key
        "[0o17, 0x1F, 1e3, .nan, -.inf, ~, null, '', true, False, 010, 1_000]\n",
        "a: " + "9" * 5_000 + "\nb: " + "9" * 5_000 + "\n",  # HugeNumbers
        "d: &d {k: 1}\ne: {<<: *d, k: 2}\nf: <<\n",  # merge keys
        "a: !!str 1\nb: 1\n",  # a tag written
    ],
)
def test_documents_the_cache_must_read_as_written(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    agree(text, monkeypatch)


def test_examples_read_the_same_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        agree(path.read_text(encoding="utf-8"), monkeypatch)


def test_repeated_plain_scalars_share_one_string(monkeypatch: pytest.MonkeyPatch) -> None:
    # the cache keeps the first scalars met in the process: other tests may have filled it
    monkeypatch.setattr(loader, "_PLAIN", {})
    doc = loader.load("- {id: a-1, stage: act}\n- {id: a-2, stage: act}\n")
    first, second = doc.data
    assert first["stage"] is second["stage"]
    assert next(iter(first)) is next(iter(second))  # the key 'id'
    table = doc.root
    assert table is not None
    first_stage, second_stage = (v for v in table.values if v == "stage")
    assert first_stage is second_stage


# ----------------------------------------------------------------- the walk's field sets


def _bench_text(tactics: int) -> str:
    import importlib.util

    spec = importlib.util.spec_from_file_location("ramaudit_bench_gen_plan", BENCH_PLAN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.plan_text(tactics))


def _fields(text: str) -> list[tuple[str, Any, frozenset[str], dict[str, Any]]]:
    doc = loader.load(text, extension_prefix=model.EXTENSION_PREFIX)
    plan = model.build_plan(doc.data, Locator(doc.root, model.SPELLINGS), DEFAULT)
    out = []
    models: list[Any] = [*plan.items(), *([plan.info] if plan.info else [])]
    models += [k for item in plan.items() for k in getattr(item, "kpis", [])]
    for m in models:
        where = getattr(m, "_path_", ())
        out.append((type(m).__name__, where, frozenset(m.__pydantic_fields_set__), m.__dict__))
    out.append(("diagnostics", plan.diagnostics, frozenset(), {}))
    return out


def _unshared(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(model, "_FIELD_SETS", {})
        m.setattr(model, "_FIELD_SETS_KEPT", 0)
        return _fields(text)


def test_shared_field_sets_are_the_sets_pydantic_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]
    texts.append(_bench_text(60))
    for text in texts:
        assert _fields(text) == _unshared(text, monkeypatch)


item_keys = st.sampled_from(
    ["id", "name", "owner", "channel", "stage", "segment", "segments", "budget", "start",
     "end", "objectives", "objective", "kpis", "depends_on", "after", "status", "color"]
)  # fmt: skip
item_values = st.sampled_from(["t-1", "x", "TBD", "2027-01-01", "100", "-5", "[a, b]", "{}", ""])


@st.composite
def tactic_lists(draw: st.DrawFn) -> str:
    lines = ["plan: {name: p}", "tactics:"]
    for _ in range(draw(st.integers(1, 6))):
        keys = draw(st.lists(item_keys, min_size=1, max_size=6, unique=True))
        lines.append("  - " + ", ".join(f"{k}: {draw(item_values)}" for k in keys).join("{}"))
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(tactic_lists())
def test_generated_items_get_the_field_sets_pydantic_makes(text: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        assert _fields(text) == _unshared(text, m)


def test_setting_a_field_leaves_the_shared_set_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # the sets kept are the first few met in the process: other tests may have filled them
    monkeypatch.setattr(model, "_FIELD_SETS", {})
    text = "plan: {name: p}\ntactics:\n  - {id: t-1}\n  - {id: t-2}\n"
    doc = loader.load(text)
    plan = model.build_plan(doc.data, Locator(doc.root, model.SPELLINGS), DEFAULT)
    first, second = plan.tactics
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    model._set_field(first, "budget", 5.0)
    assert "budget" in first.__pydantic_fields_set__
    assert "budget" not in second.__pydantic_fields_set__
