"""Every score criterion is documented and tested: its declaration is complete, and
hand-written tiny plans check its measure, at least one where it is met and one where
it is not. A criterion added without both fails here."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pytest

from conftest import audit_yaml
from ramaudit.config.effective import Config
from ramaudit.core.model import ITEM_SECTIONS, field_names, model_of
from ramaudit.report import readme_tables
from ramaudit.rules import BY_CODE
from ramaudit.score import (
    CRITERIA,
    QUESTIONS,
    Criterion,
    Measure,
    Question,
    ScoreContext,
    questions_about,
)
from ramaudit.score.base import KINDS

# A goal, an objective under it and a tactic under that: the least a plan needs for
# anything to trace to a goal. ``{tactic}`` adds fields to the tactic.
CHAIN = """
plan: {{name: P}}
goals: [{{id: g}}]
objectives: [{{id: o, goals: g}}]
tactics:
  - id: t
    objectives: o
{tactic}"""


def chain(tactic: str = "", **blocks: str) -> str:
    """:data:`CHAIN` with fields added to the tactic, and each of ``blocks`` in place of
    the line that starts the same way (or after the plan line, if none does)."""
    text = CHAIN.format(tactic=textwrap.indent(textwrap.dedent(tactic).strip("\n"), "    "))
    lines = text.split("\n")
    for name, block in blocks.items():
        at = [i for i, line in enumerate(lines) if line.startswith(f"{name}:")]
        lines[at[0] if at else 2 : at[0] + 1 if at else 2] = [textwrap.dedent(block).strip("\n")]
    return "\n".join(lines)


@dataclass(frozen=True)
class Example:
    key: str
    plan: str
    fraction: float
    evidence: str
    gaps: tuple[tuple[str, str], ...] = ()
    config: Config | None = None

    @property
    def met(self) -> bool:
        return self.fraction == 1


def opts(code: str, **values: object) -> Config:
    return Config(rule_options={code: values})


EXAMPLES = [
    # -- process
    Example(
        "review-cadence", "plan: {name: P, review_cadence: monthly}", 1, "review cadence: monthly"
    ),
    Example(
        "review-cadence",
        "plan: {name: P}",
        0,
        "no review cadence",
        (("plan.review_cadence", "no review cadence"),),
    ),
    Example(
        "review-cadence",
        "plan: {name: P, review_cadence: yearly}",
        0,
        "the review cadence is not weekly, biweekly, monthly or quarterly",
        (
            (
                "plan.review_cadence",
                "the review cadence is not weekly, biweekly, monthly or quarterly",
            ),
        ),
    ),
    Example(
        "plan-period",
        "plan: {name: P, period: {start: 2027-01-01, end: 2027-12-31}}",
        1,
        "period 2027-01-01 to 2027-12-31",
    ),
    Example(
        "plan-period",
        "plan: {name: P, period: {start: 2027-01-01, end: 2026-12-31}}",
        0,
        "the period ends (2026-12-31) before it starts (2027-01-01)",
        (("plan.period", "ends before it starts"),),
    ),
    Example(
        "plan-period",
        "plan: {name: P}",
        0,
        "no plan period",
        (("plan.period", "not set"),),
    ),
    Example(
        "tactics-scheduled",
        chain("start: 2027-01-01\nend: 2027-03-31"),
        1,
        "1 of 1 tactics (100%) trace to a goal and have start and end dates",
    ),
    Example(
        "tactics-scheduled",
        chain("start: 2027-01-01"),
        0,
        "0 of 1 tactics (0%) trace to a goal and have start and end dates",
        (("t", "has no end date"),),
    ),
    Example(
        "tactics-owned",
        chain("owner: Dana Lee"),
        1,
        "1 of 1 tactics (100%) trace to a goal and have an owner",
    ),
    Example(
        "tactics-owned",
        chain("owner: TBD"),
        0,
        "0 of 1 tactics (0%) trace to a goal and have an owner",
        (("t", "its owner names nobody"),),
    ),
    Example(
        "budget-declared",
        chain("budget: 800", plan="plan: {name: P, budget: 1000}"),
        1,
        "plan budget declared; 1 of 1 tactics (100%) trace to a goal and have a budget",
    ),
    Example(
        "budget-declared",
        chain("budget: 800"),
        0.5,
        "no plan budget; 1 of 1 tactics (100%) trace to a goal and have a budget",
        (("plan.budget", "not set"),),
    ),
    Example(
        "budget-fits",
        chain("budget: 800", plan="plan: {name: P, budget: 1000}"),
        1,
        "tactic budgets add up to 800 USD, within the plan budget of 1,000 USD",
    ),
    Example(
        "budget-fits",
        chain("budget: 2000", plan="plan: {name: P, budget: 1000}"),
        0.5,
        "tactic budgets add up to 2,000 USD, 1,000 more than the plan budget of 1,000 USD",
        (("plan.budget", "the tactic budgets exceed it"),),
    ),
    Example(  # RA305's tolerance lets the same overrun fit
        "budget-fits",
        chain("budget: 1200", plan="plan: {name: P, budget: 1000}"),
        1,
        "tactic budgets add up to 1,200 USD, within the plan budget of 1,000 USD",
        config=opts("RA305", tolerance=0.25),
    ),
    Example(
        "budget-fits",
        chain(plan="plan: {name: P, budget: 1000}"),
        0,
        "no traceable tactic has a budget to hold to the plan budget",
        (("t", "no budget"),),
    ),
    # -- accountability
    Example(
        "smart-kpis",
        chain(
            objectives="""
            objectives:
              - id: o
                goals: g
                kpis: [{metric: pipeline, baseline: 1, target: 2, deadline: 2027-12-31}]
            """
        ),
        1,
        "1 of 1 objectives (100%) trace to a goal and have a complete KPI (a baseline, a "
        "target beyond it and a deadline)",
    ),
    Example(
        "smart-kpis",
        chain(
            objectives="""
            objectives:
              - id: o
                goals: g
                kpis: [{metric: pipeline, target: 2}]
            """
        ),
        1 / 3,
        "0 of 1 objectives (0%) trace to a goal and have a complete KPI (a baseline, a "
        "target beyond it and a deadline); partial credit for o (1 of 3 parts)",
        (("o", "its most complete KPI lacks a baseline and a deadline"),),
    ),
    Example(
        "owners",
        "plan: {name: P}\ngoals: [{id: g, owner: Dana Lee}]",
        1,
        "1 of 1 goals, objectives and tactics (100%) have an owner and trace to a goal",
    ),
    Example(
        "owners",
        "plan: {name: P}\ngoals: [{id: g}]\ntactics: [{id: t, owner: Sam Ortega}]",
        0,
        "0 of 2 goals, objectives and tactics (0%) have an owner and trace to a goal",
        (("g", "has no owner"), ("t", "traces to no goal")),
    ),
    Example(
        "tactics-measured",
        chain("kpis: [{metric: qualified leads, target: 10}]"),
        1,
        "1 of 1 tactics (100%) trace to a goal and have a KPI with a target",
    ),
    Example(
        "tactics-measured",
        chain("kpis: [{metric: qualified leads}]"),
        0,
        "0 of 1 tactics (0%) trace to a goal and have a KPI with a target",
        (("t", "no KPI of it has a target"),),
    ),
    Example(
        "outcome-measures",
        chain(objectives="objectives: [{id: o, goals: g, kpis: [{metric: revenue, target: 9}]}]"),
        1,
        "1 of 1 objectives (100%) trace to a goal and have a targeted KPI that is not a "
        "vanity metric",
    ),
    Example(
        "outcome-measures",
        chain(
            objectives="objectives: [{id: o, goals: g, kpis: [{metric: impressions, target: 9}]}]"
        ),
        0,
        "0 of 1 objectives (0%) trace to a goal and have a targeted KPI that is not a "
        "vanity metric",
        (("o", "only vanity metrics have a target"),),
    ),
    # -- market
    Example("segments-defined", "plan: {name: P}\nsegments: [{id: s}]", 1, "1 segment defined"),
    Example(
        "segments-defined",
        "plan: {name: P}",
        0,
        "no segment defined",
        (("segments", "no segment defined"),),
    ),
    Example(
        "voice-of-customer",
        "plan: {name: P}\nsegments: [{id: s, voice_of_customer: ['Interview: setup is slow']}]",
        1,
        "1 of 1 segments (100%) have voice-of-customer evidence",
    ),
    Example(
        "voice-of-customer",
        "plan: {name: P}\nsegments: [{id: s, voice_of_customer: [TBD]}]",
        0,
        "0 of 1 segments (0%) have voice-of-customer evidence",
        (("s", "no voice-of-customer evidence"),),
    ),
    Example(  # RA309's min-evidence asks for more
        "voice-of-customer",
        "plan: {name: P}\nsegments: [{id: s, voice_of_customer: ['Interview: setup is slow']}]",
        0,
        "0 of 1 segments (0%) have voice-of-customer evidence (at least 2 pieces each)",
        (("s", "1 of the 2 pieces of voice-of-customer evidence needed"),),
        config=opts("RA309", min_evidence=2),
    ),
    Example(
        "tactics-targeted",
        chain("segment: s-smb", segments="segments: [{id: s-smb}]"),
        1,
        "1 of 1 tactics (100%) trace to a goal and aim at a defined, specific segment",
    ),
    Example(
        "tactics-targeted",
        chain(
            "segment: [s-all, s-gone]",
            segments="segments: [{id: s-all, name: All customers}]",
        ),
        0,
        "0 of 1 tactics (0%) trace to a goal and aim at a defined, specific segment",
        (("t", "'s-all' means everybody; 's-gone' is not a defined segment"),),
    ),
    Example(
        "outcome-objective",
        chain(objectives="objectives: [{id: o, goals: g, kpis: [{metric: revenue, target: 9}]}]"),
        1,
        "measured on a business outcome with a target: o",
    ),
    Example(
        "outcome-objective",
        chain(objectives="objectives: [{id: o, goals: g, kpis: [{metric: revenue}]}]"),
        0,
        "no objective that traces to a goal has a target on a business outcome",
    ),
    # -- execution
    Example("tactics-traceable", chain(), 1, "1 of 1 tactics (100%) trace to a goal"),
    Example(
        "tactics-traceable",
        "plan: {name: P}\ntactics: [{id: t}]",
        0,
        "0 of 1 tactics (0%) trace to a goal",
        (("t", "traces to no goal"),),
    ),
    Example(
        "budget-traceable",
        chain("budget: 300"),
        1,
        "all 300 USD of tactic budget funds tactics that trace to a goal",
    ),
    Example(
        "budget-traceable",
        chain("budget: 300", tactics="tactics:\n  - {id: t-orphan, budget: 100}"),
        0.75,
        "300 of 400 USD (75%) funds tactics that trace to a goal",
        (("t-orphan", "traces to no goal and carries 100 USD"),),
    ),
    Example(
        "budget-traceable",
        chain("budget: 300", tactics="tactics:\n  - {id: t-orphan}"),
        0,
        "t-orphan traces to no goal and has no budget, so the spend on random acts is unknown",
        (("t-orphan", "traces to no goal and has no budget"),),
    ),
    Example(
        "funnel-coverage",
        chain("stage: awareness"),
        0.25,
        "1 of 4 required stages served by traceable tactics; missing: education, "
        "conversion, retention",
        (
            ("education", "no tactic that traces to a goal serves it"),
            ("conversion", "no tactic that traces to a goal serves it"),
            ("retention", "no tactic that traces to a goal serves it"),
        ),
    ),
    Example(  # RA303's stages say which are required
        "funnel-coverage",
        chain("stage: awareness"),
        1,
        "1 of 1 required stages served by traceable tactics (required: awareness)",
        config=opts("RA303", stages=("awareness",)),
    ),
    Example(
        "cross-functional",
        "plan: {name: P, stakeholders: [marketing, sales]}",
        1,
        "stakeholders beyond marketing: sales",
    ),
    Example(
        "cross-functional",
        "plan: {name: P, stakeholders: [marketing]}",
        0,
        "no stakeholder outside marketing",
    ),
    Example(
        "clean-links",
        chain(),
        1,
        "every link names an existing item of the right kind",
    ),
    Example(
        "clean-links",
        chain().replace("objectives: o\n", "objectives: [o, o-gone]\n"),
        0.5,
        "1 link dangles, skips a level or forms a cycle",
        (("t.objectives -> o-gone", "names no item"),),
    ),
    Example(
        "clean-links",
        "plan: {name: P}\nobjectives: [{id: o}]",
        0,
        "no objective links to a goal yet",
        (("objectives", "no objective links to a goal"),),
    ),
]

# Format 2: placeholders read as not decided, campaigns, milestones, budget lines,
# contributors, goals set elsewhere, internal segments and targets that are no number.
V2_CHAIN = """
version: 2
plan: {{name: P, budget: 1000}}
goals: [{{id: g}}]
objectives:
  - id: o
    goals: g
{objective}
tactics:
  - {{id: t, objectives: o, budget: 200}}
{rest}"""


def v2(objective: str = "", rest: str = "") -> str:
    """:data:`V2_CHAIN` with fields added to the objective and sections after the tactics."""
    return V2_CHAIN.format(
        objective=textwrap.indent(textwrap.dedent(objective).strip("\n"), "    "),
        rest=textwrap.dedent(rest).strip("\n"),
    )


EXAMPLES += [
    Example(
        "review-cadence",
        "plan: {name: P, review_cadence: TBD}",
        0,
        "the review cadence is not decided (TBD)",
        (("plan.review_cadence", "the review cadence is not decided (TBD)"),),
    ),
    Example(
        "plan-period",
        "plan: {name: P, period: TBD}",
        0,
        "the plan period is not decided (TBD)",
        (("plan.period", "not decided (TBD)"),),
    ),
    Example(
        "tactics-scheduled",
        chain("start: 2027-01-01\nend: ???"),
        0,
        "0 of 1 tactics (0%) trace to a goal and have start and end dates",
        (("t", "its end date is not decided (???)"),),
    ),
    Example(
        "budget-declared",
        chain("budget: TBD", plan="plan: {name: P, budget: n/a}"),
        0,
        "the plan budget is not decided (n/a); 0 of 1 tactics (0%) trace to a goal and have "
        "a budget",
        (("plan.budget", "not set (not decided: n/a)"), ("t", "no budget (not decided: TBD)")),
    ),
    Example(
        "budget-fits",
        v2(rest="budget_lines: [{id: b-salaries, kind: salaries, amount: 700}]"),
        1,
        "tactic budgets and budget lines add up to 900 USD, within the plan budget of 1,000 USD",
    ),
    Example(  # a budget line is spend the plan budget must hold
        "budget-fits",
        v2(
            "campaigns: [{id: c, budget: 300}]",
            "budget_lines: [{id: b-tools, kind: tools, amount: 1000}]",
        ),
        1000 / 1500,
        "tactic budgets, campaign budgets and budget lines add up to 1,500 USD, 500 more "
        "than the plan budget of 1,000 USD",
        (("plan.budget", "the tactic budgets, campaign budgets and budget lines exceed it"),),
    ),
    Example(  # a campaign's budget holds its tactics': counted once, not twice
        "budget-fits",
        v2(
            "campaigns: [{id: c, budget: 700, tactics: [{id: t-in, budget: 600}]}]",
        ),
        1,
        "tactic budgets and campaign budgets add up to 900 USD, within the plan budget of "
        "1,000 USD",
    ),
    Example(
        "smart-kpis",
        chain(
            objectives="""
            objectives:
              - id: o
                goals: g
                kpis: [{metric: pipeline, baseline: 1, target: TBD, deadline: 2027-12-31}]
            """
        ),
        2 / 3,
        "0 of 1 objectives (0%) trace to a goal and have a complete KPI (a baseline, a "
        "target beyond it and a deadline); partial credit for o (2 of 3 parts)",
        (("o", "its most complete KPI lacks a target (not decided: TBD)"),),
    ),
    Example(  # a confidential target is set, though never shown
        "smart-kpis",
        v2(
            "kpis: [{metric: gross margin, baseline: 30, confidential: true, deadline: 2027-12-31}]"
        ),
        1,
        "1 of 1 objectives (100%) trace to a goal and have a complete KPI (a baseline, a "
        "target beyond it and a deadline)",
    ),
    Example(  # a change against the baseline, and a deadline that names a milestone
        "smart-kpis",
        v2(
            """
            kpis: [{metric: sales accepted leads, baseline: 1000, target: +20%, deadline: m-live}]
            milestones: [{id: m-live, due: 2027-03-31}]
            """
        ),
        1,
        "1 of 1 objectives (100%) trace to a goal and have a complete KPI (a baseline, a "
        "target beyond it and a deadline)",
    ),
    Example(  # a change the wrong way sets nothing to achieve
        "smart-kpis",
        v2("kpis: [{metric: qualified leads, baseline: 1000, target: reduce by 30%}]"),
        1 / 3,
        "0 of 1 objectives (0%) trace to a goal and have a complete KPI (a baseline, a "
        "target beyond it and a deadline); partial credit for o (1 of 3 parts)",
        (("o", "its most complete KPI lacks a target beyond its baseline and a deadline"),),
    ),
    Example(
        "outcome-objective",
        v2("kpis: [{metric: revenue, target: confidential}]"),
        1,
        "measured on a business outcome with a target: o",
    ),
    Example(
        "owners",
        "plan: {name: P}\ngoals: [{id: g, set_by: Board strategy 2025-2028, page 4}]",
        1,
        "1 of 1 goals, objectives and tactics (100%) have an owner and trace to a goal "
        "(1 goal is set elsewhere and needs no owner here)",
    ),
    Example(
        "owners",
        v2(
            "owner: Priya Raman\ncampaigns: [{id: c, owner: TBD}]\n"
            "milestones: [{id: m, owner: Jo Bloggs}]"
        )
        .replace("goals: [{id: g}]", "goals: [{id: g, owner: Dana Lee}]")
        .replace("budget: 200}", "budget: 200, owner: Sam Ortega}"),
        0.8,
        "4 of 5 goals, objectives, campaigns, milestones and tactics (80%) have an owner and "
        "trace to a goal",
        (("c", "its owner names nobody"),),
    ),
    Example(
        "tactics-measured",
        chain("kpis: [{metric: qualified leads, confidential: true}]"),
        1,
        "1 of 1 tactics (100%) trace to a goal and have a KPI with a target",
    ),
    Example(
        "tactics-measured",
        chain("kpis: [{metric: qualified leads, target: TBD}]"),
        0,
        "0 of 1 tactics (0%) trace to a goal and have a KPI with a target",
        (("t", "no KPI of it has a target"),),
    ),
    Example(
        "outcome-measures",
        v2("kpis: [{metric: revenue, confidential: true}]"),
        1,
        "1 of 1 objectives (100%) trace to a goal and have a targeted KPI that is not a "
        "vanity metric",
    ),
    Example(
        "voice-of-customer",
        "plan: {name: P}\nsegments:\n"
        "  - {id: s-sales, name: Our account executives, kind: internal}\n"
        "  - {id: s-ops, voice_of_customer: ['Interview: setup is slow']}",
        1,
        "2 of 2 segments (100%) have voice-of-customer evidence or are internal; 1 internal "
        "segment needs none",
    ),
    Example(
        "voice-of-customer",
        "plan: {name: P}\nsegments:\n"
        "  - {id: s-sales, kind: internal}\n  - {id: s-ops, kind: external}",
        0.5,
        "1 of 2 segments (50%) have voice-of-customer evidence or are internal; 1 internal "
        "segment needs none",
        (("s-ops", "no voice-of-customer evidence"),),
    ),
    Example(
        "outcome-objective",
        v2("kpis: [{metric: revenue, confidential: true}]"),
        1,
        "measured on a business outcome with a target: o",
    ),
    Example(  # a budget line is never a random act
        "budget-traceable",
        v2(rest="budget_lines: [{id: b-salaries, kind: salaries, amount: 600}]"),
        1,
        "all 800 USD of tactic budgets and budget lines funds work that traces to a goal or "
        "pays for a budget line",
    ),
    Example(
        "budget-traceable",
        v2(
            rest="""
            budget_lines: [{id: b-salaries, kind: salaries, amount: 600}]
            campaigns: [{id: c-stray, budget: 200}]
            """
        ),
        0.8,
        "800 of 1,000 USD (80%) of tactic budgets, campaign budgets and budget lines funds "
        "work that traces to a goal or pays for a budget line",
        (("c-stray", "traces to no goal and carries 200 USD"),),
    ),
    Example(
        "cross-functional",
        v2("contributors: [sales, Jo Bloggs]"),
        1,
        "contributors beyond marketing: sales, Jo Bloggs",
    ),
    Example(
        "cross-functional",
        v2("contributors: [brand, TBD]"),
        0,
        "no stakeholder outside marketing",
    ),
]

BY_KEY = {c.key: c for c in CRITERIA}
# The section each kind of item is listed under (a budget line under 'budget_lines').
SECTION_OF = {kind: section for section, kind in ITEM_SECTIONS.items()}


def measure(example: Example) -> Measure:
    """The example's criterion measured on its plan, by the declaration itself."""
    config = example.config or Config()
    result = audit_yaml(example.plan, config)
    assert result.score is not None, [f.message for f in result.findings]
    ctx = ScoreContext.of(result.plan, result.graph, config.vocabulary, config)
    return BY_KEY[example.key].measure(ctx)


