"""``ramaudit report``: an HTML or Markdown report for people to read."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ConfigOpt,
    IsolatedOpt,
    below_fail_under,
    exit_code,
    fail,
    make_settings,
    refuse_audited_output,
    refuse_special_output,
    render_each,
    say,
    tell_why,
    write_output,
)
from ramaudit.core.fileio import is_stdout

REPORT_FORMATS = {"html": "ramaudit.report.html", "markdown": "ramaudit.report.markdown"}


REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def report_format_for(output: Path) -> str:
    """The report format a file name asks for; refuses a name that asks for none we
    write, so that `-o audit.pdf` never quietly holds HTML."""
    format = REPORT_SUFFIXES.get(output.suffix.lower())
    if format is not None:
        return format
    hint = (
        " (for a PDF, write HTML and print it to PDF from a browser)"
        if output.suffix.lower() == ".pdf"
        else ""
    )
    raise fail(
        f"cannot tell the report format from the name {output}: end it in .html "
        f"or .md, or pass --format html or --format markdown{hint}"
    )


def report(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Plan files or folders (searched for *.yaml and *.yml, in any case).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout."
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="html or markdown. Default: from FILE's suffix (.html/.htm or "
            ".md/.markdown; any other suffix needs --format), html on stdout.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero",
            help="Exit 0 even when a plan fails (findings at its fail-on level, or "
            "under fail-under); unreadable files and usage errors still exit 2.",
        ),
    ] = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
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
    import importlib

    from ramaudit.api import audit_paths
    from ramaudit.report import RenderOptions

    if not paths:
        raise fail("no plan given; try 'ramaudit report plan.yaml -o report.html' (see --help)")
    if format is None:
        to_file = not is_stdout(output)
        format = report_format_for(output) if to_file else "html"  # type: ignore[arg-type]
    format = format.lower()  # --format JSON is --format json
    if format not in REPORT_FORMATS:
        raise fail(f"unknown report format '{format}'; choose from {', '.join(REPORT_FORMATS)}")
    refuse_special_output("--output", output)
    from ramaudit.config.files import ConfigError

    try:  # the same configuration files as `check`, so both agree on every finding
        results = audit_paths(paths, settings=make_settings(None, config, isolated))
    except ConfigError as exc:
        raise fail(str(exc)) from None
    if not results:
        raise fail("no plans found (folders are searched for *.yaml and *.yml)")
    if all(r.error for r in results):  # nothing to report on: write nothing
        tell_why(results)
        raise typer.Exit(EXIT_USAGE)
    refuse_audited_output(output, results)
    renderer = importlib.import_module(REPORT_FORMATS[format])
    text, results = render_each(lambda rs: renderer.render(rs, RenderOptions()), results)
    write_output(text, output, force=force)
    low = below_fail_under(results)
    tell_why(results, low)
    for r in results:  # the report says which findings; stderr says that they fail
        failing = [] if r.error or not r.loaded else r.failing(_fail_on(r))
        if failing:
            n = len(failing)
            say(
                f"ramaudit: {r.path}: {n} finding{'s' * (n != 1)} at or above "
                f"fail-on '{_fail_on(r)}'"
            )
    if not is_stdout(output):
        n = len(results)
        say(f"Wrote the {format} report of {n} plan{'s' * (n != 1)} to {output}")
    code = exit_code(results, None, low)
    raise typer.Exit(EXIT_OK if exit_zero and code == EXIT_FINDINGS else code)


def _fail_on(result: Any) -> str:
    return result.config.fail_on if result.config is not None else "error"
