"""The command line: parse arguments, call the library, pick a renderer, set the exit code.

No analysis happens here. Heavy modules (pydantic, networkx, rich) are imported inside
the commands that need them, and typer itself only by a run that parses a command line
(:mod:`ramaudit.typer_app`, the group and its commands): ``ramaudit --version``
answers without it.
"""

import gc
import os
import sys

from ramaudit import TYPE_CHECKING, __version__

if TYPE_CHECKING:  # typing and typer are not imported by a run that prints the version
    from typing import Any

    import typer

# Every command: its name, and the module and function that make it, in the order
# help lists them. A run imports the module of its own command only (see build_app).
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "rules": ("rules", "rules_command"),
    "rule": ("rules", "rule_command"),
    "explain-score": ("explain_score", "explain_score_command"),
    "schema": ("schema", "schema_command"),
    "diff": ("diff", "diff"),
    "history": ("history", "history"),
    "init": ("init", "init"),
    "import": ("import_plan", "import_plan"),
    "report": ("report", "report"),
    "graph": ("graph", "graph_command"),
    "config": ("config", "config_command"),
    "status": ("status", "status_command"),
    "server": ("server", "server_command"),
}


def _named_command(args: list[str]) -> str | None:
    """The command a command line runs when it starts with a command's name; None when
    it starts otherwise (an option, help, a mistyped name), which the whole group
    answers."""
    return args[0] if args and args[0] in COMMANDS else None


def __getattr__(name: str) -> "Any":
    # The typer group and its helpers live in ramaudit.typer_app, imported on first use;
    # ``app``, the whole group (tests, the golden recorder), is built on first use too.
    if name.startswith("__"):
        raise AttributeError(name)
    from ramaudit import typer_app

    if name == "app":
        application: typer.Typer = typer_app.build_app()
        globals()["app"] = application
        return application
    try:
        return getattr(typer_app, name)
    except AttributeError:
        raise AttributeError(f"module 'ramaudit.cli' has no attribute {name!r}") from None


def _write_version() -> None:
    # What the group's --version prints (typer.echo: the line, then a flush), written
    # without importing typer, which costs more than the rest of this run.
    try:
        sys.stdout.write(f"ramaudit {__version__}\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away: stop quietly, as the commands do.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass


def main() -> None:
    # A command-line run is short and keeps nearly all it makes until it ends; the
    # cyclic garbage collector would only rescan live objects, for a tenth of the time
    # of a small check.
    gc.disable()
    # pydantic looks for plugins (a scan of every installed package's entry points,
    # about 20 ms) before it builds its first model; none is meant to watch the plan
    # models of a command-line run. Worker processes inherit it; a value the user set
    # is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        if sys.argv[1:] in (["--version"], ["-V"]):  # answered before typer is imported
            _write_version()
        else:
            from ramaudit.typer_app import run

            run(sys.argv[1:])
    finally:
        # The process ends here: the collection Python runs while shutting down would
        # scan every object the run left and free its reference cycles one by one
        # (half a second after a thousand plans). Frozen, they go with the process.
        gc.freeze()
