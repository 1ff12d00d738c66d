"""RA107 link-cycle: loops of `parents` links, one finding per loop."""

from conftest import findings, positions


def test_two_objectives_that_are_each_others_parent():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-pipeline
        parents: o-leads
      - id: o-leads
        parents: o-pipeline
    """
    (f,) = findings(text, "RA107")
    assert (f.line, f.column) == (5, 14)
    assert f.severity.value == "error"
    assert "o-pipeline -> o-leads -> o-pipeline" in f.message


def test_a_longer_loop_is_named_whole_in_link_order_at_the_first_member():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
    objectives:
      - id: o-a
        goals: g-a
        parents: [o-x, o-b]
      - id: o-b
        parents: o-c
      - id: o-c
        parents: o-a
    """
    (f,) = findings(text, "RA107")
    assert "o-a -> o-b -> o-c -> o-a" in f.message
    # The link of o-a that starts the loop is the second one, to o-b.
    assert (f.line, f.column) == (8, 20)


def test_objective_that_is_its_own_parent():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-self
        parent: o-self
    """
    (f,) = findings(text, "RA107")
    assert (f.line, f.column) == (5, 13)
    assert "names itself" in f.message


def test_two_separate_loops_give_two_findings():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        parents: o-b
      - id: o-b
        parents: o-a
      - id: o-c
        parents: o-d
      - id: o-d
        parents: o-c
    """
    assert positions(text, "RA107") == [(5, 14), (9, 14)]


def test_objectives_in_a_loop_are_cut_off_from_goals():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        parents: o-b
      - id: o-b
        parents: o-a
    tactics:
      - id: t-a
        objectives: o-a
    """
    assert positions(text, "RA101") == [(9, 9)]


def test_a_chain_and_a_diamond_stay_quiet():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
    objectives:
      - id: o-top
        goals: g-a
      - id: o-left
        parents: o-top
      - id: o-right
        parents: o-top
      - id: o-bottom
        parents: [o-left, o-right]
    """
    assert positions(text, "RA107") == []


def test_a_self_loop_inside_a_larger_loop_is_reported_as_two_loops():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        parents: [o-a, o-b]
      - id: o-b
        parents: o-a
    """
    found = findings(text, "RA107")
    assert [(f.line, f.column) for f in found] == [(5, 15), (5, 20)]
    assert "names itself" in found[0].message  # at the link to itself
    assert "o-a -> o-b -> o-a" in found[1].message  # at the link to o-b


REVIEW_PLAN = """
plan:
  name: P
goals:
  - {id: g1, name: G}
objectives:
  - id: oa
    parents: ob
  - id: ob
    parents: oc
  - id: oc
    parents: [oa, od]
  - id: od
    parents: od
  - id: oe
    goals: g1
    parents: of
  - id: of
    parents: oe
"""


def test_a_loop_is_said_to_reach_no_goal_only_when_none_of_it_does():
    found = findings(REVIEW_PLAN, "RA107")
    assert [(f.line, f.column) for f in found] == [(7, 14), (13, 14), (16, 14)]
    stranded, self_loop, topped = (f.message for f in found)
    assert "oa -> ob -> oc -> oa; none of them reaches a goal" in stranded
    assert "'od' names itself in 'parents', so it can never reach a goal" in self_loop
    assert "oe -> of -> oe" in topped
    assert "reaches a goal" not in topped
    assert "'oe' already serves a goal: remove its 'parents' link" in topped


def test_a_loop_reaching_a_goal_through_another_parent_is_described_neutrally():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
    objectives:
      - id: o-top
        goals: g-a
      - id: o-a
        parents: [o-b, o-top]
      - id: o-b
        parents: o-a
      - id: o-self
        goals: g-a
        parents: o-self
    """
    loop, self_loop = (f.message for f in findings(text, "RA107"))
    assert "o-a -> o-b -> o-a; each rolls up to the next, so the loop has no top" in loop
    assert "reaches a goal" not in loop
    assert "names itself in 'parents'; an objective cannot roll up to itself" in self_loop
