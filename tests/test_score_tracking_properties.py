"""Properties of yield and velocity over generated plans with a run recorded.

The plans are those of tests/test_score_properties.py (any plan, and plans that do
everything right, where every key result traces to a goal), given readings (check-ins, or
an ``actual`` with its day) and spend (``spent``, or ``expenses``) on some of their
KPIs and tactics, and read on a fixed day. The properties: a reading that moves a key
result towards its target never lowers the total, the efficient-execution question,
yield or velocity; nor does a first reading of a key result in a plan that already
tracks progress; recording a run never changes what the plan criteria measure; and a
plan that records none scores exactly as the plan criteria alone always scored it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from ramaudit.api import AuditResult, audit_text
from ramaudit.config.effective import Config
from ramaudit.core.graph import build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import SPELLINGS, build_plan
from ramaudit.core.progress import plan_status
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.score import QUESTIONS, ScoreContext, compute_score
from ramaudit.score.fitness import CriterionScore, QuestionScore, Score
from test_score_properties import complete_specs, flat_yaml, specs

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The generated plans run through 2027; read them at the end of June.
AS_OF = dt.date(2027, 6, 30)
CONFIG = Config(as_of=AS_OF)
PLAN_KEYS = {q.key: [c.key for c in q.criteria] for q in QUESTIONS}

Doc = dict[str, Any]

days = st.dates(min_value=dt.date(2026, 12, 1), max_value=dt.date(2027, 9, 30))
values = st.integers(-50, 1200)


@st.composite
def readings(draw: Any) -> dict[str, Any]:
    """What a KPI's run may hold: check-ins, an actual with its day, or nothing."""
    form = draw(st.sampled_from(["none", "checkins", "actual"]))
    if form == "checkins":
        entries = draw(st.lists(st.tuples(days, values), min_size=1, max_size=3))
        return {"checkins": [{"date": d, "value": v} for d, v in entries]}
    if form == "actual":
        return {"actual": draw(values), "as_of": draw(days)}
    return {}


@st.composite
def spending(draw: Any) -> dict[str, Any]:
    """What a tactic's run may hold: spend to date, expenses entry by entry, or none."""
    form = draw(st.sampled_from(["none", "spent", "expenses"]))
    amounts = st.integers(0, 60_000)
    if form == "spent":
        return {"spent": draw(amounts), "as_of": draw(days)}
    if form == "expenses":
        entries = draw(st.lists(st.tuples(days, amounts), min_size=1, max_size=3))
        return {"expenses": [{"date": d, "amount": a} for d, a in entries]}
    return {}


@st.composite
def runs(draw: Any, plan: Doc) -> Doc:
    """``plan`` with a run drawn for its KPIs and tactics."""
    doc = yaml.safe_load(yaml.safe_dump(plan))
    for section in ("objectives", "tactics"):
        for item in doc.get(section) or []:
            for kpi in item.get("kpis") or []:
                kpi.update(draw(readings()))
            if section == "tactics":
                item.update(draw(spending()))
    return doc


def text_of(doc: Doc) -> str:
    return yaml.safe_dump(doc, sort_keys=False)


def audited(doc: Doc) -> AuditResult:
    result = audit_text(text_of(doc), "generated.yaml", CONFIG)
    assert result.score is not None, [f.message for f in result.findings]
    return result


def summary(result: AuditResult) -> tuple[float, ...]:
    """(total, execution, yield, velocity); a criterion that does not apply reads -1."""
    score = result.score
    assert score is not None
    (question,) = [q for q in score.questions if q.key == "execution"]
    by_key = {c.key: c.fraction for c in question.criteria}
    return (score.total, question.score, by_key.get("yield", -1), by_key.get("velocity", -1))


def moved(doc: Doc, share: float, pick: int = 0) -> Doc | None:
    """``doc`` with one key result's latest reading moved ``share`` of the way from its
    baseline to its target further on; None when no key result can move."""
    parsed = load(text_of(doc))
    plan = build_plan(parsed.data, Locator(parsed.root, SPELLINGS), DEFAULT)
    status = plan_status(plan, build_graph(plan), AS_OF)
    movable = [
        kr
        for kr in status.key_results
        if kr.latest is not None and kr.progress is not None and kr.target != kr.baseline
    ]
    if not movable:
        return None
    kr = movable[pick % len(movable)]
    assert kr.latest is not None and kr.target is not None and kr.baseline is not None
    out = yaml.safe_load(yaml.safe_dump(doc))
    *where, last = kr.latest.path
    node: Any = out
    for part in where:
        node = node[part]
    node[last] = kr.latest.value + share * (kr.target - kr.baseline)
    return out


