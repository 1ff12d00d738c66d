"""RA111 dependency-order: work that starts before what it depends on is finished."""

import pytest

from conftest import findings, positions


def test_tactic_starting_before_its_milestone_is_due():
    text = """
    plan:
      name: Plan
    milestones:
      - id: m-site-live
        due: 2027-03-31
    tactics:
      - id: t-webinar
        start: 2027-03-01
        depends_on: m-site-live
    """
    (f,) = findings(text, "RA111")
    assert (f.line, f.column) == (9, 17)
    assert f.severity.value == "warning"
    assert f.message == (
        "tactic 't-webinar' starts on 2027-03-01 but depends on milestone 'm-site-live', "
        "which is due on 2027-03-31; start it after that day, bring the 'due' of "
        "'m-site-live' forward, or remove the dependency if the work does not wait for it"
    )


def test_campaign_starting_before_a_tactic_it_waits_for_ends():
    text = """
    plan:
      name: Plan
    campaigns:
      - id: c-launch
        start: 2027-04-01
        after: [t-ok, t-cms]
    tactics:
      - id: t-ok
        end: 2027-03-15
      - id: t-cms
        end: 2027-04-30
    """
    (f,) = findings(text, "RA111")
    assert (f.line, f.column) == (6, 19)
    assert "campaign 'c-launch' starts on 2027-04-01" in f.message
    assert "tactic 't-cms', which ends on 2027-04-30" in f.message
    assert "bring the 'end' of 't-cms' forward" in f.message


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2027-03-31", "2027-03-31"),  # the same day is in order
        ("2027-04-01", "2027-03-31"),
        (None, "2027-03-31"),
        ("2027-03-01", None),
        ("someday", "2027-03-31"),  # RA002's
    ],
)
def test_in_order_or_undated_work_is_quiet(start, due):
    lines = ["plan:", "  name: Plan", "milestones:", "  - id: m-a"]
    if due:
        lines.append(f"    due: {due}")
    lines += ["tactics:", "  - id: t-a", "    depends_on: m-a"]
    if start:
        lines.append(f"    start: {start}")
    assert positions("\n".join(lines), "RA111") == []


def test_a_milestone_waiting_for_late_work_is_no_start_to_check():
    text = """
    plan:
      name: Plan
    milestones:
      - id: m-a
        due: 2027-01-01
        depends_on: t-a
    tactics:
      - id: t-a
        start: 2027-01-01
        end: 2027-06-30
    """
    assert positions(text, "RA111") == []
