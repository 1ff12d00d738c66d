"""``ramaudit history``: a plan's score, progress and spend through its git history."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ramaudit.commands.common import (
    EXIT_OK,
    ConfigOpt,
    ForceOutputOpt,
    IsolatedOpt,
    Named,
    Output,
    ReportOutputOpt,
    fail,
    make_settings,
    pick_format,
    presentation,
    usage_errors,
)
from ramaudit.report.formats import HISTORY

PlanArg = Annotated[Path, typer.Argument(metavar="PLAN", help="The plan file, tracked in git.")]
FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", metavar="FORMAT", help=f"Output format: {HISTORY.listed()}."),
]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", metavar="REV", help="Only the commits after this git revision."),
]
MaxCountOpt = Annotated[
    int | None,
    typer.Option("--max-count", "-n", metavar="N", help="Only the N newest versions."),
]


def history(
    path: PlanArg,
    format: FormatOpt = HISTORY.default,
    since: SinceOpt = None,
    max_count: MaxCountOpt = None,
    output: ReportOutputOpt = None,
    force: ForceOutputOpt = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Show a plan's score, progress and spend by commit.

    Walks the commits of the current branch that changed PLAN (following renames),
    audits each version in memory and reads its check-ins and spend on the day of
    its commit: one row per version, oldest first, with the score, the mean progress
    of the key results against what the calendar expected, spend against budget, and
    spend on random acts. Uncommitted changes are not history: see diff --since HEAD.

    Examples:

      ramaudit history plan.yaml

      ramaudit history plan.yaml --since v1.0 --format markdown

      ramaudit history plan.yaml --max-count 12 --format json
    """
    from ramaudit.comparison import GitError
    from ramaudit.core.source import SourceError
    from ramaudit.history import plan_history

    fmt = pick_format(HISTORY, format)
    if max_count is not None and max_count < 1:
        raise fail(f"--max-count: expected a whole number of at least 1, got {max_count}")
    out = Output(output, force)
    out.refuse_special()
    out.refuse_inputs([Named(str(path), "the plan whose history is shown")])
    with usage_errors(GitError, SourceError):
        settings = make_settings(None, config, isolated)
        walked = plan_history(path, settings.config_for(path), since=since, max_count=max_count)
    out.write(fmt.render(walked, presentation(fmt, out)))
    raise typer.Exit(EXIT_OK)
