"""RA205 vanity-only-kpis: items measured on activity alone."""

from conftest import findings, positions
from ramaudit.config import Config
from ramaudit.vocabulary import Vocabulary


def test_objective_measured_only_on_activity_is_reported_at_its_kpis():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-social
        kpis:
          - metric: Instagram followers
            target: 20000
          - metric: Post_Likes
            target: 50000
    """
    (f,) = findings(text, "RA205")
    assert (f.line, f.column) == (5, 5)
    assert f.severity.value == "warning"
    assert "'Instagram followers', 'Post_Likes'" in f.message


def test_tactic_measured_only_on_activity_and_the_option_to_skip_tactics():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-email
        kpis: [{metric: email-opens, target: 5000}]
    """
    assert positions(text, "RA205") == [(5, 5)]
    config = Config(rule_options={"RA205": {"include_tactics": False}})
    assert findings(text, "RA205", config) == []


def test_one_outcome_kpi_is_enough():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-social
        kpis:
          - metric: Instagram followers
            target: 20000
          - metric: qualified leads from social
            target: 150
    """
    assert positions(text, "RA205") == []


def test_items_without_kpis_and_neutral_metrics_stay_quiet():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-none
      - id: o-recall
        kpis: [{metric: aided brand recall, target: 20}]
    """
    assert positions(text, "RA205") == []


def test_the_vocabulary_decides_what_counts_as_activity():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-recall
        kpis: [{metric: aided brand recall, target: 20}]
    """
    vocab = Vocabulary.from_config({"vanity-metrics": ["brand recall"]})
    assert [(f.line, f.column) for f in findings(text, "RA205", Config(vocabulary=vocab))] == [
        (5, 5)
    ]
