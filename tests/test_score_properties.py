"""Properties of the fitness score over generated plans.

A plan is generated as a small specification (goals, objectives, tactics, segments and
their links) and written out as YAML, flat or nested. The properties are the score's
design rules: a complete plan scores high, a bare one low, a random act never earns
points, fixing a finding never costs any, and neither item order nor nesting matters.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ramaudit.api import audit_text

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
    if draw(st.booleans()):
        block["period"] = {"start": START, "end": END}
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
    assert scores("plan:\n  name: Bare\n")[0] <= 5


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
