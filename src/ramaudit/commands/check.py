"""``ramaudit check``: audit plans and report findings in the chosen format."""

# No ``from __future__ import annotations``: typer would compile each of the command's
# annotations from its text when it builds the command.
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from ramaudit.commands.check_fix import DiffOpt, FixOpt, FixRun, report_fixed
from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    AsOfOpt,
    ConfigOpt,
    ExtendIgnoreOpt,
    ExtendSelectOpt,
    FailOn,
    FailUnderOpt,
    ForceOutputOpt,
    IgnoreOpt,
    IsolatedOpt,
    Output,
    PathsArg,
    ReportOutputOpt,
    RequireReasonOpt,
    SelectOpt,
    below_fail_under,
    exit_code,
    fail,
    make_overrides,
    make_settings,
    pick_format,
    presentation,
    refuse_special_output,
    render_each,
    say,
    tell_why,
    usage_errors,
)
from ramaudit.core.fileio import is_stdout
from ramaudit.report.formats import CHECK, Format, load  # light: renderers load on use

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.config.files import Settings
    from ramaudit.parallel import ProgressBar
    from ramaudit.report import RenderOptions

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {', '.join(CHECK.names)}. Default: github when "
        f"GITHUB_ACTIONS=true and the output is not a terminal, else {CHECK.default}.",
    ),
]
CheckFailOnOpt = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        case_sensitive=False,
        metavar="LEVEL",
        help="Lowest severity that makes the exit code 1 (error, warning, info or never) "
        "[default: error, or fail-on from the configuration]. A plan that "
        "does not parse (RA001, RA006) always does.",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Findings only: no score panel.")]
StatisticsOpt = Annotated[
    bool,
    typer.Option(
        "--statistics",
        help="Count findings per rule code, most frequent first. The text format "
        "adds the table after the findings; every other format prints only the "
        "table (json: a list of {code, name, severity, count}).",
    ),
]
ExitZeroOpt = Annotated[
    bool,
    typer.Option(
        "--exit-zero",
        help="Exit 0 even when findings reach --fail-on; unreadable files and "
        "usage errors still exit 2.",
    ),
]
ForceExcludeOpt = Annotated[
    bool,
    typer.Option(
        "--force-exclude",
        help="Apply 'exclude' to plans named on the "
        "command line too, not only to plans found in folders.",
    ),
]
StdinFilenameOpt = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        metavar="NAME",
        help="With '-' as the path: the "
        "name to report stdin under; configuration is found from its folder.",
    ),
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        metavar="FILE",
        help="Hide the findings recorded in "
        "FILE; report only new ones, and recorded ones that are fixed.",
    ),
]
WriteBaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--write-baseline",
        metavar="FILE",
        help="Record the current findings in FILE (overwrites an existing baseline) and exit 0.",
    ),
]
MaxFileSizeOpt = Annotated[
    str | None,
    typer.Option(
        "--max-file-size",
        metavar="SIZE",
        help="Largest plan file to read: bytes, or a size such as 10MB, 10MiB or "
        "'10 MB' (MB is 1000² bytes, MiB 1024²) [default: 50MiB].",
    ),
]
MaxNodesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-nodes", metavar="N", help="Most YAML values after aliases [default: 10000000]."
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        help="Audit N files at a time (1 or more) in worker processes; the "
        "report is the same [default: one process, or up to one per CPU "
        "when the plans' size pays for starting workers (above about 2 MiB "
        "on two CPUs)].",
    ),
]


