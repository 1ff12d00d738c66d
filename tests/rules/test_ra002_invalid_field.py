"""RA002 invalid-field: unknown keys, wrong types and missing required fields."""

from conftest import findings, positions

PLAN = """
plan:
  name: Plan
  budgt: 100
tactics:
  - id: t-ads
    objectivs: o-x
    budget: lots
  - name: no id
"""


def test_unknown_keys_wrong_types_and_missing_ids_are_each_reported():
    found = findings(PLAN, "RA002")
    assert [(f.line, f.column) for f in found] == [(3, 3), (6, 5), (7, 13), (8, 5)]
    assert "did you mean 'budget'" in found[0].message
    assert "did you mean 'objectives'" in found[1].message
    assert "budget" in found[2].message
    assert "has no 'id'" in found[3].message


def test_unknown_stage_names_the_known_ones():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-x
        stage: somewhere
    """
    (f,) = findings(text, "RA002")
    assert (f.line, f.column) == (5, 12)
    assert "awareness" in f.message


def test_empty_file_and_missing_plan_block():
    assert positions("# nothing\n", "RA002") == [(1, 1)]
    (f,) = findings("goals: []\n", "RA002")
    assert "no 'plan:' block" in f.message


def test_extension_keys_and_a_valid_plan_stay_quiet():
    text = """
    plan:
      name: Plan
      x-notes: anything
    tactics:
      - id: t-a
        x-internal: 3
        budget: 10
    """
    assert positions(text, "RA002") == []


def test_a_number_written_as_money_says_how_to_write_it():
    text = """
    plan:
      name: Plan
      budget: "$120,000"
    objectives:
      - {id: o, kpis: [{metric: revenue, target: 1.5M}]}
    """
    budget, target = findings(text, "RA002")
    assert (budget.line, budget.column) == (3, 11)
    assert "(got '$120,000'); write it as a plain number such as 120000" in budget.message
    assert "name the currency in the plan's 'currency:'" in budget.message
    assert (target.line, target.column) == (5, 46)
    assert "k/M suffix" in target.message
    assert "'currency:'" not in target.message