@SETTINGS
@given(
    st.one_of(specs(), complete_specs()),
    st.data(),
    st.sampled_from([0.05, 0.25, 0.5, 1.0, 3.0]),
    st.integers(0, 20),
)
def test_a_reading_nearer_the_target_never_lowers_the_score(spec, data, share, pick):
    before_doc = data.draw(runs(yaml.safe_load(flat_yaml(spec))))
    after_doc = moved(before_doc, share, pick)
    assume(after_doc is not None)
    before, after = summary(audited(before_doc)), summary(audited(after_doc))
    event("yield applies" if before[2] >= 0 else "yield does not apply")
    event("velocity rose" if after[3] > before[3] else "velocity held")
    assert all(a >= b - 1e-9 for a, b in zip(after, before, strict=True)), (before, after)


@SETTINGS
@given(st.one_of(specs(), complete_specs()), st.data())
def test_a_first_reading_never_lowers_the_score_of_a_plan_that_tracks_progress(spec, data):
    doc = data.draw(runs(yaml.safe_load(flat_yaml(spec))))
    kpis = [
        k for s in ("objectives", "tactics") for i in doc.get(s) or [] for k in i.get("kpis", [])
    ]
    unread = [k for k in kpis if "checkins" not in k and "actual" not in k]
    assume(unread and len(unread) < len(kpis))  # some key result already has a reading
    before = summary(audited(doc))
    unread[0]["checkins"] = [{"date": data.draw(days), "value": data.draw(values)}]
    after = summary(audited(doc))
    assert all(a >= b - 1e-9 for a, b in zip(after, before, strict=True)), (before, after)


def _plan_criteria(result: AuditResult) -> dict[str, list[tuple[Any, ...]]]:
    """What each plan criterion measured: fraction, evidence and shortfalls."""
    score = result.score
    assert score is not None
    return {
        q.key: [
            (c.key, c.fraction, c.evidence, c.gaps, c.reasons)
            for c in q.criteria
            if c.key in PLAN_KEYS[q.key]
        ]
        for q in score.questions
    }


@SETTINGS
@given(specs(), st.data())
def test_recording_a_run_never_changes_what_the_plan_criteria_measure(spec, data):
    plan = yaml.safe_load(flat_yaml(spec))
    before, after = audited(plan), audited(data.draw(runs(plan)))
    assert _plan_criteria(after) == _plan_criteria(before)
    # Only the efficient-execution question shares its points with the run.
    assert before.score is not None and after.score is not None
    for q_before, q_after in zip(before.score.questions, after.score.questions, strict=True):
        if q_before.key != "execution":
            assert [c.weight for c in q_after.criteria] == [c.weight for c in q_before.criteria]


def as_always(text: str) -> Score:
    """The score as it was computed before the run was read: each question's declared
    criteria at their declared weights, nothing else."""
    parsed = load(text)
    plan = build_plan(parsed.data, Locator(parsed.root, SPELLINGS), DEFAULT)
    graph = build_graph(plan)
    ctx = ScoreContext.of(plan, graph, DEFAULT, CONFIG)
    return Score(
        tuple(
            QuestionScore(
                q.key,
                q.title,
                tuple(CriterionScore.of(c, c.measure(ctx)) for c in q.criteria),
                q.max,
            )
            for q in QUESTIONS
        )
    )


@SETTINGS
@given(specs())
def test_a_plan_that_records_no_run_scores_as_it_always_did(spec):
    text = flat_yaml(spec)
    parsed = load(text)
    plan = build_plan(parsed.data, Locator(parsed.root, SPELLINGS), DEFAULT)
    score = compute_score(plan, build_graph(plan), DEFAULT, CONFIG)
    assert score.to_dict() == as_always(text).to_dict()
    assert score == as_always(text)
