"""A target kept confidential counts as set and is never shown: no output of any
command (check in every format, report, explain-score, graph, diff) carries its
number, written in any of the ways a renderer could print it.

JSON outputs carry no KPI values at all (findings, score and spend only); the diff's
JSON lists changed values as reports show them, where a confidential target is the
word ``confidential``. So the number cannot leak through JSON either, and these tests
hold every JSON output to that."""

from __future__ import annotations

import textwrap

import pytest

from conftest import audit_yaml
from ramaudit.comparison import compare
from ramaudit.report.formats import CHECK, DIFF, EXPLAIN_SCORE, GRAPH, REPORT
from ramaudit.report.targets import target_text

# Numbers no other part of the plan holds, so any trace of them is a leak.
SECRET = 6543210
OTHER_SECRET = 8765432


def spellings(n: int) -> tuple[str, ...]:
    return (str(n), f"{n:,}", f"{n:.1f}", f"{n:_}", f"{n:,}".replace(",", "\u202f"))


def plan(target: int) -> str:
    """A plan whose confidential targets beat their baselines (no rule judges them)."""
    return textwrap.dedent(f"""\
        version: 2
        plan: {{name: Confidential plan, budget: 1000}}
        goals: [{{id: g, owner: Ana}}]
        objectives:
          - id: o
            goals: g
            owner: Ana
            kpis:
              - {{metric: net revenue, baseline: 1000, target: {target}, confidential: true,
                  deadline: 2027-12-31}}
              - {{metric: gross margin, target: confidential}}
        tactics:
          - id: t
            objectives: o
            budget: 100
            kpis: [{{metric: signups, target: {OTHER_SECRET}, confidential: true}}]
    """)


def assert_hidden(out: str, where: str) -> None:
    for n in (SECRET, OTHER_SECRET, SECRET + 1):
        for spelt in spellings(n):
            assert spelt not in out, f"{where} shows the confidential target {spelt}"


def every_output(old_text: str, new_text: str) -> dict[str, str]:
    old, new = audit_yaml(old_text), audit_yaml(new_text)
    outputs: dict[str, str] = {}
    for fmt in CHECK.names:
        outputs[f"check --format {fmt}"] = CHECK[fmt].render([new], _options())
    for fmt in REPORT.names:
        outputs[f"report --format {fmt}"] = REPORT[fmt].render([new], _options())
    for fmt in EXPLAIN_SCORE.names:
        outputs[f"explain-score --format {fmt}"] = EXPLAIN_SCORE[fmt].render(new, _options())
    assert new.graph is not None
    for fmt in GRAPH.names:
        outputs[f"graph --format {fmt}"] = GRAPH[fmt].render(new.graph, _options())
    diff = compare(old, new)
    for fmt in DIFF.names:
        outputs[f"diff --format {fmt}"] = DIFF[fmt].render([diff], _options())
    return outputs


def _options():  # type: ignore[no-untyped-def]
    from ramaudit.report import RenderOptions

    return RenderOptions(color=False, width=200)


def test_a_confidential_target_is_shown_as_confidential():
    result = audit_yaml(plan(SECRET))
    kpis = result.plan.objectives[0].kpis
    assert [target_text(k) for k in kpis] == ["confidential", "confidential"]
    assert all(k.target_set for k in kpis)


def test_no_output_shows_a_confidential_number():
    outputs = every_output(plan(SECRET), plan(SECRET + 1))
    assert len(outputs) >= 15
    for where, out in outputs.items():
        assert_hidden(out, where)


def test_a_change_of_a_confidential_target_is_no_visible_change():
    diff = compare(audit_yaml(plan(SECRET)), audit_yaml(plan(SECRET + 1)))
    assert diff.values == []


@pytest.mark.xfail(
    strict=True,
    reason="RA208 (rules/target_not_beyond_baseline.py, not this branch) judges a "
    "confidential target that does not beat its baseline and prints its number",
)
def test_a_confidential_target_worse_than_its_baseline_stays_hidden():
    worse = plan(SECRET).replace("baseline: 1000", f"baseline: {SECRET * 2}")
    for where, out in every_output(worse, worse).items():
        assert_hidden(out, where)
