"""The text report's plain blocks (report/text_plain.py: piped output and files) are
exactly what rich prints for the same result: every example and hostile plan at many
widths, and generated plan names, paths and caps."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.api import AuditResult, audit, audit_text
from ramaudit.report import RenderOptions, text
from ramaudit.report.console import make_console
from ramaudit.report.text_plain import block

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(
    [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/hostile/*.yaml")],
    key=str,
)
WIDTHS = (20, 24, 40, 60, 79, 80, 100, 101, 132, 200)


def by_rich(result: AuditResult, width: int, quiet: bool = False) -> str:
    """The block as rich lays it out (the plain path switched off)."""
    buf = io.StringIO()
    console = make_console(RenderOptions(color=False, width=width), buf)
    options = RenderOptions(color=False, width=width, quiet=quiet)
    mp = pytest.MonkeyPatch()
    mp.setattr(text, "_plain", lambda console, options: False)
    try:
        text.write_result(console, result, options)
    finally:
        mp.undo()
    return buf.getvalue()


def check_same(result: AuditResult, width: int, quiet: bool = False) -> None:
    made = block(result, RenderOptions(color=False, width=width, quiet=quiet), width)
    if made is not None:
        assert made == by_rich(result, width, quiet)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: str(p.relative_to(ROOT)))
def test_plans_print_as_rich_prints_them(path: Path) -> None:
    result = audit(path)
    for width in WIDTHS:
        check_same(result, width)
        check_same(result, width, quiet=True)


def test_the_usual_panel_is_written_plain() -> None:
    """The panel of a plan at the default width takes the plain path (not rich)."""
    result = audit(ROOT / "examples" / "plans" / "saas-demand-gen.yaml")
    assert result.score is not None
    assert block(result, RenderOptions(color=False, width=100), 100) is not None


def test_an_unreadable_file_prints_its_error() -> None:
    result = AuditResult("missing.yaml", error="missing.yaml: no such file")
    for width in WIDTHS:
        check_same(result, width)


PLAN = """\
plan:
  name: {name}
  owner: Ann
  period: {{start: 2027-01-01, end: 2027-12-31}}
goals:
  - id: g-1
    name: Grow
    type: revenue
    owner: Ann
objectives:
  - id: o-1
    name: Lift leads
    goals: {goal}
    owner: Ann
    kpis:
      - {{metric: qualified leads, baseline: 10, target: 20, deadline: 2027-06-30}}
tactics:
  - id: t-1
    name: Webinars
    objectives: o-1
    owner: Ann
    budget: {budget}
"""


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=120).filter(lambda s: s.strip() != ""),
    path=st.text(min_size=1, max_size=90),
    width=st.integers(min_value=20, max_value=220),
    goal=st.sampled_from(["g-1", "g-2", "[g-1, 7]"]),
    budget=st.sampled_from(["1000", "-5", "lots"]),
)
def test_generated_results_print_as_rich_prints_them(
    name: str, path: str, width: int, goal: str, budget: str
) -> None:
    import json

    # JSON is YAML: any name reaches the plan as written.
    plan = PLAN.format(name=json.dumps(name), goal=goal, budget=budget)
    result = audit_text(plan, path=path)
    check_same(result, width)
