"""``ramaudit graph``: GraphML, DOT, JSON node-link and Mermaid exports."""

from __future__ import annotations

import io
import json

import networkx as nx
import pydot
import pytest

from ramaudit.api import audit, audit_text
from ramaudit.report.diagram import build_diagram
from ramaudit.report.graph_formats import dot_quote, export_graph, to_networkx
from ramaudit.report.markdown import mermaid
from report_helpers import EXAMPLES, hostile, random_acts
from test_report_markdown import check_flowchart

# pydot's parser still uses pyparsing's old method names.
pytestmark = pytest.mark.filterwarnings("ignore:'\\w+' deprecated:DeprecationWarning")


def read_graphml(text: str) -> nx.DiGraph:
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")))


def test_graphml_round_trips_with_scalar_attributes() -> None:
    result = random_acts()
    g = read_graphml(export_graph(result.graph, "graphml"))
    assert isinstance(g, nx.DiGraph)
    items = {n for n, k in result.graph.graph.nodes(data="kind") if k != "segment"}
    assert items <= set(g.nodes)
    billboard = g.nodes["t-highway-billboard"]
    assert billboard["kind"] == "tactic"
    assert billboard["name"] == "Six-month billboard on the I-95 on-ramp"
    assert billboard["orphan"] is True and billboard["traceable"] is False
    assert billboard["budget"] == 85000.0
    assert billboard["flags"] == "random-act"
    assert g.nodes["t-instagram-posts"]["orphan"] is False
    assert "budget" not in g.nodes["g-brand"]  # absent, never None
    assert g.nodes["o-social-buzz"]["orphan"] is True  # an objective cut off from goals
    assert g.nodes["missing:o-brand-awarness"]["missing"] is True
    assert g.edges["missing:o-brand-awarness", "t-influencer-seeding"]["problem"] == "missing"
    assert g.edges["g-brand", "o-brand-awareness"]["via"] == "goals"
    for _, attrs in g.nodes(data=True):
        assert all(v is not None for v in attrs.values())


def test_graphml_keeps_hostile_names_intact() -> None:
    result = hostile()
    g = read_graphml(export_graph(result.graph, "graphml"))
    assert {"t-</svg>", "t-<script>alert(1)</script>", 'o-"1"', "g-<i>1</i>"} <= set(g.nodes)
    assert g.nodes["t-</svg>"]["name"].startswith("<img src=x onerror=")
    assert g.graph["name"] == result.plan.info.name


def test_json_is_networkx_node_link() -> None:
    result = random_acts()
    doc = json.loads(export_graph(result.graph, "json"))
    assert doc["directed"] is True and doc["graph"]["name"] == "Oatful Co. 2027 Buzz Plan"
    g = nx.node_link_graph(doc, edges="links")
    assert g.nodes["t-expo-booth"]["budget"] == 70000.0
    assert g.nodes["g-brand"]["budget"] is None
    assert g.nodes["t-expo-booth"]["flags"] == ["random-act"]
    assert g.number_of_edges() == to_networkx(result.graph).number_of_edges()
    problems = [d["problem"] for _, _, d in g.edges(data=True)]
    assert problems.count("missing") == 1 and problems.count(None) == len(problems) - 1


def unquote(token: str) -> str:
    """A DOT quoted string back to its text (as Graphviz reads labels)."""
    assert token.startswith('"') and token.endswith('"'), token
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", '"': '"', "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def test_dot_quotes_and_escapes_hostile_names() -> None:
    result = hostile()
    text = export_graph(result.graph, "dot")
    (graph,) = pydot.graph_from_dot_data(text)
    names = {
        unquote(n.get_name())
        for n in graph.get_nodes()
        if n.get_name() not in ("node", "edge", "graph")
    }
    names |= {unquote(n.get_name()) for sub in graph.get_subgraphs() for n in sub.get_nodes()}
    assert {
        "t-</svg>",
        "t-<script>alert(1)</script>",
        'o-"1"',
        "g-<i>1</i>",
        "o-orphan&amp;",
        "missing:o-<missing>",
    } <= names
    labels = {unquote(n.get("label")) for n in graph.get_nodes() if n.get("label")}
    # a line break in a name is shown escaped, as in every output
    assert any(label.startswith("Random act with a\\nline break") for label in labels)
    edges = {(unquote(e.get_source()), unquote(e.get_destination())) for e in graph.get_edges()}
    assert ('o-"1"', "t-</svg>") in edges
    assert unquote(graph.get_name()) == result.plan.info.name


def test_dot_quote_cannot_be_broken_out_of() -> None:
    for hostile_text in ('a"b', "a\\", 'a\\"b', "x\ny", "\\n", '"];evil[label="'):
        quoted = dot_quote(hostile_text)
        assert unquote(quoted) == hostile_text
        # every quote inside is escaped by an odd run of backslashes
        body = quoted[1:-1]
        for i, ch in enumerate(body):
            if ch == '"':
                run = len(body[:i]) - len(body[:i].rstrip("\\"))
                assert run % 2 == 1


