"""What the commands share: messages and exits, where output goes, which format and
presentation, how results set the exit code."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
import typer.core

from ramaudit.core.fileio import is_stdout
from ramaudit.core.records import dataclass

if TYPE_CHECKING:
    from ramaudit.api import AuditResult, FailUnder
    from ramaudit.config.files import Overrides, Settings
    from ramaudit.report import RenderOptions
    from ramaudit.report.formats import Format, Formats

T = TypeVar("T")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def say(message: str) -> None:
    """Print one message line to stderr. Messages quote file names and plan text, so
    line breaks and control characters in them are shown escaped, as in every output."""
    from ramaudit.report.escape import shown

    typer.echo(shown(message), err=True)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``ramaudit: message`` to stderr and return the exit to raise."""
    say(f"ramaudit: {message}")
    return typer.Exit(code)


@contextmanager
def usage_errors(*kinds: type[Exception]) -> Iterator[None]:
    """A bad configuration file, and an exception of ``kinds``, is a usage error:
    its message on stderr, exit 2."""
    from ramaudit.config.files import ConfigError

    caught: tuple[type[Exception], ...] = (ConfigError, *kinds)
    try:
        yield
    except caught as exc:
        raise fail(str(exc)) from None


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
    from ramaudit.report.console import output_width

    terminal = _stdout_is_terminal()
    return output_width(terminal), terminal


@dataclass(frozen=True, slots=True)
class Output:
    """Where a command writes: standard output (no ``-o``, ``-o -`` or
    ``-o /dev/stdout``) or a file, written atomically; ``force`` lets it replace a
    file that exists."""

    path: Path | None = None
    force: bool = False

    @property
    def to_stdout(self) -> bool:
        return is_stdout(self.path)

    @property
    def file(self) -> Path | None:
        """The file written, or None for standard output."""
        return None if self.to_stdout else self.path

    @property
    def suffix(self) -> str:
        """The file's suffix in lower case ("" for standard output or none)."""
        return self.file.suffix.lower() if self.file is not None else ""

    def write(self, text: str, *, make_folder: bool = False) -> None:
        """Write ``text``; a file that cannot be written is a usage error. With
        ``make_folder`` the file's folder is made first if it is missing."""
        if self.file is None:
            _write_stdout(text)
            return
        from ramaudit.core.fileio import WriteRefused, atomic_write

        try:
            if make_folder:
                self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, text, force=self.force)
        except WriteRefused as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"cannot write {self.file}: {exc.strerror or exc}") from None

    def refuse_special(self, flag: str | None = "--output") -> None:
        """See :func:`refuse_special_output`."""
        refuse_special_output(flag, self.path)

    def refuse_inputs(self, inputs: Sequence[AuditResult | Named]) -> None:
        """See :func:`refuse_audited_output`."""
        refuse_audited_output(self.path, inputs)


STDOUT = Output()


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()


def write_output(text: str, output: Path | None, *, force: bool = True) -> None:
    """Write rendered output to stdout, or atomically to ``output``."""
    Output(output, force).write(text)


def pick_format(formats: Formats[T], name: str, what: str = "") -> Format[T]:
    """The format ``--format name`` (any case) asks for, or a usage error that names
    the choices (``what`` says whose: "report ", "graph ")."""
    found = formats.get(name.lower())  # --format JSON is --format json
    if found is None:
        raise fail(f"unknown {what}format '{name.lower()}'; choose from {', '.join(formats.names)}")
    return found


def presentation(fmt: Format[T], output: Output = STDOUT) -> RenderOptions:
    """How ``fmt`` is drawn where it goes. A terminal format on standard output takes
    the terminal's width and wraps there (:func:`_layout`), in colour when the
    environment allows and no ``-o`` was given at all; anything else is plain."""
    from ramaudit.report import RenderOptions

    if not (fmt.terminal and output.to_stdout):
        return RenderOptions(color=False)
    width, wrap = _layout()
    color = _use_color() if output.path is None else False
    return RenderOptions(color=color, width=width, wrap=wrap)


