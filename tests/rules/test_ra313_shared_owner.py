"""RA313 shared-owner: one accountable owner per item, the others as contributors."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import findings, positions
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.rules.shared_owner import joined_people

LISTS = """
version: 2
plan:
  name: Plan
  owner: [Grace Liu, Sam Ortega]
goals:
  - id: g-a
    owner: [Board, CEO]
objectives:
  - id: o-a
    goals: g-a
    owner: [Priya Raman, Marcus Lee, Jo Bloggs]
    campaigns:
      - id: c-a
        owner:
          - Marcus Lee
          - Jo Bloggs
tactics:
  - id: t-a
    owner: [Ines Park, TBD]
"""


def test_an_owner_list_is_reported_at_the_owner():
    found = findings(LISTS, "RA313")
    assert [(f.line, f.column) for f in found] == [(4, 10), (7, 12), (11, 12), (15, 11)]
    assert found[0].severity.value == "warning"
    assert found[0].message == (
        "the plan has 2 owners, 'Grace Liu' and 'Sam Ortega'; name the one accountable "
        "owner in 'owner:'"
    )
    # Teams in a list are two owners all the same; a goal has no contributors.
    assert found[1].message.startswith("goal 'g-a' has 2 owners, 'Board' and 'CEO'; ")
    assert "contributors" not in found[1].message
    assert found[2].message == (
        "objective 'o-a' has 3 owners, 'Priya Raman', 'Marcus Lee' and 'Jo Bloggs'; name "
        "the one accountable owner in 'owner:' and list the others under 'contributors:'"
    )
    assert found[2].item == "o-a"
    assert found[3].item == "c-a"


def test_a_placeholder_in_the_list_is_no_second_owner():
    assert (19, 12) not in positions(LISTS, "RA313")


def test_text_joining_two_people_is_reported():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        owner: Priya Raman and Jo Bloggs
      - id: t-b
        owner: Ann O'Hara / Luis de la Cruz (Events)
    """
    found = findings(text, "RA313")
    assert [(f.line, f.column) for f in found] == [(5, 12), (7, 12)]
    assert found[0].message == (
        "tactic 't-a' has owner 'Priya Raman and Jo Bloggs', which names 2 people "
        "('Priya Raman' and 'Jo Bloggs'); name the one accountable owner in 'owner:' and "
        "list the others under 'contributors:'"
    )


def test_one_owner_stays_quiet():
    text = """
    plan:
      name: Plan
      owner: Grace Liu (Head of Marketing)
    objectives:
      - {id: o-a, owner: Sales & Marketing Ops}
      - {id: o-b, owner: "Nadia Costa (Director, CRM & Lifecycle)"}
      - {id: o-c, owner: [Priya Raman]}
    tactics:
      - {id: t-a, owner: Priya Raman, contributors: [Jo Bloggs, sales]}
      - {id: t-b, owner: "Dana Lee, CMO"}
    """
    assert positions(text, "RA313") == []


@pytest.mark.parametrize(
    "owner",
    [
        "Priya Raman (VP Marketing)",
        "Sales & Marketing Ops",
        "Brand and Growth",
        "Events/PR",
        "Customer Success and Support",
        "Demand Gen and Field Marketing",
        "North America and Europe",
        "Head of Sales and Jo Bloggs",
        "Raman, Priya",
        "Dana Lee, CMO",
        "Dana Lee, Director",
        "Dana Lee, Berlin",
        "Priya and Jo",
        "AT&T",
        "TBD and TBC",
        "Tom Brennan (Owner)",
    ],
)
def test_teams_titles_and_single_names_are_not_taken_for_people(owner):
    assert joined_people(owner, DEFAULT) == []


@pytest.mark.parametrize(
    ("owner", "people"),
    [
        ("Priya Raman & Jo", ["Priya Raman", "Jo"]),
        ("Jean-Luc Picard + J. Doe", ["Jean-Luc Picard", "J. Doe"]),
        ("Ann Lee, Bob Stone and Cy Young", ["Ann Lee", "Bob Stone", "Cy Young"]),
        ("Priya Raman; Marcus Lee", ["Priya Raman", "Marcus Lee"]),
    ],
)
def test_joined_names_of_people_are_found(owner, people):
    assert joined_people(owner, DEFAULT) == people


def test_an_invalid_owner_is_left_to_ra002():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        owner: [Ann Lee, {name: Bob Stone}]
    """
    assert positions(text, "RA313") == []
    assert positions(text, "RA002") != []


# Property tests of the reading of owner text: it never fails, a join of team words is
# never taken for people, and two full names joined any way are found as written.
_GIVEN = st.sampled_from(["Priya", "Marcus", "Ann", "Jean-Luc", "Zoë", "Luis"])
_FAMILY = st.sampled_from(["Raman", "Lee", "O'Hara", "McLean", "de la Cruz", "Núñez"])
_FULL = st.builds(lambda g, f: f"{g} {f}", _GIVEN, _FAMILY)
_TEAM = st.lists(
    st.sampled_from(["Sales", "Marketing", "Brand", "Growth", "Ops", "Field", "Content", "Team"]),
    min_size=1,
    max_size=3,
).map(" ".join)
_JOIN = st.sampled_from([" and ", " & ", "/", " / ", " + ", "; "])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_owner_text_is_read_without_failing(text):
    people = joined_people(text, DEFAULT)
    assert people == [] or len(people) >= 2


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEAM, min_size=2, max_size=3), _JOIN)
def test_teams_joined_together_are_never_people(teams, join):
    assert joined_people(join.join(teams), DEFAULT) == []


@settings(max_examples=200, deadline=None)
@given(_FULL, _FULL, _JOIN, st.sampled_from(["", " (VP Marketing)", " (Director, CRM & Ops)"]))
def test_two_full_names_are_found_as_written(first, second, join, note):
    assert joined_people(f"{first}{note}{join}{second}", DEFAULT) == [first, second]
    assert joined_people(f"{first}, {second}", DEFAULT) == [first, second]
