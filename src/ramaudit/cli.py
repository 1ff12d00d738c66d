"""The command line: parse arguments, call the library, pick a renderer, set the exit code.

No analysis happens here. Heavy modules (pydantic, networkx, rich) are imported inside
the commands that need them, so ``ramaudit --version`` starts as fast as typer does.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core
from typer.core import TyperGroup
from typer.exceptions import TyperException

from ramaudit import __version__
from ramaudit.core.fileio import is_stdout
from ramaudit.report import FORMATS as CHECK_FORMATS  # light: renderers load on use

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Group(TyperGroup):
    """The command group, set up so that help shows words, never Python types: each
    command's summary in ``ramaudit --help`` is its docstring's first paragraph, whole
    (never cut to fit), and an argument shows its metavar (PLAN, PATH...) without
    typer's type label (``<list[Path]>``).

    It is also the last line of defence around each command: an exception no command
    expected (a bug of ours) is named in one line with the file being audited, never as
    a traceback, and exits 2 (abnormal end, as in ruff), never 1, which CI reads as
    "the plan has errors"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            if command.short_help is None and command.help:
                command.short_help = " ".join(command.help.split("\n\n")[0].split())
            for param in command.params:
                if isinstance(param, typer.core.TyperArgument) and param.metavar:
                    param.display_type_rich = _no_type  # type: ignore[method-assign]
                    # PLAN, not typer's {PLAN}: a required argument is spelled as click
                    # spells it, next to [PATH]... for an optional one.
                    param._usage_display_name = _usage_name(param)  # type: ignore[method-assign]

    def invoke(self, ctx: Any) -> Any:
        from ramaudit import api

        api.forget_audited()
        _tolerant_stdout()
        try:
            return super().invoke(ctx)
        except typer.BadParameter as exc:
            exc.message = plain_option_error(exc)
            raise
        except (typer.Exit, typer.Abort, TyperException, EOFError, BrokenPipeError):
            raise  # typer's own ways out, and a reader that went away
        except Exception as exc:
            raise fail(api.internal_error_message(exc), EXIT_USAGE) from None


def plain_option_error(exc: Any) -> str:
    """An option value typer refused, in words: typer 0.29 checks values with pydantic
    and passes its wording on ("Value error, ...", "Input should be a valid integer,
    unable to parse string as an integer"); say what was expected and what was given."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if errors is None:
        return str(exc.message)
    try:
        (first, *_) = errors()
    except (ValueError, TypeError):
        return str(exc.message)
    kind, limits = first.get("type", ""), first.get("ctx") or {}
    given = f"got {first.get('input')!r}"
    words = {
        "int_parsing": "expected a whole number",
        "int_from_float": "expected a whole number",
        "float_parsing": "expected a number",
        "bool_parsing": "expected true or false",
    }
    bounds = {
        "greater_than_equal": ("ge", "at least"),
        "greater_than": ("gt", "more than"),
        "less_than_equal": ("le", "at most"),
        "less_than": ("lt", "less than"),
    }
    if kind in words:
        return f"{words[kind]}, {given}"
    if kind in bounds:
        key, phrase = bounds[kind]
        return f"expected a number {phrase} {limits.get(key)}, {given}"
    text = str(first.get("msg", exc.message))
    for jargon in ("Value error, ", "Assertion failed, "):
        text = text.removeprefix(jargon)
    return text


def _no_type(ctx: Any = None) -> None:
    return None


def _usage_name(param: Any) -> Callable[[], str]:
    def name() -> str:
        text = str(param.metavar)
        if not param.required:
            text = f"[{text}]"
        return text + ("..." if param.nargs != 1 else "")

    return name


def _tolerant_stdout() -> None:
    """Let standard output replace what its encoding cannot hold (``?``) instead of
    failing: plan text in any script on an ASCII or Latin-1 terminal
    (PYTHONIOENCODING=ascii), a file name that is not UTF-8. ``?`` keeps JSON, XML
    and the rest valid where a backslash escape would not."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):  # closed, or not text after all
            reconfigure(errors="replace")


