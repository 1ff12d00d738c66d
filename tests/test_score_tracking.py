"""The efficient-execution criteria that read the plan's run: yield and velocity.

Each is asserted on small plans read on a fixed day (``Config(as_of=...)``): the value,
the evidence and what falls short; then how the question's weights are shared while
they apply, and that a plan which records no run is scored as it always was.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from ramaudit.api import AuditResult, audit_text
from ramaudit.config.effective import Config
from ramaudit.core.graph import build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import SPELLINGS, build_plan, field_names, model_of
from ramaudit.core.progress import plan_status
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.report.score_explained import explain_dict, explain_text
from ramaudit.score import CRITERIA, QUESTIONS, READS, Criterion, compute_score
from ramaudit.score.base import KINDS
from ramaudit.score.fitness import CriterionScore
from ramaudit.score.registry import TRACKING

# Q3 2026 has 92 days: by the end of 15 August, 46 of them (half) are gone.
MID_Q3 = dt.date(2026, 8, 15)
AT_MID_Q3 = Config(as_of=MID_Q3)

PLAN = """\
version: 2
plan:
  name: Q3 demand
  period: Q3 2026
goals:
  - id: g1
    name: Grow pipeline
    owner: cmo
    objectives:
      - id: o1
        name: More qualified leads
        owner: ana
        kpis:
          - metric: qualified leads
            target: 120
            checkins:
              - {date: 2026-08-15, value: 30}
        tactics:
          - id: t1
            name: Webinars
            owner: bo
            stage: consideration
            budget: 10000
            spent: 5000
            as_of: 2026-08-15
            kpis:
              - metric: registrations
                target: 400
                actual: 300
                as_of: 2026-08-15
          - id: t2
            name: Paid search
            owner: bo
            stage: awareness
            budget: 20000
            spent: 10000
            as_of: 2026-08-15
