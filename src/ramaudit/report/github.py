"""``--format github``: GitHub Actions workflow commands, one per finding, which the
runner turns into annotations on the pull request's changed lines.

``::error file=plans/q3.yaml,line=12,col=9,endLine=12,endColumn=20,title=RA101
orphan-tactic::tactic 't-expo' links to no objective…``. Severity error is
``::error``, warning ``::warning``, info ``::notice``. GitHub reads a column range only
within one line, so a finding that spans lines is annotated at its start. A file
that could not be read, and a plan whose fitness total is below ``fail-under``, get
an ``::error`` on the file.

Plan text and file names are shown escaped first (:func:`ramaudit.report.escape.shown`):
a line break in a plan value appears as ``\\n`` in the annotation instead of ending
the command, so no plan can issue a workflow command of its own (``::add-mask::``,
``::stop-commands::``), and no control character reaches the log raw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramaudit.report import RenderOptions, fail_under_message
from ramaudit.report.escape import shown
from ramaudit.report.paths import relative_path

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.findings import Finding

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message: shown escaped, so that it holds no line break (which would
    end the command) and no control character, then with ``%`` as the runner's ``%25``
    (it undoes that, and would read ``%0A`` in the text as a line break)."""
    return shown(text).replace("%", "%25")


def escape_property(text: str) -> str:
    """A property value additionally must not contain the ``:`` and ``,`` that
    delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    head = f"{name} {props}" if props else name
    return f"::{head}::{escape_data(message)}"


def finding_command(f: Finding, cwd: str | None = None) -> str:
    props: dict[str, object] = {"file": relative_path(f.path, cwd), "line": f.line, "col": f.column}
    if f.end_line == f.line and f.end_column is not None and f.end_column > f.column:
        props["endLine"] = f.end_line
        props["endColumn"] = f.end_column
    props["title"] = f"{f.code} {f.rule}"
    return command(COMMAND[f.severity.value], props, f.message)


class FindingCommands:
    """:func:`finding_command` for many findings: the ``file`` property is made once
    per path and the ``title`` once per rule, and positions (ints, which hold nothing
    to escape) are written as they are. A 10,000-tactic plan has some 5,600 findings
    in one file; working out its relative path and escaping it again for each cost
    more than the rest of the command."""

    def __init__(self, cwd: str | None) -> None:
        self._cwd = cwd
        self._files: dict[str, str] = {}
        self._titles: dict[tuple[str, str], str] = {}

    def __call__(self, f: Finding) -> str:
        file = self._files.get(f.path)
        if file is None:
            file = self._files[f.path] = escape_property(relative_path(f.path, self._cwd))
        title = self._titles.get((f.code, f.rule))
        if title is None:
            title = self._titles[(f.code, f.rule)] = escape_property(f"{f.code} {f.rule}")
        line, column = _position(f.line), _position(f.column)
        end = ""
        if f.end_line == f.line and f.end_column is not None and f.end_column > f.column:
            end = f",endLine={_position(f.end_line)},endColumn={_position(f.end_column)}"
        return (
            f"::{COMMAND[f.severity.value]} file={file},line={line},col={column}{end},"
            f"title={title}::{escape_data(f.message)}"
        )


def _position(value: object) -> str:
    # An int's digits (and sign) need no escaping as a property.
    return int.__repr__(value) if type(value) is int else escape_property(str(value))


def render(results: Sequence[AuditResult], options: RenderOptions) -> str:
    cwd = options.extra.get("cwd")
    lines: list[str] = []
    commands = FindingCommands(cwd)
    for result in results:
        if result.error:
            lines.append(
                command(
                    "error",
                    {
                        "file": relative_path(result.path, cwd),
                        "title": "ramaudit could not read this file",
                    },
                    result.error,
                )
            )
        lines.extend(map(commands, sorted(result.findings, key=lambda f: f.sort_key)))
        check = result.fail_under()
        if check is not None and not check.passed:
            lines.append(
                command(
                    "error",
                    {"file": relative_path(result.path, cwd), "title": "ramaudit fail-under"},
                    fail_under_message(result, check),
                )
            )
    return "".join(line + "\n" for line in lines)
