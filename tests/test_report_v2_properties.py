"""Properties of every renderer changed for plan format 2, over generated plans with
campaigns (nested and flat), milestones (done or not), dependencies (valid, missing,
looping), budget lines, placeholders and target forms:

- the diagram draws every goal, objective, campaign, milestone and tactic once, in its
  column (goals < objectives < campaigns and milestones < tactics), boxes never
  overlap within a column, and every edge is routed;
- the Mermaid source is valid flowchart syntax with every node declared; DOT reads
  back in pydot with every node and edge; GraphML reads back with every node; the
  JSON node-link graph names every item;
- the HTML and Markdown reports render, holding only the tags they may;
- the RAM spend adds up: the random acts' money is part of the planned spend, and
  budget lines are in it but never among the random acts;
- a diff of a plan with itself changes nothing, and a diff of two generated plans
  renders in every format;
- no output shows a confidential target's number.
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx
import pydot
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramaudit.api import AuditResult, audit_text
from ramaudit.comparison import compare
from ramaudit.report import RenderOptions, html, markdown
from ramaudit.report.diagram import build_diagram, layout
from ramaudit.report.diff import render_diff
from ramaudit.report.graph_formats import export_graph
from report_helpers import REPORT_TAGS, parse_html
from test_report_markdown import check_flowchart, mermaid_blocks

pytestmark = pytest.mark.filterwarnings("ignore:'\\w+' deprecated:DeprecationWarning")

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PINNED = RenderOptions(extra={"audited": "2027-01-15"})
# A confidential target no other number in a generated plan can equal.
SECRET = 7777777
TARGETS = ["+20%", "reduce by 30%", "3x", "15%", "+5% month over month", "TBD", 120, None]
DRAWN = ("goal", "objective", "campaign", "milestone", "tactic")
ORDER = {"goal": 0, "objective": 1, "campaign": 2, "milestone": 2, "tactic": 3}


@st.composite
def plans(draw: Any) -> str:
    n_o = draw(st.integers(0, 3))
    n_c = draw(st.integers(0, 3))
    n_m = draw(st.integers(0, 3))
    n_t = draw(st.integers(0, 4))
    objectives = [f"o{i}" for i in range(n_o)]
    campaigns = [f"c{i}" for i in range(n_c)]
    milestones = [f"m{i}" for i in range(n_m)]
    tactics = [f"t{i}" for i in range(n_t)]
    work = [*campaigns, *milestones, *tactics, "w-missing"]
    depends = st.lists(st.sampled_from(work), max_size=2, unique=True)
    to_objective = st.lists(st.sampled_from([*objectives, "o-missing"]), max_size=2, unique=True)

    def kpi(i: int) -> dict[str, Any]:
        target = draw(st.sampled_from(TARGETS))
        out: dict[str, Any] = {"metric": f"metric {i}", "baseline": 1000}
        if target is not None:
            out["target"] = target
        if draw(st.booleans()) and milestones:
            out["deadline"] = draw(st.sampled_from(milestones))
        return out

    doc: dict[str, Any] = {
        "version": 2,
        "plan": {"name": "Generated", "budget": draw(st.integers(0, 5000))},
        "goals": [{"id": "g"}],
        "objectives": [
            {
                "id": o,
                "goals": "g",
                "kpis": [kpi(i), {"metric": "margin", "target": SECRET, "confidential": True}],
                "contributors": draw(st.lists(st.sampled_from(["sales", "brand", "TBD"]))),
            }
            for i, o in enumerate(objectives)
        ],
        "campaigns": [
            {
                "id": c,
                "objectives": draw(to_objective),
                "budget": draw(st.one_of(st.none(), st.integers(0, 900))),
                "depends_on": draw(depends),
            }
            for c in campaigns
        ],
        "milestones": [
            {
                "id": m,
                "objectives": draw(to_objective),
                "due": "2027-03",
                "done": draw(st.sampled_from([True, False, None])),
                "depends_on": draw(depends),
            }
            for m in milestones
        ],
        "tactics": [
            {
                "id": t,
                "objectives": draw(to_objective),
                "campaign": draw(st.lists(st.sampled_from([*campaigns, "c-missing"]), max_size=1)),
                "budget": draw(st.one_of(st.none(), st.integers(0, 900))),
                "depends_on": draw(depends),
            }
            for t in tactics
        ],
        "budget_lines": [
            {"id": f"b{i}", "kind": "tools", "amount": draw(st.integers(0, 900))}
            for i in range(draw(st.integers(0, 2)))
        ],
    }
    # Written nested or flat: a campaign under its first objective, its tactics under it.
    if draw(st.booleans()) and objectives and campaigns:
        nested = doc["campaigns"].pop(0)
        nested["objectives"] = []
        doc["objectives"][0]["campaigns"] = [nested]
    return yaml.safe_dump(doc, sort_keys=False)


def audited(text: str) -> AuditResult:
    result = audit_text(text, "plan.yaml")
    assert result.plan is not None and result.graph is not None
    return result


@SETTINGS
@given(plans())
def test_the_diagram_draws_every_item_once_in_its_column(text: str) -> None:
    result = audited(text)
    d = layout(build_diagram(result.graph))
    real = [n for n in d.nodes if not n.missing]
    assert sorted(n.item_id for n in real) == sorted(
        i.id
        for i in {i.id: i for i in result.plan.items()}.values()
        if type(i).__name__.lower() in DRAWN
    )
    for a in d.nodes:
        for b in d.nodes:
            if ORDER[a.kind] < ORDER[b.kind]:
                assert a.layer < b.layer, (a.item_id, b.item_id)
            if a is not b and a.layer == b.layer:
                assert a.y + a.height <= b.y or b.y + b.height <= a.y, (a.item_id, b.item_id)
    assert all(len(e.points) >= 2 for e in d.edges)
    assert {b.item_id for b in d.budget_lines} == {b.id for b in result.plan.budget_lines}


@SETTINGS
@given(plans())
def test_every_graph_format_reads_back(text: str) -> None:
    graph = audited(text).graph
    doc = json.loads(export_graph(graph, "json"))
    ids = {n["id"] for n in doc["nodes"]}
    labels = check_flowchart(export_graph(graph, "mermaid"))
    assert len(labels) == len(ids)
    back = nx.read_graphml(io.BytesIO(export_graph(graph, "graphml").encode("utf-8")))
    assert set(back.nodes) == ids
    (dot,) = pydot.graph_from_dot_data(export_graph(graph, "dot"))
    names = {n.get_name().strip('"') for n in dot.get_nodes()} - {"graph", "node", "edge"}
    assert names == ids
    assert len(dot.get_edges()) == len(doc["links"])


@SETTINGS
@given(plans())
def test_the_reports_render_and_add_up(text: str) -> None:
    result = audited(text)
    page = html.render([result], PINNED)
    assert {t for t, _ in parse_html(page).tags} <= REPORT_TAGS
    document = markdown.render([result], PINNED)
    for block in mermaid_blocks(document):
        check_flowchart(block)
    spend = result.ram_spend
    if spend is not None:
        lines = sum(b.amount or 0 for b in result.plan.budget_lines)
        assert spend.amount <= spend.total + 1e-9
        assert (spend.lines or 0) == lines
        assert not {b.id for b in result.plan.budget_lines} & set(spend.tactics)
    for out in (page, document):
        assert str(SECRET) not in out and f"{SECRET:,}" not in out


@SETTINGS
@given(plans(), plans())
def test_diffs_render_and_a_plan_equals_itself(a: str, b: str) -> None:
    same = compare(audited(a), audited(a))
    assert not same.values and not same.added and not same.removed and not same.relinked
    diff = compare(audited(a), audited(b))
    for fmt in ("text", "markdown", "json"):
        out = render_diff(fmt, [diff])
        assert str(SECRET) not in out and f"{SECRET:,}" not in out
    json.loads(render_diff("json", [diff]))
