"""The command line: parse arguments, call the library, pick a renderer, set the exit code.

No analysis happens here. Heavy modules (pydantic, networkx, rich) are imported inside
the commands that need them, so ``ramaudit --version`` starts as fast as typer does.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from ramaudit import __version__

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
        str, typer.Option("--format", "-f", help="Output format: text or json.")
    ] = "text",
    fail_on: Annotated[
        FailOn,
        typer.Option("--fail-on", help="Lowest severity that makes the exit code 1."),
    ] = FailOn.error,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Findings only: no score panel.")] = False,
) -> None:
    """Audit plan files and print findings and the fitness score.

    Examples:

      ramaudit check plan.yaml

      ramaudit check plans/ --format json

      ramaudit check plan.yaml --fail-on warning
    """
    from ramaudit.api import audit_paths
    from ramaudit.report import FORMATS, RenderOptions, render

    if not paths:
        raise fail("no plan given; try 'ramaudit check plan.yaml' (see --help)")
    if format not in FORMATS:
        raise fail(f"unknown format '{format}'; choose from {', '.join(FORMATS)}")
    results = audit_paths(paths)
    options = RenderOptions(fail_on=fail_on.value, quiet=quiet,
                            color=_use_color() if format == "text" else False)
    write_output(render(format, results, options), None)
    raise typer.Exit(exit_code(results, fail_on.value))


def exit_code(results: list[Any], fail_on: str) -> int:
    if any(r.error for r in results):
        return EXIT_USAGE
    if any(r.failing(fail_on) for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


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
