"""``ramaudit diff``: what changed between two versions of a plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    AsOfOpt,
    ConfigOpt,
    ForceOutputOpt,
    IsolatedOpt,
    Output,
    ReportOutputOpt,
    fail,
    make_settings,
    not_audited,
    pick_format,
    presentation,
    say,
    tell_why,
    usage_errors,
)
from ramaudit.report.formats import DIFF

if TYPE_CHECKING:
    from ramaudit.comparison import PlanDiff
    from ramaudit.config.files import Settings

PlansArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="PLAN",
        help="OLD NEW plan files; or one plan with --since; or none with --since.",
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="REV", help="Compare with the plan's content at this git revision."
    ),
]
FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", metavar="FORMAT", help=f"Output format: {DIFF.listed()}."),
]
FailOnRegressionOpt = Annotated[
    bool,
    typer.Option(
        "--fail-on-regression",
        help="Exit 1 if the total score dropped or a new error appeared.",
    ),
]


def diff(
    paths: PlansArg = None,
    since: SinceOpt = None,
    format: FormatOpt = DIFF.default,
    output: ReportOutputOpt = None,
    force: ForceOutputOpt = False,
    fail_on_regression: FailOnRegressionOpt = False,
    as_of: AsOfOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Compare two versions of a plan.

    Shows the change in score, findings fixed and new, items added, removed or
    relinked, and the change in spend on random acts of marketing. Both versions are
    audited with the configuration of the newer one's path.

    A plan that records check-ins or spend also shows how each key result's progress
    and each tactic's spend moved. Both files are read on --as-of (default today);
    with --since the older version is read on the day of REV's commit (never later
    than --as-of).

    Examples:

      ramaudit diff old-plan.yaml plan.yaml

      ramaudit diff plan.yaml --since HEAD~1

      ramaudit diff --since origin/main --format markdown --fail-on-regression
    """
    from ramaudit.comparison import GitError
    from ramaudit.core.source import SourceError

    fmt = pick_format(DIFF, format)
    out = Output(output, force)
    out.refuse_special()
    with usage_errors(GitError, SourceError):
        diffs = compare(paths or [], since, make_settings(None, config, isolated, as_of=as_of))
    out.refuse_inputs([r for d in diffs for r in (d.old, d.new) if r is not None])
    out.write(fmt.render(diffs, presentation(fmt, out)))
    raise typer.Exit(diff_exit(diffs, fail_on_regression))


def compare(paths: list[Path], since: str | None, settings: Settings) -> list[PlanDiff]:
    """The plans the arguments name, compared: OLD NEW, one plan --since REV, or
    every plan changed since REV."""
    from ramaudit import comparison as plan_diff

    if since is None:
        if len(paths) != 2:
            raise fail("diff needs two plans (OLD NEW), or --since REV; see --help")
        return [plan_diff.diff_files(paths[0], paths[1], settings.config_for(paths[1]))]
    if len(paths) == 1:
        return [plan_diff.diff_since(paths[0], since, settings.config_for(paths[0]))]
    if not paths:
        return plan_diff.diff_changed_since(since, settings=settings)
    raise fail("with --since give one plan, or none to compare every changed plan")


def diff_exit(diffs: list[PlanDiff], fail_on_regression: bool) -> int:
    """The newer version is the plan as it stands: one that cannot be read exits 2
    and one that does not parse 1, as check would; the older one is history."""
    for d in diffs:
        if d.error:
            say(f"ramaudit: {d.error}")
    newer = [d.new for d in diffs if d.new is not None and not d.error]
    tell_why(newer, [])
    if any(d.error for d in diffs):
        return EXIT_USAGE
    if any(not_audited(r) for r in newer):
        return EXIT_FINDINGS
    if fail_on_regression and any(d.regression for d in diffs):
        return EXIT_FINDINGS
    return EXIT_OK
