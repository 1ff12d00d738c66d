"""RA401 too-many-objectives: more objectives for one owner in one period than the
limit, reported at the first objective over it."""

from conftest import findings, positions
from ramaudit.config.effective import Config


def _objectives(*rows: str) -> str:
    return "version: 2\nplan:\n  name: Plan\nobjectives:\n" + "".join(
        f"  - {row}\n" for row in rows
    )


SIX = _objectives(*(f"{{id: o-{i}, owner: Priya Raman}}" for i in range(6)))


def test_a_sixth_objective_for_one_owner_is_reported_at_its_id():
    found = findings(SIX, "RA401")
    assert [(f.line, f.column) for f in found] == [(10, 10)]
    assert found[0].severity.value == "warning"
    assert found[0].item == "o-5"
    assert "'Priya Raman' owns 6 objectives in the plan period" in found[0].message
    assert "more than 5" in found[0].message


def test_five_objectives_and_other_owners_stay_quiet():
    text = _objectives(
        *(f"{{id: o-{i}, owner: Priya Raman}}" for i in range(5)),
        "{id: o-x, owner: Marcus Lee}",
        "{id: o-y}",
        "{id: o-z, owner: TBD}",
    )
    assert positions(text, "RA401") == []


def test_owners_are_compared_without_case_and_a_shared_owner_counts_for_each():
    text = _objectives(
        *(f"{{id: o-{i}, owner: priya  raman}}" for i in range(4)),
        "{id: o-4, owner: PRIYA RAMAN}",
        "{id: o-5, owner: [Marcus Lee, Priya Raman]}",
    )
    found = findings(text, "RA401")
    assert [(f.line, f.column) for f in found] == [(10, 10)]
    assert "'priya  raman' owns 6" in found[0].message


def _dated(i: int, deadline: str) -> str:
    return (
        f"{{id: o-{i}, owner: Priya, kpis: [{{metric: qualified leads, target: 10, "
        f"deadline: {deadline}}}]}}"
    )


def test_objectives_due_in_different_quarters_count_quarter_by_quarter():
    # Four in Q1 and four in Q2: within the limit in each quarter.
    text = _objectives(
        *(_dated(i, "2027-03-31") for i in range(4)),
        *(_dated(i, "2027-06-30") for i in range(4, 8)),
    )
    assert positions(text, "RA401") == []


def test_an_undated_objective_counts_in_every_quarter():
    text = _objectives(
        *(_dated(i, "2027-03-31") for i in range(4)),
        "{id: o-undated-1, owner: Priya}",
        *(_dated(i, "2027-06-30") for i in range(4, 6)),
        "{id: o-undated-2, owner: Priya}",
    )
    found = findings(text, "RA401")
    # Q1: four dated and two undated; Q2: two dated and two undated.
    assert [(f.line, f.column) for f in found] == [(12, 10)]
    assert found[0].item == "o-undated-2"
    assert "owns 6 objectives in Q1 2027" in found[0].message


def test_the_latest_deadline_of_kpis_and_milestones_gives_the_quarter():
    text = _objectives(
        *(_dated(i, "2027-06-30") for i in range(5)),
        "{id: o-late, owner: Priya, kpis: [{metric: pipeline, deadline: 2027-01-31}]}",
    ) + ("milestones:\n  - {id: m-1, objectives: o-late, due: 2027-05-15}\n")
    found = findings(text, "RA401")
    assert [(f.line, f.column) for f in found] == [(10, 10)]
    assert "in Q2 2027" in found[0].message


def test_the_limit_is_an_option():
    config = Config(rule_options={"RA401": {"max_objectives": 3}})
    found = findings(_objectives(*(f"{{id: o-{i}, owner: Jo}}" for i in range(4))), "RA401", config)
    assert [(f.line, f.column) for f in found] == [(8, 10)]


def test_a_version_1_plan_is_not_judged_unless_the_rule_is_selected_by_code():
    v1 = SIX.removeprefix("version: 2\n")
    assert positions(v1, "RA401") == []
    for select in (("RA401",), ("too-many-objectives",)):
        found = findings(v1, "RA401", Config(select=select))
        assert [(f.line, f.column) for f in found] == [(9, 10)]
    for select in (("RA4",), ("RA40",), ("ALL",), ("RA",)):
        assert findings(v1, "RA401", Config(select=select)) == []


def test_a_deadline_that_names_a_milestone_is_the_milestone_due_day():
    from ramaudit.core.graph import build_graph
    from ramaudit.core.loader import Locator, load
    from ramaudit.core.model import SPELLINGS, build_plan
    from ramaudit.core.vocabulary import DEFAULT
    from ramaudit.rules.base import Context
    from ramaudit.rules.too_many_objectives import objective_quarter

    text = (
        _objectives("{id: o-a, kpis: [{metric: leads, target: 5}]}")
        + "milestones:\n  - {id: m-live, due: 2027-08-01}\n"
    )
    doc = load(text, extension_prefix="x-")
    locator = Locator(doc.root, SPELLINGS)
    plan = build_plan(doc.data, locator, DEFAULT)
    ctx = Context("plan.yaml", locator, plan, build_graph(plan), plan.diagnostics)
    (obj,) = plan.objectives
    due = {m.id: m.due for m in plan.milestones if m.due is not None}
    assert objective_quarter(ctx, obj, due) is None
    # As the walk records a deadline written as a milestone's id.
    obj.kpis[0].deadline_milestone = "m-live"
    assert objective_quarter(ctx, obj, due) == (2027, 3)


def test_a_large_group_is_named_by_its_first_five_ids():
    found = findings(_objectives(*(f"{{id: o-{i}, owner: Jo}}" for i in range(40))), "RA401")
    assert "('o-0', 'o-1', 'o-2', 'o-3', 'o-4' and 35 more)" in found[0].message
