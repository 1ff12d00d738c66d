"""Renderers: each turns audit results into one output format and runs no analysis.

``render(name, results, options)`` returns the text to write; formats register
themselves in :data:`FORMATS` by name, loaded lazily so that machine formats never
import rich.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ramaudit.report.console import color_from_env  # noqa: F401 (re-exported)

# format name -> "module:function"; the function takes (results, options) -> str
FORMATS: dict[str, str] = {
    "text": "ramaudit.report.text:render",
    "json": "ramaudit.report.json_format:render",
    "concise": "ramaudit.report.concise:render",
    "sarif": "ramaudit.report.sarif:render",
    "github": "ramaudit.report.github:render",
    "junit": "ramaudit.report.junit:render",
}


@dataclass(frozen=True)
class RenderOptions:
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
    extra: dict[str, Any] = field(default_factory=dict)


def render(name: str, results: Sequence[Any], options: RenderOptions | None = None) -> str:
    module, _, func = FORMATS[name].partition(":")
    fn = getattr(importlib.import_module(module), func)
    return fn(results, options or RenderOptions())


def summary_counts(results: Sequence[Any]) -> dict[str, int]:
    """Finding counts by severity; ``files`` counts every file, ``unreadable`` those
    of them that could not be audited at all."""
    counts = {"files": len(results), "unreadable": 0, "error": 0, "warning": 0, "info": 0}
    for r in results:
        if r.error:
            counts["unreadable"] += 1
        for f in r.findings:
            counts[f.severity.value] += 1
    return counts


def fail_level(result: Any, options: RenderOptions) -> str:
    """The ``fail-on`` that governs ``result``: the options' when set, else the one of
    the configuration it was audited with (plans in different folders may differ, and
    the exit code follows each), else ``error``."""
    if options.fail_on is not None:
        return options.fail_on
    config = getattr(result, "config", None)
    return config.fail_on if config is not None else "error"


def fail_under_message(result: Any, check: Any) -> str:
    """Why ``result`` falls short of its ``fail-under`` threshold (``check``, an
    :class:`ramaudit.api.FailUnder` that did not pass)."""
    limit = f"{check.threshold:g}"
    if check.total is not None:
        return f"fitness {check.total}/100 is below fail-under {limit}"
    if not result.loaded:
        why = "the file does not parse"
    elif getattr(result, "unread", None) is not None:
        why = f"items at line {result.unread.line} were not read; see the RA002 finding there"
    else:
        why = "the file is not a plan"
    return f"no fitness score ({why}), which fails fail-under {limit}"
