"""RA309 no-voice-of-customer."""

from conftest import findings, positions
from ramaudit.config.effective import Config

TEXT = """
plan:
  name: Plan
segments:
  - id: seg-plant-managers
  - id: seg-integrators
    voice_of_customer:
      - "Partner survey: deal registration is too slow."
"""


def test_segment_without_evidence_is_reported_at_its_id():
    (f,) = findings(TEXT, "RA309")
    assert (f.line, f.column) == (4, 9)
    assert f.severity.value == "info"


def test_min_evidence_asks_for_more():
    config = Config(rule_options={"RA309": {"min_evidence": 2}})
    found = findings(TEXT, "RA309", config)
    assert [(f.line, f.column) for f in found] == [(4, 9), (5, 9)]
    assert "fewer than 2" in found[1].message


def test_segments_with_evidence_stay_quiet():
    text = TEXT.replace("  - id: seg-plant-managers\n", "")
    assert positions(text, "RA309") == []


def test_blank_and_placeholder_entries_are_no_evidence():
    text = """
    plan:
      name: Plan
    segments:
      - {id: s1, voice_of_customer: [""]}
      - {id: s2, voice_of_customer: ["  "]}
      - {id: s3, voice_of_customer: [TBD]}
      - {id: s4, voice_of_customer: ["???", "n/a"]}
      - {id: s5, voice_of_customer: ["Interviews (n=8): setup takes a day"]}
    """
    found = findings(text, "RA309")
    assert [(f.line, f.column) for f in found] == [(4, 10), (5, 10), (6, 10), (7, 10)]
    assert "has no voice-of-customer evidence (1 entry is blank or a placeholder)" in (
        found[0].message
    )
    assert "(2 entries are blank or a placeholder)" in found[3].message


def test_one_piece_of_evidence_is_singular():
    config = Config(rule_options={"RA309": {"min_evidence": 2}})
    found = findings(TEXT, "RA309", config)
    assert "has 1 piece of voice-of-customer evidence, fewer than 2" in found[1].message


def test_an_internal_segment_needs_no_voice_of_customer():
    text = """
    version: 2
    plan:
      name: Plan
    segments:
      - id: seg-sales-team
        name: Our account executives
        kind: internal
      - id: seg-buyers
        name: IT buyers
        kind: external
    """
    found = findings(text, "RA309")
    assert [(f.line, f.column) for f in found] == [(8, 9)]
    assert found[0].item == "seg-buyers"
