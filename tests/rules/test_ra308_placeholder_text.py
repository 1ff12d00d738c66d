"""RA308 placeholder-text: TBD, TODO, lorem ipsum, ??? where a decision belongs."""

from conftest import findings, positions
from ramaudit.config.effective import Config

TEXT = """
plan:
  name: Plan
  owner: tbc
objectives:
  - id: o-a
    name: Lorem ipsum dolor
    description: TODO write this
    kpis:
      - metric: "???"
tactics:
  - id: t-a
    owner: TBD
    channel: TODO
"""


def test_names_and_metrics_are_checked_at_the_text():
    found = findings(TEXT, "RA308")
    assert [(f.line, f.column) for f in found] == [(6, 11), (9, 17)]
    assert found[0].severity.value == "warning"
    assert "name of objective 'o-a' contains the placeholder 'Lorem ipsum'" in found[0].message
    assert "metric of a KPI of objective 'o-a'" in found[1].message


def test_owners_are_left_to_ra301_unless_the_fields_option_names_them():
    # RA301 reports a placeholder owner of a goal, objective or tactic as no owner.
    assert (12, 12) in [(f.line, f.column) for f in findings(TEXT, "RA301")]
    config = Config(rule_options={"RA308": {"fields": ("owner",)}})
    found = findings(TEXT, "RA308", config)
    assert [(f.line, f.column) for f in found] == [(3, 10), (12, 12)]
    assert "owner of the plan is a placeholder ('tbc')" in found[0].message
    assert "name the person accountable" in found[1].message


def test_fields_option_adds_descriptions_and_channels():
    config = Config(rule_options={"RA308": {"fields": ("description", "channel")}})
    assert [(f.line, f.column) for f in findings(TEXT, "RA308", config)] == [(7, 18), (13, 14)]


def test_real_text_stays_quiet():
    text = """
    plan:
      name: Tbdata 2027 plan
      owner: Dana Lee
    objectives:
      - id: o-a
        name: Can we double pipeline?
        kpis: [{metric: qualified leads}]
    """
    assert positions(text, "RA308") == []


def test_a_name_with_a_placeholder_in_it_is_told_which_one():
    text = """
    plan:
      name: Plan
    tactics:
      - {id: t, name: "Roadshow, venue TBA"}
      - {id: u, name: TBD}
    """
    found = findings(text, "RA308")
    assert [(f.line, f.column) for f in found] == [(4, 19), (5, 19)]
    assert "name of tactic 't' contains the placeholder 'TBA' ('Roadshow, venue TBA')" in (
        found[0].message
    )
    assert "name of tactic 'u' is a placeholder ('TBD')" in found[1].message


UNDECIDED = """
version: 2
plan:
  name: Plan
  budget: TBD
objectives:
  - id: o-a
    kpis:
      - metric: win rate
        target: TBD
        baseline: ???
        deadline: "-"
    milestones:
      - id: m-a
        due: n/a
tactics:
  - id: t-a
    objectives: [o-a, TBD]
    segments: TBD
"""


def test_undecided_typed_fields_are_named_at_their_value():
    found = findings(UNDECIDED, "RA308")
    assert [(f.line, f.column) for f in found] == [
        (4, 11),
        (9, 17),
        (10, 19),
        (11, 19),
        (14, 14),
        (17, 23),
        (18, 15),
    ]
    assert found[0].message == (
        "budget of the plan is not decided yet ('TBD'); decide it, or leave the field out "
        "until it is"
    )
    assert found[1].message == (
        "target of KPI 'win rate' of objective 'o-a' is not decided yet ('TBD'); decide it, "
        "or leave the field out until it is"
    )
    assert found[1].item == "o-a"
    assert "due of milestone 'm-a' is not decided yet ('n/a')" in found[4].message
    # A placeholder among ids is pointed at itself; a second spelling of the key
    # ('segments') is named by the key's own name.
    assert "objectives of tactic 't-a' holds an id not decided yet ('TBD')" in found[5].message
    assert "segment of tactic 't-a' is not decided yet ('TBD')" in found[6].message


def test_undecided_fields_are_reported_whatever_the_fields_option_says():
    config = Config(rule_options={"RA308": {"fields": ("description",)}})
    assert len(findings(UNDECIDED, "RA308", config)) == 7


def test_the_item_with_an_undecided_field_is_still_audited():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        kpis:
          - metric: qualified leads
            target: TBD
    """
    assert positions(text, "RA308") == [(7, 17)]
    # Read as no target that was decided: RA002 does not call it invalid, RA203 does
    # not call it missing, and the rest of the KPI is audited (RA204: no deadline).
    assert positions(text, "RA002") == []
    assert positions(text, "RA203") == []
    assert positions(text, "RA204") == [(6, 17)]


def test_decided_typed_fields_stay_quiet():
    text = """
    plan:
      name: Plan
      budget: 1000
    objectives:
      - id: o-a
        kpis:
          - {metric: win rate, target: 30, baseline: 20, deadline: 2027-12-31}
    tactics:
      - {id: t-a, objectives: [o-a], budget: 0}
    """
    assert positions(text, "RA308") == []