app = typer.Typer(
    name="ramaudit",
    cls=_Group,
    help="Audit YAML marketing plans for random acts of marketing: tactics that trace to "
    "no business goal, objectives nobody measures, and the rest of the fitness test. "
    "What such tactics cost is reported as spend on random acts of marketing (RAM spend).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ramaudit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Audit YAML marketing plans for random acts of marketing."""


def say(message: str) -> None:
    """Print one message line to stderr. Messages quote file names and plan text, so
    line breaks and control characters in them are shown escaped, as in every output."""
    from ramaudit.report.escape import shown

    typer.echo(shown(message), err=True)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``ramaudit: message`` to stderr and return the exit to raise."""
    say(f"ramaudit: {message}")
    return typer.Exit(code)


def _use_color() -> bool:
    from ramaudit.report import color_from_env

    return color_from_env(sys.stdout.isatty())


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _layout(to_stdout: bool = True) -> tuple[int | None, bool]:
    """(width, wrap) for a text report: on a terminal its width, with long lines
    wrapped at word boundaries; piped, one line per finding and boxes as wide as
    COLUMNS says (100 without it); into a file, the defaults."""
    if not to_stdout:
        return None, False
    from ramaudit.report.text import output_width  # imports rich: text output only

    terminal = _stdout_is_terminal()
    return output_width(terminal), terminal


def write_output(text: str, output: Path | None, *, force: bool = True) -> None:
    """Write rendered output to stdout, or atomically to ``output``."""
    if is_stdout(output):
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()
        return
    from ramaudit.core.fileio import WriteRefused, atomic_write

    assert output is not None  # is_stdout(None) is True
    try:
        atomic_write(output, text, force=force)
    except WriteRefused as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None


def _quiet_broken_pipe() -> None:
    # The reader went away (`ramaudit check … | head -1`): stop quietly, as cat does.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    raise typer.Exit(EXIT_OK)


@app.command()
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


def render_each(
    render_all: Callable[[list[Any]], str], results: list[Any]
) -> tuple[str, list[Any]]:
    """``render_all(results)`` and the results it covers. Should the renderer fail (a
    bug of ours), each file is rendered alone to find those it fails on; they are
    shown as not audited, with the error, and the report covers the rest."""
    try:
        return render_all(results), results
    except Exception:
        from ramaudit.api import crashed

        kept = []
        for r in results:
            try:
                render_all([r])
                kept.append(r)
            except Exception as exc:
                failed = crashed(r.path, exc)
                failed.config = r.config
                kept.append(failed)
        return render_all(kept), kept


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


def refuse_special_output(flag: str | None, target: Path | None) -> None:
    """Refuse, before any work, an output that is a pipe, socket or device (or a link
    to one): ramaudit replaces only regular files, even with --force."""
    if is_stdout(target):
        return
    from ramaudit.core.fileio import WriteRefused, check_target

    try:
        check_target(target, force=True)  # type: ignore[arg-type]
    except WriteRefused as exc:
        raise fail(f"{flag}: {exc}" if flag else str(exc)) from None


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


class _Named:
    """An input that is not an audit result, for :func:`refuse_audited_output`."""

    def __init__(self, path: str, what: str = "the file being imported") -> None:
        self.path, self.what = path, what


def refuse_audited_output(output: Path | None, results: list[Any]) -> None:
    """ramaudit never writes over a file it reads (a plan it audits, the sheet it
    imports), not even with --force."""
    if is_stdout(output) or not output.exists():  # type: ignore[union-attr]
        return
    for r in results:
        try:
            same = os.path.samefile(output, r.path)  # type: ignore[arg-type]
        except OSError:
            continue
        if same:
            what = getattr(r, "what", "a plan being audited")
            raise fail(f"{output} is {what}; ramaudit never writes to it")


def exit_code(results: list[Any], fail_on: str | None = None, low: list[Any] | None = None) -> int:
    """2 if a file could not be read; 1 if a finding reaches the fail level (``fail_on``,
    else each plan's configured ``fail-on``), a file does not parse, or a score is
    below ``fail-under`` (``low``, from :func:`below_fail_under` when already known)."""
    if any(r.error for r in results):
        return EXIT_USAGE
    if any(r.failing(fail_on or (r.config.fail_on if r.config else "error")) for r in results):
        return EXIT_FINDINGS
    if low if low is not None else below_fail_under(results):
        return EXIT_FINDINGS
    return EXIT_OK


def below_fail_under(results: list[Any]) -> list[tuple[Any, Any]]:
    """``(result, FailUnder)`` of each file whose fitness total is under its
    ``fail-under``; a file with no score (it does not parse, or is not a plan) counts
    as under."""
    low = []
    for r in results:
        check = r.fail_under()
        if check is not None and not check.passed:
            low.append((r, check))
    return low


def not_audited(result: Any) -> str | None:
    """Why a file that was read was not audited (it does not parse, RA001, or is over
    a limit, RA006), as ``file:line:col: message``; None when it was audited."""
    if result.error:
        return None
    from ramaudit.config.effective import ALWAYS_REPORTED

    first = next((f for f in result.findings if f.code in ALWAYS_REPORTED), None)
    if first is None:
        return None
    return f"{first.path}:{first.line}:{first.column}: {first.code} {first.message}"


def tell_why(results: list[Any], low: list[tuple[Any, Any]] | None = None) -> None:
    """Say on stderr, one line each, why the exit code is not 0 for the files that
    make it so, whatever the report holds or wherever it goes: a file that could not
    be read (2), one that was not audited (1), a score under fail-under (1). Every
    command says a missing file the same way: ``ramaudit: nope.yaml: no such file``."""
    from ramaudit.report import fail_under_message

    for r in results:
        reason = r.error or not_audited(r)
        if reason:
            say(f"ramaudit: {reason}")
    for r, check in low if low is not None else below_fail_under(results):
        say(f"ramaudit: {r.path}: {fail_under_message(r, check)}")


# Options shared by `check` and `config --show`.
SelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        metavar="CODES",
        help="Rules to run, replacing the configuration's select: "
        "codes, prefixes (RA1) or names, comma-separated or repeated.",
    ),
]
ExtendSelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--extend-select", metavar="CODES", help="Rules to run in addition to those selected."
    ),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--ignore", metavar="CODES", help="Rules not to run (codes, prefixes or names)."),
]
ExtendIgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--extend-ignore", metavar="CODES", help="Same as --ignore; kept for ruff users."),
]
FailUnderOpt = Annotated[
    float | None,
    typer.Option(
        "--fail-under", metavar="SCORE", help="Exit 1 when a plan's fitness total is below SCORE."
    ),
]
ShowFailUnderOpt = Annotated[
    float | None,
    typer.Option(
        "--fail-under",
        metavar="SCORE",
        help="Show the configuration with this fail-under, as check --fail-under would use it.",
    ),
]
RequireReasonOpt = Annotated[
    bool,
    typer.Option(
        "--require-reason", help="Report suppression comments that give no reason (RA901)."
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Use this configuration file for every plan instead of "
        "searching for .ramaudit.toml, .ramaudit.yaml or pyproject.toml [tool.ramaudit].",
    ),
]
IsolatedOpt = Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")]


def make_overrides(
    select: list[str] | None,
    extend_select: list[str] | None,
    ignore: list[str] | None,
    extend_ignore: list[str] | None,
    fail_on: FailOn | None,
    fail_under: float | None,
    require_reason: bool,
    max_file_size: str | None = None,
    max_nodes: int | None = None,
) -> Any:
    from ramaudit.config.files import Overrides

    return Overrides(
        select=tuple(select) if select is not None else None,
        extend_select=tuple(extend_select or ()),
        ignore=tuple(ignore or ()),
        extend_ignore=tuple(extend_ignore or ()),
        fail_on=fail_on.value if fail_on else None,
        fail_under=fail_under,
        require_reason=require_reason or None,
        max_file_size=max_file_size,
        max_nodes=max_nodes,
    )


def make_settings(
    overrides: Any, config: Path | None, isolated: bool, force_exclude: bool = False
) -> Any:
    from ramaudit.config.files import Settings

    return Settings(overrides, config_file=config, isolated=isolated, force_exclude=force_exclude)


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


class ListFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("rules")
def rules_command(
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="text (a table) or json.", case_sensitive=False
        ),
    ] = ListFormat.text,
) -> None:
    """List the rules with their codes and summaries.

    Each rule's code, name, default severity and one-line summary.
    """
    from ramaudit.report import rule_docs as ruledocs

    if format is ListFormat.json:
        text = ruledocs.catalogue_json()
    else:  # on a terminal the summaries wrap to fit it; piped, one line per rule
        width, wrap = _layout()
        text = ruledocs.catalogue_table(width if wrap else None)
    write_output(text, None)


class RuleFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command("rule")
def rule_command(
    code: Annotated[
        str, typer.Argument(metavar="CODE", help="A rule code (RA101) or name (orphan-tactic).")
    ],
    format: Annotated[
        RuleFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text (the Markdown drawn for a terminal, as it stands when piped), "
            "markdown (always as it stands) or json.",
            case_sensitive=False,
        ),
    ] = RuleFormat.text,
) -> None:
    """Explain one rule, with examples.

    Prints what the rule detects, why it matters, an example plan that makes it fire,
    the same plan fixed, and how to fix it: the rule's own documentation.

    Examples:

      ramaudit rule RA101

      ramaudit rule orphan-tactic
    """
    import json

    from ramaudit.report import rule_docs as ruledocs

    try:
        rule = ruledocs.find_rule(code)
    except ruledocs.UnknownRule as exc:
        raise fail(str(exc)) from None
    if format is RuleFormat.json:
        write_output(
            json.dumps(ruledocs.explain_dict(rule), indent=2, ensure_ascii=False) + "\n", None
        )
    elif format is RuleFormat.text and sys.stdout.isatty():
        write_output(render_markdown(ruledocs.explain(rule)), None)
    else:
        width, wrap = _layout()
        text = ruledocs.explain(rule)
        write_output(ruledocs.reflow(text, width) if wrap and width else text, None)


def render_markdown(text: str, width: int | None = None) -> str:
    """Markdown drawn for a terminal by rich: headings, emphasis, code blocks."""
    import io
    import shutil

    from rich.console import Console
    from rich.markdown import Markdown

    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width or min(shutil.get_terminal_size().columns, 100),
        force_terminal=_use_color(),
        no_color=not _use_color(),
        highlight=False,
    )
    console.print(Markdown(text))
    return buf.getvalue()


@app.command("explain-score")
def explain_score_command(
    plan: Annotated[Path, typer.Argument(metavar="PLAN", help="The plan file.")],
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="text (tables) or json.", case_sensitive=False
        ),
    ] = ListFormat.text,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Show how the fitness score was reached.

    Lists every criterion of the four questions with its weight, points, evidence
    and the items that fall short.

    Examples:

      ramaudit explain-score plan.yaml

      ramaudit explain-score plan.yaml --format json
    """
    from ramaudit.api import audit
    from ramaudit.config.files import ConfigError
    from ramaudit.report.score_explained import CannotScore, explain_json, explain_text

    try:
        settings = make_settings(
            make_overrides(None, None, None, None, None, None, False), config, isolated
        )
        result = audit(plan, settings.config_for(plan))
    except ConfigError as exc:
        raise fail(str(exc)) from None
    try:
        width, wrap = _layout(format is not ListFormat.json)
        text = (
            explain_json(result)
            if format is ListFormat.json
            else explain_text(result, color=_use_color(), width=width, wrap=wrap)
        )
    except CannotScore as exc:
        # Unreadable: 2, as everywhere; read but no score (it does not parse, or is
        # not a plan): the plan fails, 1, as check would fail it.
        raise fail(str(exc), EXIT_USAGE if result.error else EXIT_FINDINGS) from None
    write_output(text, None)


@app.command("schema")
def schema_command() -> None:
    """Print the plan format's JSON Schema.

    For editors: save it next to your plans and point the YAML language server at it with a first
    line such as  # yaml-language-server: $schema=plan.schema.json
    """
    from ramaudit.core.schemas import plan_schema_text

    write_output(plan_schema_text(), None)


@app.command()
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


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced stdin
        return False


@app.command()
def init(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help="File to create (default marketing-plan.yaml; '-' for stdout).",
        ),
    ] = None,
    example: Annotated[
        str | None,
        typer.Option(
            "--example",
            "-e",
            metavar="NAME",
            help="Write a bundled example plan instead of the starter.",
        ),
    ] = None,
    list_examples: Annotated[
        bool, typer.Option("--list-examples", help="List the bundled example plans and exit.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists.")
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask questions; use the defaults.")
    ] = False,
) -> None:
    """Write a starter plan, or a bundled example.

    The starter plan passes the audit. Asks for the plan's name, owner and currency
    when run in a terminal.

    Examples:

      ramaudit init

      ramaudit init plans/2027.yaml --no-input

      ramaudit init --example random-acts demo.yaml
    """
    from ramaudit.authoring import starter
    from ramaudit.core.fileio import WriteRefused

    if list_examples:
        for name in starter.example_names():
            typer.echo(name)
        raise typer.Exit(EXIT_OK)
    target = path if path is not None else Path(starter.DEFAULT_PATH)
    to_stdout = is_stdout(target)
    if not to_stdout and target.is_dir():  # --force would not help: say what to pass instead
        raise fail(
            f"{target} is a folder; name the file to create, such as "
            f"{target / starter.DEFAULT_PATH}"
        )
    refuse_special_output(None, target)
    if not to_stdout and (target.exists() or target.is_symlink()) and not force:
        raise fail(f"{target} exists; pass --force to overwrite it")
    if example is not None:
        try:
            text = starter.example_plan(example)
        except starter.UnknownExample as exc:
            raise fail(str(exc)) from None
    else:
        answers = {
            "plan_name": starter.DEFAULT_PLAN_NAME,
            "owner": starter.DEFAULT_OWNER,
            "currency": starter.DEFAULT_CURRENCY,
        }
        if not no_input and _stdin_is_terminal():
            answers["plan_name"] = typer.prompt("Plan name", default=answers["plan_name"], err=True)
            answers["owner"] = typer.prompt("Plan owner", default=answers["owner"], err=True)
            answers["currency"] = typer.prompt("Currency", default=answers["currency"], err=True)
        shown = "plan.yaml" if to_stdout else str(target)
        text = starter.starter_plan(
            answers["plan_name"], answers["owner"], answers["currency"], file_name=shown
        )
    if to_stdout:
        write_output(text, None)
        raise typer.Exit(EXIT_OK)
    try:
        # `ramaudit init plans/2027.yaml` in a fresh repository: make plans/ as well.
        target.parent.mkdir(parents=True, exist_ok=True)
        starter.write_plan(target, text, force=force)
    except WriteRefused as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write {target}: {exc.strerror or exc}") from None
    what = f"example plan '{example}'" if example is not None else "starter plan"
    say(f"Wrote {what} to {target}. Next: ramaudit check {target}")
    raise typer.Exit(EXIT_OK)


