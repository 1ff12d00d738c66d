"""docs/plan-format-v2.md and README.md's "Format 2" say what the model reads: their
examples read without a format error, and every form the doc lists is read."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from ramaudit.api import audit_text

DOC = (ROOT / "docs" / "plan-format-v2.md").read_text("utf-8")
README = (ROOT / "README.md").read_text("utf-8")
FORMAT_ERRORS = ("RA001", "RA002", "RA003", "RA004", "RA005", "RA312")


def section(text: str, title: str) -> str:
    return text.split(f"\n{title}\n", 1)[1].split("\n#", 1)[0]


def first_yaml(text: str) -> str:
    match = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert match is not None
    return match.group(1)


def format_errors(text: str) -> list[str]:
    result = audit_text(text, "plan.yaml")
    return [
        f"{f.line}:{f.column} {f.code} {f.message}"
        for f in result.findings
        if f.code in FORMAT_ERRORS
    ]


@pytest.mark.parametrize(
    "example",
    [first_yaml(DOC), first_yaml(section(README, "### Format 2"))],
    ids=["docs/plan-format-v2.md", "README.md"],
)
def test_the_examples_read_without_format_errors(example: str):
    assert format_errors(example) == []
    assert audit_text(example).plan.version == 2


def backticked(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def test_every_date_form_listed_is_read():
    listed = section(DOC, "## Dates").split("Without", 1)[0]
    forms = [
        f for f in backticked(listed) if f not in ("plan.period", "start", "end", "deadline", "due")
    ]
    assert len(forms) >= 20
    for form in forms:
        # A fiscal year from April reads every form, FY2026/27 included.
        plan = (
            "plan: {name: p, period: FY27, fiscal_year_start: april}\n"
            "objectives:\n  - id: o\n    kpis:\n"
            f'      - {{metric: revenue, target: 5, deadline: "{form}"}}\n'
        )
        assert format_errors(plan) == [], form
        assert audit_text(plan).plan.objectives[0].kpis[0].deadline is not None, form


def test_every_target_form_listed_is_read():
    listed = section(DOC, "## Targets").split("A change is resolved", 1)[0]
    forms = [f for f in backticked(listed) if f not in ("target", "baseline", 'unit: "%"')]
    forms = [f for f in forms if not f.startswith(("confidential:", "baseline:"))]
    assert len(forms) >= 15
    for form in forms:
        plan = (
            "plan: {name: p, period: 2027}\n"
            "objectives:\n  - id: o\n    kpis:\n"
            f'      - {{metric: revenue, baseline: 1000, target: "{form}", deadline: 2027-12-31}}\n'
        )
        assert format_errors(plan) == [], form
        assert audit_text(plan).plan.objectives[0].kpis[0].target_set, form


def test_every_placeholder_listed_is_read_as_undecided():
    listed = section(DOC, "## Placeholders").split(" in a typed field", 1)[0]
    for word in backticked(listed):
        plan = f'plan: {{name: p, budget: "{word}"}}\n'
        assert format_errors(plan) == [], word
        assert audit_text(plan).plan.info.undecided == {"budget": word}, word


@pytest.mark.parametrize(
    "target", ["10 per month", "increase by 10K users", "volume target", "thousands"]
)
def test_what_the_doc_says_format_2_does_not_read_is_an_error(target: str):
    assert f"`{target}`" in section(DOC, "## What format 2 does not say either")
    plan = "plan: {name: p}\nobjectives:\n  - id: o\n    kpis:\n"
    plan += f"      - {{metric: users, target: {target}}}\n"
    assert [e.split(" ", 2)[1] for e in format_errors(plan)] == ["RA002"]
