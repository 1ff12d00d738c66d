"""RA302 untargeted-tactic: no segment, or a segment that means everyone."""

from conftest import findings, positions


def test_tactic_without_segment_is_reported_at_its_id():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-radio
    """
    (f,) = findings(text, "RA302")
    assert (f.line, f.column) == (4, 9)
    assert f.severity.value == "warning"
    assert "no segment" in f.message


def test_everyone_and_all_are_reported_at_the_segment_entry():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-a
    tactics:
      - id: t-radio
        segment: Everyone
      - id: t-push
        segments: [seg-a, all]
    """
    found = findings(text, "RA302")
    assert [(f.line, f.column) for f in found] == [(7, 14), (9, 23)]
    assert "mass marketing" in found[0].message
    assert positions(text, "RA312") == []  # broad words are this rule's business


def test_a_defined_segment_named_for_everyone_is_broad_too():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-all
        name: All customers
    tactics:
      - id: t-mail
        segment: seg-all
    """
    (f,) = findings(text, "RA302")
    assert (f.line, f.column) == (8, 14)
    assert "All customers" in f.message


def test_tactics_aimed_at_specific_segments_stay_quiet():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-homeowners
        name: Homeowners within 15 miles
    tactics:
      - id: t-radio
        segment: seg-homeowners
      - id: t-mail
        segment: seg-unknown
    """
    assert positions(text, "RA302") == []


def test_a_bracketed_note_does_not_make_everyone_a_segment():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-uk
        name: General public (UK adults)
    tactics:
      - id: t-tv
        segment: seg-uk
    """
    (f,) = findings(text, "RA302")
    assert (f.line, f.column) == (8, 14)
    assert "'seg-uk' (General public (UK adults)), which is everybody" in f.message


def test_a_tactic_aimed_at_an_internal_segment_is_targeted():
    text = """
    version: 2
    plan:
      name: Plan
    segments:
      - {id: seg-staff, name: Everyone in sales, kind: internal}
      - {id: seg-all, name: Everyone}
    tactics:
      - {id: t-enable, segment: seg-staff}
      - {id: t-all, segment: [seg-staff, seg-all]}
    """
    found = findings(text, "RA302")
    assert [(f.line, f.column) for f in found] == [(9, 38)]
    assert found[0].item == "t-all"
    assert positions(text, "RA312") == []
