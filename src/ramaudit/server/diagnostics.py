"""Findings as LSP diagnostics, and the rule documentation a hover on one shows."""

from __future__ import annotations

from lsprotocol import types

from ramaudit.core.findings import Edit, Finding, Severity
from ramaudit.server.positions import Text

SOURCE = "ramaudit"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def finding_range(text: Text, finding: Finding) -> types.Range:
    """The finding's span in LSP positions. A finding that gives only where it starts
    (or ends where it starts) runs to the end of its line, so that an editor has
    something to underline."""
    start = text.to_lsp(finding.line, finding.column)
    if finding.end_line is None or finding.end_column is None:
        end = text.line_end(finding.line)
    else:
        end = text.to_lsp(finding.end_line, finding.end_column)
        if end <= start:
            end = text.line_end(finding.line)
    return types.Range(types.Position(*start), types.Position(*end))


def to_diagnostic(text: Text, finding: Finding) -> types.Diagnostic:
    """The diagnostic an editor shows for ``finding``: the same code, message and
    severity as ``check`` prints, the rule's name as data (there is no web page per
    rule for a ``codeDescription`` to link to; a hover shows the rule's documentation)."""
    return types.Diagnostic(
        range=finding_range(text, finding),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        source=SOURCE,
        data={"rule": finding.rule},
    )


def error_diagnostic(message: str, line: int | None = None) -> types.Diagnostic:
    """A file that could not be audited at all (``check`` exits 2 with this message),
    shown on the line it names, else on the first."""
    at = types.Position(max((line or 1) - 1, 0), 0)
    return types.Diagnostic(
        range=types.Range(at, types.Position(at.line + 1, 0)),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def text_edit(text: Text, edit: Edit) -> types.TextEdit:
    """A :class:`~ramaudit.core.findings.Edit` (1-based characters) as an LSP text edit."""
    start = text.to_lsp(edit.line, edit.column)
    end = text.to_lsp(edit.end_line, edit.end_column)
    return types.TextEdit(
        types.Range(types.Position(*start), types.Position(*end)), edit.replacement
    )


def rule_markdown(code: str) -> str | None:
    """The documentation of the rule with ``code``, as ``ramaudit rule CODE`` gives it,
    in Markdown for a hover; None for a code no rule has."""
    from ramaudit.rules import BY_CODE

    rule = BY_CODE.get(code)
    if rule is None:
        return None
    doc = rule.doc()
    # No severity: the configuration may have changed it, and the diagnostic shows it.
    parts = [f"**{rule.code}** `{rule.name}`", doc.summary]
    parts += [f"### {title}\n\n{body}" for title, body in doc.sections.items() if body]
    return "\n\n".join(parts)
