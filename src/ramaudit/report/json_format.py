"""``--format json``: the stable machine contract (version 1).

The shape is documented by ``src/ramaudit/data/results.schema.json``; keys may be added,
never renamed or removed, within a version.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ramaudit import __version__
from ramaudit.report import RenderOptions, summary_counts
from ramaudit.report.escape import json_text

if TYPE_CHECKING:
    from ramaudit.api import AuditResult

JSON_VERSION = 1


def result_to_dict(result: AuditResult) -> dict[str, Any]:
    data = {
        "path": result.path,
        "plan": result.plan_name,
        "error": result.error,
        "score": result.score.to_dict() if result.score is not None else None,
        "ram_spend": result.ram_spend.to_dict() if result.ram_spend is not None else None,
        "findings": [f.to_dict() for f in result.findings],
        "fail_under": _fail_under(result),
    }
    if result.baseline is not None:  # only with --baseline
        data["baseline"] = result.baseline.to_dict()
    return data


def _fail_under(result: AuditResult) -> dict[str, Any] | None:
    check = result.fail_under()
    return check.to_dict() if check is not None else None


def document(results: Sequence[AuditResult]) -> dict[str, Any]:
    from ramaudit.api import run_spend

    summary: dict[str, Any] = dict(summary_counts(results))
    summary["ram_spend"] = [s.to_dict() for s in run_spend(results)]
    return {
        "version": JSON_VERSION,
        "tool": {"name": "ramaudit", "version": __version__},
        "files": [result_to_dict(r) for r in results],
        "summary": summary,
    }


def render(results: Sequence[AuditResult], options: RenderOptions) -> str:
    return json_text(document(results), default=str)
