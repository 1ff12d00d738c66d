"""Plan text inside Markdown: the one escaping helper for every Markdown ramaudit writes
(``report --format markdown`` and ``diff --format markdown``).

Plan text comes from whoever wrote the plan, and the Markdown often ends up in a pull
request comment, so it must render as the same text and nothing more: no emphasis,
links, HTML, math, @-mentions, and no broken table rows. Backslash escapes do all of it
(CommonMark lets any ASCII punctuation be escaped). Line breaks, control and bidi
characters are first shown escaped by :func:`ramaudit.report.escape.shown`, as in every
other output, so no plan value can end a table row or a list item.
"""

from __future__ import annotations

import re

from ramaudit.report.escape import shown

# What could open markup or HTML, end a table cell (`|`), start math on GitHub (`$`)
# or mention a user or team (`@`).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~&$!@])")


def md(value: object) -> str:
    """Plan text made inert in Markdown, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(shown(value).split()))


# How Markdown marks the severity of a finding, in the report and the diff alike.
SEVERITY_MARK = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def code(value: object, *, cell: bool = False) -> str:
    """An id or rule code as a code span, on one line, even when it holds backticks.
    In a table ``cell`` a pipe is written ``\\|``: GitHub-flavoured tables split rows
    at pipes before reading code spans, and drop the backslash of ``\\|`` even inside
    one. Anywhere else a backslash in a code span is shown as typed, so it stays out."""
    s = " ".join(shown(value).split())
    if cell:
        s = s.replace("|", "\\|")
    runs = re.findall(r"`+", s)
    if not runs:
        return f"`{s}`"
    # A fence longer than any run of backticks inside; the spaces keep a backtick at
    # either end from joining the fence.
    fence = "`" * (max(len(r) for r in runs) + 1)
    return f"{fence} {s} {fence}"


__all__ = ["SEVERITY_MARK", "code", "md"]
