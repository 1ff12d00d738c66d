"""The editor's incremental audit (ramaudit.incremental, issues 14 and 15) equals a
fresh full audit of the same text after any sequence of edits: inside one item, across
items, adding and removing lines, breaking the YAML, anchors, tags and flow
collections. Whatever it declines to audit alone falls back to the full audit."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramaudit import incremental
from ramaudit.api import AuditResult, audit_buffer
from ramaudit.config.files import Settings
from ramaudit.core import loader


def _plan() -> str:
    rows = ["# a plan for the incremental audit", "plan:", "  name: Incremental plan"]
    rows += ["  owner: Ana Silva", "  period: {start: 2027-01-01, end: 2027-12-31}"]
    rows += ["  budget: 100000", "segments:", "  - id: seg-1", "    name: Small firms"]
    rows += ["    voice_of_customer:", '      - "We need fewer steps."']
    rows += ["goals:", "  - id: g-1", "    name: Grow revenue", "    type: retention"]
    rows += ["    owner: Ana Silva", "    objectives:"]
    for o in range(2):
        rows += [f"      - id: o-{o}", f"        name: Objective {o}", "        owner: Ben Lee"]
        rows += ["        kpis:", "          - metric: pipeline", "            target: 10"]
        rows += ["            baseline: 12", "            deadline: 2027-12-31"]
        rows += ["        tactics:"]
        for t in range(2):
            rows += [f"          - id: t-{o}{t}", f"            name: Tactic {o}{t}"]
            rows += ["            owner: Cy Dee and Eve Fox", "            channel: email"]
            rows += [f"            budget: {100 * (t + 1)}", "            segment: seg-1"]
            rows += ["            start: 2027-02-01", "            end: 2027-03-01"]
            rows += ["            kpis:", "              - {metric: clicks, target: 5}"]
    rows += ["tactics:"]
    for t in range(3):
        rows += [f"  - id: t-x{t}", f"    name: Loose tactic {t}", "    objectives: [o-0]"]
        rows += ["    stage: convert", "    description: |", "      Several lines", ""]
        rows += ["      of text", "    # a comment", "    budget: TBD"]
    rows += ["  - id: t-lone", "    name: Lone tactic", "    budget: 40", "    owner: TBD"]
    rows += ["budget_lines:", "  - id: b-1", "    kind: tools", "    amount: 500"]
    return "\n".join(rows) + "\n"


BASE = _plan()
SNIPPETS = [
    "x",
    "7",
    " ",
    "",
    ":",
    "- ",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "{",
    "]",
    "\n",
    "\n    owner: Zed Young",
    "\n            status: active",
    "\n  - id: t-new\n    name: New",
    "\n            kpis: []",
    "\n              - metric: revenue\n                target: 3",
    "\n            depends_on: [t-00]",
    "\n            objectives: o-1",
    "\n            spent: 50",
    "\n            name: twice",
    "\n          - id: t-00",
    "\n    campaign: c-1",
    "\t",
    "TBD",
    "Q3 2027",
    "\n---\n",
    "\n  # ramaudit: ignore RA202 -- reason",
]


@st.composite
def _edit(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    line = draw(st.integers(0, len(lines) - 1))
    start = sum(len(x) + 1 for x in lines[:line]) + draw(st.integers(0, len(lines[line])))
    start = min(start, len(text))
    cut = draw(st.sampled_from([0, 0, 0, 1, 2, 5, 30]))
    return text[:start] + draw(st.sampled_from(SNIPPETS)) + text[start + cut :]


# Characters that keep an entry readable alone, mostly: what typing a value looks like.
TYPED = st.text(st.sampled_from("ab 7.-:%TBD#o"), min_size=1, max_size=4)


@st.composite
def _typing(draw: st.DrawFn, text: str) -> str:
    """A few characters typed or deleted inside a line of an item (its keys' values)."""
    lines = text.split("\n")
    inside = [i for i, line in enumerate(lines) if line.startswith("    ") and ": " in line]
    line = draw(st.sampled_from(inside))
    at = sum(len(x) + 1 for x in lines[:line]) + lines[line].index(": ") + 2
    at += draw(st.integers(0, len(lines[line]) - lines[line].index(": ") - 2))
    cut = draw(st.sampled_from([0, 0, 1, 3]))
    return text[:at] + draw(TYPED) + text[at + cut :]


def _seen(result: AuditResult) -> Any:
    plan = result.plan
    shape = None
    if plan is not None:
        shape = (
            [(type(i).__name__, i.path, i.id, i.label) for i in plan.items()],
            plan.diagnostics,
            plan.unread,
            plan.version,
            plan.tracks_spend,
            plan.tracks_progress,
        )
    return (
        [(f, f.fix, f.severity, f.item, f.pointer) for f in result.findings],
        result.error,
        result.score,
        result.unread,
        result.plan_name,
        result.parents,
        shape,
    )


def _graph(result: AuditResult) -> Any:
    graph = result.graph
    if graph is None:
        return None
    nodes = [(n, dict(a)) for n, a in graph.trace.nodes.items()]
    items = {k: (type(v).__name__, v.path) for k, v in graph.items.items()}
    edges = [(u, v, dict(a)) for u, v, a in graph.trace.edges(data=True)]
    return nodes, items, edges, graph.links, graph.traceable, graph.served, graph.cycles


@pytest.fixture(scope="module")
def where(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Settings]:
    folder: Path = tmp_path_factory.mktemp("incr")
    path = folder / "plan.yaml"
    path.write_text(BASE)
    return str(path), Settings()


def _check_edits(
    data: st.DataObject,
    where: tuple[str, Settings],
    edit: Callable[[str], st.SearchStrategy[str]],
    most: int,
) -> None:
    """Up to ``most`` edits drawn from ``edit``, one after another, each audited from
    the audit before it (or afresh, where the incremental audit declines) as a fresh
    full audit of the text audits it."""
    path, config = where
    result, _, kept = incremental.audit_edit(path, BASE, config, None, None)
    assert _seen(result) == _seen(audit_buffer(path, BASE, config, scored=False)[0])
    text = BASE
    for _ in range(data.draw(st.integers(1, most))):
        text = data.draw(edit(text))
        again = incremental.reaudit(kept, text) if kept is not None else None
        full = audit_buffer(path, text, config, scored=False)[0]
        if again is None:
            result, _, kept = incremental.audit_edit(path, text, config, None, None)
        else:
            result, kept = again
            assert _graph(result) == _graph(full)
            _same_table(kept, text)
        assert _seen(result) == _seen(full)


def _same_table(kept: Any, text: str) -> None:
    """The spliced node table is the one a fresh parse of the text makes: the same
    nodes, texts and children, every node at the same place."""
    spliced = kept.loaded.doc.root
    fresh = loader.parse(text)
    assert fresh is not None and spliced is not None
    assert (bytes(spliced.kinds), spliced.tags, spliced.values) == (
        bytes(fresh.kinds),
        fresh.tags,
        fresh.values,
    )
    assert spliced.styles == fresh.styles
    assert {k: list(v) for k, v in spliced.children.items()} == {
        k: list(v) for k, v in fresh.children.items()
    }
    assert list(spliced.offsets) == list(fresh.offsets)
    assert [spliced.position(n) for n in range(len(fresh))] == [
        fresh.position(n) for n in range(len(fresh))
    ]


EDITS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@EDITS
@given(data=st.data())
def test_edits_audit_as_a_fresh_audit(data: st.DataObject, where: tuple[str, Settings]) -> None:
    _check_edits(data, where, _edit, 4)


@EDITS
@given(data=st.data())
def test_typing_inside_items_audits_as_a_fresh_audit(
    data: st.DataObject, where: tuple[str, Settings]
) -> None:
    _check_edits(data, where, _typing, 6)


def test_an_edit_inside_a_tactic_is_audited_alone(where: tuple[str, Settings]) -> None:
    path, config = where
    _, _, kept = incremental.audit_edit(path, BASE, config, None, None)
    assert kept is not None
    cases = [
        BASE.replace("name: Tactic 01", "name: Tactic 01 renamed"),
        BASE.replace("budget: 200", "budget: 2000", 1),
        BASE.replace("name: Tactic 10\n", "name: Tactic 10\n            description: Two\n"),
        BASE.replace("    name: Loose tactic 1\n", "    name: Loose tactic 1\n    channel: web\n"),
        BASE.replace("    stage: convert\n", "    stage: nowhere\n", 1),
        BASE.replace("name: Small firms", "name: TBD"),
        BASE.replace("amount: 500\n", "amount: 5000"),  # the last item, at the text's end
    ]
    for text in cases:
        assert text != BASE
        again = incremental.reaudit(kept, text)
        assert again is not None, text
        assert _seen(again[0]) == _seen(audit_buffer(path, text, config, scored=False)[0])


def test_an_edit_places_only_the_nodes_it_needs(where: tuple[str, Settings]) -> None:
    """Splicing an edit's nodes into the table moves offsets; it does not work out the
    line and column of every node of the plan (that cost an edit of a 1,000-tactic plan
    40 ms in the language server, more than the rest of its audit)."""
    path, config = where
    _, _, kept = incremental.audit_edit(path, BASE, config, None, None)
    assert kept is not None
    text = BASE.replace("name: Tactic 01", "name: Tactic 01 renamed")
    again = incremental.reaudit(kept, text)
    assert again is not None
    for table in (kept.loaded.doc.root, again[1].loaded.doc.root):
        assert table is not None
        assert table._marks is None
    assert _seen(again[0]) == _seen(audit_buffer(path, text, config, scored=False)[0])


def test_a_configuration_read_again_keeps_the_audit(where: tuple[str, Settings]) -> None:
    """The server reads configurations again every few seconds: one that says the same
    still lets an edit be audited from the last audit."""
    path, config = where
    _, _, kept = incremental.audit_edit(path, BASE, config, None, None)
    assert kept is not None
    text = BASE.replace("name: Tactic 01", "name: Tactic 1")
    result, _, now = incremental.audit_edit(path, text, Settings(), None, kept)
    assert now is not None and now.loaded.graph.trace is kept.loaded.graph.trace
    assert _seen(result) == _seen(audit_buffer(path, text, config, scored=False)[0])


def test_what_is_not_one_item_falls_back(where: tuple[str, Settings]) -> None:
    path, config = where
    _, _, kept = incremental.audit_edit(path, BASE, config, None, None)
    assert kept is not None
    cases = [
        BASE.replace("name: Tactic 01", "name: &n Tactic 01"),  # an anchor
        BASE.replace("\ngoals:", "\n goals:"),  # the line after an item changes
        BASE.replace("  name: Incremental plan", "  name: Other plan"),  # the plan block
        BASE.replace("- id: t-x1", "- id: t-x1\n  - id: t-x9"),  # a new entry
        BASE.replace("Tactic 00\n", "Tactic 00\n").replace("t-01\n", "t-01\n      bad: [\n"),
    ]
    for text in cases:
        assert incremental.reaudit(kept, text) is None


def test_each_rule_declares_what_its_findings_depend_on() -> None:
    """The incremental audit trusts ``Rule.depends_on``: every rule says one of the three
    words, only an item rule names other lists it reads, and those are the plan's lists."""
    from ramaudit.rules import ALL_RULES

    lists = {"segments", "goals", "objectives", "tactics", "campaigns", "milestones"}
    for rule_cls in ALL_RULES:
        assert rule_cls.depends_on in {"item", "item+graph", "plan"}, rule_cls.code
        if rule_cls.also_reads:
            assert rule_cls.depends_on == "item", rule_cls.code
            assert set(rule_cls.also_reads) <= lists | {"budget_lines"}, rule_cls.code
    item = {r.code for r in ALL_RULES if r.depends_on == "item"}
    # The loader's and the cross-item rules must never be judged item by item.
    assert item.isdisjoint({"RA001", "RA002", "RA003", "RA004", "RA005", "RA303"})


@given(
    st.sampled_from(["I", "Q"]),
    st.lists(st.integers(0, 2**31), max_size=50),
    st.integers(-(2**31), 2**31),
)
def test_shifted_offsets_are_each_offset_plus_the_shift(
    typecode: str, numbers: list[int], by: int
) -> None:
    # Only shifts that keep every offset within the typecode, as an edit's do.
    by = max(by, -min(numbers, default=0))
    if typecode == "I":
        by = min(by, 2**32 - 1 - max(numbers, default=0))
    got = incremental.shifted(array(typecode, numbers), by)
    assert got.typecode == typecode
    assert got.tolist() == [n + by for n in numbers]
