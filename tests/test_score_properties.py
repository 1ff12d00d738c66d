"""Properties of the fitness score over generated plans.

A plan is generated as a small specification (goals, objectives, tactics, segments and
their links) and written out as YAML, flat or nested. The properties are the score's
design rules: a complete plan scores high, a bare one low, a random act (an orphan
tactic or an orphan objective) never earns points, fixing a finding never costs any,
and neither item order nor nesting matters. Examples from review follow the properties:
each was a way to raise the score without improving the plan, or a score that
contradicted the findings.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ramaudit.api import audit_text
from ramaudit.config.effective import Config
from ramaudit.core.findings import Severity
from ramaudit.report import RenderOptions, html, markdown, render
from ramaudit.score import CAPPED_BY, CAPPED_BY_FIELD, YES_AT, questions_about

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

START, END = dt.date(2027, 1, 1), dt.date(2027, 12, 31)
METRICS = [
    "qualified leads",
    "pipeline",
    "revenue",
    "churn rate",
    "impressions",
    "likes",
    "page views",
    "aided brand recall",
    "inbound calls",
]
STAGES = ["awareness", "education", "conversion", "retention", "reach", "engage"]
PEOPLE = ["Dana Lee", "Sam Ortega", "TBD"]

Spec = dict[str, Any]


# --------------------------------------------------------------------- generation


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


dates = st.dates(min_value=dt.date(2026, 10, 1), max_value=dt.date(2028, 3, 31))
kpis = st.fixed_dictionaries(
    {
        "metric": st.sampled_from(METRICS),
        "target": maybe(st.integers(0, 1000)),
        "baseline": maybe(st.integers(0, 1000)),
        "deadline": maybe(dates),
    }
)


@st.composite
def specs(draw: Any) -> Spec:
    n_g = draw(st.integers(0, 3))
    n_o = draw(st.integers(0, 4))
    n_t = draw(st.integers(0, 5))
    n_s = draw(st.integers(0, 3))
    goal_ids = [f"g{i}" for i in range(n_g)]
    obj_ids = [f"o{i}" for i in range(n_o)]
    seg_ids = [f"s{i}" for i in range(n_s)]
    # Links may also name what does not exist, or the wrong level of item.
    goal_refs = st.sampled_from([*goal_ids, "g-missing", *obj_ids[:1]])
    obj_refs = st.sampled_from([*obj_ids, "o-missing", *goal_ids[:1]])
    parent_refs = st.sampled_from([*obj_ids, "o-missing"])
    seg_refs = st.sampled_from([*seg_ids, "s-missing", "everyone"])
    spec: Spec = {
        "plan": draw(plan_blocks()),
        "segments": [{"id": s, "voc": draw(st.booleans())} for s in seg_ids],
        "goals": [{"id": g, "owner": draw(maybe(st.sampled_from(PEOPLE)))} for g in goal_ids],
        "objectives": [
            {
                "id": o,
                "goals": draw(st.lists(goal_refs, max_size=2, unique=True)),
                "parents": draw(st.lists(parent_refs, max_size=2, unique=True)) if n_o else [],
                "owner": draw(maybe(st.sampled_from(PEOPLE))),
                "kpis": draw(st.lists(kpis, max_size=2)),
            }
            for o in obj_ids
        ],
        "tactics": [
            {
                "id": f"t{i}",
                "objectives": draw(st.lists(obj_refs, max_size=2, unique=True)),
                "owner": draw(maybe(st.sampled_from(PEOPLE))),
                "stage": draw(maybe(st.sampled_from(STAGES))),
                "segment": draw(st.lists(seg_refs, max_size=2, unique=True)),
                "budget": draw(maybe(st.integers(0, 50_000))),
                "start": draw(maybe(dates)),
                "end": draw(maybe(dates)),
                "kpis": draw(st.lists(kpis, max_size=2)),
            }
            for i in range(n_t)
        ],
    }
    return spec


@st.composite
def plan_blocks(draw: Any) -> dict[str, Any]:
    block: dict[str, Any] = {"name": "Generated plan"}
    if draw(st.booleans()):
        block["review_cadence"] = draw(st.sampled_from(["monthly", "quarterly"]))
    # A valid period, one that ends before it starts (RA306), or only a start.
    period = draw(st.sampled_from(["none", "valid", "valid", "reversed", "start-only"]))
    if period == "valid":
        block["period"] = {"start": START, "end": END}
    elif period == "reversed":
        block["period"] = {"start": END, "end": START}
    elif period == "start-only":
        block["period"] = {"start": START}
    if draw(st.booleans()):
        block["budget"] = draw(st.integers(0, 300_000))
    block["stakeholders"] = draw(
        st.lists(
            st.sampled_from(["marketing", "sales", "finance", "brand"]), max_size=3, unique=True
        )
    )
    return block


@st.composite
def complete_specs(draw: Any) -> Spec:
    """Plans that do everything right: every criterion of the model is met."""
    n_g = draw(st.integers(1, 3))
    n_o = draw(st.integers(n_g, 5))
    n_t = draw(st.integers(4, 8))
    n_s = draw(st.integers(1, 3))
    goal_ids = [f"g{i}" for i in range(n_g)]
    obj_ids = [f"o{i}" for i in range(n_o)]
    seg_ids = [f"s{i}" for i in range(n_s)]
    full_kpi = st.fixed_dictionaries(
        {
            "metric": st.sampled_from(["qualified leads", "pipeline", "revenue"]),
            "target": st.integers(501, 1000),
            "baseline": st.integers(0, 500),
            "deadline": st.dates(min_value=START, max_value=END),
        }
    )
    stages = ["awareness", "education", "conversion", "retention"]
    return {
        "plan": {
            "name": "Complete plan",
            "review_cadence": "monthly",
            "period": {"start": START, "end": END},
            "budget": 1_000_000,
            "stakeholders": ["marketing", draw(st.sampled_from(["sales", "finance"]))],
        },
        "segments": [{"id": s, "voc": True} for s in seg_ids],
        "goals": [{"id": g, "owner": "Dana Lee"} for g in goal_ids],
        "objectives": [
            {
                "id": o,
                "goals": [goal_ids[i % n_g]],
                "parents": [],
                "owner": "Sam Ortega",
                "kpis": [draw(full_kpi)],
            }
            for i, o in enumerate(obj_ids)
        ],
        "tactics": [
            {
                "id": f"t{i}",
                "objectives": [draw(st.sampled_from(obj_ids))],
                "owner": "Dana Lee",
                "stage": stages[i] if i < 4 else draw(st.sampled_from(stages)),
                "segment": [draw(st.sampled_from(seg_ids))],
                "budget": draw(st.integers(0, 100_000)),
                "start": START,
                "end": END,
                "kpis": [draw(full_kpi)],
            }
            for i in range(n_t)
        ],
    }


# ----------------------------------------------------------------------- writing


def _kpi(k: dict[str, Any]) -> dict[str, Any]:
    return {key: v for key, v in k.items() if v is not None}


def _objective(o: dict[str, Any], *, with_goals: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"id": o["id"]}
    if with_goals and o["goals"]:
        out["goals"] = list(o["goals"])
    if o["parents"]:
        out["parents"] = list(o["parents"])
    if o["owner"]:
        out["owner"] = o["owner"]
    if o["kpis"]:
        out["kpis"] = [_kpi(k) for k in o["kpis"]]
    return out


def _tactic(t: dict[str, Any], *, with_objectives: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"id": t["id"]}
    if with_objectives and t["objectives"]:
        out["objectives"] = list(t["objectives"])
    for key in ("owner", "stage", "budget", "start", "end"):
        if t[key] is not None:
            out[key] = t[key]
    if t["segment"]:
        out["segment"] = list(t["segment"])
    if t["kpis"]:
        out["kpis"] = [_kpi(k) for k in t["kpis"]]
    return out


def _segment(s: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s["id"]}
    if s["voc"]:
        out["voice_of_customer"] = [f"Interview with a customer of {s['id']}"]
    return out


def flat_yaml(spec: Spec) -> str:
    doc: dict[str, Any] = {"plan": spec["plan"]}
    if spec["segments"]:
        doc["segments"] = [_segment(s) for s in spec["segments"]]
    if spec["goals"]:
        doc["goals"] = [{k: v for k, v in g.items() if v is not None} for g in spec["goals"]]
    if spec["objectives"]:
        doc["objectives"] = [_objective(o) for o in spec["objectives"]]
    if spec["tactics"]:
        doc["tactics"] = [_tactic(t) for t in spec["tactics"]]
    return yaml.safe_dump(doc, sort_keys=False)


def nested_yaml(spec: Spec) -> str:
    """The same plan, with every item that has exactly one valid parent link written
    inside that parent instead."""
    goal_ids = {g["id"] for g in spec["goals"]}
    obj_ids = {o["id"] for o in spec["objectives"]}
    nested_obj = {
        o["id"]: o["goals"][0]
        for o in spec["objectives"]
        if len(o["goals"]) == 1 and o["goals"][0] in goal_ids
    }
    nested_tac = {
        t["id"]: t["objectives"][0]
        for t in spec["tactics"]
        if len(t["objectives"]) == 1 and t["objectives"][0] in obj_ids
    }

    def objective(o: dict[str, Any]) -> dict[str, Any]:
        out = _objective(o, with_goals=o["id"] not in nested_obj)
        children = [
            _tactic(t, with_objectives=False)
            for t in spec["tactics"]
            if nested_tac.get(t["id"]) == o["id"]
        ]
        if children:
            out["tactics"] = children
        return out

    doc: dict[str, Any] = {"plan": spec["plan"]}
    if spec["segments"]:
        doc["segments"] = [_segment(s) for s in spec["segments"]]
    if spec["goals"]:
        doc["goals"] = []
        for g in spec["goals"]:
            out = {k: v for k, v in g.items() if v is not None}
            children = [
                objective(o) for o in spec["objectives"] if nested_obj.get(o["id"]) == g["id"]
            ]
            if children:
                out["objectives"] = children
            doc["goals"].append(out)
    flat_objs = [objective(o) for o in spec["objectives"] if o["id"] not in nested_obj]
    if flat_objs:
        doc["objectives"] = flat_objs
    flat_tactics = [_tactic(t) for t in spec["tactics"] if t["id"] not in nested_tac]
    if flat_tactics:
        doc["tactics"] = flat_tactics
    return yaml.safe_dump(doc, sort_keys=False)


def scores(text: str) -> tuple[int, ...]:
    """(total, process, accountability, market, execution)."""
    result = audit_text(text, "generated.yaml")
    assert result.score is not None, [f.message for f in result.findings]
    return (result.score.total, *(q.score for q in result.score.questions))


def never_higher(after: tuple[int, ...], before: tuple[int, ...]) -> bool:
    return all(a <= b for a, b in zip(after, before, strict=True))


# --------------------------------------------------------------------- properties


@SETTINGS
@given(complete_specs(), st.booleans())
def test_a_complete_fully_linked_plan_scores_at_least_90(spec, nested):
    text = nested_yaml(spec) if nested else flat_yaml(spec)
    total = scores(text)[0]
    assert total >= 90, text


@SETTINGS
@given(plan_blocks())
def test_a_bare_plan_scores_low(block):
    result = audit_text(yaml.safe_dump({"plan": block}, sort_keys=False), "bare.yaml")
    assert result.score.total <= 20
    assert all(q.answer == "no" for q in result.score.questions)


def test_the_barest_plan_of_all():
    # Nothing is met vacuously: no tactics and no links earn nothing.
    assert scores("plan:\n  name: Bare\n")[0] == 0


@SETTINGS
@given(specs(), st.data())
def test_adding_an_orphan_tactic_never_raises_the_score(spec, data):
    before = scores(flat_yaml(spec))
    orphan_objectives = [o["id"] for o in spec["objectives"] if not o["goals"] and not o["parents"]]
    link = data.draw(st.sampled_from([[], ["o-nowhere"], *[[o] for o in orphan_objectives]]))
    orphan = {
        "id": "t-random-act",
        "objectives": link,
        "owner": data.draw(maybe(st.sampled_from(PEOPLE))),
        "stage": data.draw(maybe(st.sampled_from(STAGES))),
        "segment": data.draw(
            st.lists(
                st.sampled_from([s["id"] for s in spec["segments"]] or ["everyone"]), max_size=1
            )
        ),
        "budget": data.draw(maybe(st.integers(0, 90_000))),
        "start": START,
        "end": END,
        "kpis": data.draw(st.lists(kpis, max_size=2)),
    }
    grown = copy.deepcopy(spec)
    grown["tactics"].insert(data.draw(st.integers(0, len(spec["tactics"]))), orphan)
    after = scores(flat_yaml(grown))
    assert never_higher(after, before), (before, after)


@SETTINGS
@given(specs(), st.data())
def test_adding_an_orphan_objective_never_raises_the_score(spec, data):
    """An idle objective that traces to no goal, however complete its KPIs (an outcome
    with target, baseline and deadline) and however well owned, earns nothing."""
    before = scores(flat_yaml(spec))
    graph = audit_text(flat_yaml(spec), "spec.yaml").graph
    orphans = [o["id"] for o in spec["objectives"] if o["id"] not in graph.traceable]
    full = {"metric": "revenue", "target": 900, "baseline": 100, "deadline": END}
    orphan = {
        "id": "o-idle-extra",
        "goals": data.draw(st.sampled_from([[], ["g-missing"]])),
        "parents": data.draw(st.sampled_from([[], ["o-missing"], *[[o] for o in orphans]])),
        "owner": data.draw(maybe(st.sampled_from(PEOPLE))),
        "kpis": data.draw(st.lists(st.one_of(st.just(full), kpis), max_size=3)),
    }
    grown = copy.deepcopy(spec)
    grown["objectives"].insert(data.draw(st.integers(0, len(spec["objectives"]))), orphan)
    after = scores(flat_yaml(grown))
    assert never_higher(after, before), (before, after)


def _fixes(spec: Spec) -> list[tuple[str, Spec]]:
    """Every single fix of a finding the plan has, each applied to a copy."""
    out: list[tuple[str, Spec]] = []

    def fixed(what: str, change: Any) -> None:
        new = copy.deepcopy(spec)
        change(new)
        out.append((what, new))

    for kind in ("goals", "objectives", "tactics"):
        for i, item in enumerate(spec[kind]):
            if item.get("owner") in (None, "TBD"):
                fixed(
                    f"owner of {item['id']}",
                    lambda s, kind=kind, i=i: s[kind][i].__setitem__("owner", "Ann Fix"),
                )
    # A missing target, baseline or deadline added to any KPI; a target on an outcome
    # KPI (revenue, pipeline, ...) is among them.
    for kind in ("objectives", "tactics"):
        for i, item in enumerate(spec[kind]):
            for j, kpi in enumerate(item["kpis"]):
                for key, value in (("target", 2000), ("baseline", 1), ("deadline", END)):
                    if kpi[key] is None:
                        fixed(
                            f"{key} of a KPI of {item['id']}",
                            lambda s, kind=kind, i=i, j=j, key=key, value=value: s[kind][i]["kpis"][
                                j
                            ].__setitem__(key, value),
                        )
    result = audit_text(flat_yaml(spec), "spec.yaml")
    graph = result.graph
    traced = [o["id"] for o in spec["objectives"] if o["id"] in graph.traceable]
    for i, t in enumerate(spec["tactics"]):
        if t["id"] not in graph.traceable and traced:
            fixed(
                f"link {t['id']} to {traced[0]}",
                lambda s, i=i: s["tactics"][i].__setitem__("objectives", [traced[0]]),
            )
    goal_ids = [g["id"] for g in spec["goals"]]
    for i, o in enumerate(spec["objectives"]):
        if o["id"] not in graph.traceable and goal_ids:
            fixed(
                f"link orphan objective {o['id']} to {goal_ids[0]}",
                lambda s, i=i: s["objectives"][i].__setitem__("goals", [goal_ids[0]]),
            )
    # Budget an orphan with no budget (RA311), within what the plan budget has left.
    plan_budget = spec["plan"].get("budget")
    spend = sum(t["budget"] or 0 for t in spec["tactics"])
    amount = 5000 if plan_budget is None else max(0, min(5000, plan_budget - spend))
    for i, t in enumerate(spec["tactics"]):
        if t["id"] not in graph.traceable and t["budget"] is None:
            fixed(
                f"budget orphan {t['id']} at {amount}",
                lambda s, i=i: s["tactics"][i].__setitem__("budget", amount),
            )
    if plan_budget is not None and spend > plan_budget:  # RA305: raise the plan budget
        fixed(
            "plan budget raised to the tactic budgets",
            lambda s: s["plan"].__setitem__("budget", spend),
        )
    period = spec["plan"].get("period")
    if period != {"start": START, "end": END}:  # RA306, or a period without an end
        fixed(
            "valid plan period",
            lambda s: s["plan"].__setitem__("period", {"start": START, "end": END}),
        )
    known = {g["id"] for g in spec["goals"]} | {o["id"] for o in spec["objectives"]}
    for kind, field in (
        ("objectives", "goals"),
        ("objectives", "parents"),
        ("tactics", "objectives"),
    ):
        for i, item in enumerate(spec[kind]):
            for ref in item[field]:
                if ref not in known:
                    fixed(
                        f"remove dangling {ref} from {item['id']}",
                        lambda s, kind=kind, i=i, field=field, ref=ref: s[kind][i][field].remove(
                            ref
                        ),
                    )
    return out


@SETTINGS
@given(specs())
def test_fixing_a_finding_never_lowers_the_score(spec):
    before = scores(flat_yaml(spec))
    fixes = _fixes(spec)
    assume(fixes)
    for what, fixed in fixes:
        after = scores(flat_yaml(fixed))
        assert all(a >= b for a, b in zip(after, before, strict=True)), (what, before, after)


@SETTINGS
@given(specs(), st.randoms(use_true_random=False))
def test_the_score_does_not_depend_on_item_order(spec, rnd):
    shuffled = copy.deepcopy(spec)
    for key in ("segments", "goals", "objectives", "tactics"):
        rnd.shuffle(shuffled[key])
    for item in (*shuffled["objectives"], *shuffled["tactics"]):
        rnd.shuffle(item["kpis"])
        rnd.shuffle(item["goals" if "goals" in item else "objectives"])
    assert scores(flat_yaml(shuffled)) == scores(flat_yaml(spec))


@SETTINGS
@given(specs())
def test_the_score_does_not_depend_on_nested_or_flat_form(spec):
    flat, nested = flat_yaml(spec), nested_yaml(spec)
    assert scores(nested) == scores(flat), (flat, nested)


CAP_CODES = sorted({code for codes in CAPPED_BY.values() for code in codes})


@SETTINGS
@given(
    specs(),
    st.lists(st.sampled_from(CAP_CODES), max_size=4, unique=True),
    st.lists(st.sampled_from(CAP_CODES), max_size=4, unique=True),
)
def test_no_question_is_answered_yes_while_an_error_about_it_stands(spec, raised, suppressed):
    """score.CAPPED_BY ties answers to findings: an error finding of a question's rules
    makes it NO; a finding a suppression accepted caps nothing. Some warnings are
    raised to errors by configuration, some codes suppressed for the whole file."""
    header = f"# ramaudit: ignore-file[{', '.join(suppressed)}] accepted\n" if suppressed else ""
    config = Config(severity={code: Severity.ERROR for code in raised})
    result = audit_text(header + flat_yaml(spec), "generated.yaml", config)
    assert result.score is not None
    for q in result.score.questions:
        errors = [
            f
            for f in result.findings
            if f.severity is Severity.ERROR and f.code in CAPPED_BY[q.key]
        ]
        assert not any(f.code in suppressed for f in errors)
        if errors:
            assert q.answer == "no" and q.score < YES_AT, (q.key, q.score, errors)
            assert q.evidence[0].startswith("NO: ")
        else:
            assert q.score == q.earned and q.answer == ("yes" if q.earned >= YES_AT else "no")
    assert result.score.total == sum(q.score for q in result.score.questions)


def test_the_writers_really_nest():
    spec = {
        "plan": {"name": "P"},
        "segments": [],
        "goals": [{"id": "g0", "owner": None}],
        "objectives": [{"id": "o0", "goals": ["g0"], "parents": [], "owner": None, "kpis": []}],
        "tactics": [
            {
                "id": "t0",
                "objectives": ["o0"],
                "owner": None,
                "stage": None,
                "segment": [],
                "budget": None,
                "start": None,
                "end": None,
                "kpis": [],
            }
        ],
    }
    nested = yaml.safe_load(nested_yaml(spec))
    assert nested["goals"][0]["objectives"][0]["tactics"][0]["id"] == "t0"
    assert "objectives" not in nested and "tactics" not in nested
    assert scores(nested_yaml(spec)) == scores(flat_yaml(spec))


# ------------------------------------------------------------- examples from review

BASE = """\
plan:
  name: P
  owner: A
  period: {start: 2027-01-01, end: 2027-12-31}
  review_cadence: monthly
  stakeholders: [sales]
