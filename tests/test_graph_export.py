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
