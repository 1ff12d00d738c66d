"""Renderers: each turns what a command produced into one output format and runs no
analysis.

Every format of every command is declared once, in :mod:`ramaudit.report.formats`,
and every renderer has one shape: ``render(data, options: RenderOptions) -> str``.
``render(name, results, options)`` here renders check's format ``name``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any

from ramaudit.core.records import dataclass
from ramaudit.report.console import color_from_env  # noqa: F401 (re-exported)
from ramaudit.report.formats import CHECK

if TYPE_CHECKING:
    from ramaudit.api import AuditResult, FailUnder

# The names of check's formats (see ramaudit.report.formats.CHECK).
FORMATS = CHECK.names


@dataclass(frozen=True)
class RenderOptions:
    """How to present an output: settings of the presentation, never of the audit."""

    # Overrides every result's own fail-on when set (see fail_level).
    fail_on: str | None = None
    quiet: bool = False
    statistics: bool = False
    color: bool | None = None  # None: decide from NO_COLOR and FORCE_COLOR (color_from_env)
    # Columns to fit boxes and tables in (None: 100). With ``wrap`` (the output is a
    # terminal) long messages wrap at word boundaries to that width, under a hanging
    # indent; without it every finding stays on one line, for grep and CI logs.
    width: int | None = None
    wrap: bool = False
    # Standard output is a terminal that shows styles, for a format drawn there with
    # rich rather than printed as it stands (the text of `rule CODE`).
    terminal: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


# The presentation when nothing is asked for: no colour unless the environment forces
# it, 100 columns, no wrapping.
DEFAULT_OPTIONS = RenderOptions()


def render(name: str, results: Sequence[AuditResult], options: RenderOptions | None = None) -> str:
    """``results`` in check's format ``name``."""
    return CHECK[name].render(results, options or DEFAULT_OPTIONS)


def summary_counts(results: Sequence[AuditResult]) -> dict[str, int]:
    """Finding counts by severity; ``files`` counts every file, ``unreadable`` those
    of them that could not be audited at all."""
    counts = {"files": len(results), "unreadable": 0, "error": 0, "warning": 0, "info": 0}
    for r in results:
        if r.error:
            counts["unreadable"] += 1
        for f in r.findings:
            counts[f.severity.value] += 1
    return counts


def fail_level(result: AuditResult, options: RenderOptions) -> str:
    """The ``fail-on`` that governs ``result``: the options' when set, else the one of
    the configuration it was audited with (plans in different folders may differ, and
    the exit code follows each), else ``error``."""
    if options.fail_on is not None:
        return options.fail_on
    return result.config.fail_on if result.config is not None else "error"


def fail_under_message(result: AuditResult, check: FailUnder) -> str:
    """Why ``result`` falls short of its ``fail-under`` threshold (``check``, an
    :class:`ramaudit.api.FailUnder` that did not pass)."""
    limit = f"{check.threshold:g}"
    if check.total is not None:
        return f"fitness {check.total}/100 is below fail-under {limit}"
    if not result.loaded:
        why = "the file does not parse"
    elif result.unread is not None:
        why = f"items at line {result.unread.line} were not read; see the RA002 finding there"
    else:
        why = "the file is not a plan"
    return f"no fitness score ({why}), which fails fail-under {limit}"