@pytest.mark.parametrize(
    "example",
    EXAMPLES,
    ids=[f"{e.key}-{'met' if e.met else 'short'}-{i}" for i, e in enumerate(EXAMPLES)],
)
def test_each_criterion_measures_its_examples(example: Example) -> None:
    got = measure(example)
    assert got.fraction == pytest.approx(example.fraction)
    assert got.evidence == example.evidence
    assert got.gaps == example.gaps
    # The score reports the same measure under the criterion's key.
    result = audit_yaml(example.plan, example.config or Config())
    assert result.score is not None
    (scored,) = [c for q in result.score.questions for c in q.criteria if c.key == example.key]
    assert (scored.fraction, scored.evidence) == (got.fraction, got.evidence)


@pytest.mark.parametrize("criterion", CRITERIA, ids=[c.key for c in CRITERIA])
def test_every_criterion_has_examples_met_and_not_met(criterion: Criterion) -> None:
    mine = [e for e in EXAMPLES if e.key == criterion.key]
    assert any(e.met for e in mine), f"{criterion.key}: add an example where it is met"
    assert any(not e.met for e in mine), f"{criterion.key}: add an example where it falls short"


@pytest.mark.parametrize("criterion", CRITERIA, ids=[c.key for c in CRITERIA])
def test_every_criterion_is_documented(criterion: Criterion) -> None:
    assert criterion.key and criterion.key == criterion.key.lower() and " " not in criterion.key
    assert criterion.title and criterion.weight > 0
    how, _why = criterion.doc()
    assert how, f"{type(criterion).__name__} needs a docstring saying how it is measured"
    # The README's score table shows the declaration word for word.
    # (the first row: the table of weights once a plan records its run may list it again)
    row = next(r for r in readme_tables.score_table().splitlines() if f"(`{criterion.key}`)" in r)
    assert f"| {criterion.title} (`{criterion.key}`) | {criterion.weight:g} | {how} |" in row


