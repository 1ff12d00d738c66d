"""The typer group of ``ramaudit``: every command registered, help in words, errors in
one line. :mod:`ramaudit.cli` imports this only for a run that needs typer, so that
``ramaudit --version`` answers before typer is imported.
"""

# No ``from __future__ import annotations``: typer would compile the group option's
# annotation from its text.
import contextlib
import importlib
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
import typer.core
from typer.core import TyperGroup
from typer.exceptions import TyperException

from ramaudit import __version__
from ramaudit.cli import COMMANDS, _named_command

try:
    from ramaudit._typer_lazy import UntilGiven as _UntilGiven
except ImportError:  # a typer without typer._coercion checks values its own way
    _UntilGiven = None  # type: ignore[assignment,misc]
from ramaudit.commands.common import EXIT_OK, EXIT_USAGE, _quiet_broken_pipe, fail


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
        for param in self.params:  # the group's own (--version): left out, they cost none
            _coerce_when_given(param)
        for command in self.commands.values():
            # help options are made on first use, each with a checker of its own
            command.get_help_option = _help_coerced_when_given(command.get_help_option)  # type: ignore[method-assign,assignment]
            if command.short_help is None and command.help:
                command.short_help = " ".join(command.help.split("\n\n")[0].split())
            for param in command.params:
                _coerce_when_given(param)
                if isinstance(param, typer.core.TyperArgument) and param.metavar:
                    param.display_type_rich = _no_type  # type: ignore[method-assign]
                    # PLAN, not typer's {PLAN}: a required argument is spelled as click
                    # spells it, next to [PATH]... for an optional one.
                    param._usage_display_name = _usage_name(param)  # type: ignore[method-assign]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            _coerce_when_given(option)
        return option

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


def _coerce_when_given(param: Any) -> None:
    """Let typer build a parameter's value checker only when the parameter is given.
    Typer (0.29) checks every value, an option left out (None) too, with a pydantic
    TypeAdapter it builds on first use: ``check`` has two dozen options, each adapter
    takes a millisecond or two, and a missing value passes through unchanged."""
    if getattr(param, "_runtime_param", False) is not None or _UntilGiven is None:
        return  # another typer: leave it as it is
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None:
        param._runtime_param = _UntilGiven(descriptor)


def _help_coerced_when_given(made: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``made`` (a command's ``get_help_option``), its option given the lazy checker."""

    def get_help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None:
            _coerce_when_given(option)
        return option

    return get_help_option


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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ramaudit {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Audit YAML marketing plans for random acts of marketing."""


def build_app(only: str | None = None) -> typer.Typer:
    """The typer application with every command, or with the command ``only`` alone.
    A run names its command first, and the rest only cost it time: importing a dozen
    command modules and turning each function's signature into a click command took
    about as long as auditing a small plan. With one command, everything a user sees
    of that command (its help, its errors, its output) is what the whole group shows."""
    application = typer.Typer(
        name="ramaudit",
        cls=_Group,
        help="Audit YAML marketing plans for random acts of marketing: tactics that trace "
        "to no business goal, objectives nobody measures, and the rest of the fitness "
        "test. What such tactics cost is reported as spend on random acts of marketing "
        "(RAM spend).",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        rich_markup_mode=None,
    )
    application.callback()(_root)
    for name, (module, function) in COMMANDS.items():
        if only is None or name == only:
            command = getattr(importlib.import_module(f"ramaudit.commands.{module}"), function)
            application.command(name)(command)
    return application


def run(args: list[str]) -> None:
    """Run the command line ``args``: the group is built with the command they name
    alone (see :func:`build_app`)."""
    try:
        build_app(_named_command(args))()
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
