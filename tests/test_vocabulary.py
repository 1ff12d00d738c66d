"""The word lists behind the marketing rules, their matching, and configuration."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core.vocabulary import (
    BROAD_SEGMENTS,
    DECREASING_METRICS,
    DEFAULT,
    LISTS,
    MARKETING_FUNCTIONS,
    OUTCOME_METRICS,
    PLACEHOLDERS,
    STAGE_SYNONYMS,
    STAGES,
    VANITY_METRICS,
    Vocabulary,
    VocabularyError,
    match_key,
    normalise,
)

# -- normalisation


@pytest.mark.parametrize(
    "spelling",
    ["Email Opens", "email_opens", "email-opens", "emailOpens", "  EMAIL   opens ", "email.opens"],
)
def test_spellings_of_one_metric_normalise_alike(spelling):
    assert normalise(spelling) == "email opens"


def test_spellings_of_one_metric_are_classified_alike():
    assert {DEFAULT.is_vanity(m) for m in ("Email Opens", "email_opens", "email-opens")} == {True}


def test_match_key_treats_plurals_as_singular():
    assert match_key("Qualified Leads") == match_key("qualified lead") == "qualified lead"
    assert match_key("opportunities") == "opportunity"
    assert match_key("business") == "business"  # not a plural


# -- every default list: each entry means what its list says


@pytest.mark.parametrize("metric", VANITY_METRICS)
def test_every_vanity_entry_is_vanity_and_not_outcome(metric):
    assert DEFAULT.is_vanity(metric)
    assert not DEFAULT.is_outcome(metric)


@pytest.mark.parametrize("metric", OUTCOME_METRICS)
def test_every_outcome_entry_is_an_outcome_and_never_vanity(metric):
    assert DEFAULT.is_outcome(metric)
    assert not DEFAULT.is_vanity(metric)


@pytest.mark.parametrize("metric", DECREASING_METRICS)
def test_every_decreasing_entry_goes_down(metric):
    assert DEFAULT.is_decreasing(metric)


@pytest.mark.parametrize(("word", "stage"), sorted(STAGE_SYNONYMS.items()))
def test_every_stage_synonym_maps_onto_one_of_the_four_stages(word, stage):
    assert stage in STAGES
    assert DEFAULT.stage(word) == stage
    assert DEFAULT.stage(word.upper()) == stage


@pytest.mark.parametrize("word", PLACEHOLDERS)
def test_every_placeholder_is_found_on_its_own_and_in_a_sentence(word):
    assert DEFAULT.placeholder_in(word) is not None
    assert DEFAULT.placeholder_in(word.upper()) is not None
    if len(word) > 1:
        assert DEFAULT.placeholder_in(f"Owner {word} later") is not None


@pytest.mark.parametrize("word", BROAD_SEGMENTS)
def test_every_broad_segment_is_broad(word):
    assert DEFAULT.is_broad_segment(word)
    assert DEFAULT.is_broad_segment(word.title())


def test_a_bracketed_note_does_not_narrow_a_broad_segment():
    assert DEFAULT.is_broad_segment("General Public (UK adults)")
    assert DEFAULT.is_broad_segment("All customers [2027]")
    assert not DEFAULT.is_broad_segment("All customers in Eastside")
    assert not DEFAULT.is_broad_segment("(everyone) Eastside families")


@pytest.mark.parametrize("word", MARKETING_FUNCTIONS)
def test_every_marketing_function_is_marketing(word):
    assert DEFAULT.is_marketing_function(word)


def test_lists_are_described_and_match_the_fields():
    assert set(LISTS) == {f for f in Vocabulary.__dataclass_fields__}


# -- matching behaviour


@pytest.mark.parametrize(
    "metric",
    [
        "partner portal page views",
        "content downloads",
        "Instagram followers",
        "app downloads",
        "booth visitors",
        "Posts Published",
        "newsletter open rate",
        "cost per click",
    ],
)
def test_activity_metrics_in_context_are_vanity(metric):
    assert DEFAULT.is_vanity(metric)


# What a metric counts, its head, decides; a word elsewhere in the name does not.
METRIC_KINDS = [
    # An outcome word in front of an activity head: activity.
    ("customer newsletter opens", "vanity"),
    ("sales deck downloads", "vanity"),
    ("lead magnet downloads", "vanity"),
    ("LinkedIn impressions among customers", "vanity"),
    ("orders page views", "vanity"),
    ("revenue dashboard views", "vanity"),
    ("pipeline webinar registrations", "vanity"),
    ("customer story video views", "vanity"),
    ("email click-through rate", "vanity"),
    ("cost per click", "vanity"),
    ("views per post", "vanity"),
    ("webinar attendees", "vanity"),
    ("YouTube subscribers", "vanity"),
    ("in-store visits", "vanity"),
    ("share of voice", "vanity"),
    ("Instagram followers gained monthly", "vanity"),
    # An activity word in a qualifier, or in front of an outcome head: an outcome.
    ("qualified leads from webinar registrations", "outcome"),
    ("pipeline from webinars", "outcome"),
    ("revenue per click", "outcome"),
    ("cost per lead", "outcome"),
    ("MQL to SQL conversion rate", "outcome"),
    ("number of qualified leads", "outcome"),
    ("leads generated monthly", "outcome"),
    ("marketing-sourced pipeline", "outcome"),
    ("partner-sourced revenue", "outcome"),
    ("Sales Accepted Leads", "outcome"),
    ("churn rate", "outcome"),
    ("repeat purchases", "outcome"),
    ("new accounts", "outcome"),
    ("return on ad spend", "outcome"),
    ("ROAS from paid social", "outcome"),
    ("ROI", "outcome"),
    ("paid subscribers", "outcome"),
    ("churned customers", "outcome"),
    ("revenue growth Q3", "outcome"),
    ("leads in EMEA", "outcome"),
    # Conversion actions.
    ("demo requests", "outcome"),
    ("trial signups", "outcome"),
    ("meetings booked", "outcome"),
    ("PQLs", "outcome"),
    ("product qualified leads", "outcome"),
    ("quote requests", "outcome"),
    ("inbound calls", "outcome"),
    ("consultations booked", "outcome"),
    # Names real B2B SaaS and local-business plans use for results.
    ("SQOs", "outcome"),
    ("New ARR", "outcome"),
    ("Expansion MRR", "outcome"),
    ("Average deal size", "outcome"),
    ("New logos", "outcome"),
    ("Contracts signed", "outcome"),
    ("Customer attrition", "outcome"),
    ("New patient appointments", "outcome"),
    ("Booked appointments", "outcome"),
    ("Jobs booked", "outcome"),
    # ... and for activity, as registrations and attendees already are.
    ("Webinar registrants", "vanity"),
    ("Webinar attendance", "vanity"),
    ("Booth scans", "vanity"),
    ("Time on site", "vanity"),
    # Neither activity nor a result the business banks.
    ("aided brand recall", None),
    ("NPS", None),
    ("customer satisfaction score", None),
    ("time per session", "vanity"),
    ("sales calls made", None),
]


@pytest.mark.parametrize(("metric", "kind"), METRIC_KINDS)
def test_what_a_metric_counts_decides_its_kind(metric, kind):
    assert DEFAULT.is_vanity(metric) == (kind == "vanity")
    assert DEFAULT.is_outcome(metric) == (kind == "outcome")


def test_a_joining_word_inside_an_entry_does_not_cut_the_name():
    # "on" joins in "impressions on LinkedIn" but belongs to "return on ad spend".
    assert DEFAULT.is_vanity("impressions on LinkedIn")
    assert DEFAULT.is_outcome("return on ad spend from retargeting")
    assert DEFAULT.is_vanity("time on page")


def test_configured_entries_take_part_in_head_matching():
    vocab = DEFAULT.extended(outcome_metrics=["signed letters of intent"])
    assert vocab.is_outcome("signed letters of intent from trade shows")
    assert not DEFAULT.is_outcome("signed letters of intent")


def test_words_match_whole_not_inside_other_words():
    assert not DEFAULT.is_vanity("sharepoint adoption")  # not "shares"
    assert DEFAULT.placeholder_in("Tbdata Inc") is None
    assert DEFAULT.placeholder_in("Raise awareness?") is None  # a lone ? only as the whole text
    assert DEFAULT.placeholder_in("?") == "?"
    assert DEFAULT.placeholder_in("name ??? later") == "???"


@pytest.mark.parametrize(
    "metric",
    [
        "Customer churn",
        "cost-per-acquisition",
        "cost per MQL",
        "cost per booked meeting",
        "churned customers",
        "lost customers",
        "customers lost",
        "deals lost to competitors",
        "cancellations",
        "subscription cancellations",
        "product returns",
        "return rate",
        "number of complaints",
        "first response time",
        "Recall no-show rate",
        "CAC payback (months)",
        "customer attrition",
    ],
)
def test_metrics_where_lower_is_better(metric):
    assert DEFAULT.is_decreasing(metric)


@pytest.mark.parametrize(
    "metric",
    [
        "qualified leads",
        "return on ad spend",
        "return on investment",
        "ROAS",
        "ROI",
        "revenue per complaint",
        "retained customers",
        "returning customers",
    ],
)
def test_metrics_where_higher_is_better(metric):
    assert not DEFAULT.is_decreasing(metric)


def test_race_and_aida_names_map_onto_the_four_stages():
    assert [DEFAULT.stage(w) for w in ("reach", "act", "convert", "engage")] == list(STAGES)
    assert [DEFAULT.stage(w) for w in ("attention", "interest", "action")] == [
        "awareness",
        "education",
        "conversion",
    ]
    assert DEFAULT.stage("Top-of-Funnel") == "awareness"
    assert DEFAULT.stage("somewhere") is None


def test_a_stage_written_as_two_names_of_one_stage_is_that_stage():
    assert DEFAULT.stage("Consideration / Evaluation") == "education"
    assert DEFAULT.stage("Retention/Loyalty") == "retention"
    assert DEFAULT.stage("reach or attract") == "awareness"
    # Two different stages, or a name that is not a stage, stay unknown.
    assert DEFAULT.stage("Awareness & Consideration") is None
    assert DEFAULT.stage("retention / vibes") is None


def test_stakeholders_with_a_part_outside_marketing_count_as_outside():
    assert DEFAULT.is_marketing_function("VP Marketing")
    assert DEFAULT.is_marketing_function("Brand & Communications")
    assert not DEFAULT.is_marketing_function("Sales & Marketing")
    assert not DEFAULT.is_marketing_function("finance")
    assert not DEFAULT.is_marketing_function("")


@pytest.mark.parametrize(
    "stakeholder",
    [
        "Marketing",
        "VP Marketing",
        "Head of Marketing",
        "Chief Marketing Officer",
        "Demand Gen team",
        "Product Marketing",
        "Marketing Operations",
        "PR agency",
        "Director of Brand and Communications",
        "Digital",
        "Social media manager",
        "Agency",
        "Northwind Creative agency",
        "Our agencies",
        "SEO lead",
    ],
)
def test_marketing_functions_as_a_whole_are_marketing(stakeholder):
    assert DEFAULT.is_marketing_function(stakeholder)


@pytest.mark.parametrize(
    "stakeholder",
    [
        "Head of Digital Sales",
        "Finance (marketing controller)",
        "Digital Products",
        "Sales Enablement (marketing)",
        "Sales Operations",
        "Customer Success",
        "Customer Service",
        "Support",
        "Executive team",
        "Partners",
        "Operations",
    ],
)
def test_a_stakeholder_naming_another_function_is_outside_marketing(stakeholder):
    assert not DEFAULT.is_marketing_function(stakeholder)


@pytest.mark.parametrize("text", ["", "   ", "TBD", "???", "n/a", "TBD - TBC", "-", "todo!"])
def test_blank_or_placeholder_text_names_nothing(text):
    assert DEFAULT.names_nothing(text)


@pytest.mark.parametrize("text", ["Dana Lee", "TBD interviews in May", "Bob (TBC)"])
def test_text_with_words_beyond_a_placeholder_names_something(text):
    assert not DEFAULT.names_nothing(text)


def test_broad_segments_are_whole_names_only():
    assert DEFAULT.is_broad_segment("All Customers")
    assert not DEFAULT.is_broad_segment("All customers in Ohio with a boiler")


# -- extended and from_config


def test_extended_adds_entries_and_keeps_defaults():
    vocab = DEFAULT.extended(vanity_metrics=["story views"], stage_synonyms={"trial": "conversion"})
    assert vocab.is_vanity("Story Views") and vocab.is_vanity("likes")
    assert vocab.stage("trial") == "conversion" and vocab.stage("reach") == "awareness"
    assert DEFAULT.stage("trial") is None  # the default is untouched


def test_from_config_extends_by_default():
    vocab = Vocabulary.from_config(
        {"vanity-metrics": ["story views"], "outcome_metrics": ["booked demos"]}
    )
    assert vocab.is_vanity("story views") and vocab.is_vanity("impressions")
    assert vocab.is_outcome("Booked Demos") and vocab.is_outcome("pipeline")


def test_from_config_replaces_the_lists_named_in_replace():
    vocab = Vocabulary.from_config(
        {"placeholders": ["pending"], "vanity_metrics": ["x views"], "replace": ["placeholders"]}
    )
    assert vocab.placeholders == ("pending",)
    assert vocab.placeholder_in("TBD") is None
    assert vocab.placeholder_in("pending") == "pending"
    assert vocab.is_vanity("likes")  # not replaced


def test_from_config_replace_true_replaces_every_list_given():
    vocab = Vocabulary.from_config(
        {"broad_segments": ["the masses"], "stage-synonyms": {"buy": "conversion"}, "replace": True}
    )
    assert vocab.broad_segments == ("the masses",)
    assert vocab.stage_synonyms == {"buy": "conversion"}
    assert vocab.stage("reach") is None
    assert vocab.outcome_metrics == DEFAULT.outcome_metrics


def test_from_config_removes_default_entries():
    vocab = Vocabulary.from_config({"remove": {"vanity-metrics": ["Registrations"]}})
    assert not vocab.is_vanity("webinar registrations")
    assert vocab.is_vanity("likes")


def test_from_config_of_nothing_is_the_base():
    assert Vocabulary.from_config({}) is DEFAULT
    assert Vocabulary.from_config(None) is DEFAULT
    base = DEFAULT.extended(placeholders=["pending"])
    assert Vocabulary.from_config({"placeholders": ["later"]}, base=base).placeholder_in("pending")


def test_from_config_does_not_duplicate_entries():
    vocab = Vocabulary.from_config({"vanity_metrics": ["Likes", "likes"]})
    assert len(vocab.vanity_metrics) == len(VANITY_METRICS)


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"vanity_metric": ["x"]}, "unknown list 'vanity_metric'; did you mean 'vanity_metrics'?"),
        # The user's own spelling, in the message and in the suggestion.
        ({"vanity-metric": ["x"]}, "unknown list 'vanity-metric'; did you mean 'vanity-metrics'?"),
        # Neither spelling given: the documented one (with hyphens).
        ({"vanity": ["x"]}, "unknown list 'vanity'; did you mean 'vanity-metrics'?"),
        ({"vanity-metrics": [1]}, "every entry of 'vanity-metrics' must be non-empty text"),
        ({"stage-synonyms": ["trial"]}, "'stage-synonyms' must be a table"),
        ({"remove": {"vanity-metrics": [""]}}, "every entry of 'vanity-metrics'"),
        ({"remove": {"fanz-metrics": ["x"]}}, "unknown list 'fanz-metrics' in 'remove'"),
        ({"vanity_metrics": "likes"}, None),  # one entry as text is accepted
        ({"vanity_metrics": [1]}, "every entry of 'vanity_metrics' must be non-empty text"),
        ({"vanity_metrics": [""]}, "every entry of 'vanity_metrics' must be non-empty text"),
        ({"vanity_metrics": {"a": 1}}, "'vanity_metrics' must be a list"),
        ({"stage_synonyms": {"trial": "buying"}}, "the stage must be one of awareness"),
        ({"stage_synonyms": ["trial"]}, "'stage_synonyms' must be a table"),
        ({"replace": ["placeholders"]}, "no entries for it are given"),
        ({"replace": "yes"}, "'replace' must be true or a list"),
        ({"replace": ["nonsense"], "placeholders": ["x"]}, "unknown list 'nonsense' in 'replace'"),
        ({"remove": ["likes"]}, "'remove' must be a table"),
        ({"remove": {"fans": ["x"]}}, "unknown list 'fans' in 'remove'"),
    ],
)
def test_from_config_explains_bad_settings(mapping, message):
    if message is None:
        Vocabulary.from_config(mapping)
        return
    with pytest.raises(VocabularyError) as caught:
        Vocabulary.from_config(mapping)
    assert message in str(caught.value)
    assert str(caught.value).startswith("vocabulary")


def test_a_configured_vocabulary_changes_what_the_rules_see():
    from conftest import findings
    from ramaudit.config.effective import Config

    plan = """
    plan:
      name: Plan
    objectives:
      - id: o-loi
        kpis:
          - metric: signed letters of intent
            target: 40
    """
    assert [f.code for f in findings(plan, "RA206")] == ["RA206"]
    vocab = Vocabulary.from_config({"outcome-metrics": ["signed letters of intent"]})
    assert findings(plan, "RA206", Config(vocabulary=vocab)) == []


# Phrasings real plans write metrics in (issue 11; the corpus in tests/data/metrics/ is
# the measurement). The names here are not in the corpus: they show the rules read the
# phrasing, whatever the metric.
@pytest.mark.parametrize(
    ("metric", "kind"),
    [
        # A measure word before the head measures what follows it.
        ("increase in webinar registrations", "vanity"),
        ("lift in pipeline from partners", "outcome"),
        ("growth of recurring revenue", "outcome"),
        ("number of booked demos", "outcome"),
        ("% of leads from events", "outcome"),
        ("a 20% uplift in store visits", "vanity"),
        ("audience of 5,000 qualified leads", "outcome"),
        ("audience size", "vanity"),
        # Multipliers, before or after the head.
        ("3x pipeline", "outcome"),
        ("pipeline 3x", "outcome"),
        ("x2 newsletter subscribers", "vanity"),
        # Ratios and coverage.
        ("pipeline coverage", "outcome"),
        ("press coverage in trade titles", "vanity"),
        ("pipe-to-spend ratio", "outcome"),
        ("opportunity to close ratio", "outcome"),
        ("visitor-to-lead conversion rate", "outcome"),
        ("click-throughs to the pricing page", "vanity"),
        ("revenue per attendee", "outcome"),
        # Any participle after the head.
        ("whitepapers downloaded", "vanity"),
        ("blog posts written", "vanity"),
        ("case studies shipped", "vanity"),
        ("landing pages launched", "vanity"),
        ("opportunities developed", "outcome"),
        ("press releases distributed", "vanity"),
        ("newsletters emailed", "vanity"),
        ("brochures printed and sent out", "vanity"),
        # The verb names what is counted when the nouns do not.
        ("banners clicked", "vanity"),
        ("stories shared", "vanity"),
        ("visitors who register", "vanity"),
        # Product adoption (a documented decision: an outcome).
        ("weekly active users", "outcome"),
        ("WAU", "outcome"),
        ("completed transactions", "outcome"),
        ("feature adoption rate", "outcome"),
        ("activation rate of new sign-ups", "outcome"),
        ("app installs", "vanity"),
        # A bracketed gloss is read past.
        ("Daily Active Users (DAU)", "outcome"),
        ("Sessions (GA4)", "vanity"),
        # Fundraising and admissions results.
        ("first-time donors", "outcome"),
        ("funds raised online", "outcome"),
        ("completed applications", "outcome"),
    ],
)
def test_real_plan_phrasings(metric, kind):
    assert DEFAULT.is_vanity(metric) == (kind == "vanity"), metric
    assert DEFAULT.is_outcome(metric) == (kind == "outcome"), metric


@pytest.mark.parametrize(
    ("metric", "down"),
    [
        ("10% reduction in cost per lead", True),
        ("decrease in churn rate", True),
        ("increase in retention", False),
        ("average handling time", False),
        ("median first reply time", True),
        ("time to first meeting", True),
        ("sales cycle time", True),
        ("donors lost", True),
        ("error rate on the signup form", True),
        ("lapsed donors reactivated", False),
    ],
)
def test_direction_of_real_plan_phrasings(metric, down):
    assert DEFAULT.is_decreasing(metric) == down, metric


def test_a_configured_entry_still_decides_over_the_new_rules():
    # Vocabulary extension from configuration keeps working with the new phrasings.
    vocab = Vocabulary.from_config({"outcome-metrics": ["webinar attendees"]})
    assert vocab.is_outcome("increase in webinar attendees")
    assert not DEFAULT.is_outcome("increase in webinar attendees")
    vocab = Vocabulary.from_config({"remove": {"vanity-metrics": ["users"]}})
    assert not vocab.is_vanity("new users")
    assert vocab.is_outcome("monthly active users")


# Words metric names are built from in the tests below: entries, measures, joins,
# participles, multipliers, numbers and words no list knows.
_NAME_WORDS = (  # noqa: SIM905 (a sentence of words reads better than a column)
    "leads pipeline revenue clicks impressions users active demos churn cost time to "
    "increase in of per for from number growth rate ratio conversion coverage 3x x2 "
    "15% Q3 2027 monthly generated published opened sharing who click (MAU) [GA4] "
    "reduction audience customers lost score widgets the a"
).split()
_names = st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_names)
def test_every_name_gets_one_kind_and_a_direction(metric):
    vocab = Vocabulary()  # a fresh one: nothing remembered from other examples
    assert not (vocab.is_vanity(metric) and vocab.is_outcome(metric))
    assert vocab.is_decreasing(metric) in (True, False)
    assert vocab.is_vanity(metric) == DEFAULT.is_vanity(metric)


@settings(max_examples=300, deadline=None)
@given(_names.filter(lambda m: "(" not in m and "[" not in m))
def test_a_measure_word_before_the_name_keeps_its_kind(metric):
    # "increase in X" and "number of X" count what X counts.
    for measure in ("increase in", "number of", "15% lift in"):
        assert DEFAULT.is_vanity(f"{measure} {metric}") == DEFAULT.is_vanity(metric)
        assert DEFAULT.is_outcome(f"{measure} {metric}") == DEFAULT.is_outcome(metric)
