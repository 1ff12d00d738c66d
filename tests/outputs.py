"""Every output ramaudit makes of one audited plan, through the library, and the checks
that machine-readable ones read back (the fuzz suite and the big-number tests)."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import pydot

from ramaudit.api import AuditResult
from ramaudit.report import RenderOptions, render

CHECK_FORMATS = ("text", "concise", "json", "sarif", "github", "junit")
GRAPH_FORMATS = ("mermaid", "dot", "graphml", "json")
DIFF_FORMATS = ("text", "json", "markdown")

# XML 1.0 has no place for these at all, escaped or not.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _no_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def strict_json(text: str) -> Any:
    """JSON as the standard has it: NaN and Infinity are not numbers there."""
    return json.loads(text, parse_constant=_no_constant)


def every_output(result: AuditResult, other: AuditResult | None = None) -> dict[str, str]:
    """``{name: text}`` of every command's output for ``result``: check in each format
    (and its --statistics table), report HTML and Markdown, and, when the plan has a
    graph, the graph in each format, explain-score, and diff against ``other``."""
    from ramaudit import comparison as plan_diff
    from ramaudit.report import html, markdown
    from ramaudit.report import statistics as stats
    from ramaudit.report.diff import render_diff
    from ramaudit.report.graph_formats import export_graph
    from ramaudit.report.score_explained import CannotScore, explain_json, explain_text

    out: dict[str, str] = {}
    for fmt in CHECK_FORMATS:
        out[f"check {fmt}"] = render(fmt, [result], RenderOptions(color=False))
    out["check --statistics json"] = stats.render("json", [result])
    out["report html"] = html.render([result], RenderOptions())
    out["report markdown"] = markdown.render([result], RenderOptions())
    if result.score is not None and result.graph is not None:
        for fmt in GRAPH_FORMATS:
            out[f"graph {fmt}"] = export_graph(result.graph, fmt)
    try:
        out["explain-score text"] = explain_text(result, color=False)
        out["explain-score json"] = explain_json(result)
    except CannotScore:
        pass  # the command says so and exits 2: the plan has no score
    if other is not None:
        compared = plan_diff.compare(other, result)
        for fmt in DIFF_FORMATS:
            out[f"diff {fmt}"] = render_diff(fmt, [compared], color=False)
    return out


def check_outputs(outputs: dict[str, str]) -> None:
    """Each output is text; machine-readable ones parse back, JSON strictly."""
    for name, text in outputs.items():
        assert isinstance(text, str), name
        if name.endswith("json") or name == "check sarif":
            strict_json(text)
        elif name == "check junit":
            ET.fromstring(text.encode("utf-8"))
        elif name == "graph graphml":  # whatever the plan holds
            nx.read_graphml(io.BytesIO(text.encode("utf-8")))
        elif name == "graph dot":
            assert pydot.graph_from_dot_data(text), "DOT does not parse"
        elif name == "report html":
            assert text.lstrip().lower().startswith("<!doctype html")


NOT_A_NUMBER = re.compile(r"(?<![\w.\\])(?:[-+]?inf(?:inity)?|nan)(?![\w])", re.IGNORECASE)


def assert_no_inf_or_nan(outputs: dict[str, str]) -> None:
    """No output prints infinity or NaN where a number belongs."""
    for name, text in outputs.items():
        hit = NOT_A_NUMBER.search(text)
        assert hit is None, f"{name}: ...{text[max(0, hit.start() - 80) : hit.end() + 40]}..."
