"""Plan text in rule messages is shortened: a 5,000-character id, name, metric or owner
is quoted by its first 60 characters and an ellipsis (rules.base.quote), so no rule
prints it in full, however many times a message names it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import audit_yaml
from ramaudit.api import audit_paths
from ramaudit.config.effective import Config
from ramaudit.core.findings import Severity
from ramaudit.rules import ALL_RULES

LONG = 5000
AS_OF = dt.date(2027, 6, 30)  # halfway through the plan period: check-ins are judged


def _id(prefix: str) -> str:
    return prefix + "x" * LONG


def hostile_plan() -> str:
    """One plan that sets off every rule that names an item, each with a huge id,
    name, metric or owner in it."""
    g, g2 = _id("g"), _id("h")
    o, o2, o3, o4 = _id("o"), _id("p"), _id("q"), _id("r")
    t, t2, t3 = _id("t"), _id("u"), _id("v")
    s = _id("s")
    c, m = _id("c"), _id("m")
    name = "N" * LONG
    return f"""
plan:
  name: {name}
  owner: TBD {name}
  budget: 10
  period: {{start: 2027-01-01, end: 2027-12-31}}
  stakeholders: [marketing]
segments:
  - id: {s}
    name: everyone
goals:
  - id: {g}
    name: TBD {name}
    owner: TBD
  - id: {g2}
    owner: [{name}, {name}B]
objectives:
  - id: {o}
    name: {name}
    goals: [{g}, {g}y, {o2}]
    parents: [{o3}]
    kpis:
      - metric: impressions {name}
        target: 1
        baseline: 5
        deadline: 2026-01-01
  - id: {o2}
    goals: [{t}]
    kpis:
      - {{metric: impressions, target: 500, checkins: [{{date: 2027-06-01, value: 5}}]}}
      - {{metric: likes}}
  - id: {o3}
    parents: [{o4}]
  - id: {o4}
    parents: [{o3}]
  - id: {o4}
  - id: {_id("a1")}
    owner: Ann {name}
    milestones:
      - id: {_id("n")}
  - id: {_id("a2")}
    owner: Ann {name}
    kpis:
      - metric: launch {name}
      - metric: revenue {name}
      - metric: pipeline
      - metric: orders
      - metric: customers
      - metric: renewals
  - id: {_id("a3")}
    owner: Ann {name}
    kpis: [{{metric: leads, target: 900000}}]
  - id: {_id("a4")}
    owner: Ann {name}
  - id: {_id("a5")}
    owner: Ann {name}
  - id: {_id("a6")}
    owner: Ann {name}
tactics:
  - id: {t}
    name: TBD {name}
    owner: "?"
    objectives: [{g}, {t2}, {o}]
    segment: [{s}, {s}y, {o}]
    budget: 100
    stage: awareness
    start: 2026-01-01
    end: 2028-01-01
    kpis: [{{metric: likes {name}}}]
  - id: {t2}
    stage: awareness
  - id: {t3}
    budget: 50
    stage: education
    kpis: [{{metric: page views {name}, target: 5}}]
  - id: {_id("w")}
    objectives: [{_id("a3")}]
    budget: 1
    kpis: [{{metric: leads, target: 100000}}]
campaigns:
  - id: {c}
    start: 2027-01-01
    depends_on: [{c}, {m}]
milestones:
  - id: {m}
    due: 2027-06-30
"""


# The tracking rules (RA5xx) read check-ins and spend on an as-of day: a plan of their
# own, read in the middle of its year.
MID_YEAR = Config(as_of=dt.date(2027, 7, 1))


def tracking_plan() -> str:
    """A plan that sets off every tracking rule, each with a huge id or metric."""
    g, o, o2 = _id("g"), _id("o"), _id("p")
    t, t2, t3, t4 = _id("t"), _id("u"), _id("v"), _id("w")
    name = "N" * LONG
    months = ", ".join(f"2027-{m:02}: 100" for m in range(1, 13))
    return f"""
version: 2
plan:
  name: {name}
  period: {{start: 2027-01-01, end: 2027-12-31}}
  review_cadence: weekly
goals:
  - id: {g}
objectives:
  - id: {o}
    goals: [{g}]
    kpis:
      - metric: leads {name}
        target: 300
        checkins: [{{date: 2027-05-01, value: 10}}]
      - {{metric: accepted {name}, target: 90}}
  - id: {o2}
    goals: [{g}]
    kpis:
      - metric: demos {name}
        target: 100
        deadline: 2027-03-31
        checkins: [{{date: 2027-03-31, value: 10}}]