def test_dot_marks_random_acts_and_broken_links() -> None:
    text = export_graph(random_acts().graph, "dot")
    (graph,) = pydot.graph_from_dot_data(text)
    node = graph.get_node('"t-highway-billboard"')[0]
    assert node.get("orphan") == '"true"' and node.get("penwidth") == "2"
    broken = [e for e in graph.get_edges() if e.get("problem")]
    assert len(broken) == 1 and broken[0].get("style") == "dashed"


def test_mermaid_export_matches_the_markdown_report() -> None:
    result = audit(EXAMPLES / "okr-rollup.yaml")
    text = export_graph(result.graph, "mermaid")
    assert text == mermaid(build_diagram(result.graph))
    labels = check_flowchart(text)
    assert len(labels) == 8


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "graphml", "json"])
def test_every_format_handles_every_example_and_an_empty_plan(fmt: str) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        assert export_graph(audit(path).graph, fmt)
    assert export_graph(audit_text("plan: {name: Empty}\n").graph, fmt)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="choose from"):
        export_graph(random_acts().graph, "svg")


V2 = """\
version: 2
plan: {name: P}
goals: [{id: g}]
objectives:
  - id: o
    goals: g
    milestones:
      - {id: m-site, name: Site live, due: 2027-03, done: false, depends_on: t-cms}
    campaigns:
      - id: c-launch
        budget: 3000
        tactics:
          - {id: t-webinar, depends_on: m-site}
tactics:
  - {id: t-cms, objectives: o}
budget_lines:
  - {id: b-salaries, name: Team salaries, kind: salaries, amount: 210000}
"""


def v2_graph():  # type: ignore[no-untyped-def]
    return audit_text(V2, "plan.yaml").graph


def test_exports_carry_campaigns_milestones_budget_lines_and_dependencies() -> None:
    g = read_graphml(export_graph(v2_graph(), "graphml"))
    kinds = dict(g.nodes(data="kind"))
    assert {kinds[i] for i in ("c-launch", "m-site", "b-salaries")} == {
        "campaign",
        "milestone",
        "budget line",
    }
    assert g.nodes["m-site"]["done"] is False and g.nodes["m-site"]["due"] == "2027-03-31"
    assert g.nodes["b-salaries"]["budget"] == 210000.0
    assert g.nodes["b-salaries"]["line_kind"] == "salaries"
    assert g.nodes["c-launch"]["budget"] == 3000.0
    assert g.edges["m-site", "t-webinar"]["via"] == "depends_on"
    assert g.edges["t-cms", "m-site"]["via"] == "depends_on"
    assert g.edges["c-launch", "t-webinar"]["via"] == "campaign"
    assert not list(g.predecessors("b-salaries")) and not list(g.successors("b-salaries"))

    doc = json.loads(export_graph(v2_graph(), "json"))
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert nodes["m-site"]["done"] is False and nodes["b-salaries"]["kind"] == "budget line"
    links = {(link["source"], link["target"]): link["via"] for link in doc["links"]}
    assert links[("m-site", "t-webinar")] == "depends_on"


def test_dot_draws_milestones_as_hexagons_and_dependencies_dashed() -> None:
    text = export_graph(v2_graph(), "dot")
    (graph,) = pydot.graph_from_dot_data(text)
    nodes = {n.get_name().strip('"'): n for n in graph.get_nodes()}
    assert nodes["m-site"].get("shape") == "hexagon"
    assert nodes["m-site"].get("done") == '"false"'
    assert nodes["b-salaries"].get("shape") == "note"
    depends = [e for e in graph.get_edges() if e.get("via") == '"depends_on"']
    assert len(depends) == 2 and all(e.get("style") == "dashed" for e in depends)


def test_mermaid_export_lists_budget_lines_and_the_report_does_not() -> None:
    graph = v2_graph()
    text = export_graph(graph, "mermaid")
    labels = check_flowchart(text)
    assert any(label.startswith("Team salaries") for label in labels.values())
    assert "-.->|before|" in text
    report = mermaid(build_diagram(graph))
    check_flowchart(report)
    assert "Team salaries" not in report and "col_budget_lines" not in report


def test_a_version_1_export_has_no_format_2_attributes() -> None:
    doc = json.loads(export_graph(random_acts().graph, "json"))
    keys = {k for n in doc["nodes"] for k in n}
    assert keys == {"id", "kind", "name", "orphan", "traceable", "missing", "flags", "budget"}
    assert {link["via"] for link in doc["links"]} <= {"goals", "parents", "objectives"}
