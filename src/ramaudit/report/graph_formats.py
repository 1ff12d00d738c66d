"""``ramaudit graph``: the traceability graph for drawing or analysis elsewhere.

Four formats of the same graph: goals, objectives, campaigns, milestones and tactics as
nodes (with kind, name, orphan flag, traceable flag, budget, a milestone's ``done`` and
``due``, and the problems the rules report), links as edges (with the field they come
from, ``via``), and, for every link that names an id that does not exist, a placeholder
node marked ``missing`` with a broken edge to the item holding the link. Links that
name an item of the wrong kind are edges with ``problem: wrong-kind``. A dependency is
an edge ``via: depends_on`` from the work waited on to the work that waits; budget
lines are nodes of kind ``budget line`` linked to nothing. Version 1 plans have none of
these, and their exports are what they always were.

* ``graphml`` through :func:`networkx.write_graphml` (scalar attributes only: an absent
  budget is left out, never written as None), with lxml or without;
* ``dot`` written here, every id and label quoted and escaped;
* ``json`` in networkx's node-link shape (``nodes`` / ``links``);
* ``mermaid`` from the Markdown report's code.

Plan text is data in all four (see :mod:`ramaudit.report.escape`): JSON keeps every
value as written; GraphML keeps what XML can hold (characters it cannot, such as NUL,
are shown escaped, ``\\x00``, and C1 or bidi controls are character references); DOT
shows control and bidi characters escaped, so Graphviz and pydot always read it back;
Mermaid labels are escaped as in the Markdown report. Where escaping makes two ids
alike, the later one gets a ``#2`` suffix so that no two nodes merge.
"""

from __future__ import annotations

import io
import json.encoder
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx

from ramaudit.core.records import dataclass
from ramaudit.report import DEFAULT_OPTIONS, RenderOptions
from ramaudit.report.diagram import DEPENDS, FLAGS, Diagram, build_diagram
from ramaudit.report.escape import json_text, shown, xml_document, xml_value

if TYPE_CHECKING:
    from ramaudit.core.graph import TraceGraph


# The flags that say an item traces to no goal.
ORPHAN_FLAGS = ("random-act", "orphan-objective", "orphan-campaign", "orphan-milestone")


def _diagram(tg: TraceGraph) -> Diagram:
    return build_diagram(tg, max_nodes=len(tg.graph) + len(tg.links) + 1)  # no cap


def _export_ids(diagram: Diagram) -> dict[str, str]:
    """Diagram key -> node id in the export: the plan id, or ``missing:<id>`` for a
    placeholder (made unique if a real item happens to have that id)."""
    taken = {n.item_id for n in diagram.nodes if not n.missing}
    ids: dict[str, str] = {}
    for n in diagram.nodes:
        if not n.missing:
            ids[n.key] = n.item_id
            continue
        candidate = f"missing:{n.item_id}"
        if candidate in taken:
            candidate = f"missing:{n.kind}:{n.item_id}"
        base, i = candidate, 2
        while candidate in taken:
            candidate, i = f"{base}#{i}", i + 1
        taken.add(candidate)
        ids[n.key] = candidate
    return ids