tactics:
  - {{id: {t}, objectives: [{o}], budget: 100, spent: 500}}
  - {{id: {t2}, objectives: [{o}], budget: 1200, phasing: {{{months}}}, spent: 1100}}
  - {{id: {t3}, budget: 100, spent: 50}}
  - {{id: {t4}, objectives: [{o}], budget: 100, end: 2027-02-01, spent: 0}}
"""


def test_no_rule_message_quotes_plan_text_in_full():
    config = Config(
        rule_options={"RA301": {"levels": ["plan", "segment", "goal", "objective", "tactic"]}},
        severity={},
        as_of=AS_OF,
    )
    result = audit_yaml(hostile_plan(), config)
    assert result.error is None
    codes = {f.code for f in result.findings}
    # Every rule that names plan items in its messages has spoken.
    named = {
        "RA004", "RA005", "RA101", "RA102", "RA103", "RA104", "RA106", "RA107", "RA201",
        "RA202", "RA203", "RA204", "RA205", "RA207", "RA208", "RA301", "RA302", "RA303",
        "RA306", "RA307", "RA308", "RA310", "RA311", "RA312", "RA108", "RA109", "RA110",
        "RA111", "RA112", "RA313", "RA315", "RA401", "RA402", "RA403", "RA404",
    }  # fmt: skip
    assert named <= codes, sorted(named - codes)
    long = [(f.code, len(f.message)) for f in result.findings if len(f.message) > 600]
    assert not long, long
    for f in result.findings:
        assert "x" * 61 not in f.message and "N" * 61 not in f.message, (f.code, f.message)


def test_no_tracking_rule_message_quotes_plan_text_in_full():
    result = audit_yaml(tracking_plan(), MID_YEAR)
    assert result.error is None
    codes = {f.code for f in result.findings}
    tracking = {r.code for r in ALL_RULES if r.category == "tracking"}
    assert tracking <= codes, sorted(tracking - codes)
    for f in result.findings:
        assert len(f.message) <= 600, (f.code, len(f.message))
        assert "x" * 61 not in f.message and "N" * 61 not in f.message, (f.code, f.message)


def test_the_shortened_text_keeps_its_start_and_says_it_was_cut():
    result = audit_yaml(f"plan: {{name: P}}\ntactics:\n  - id: {_id('t')}\n")
    (orphan,) = [f for f in result.findings if f.code == "RA101"]
    assert orphan.message.startswith("tactic 'txxxx") and "…'" in orphan.message
    # The finding still names the whole id where a machine reads it.
    assert orphan.item == _id("t")


def hostile_workspace(folder: Path) -> list[Path]:
    """Three plan files whose long ids collide, are ambiguous, and whose parent is
    missing: the workspace rules' findings (RA113, RA114, RA115)."""
    goal, shared, pid = _id("g"), _id("o"), "P" * LONG
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "a.yaml": f"plan: {{name: A}}\ngoals: [{{id: {goal}}}]\n"
        f"objectives: [{{id: {shared}, goals: {goal}}}]\n",
        "b.yaml": f"plan: {{name: B, id: {pid}, parents: [a.yaml, {_id('missing')}.yaml]}}\n"
        f"objectives: [{{id: {shared}, goals: {goal}}}]\n",
        "c.yaml": f"plan: {{name: C, parents: [a.yaml, b.yaml]}}\n"
        f"tactics: [{{id: t, objectives: {shared}}}]\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


def test_workspace_rule_messages_shorten_long_ids(tmp_path):
    results = audit_paths(hostile_workspace(tmp_path / "ws"), jobs=1)
    found = [f for r in results for f in r.findings]
    assert {"RA113", "RA114", "RA115"} <= {f.code for f in found}
    for f in found:
        assert len(f.message) <= 600, (f.code, len(f.message))
        for text in ("x" * 61, "P" * 61):
            assert text not in f.message, (f.code, f.message)


def test_every_rule_is_either_covered_or_names_no_item(tmp_path):
    # A new rule that names items joins the plan above (a workspace rule, the
    # workspace of hostile_workspace).
    silent = {"RA001", "RA002", "RA003", "RA006", "RA206", "RA304", "RA305", "RA309", "RA314"}
    silent |= {"RA900", "RA901"}
    covered = {r.code for r in ALL_RULES} - silent
    result = audit_yaml(hostile_plan(), Config(as_of=AS_OF))
    tracked = audit_yaml(tracking_plan(), MID_YEAR)
    linked = audit_paths(hostile_workspace(tmp_path / "ws"), jobs=1)
    found = [*result.findings, *tracked.findings, *(f for r in linked for f in r.findings)]
    assert covered <= {f.code for f in found}
    assert Severity.ERROR in {f.severity for f in result.findings}
