"""``ramaudit graph``: the traceability graph for drawing or analysis elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import typer.core

from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    ConfigOpt,
    IsolatedOpt,
    fail,
    make_settings,
    refuse_audited_output,
    refuse_special_output,
    write_output,
)
from ramaudit.core.fileio import is_stdout


def graph_command(
    plan: Annotated[Path, typer.Argument(metavar="PLAN", help="The plan file.")],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="mermaid, dot, graphml or json. Default: from FILE's suffix (.mmd, "
            ".dot/.gv, .graphml, .json; any other suffix needs --format), else mermaid.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
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
    from ramaudit.api import audit
    from ramaudit.report.graph_formats import FORMATS, SUFFIXES, export_graph

    if format is None:
        to_file = not is_stdout(output)
        format = SUFFIXES.get(output.suffix.lower(), "mermaid") if to_file else "mermaid"  # type: ignore[union-attr]
        if to_file and output.suffix and output.suffix.lower() not in SUFFIXES:  # type: ignore[union-attr]
            # Mermaid text in plan.svg or plan.png would look like a broken image.
            raise fail(
                f"cannot tell the graph format from the name {output}: end it in "
                f"{', '.join(sorted(SUFFIXES))}, or pass --format (for an image, "
                "pipe --format dot through Graphviz's dot)"
            )
    format = format.lower()  # --format JSON is --format json
    if format not in FORMATS:
        raise fail(f"unknown graph format '{format}'; choose from {', '.join(FORMATS)}")
    refuse_special_output("--output", output)
    from ramaudit.config.files import ConfigError

    try:
        settings = make_settings(None, config, isolated)
        result = audit(plan, settings.config_for(plan))
    except ConfigError as exc:
        raise fail(str(exc)) from None
    if result.error:
        raise fail(result.error)
    if result.score is None:  # not even YAML: there is no graph to export
        # The plan fails as check would fail it (1), which is not a usage error (2).
        first = result.findings[0] if result.findings else None
        where = f"{first.path}:{first.line}:{first.column}: {first.message}" if first else plan
        if result.unread is not None:  # the graph would leave out the items not read
            d = result.unread
            raise fail(
                f"{result.path}:{d.line}:{d.column}: {d.message}; no graph either",
                EXIT_FINDINGS,
            )
        raise fail(f"{where}; cannot export the graph of a plan that does not parse", EXIT_FINDINGS)
    refuse_audited_output(output, [result])
    write_output(export_graph(result.graph, format), output, force=force)
    raise typer.Exit(EXIT_OK)
