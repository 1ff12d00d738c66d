"""RA404 milestone-only-objective: an objective with milestones and no KPI, reported
at its id."""

from conftest import findings, positions
from ramaudit.config.effective import Config

HEAD = "version: 2\nplan:\n  name: Plan\nobjectives:\n  - id: o-site\n"
NESTED = "    milestones:\n      - {id: m-live, name: New website live}\n"
LINKED = "milestones:\n  - {id: m-brochure, objectives: [o-other, o-site]}\n"


def test_an_objective_with_only_nested_milestones_is_reported_at_its_id():
    found = findings(HEAD + NESTED, "RA404")
    assert [(f.line, f.column) for f in found] == [(5, 9)]
    assert found[0].severity.value == "info"
    assert found[0].item == "o-site"
    assert "objective 'o-site' is measured only by 1 milestone ('m-live')" in found[0].message
    assert "add a key result with a number" in found[0].message


def test_milestones_that_name_the_objective_count_too():
    found = findings(HEAD + NESTED + LINKED, "RA404")
    assert [(f.line, f.column) for f in found] == [(5, 9)]
    assert "2 milestones ('m-live', 'm-brochure')" in found[0].message
    assert positions(HEAD + LINKED, "RA404") == [(5, 9)]


def test_an_objective_with_a_kpi_or_without_milestones_stays_quiet():
    kpi = "    kpis:\n      - {metric: demo requests, target: 90}\n"
    assert positions(HEAD + kpi + NESTED, "RA404") == []
    assert positions(HEAD + kpi + LINKED, "RA404") == []
    # No key result at all is RA201's to report.
    assert positions(HEAD, "RA404") == []
    other = "  - id: o-other\n" + NESTED
    assert positions(
        HEAD + "    kpis: [{metric: demo requests, target: 9}]\n" + other, "RA404"
    ) == [(7, 9)]


def test_a_version_1_plan_is_judged_only_when_the_rule_is_selected_by_code():
    # Milestones are a format 2 key, so a plan that writes them without 'version:' is
    # read as format 2; one that says 'version: 1' keeps to the rules of format 1.
    v1 = (HEAD + NESTED).replace("version: 2\n", "version: 1\n", 1)
    assert positions(v1, "RA404") == []
    found = findings(v1, "RA404", Config(select=("milestone-only-objective",)))
    assert [(f.line, f.column) for f in found] == [(5, 9)]
    unversioned = (HEAD + NESTED).removeprefix("version: 2\n")
    assert [(f.line, f.column) for f in findings(unversioned, "RA404")] == [(4, 9)]
    assert findings(v1, "RA404", Config(select=("ALL",))) == []
