"""The writers' fast paths against the general code they stand in for: the same text,
byte for byte, on findings that hold any text at all (plan text is data)."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from ramaudit.api import AuditResult, audit_paths
from ramaudit.core.findings import Finding, Severity
from ramaudit.report import sarif
from ramaudit.report.escape import json_text
from ramaudit.report.github import FindingCommands, finding_command
from ramaudit.rules import ALL_RULES

# Text of every kind: controls, bidi and format characters, separators, surrogates.
TEXT = st.text(
    st.characters(blacklist_categories=())
    | st.sampled_from("\x7f\x85\u2028\u202e\u200d\ud800\udcff'%:,\n\\\"0123456789")
)
POSITIONS = st.integers(min_value=-2, max_value=10**6)
PATHS = st.sampled_from(
    ["plan.yaml", "plans/q 3%.yaml", "dir/\u202eplan.yaml", "/elsewhere/p.yaml", "a\udcffb.yaml"]
)


@st.composite
def findings(draw: st.DrawFn, path: st.SearchStrategy[str] = PATHS) -> Finding:
    code = draw(st.sampled_from([r.code for r in ALL_RULES] + ["RA999", "X,y:%"]))
    line, column = draw(POSITIONS), draw(POSITIONS)
    end = draw(st.none() | st.tuples(st.none() | POSITIONS, st.none() | POSITIONS))
    return Finding(
        code=code,
        rule=draw(st.sampled_from(["orphan-tactic", "a:b,c%d\n"]) | TEXT),
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(TEXT),
        path=draw(path),
        line=line,
        column=column,
        pointer=draw(st.sampled_from(["", "tactics[0]", "goals[1].name"]) | TEXT),
        item=draw(st.none() | st.sampled_from(["", "t-a"]) | TEXT),
        end_line=end[0] if end else None,
        end_column=end[1] if end else None,
    )


_BASE: list[AuditResult] = []


def base() -> AuditResult:
    if not _BASE:
        _BASE.extend(audit_paths([EXAMPLES / "random-acts.yaml"], keep_plans=True))
    return _BASE[0]


def results_with(groups: list[tuple[str, list[Finding]]]) -> list[AuditResult]:
    """Copies of an audited plan's result, one per path, holding the given findings."""
    out = []
    for path, found in groups:
        r = copy.copy(base())
        r.path = path
        r.findings = [copy.copy(f) for f in found]
        out.append(r)
    return out


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(PATHS, st.lists(findings(), max_size=5)),
        max_size=3,
    ),
    st.sampled_from([None, "/", "/elsewhere"]),
)
def test_sarif_result_texts_are_the_documents(
    groups: list[tuple[str, list[Finding]]], cwd: str | None
) -> None:
    results = results_with(groups)
    slot = sarif.RULES_SLOT
    expected = json_text(sarif.document(results, cwd, rules=slot))
    assert sarif.document_text(results, cwd, rules=slot) == expected


def test_sarif_result_texts_are_the_documents_on_every_example() -> None:
    results = audit_paths([EXAMPLES], keep_plans=True)
    assert sum(len(r.findings) for r in results) > 50
    assert sarif.document_text(results) == json_text(sarif.document(results))


def test_sarif_results_slot_is_the_last_even_when_a_message_ends_with_it() -> None:
    f = Finding(
        "RA101", "orphan-tactic", Severity.ERROR, f'x "{sarif.RESULTS_SLOT}', "p.yaml", 1, 1
    )
    results = results_with([("p.yaml", [f, f])])
    assert sarif.document_text(results) == json_text(sarif.document(results))


@settings(max_examples=200, deadline=None)
@given(st.lists(findings(), max_size=6), st.sampled_from([None, "/", "/elsewhere"]))
def test_github_commands_are_finding_command(found: list[Finding], cwd: str | None) -> None:
    commands = FindingCommands(cwd)
    assert [commands(f) for f in found] == [finding_command(f, cwd) for f in found]
