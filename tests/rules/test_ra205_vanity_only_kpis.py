"""RA205 vanity-only-kpis: items measured on activity alone."""

from conftest import findings, positions
from ramaudit.config.effective import Config
from ramaudit.core.vocabulary import Vocabulary


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


def test_an_outcome_word_in_front_of_an_activity_does_not_make_it_an_outcome():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-content
        kpis:
          - metric: customer newsletter opens
            target: 4000
          - metric: sales deck downloads
            target: 300
          - metric: LinkedIn impressions among customers
            target: 90000
    """
    (f,) = findings(text, "RA205")
    assert (f.line, f.column) == (5, 5)
    assert "measured only on activity metrics" in f.message


def test_an_activity_word_in_a_qualifier_does_not_make_an_outcome_activity():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-webinars
        kpis:
          - metric: webinar attendees
            target: 800
          - metric: pipeline from webinars
            target: 250000
    """
    assert positions(text, "RA205") == []


def test_one_activity_metric_is_named_in_the_singular():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        kpis: [{metric: paid subscribers, target: 10}]
      - id: o-b
        kpis: [{metric: YouTube subscribers, target: 10}]
    """
    (f,) = findings(text, "RA205")
    assert (f.line, f.column) == (7, 5)
    assert "objective 'o-b' is measured only on an activity metric" in f.message
