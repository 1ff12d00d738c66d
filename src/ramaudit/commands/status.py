"""``ramaudit status``: where the plan stands on a day, from its check-ins and spend."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
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
    PathsArg,
    ReportOutputOpt,
    fail,
    make_settings,
    not_audited,
    pick_format,
    presentation,
    say,
    usage_errors,
)
from ramaudit.report.formats import STATUS

if TYPE_CHECKING:
    from ramaudit.api import StatusResult
    from ramaudit.config.files import Settings
    from ramaudit.report.formats import Format


class StatusFailOn(StrEnum):
    off_track = "off-track"
    at_risk = "at-risk"
    never = "never"


FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {STATUS.listed()}. Default: from --output's suffix "
        f"({' or '.join(STATUS.suffix_names())}), else {STATUS.default}.",
    ),
]
FailOnOpt = Annotated[
    StatusFailOn,
    typer.Option(
        "--fail-on",
        case_sensitive=False,
        metavar="LEVEL",
        help="Exit 1 when some key result is at LEVEL or worse: off-track, at-risk "
        "(at risk or off track) or never. A plan that cannot be read exits 2, one that "
        "does not parse 1, whatever LEVEL.",
    ),
]


def status_command(
    paths: PathsArg = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = None,
    fail_on: FailOnOpt = StatusFailOn.never,
    output: ReportOutputOpt = None,
    force: ForceOutputOpt = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Show progress, spend and return on a day.

    For each goal, objective and key result: progress from baseline to target
    against the share of time gone, on track, at risk or off track, the latest
    confidence and how old the last check-in is. For each tactic and campaign:
    spend against budget and against its phasing to date. Then the totals, the
    spend on random acts of marketing and the cost per result.

    Examples:

      ramaudit status plan.yaml --as-of 2027-02-15

      ramaudit status plans/ --format markdown -o status.md

      ramaudit status plan.yaml --fail-on off-track
    """
    if not paths:
        raise fail("no plan given; try 'ramaudit status plan.yaml' (see --help)")
    out = Output(output, force)
    if force and out.to_stdout:
        raise fail("--force only applies to --output FILE: it allows overwriting that file")
    if out.file is not None and out.file.is_dir():
        raise fail(f"--output {out.file} is a folder; name the file to write")
    out.refuse_special()
    fmt = status_format(format, out)
    with usage_errors():
        settings = make_settings(None, config, isolated, as_of=as_of)
        results = statuses(paths, settings)
    out.refuse_inputs([r.audit for r in results])
    out.write(fmt.render(results, presentation(fmt, out)))
    raise typer.Exit(exit_code(results, fail_on.value))


def status_format(format: str | None, out: Output) -> Format[Sequence[StatusResult]]:
    """--format, else the one --output's suffix asks for, else text."""
    if format is not None:
        return pick_format(STATUS, format)
    return STATUS.for_suffix(out.suffix) or STATUS.default_format


def statuses(paths: list[Path], settings: Settings) -> list[StatusResult]:
    """Every plan under ``paths`` audited as check audits it, with its status."""
    from ramaudit.api import audit_paths, status_of

    results = audit_paths(paths, settings=settings, jobs=1)
    if not results:
        say("ramaudit: warning: no plan files (*.yaml, *.yml) found")
    return [status_of(r, settings.as_of) for r in results]


def exit_code(results: list[StatusResult], fail_on: str) -> int:
    """2 when a file could not be read; 1 when one does not parse or is not a plan,
    or some key result is at ``fail_on`` or worse; else 0. Each reason is said on
    stderr, as check says it."""
    from ramaudit.report.status_words import fails

    code = EXIT_OK
    for r in results:
        reason = r.audit.error or not_audited(r.audit)
        if reason:
            say(f"ramaudit: {reason}")
            code = max(code, EXIT_USAGE if r.audit.error else EXIT_FINDINGS)
        elif r.status is None:
            say(f"ramaudit: {r.path}: not read as a plan; run 'ramaudit check' on it to see why")
            code = max(code, EXIT_FINDINGS)
    if code == EXIT_OK and fails(results, fail_on):
        code = EXIT_FINDINGS
    return code
