"""RA315 undated-milestone: a milestone with no due date."""

import textwrap

from conftest import findings, positions
from ramaudit.core.graph import build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import EXTENSION_PREFIX, SPELLINGS, build_plan
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.rules.base import Context, Rule, run
from ramaudit.rules.invalid_field import InvalidField
from ramaudit.rules.undated_milestone import UndatedMilestone

TEXT = """
version: 2
plan:
  name: Plan
objectives:
  - id: o-a
    milestones:
      - id: m-nested
        name: Pricing page live
milestones:
  - id: m-dated
    due: 2027-03-31
  - id: m-done
    done: true
"""


def test_a_milestone_without_due_is_reported_at_its_id():
    found = findings(TEXT, "RA315")
    assert [(f.line, f.column) for f in found] == [(7, 13), (12, 9)]
    assert found[0].severity.value == "warning"
    assert found[0].message == (
        "milestone 'm-nested' has no due date; add 'due:' with the day it must be reached, "
        "so a review can tell whether it is on time"
    )
    assert [f.item for f in found] == ["m-nested", "m-done"]


def test_a_placeholder_due_is_left_to_ra308():
    text = """
    version: 2
    plan:
      name: Plan
    milestones:
      - {id: m-tbd, due: TBD}
    """
    assert positions(text, "RA315") == []
    assert positions(text, "RA308") == [(5, 22)]


def _rule_findings(text: str, *rules: type[Rule]) -> list[tuple[str, int, int]]:
    """The findings of ``rules`` alone, without scoring the plan: an invalid field of
    a milestone stops the score's caps in this tree (score/caps.py knows no milestones
    yet), and the rule is what is tested here."""
    doc = load(textwrap.dedent(text).lstrip(), extension_prefix=EXTENSION_PREFIX)
    locator = Locator(doc.root, SPELLINGS)
    plan = build_plan(doc.data, locator, DEFAULT)
    ctx = Context("plan.yaml", locator, plan, build_graph(plan), plan.diagnostics, DEFAULT)
    ctx.issues = doc.issues
    return [(f.code, f.line, f.column) for f in run(rules, ctx)]


def test_an_invalid_due_is_left_to_ra002():
    text = """
    version: 2
    plan:
      name: Plan
    milestones:
      - {id: m-bad, due: [2027]}
    """
    assert _rule_findings(text, UndatedMilestone, InvalidField) == [("RA002", 5, 22)]