@dataclass(slots=True)
class Export:
    """The export graph as plain dicts, in the order a DiGraph made from it holds
    them: ``graph`` its attributes, ``nodes`` node id -> attributes (scalars only, what
    GraphML can hold), ``succ`` node id -> the nodes below it -> the edge's attributes.
    JSON and DOT are written from it directly; :func:`to_networkx` makes the DiGraph."""

    graph: dict[str, Any]
    nodes: dict[str, dict[str, Any]]
    succ: dict[str, dict[str, dict[str, Any]]]

    def edges(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every edge ``(u, v, attributes)``, as ``DiGraph.edges(data=True)`` lists them."""
        for u, below in self.succ.items():
            for v, attrs in below.items():
                yield u, v, attrs


def export_of(tg: TraceGraph) -> Export:
    """The export graph of ``tg``: each node and edge added as ``DiGraph.add_node`` and
    ``add_edge`` would add it (a second one with the same id updates the first's
    attributes and keeps its place)."""
    diagram = _diagram(tg)
    ids = _export_ids(diagram)
    info = tg.plan.info
    nodes: dict[str, dict[str, Any]] = {}
    traceable = tg.traceable
    for n in diagram.nodes:
        flags, missing = n.flags, "missing" in n.flags
        attrs: dict[str, Any] = {
            "kind": n.kind,
            "name": n.name or n.item_id,
            "orphan": any(f in ORPHAN_FLAGS for f in flags),
            "traceable": not missing and n.item_id in traceable,
            "missing": missing,
            "flags": " ".join(flags),
        }
        if n.budget is not None:
            attrs["budget"] = float(n.budget)
        if n.done is not None:  # milestones (format 2): done or not
            attrs["done"] = n.done
        if n.due is not None:
            attrs["due"] = n.due
        _add(nodes, ids[n.key], attrs)
    _add_budget_lines(nodes, diagram, set(ids.values()))
    succ: dict[str, dict[str, dict[str, Any]]] = {node: {} for node in nodes}
    for e in diagram.edges:
        attrs = {"via": e.via, "traced": e.traced}
        if e.problem:
            attrs["problem"] = e.problem
        _add(succ[ids[e.source]], ids[e.target], attrs)
    graph = {"name": (info.name if info else "") or "plan", "currency": diagram.currency}
    return Export(graph, nodes, succ)


def _add(into: dict[str, dict[str, Any]], key: str, attrs: dict[str, Any]) -> None:
    held = into.get(key)
    if held is None:
        into[key] = attrs
    else:  # two links between the same two items: one edge (node ids are unique)
        held.update(attrs)


def to_networkx(tg: TraceGraph) -> nx.DiGraph:
    """The export graph with scalar attributes only (what GraphML can hold)."""
    export = export_of(tg)
    g = nx.DiGraph(**export.graph)
    g.add_nodes_from(export.nodes.items())
    g.add_edges_from(export.edges())
    return g


def _add_budget_lines(nodes: dict[str, dict[str, Any]], diagram: Diagram, taken: set[str]) -> None:
    """Format 2's budget lines as nodes of their own, linked to nothing: money that is
    no tactic (``budget`` is the amount, ``line_kind`` salaries, tools, ...)."""
    for b in diagram.budget_lines:
        if b.item_id in taken:  # pragma: no cover - ids are unique among first items
            continue
        attrs: dict[str, Any] = {
            "kind": "budget line",
            "name": b.name,
            "orphan": False,
            "traceable": False,
            "missing": False,
            "flags": "",
        }
        if b.amount is not None:
            attrs["budget"] = float(b.amount)
        if b.kind is not None:
            attrs["line_kind"] = b.kind
        _add(nodes, b.item_id, attrs)


def unique_ids(nodes: Iterable[str], clean: Callable[[str], str]) -> dict[str, str]:
    """Node id -> ``clean(id)``, unique: ids that ``clean`` leaves alone keep their
    spelling, and one it changes into an id already taken gets ``#2``, ``#3``..."""
    nodes = list(nodes)
    cleaned = {n: clean(n) for n in nodes}
    taken = {n for n in nodes if cleaned[n] == n}
    out: dict[str, str] = {}
    for n in nodes:
        candidate = cleaned[n]
        if candidate != n:
            base, i = candidate, 2
            while candidate in taken:
                candidate, i = f"{base}#{i}", i + 1
            taken.add(candidate)
        out[n] = candidate
    return out


def xml_graph(g: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``g`` whose ids and text attributes XML can carry (see :func:`xml_value`)."""
    ids = unique_ids(g.nodes, xml_value)

    def attrs(data: dict[str, Any]) -> dict[str, Any]:
        return {k: xml_value(v) if isinstance(v, str) else v for k, v in data.items()}

    out = nx.DiGraph(**attrs(dict(g.graph)))
    out.add_nodes_from((ids[n], attrs(a)) for n, a in g.nodes(data=True))
    out.add_edges_from((ids[u], ids[v], attrs(a)) for u, v, a in g.edges(data=True))
    return out


def to_graphml(
    tg: TraceGraph,
    options: RenderOptions = DEFAULT_OPTIONS,
    *,
    writer: Callable[..., None] | None = None,
) -> str:
    """GraphML text. ``writer`` defaults to :func:`networkx.write_graphml`, which is the
    lxml writer when lxml is installed and the ElementTree one otherwise."""
    buf = io.BytesIO()
    write = writer or nx.write_graphml
    write(xml_graph(to_networkx(tg)), buf, encoding="utf-8", prettyprint=True)
    return xml_document(buf.getvalue().decode("utf-8"))


def to_json(tg: TraceGraph, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """networkx's node-link document of the export graph (``nodes`` / ``links``)."""
    export = export_of(tg)
    doc = {
        "directed": True,
        "multigraph": False,
        "graph": dict(export.graph),
        "nodes": [
            {
                "id": node,
                **{**attrs, "flags": attrs["flags"].split(), "budget": attrs.get("budget")},
            }
            for node, attrs in export.nodes.items()
        ],
        "links": [
            {"source": u, "target": v, **{"problem": None, **attrs}}
            for u, v, attrs in export.edges()
        ],
    }
    # every value as the plan wrote it
    return _node_link_text(doc) or json_text(doc)


# The string encoding json_text starts from (json's own, with ensure_ascii=False).
_encode = json.encoder.encode_basestring


class _Unusual(Exception):
    """A value the node-link writer leaves to :func:`json_text`."""


def _node_link_text(doc: dict[str, Any]) -> str | None:
    """``json_text(doc)`` for a node-link document (scalars, and mappings or lists of
    flat records one level down), written for that shape: each key's text made once,
    not once per record (a 10,000-tactic plan's document holds some 150,000 keys).
    None when the document holds a value of another kind."""
    keys: dict[str, str] = {}
    try:
        parts = [f"{_key(keys, k)}: {_part(keys, v)}" for k, v in doc.items()]
    except _Unusual:
        return None
    return "{\n  " + ",\n  ".join(parts) + "\n}\n" if parts else "{}\n"


def _key(keys: dict[str, str], key: object) -> str:
    if type(key) is not str:
        raise _Unusual
    text = keys.get(key)
    if text is None:
        text = keys[key] = _scalar(key)
    return text


def _part(keys: dict[str, str], value: object) -> str:
    """A top-level value: a scalar, a flat record, or a list of flat records."""
    if type(value) is dict:
        return _record(keys, value, "\n  ")
    if type(value) is not list:
        return _scalar(value)
    if not value:
        return "[]"
    records = []
    for record in value:
        if type(record) is not dict:
            raise _Unusual
        records.append(_record(keys, record, "\n    "))
    return "[\n    " + ",\n    ".join(records) + "\n  ]"


def _record(keys: dict[str, str], record: dict[str, Any], newline: str) -> str:
    """A mapping of scalars and lists of strings, its closing brace after ``newline``.
    The commonest values (true, false, null, printable ASCII text) are written here."""
    if not record:
        return "{}"
    inner = newline + "  "
    fields: list[str] = []
    append = fields.append
    for k, v in record.items():
        key = keys.get(k) if type(k) is str else None
        if key is None:
            key = _key(keys, k)
        if v is True:
            append(key + ": true")
        elif v is False:
            append(key + ": false")
        elif v is None:
            append(key + ": null")
        elif type(v) is str and (text := _encode(v)).isascii() and text.isprintable():
            append(key + ": " + text)
        elif type(v) is list:
            append(key + ": " + _strings(v, inner))
        else:
            append(key + ": " + _scalar(v))
    return "{" + inner + ("," + inner).join(fields) + newline + "}"


def _strings(values: list[Any], newline: str) -> str:
    if not values:
        return "[]"
    inner = newline + "  "
    return "[" + inner + ("," + inner).join(_scalar(v) for v in values) + newline + "]"


def _scalar(value: object) -> str:
    """A string, number, true, false or null as :func:`json_text` writes it."""
    kind = type(value)
    if isinstance(value, str) and kind is str:
        text = _encode(value)
        # printable ASCII (nearly every string) needs none of json_text's own escapes
        return text if text.isascii() and text.isprintable() else json_text(value)[:-1]
    if isinstance(value, float) and kind is float and value - value == 0:  # finite
        return repr(value)
    if value is None or kind is bool or kind is int or kind is float:
        return json_text(value)[:-1]
    raise _Unusual


def dot_quote(value: object) -> str:
    """A DOT double-quoted string. Backslashes are doubled (so none can escape the
    closing quote and labels show them as typed); line breaks become ``\\n``."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f'"{text}"'


_DOT_FILL = {
    "goal": "#e6f0fb",
    "objective": "#eeedfb",
    "tactic": "#eaf6ee",
    "campaign": "#e8f4f8",
    "milestone": "#f6f0e6",
    "budget line": "#f3f4f6",
}
_DOT_FLAG = {  # flag -> (fill, border colour, extra style)
    "random-act": ("#fde4e4", "#c62828", ""),
    "orphan-objective": ("#ffeede", "#dd6b20", ",dashed"),
    "unsupported-goal": ("#fff6e0", "#b7791f", ",dotted"),
    "idle-objective": ("#fff6e0", "#b7791f", ",dotted"),
    "missing": ("#fafafa", "#8a94a0", ",dashed"),
    "orphan-campaign": ("#ffeede", "#dd6b20", ",dashed"),
    "idle-campaign": ("#fff6e0", "#b7791f", ",dotted"),
    "orphan-milestone": ("#ffeede", "#dd6b20", ",dashed"),
}
# Shapes of format 2's kinds (the others are the default rounded box).
_DOT_SHAPE = {"milestone": "hexagon", "budget line": "note"}


def to_dot(tg: TraceGraph, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    g = export_of(tg)
    ids = unique_ids(g.nodes, shown)
    diagram_name = g.graph.get("name", "plan")
    currency = shown(g.graph.get("currency", ""))
    lines = [
        f"digraph {dot_quote(shown(diagram_name))} {{",
        "  graph [rankdir=LR, nodesep=0.25, ranksep=0.9];",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [color="#8fa3b5"];',
    ]
    for kind in ("goal", "tactic"):  # objectives may roll up over several ranks
        members = [n for n, a in g.nodes.items() if a.get("kind") == kind]
        if members:
            lines.append(
                "  { rank=same; " + " ".join(f"{dot_quote(ids[n])};" for n in members) + " }"
            )
    for node, a in g.nodes.items():
        flags = a["flags"].split()
        fill, colour, extra = _DOT_FILL[a["kind"]], "#5f6b7a", ""
        for flag in flags:
            fill, colour, extra = _DOT_FLAG[flag]
        # Plan text is shown escaped; the \n joins below are ours (DOT line breaks).
        name = shown(a["name"])
        if a["missing"]:
            label = f"missing: {name}"
        else:
            label = f"{name}\n{ids[node]}" if a["name"] != node else ids[node]
        if "budget" in a:
            label += f"\n{a['budget']:,.0f} {currency}"
        label += _dot_state(a)
        if flags:
            label += "\n" + ", ".join(FLAGS[f].upper() for f in flags if f != "missing")
        attrs = [
            f"label={dot_quote(label.rstrip())}",
            f"kind={dot_quote(a['kind'])}",
            f"orphan={dot_quote(str(a['orphan']).lower())}",
            f"fillcolor={dot_quote(fill)}",
            f"color={dot_quote(colour)}",
            f"style={dot_quote('rounded,filled' + extra)}",
        ]
        if a["kind"] in _DOT_SHAPE:
            attrs.append(f"shape={_DOT_SHAPE[a['kind']]}")
        if "budget" in a:
            attrs.append(f"budget={dot_quote(repr(a['budget']))}")
        if "done" in a:
            attrs.append(f"done={dot_quote(str(a['done']).lower())}")
        if flags:
            attrs.append(f"penwidth={2 if 'random-act' in flags else 1.5}")
        lines.append(f"  {dot_quote(ids[node])} [{', '.join(attrs)}];")
    for u, v, a in g.edges():
        attrs = [f"via={dot_quote(a['via'])}"]
        if a.get("problem"):
            attrs += [f"problem={dot_quote(a['problem'])}", "style=dashed", 'color="#c62828"']
        elif a["via"] == DEPENDS:  # work waited on -> the work that waits
            attrs += ["style=dashed", 'color="#5f6b7a"', 'label="before"']
        lines.append(f"  {dot_quote(ids[u])} -> {dot_quote(ids[v])} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_state(a: dict[str, Any]) -> str:
    """A milestone's due day and state, or a budget line's kind, for its DOT label."""
    parts = []
    if "done" in a:
        parts.append("done" if a["done"] else "not done")
    if "due" in a:
        parts.append(f"due {shown(a['due'])}")
    if "line_kind" in a:
        parts.append(shown(a["line_kind"]))
    return "\n" + " · ".join(parts) if parts else ""


def to_mermaid(tg: TraceGraph, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    from ramaudit.report.markdown import mermaid

    return mermaid(_diagram(tg), budget_lines=True)


def export_graph(tg: TraceGraph, fmt: str) -> str:
    """The trace graph ``tg`` in graph format ``fmt`` (see
    :data:`ramaudit.report.formats.GRAPH`)."""
    from ramaudit.report.formats import GRAPH

    declared = GRAPH.get(fmt)
    if declared is None:
        raise ValueError(f"unknown graph format '{fmt}'; choose from {', '.join(GRAPH.names)}")
    return declared.render(tg, DEFAULT_OPTIONS)
