"""``--format concise``: one line per finding, ``path:line:col: CODE [severity] message``.

No colour and no wrapping, so grep, editors' problem matchers and ``errorformat``
can read it. Files that could not be read print their error on a line of its own
(``path: message``). A closing count line, as ruff prints, follows unless ``--quiet``;
it never starts with a path, so patterns that match findings skip it. Line breaks and
control characters in paths and messages are shown escaped
(:func:`ramaudit.report.escape.shown`): one finding, one line, always.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramaudit.report import RenderOptions, summary_counts
from ramaudit.report.escape import shown

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.findings import Finding


def finding_line(f: Finding) -> str:
    return f"{shown(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {shown(f.message)}"


def count_line(results: Sequence[AuditResult]) -> str:
    c = summary_counts(results)
    total = c["error"] + c["warning"] + c["info"]
    audited = c["files"] - c["unreadable"]
    files = f"{audited} file{'s' * (audited != 1)}"
    tail = f"; {c['unreadable']} could not be read" if c["unreadable"] else ""
    if not total:
        return f"No findings in {files}{tail}."
    return (
        f"Found {total} finding{'s' * (total != 1)} in {files} ({c['error']} error"
        f"{'s' * (c['error'] != 1)}, {c['warning']} warning{'s' * (c['warning'] != 1)}, "
        f"{c['info']} info){tail}."
    )


def render(results: Sequence[AuditResult], options: RenderOptions) -> str:
    lines: list[str] = []
    for result in results:
        if result.error:
            lines.append(shown(result.error))
        lines.extend(finding_line(f) for f in sorted(result.findings, key=lambda f: f.sort_key))
    if not options.quiet:
        lines.append(count_line(results))
    return "".join(line + "\n" for line in lines)
