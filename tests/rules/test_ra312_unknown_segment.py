"""RA312 unknown-segment: a tactic aimed at a segment id that does not exist."""

from conftest import findings, positions


def test_unknown_segment_is_reported_at_the_entry_with_a_suggestion():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-gen-z
      - id: seg-parents
    tactics:
      - id: t-campus-tour
        segment: [seg-parents, seg-genz]
    """
    (f,) = findings(text, "RA312")
    assert (f.line, f.column) == (8, 28)
    assert f.severity.value == "error"
    assert "did you mean 'seg-gen-z'?" in f.message


def test_id_of_another_kind_is_not_a_segment():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-growth
    tactics:
      - id: t-a
        segment: g-growth
    """
    (f,) = findings(text, "RA312")
    assert (f.line, f.column) == (7, 14)
    assert "is a goal, not a segment" in f.message


def test_plan_without_segments_says_so():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        segment: seg-x
    """
    (f,) = findings(text, "RA312")
    assert "defines no segments" in f.message


def test_known_segments_and_broad_words_stay_quiet():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-gen-z
    tactics:
      - id: t-a
        segment: seg-gen-z
      - id: t-b
        segment: everyone
    """
    assert positions(text, "RA312") == []


def test_an_objective_named_as_a_segment_takes_an():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-a
    objectives:
      - id: o-leads
    tactics:
      - id: t-a
        segment: o-leads
    """
    (f,) = findings(text, "RA312")
    assert (f.line, f.column) == (9, 14)
    assert "'o-leads', which is an objective, not a segment" in f.message
