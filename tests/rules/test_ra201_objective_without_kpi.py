"""RA201 objective-without-kpi."""

from conftest import findings, positions


def test_objective_without_kpis_is_reported_at_its_id():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-awareness
        kpis: []
      - id: o-none
    """
    found = findings(text, "RA201")
    assert [(f.line, f.column) for f in found] == [(4, 9), (6, 9)]
    assert found[0].severity.value == "error"


def test_nested_objective_without_kpi():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
        objectives:
          - id: o-a
    """
    assert positions(text, "RA201") == [(6, 13)]


def test_objective_with_a_kpi_stays_quiet():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        kpis:
          - metric: qualified leads
    """
    assert positions(text, "RA201") == []
