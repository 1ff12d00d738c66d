"""``ramaudit report``: an HTML or Markdown report for people to read."""

from __future__ import annotations

from collections.abc import Sequence
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
    ForceFileOpt,
    IsolatedOpt,
    Output,
    PathsArg,
    ReportOutputOpt,
    below_fail_under,
    exit_code,
    fail,
    make_settings,
    pick_format,
    presentation,
    render_each,
    say,
    tell_why,
    usage_errors,
)
from ramaudit.core.wording import listed
from ramaudit.report.formats import REPORT, Format

if TYPE_CHECKING:
    from ramaudit.api import AuditResult

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"{REPORT.listed()}. Default: from FILE's suffix "
        f"({' or '.join(REPORT.suffix_names())}; any other suffix needs --format), "
        f"{REPORT.default} on stdout.",
    ),
]
ExitZeroOpt = Annotated[
    bool,
    typer.Option(
        "--exit-zero",
        help="Exit 0 even when a plan fails (findings at its fail-on level, or "
        "under fail-under); unreadable files and usage errors still exit 2.",
    ),
]


def report_format_for(output: Path) -> str:
    """The report format a file name asks for; refuses a name that asks for none we
    write, so that `-o audit.pdf` never quietly holds HTML."""
    found = REPORT.for_suffix(output.suffix)
    if found is not None:
        return found.name
    hint = (
        " (for a PDF, write HTML and print it to PDF from a browser)"
        if output.suffix.lower() == ".pdf"
        else ""
    )
    suffixes = listed(f.suffixes[0] for f in REPORT.formats)
    flags = listed(f"--format {name}" for name in REPORT.names)
    raise fail(
        f"cannot tell the report format from the name {output}: end it in {suffixes}, "
        f"or pass {flags}{hint}"
    )


def report(
    paths: PathsArg = None,
    output: ReportOutputOpt = None,
    format: FormatOpt = None,
    force: ForceFileOpt = False,
    exit_zero: ExitZeroOpt = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """Write an audit report in HTML or Markdown.

    The report holds the score, the spend on random acts of marketing (RAM spend), a
    traceability diagram, and the findings with how to fix them. HTML is one
    self-contained file (no scripts, nothing fetched, prints cleanly to PDF); Markdown
    draws the diagram with Mermaid. Several plans or a folder give a portfolio table,
    worst plan first. The report is written whatever the plans hold, and the exit
    code is check's for the same plans: 1 when a plan fails (findings at its
    fail-on level, a plan that does not parse, a score under fail-under), 2 on a
    usage error or when a plan could not be read (the report still covers the
    others); the reason is said on stderr.

    Examples:

      ramaudit report plan.yaml -o audit.html

      ramaudit report plans/ -o portfolio.html

      ramaudit report plan.yaml --format markdown > audit.md
    """
    from ramaudit.api import audit_paths

    if not paths:
        raise fail("no plan given; try 'ramaudit report plan.yaml -o report.html' (see --help)")
    out = Output(output, force)
    fmt = report_format(format, out)
    out.refuse_special()
    with usage_errors():  # the same configuration files as `check`: both agree on every finding
        results = audit_paths(paths, settings=make_settings(None, config, isolated, as_of=as_of))
    if not results:
        raise fail("no plans found (folders are searched for *.yaml and *.yml)")
    if all(r.error for r in results):  # nothing to report on: write nothing
        tell_why(results)
        raise typer.Exit(EXIT_USAGE)
    out.refuse_inputs(results)
    text, results = render_each(lambda rs: fmt.render(rs, presentation(fmt, out)), results)
    out.write(text)
    low = below_fail_under(results)
    tell_why(results, low)
    say_failing(results)
    if out.file is not None:
        n = len(results)
        say(f"Wrote the {fmt.name} report of {n} plan{'s' * (n != 1)} to {out.file}")
    code = exit_code(results, None, low)
    raise typer.Exit(EXIT_OK if exit_zero and code == EXIT_FINDINGS else code)


def report_format(format: str | None, out: Output) -> Format[Sequence[AuditResult]]:
    """--format, else the one the file's suffix asks for, else the default on stdout."""
    if format is not None:
        return pick_format(REPORT, format, "report ")
    if out.file is not None:
        return REPORT[report_format_for(out.file)]
    return REPORT.default_format


def say_failing(results: Sequence[AuditResult]) -> None:
    """The report says which findings; stderr says that they fail."""
    for r in results:
        failing = [] if r.error or not r.loaded else r.failing(_fail_on(r))
        if failing:
            n = len(failing)
            say(
                f"ramaudit: {r.path}: {n} finding{'s' * (n != 1)} at or above "
                f"fail-on '{_fail_on(r)}'"
            )


def _fail_on(result: AuditResult) -> str:
    return result.config.fail_on if result.config is not None else "error"