"""

PLAN_CRITERIA = [
    "tactics-traceable",
    "budget-traceable",
    "funnel-coverage",
    "cross-functional",
    "clean-links",
]


def scored(text: str, config: Config = AT_MID_Q3) -> AuditResult:
    result = audit_text(text, "plan.yaml", config)
    assert result.score is not None, [f.message for f in result.findings]
    return result


def execution(text: str, config: Config = AT_MID_Q3) -> dict[str, CriterionScore]:
    score = scored(text, config).score
    assert score is not None
    (question,) = [q for q in score.questions if q.key == "execution"]
    return {c.key: c for c in question.criteria}


def weights(text: str, config: Config = AT_MID_Q3) -> dict[str, float]:
    return {key: c.weight for key, c in execution(text, config).items()}


# ------------------------------------------------------------------ velocity


def test_velocity_is_the_mean_pace_of_key_results_against_time_elapsed():
    v = execution(PLAN)["velocity"]
    # qualified leads: 30 of 120 (25%) with half the time gone: half the pace;
    # registrations: 300 of 400 (75%): on pace. Mean 0.75.
    assert v.fraction == pytest.approx(0.75)
    assert v.evidence == (
        "2 key results with targets keep 75% of the pace the time elapsed asks for; "
        "1 on pace: registrations of t1"
    )
    assert v.shortfalls == [("qualified leads of o1", "25% of the way with 50% of its time gone")]


def test_velocity_counts_a_key_result_without_a_reading_as_none():
    text = PLAN.replace(
        "            checkins:\n              - {date: 2026-08-15, value: 30}\n", ""
    )
    v = execution(text)["velocity"]
    assert v.fraction == pytest.approx(0.5)
    assert ("qualified leads of o1", "no check-in yet") in v.shortfalls


def test_velocity_does_not_read_check_ins_after_the_as_of_day():
    v = execution(PLAN, Config(as_of=dt.date(2026, 8, 14)))["velocity"]
    # Both readings are dated 15 August: on the 14th neither counts yet.
    assert v.fraction == 0
    assert {r for _, r in v.shortfalls} == {"no check-in yet"}


def test_velocity_before_the_period_starts_is_full_for_any_reading():
    text = PLAN.replace("2026-08-15", "2026-06-20")
    v = execution(text, Config(as_of=dt.date(2026, 6, 20)))["velocity"]
    assert v.fraction == 1


def test_velocity_without_a_schedule_is_the_progress_itself():
    text = PLAN.replace("  period: Q3 2026\n", "")
    v = execution(text)["velocity"]
    assert v.fraction == pytest.approx((0.25 + 0.75) / 2)
    assert ("qualified leads of o1", "25% of the way to its target") in v.shortfalls


def test_velocity_holds_progress_beyond_the_target_to_full_pace():
    text = PLAN.replace("value: 30}", "value: 500}")
    assert execution(text)["velocity"].fraction == 1


def test_a_random_acts_key_result_on_pace_earns_no_velocity():
    orphan = (
        "tactics:\n"
        "  - id: t-stray\n    name: Stunt\n    owner: bo\n    budget: 1000\n"
        "    kpis: [{metric: likes, target: 10, actual: 10, as_of: 2026-08-15}]\n"
    )
    v = execution(PLAN + orphan)["velocity"]
    assert v.fraction == pytest.approx((0.5 + 1 + 0) / 3)
    assert ("likes of t-stray", "traces to no goal") in v.shortfalls


# --------------------------------------------------------------------- yield


def test_yield_is_results_against_the_share_of_budget_spent_weighted_by_spend():
    y = execution(PLAN)["yield"]
    # t1 spent half its budget for 75% of its own key result: the plan's price or
    # better (1); t2, with no KPI of its own, answers to o1: half its budget for 25%
    # (0.5). Weighted by spend: (5,000 x 1 + 10,000 x 0.5) / 15,000.
    assert y.fraction == pytest.approx(2 / 3)
    assert y.evidence == (
        "the 15,000 USD spent so far bought 67% of the results its budgets priced; "
        "at the plan's price or better: t1 (5,000 USD)"
    )
    assert y.shortfalls == [
        ("t2", "spent 10,000 USD, 50% of its budget, for 25% of the key results of o1")
    ]


def test_yield_reads_expenses_up_to_the_as_of_day():
    text = PLAN.replace(
        "            spent: 10000\n            as_of: 2026-08-15\n",
        "            expenses:\n"
        "              - {date: 2026-07-10, amount: 2500}\n"
        "              - {date: 2026-09-01, amount: 7500}\n",
    )
    y = execution(text)["yield"]
    # t2 has spent 2,500 (12.5%) by mid-August for 25% of o1: the plan's price or better.
    assert y.fraction == 1
    assert "t2 (2,500 USD)" in y.evidence


def test_spend_on_a_random_act_earns_no_yield():
    orphan = "tactics:\n  - {id: t-stray, name: Stunt, owner: bo, budget: 5000, spent: 5000}\n"
    y = execution(PLAN + orphan)["yield"]
    assert y.fraction == pytest.approx(10_000 / 20_000)
    assert ("t-stray", "traces to no goal and spent 5,000 USD") in y.shortfalls


def test_spend_with_no_key_result_to_show_for_it_earns_no_yield():
    text = PLAN.replace(
        "        kpis:\n          - metric: qualified leads\n            target: 120\n"
        "            checkins:\n              - {date: 2026-08-15, value: 30}\n",
        "",
    )
    y = execution(text)["yield"]
    assert y.fraction == pytest.approx(5_000 / 15_000)
    assert ("t2", "spent 10,000 USD with no key result to show what it bought") in y.shortfalls


def test_yield_without_a_budget_is_the_results_alone():
    text = PLAN.replace("            budget: 20000\n", "")
    y = execution(text)["yield"]
    assert y.fraction == pytest.approx((5_000 * 1 + 10_000 * 0.25) / 15_000)
    assert ("t2", "spent 10,000 USD for 25% of the key results of o1") in y.shortfalls


def test_more_spend_on_the_same_results_never_raises_yield():
    before = execution(PLAN)["yield"].fraction
    after = execution(PLAN.replace("spent: 10000", "spent: 16000"))["yield"].fraction
    assert after < before


# ------------------------------------------------------------------ weights


def test_with_spend_and_check_ins_the_plan_criteria_keep_18_points_and_these_share_7():
    assert weights(PLAN) == {
        "tactics-traceable": 6,
        "budget-traceable": 4,
        "funnel-coverage": 4,
        "cross-functional": 2,
        "clean-links": 2,
        "yield": 4,
        "velocity": 3,
    }


def test_velocity_alone_takes_the_tracking_points():
    text = PLAN.replace("            spent: 5000\n", "").replace("            spent: 10000\n", "")
    w = weights(text)
    assert "yield" not in w and w["velocity"] == 7 and sum(w.values()) == 25


def test_yield_alone_takes_the_tracking_points():
    text = PLAN.replace(
        "            checkins:\n              - {date: 2026-08-15, value: 30}\n", ""
    )
    text = text.replace("                actual: 300\n                as_of: 2026-08-15\n", "")
    w = weights(text)
    assert "velocity" not in w and w["yield"] == 7 and sum(w.values()) == 25
    # Money spent with no result read yet has bought nothing that shows.
    assert execution(text)["yield"].fraction == 0


def test_nothing_spent_yet_leaves_yield_out():
    text = PLAN.replace("spent: 5000", "spent: 0").replace("spent: 10000", "spent: 0")
    assert "yield" not in weights(text)


def test_whole_weights_stay_whole_in_json():
    doc = json.loads(json.dumps(explain_dict(scored(PLAN))))
    (question,) = [q for q in doc["questions"] if q["key"] == "execution"]
    assert [type(c["weight"]) for c in question["criteria"]] == [int] * 7
    assert '"weight": 4,' in json.dumps(question["criteria"])


# --------------------------------------------------- a plan with no run recorded

BARE = PLAN.replace("            checkins:\n              - {date: 2026-08-15, value: 30}\n", "")
BARE = BARE.replace("            spent: 5000\n            as_of: 2026-08-15\n", "")
BARE = BARE.replace("            spent: 10000\n            as_of: 2026-08-15\n", "")
BARE = BARE.replace("                actual: 300\n                as_of: 2026-08-15\n", "")


def test_a_plan_that_records_no_run_keeps_its_declared_criteria_and_weights():
    assert weights(BARE) == {
        "tactics-traceable": 8,
        "budget-traceable": 6,
        "funnel-coverage": 5,
        "cross-functional": 3,
        "clean-links": 3,
    }


def _parts(text: str, config: Config) -> tuple[Any, ...]:
    doc = load(text)
    plan = build_plan(doc.data, Locator(doc.root, SPELLINGS), DEFAULT)
    return plan, build_graph(plan), DEFAULT, config


def test_a_plan_that_records_no_run_never_reads_its_status():
    def unread() -> Any:
        raise AssertionError("a plan with no check-ins or spend needs no status")

    score = compute_score(*_parts(BARE, AT_MID_Q3), status=unread)
    assert [c.key for c in score.questions[3].criteria] == PLAN_CRITERIA


def test_the_status_passed_in_is_the_one_read():
    plan, graph, vocabulary, config = _parts(PLAN, AT_MID_Q3)
    given = plan_status(plan, graph, MID_Q3)
    calls: list[int] = []

    def once() -> Any:
        calls.append(1)
        return given

    shared = compute_score(plan, graph, vocabulary, config, status=once)
    alone = compute_score(plan, graph, vocabulary, config)
    assert calls == [1]  # asked once, whichever criteria read it
    assert shared.to_dict() == alone.to_dict()
    assert compute_score(plan, graph, vocabulary, config, status=given) == shared


def test_without_as_of_the_score_reads_the_run_on_today():
    # Every reading lies in the past of any day this test runs on: whatever today is,
    # both criteria apply.
    assert {"yield", "velocity"} <= set(weights(PLAN, Config()))


# -------------------------------------------------------------- explain-score


def test_explain_score_shows_both_criteria_with_their_evidence():
    text = explain_text(scored(PLAN), width=220)
    assert "Results bought for the money spent" in text and "yield" in text
    assert "Key results keeping pace with the time elapsed" in text and "velocity" in text
    assert "the 15,000 USD spent so far bought 67%" in text
    assert "falls short: qualified leads of o1 (25% of the way with 50% of its time gone)" in text
    assert (
        "falls short: t2 (spent 10,000 USD, 50% of its budget, for 25% of the key results of o1)"
        in text
    )


def test_explain_score_takes_as_of(tmp_path: Any):
    from typer.testing import CliRunner

    from ramaudit.cli import app

    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    early = CliRunner().invoke(
        app, ["explain-score", str(path), "-f", "json", "--as-of", "2026-08-14"]
    )
    late = CliRunner().invoke(
        app, ["explain-score", str(path), "-f", "json", "--as-of", "2026-08-15"]
    )

    def velocity(out: str) -> float:
        doc = json.loads(out)
        (q,) = [q for q in doc["questions"] if q["key"] == "execution"]
        return next(c["fraction"] for c in q["criteria"] if c["key"] == "velocity")

    assert velocity(early.stdout) == 0
    assert velocity(late.stdout) == 0.75


def test_spend_written_wrongly_caps_only_the_question_that_reads_it():
    result = scored(PLAN.replace("spent: 10000", "spent: lots"))
    (bad,) = [f for f in result.findings if f.code == "RA002"]
    assert (bad.pointer, bad.line) == ("goals[0].objectives[0].tactics[1].spent", 36)
    assert result.score is not None
    capped = {q.key for q in result.score.questions if q.caps}
    assert capped == {"execution"}


@pytest.mark.parametrize("criterion", TRACKING, ids=[c.key for c in TRACKING])
def test_every_tracking_criterion_is_declared_as_the_plan_criteria_are(criterion: Criterion):
    assert criterion.key not in {c.key for c in CRITERIA}
    how, why = criterion.doc()
    assert how and why, f"{type(criterion).__name__}: say how it is measured, and why"
    assert criterion.weight > 0 and criterion.tracked_weight is None
    for read in criterion.reads:
        kind, _, name = read.partition(".")
        assert kind in KINDS and name in field_names(model_of(kind)), read
    assert criterion.counts and set(criterion.counts) <= set(KINDS)
    # Whatever the criterion reads caps the question it belongs to.
    (question,) = [q for q in QUESTIONS if criterion in q.tracking]
    for read in criterion.reads:
        kind, _, name = read.partition(".")
        assert question.key in READS[kind][name]


def test_velocity_of_one_key_result_reads_in_the_singular():
    registrations = (
        "            kpis:\n              - metric: registrations\n                target: 400\n"
        "                actual: 300\n                as_of: 2026-08-15\n"
    )
    assert registrations in PLAN
    v = execution(PLAN.replace(registrations, ""))["velocity"]
    assert v.evidence.startswith("1 key result with a target keeps 50% of the pace")
