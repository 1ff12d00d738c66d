"""``--statistics``: how often each rule fired, most frequent first.

The text format prints this table after its findings (see ``report.text``). Every
other format prints the table *instead of* the findings, as ruff does: plain aligned
columns, or for ``--format json`` a JSON list of ``{code, name, severity, count}``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ramaudit.report import DEFAULT_OPTIONS, RenderOptions

if TYPE_CHECKING:
    from ramaudit.api import AuditResult


def rule_counts(results: Sequence[AuditResult]) -> list[dict[str, Any]]:
    """One entry per (code, severity) that fired: most frequent first, then by code."""
    counts: dict[tuple[str, str, str], int] = {}
    for r in results:
        for f in r.findings:
            key = (f.code, f.rule, f.severity.value)
            counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][2]))
    return [
        {"code": code, "name": name, "severity": sev, "count": n}
        for (code, name, sev), n in ordered
    ]


def render_table(results: Sequence[AuditResult], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    rows = rule_counts(results)
    if not rows:
        return ""
    width = max(len(str(r["count"])) for r in rows)
    name_width = max(len(r["name"]) for r in rows)
    return "".join(
        f"{r['count']:>{width}}  {r['code']}  {r['name']:<{name_width}}  [{r['severity']}]\n"
        for r in rows
    )


def render_json(results: Sequence[AuditResult], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return json.dumps(rule_counts(results), indent=2) + "\n"


def render(format_name: str, results: Sequence[AuditResult]) -> str:
    """The statistics for ``--format format_name`` (any format but text), as the
    format registry declares them."""
    from ramaudit.report.formats import CHECK, load

    declared = CHECK[format_name].statistics
    return load(declared)(results, DEFAULT_OPTIONS) if declared else render_table(results)
