"""``ramaudit check --fix`` and ``--diff``: the part of ``check`` that edits plans.

``--fix`` makes the safe fixes in each file (:mod:`ramaudit.fixing`), then ``check``
audits and reports as it always does; stderr lists each fix made and ends with how
many problems were fixed and how many remain. ``--diff`` prints what ``--fix`` would
change and writes nothing (exit 1 when there is something to change). With ``-`` as
the path, the fixed text goes to standard output instead of a file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ramaudit.commands.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail, say
from ramaudit.core.records import dataclass

if TYPE_CHECKING:
    from ramaudit.config.files import Settings
    from ramaudit.fixing import Fixed

FixOpt = Annotated[
    bool,
    typer.Option(
        "--fix",
        help="Make the safe fixes (a misspelt key, link id or fixed word with one close "
        "match) in the files, then report what remains. With '-', write the fixed "
        "plan to standard output.",
    ),
]
DiffOpt = Annotated[
    bool,
    typer.Option(
        "--diff",
        help="Print the changes --fix would make as a unified diff and write nothing; "
        "exit 1 when there are any.",
    ),
]


@dataclass(frozen=True, slots=True)
class FixRun:
    """``check --fix`` or ``--diff`` as asked for on the command line."""

    paths: list[Path]
    diff: bool

    @classmethod
    def asked(
        cls,
        fix: bool,
        diff: bool,
        paths: list[Path],
        output: Path | None,
        write_baseline: Path | None,
    ) -> FixRun | None:
        """The run asked for, its flags checked (before anything is read); None when
        neither flag is given."""
        if not (fix or diff):
            return None
        refuse_fix_combinations(paths, diff=diff, output=output, write_baseline=write_baseline)
        return cls(paths, diff)

    def run(self, settings: Settings, stdin_filename: str | None, level: str | None) -> list[Fixed]:
        return run_fixes(self.paths, settings, stdin_filename, diff=self.diff, level=level)


def refuse_fix_combinations(
    paths: list[Path], *, diff: bool, output: Path | None, write_baseline: Path | None
) -> None:
    """Flags that cannot go with --fix or --diff, refused before anything is read."""
    if write_baseline is not None:
        raise fail("--write-baseline records findings and fixes nothing; drop --fix/--diff")
    stdin = any(str(p) == "-" for p in paths)
    if stdin and len(paths) > 1:
        raise fail("--fix and --diff read standard input ('-') on its own; name it alone")
    if (diff or stdin) and output is not None:
        what = "--diff prints the diff" if diff else "--fix with '-' prints the fixed plan"
        raise fail(f"{what} on standard output; drop --output")


def run_fixes(
    paths: list[Path],
    settings: Settings,
    stdin_filename: str | None,
    *,
    diff: bool,
    level: str | None,
) -> list[Fixed]:
    """Make (or, with ``diff``, only show) the fixes of the files, for ``check`` to
    audit and report them next; a diff or standard input ends the command here (the
    exit raised, with ``level`` the --fail-on given)."""
    from ramaudit.fixing import fix_paths, summary, unified_diff

    stdin = any(str(p) == "-" for p in paths)
    fixed = [_fix_stdin(stdin_filename, settings)] if stdin else fix_paths(paths, settings)
    for f in fixed:
        if f.skipped is not None:
            say(f"ramaudit: {f.path} not fixed: {f.skipped}")
    if diff:
        sys.stdout.write("".join(unified_diff(f) for f in fixed if f.changed))
        sys.stdout.flush()
        say(summary(fixed, 0, would=True))
        raise typer.Exit(EXIT_FINDINGS if any(f.changed for f in fixed) else EXIT_OK)
    if stdin:
        raise typer.Exit(_to_stdout(fixed[0], level))
    _write_all(fixed)
    return fixed


def _fix_stdin(stdin_filename: str | None, settings: Settings) -> Fixed:
    """The fixes of the plan on standard input, read as ``stdin_filename``; one that
    --force-exclude skips is passed through as it is."""
    from ramaudit.fixing import Fixed, fix_bytes

    name = stdin_filename or "-"
    config = settings.config_for(name)
    data = getattr(sys.stdin, "buffer", sys.stdin).read(config.max_file_size + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > config.max_file_size:
        raise fail(f"{name}: input is over the {config.max_file_size:,}-byte limit")
    if stdin_filename and settings.excluded(stdin_filename, named=True):
        return Fixed(name, None, data, "", "")
    return fix_bytes(data, name, None, config, settings)


def _to_stdout(fixed: Fixed, level: str | None) -> int:
    """Standard input's plan, fixed, on standard output; the exit as ``check`` gives it."""
    from ramaudit.commands.common import exit_code
    from ramaudit.fixing import summary

    out = getattr(sys.stdout, "buffer", None)
    data = fixed.encoded() if fixed.changed else fixed.original
    if out is not None:
        out.write(data)
        out.flush()
    else:
        sys.stdout.write(data.decode("utf-8", "replace"))
    result = fixed.result
    if result is None:  # not audited: excluded (exit 0), or not readable text (exit 2)
        return EXIT_USAGE if fixed.skipped else EXIT_OK
    for line in done_lines([fixed]):
        say(line)
    say(summary([fixed], len(result.findings)))
    return exit_code([result], level)


def _write_all(fixed: list[Fixed]) -> None:
    from ramaudit.core.fileio import WriteRefused
    from ramaudit.fixing import ChangedMeanwhile, write

    for f in fixed:
        if not f.changed:
            continue
        try:
            write(f)
        except (WriteRefused, ChangedMeanwhile, OSError) as exc:
            say(f"ramaudit: {f.path} not fixed: {exc}")
            f.done = ()


def report_fixed(fixed: list[Fixed] | None, remaining: int) -> None:
    """What ``check --fix`` fixed, one line a fix, and the count of what remains."""
    if fixed is None:
        return
    from ramaudit.fixing import summary

    for line in done_lines(fixed):
        say(line)
    say(summary(fixed, remaining))


def done_lines(fixed: list[Fixed]) -> list[str]:
    """``plan.yaml:9:1: RA002 fixed: replace 'objectivs' with 'objectives'``."""
    return [
        f"{f.path}:{d.line}:{d.column}: {d.code} fixed: {d.fix.description}"
        for f in fixed
        for d in f.done
        if d.fix is not None
    ]
