"""RA110 dependency-cycle: depends_on links in a loop, one finding per loop."""

from conftest import findings, positions


def test_two_tactics_that_wait_for_each_other():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        depends_on: t-b
      - id: t-b
        depends_on: t-a
    """
    (f,) = findings(text, "RA110")
    assert (f.line, f.column) == (5, 17)
    assert f.severity.value == "error"
    assert "depends_on links form a loop: t-a -> t-b -> t-a" in f.message
    assert "none of them can ever start" in f.message


def test_a_loop_through_every_kind_of_work_is_named_in_link_order():
    text = """
    plan:
      name: Plan
    campaigns:
      - id: c-launch
        depends_on: [t-x, m-site]
    milestones:
      - id: m-site
        after: t-build
    tactics:
      - id: t-build
        depends-on: c-launch
      - id: t-x
    """
    (f,) = findings(text, "RA110")
    assert "c-launch -> m-site -> t-build -> c-launch" in f.message
    # The campaign's link that starts the loop is its second one, to m-site.
    assert (f.line, f.column) == (5, 23)


def test_an_item_that_depends_on_itself():
    text = """
    plan:
      name: Plan
    milestones:
      - id: m-self
        depends_on: m-self
    """
    (f,) = findings(text, "RA110")
    assert (f.line, f.column) == (5, 17)
    assert f.message == (
        "milestone 'm-self' depends on itself, so it can never start; remove 'm-self' from "
        "its 'depends_on'"
    )


def test_each_loop_once_in_document_order():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-c
        depends_on: t-d
      - id: t-a
        depends_on: [t-b]
      - id: t-b
        depends_on: [t-a, t-c]
      - id: t-d
        depends_on: t-c
    """
    found = findings(text, "RA110")
    assert [(f.line, f.column) for f in found] == [(5, 17), (7, 18)]
    assert "t-c -> t-d -> t-c" in found[0].message
    assert "t-a -> t-b -> t-a" in found[1].message


def test_chains_and_broken_links_are_no_loop():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        depends_on: [t-b, t-gone]
      - id: t-b
        depends_on: t-c
      - id: t-c
    """
    assert positions(text, "RA110") == []
    assert positions(text, "RA005") == [(5, 23)]
