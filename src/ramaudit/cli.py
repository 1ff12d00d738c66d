"""The command line: parse arguments, call the library, pick a renderer, set the exit code.

No analysis happens here. Heavy modules (pydantic, networkx, rich) are imported inside
the commands that need them, so ``ramaudit --version`` starts as fast as typer does.
"""

from __future__ import annotations

import os
import sys
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ramaudit import __version__
from ramaudit.report import FORMATS as CHECK_FORMATS  # light: renderers load on use

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="ramaudit",
    help="Audit YAML marketing plans for random acts of marketing: tactics that trace to "
    "no business goal, objectives nobody measures, and the rest of the fitness test.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


class FailOn(str, Enum):
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
        typer.Option("--version", "-V", callback=_version, is_eager=True,
                     help="Show the version and exit."),
    ] = False,
) -> None:
    """Audit YAML marketing plans for random acts of marketing."""


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``ramaudit: message`` to stderr and return the exit to raise."""
    typer.echo(f"ramaudit: {message}", err=True)
    return typer.Exit(code)


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def write_output(text: str, output: Path | None, *, force: bool = True) -> None:
    """Write rendered output to stdout, or atomically to ``output``."""
    if output is None or str(output) == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()
        return
    from ramaudit.fileio import WriteRefused, atomic_write

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
        typer.Argument(help="Plan files or folders (searched for *.yaml and *.yml)."),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", metavar="FORMAT",
                     help=f"Output format: {', '.join(CHECK_FORMATS)}. Default: github when "
                     "GITHUB_ACTIONS=true and the output is not a terminal, else text."),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option("--fail-on", help="Lowest severity that makes the exit code 1."),
    ] = FailOn.error,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Findings only: no score panel.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE",
                     help="Write the report to FILE instead of stdout."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output if it exists.")
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option("--statistics",
                     help="Count findings per rule code, most frequent first. The text format "
                     "adds the table after the findings; every other format prints only the "
                     "table (json: a list of {code, name, severity, count})."),
    ] = False,
    exit_zero: Annotated[
        bool,
        typer.Option("--exit-zero",
                     help="Exit 0 even when findings reach --fail-on; unreadable files and "
                     "usage errors still exit 2."),
    ] = False,
) -> None:
    """Audit plan files and print findings and the fitness score.

    Examples:

      ramaudit check plan.yaml

      ramaudit check plans/ --format json

      ramaudit check plan.yaml --fail-on warning

      ramaudit check plans/ --format sarif -o ramaudit.sarif
    """
    from ramaudit.api import audit_paths
    from ramaudit.report import FORMATS, RenderOptions, render

    if not paths:
        raise fail("no plan given; try 'ramaudit check plan.yaml' (see --help)")
    if format is None:
        format = default_format(output)
    if format not in FORMATS:
        raise fail(f"unknown format '{format}'; choose from {', '.join(FORMATS)}")
    results = audit_paths(paths)
    refuse_audited_output(output, results)
    options = RenderOptions(fail_on=fail_on.value, quiet=quiet, statistics=statistics,
                            color=_use_color() if format == "text" and output is None else False)
    if statistics and format != "text":
        from ramaudit.report import statistics as stats

        text = stats.render(format, results)
    else:
        text = render(format, results, options)
    write_output(text, output, force=force)
    code = exit_code(results, fail_on.value)
    raise typer.Exit(EXIT_OK if exit_zero and code == EXIT_FINDINGS else code)


def default_format(output: Path | None) -> str:
    """``github`` inside GitHub Actions when the report goes to a non-terminal stdout
    (the runner turns those lines into annotations), ``text`` everywhere else."""
    to_stdout = output is None or str(output) == "-"
    if to_stdout and os.environ.get("GITHUB_ACTIONS") == "true" and not sys.stdout.isatty():
        return "github"
    return "text"


def refuse_audited_output(output: Path | None, results: list[Any]) -> None:
    """ramaudit never writes over a plan it audits, not even with --force."""
    if output is None or str(output) == "-" or not output.exists():
        return
    for r in results:
        try:
            same = os.path.samefile(output, r.path)
        except OSError:
            continue
        if same:
            raise fail(f"{output} is a plan being audited; ramaudit never writes to it")



def exit_code(results: list[Any], fail_on: str) -> int:
    if any(r.error for r in results):
        return EXIT_USAGE
    if any(r.failing(fail_on) for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


class ListFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("rules")
def rules_command(
    format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="text (a table) or json.")
    ] = ListFormat.text,
) -> None:
    """List the rules: code, name, default severity, summary."""
    from ramaudit import ruledocs

    text = ruledocs.catalogue_json() if format is ListFormat.json else ruledocs.catalogue_table()
    write_output(text, None)


@app.command("rule")
def rule_command(
    code: Annotated[str, typer.Argument(help="A rule code (RA101) or name (orphan-tactic).")],
    format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="text (Markdown) or json.")
    ] = ListFormat.text,
) -> None:
    """Explain one rule, with a failing and a passing example.

    Prints what the rule detects, why it matters, an example plan that makes it fire,
    the same plan fixed, and how to fix it: the rule's own documentation.

    Examples:

      ramaudit rule RA101

      ramaudit rule orphan-tactic
    """
    import json

    from ramaudit import ruledocs

    try:
        rule = ruledocs.find_rule(code)
    except ruledocs.UnknownRule as exc:
        raise fail(str(exc)) from None
    if format is ListFormat.json:
        write_output(json.dumps(ruledocs.explain_dict(rule), indent=2, ensure_ascii=False) + "\n",
                     None)
    else:
        write_output(ruledocs.explain(rule), None)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the plan format, for editors.

    Save it next to your plans and point the YAML language server at it with a first
    line such as  # yaml-language-server: $schema=plan.schema.json
    """
    from ramaudit.schemas import plan_schema_text

    write_output(plan_schema_text(), None)


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        try:
            _quiet_broken_pipe()
        except typer.Exit:
            sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.exit(130)
