"""``ramaudit check``: audit plans and report findings in the chosen format."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ConfigOpt,
    ExtendIgnoreOpt,
    ExtendSelectOpt,
    FailOn,
    FailUnderOpt,
    IgnoreOpt,
    IsolatedOpt,
    RequireReasonOpt,
    SelectOpt,
    _layout,
    _use_color,
    below_fail_under,
    exit_code,
    fail,
    make_overrides,
    make_settings,
    refuse_audited_output,
    refuse_special_output,
    render_each,
    say,
    tell_why,
    write_output,
)
from ramaudit.core.fileio import is_stdout
from ramaudit.report import FORMATS as CHECK_FORMATS  # light: renderers load on use


def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Plan files or folders (searched for *.yaml and *.yml, in any case).",
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(CHECK_FORMATS)}. Default: github when "
            "GITHUB_ACTIONS=true and the output is not a terminal, else text.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            case_sensitive=False,
            metavar="LEVEL",
            help="Lowest severity that makes the exit code 1 (error, warning, info or never) "
            "[default: error, or fail-on from the configuration]. A plan that "
            "does not parse (RA001, RA006) always does.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Findings only: no score panel.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="Count findings per rule code, most frequent first. The text format "
            "adds the table after the findings; every other format prints only the "
            "table (json: a list of {code, name, severity, count}).",
        ),
    ] = False,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero",
            help="Exit 0 even when findings reach --fail-on; unreadable files and "
            "usage errors still exit 2.",
        ),
    ] = False,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    extend_ignore: ExtendIgnoreOpt = None,
    fail_under: FailUnderOpt = None,
    require_reason: RequireReasonOpt = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    force_exclude: Annotated[
        bool,
        typer.Option(
            "--force-exclude",
            help="Apply 'exclude' to plans named on the "
            "command line too, not only to plans found in folders.",
        ),
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="NAME",
            help="With '-' as the path: the "
            "name to report stdin under; configuration is found from its folder.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Hide the findings recorded in "
            "FILE; report only new ones, and recorded ones that are fixed.",
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            metavar="FILE",
            help="Record the current findings "
            "in FILE (overwrites an existing baseline) and exit 0.",
        ),
    ] = None,
    max_file_size: Annotated[
        str | None,
        typer.Option(
            "--max-file-size",
            metavar="SIZE",
            help="Largest plan file to read: bytes, or a size such as 10MB, 10MiB or "
            "'10 MB' (MB is 1000² bytes, MiB 1024²) [default: 50MiB].",
        ),
    ] = None,
    max_nodes: Annotated[
        int | None,
        typer.Option(
            "--max-nodes", metavar="N", help="Most YAML values after aliases [default: 10000000]."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Audit N files at a time (1 or more) in worker processes; the "
            "report is the same [default: 1 for one file, one per CPU "
            "for several].",
        ),
    ] = None,
) -> None:
    """Audit plans: print findings and the fitness score.

    Random acts of marketing are tactics that trace to no business goal; their
    budget is reported as spend on random acts of marketing (RAM spend).

    Examples:

      ramaudit check plan.yaml

      ramaudit check plans/ --format json

      ramaudit check plan.yaml --fail-on warning

      ramaudit check plans/ --format sarif -o ramaudit.sarif
    """
    from ramaudit.api import audit_paths
    from ramaudit.report import FORMATS, RenderOptions, render

    if not paths and stdin_filename:
        paths = [Path("-")]  # as in ruff: --stdin-filename alone reads stdin
    if not paths:
        raise fail("no plan given; try 'ramaudit check plan.yaml' (see --help)")
    if jobs is not None and jobs < 1:
        raise fail(f"--jobs: expected a whole number of at least 1, got {jobs}")
    format_given = format is not None
    if format is None:
        format = default_format(output)
    format = format.lower()  # --format JSON is --format json
    if format not in FORMATS:
        raise fail(f"unknown format '{format}'; choose from {', '.join(FORMATS)}")
    from ramaudit.config.files import ConfigError

    check_flag_combinations(
        paths,
        output=output,
        force=force,
        format_given=format_given,
        statistics=statistics,
        stdin_filename=stdin_filename,
        baseline=baseline,
        write_baseline=write_baseline,
    )
    overrides = make_overrides(
        select,
        extend_select,
        ignore,
        extend_ignore,
        fail_on,
        fail_under,
        require_reason,
        max_file_size,
        max_nodes,
    )

    width, wrap = _layout(format == "text" and (output is None or str(output) == "-"))

    def report_options(fail_level: str | None) -> Any:
        return RenderOptions(
            fail_on=fail_level,
            quiet=quiet,
            statistics=statistics,
            color=_use_color() if format == "text" and output is None else False,
            width=width,
            wrap=wrap,
        )

    # With --jobs, workers render each file's part of the report as they audit it; the
    # parts are used if the final options turn out the same (the plans' fail-on).
    with_baseline = baseline is not None or write_baseline is not None
    early = None if with_baseline else (format, report_options(fail_on.value if fail_on else None))
    try:
        settings = make_settings(overrides, config, isolated, force_exclude)
        results = audit_paths(
            paths,
            settings=settings,
            stdin_filename=stdin_filename,
            jobs=jobs,
            keep_plans=with_baseline or format == "sarif",  # both key findings by item
            progress=progress_for(format, output),
            render=early,
        )
    except ConfigError as exc:
        raise fail(str(exc)) from None
    if not results and not any(str(p) == "-" for p in paths):
        # As ruff warns: a mistyped or emptied folder in CI would otherwise pass unnoticed.
        # Standard input skipped by --force-exclude is an editor's business, not news.
        typer.echo("ramaudit: warning: no plan files (*.yaml, *.yml) found to audit", err=True)
    if write_baseline is not None:
        refuse_audited_output(write_baseline, results)
        raise typer.Exit(save_baseline(results, write_baseline, force))
    if baseline is not None:
        use_baseline(results, baseline)
    # Plans may have different fail-on settings: without --fail-on, renderers and the
    # exit code take each plan's from its configuration.
    fail_level = fail_on.value if fail_on else None
    refuse_audited_output(output, results)
    options = report_options(fail_level)
    if statistics and format != "text":
        from ramaudit.report import statistics as stats

        text, results = render_each(lambda rs: stats.render(format, rs), results)
    else:
        text, results = render_each(lambda rs: render(format, rs, options), results)
    write_output(text, output, force=force)
    low = below_fail_under(results)
    tell_why(results, low)
    code = exit_code(results, fail_on.value if fail_on else None, low)
    raise typer.Exit(EXIT_OK if exit_zero and code == EXIT_FINDINGS else code)


def check_flag_combinations(
    paths: list[Path],
    *,
    output: Path | None,
    force: bool,
    format_given: bool,
    statistics: bool,
    stdin_filename: str | None,
    baseline: Path | None,
    write_baseline: Path | None,
) -> None:
    """Refuse flags that would do nothing, rather than ignore them silently."""
    to_file = not is_stdout(output)
    if force and not to_file and is_stdout(write_baseline):
        raise fail(
            "--force only applies to --output FILE (or --write-baseline FILE): it "
            "allows overwriting that file"
        )
    if baseline is not None and write_baseline is not None:
        raise fail("use --baseline or --write-baseline, not both")
    for flag, target in (
        ("--output", output if to_file else None),
        ("--write-baseline", None if is_stdout(write_baseline) else write_baseline),
    ):
        # Said before auditing: "exists; pass --force" would send the user the wrong way.
        if target is not None and target.is_dir():
            raise fail(f"{flag} {target} is a folder; name the file to write")
        refuse_special_output(flag, target)
    if write_baseline is not None:
        extra = [
            flag
            for flag, given in (
                ("--format", format_given),
                ("--output", output is not None),
                ("--statistics", statistics),
            )
            if given
        ]
        if extra:
            raise fail(
                f"--write-baseline writes only the baseline and no report; drop "
                f"{' and '.join(extra)}, or run the report as a second command"
            )
    if stdin_filename is not None and not any(str(p) == "-" for p in paths):
        raise fail(
            "--stdin-filename names standard input, which is read only when '-' is among the paths"
        )


def progress_for(format: str, output: Path | None) -> Any:
    """A progress bar for many files, only where a person watches the text report
    arrive: never in machine formats, never when stderr or the report's stdout is
    redirected."""
    to_stdout = is_stdout(output)
    if format != "text" or not sys.stderr.isatty() or (to_stdout and not sys.stdout.isatty()):
        return None
    from ramaudit.parallel import progress_bar

    return progress_bar


def default_format(output: Path | None) -> str:
    """``github`` inside GitHub Actions when the report goes to a non-terminal stdout
    (the runner turns those lines into annotations), ``text`` everywhere else."""
    to_stdout = is_stdout(output)
    if to_stdout and os.environ.get("GITHUB_ACTIONS") == "true" and not sys.stdout.isatty():
        return "github"
    return "text"


def save_baseline(results: list[Any], path: Path, force: bool) -> int:
    from ramaudit.config.baseline import BaselineError, write_baseline

    unreadable = [r.path for r in results if r.error]
    if unreadable:
        for r in results:
            if r.error:
                say(f"ramaudit: {r.error}")
        typer.echo(
            f"ramaudit: baseline not written: {len(unreadable)} file(s) could not be read", err=True
        )
        return EXIT_USAGE
    try:
        base = write_baseline(results, path, force=force)
    except BaselineError as exc:
        raise fail(str(exc)) from None
    total = sum(base.counts.values())
    files = len({k.path for k in base.counts})
    say(
        f"ramaudit: recorded {total} finding{'s' * (total != 1)} in {files} "
        f"file{'s' * (files != 1)} " + ("on standard output" if is_stdout(path) else f"in {path}"),
    )
    for r in results:
        if not r.loaded:  # RA001/RA006 are never recorded: a baseline cannot hide them
            say(
                f"ramaudit: {r.path} was not audited (RA001/RA006) and will fail "
                "every check until it is fixed; a baseline cannot hide that"
            )
    return EXIT_OK


def use_baseline(results: list[Any], path: Path) -> None:
    from ramaudit.config.baseline import Baseline, BaselineError

    try:
        Baseline.load(path).apply(results)
    except BaselineError as exc:
        raise fail(str(exc)) from None