@app.command("import")
def import_plan(
    csv_path: Annotated[
        Path, typer.Argument(metavar="CSV", help="Spreadsheet saved as CSV, one row per item.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Plan file to write (default: stdout)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Write nothing if any row or value cannot be taken as it stands."
        ),
    ] = False,
    decimal: Annotated[
        str | None,
        typer.Option(
            "--decimal",
            metavar="MARK",
            help="The decimal separator of the sheet's numbers, '.' or ','; the "
            "other one groups thousands. Default: ',' in a semicolon-separated "
            "sheet, '.' otherwise.",
        ),
    ] = None,
) -> None:
    """Turn a CSV spreadsheet into a plan file.

    Rows that cannot be placed are listed with their row numbers and kept under
    'x-unplaced'; the exit code is then 1. See docs/import.md for the columns.

    Examples:

      ramaudit import plan.csv -o plan.yaml

      ramaudit import plan.csv --strict > plan.yaml

      ramaudit import export.csv --decimal , -o plan.yaml
    """
    from ramaudit.authoring.csv_import import DECIMAL_MARKS, ImportFailed, counts_line, import_csv
    from ramaudit.core.source import SourceError

    if decimal is not None and decimal not in DECIMAL_MARKS:
        raise fail(f"--decimal takes '.' or ',', not '{decimal}'")
    refuse_special_output("--output", output)
    if not is_stdout(output) and str(csv_path) != "-":
        refuse_audited_output(output, [_Named(str(csv_path))])  # the sheet being imported
    if not is_stdout(output) and output.exists() and not force:  # type: ignore[union-attr]
        raise fail(f"{output} exists; pass --force to overwrite it")
    try:
        result = import_csv(csv_path, decimal=decimal)
    except (ImportFailed, SourceError) as exc:
        raise fail(str(exc)) from None
    for problem in result.problems:
        say(f"{result.source}: {problem}")
    if strict and result.failed:
        raise fail(
            f"nothing written: {len(result.problems)} problem(s) above (--strict)", EXIT_FINDINGS
        )
    write_output(result.to_yaml(), output, force=force)
    where = "" if is_stdout(output) else f" to {output}"
    say(f"Imported {counts_line(result.counts)}{where}.")
    raise typer.Exit(EXIT_FINDINGS if result.failed else EXIT_OK)


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