segments: [{id: s1, name: CFOs, voice_of_customer: [x]}]
goals: [{id: g1, name: G, owner: A}]
objectives:
  - id: o1
    goals: g1
    owner: A
    kpis: [{metric: impressions, target: 10}]
tactics:
  - {id: t1, objectives: o1, owner: A, segment: s1, stage: awareness, start: 2027-01-01,
     end: 2027-02-01, kpis: [{metric: SQLs, target: 3}]}
"""


def criterion(text: str, key: str, config: Config | None = None) -> Any:
    result = audit_text(text, "plan.yaml", config or Config())
    return next(c for q in result.score.questions for c in q.criteria if c.key == key)


def test_idle_orphan_objectives_with_outcome_kpis_earn_nothing():
    fakes = "".join(
        f"  - id: o-fake{i}\n    owner: A\n"
        "    kpis: [{metric: revenue, target: 10, baseline: 5, deadline: 2027-06-01}]\n"
        for i in range(3)
    )
    gamed = BASE.replace("tactics:\n", fakes + "tactics:\n")
    before, after = scores(BASE), scores(gamed)
    assert never_higher(after, before), (before, after)
    assert after[3] == before[3]  # market-driven: an orphan's outcome KPI counts for nothing
    assert criterion(gamed, "outcome-objective").fraction == 0


def test_an_outcome_kpi_counts_only_with_a_target():
    untargeted = BASE.replace(
        "[{metric: impressions, target: 10}]",
        "[{metric: impressions, target: 10}, {metric: revenue}]",
    )
    targeted = untargeted.replace("{metric: revenue}", "{metric: revenue, target: 500}")
    assert scores(untargeted) == scores(BASE)
    assert scores(targeted)[0] > scores(untargeted)[0]
    assert criterion(targeted, "outcome-objective").fraction == 1
    assert criterion(targeted, "outcome-measures").fraction == 1


def test_a_target_that_does_not_improve_on_its_baseline_earns_no_smart_credit():
    # Every objective KPI "complete" but planned to stand still (RA208) was 100/100.
    text = """
