"""RA202 tactic-without-kpi."""

from conftest import findings, positions


def test_tactic_without_kpi_is_reported_at_its_id():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-newsletter
        name: Monthly newsletter
    """
    (f,) = findings(text, "RA202")
    assert (f.line, f.column) == (4, 9)
    assert f.severity.value == "warning"


def test_nested_tactic_without_kpi():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        tactics:
          - id: t-a
            kpis: []
    """
    assert positions(text, "RA202") == [(6, 13)]


def test_tactic_with_a_kpi_stays_quiet():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        kpis:
          - {metric: sales accepted leads, target: 15}
    """
    assert positions(text, "RA202") == []
