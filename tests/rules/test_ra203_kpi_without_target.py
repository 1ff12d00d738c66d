"""RA203 kpi-without-target: reported at the KPI's metric."""

from conftest import findings, positions


def test_kpis_without_target_on_objectives_and_tactics():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - metric: qualified leads
    tactics:
      - id: t-a
        kpis:
          - {metric: likes, unit: likes}
    """
    found = findings(text, "RA203")
    assert [(f.line, f.column) for f in found] == [(6, 17), (10, 18)]
    assert "'qualified leads'" in found[0].message


def test_kpi_with_a_target_stays_quiet():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - metric: qualified leads
            target: 0
    """
    assert positions(text, "RA203") == []
