"""Rules yield what they found (Problem records); one function stamps each into a
Finding with the rule's code and name, the configured severity and the position."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, audit_yaml
from ramaudit.api import audit_text
from ramaudit.config.effective import Config
from ramaudit.core.findings import Severity
from ramaudit.core.graph import build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import SPELLINGS, build_plan
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.rules import ALL_RULES, BY_CODE
from ramaudit.rules.base import Context, Problem, run, stamp

SRC = Path(__file__).resolve().parents[2] / "src" / "ramaudit"

TEXT = """\
plan:
  name: Plan
tactics:
  - id: t-a
    owner: Dana
"""


def _context(text: str, severities: dict[str, Severity] | None = None) -> Context:
    doc = load(text, extension_prefix="x-")
    locator = Locator(doc.root, SPELLINGS)
    plan = build_plan(doc.data, locator, DEFAULT)
    return Context(
        "plan.yaml",
        locator,
        plan,
        build_graph(plan),
        plan.diagnostics,
        severities=severities or {},
        issues=doc.issues,
    )


def test_findings_are_made_in_one_place():
    made = [
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if re.search(r"\bFinding\(", p.read_text(encoding="utf-8"))
    ]
    assert made == ["rules/base.py"]


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_rule_yields_problems_not_findings(example):
    ctx = _context(example.read_text(encoding="utf-8"))
    for rule in ALL_RULES:
        for problem in rule().check(ctx):
            assert type(problem) is Problem, rule.code


def test_stamp_adds_code_name_configured_severity_file_and_position():
    ctx = _context(TEXT, {"RA101": Severity.INFO})
    rule = BY_CODE["RA101"]
    finding = stamp(rule, Problem(("tactics", 0, "id"), "said", item="t-a"), ctx)
    assert (finding.code, finding.rule, finding.severity) == ("RA101", rule.name, Severity.INFO)
    assert (finding.path, finding.message, finding.item) == ("plan.yaml", "said", "t-a")
    assert (finding.line, finding.column, finding.pointer) == (4, 9, "tactics[0].id")
    on_key = stamp(rule, Problem(("tactics", 0, "owner"), "k", key=True), ctx)
    assert (on_key.line, on_key.column, on_key.end_column) == (5, 5, 10)
    unset = stamp(BY_CODE["RA102"], Problem((), "x"), ctx)
    assert unset.severity is BY_CODE["RA102"].severity


def test_a_problem_placed_already_keeps_its_place():
    ctx = _context(TEXT)
    finding = stamp(BY_CODE["RA001"], Problem((), "m", at=(7, 3, None, None)), ctx)
    place = (finding.line, finding.column, finding.end_line, finding.end_column)
    assert place == (7, 3, None, None)
    assert finding.pointer == ""


def test_problems_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Problem((), "m").message = "other"  # type: ignore[misc]


def test_run_keeps_rule_order_and_the_audit_applies_configured_severities():
    ctx = _context(TEXT)
    codes = [f.code for f in run(ALL_RULES, ctx)]
    assert codes == sorted(codes, key=[r.code for r in ALL_RULES].index)
    plain = audit_yaml(TEXT)
    lowered = audit_text(TEXT, "plan.yaml", Config(severity={"RA101": Severity.INFO}))
    assert {f.severity for f in plain.findings if f.code == "RA101"} == {Severity.ERROR}
    assert {f.severity for f in lowered.findings if f.code == "RA101"} == {Severity.INFO}
    strip = [dataclasses.replace(f, severity=Severity.ERROR) for f in lowered.findings]
    assert strip == [dataclasses.replace(f, severity=Severity.ERROR) for f in plain.findings]