def check(
    paths: PathsArg = None,
    format: FormatOpt = None,
    fail_on: CheckFailOnOpt = None,
    quiet: QuietOpt = False,
    output: ReportOutputOpt = None,
    force: ForceOutputOpt = False,
    statistics: StatisticsOpt = False,
    exit_zero: ExitZeroOpt = False,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    extend_ignore: ExtendIgnoreOpt = None,
    fail_under: FailUnderOpt = None,
    require_reason: RequireReasonOpt = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    force_exclude: ForceExcludeOpt = False,
    stdin_filename: StdinFilenameOpt = None,
    baseline: BaselineOpt = None,
    write_baseline: WriteBaselineOpt = None,
    max_file_size: MaxFileSizeOpt = None,
    max_nodes: MaxNodesOpt = None,
    jobs: JobsOpt = None,
    as_of: AsOfOpt = None,
    fix: FixOpt = False,
    diff: DiffOpt = False,
) -> None:
    """Audit plans: print findings and the fitness score.

    Random acts of marketing are tactics that trace to no business goal; their
    budget is reported as spend on random acts of marketing (RAM spend).

    Examples:

      ramaudit check plan.yaml

      ramaudit check plans/ --format json

      ramaudit check plan.yaml --fail-on warning

      ramaudit check plans/ --format sarif -o ramaudit.sarif

      ramaudit check plan.yaml --fix
    """
    paths = paths_to_check(paths, stdin_filename, jobs)
    out = Output(output, force)
    fmt = pick_format(CHECK, format if format is not None else default_format(output))
    check_flag_combinations(
        paths,
        output=output,
        force=force,
        format_given=format is not None,
        statistics=statistics,
        stdin_filename=stdin_filename,
        baseline=baseline,
        write_baseline=write_baseline,
    )
    fixing = FixRun.asked(fix, diff, paths, output, write_baseline)
    selection = (select, extend_select, ignore, extend_ignore)
    limits = (max_file_size, max_nodes)
    overrides = make_overrides(*selection, fail_on, fail_under, require_reason, *limits)
    # Plans may have different fail-on settings: without --fail-on, renderers and the
    # exit code take each plan's from its configuration.
    level = fail_on.value if fail_on else None
    options = replace(presentation(fmt, out), fail_on=level, quiet=quiet, statistics=statistics)
    with usage_errors():
        settings = make_settings(overrides, config, isolated, force_exclude, as_of)
        fixed = fixing.run(settings, stdin_filename, level) if fixing else None
        results = audited(
            paths, settings, fmt, options, out, stdin_filename, jobs, baseline, write_baseline
        )
    out.refuse_inputs(results)
    text, results = render_each(lambda rs: render_check(fmt, rs, options), results)
    out.write(text)
    report_fixed(fixed, sum(len(r.findings) for r in results))
    low = below_fail_under(results)
    tell_why(results, low)
    code = exit_code(results, level, low)
    raise typer.Exit(EXIT_OK if exit_zero and code == EXIT_FINDINGS else code)


def paths_to_check(
    paths: list[Path] | None, stdin_filename: str | None, jobs: int | None
) -> list[Path]:
    """The paths to audit; usage errors for none at all and for --jobs below 1."""
    if not paths and stdin_filename:
        paths = [Path("-")]  # as in ruff: --stdin-filename alone reads stdin
    if not paths:
        raise fail("no plan given; try 'ramaudit check plan.yaml' (see --help)")
    if jobs is not None and jobs < 1:
        raise fail(f"--jobs: expected a whole number of at least 1, got {jobs}")
    return paths


def render_check(
    fmt: "Format[Sequence[AuditResult]]", results: "list[AuditResult]", options: "RenderOptions"
) -> str:
    """``results`` in ``fmt``; with --statistics, the table that replaces the
    findings in every format but text (which adds it after them)."""
    if options.statistics and fmt.statistics is not None:
        return load(fmt.statistics)(results, options)
    return fmt.render(results, options)


def audited(
    paths: list[Path],
    settings: "Settings",
    fmt: "Format[Sequence[AuditResult]]",
    options: "RenderOptions",
    out: Output,
    stdin_filename: str | None,
    jobs: int | None,
    baseline: Path | None,
    write_baseline: Path | None,
) -> "list[AuditResult]":
    """The audit of ``paths``, with the baseline applied (--baseline); with
    --write-baseline, the baseline is recorded and the command ends there."""
    from ramaudit.api import audit_paths

    with_baseline = baseline is not None or write_baseline is not None
    results = audit_paths(
        paths,
        settings=settings,
        stdin_filename=stdin_filename,
        jobs=jobs,
        keep_plans=with_baseline or fmt.name == "sarif",  # both key findings by item
        progress=progress_for(fmt.name, out.path),
        # Workers render each file's part of the report as they audit it; the parts
        # are used if the final options turn out the same (the plans' fail-on).
        render=None if with_baseline else (fmt.name, options),
    )
    if not results and not any(str(p) == "-" for p in paths):
        # As ruff warns: a mistyped or emptied folder in CI would otherwise pass unnoticed.
        # Standard input skipped by --force-exclude is an editor's business, not news.
        typer.echo("ramaudit: warning: no plan files (*.yaml, *.yml) found to audit", err=True)
    if write_baseline is not None:
        Output(write_baseline).refuse_inputs(results)
        raise typer.Exit(save_baseline(results, write_baseline, out.force))
    if baseline is not None:
        use_baseline(results, baseline)
    return results


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


def progress_for(format: str, output: Path | None) -> "Callable[[int], ProgressBar | None] | None":
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


def save_baseline(results: "list[AuditResult]", path: Path, force: bool) -> int:
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


def use_baseline(results: "list[AuditResult]", path: Path) -> None:
    from ramaudit.config.baseline import Baseline, BaselineError

    try:
        Baseline.load(path).apply(results)
    except BaselineError as exc:
        raise fail(str(exc)) from None
