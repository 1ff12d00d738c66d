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
    fail_on: str = "error"
    quiet: bool = False
    statistics: bool = False
    color: bool | None = None  # None: decide from the terminal and NO_COLOR
    width: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def render(name: str, results: Sequence[Any], options: RenderOptions | None = None) -> str:
    module, _, func = FORMATS[name].partition(":")
    fn = getattr(importlib.import_module(module), func)
    return fn(results, options or RenderOptions())


def summary_counts(results: Sequence[Any]) -> dict[str, int]:
    counts = {"files": len(results), "error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            counts[f.severity.value] += 1
    return counts
