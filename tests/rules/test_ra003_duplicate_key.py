"""RA003 duplicate-key: the second occurrence of a key in one mapping."""

from conftest import findings, positions


def test_second_key_is_reported_at_the_key():
    text = """
    plan:
      name: Spring plan
      owner: Dana
      owner: Lee
    """
    (f,) = findings(text, "RA003")
    assert (f.line, f.column) == (4, 3)
    assert "owner" in f.message


def test_duplicate_kpis_block_in_a_tactic():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        kpis: []
        kpis: []
    """
    assert positions(text, "RA003") == [(6, 5)]


def test_same_key_in_different_mappings_stays_quiet():
    text = """
    plan:
      name: Plan
      owner: Dana
    goals:
      - id: g-a
        owner: Dana
    """
    assert positions(text, "RA003") == []
