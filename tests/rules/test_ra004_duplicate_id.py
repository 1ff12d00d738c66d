"""RA004 duplicate-id: ids are one namespace across goals, objectives, tactics, segments."""

from conftest import findings, positions


def test_second_item_with_an_id_is_reported_at_its_id():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-growth
      - id: g-growth
    """
    (f,) = findings(text, "RA004")
    assert (f.line, f.column) == (5, 9)
    assert "line 4" in f.message


def test_ids_clash_across_kinds_and_nesting():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
        objectives:
          - id: shared
    tactics:
      - id: shared
    """
    (f,) = findings(text, "RA004")
    assert (f.line, f.column) == (8, 9)
    assert "objective" in f.message and "tactic" in f.message


def test_distinct_ids_stay_quiet():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-growth
      - id: g-retention
    """
    assert positions(text, "RA004") == []