@app.command()
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


@app.command("graph")
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


@app.command("config")
def config_command(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="PATH", help="A plan file or folder [default: the working folder]."),
    ] = None,
    show: Annotated[
        bool,
        typer.Option(
            "--show",
            help="Print the effective configuration for PATH and where each value came from.",
        ),
    ] = False,
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="text or json.", case_sensitive=False
        ),
    ] = ListFormat.text,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    extend_ignore: ExtendIgnoreOpt = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            case_sensitive=False,
            metavar="LEVEL",
            help="Show the configuration with this fail-on (error, warning, info or "
            "never), as check --fail-on would use it.",
        ),
    ] = None,
    fail_under: ShowFailUnderOpt = None,
    require_reason: RequireReasonOpt = False,
) -> None:
    """Show the configuration used for a plan or folder.

    Examples:

      ramaudit config --show

      ramaudit config --show plans/retail.yaml --format json
    """

    from ramaudit.config.files import ConfigError, show_data, show_text

    if not show:
        raise fail("nothing to do; try 'ramaudit config --show [PATH]'")
    target = path if path is not None else Path(".")
    if not target.exists():
        raise fail(f"{target}: no such file")
    overrides = make_overrides(
        select, extend_select, ignore, extend_ignore, fail_on, fail_under, require_reason
    )
    try:
        data = show_data(make_settings(overrides, config, isolated), target)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    if format is ListFormat.json:
        from ramaudit.report.escape import json_text

        write_output(json_text(data), None)
    else:
        width, wrap = _layout()
        write_output(show_text(data, width if wrap else None), None)


def main() -> None:
    # A command-line run is short and keeps nearly all it makes until it ends; the
    # cyclic garbage collector would only rescan live objects, for a tenth of the time
    # of a small check.
    gc.disable()
    try:
        if sys.argv[1:] in (["--version"], ["-V"]):  # answered before typer builds commands
            _version(True)
        app()
    except typer.Exit as done:  # raised by the early --version
        sys.exit(done.exit_code)
    except BrokenPipeError:
        try:
            _quiet_broken_pipe()
        except typer.Exit:
            sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # outside any command (the commands catch their own)
        from ramaudit.api import internal_error_message

        typer.echo(f"ramaudit: {internal_error_message(exc)}", err=True)
        sys.exit(EXIT_USAGE)