@pytest.mark.parametrize("criterion", CRITERIA, ids=[c.key for c in CRITERIA])
def test_every_criterion_reads_and_counts_what_the_format_has(criterion: Criterion) -> None:
    for read in criterion.reads:
        kind, _, name = read.partition(".")
        assert kind in KINDS and name in field_names(model_of(kind)), read
    assert criterion.counts and set(criterion.counts) <= set(KINDS)


def test_keys_are_unique_and_each_question_adds_up_to_its_maximum() -> None:
    assert len({c.key for c in CRITERIA}) == len(CRITERIA)
    for q in QUESTIONS:
        assert sum(c.weight for c in q.criteria) == q.max
        assert all(code in BY_CODE for code in q.capped_by), q.key


def test_examples_name_only_declared_criteria() -> None:
    assert {e.key for e in EXAMPLES} <= set(BY_KEY)


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.key for q in QUESTIONS])
def test_an_error_about_what_a_criterion_reads_caps_its_question(question: Question) -> None:
    for criterion in question.criteria:
        for read in criterion.reads:
            kind, _, name = read.partition(".")
            pointer = f"plan.{name}" if kind == "plan" else f"{SECTION_OF[kind]}[0].{name}"
            assert question.key in questions_about(pointer), (criterion.key, pointer)
        for kind in criterion.counts:
            # A field of the format that no criterion reads (every kind has a description
            # but the plan block, whose currency no criterion reads either).
            pointer = "plan.currency" if kind == "plan" else f"{SECTION_OF[kind]}[0].description"
            assert question.key in questions_about(pointer), (criterion.key, pointer)
