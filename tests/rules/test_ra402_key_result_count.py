"""RA402 key-result-count: more key results (KPIs and milestones) than the limit, at
the first over it; fewer than the minimum, at the objective's id; none is RA201's."""

from conftest import findings, positions
from ramaudit.config.effective import Config


def _objective(kpis: int, extra: str = "") -> str:
    rows = "".join(f"      - {{metric: qualified leads {i}, target: 10}}\n" for i in range(kpis))
    kpi_block = f"    kpis:\n{rows}" if kpis else ""
    return f"version: 2\nplan:\n  name: Plan\nobjectives:\n  - id: o-a\n{kpi_block}{extra}"


def test_a_sixth_kpi_is_reported_at_its_metric():
    found = findings(_objective(6), "RA402")
    assert [(f.line, f.column) for f in found] == [(12, 18)]
    assert found[0].severity.value == "warning"
    assert "objective 'o-a' has 6 key results" in found[0].message
    assert found[0].item == "o-a"


def test_milestones_count_as_key_results_nested_or_linked():
    nested = "    milestones:\n      - {id: m-1, due: 2027-03-31}\n"
    linked = "milestones:\n  - {id: m-2, objectives: o-a}\n"
    found = findings(_objective(4, nested + linked), "RA402")
    # Four KPIs and two milestones: the sixth key result is the linked milestone.
    assert [(f.line, f.column) for f in found] == [(14, 10)]
    assert "6 key results" in found[0].message
    assert positions(_objective(4, nested), "RA402") == []


def test_five_key_results_stay_quiet_and_none_is_left_to_ra201():
    assert positions(_objective(5), "RA402") == []
    assert positions(_objective(1), "RA402") == []
    assert positions(_objective(0), "RA402") == []
    assert [f.code for f in findings(_objective(0), "RA201")] == ["RA201"]


def test_a_minimum_above_one_reports_too_few_at_the_objective_id():
    config = Config(rule_options={"RA402": {"min_key_results": 3}})
    found = findings(_objective(2), "RA402", config)
    assert [(f.line, f.column) for f in found] == [(5, 9)]
    assert "has 2 key results, fewer than 3" in found[0].message
    assert findings(_objective(3), "RA402", config) == []
    assert findings(_objective(0), "RA402", config) == []


def test_the_maximum_is_an_option():
    config = Config(rule_options={"RA402": {"max_key_results": 2}})
    found = findings(_objective(3), "RA402", config)
    assert [(f.line, f.column) for f in found] == [(9, 18)]


def test_a_version_1_plan_is_judged_only_when_the_rule_is_selected_by_code():
    v1 = _objective(6).removeprefix("version: 2\n")
    assert positions(v1, "RA402") == []
    found = findings(v1, "RA402", Config(select=("key-result-count",)))
    assert [(f.line, f.column) for f in found] == [(11, 18)]
    assert findings(v1, "RA402", Config(select=("RA4",))) == []