def _quiet_broken_pipe() -> None:
    # The reader went away (`ramaudit check … | head -1`): stop quietly, as cat does.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    raise typer.Exit(EXIT_OK)


def render_each(
    render_all: Callable[[list[AuditResult]], str], results: list[AuditResult]
) -> tuple[str, list[AuditResult]]:
    """``render_all(results)`` and the results it covers. Should the renderer fail (a
    bug of ours), each file is rendered alone to find those it fails on; they are
    shown as not audited, with the error, and the report covers the rest."""
    try:
        return render_all(results), results
    except Exception:
        from ramaudit.api import crashed

        kept: list[AuditResult] = []
        for r in results:
            try:
                render_all([r])
                kept.append(r)
            except Exception as exc:
                failed = crashed(r.path, exc)
                failed.config = r.config
                kept.append(failed)
        return render_all(kept), kept


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


class Named:
    """An input that is not an audit result, for :func:`refuse_audited_output`."""

    def __init__(self, path: str, what: str = "the file being imported") -> None:
        self.path, self.what = path, what


def refuse_audited_output(output: Path | None, results: Sequence[AuditResult | Named]) -> None:
    """ramaudit never writes over a file it reads (a plan it audits, the sheet it
    imports), not even with --force."""
    if output is None or is_stdout(output) or not output.exists():
        return
    for r in results:
        try:
            same = os.path.samefile(output, r.path)
        except OSError:
            continue
        if same:
            what = r.what if isinstance(r, Named) else "a plan being audited"
            raise fail(f"{output} is {what}; ramaudit never writes to it")


def exit_code(
    results: Sequence[AuditResult],
    fail_on: str | None = None,
    low: list[tuple[AuditResult, FailUnder]] | None = None,
) -> int:
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


def below_fail_under(results: Sequence[AuditResult]) -> list[tuple[AuditResult, FailUnder]]:
    """``(result, FailUnder)`` of each file whose fitness total is under its
    ``fail-under``; a file with no score (it does not parse, or is not a plan) counts
    as under."""
    low = []
    for r in results:
        check = r.fail_under()
        if check is not None and not check.passed:
            low.append((r, check))
    return low


def not_audited(result: AuditResult) -> str | None:
    """Why a file that was read was not audited (it does not parse, RA001, or is over
    a limit, RA006), as ``file:line:col: message``; None when it was audited."""
    if result.error:
        return None
    from ramaudit.config.effective import ALWAYS_REPORTED

    first = next((f for f in result.findings if f.code in ALWAYS_REPORTED), None)
    if first is None:
        return None
    return f"{first.path}:{first.line}:{first.column}: {first.code} {first.message}"


def tell_why(
    results: Sequence[AuditResult], low: list[tuple[AuditResult, FailUnder]] | None = None
) -> None:
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


# Arguments and options several commands share.
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="PATH",
        help="Plan files or folders (searched for *.yaml and *.yml, in any case).",
    ),
]


ReportOutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout."
    ),
]


ForceOutputOpt = Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")]


ForceFileOpt = Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")]


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
) -> Overrides:
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
    overrides: Overrides | None,
    config: Path | None,
    isolated: bool,
    force_exclude: bool = False,
    as_of: str | None = None,
) -> Settings:
    from ramaudit.config.files import Settings

    return Settings(
        overrides,
        config_file=config,
        isolated=isolated,
        force_exclude=force_exclude,
        as_of=read_as_of(as_of),
    )


AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Read check-ins and spend as they stood on DATE (YYYY-MM-DD); default today.",
    ),
]


def read_as_of(text: str | None) -> dt.date | None:
    """``--as-of``: an ISO day; anything else is a usage error that shows the form."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise fail(
            f"--as-of must be a day written YYYY-MM-DD, such as 2027-03-31, not {text!r}"
        ) from None
