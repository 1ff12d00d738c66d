"""Quick fixes for findings: a rule's own :class:`~ramaudit.core.findings.Fix` (the
same one ``check --fix`` applies when it is safe; the unsafe ones, such as RA201's KPI
skeleton, only here) and a suppression comment with a reason to fill in.

Each action edits only the lines it names; all work on the text the editor holds."""

from __future__ import annotations

from collections.abc import Iterator

from lsprotocol import types

from ramaudit.config.effective import ALWAYS_REPORTED
from ramaudit.config.suppressions import META_CODES
from ramaudit.core.findings import Finding
from ramaudit.server.diagnostics import text_edit
from ramaudit.server.positions import Text

QUICK_FIX = types.CodeActionKind.QuickFix
# What the inserted suppression comment gives as its reason, for the writer to replace:
# ``--require-reason`` (RA901) accepts it, so the placeholder must be edited by eye.
REASON_PLACEHOLDER = "TODO: say why this is accepted"


def actions_for(
    uri: str, text: Text, finding: Finding, diagnostic: types.Diagnostic
) -> Iterator[types.CodeAction]:
    """The code actions that answer ``finding`` (shown as ``diagnostic``)."""
    if finding.fix is not None:
        yield _action(
            _title(finding.fix.description),
            uri,
            [text_edit(text, e) for e in finding.fix.edits],
            diagnostic,
            preferred=finding.fix.safe,
        )
    edit = suppression_comment(text, finding)
    if edit is not None:
        title = f"Suppress {finding.code} ({finding.rule}) here with a comment"
        yield _action(title, uri, [edit], diagnostic)


def _title(description: str) -> str:
    """A fix's description (``add a KPI to fill in``, as ``check --fix`` lists it) as an
    editor's menu entry, which starts with a capital."""
    return description[:1].upper() + description[1:]


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
