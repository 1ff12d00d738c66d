"""``ramaudit init``: write a starter plan or a bundled example."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
import typer.core

from ramaudit.commands.common import EXIT_OK, fail, refuse_special_output, say, write_output
from ramaudit.core.fileio import is_stdout


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced stdin
        return False


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
