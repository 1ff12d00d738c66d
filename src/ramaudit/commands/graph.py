"""``ramaudit graph``: the traceability graph for drawing or analysis elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    ConfigOpt,
    ForceFileOpt,
    IsolatedOpt,
    Output,
    fail,
    make_settings,
    pick_format,
    presentation,
    usage_errors,
)
from ramaudit.report.formats import GRAPH, Format

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.graph import TraceGraph

PlanArg = Annotated[Path, typer.Argument(metavar="PLAN", help="The plan file.")]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"{GRAPH.listed()}. Default: from FILE's suffix "
        f"({', '.join(GRAPH.suffix_names())}; any other suffix needs --format), "
        f"else {GRAPH.default}.",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
]


def graph_command(
    plan: PlanArg,
    format: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceFileOpt = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Export a plan's traceability graph.

    The graph holds goals, objectives, tactics and their links, to draw or analyse
    elsewhere. Nodes carry kind, name, orphan and traceable flags, budget and the problems found;
    links to ids that do not exist appear as placeholder nodes marked missing.

    Examples:

      ramaudit graph plan.yaml --format dot | dot -Tsvg > plan.svg

      ramaudit graph plan.yaml -o plan.graphml
    """
    from ramaudit.api import audit_in_context

    out = Output(output, force)
    fmt = graph_format(format, out)
    out.refuse_special()
    with usage_errors():
        result = audit_in_context(plan, make_settings(None, config, isolated))
    graph = graph_of(result, plan)
    out.refuse_inputs([result])
    out.write(fmt.render(graph, presentation(fmt, out)))
    raise typer.Exit(EXIT_OK)


def graph_format(format: str | None, out: Output) -> Format[TraceGraph]:
    """--format, else the one the file's suffix asks for (a file with no suffix, and
    standard output, get the default)."""
    if format is not None:
        return pick_format(GRAPH, format, "graph ")
    if not out.suffix:
        return GRAPH.default_format
    found = GRAPH.for_suffix(out.suffix)
    if found is None:
        # Mermaid text in plan.svg or plan.png would look like a broken image.
        raise fail(
            f"cannot tell the graph format from the name {out.file}: end it in "
            f"{', '.join(GRAPH.suffixes)}, or pass --format (for an image, "
            "pipe --format dot through Graphviz's dot)"
        )
    return found


def graph_of(result: AuditResult, plan: Path) -> TraceGraph:
    """The plan's trace graph, or the error of a plan that has none: unreadable
    (2), or read but not parsed (1, as check would fail it; not a usage error)."""
    if result.error:
        raise fail(result.error)
    if result.score is None or result.graph is None:  # not even YAML: no graph to export
        first = result.findings[0] if result.findings else None
        where = f"{first.path}:{first.line}:{first.column}: {first.message}" if first else plan
        if result.unread is not None:  # the graph would leave out the items not read
            d = result.unread
            raise fail(
                f"{result.path}:{d.line}:{d.column}: {d.message}; no graph either",
                EXIT_FINDINGS,
            )
        raise fail(f"{where}; cannot export the graph of a plan that does not parse", EXIT_FINDINGS)
    return result.graph
