"""RA204 kpi-without-deadline: objective KPIs that are not time-bound."""

import textwrap

from conftest import findings, positions
from ramaudit.config.effective import Config
from ramaudit.core.graph import build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import EXTENSION_PREFIX, SPELLINGS, build_plan
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.rules.base import Context, run
from ramaudit.rules.kpi_without_deadline import KpiWithoutDeadline

TEXT = """
plan:
  name: Plan
objectives:
  - id: o-leads
    kpis:
      - metric: qualified leads
        target: 300
      - metric: pipeline
        target: 100000
        deadline: 2027-12-31
tactics:
  - id: t-a
    objectives: o-leads
    kpis:
      - {metric: qualified leads, target: 50}
"""


def test_objective_kpi_without_deadline_is_reported_at_its_metric():
    (f,) = findings(TEXT, "RA204")
    assert (f.line, f.column) == (6, 17)
    assert f.severity.value == "warning"
    assert "KPI 'qualified leads' of objective 'o-leads'" in f.message


def test_tactic_kpis_are_checked_only_when_asked():
    config = Config(rule_options={"RA204": {"include_tactics": True}})
    assert [(f.line, f.column) for f in findings(TEXT, "RA204", config)] == [(6, 17), (15, 18)]


def test_kpis_with_deadlines_stay_quiet():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - {metric: qualified leads, target: 300, deadline: 2027-06-30}
    """
    assert positions(text, "RA204") == []


CAMPAIGNS = """
version: 2
plan:
  name: Plan
objectives:
  - id: o-a
    kpis:
      - {metric: qualified leads, target: 300, deadline: 2027-12-31}
    campaigns:
      - id: c-launch
        kpis:
          - {metric: webinar signups, target: 400}
tactics:
  - id: t-a
    kpis:
      - {metric: demo requests, target: 40}
"""


def test_campaign_kpis_are_checked_with_tactic_kpis():
    assert positions(CAMPAIGNS, "RA204") == []
    config = Config(rule_options={"RA204": {"include_tactics": True}})
    found = findings(CAMPAIGNS, "RA204", config)
    assert [(f.line, f.column) for f in found] == [(11, 22), (15, 18)]
    assert found[0].message.startswith("KPI 'webinar signups' of campaign 'c-launch' has no ")
    assert found[0].item == "c-launch"


def test_a_deadline_that_names_a_milestone_counts_as_a_deadline():
    # The walk sets deadline_milestone when a deadline names a milestone; the rule is
    # run on such a KPI directly, whatever this tree's walk reads there yet.
    text = """
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-a
        kpis:
          - {metric: qualified leads, target: 300}
          - {metric: pipeline, target: 900}
    """
    doc = load(textwrap.dedent(text).lstrip(), extension_prefix=EXTENSION_PREFIX)
    locator = Locator(doc.root, SPELLINGS)
    plan = build_plan(doc.data, locator, DEFAULT)
    ctx = Context("plan.yaml", locator, plan, build_graph(plan), plan.diagnostics, DEFAULT)
    assert [f.line for f in run([KpiWithoutDeadline], ctx)] == [7, 8]
    plan.objectives[0].kpis[0].deadline_milestone = "m-site-live"
    assert [f.line for f in run([KpiWithoutDeadline], ctx)] == [8]
