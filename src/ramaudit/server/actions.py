"""Quick fixes for findings: a rule's own :class:`~ramaudit.core.findings.Fix`, a
suppression comment with a reason to fill in, and a KPI skeleton for an objective
without a KPI (RA201) when its rule offers no fix of its own.

Each action edits only the lines it names; all work on the text the editor holds."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lsprotocol import types

from ramaudit.config.effective import ALWAYS_REPORTED
from ramaudit.config.suppressions import META_CODES
from ramaudit.core.findings import Finding
from ramaudit.server.diagnostics import text_edit
from ramaudit.server.positions import Text, utf16_width

QUICK_FIX = types.CodeActionKind.QuickFix
# What the inserted suppression comment gives as its reason, for the writer to replace:
# ``--require-reason`` (RA901) accepts it, so the placeholder must be edited by eye.
REASON_PLACEHOLDER = "TODO: say why this is accepted"
OBJECTIVE_WITHOUT_KPI = "RA201"
# A block mapping entry: the dashes of the sequences it opens, then a plain key.
_ENTRY = re.compile(r"^(?P<indent>[ ]*)(?:-[ ]+)*(?P<key>[A-Za-z_][\w-]*)[ ]*:(?:[ ]|$)")
_KPIS_KEY = re.compile(r"^[ ]*(?:-[ ]+)*(?:kpis|kpi)[ ]*:", re.I)


def actions_for(
    uri: str, text: Text, finding: Finding, diagnostic: types.Diagnostic
) -> Iterator[types.CodeAction]:
    """The code actions that answer ``finding`` (shown as ``diagnostic``)."""
    if finding.fix is not None:
        yield _action(
            finding.fix.description,
            uri,
            [text_edit(text, e) for e in finding.fix.edits],
            diagnostic,
            preferred=finding.fix.safe,
        )
    elif finding.code == OBJECTIVE_WITHOUT_KPI:
        edit = kpi_skeleton(text, finding.line)
        if edit is not None:
            yield _action("Add a KPI skeleton to this objective", uri, [edit], diagnostic)
    edit = suppression_comment(text, finding)
    if edit is not None:
        title = f"Suppress {finding.code} ({finding.rule}) here with a comment"
        yield _action(title, uri, [edit], diagnostic)


def _action(
    title: str,
    uri: str,
    edits: list[types.TextEdit],
    diagnostic: types.Diagnostic,
    preferred: bool = False,
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=QUICK_FIX,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: edits}),
        is_preferred=preferred or None,
    )


def suppression_comment(text: Text, finding: Finding) -> types.TextEdit | None:
    """A ``# ramaudit: ignore[CODE] reason`` comment on a line of its own above the
    finding's line, indented as that line is: a comment alone on its line covers the
    next line with content and the item starting there (config/suppressions.py).
    None for the findings no comment can hide (a file that was not audited, and the
    suppression rules' own)."""
    if finding.code in ALWAYS_REPORTED or finding.code in META_CODES:
        return None
    if not 0 < finding.line <= len(text.lines):
        return None
    index = text.to_lsp(finding.line, 1)[0]
    line = text.lines[index]
    indent = line[: len(line) - len(line.lstrip(" "))]
    comment = f"{indent}# ramaudit: ignore[{finding.code}] {REASON_PLACEHOLDER}\n"
    at = types.Position(index, 0)
    return types.TextEdit(types.Range(at, at), comment)


def kpi_skeleton(text: Text, line: int) -> types.TextEdit | None:
    """A ``kpis:`` block with one KPI to fill in, added after the last line of the
    block-style objective whose entry holds ``line`` (RA201 points at its id). None
    when the objective is written in flow style or already has a ``kpis`` key (an
    empty list), which is for the writer to fill."""
    lines = text.lines
    if not 0 < line <= len(lines):
        return None
    index = text.to_lsp(line, 1)[0]
    entry = _ENTRY.match(lines[index])
    if entry is None:
        return None
    column = entry.start("key")  # where the objective's keys start
    last = _entry_end(lines, index, column)
    if last is None or _has_kpis(lines, index, column):
        return None
    pad = " " * column
    # TBD is a placeholder the placeholder-text rule (RA308) reports until it is filled.
    block = (
        f"\n{pad}kpis:\n"
        f"{pad}  - metric: TBD\n"
        f"{pad}    baseline: TBD\n"
        f"{pad}    target: TBD\n"
        f"{pad}    deadline: TBD"
    )
    end = types.Position(last, utf16_width(lines[last]))
    return types.TextEdit(types.Range(end, end), block)


def _depth(text: str) -> int | None:
    """The indentation of a line with content; None for a blank or comment line."""
    stripped = text.lstrip(" ")
    if not stripped or stripped.startswith("#"):
        return None
    return len(text) - len(stripped)


def _entry_end(lines: Sequence[str], index: int, column: int) -> int | None:
    """The last line with content of the mapping whose keys start at ``column`` and
    which holds line ``index``; None when one of its keys says ``kpis``."""
    last = index
    for i in range(index + 1, len(lines)):
        depth = _depth(lines[i])
        if depth is None:
            continue
        if depth < column or lines[i].startswith(("---", "...")):
            break
        if depth == column and _KPIS_KEY.match(lines[i]):
            return None
        last = i
    return last


def _has_kpis(lines: Sequence[str], index: int, column: int) -> bool:
    """Whether a key of the mapping at ``column`` above line ``index`` (up to its
    entry's ``-`` line) or on that line says ``kpis``."""
    for i in range(index, -1, -1):
        depth = _depth(lines[i])
        if depth is None:
            continue
        entry = _ENTRY.match(lines[i])
        at_column = entry is not None and entry.start("key") == column
        if at_column and entry is not None and entry.group("key").lower() in ("kpis", "kpi"):
            return True
        if depth < column or (at_column and lines[i].lstrip(" ").startswith("-")):
            return False
    return False