plan: {name: P}
goals: [{id: g, owner: A}]
objectives:
  - id: o
    goals: g
    owner: A
    kpis:
      - {metric: revenue, target: 500, baseline: 500, deadline: 2027-06-01}
      - {metric: churn rate, target: 9, baseline: 6, deadline: 2027-06-01}
"""
    smart = criterion(text, "smart-kpis")
    assert smart.fraction == pytest.approx(2 / 3)
    assert "o (2 of 3 parts)" in smart.evidence
    assert [f.code for f in audit_text(text, "plan.yaml").findings].count("RA208") == 2
    improved = text.replace("target: 500", "target: 600")
    assert criterion(improved, "smart-kpis").fraction == 1


def test_an_overspent_plan_with_a_reversed_period_loses_process_points():
    text = BASE.replace(
        "period: {start: 2027-01-01, end: 2027-12-31}",
        "period: {start: 2027-01-01, end: 2026-01-01}\n  budget: 1000",
    ).replace("stage: awareness,", "stage: awareness, budget: 380000,")
    result = audit_text(text, "plan.yaml")
    assert {"RA305", "RA306"} <= {f.code for f in result.findings}
    period = criterion(text, "plan-period")
    assert period.fraction == 0 and "ends (2026-01-01) before it starts" in period.evidence
    fits = criterion(text, "budget-fits")
    assert fits.fraction == pytest.approx(1000 / 380000)
    assert "379,000 more than the plan budget of 1,000 USD" in fits.evidence
    assert result.score.questions[0].answer == "no"
    within = text.replace("budget: 1000", "budget: 400000")
    assert criterion(within, "budget-fits").fraction == 1
    assert scores(within)[0] > scores(text)[0]


def test_budget_overrun_tolerance_is_the_rules():
    text = BASE.replace("review_cadence", "budget: 1000\n  review_cadence").replace(
        "stage: awareness,", "stage: awareness, budget: 1100,"
    )
    assert criterion(text, "budget-fits").fraction == pytest.approx(1000 / 1100)
    lenient = Config(rule_options={"RA305": {"tolerance": 0.2}})
    assert criterion(text, "budget-fits", lenient).fraction == 1


def test_an_orphan_without_budget_hides_no_spend():
    text = (
        BASE.replace("review_cadence", "budget: 100000\n  review_cadence").replace(
            "stage: awareness,", "stage: awareness, budget: 10000,"
        )
        + "  - {id: t-billboard, owner: A, segment: s1, stage: awareness}\n"
    )
    hidden = criterion(text, "budget-traceable")
    assert hidden.fraction == 0 and hidden.gaps == ("t-billboard",)
    assert "t-billboard traces to no goal and has no budget" in hidden.evidence
    budgeted = text.replace("stage: awareness}", "stage: awareness, budget: 90000}")
    assert criterion(budgeted, "budget-traceable").fraction == pytest.approx(0.1)
    assert never_higher(scores(text), scores(budgeted))
    linked = budgeted.replace("{id: t-billboard,", "{id: t-billboard, objectives: o1,")
    assert criterion(linked, "budget-traceable").fraction == 1


def test_funnel_coverage_uses_the_configured_stages():
    awareness_only = Config(rule_options={"RA303": {"stages": ("awareness",)}})
    result = audit_text(BASE, "plan.yaml", awareness_only)
    assert not [f for f in result.findings if f.code == "RA303"]
    funnel = criterion(BASE, "funnel-coverage", awareness_only)
    assert funnel.fraction == 1 and funnel.gaps == ()
    assert criterion(BASE, "funnel-coverage").fraction == 0.25
    nothing_required = Config(rule_options={"RA303": {"stages": ()}})
    assert criterion(BASE, "funnel-coverage", nothing_required).fraction == 1
    assert criterion("plan: {name: P}\n", "funnel-coverage", nothing_required).fraction == 0


def test_voice_of_customer_uses_the_configured_minimum():
    two = Config(rule_options={"RA309": {"min_evidence": 2}})
    assert criterion(BASE, "voice-of-customer").fraction == 1
    assert criterion(BASE, "voice-of-customer", two).fraction == 0


def test_the_score_needs_no_configuration():
    # Callers from before the options were read still get a score, with rule defaults.
    from ramaudit.core.vocabulary import DEFAULT
    from ramaudit.score import compute_score

    result = audit_text(BASE, "plan.yaml")
    assert compute_score(result.plan, result.graph, DEFAULT).total == result.score.total


@pytest.mark.parametrize(
    "text",
    ["", "# only a comment\n", "42\n", "just text\n", "- a\n- b\n", "goals: [{id: g}]\n"],
    ids=["empty", "comment", "number", "text", "list", "no-plan-block"],
)
def test_a_file_that_is_not_a_plan_gets_no_score(text):
    result = audit_text(text, "x.yaml")
    assert result.score is None and result.ram_spend is None
    assert result.findings  # the reason is a finding
    doc = json.loads(render("json", [result]))
    assert doc["files"][0]["score"] is None and doc["files"][0]["ram_spend"] is None
    assert "Marketing fitness" not in render("text", [result], RenderOptions(color=False))
    for report in (markdown.render, html.render):
        page = report([result, audit_text(BASE, "p.yaml")])
        assert "not scored" in page
        assert "Not scored: the file is not valid YAML or not a plan" in page


def test_links_earn_points_only_once_something_traces_to_a_goal():
    assert criterion("plan: {name: P}\ngoals: [{id: g}]\n", "clean-links").fraction == 0
    # A link among orphans is no path to a goal: still nothing.
    among_orphans = "plan: {name: P}\nobjectives: [{id: o}]\ntactics: [{id: t, objectives: o}]\n"
    assert criterion(among_orphans, "clean-links").fraction == 0
    assert criterion(BASE, "clean-links").fraction == 1
    nested = (
        "plan: {name: P}\ngoals:\n  - id: g\n    objectives:\n      - id: o\n"
        "        tactics: [{id: t}]\n"
    )
    assert criterion(nested, "clean-links").fraction == 1  # nesting links too


# ------------------------------------------------- full marks mean nothing is wrong

# Values of the wrong type for some field or other: each makes an RA002 error about the
# field it replaces (text where a number goes, a mapping where text goes, ...).
WRONG = ["60k", {"a": 1}, [[1]], True, "2027-02-30"]


def _fields(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every key of every mapping in ``doc``."""
    out: list[tuple[Any, ...]] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.append((*path, k))
            out += _fields(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _fields(v, (*path, i))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


def _short_and_full(result: Any) -> None:
    """No question shows its full mark while a criterion of it falls short, and the
    total is 100 only when every criterion is met."""
    for q in result.score.questions:
        if any(c.fraction < 1 for c in q.criteria):
            assert q.score < q.max and q.earned < q.max, (q.key, [c.fraction for c in q.criteria])
    if result.score.total == 100:
        assert all(c.fraction >= 1 for q in result.score.questions for c in q.criteria)


@SETTINGS
@given(complete_specs(), st.data())
def test_a_plan_with_an_error_never_scores_100(spec, data):
    """A complete plan scores (near) 100; one field of the wrong type, or one key
    written twice, is an error that takes the full mark away, holds the questions that
    read the field at NO, and no question shows its full mark while short."""
    doc = yaml.safe_load(flat_yaml(spec))
    paths = [p for p in _fields(doc) if p[-1] != "id" and p != ("plan",)]
    path = data.draw(st.sampled_from(paths))
    if data.draw(st.booleans()):
        _set(doc, path, data.draw(st.sampled_from(WRONG)))
        text = yaml.safe_dump(doc, sort_keys=False)
    else:  # the same key written twice in its mapping (RA003)
        lines = yaml.safe_dump(doc, sort_keys=False).splitlines()
        keyed = [i for i, line in enumerate(lines) if ": " in line and "- " not in line]
        i = data.draw(st.sampled_from(keyed))
        text = "\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]]) + "\n"
    result = audit_text(text, "broken.yaml")
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if result.score is None:
        return  # a whole item written wrongly is not read: no score at all
    _short_and_full(result)
    if errors:
        assert result.score.total < 100, [f.message for f in errors]
    for f in errors:
        if f.code in CAPPED_BY_FIELD:
            for key in questions_about(f.pointer):
                (q,) = [q for q in result.score.questions if q.key == key]
                assert q.answer == "no" and q.score < YES_AT, (key, f.message)


@SETTINGS
@given(st.one_of(specs(), complete_specs()), st.data())
def test_no_question_shows_its_full_mark_while_a_criterion_falls_short(spec, data):
    """A complete plan with one thing left out of one tactic falls short by half a
    point or so, which rounded half up would still show the full mark."""
    if spec["tactics"] and data.draw(st.booleans()):
        tactic = data.draw(st.sampled_from(spec["tactics"]))
        key = data.draw(st.sampled_from(["owner", "start", "end", "budget", "stage"]))
        tactic[key] = None
    _short_and_full(audit_text(flat_yaml(spec), "generated.yaml"))


@SETTINGS
@given(complete_specs())
def test_a_plan_that_meets_every_criterion_scores_100(spec):
    # The other side of the floor: it takes nothing away from a plan that is complete.
    result = audit_text(flat_yaml(spec), "complete.yaml")
    assert not [f for f in result.findings if f.severity is Severity.ERROR]
    assert all(c.fraction >= 1 for q in result.score.questions for c in q.criteria)
    assert result.score.total == 100
