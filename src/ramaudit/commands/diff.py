"""``ramaudit diff``: what changed between two versions of a plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import typer.core

from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ConfigOpt,
    IsolatedOpt,
    _layout,
    _use_color,
    fail,
    make_settings,
    not_audited,
    refuse_audited_output,
    refuse_special_output,
    say,
    tell_why,
    write_output,
)


def diff(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PLAN",
            help="OLD NEW plan files; or one plan with --since; or none with --since.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="REV", help="Compare with the plan's content at this git revision."
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="Output format: text, json or markdown."
        ),
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    fail_on_regression: Annotated[
        bool,
        typer.Option(
            "--fail-on-regression",
            help="Exit 1 if the total score dropped or a new error appeared.",
        ),
    ] = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Compare two versions of a plan.

    Shows the change in score, findings fixed and new, items added, removed or
    relinked, and the change in spend on random acts of marketing. Both versions are
    audited with the configuration of the newer one's path.

    Examples:

      ramaudit diff old-plan.yaml plan.yaml

      ramaudit diff plan.yaml --since HEAD~1

      ramaudit diff --since origin/main --format markdown --fail-on-regression
    """
    from ramaudit import comparison as plan_diff
    from ramaudit.config.files import ConfigError
    from ramaudit.core.source import SourceError
    from ramaudit.report.diff import DIFF_FORMATS, render_diff

    format = format.lower()  # --format JSON is --format json
    if format not in DIFF_FORMATS:
        raise fail(f"unknown format '{format}'; choose from {', '.join(DIFF_FORMATS)}")
    refuse_special_output("--output", output)
    paths = paths or []
    try:
        settings = make_settings(None, config, isolated)
        if since is None:
            if len(paths) != 2:
                raise fail("diff needs two plans (OLD NEW), or --since REV; see --help")
            diffs = [plan_diff.diff_files(paths[0], paths[1], settings.config_for(paths[1]))]
        elif len(paths) == 1:
            diffs = [plan_diff.diff_since(paths[0], since, settings.config_for(paths[0]))]
        elif not paths:
            diffs = plan_diff.diff_changed_since(since, settings=settings)
        else:
            raise fail("with --since give one plan, or none to compare every changed plan")
    except (plan_diff.GitError, SourceError, ConfigError) as exc:
        raise fail(str(exc)) from None
    audited = [r for d in diffs for r in (d.old, d.new) if r is not None]
    refuse_audited_output(output, audited)
    color = _use_color() if format == "text" and output is None else False
    width, wrap = _layout(format == "text" and (output is None or str(output) == "-"))
    write_output(
        render_diff(format, diffs, color=color, width=width, wrap=wrap), output, force=force
    )
    # The newer version is the plan as it stands: one that cannot be read exits 2 and
    # one that does not parse 1, as check would; the older one is history.
    for d in diffs:
        if d.error:
            say(f"ramaudit: {d.error}")
    newer = [d.new for d in diffs if d.new is not None and not d.error]
    tell_why(newer, [])
    if any(d.error for d in diffs):
        raise typer.Exit(EXIT_USAGE)
    if any(not_audited(r) for r in newer):
        raise typer.Exit(EXIT_FINDINGS)
    if fail_on_regression and any(d.regression for d in diffs):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)
