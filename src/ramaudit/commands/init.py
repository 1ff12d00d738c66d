"""``ramaudit init``: write a starter plan or a bundled example."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
import typer.core

from ramaudit.commands.common import EXIT_OK, Output, fail, say


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced stdin
        return False


FileArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="FILE",
        help="File to create (default marketing-plan.yaml; '-' for stdout).",
    ),
]
ExampleOpt = Annotated[
    str | None,
    typer.Option(
        "--example",
        "-e",
        metavar="NAME",
        help="Write a bundled example plan instead of the starter.",
    ),
]
ListExamplesOpt = Annotated[
    bool, typer.Option("--list-examples", help="List the bundled example plans and exit.")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")]
NoInputOpt = Annotated[
    bool, typer.Option("--no-input", help="Never ask questions; use the defaults.")
]


def init(
    path: FileArg = None,
    example: ExampleOpt = None,
    list_examples: ListExamplesOpt = False,
    force: ForceOpt = False,
    no_input: NoInputOpt = False,
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

    if list_examples:
        for name in starter.example_names():
            typer.echo(name)
        raise typer.Exit(EXIT_OK)
    out = Output(path if path is not None else Path(starter.DEFAULT_PATH), force)
    refuse_target(out)
    if example is not None:
        try:
            text = starter.example_plan(example)
        except starter.UnknownExample as exc:
            raise fail(str(exc)) from None
    else:
        text = starter_text(out, ask=not no_input and _stdin_is_terminal())
    # `ramaudit init plans/2027.yaml` in a fresh repository: make plans/ as well.
    out.write(text, make_folder=True)
    if out.file is not None:
        what = f"example plan '{example}'" if example is not None else "starter plan"
        say(f"Wrote {what} to {out.file}. Next: ramaudit check {out.file}")
    raise typer.Exit(EXIT_OK)


def refuse_target(out: Output) -> None:
    """Refuse a folder, a pipe or device, and (without --force) a file that exists,
    before asking any question."""
    from ramaudit.authoring import starter

    target = out.file
    if target is not None and target.is_dir():  # --force would not help: say what to pass
        raise fail(
            f"{target} is a folder; name the file to create, such as "
            f"{target / starter.DEFAULT_PATH}"
        )
    out.refuse_special(None)
    if target is not None and (target.exists() or target.is_symlink()) and not out.force:
        raise fail(f"{target} exists; pass --force to overwrite it")


def starter_text(out: Output, ask: bool) -> str:
    """The starter plan, with the name, owner and currency asked for when ``ask``."""
    from ramaudit.authoring import starter

    answers = {
        "plan_name": starter.DEFAULT_PLAN_NAME,
        "owner": starter.DEFAULT_OWNER,
        "currency": starter.DEFAULT_CURRENCY,
    }
    if ask:
        answers["plan_name"] = typer.prompt("Plan name", default=answers["plan_name"], err=True)
        answers["owner"] = typer.prompt("Plan owner", default=answers["owner"], err=True)
        answers["currency"] = typer.prompt("Currency", default=answers["currency"], err=True)
    shown = "plan.yaml" if out.file is None else str(out.file)
    return starter.starter_plan(
        answers["plan_name"], answers["owner"], answers["currency"], file_name=shown
    )
