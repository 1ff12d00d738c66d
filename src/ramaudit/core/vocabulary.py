"""Word lists the rules match against. They are data, not code: configuration can
extend, trim or replace each list (``[tool.ramaudit.vocabulary]``, read through
:meth:`Vocabulary.from_config`).

Names are compared after :func:`normalise`, so ``Email Opens``, ``email_opens``,
``email-opens`` and ``emailOpens`` are one metric, and plural words count as their
singular (``qualified lead`` matches ``qualified leads``).

What a metric counts
--------------------
A metric is classified by its *head*: the words that say what is counted, not the
words that say where, from whom or about what. ``customer newsletter opens`` counts
opens, ``sales deck downloads`` counts downloads and ``LinkedIn impressions among
customers`` counts impressions, so all three are activity (vanity) metrics although
``customer``, ``sales`` and ``customers`` are outcome words. The head is found so:

A bracketed gloss is read past first (``Monthly Active Users (MAU)`` is read as
``monthly active users``); when what is left names nothing, the gloss is read too.

1. The name is cut at the first joining word (``from``, ``among``, ``by``, ``in``,
   ``for``, ``via``, ``through``, ``with``, ``across``, ``within``, ``on``, ``at``,
   ``during``, ``over``, ``per``, ``of``, ``as``, ``using`` and the relative words
   ``who``, ``which``, ``that``); what comes before is the head (``pipeline from
   webinars`` -> ``pipeline``). A joining word inside a list entry does not cut
   (``return on ad spend``, ``click through rate``, ``time on page``).
2. A head that is only a measure (``increase``, ``lift``, ``growth``, ``reduction``,
   ``number``, ``share``, a percentage, ...) measures what follows its joining word:
   ``increase in CTR``, ``lift in pipeline``, ``growth of revenue``, ``15% reduction
   in churn``, ``% of leads``. A container counts what it contains (``audience of
   4,000 leads`` counts leads, ``audience count`` is attention).
3. The head is compared from its end with the entries of ``vanity-metrics`` and
   ``outcome-metrics``; the longest entry that ends the head decides
   (``paid subscribers`` is an outcome although ``subscribers`` is vanity;
   ``orders page views`` ends in ``page views``). Words that only say how or when the
   head is counted may follow it: measures (``rate``, ``growth``, ``volume``,
   ``count``, ``coverage``, ``velocity``, ``size``, ...), periods (``monthly``,
   ``q3``, ``2027``, ...), multipliers (``3x``) and any participle (``generated``,
   ``published``, ``shipped``, ``written``, ``won``, ...), so ``leads generated
   monthly`` counts leads and ``pipeline coverage`` counts pipeline. Such a word is an
   entry itself only when what it follows names nothing: ``analyst coverage`` is
   coverage, ``bounce rate`` a rate.
4. A ratio (``per``) or a measure of something (``of``) whose head names neither an
   activity nor an outcome is classified by what follows: ``cost per lead`` and
   ``value of a donor`` follow what they measure, ``cost per click`` follows clicks,
   while ``revenue per click`` stays revenue. A ratio written ``A to B`` counts A
   (``pipe-to-spend``, ``click-throughs to the pricing page``) unless it ends in
   ``conversion``, ``rate`` or ``ratio``, when the conversion is what it counts
   (``visitor-to-lead conversion rate``).
5. A head whose nouns name nothing is read by its verbs: a participle or gerund that
   names an entry decides (``emails opened`` counts opens, ``tweets retweeted``
   retweets, ``enrolled freshmen`` enrolments, ``members sharing the report``
   shares), and so does the verb of a relative clause (``users who click``).

A metric whose head matches neither list is neither vanity nor an outcome. Decisions
behind the default lists: conversion actions (``demo requests``, ``trial signups``,
``meetings booked``, ``quote requests``, ``inbound calls``, ``consultations booked``,
``PQLs``, contact and trial requests, form fills) are outcomes; ``paid subscribers``
are an outcome while a channel's ``subscribers``, ``subscriptions`` and
``followers`` are vanity; ``webinar attendees`` are vanity (attendance is activity
until it turns into leads); NPS and satisfaction scores are neither (they predict
retention but are not a result the business banks; add them to ``outcome-metrics``
if a plan treats them as one). Product adoption is an outcome: ``active users``
(``DAU``, ``MAU``), activation, adoption and take-up, because for a product-led
business a person using the product is the result marketing works for, where a lead
or a customer stands in other funnels; downloads and installs stay activity (an
install is not use), and a site's ``users`` are its visitors, as web analytics names
them. Non-profits bank donors, donations, gifts and money raised; colleges bank
inquiries, applications and enrolments. ``tests/data/metrics/`` holds the real metric
names these lists are measured against, and the policy they were labelled by.

Direction reads the whole head, not only its end, because a modifier can turn it
round: a metric goes down when an entry of ``decreasing-metrics`` appears in its head
(``churned customers``, ``customers lost``, ``cost per lead``, ``product returns``,
``time to close``, ``median first reply time``), and ``return on ad spend`` and
``ROI`` go up. A head that is only a measure goes the way of what it measures
(``5% reduction in churn`` goes down).

Stakeholders are marketing when every part (``Brand & Content`` has two) is a marketing
function as a whole: a part, with any bracketed note dropped and any title before
``of`` (``Head of``) set aside, must end in an entry of ``marketing-functions``,
ignoring role words such as team, lead or manager. ``Head of Digital Sales``,
``Finance (marketing controller)`` and ``Digital Products`` are outside marketing;
``VP Marketing``, ``Product Marketing`` and ``Demand Gen team`` are inside.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import field, fields, replace
from typing import Any

from ramaudit.core.records import dataclass

STAGES = ("awareness", "education", "conversion", "retention")

# Activity measures: they count what marketing did, or how many people glanced at it,
# not what the business got from it.
VANITY_METRICS = (
    "impressions",
    "reach",
    "views",
    "page views",
    "pageviews",
    "video views",
    "likes",
    "reactions",
    "followers",
    "fans",
    "subscribers",
    "opens",
    "open rate",
    "clicks",
    "click through rate",
    "ctr",
    "downloads",
    "app installs",
    "posts",
    "posts published",
    "articles published",
    "content pieces",
    "shares",
    "retweets",
    "mentions",
    "hashtag uses",
    "engagement",
    "engagement rate",
    "visits",
    "sessions",
    "hits",
    "traffic",
    "time on page",
    "bounce rate",
    "emails sent",
    "sends",
    "booth visitors",
    "attendees",
    "registrations",
    "samples handed out",
    "views per post",
    "share of voice",
    "newsletter signups",
    "newsletter sign ups",
    # The same activity under the names event, SEO and media teams report it by.
    "registrants",
    "attendance",
    "booth scans",
    "badge scans",
    "time on site",
    "dwell time",
    "video completion rate",
    "backlinks",
    "keyword rankings",
    "listens",
    # Attention under the names websites, channels and communications teams report it by.
    "visitors",
    "unique visitors",
    # Web analytics names a site's visitors "users" ("new users"); a product's
    # "active users" are an outcome.
    "users",
    "readership",
    "comments",
    "audience",
    "search volume",
    "click throughs",
    "clickthroughs",
    "click thrus",
    "coverage",
    "media coverage",
    "press coverage",
    "analyst coverage",
    "newsletter",
    "mailing list",
    "email list",
    "subscriptions",
    "sign ups",
    "sign up",
    "signups",
    # Output: what marketing produced or held.
    "content",
    "pages",
    "brochures",
    "press releases",
    "case studies",
    "webinars",
    "meetups",
    "talks",
)

# Business outcomes: what sales, finance and the board recognise as results.
OUTCOME_METRICS = (
    "qualified leads",
    "marketing qualified leads",
    "sales qualified leads",
    "sales accepted leads",
    "mql",
    "sql",
    "sal",
    "leads",
    "pipeline",
    "pipeline value",
    "opportunities",
    "revenue",
    "bookings",
    "closed won",
    "deals",
    "deals won",
    "win rate",
    "customers",
    "new customers",
    "new accounts",
    "retention",
    "retention rate",
    "churn",
    "churn rate",
    "repeat purchases",
    "repeat purchase rate",
    "renewals",
    "renewal rate",
    "upsell",
    "cross sell",
    "expansion revenue",
    "customer lifetime value",
    "clv",
    "ltv",
    "market share",
    "net revenue retention",
    "nrr",
    "customer acquisition cost",
    "cac",
    "orders",
    "transactions",
    "sales",
    "conversion rate",
    "average order value",
    "booked jobs",
    "appointments booked",
    "demos booked",
    "trials converted",
    "partner sourced pipeline",
    "partner sourced revenue",
    "signed partners",
    "return on ad spend",
    "roas",
    "roi",
    "return on investment",
    "conversions",
    "purchases",
    "share of wallet",
    "lifetime value",
    "cost per acquisition",
    "cpa",
    "cpl",
    # Conversion actions: a prospect asks to buy or to talk to sales.
    "demo requests",
    "booked demos",
    "trial signups",
    "trial sign ups",
    "trial sign up",
    "free trials",
    "trial starts",
    "meetings booked",
    "booked meetings",
    "pql",
    "product qualified leads",
    "quote requests",
    "inbound calls",
    "consultations booked",
    "booked consultations",
    "paid subscribers",
    "paying subscribers",
    "paid subscriptions",
    # Recurring-revenue and sales names B2B plans use for the same results.
    "sqo",
    "arr",
    "mrr",
    "acv",
    "grr",
    "deal size",
    "new logos",
    "contracts",
    "upgrades",
    "attrition",
    # Local and service businesses count booked work.
    "appointments",
    "jobs booked",
    "contact requests",
    "contact form submissions",
    "contact us requests",
    "form fills",
    "form completions",
    "form submissions",
    "trial requests",
    "deal registrations",
    "petitions",
    "demos",
    "meetings",
    # Sales and contract names.
    "sao",
    "iacv",
    "tcv",
    "pipe",
    # Product adoption (see the module docstring): people using the product.
    "active users",
    "active accounts",
    "active servers",
    "active devices",
    "dau",
    "wau",
    "mau",
    "smau",
    "activation",
    "activations",
    "activation rate",
    "adoption",
    "adoption rate",
    "feature adoption",
    "feature usage",
    "take up",
    "uptake",
    "retained",
    # Non-profits bank donors and gifts; colleges bank applications and enrolments.
    "donors",
    "donations",
    "gifts",
    "giving",
    "money raised",
    "funds raised",
    "dollars raised",
    "amount raised",
    "sponsorships",
    "downgrades",
    "contraction",
    "inquiries",
    "enquiries",
    "inquirers",
    "enquirers",
    "prospectus requests",
    "applications",
    "applicants",
    "admits",
    "enrolls",
    "enrols",
    "enrollments",
    "enrolments",
    "students",
    "deposits",
    "yield",
    "summer melt",
)

# Metrics where a smaller number is the better one (unless a KPI says otherwise).
DECREASING_METRICS = (
    "churn",
    "churn rate",
    "churned",
    "lost customers",
    "customers lost",
    "lost accounts",
    "accounts lost",
    "lost deals",
    "deals lost",
    "lost revenue",
    "cost",
    "cost per lead",
    "cost per acquisition",
    "cac",
    "customer acquisition cost",
    "cpl",
    "cpa",
    "cpc",
    "cpm",
    "bounce rate",
    "unsubscribe rate",
    "unsubscribes",
    "time to close",
    "sales cycle",
    "days to close",
    "payback period",
    "complaints",
    "refunds",
    "chargebacks",
    # Product returns only: "return on ad spend" and "ROI" go up.
    "product returns",
    "returned orders",
    "return rate",
    "response time",
    "time to first response",
    "cancellations",
    "cancelled",
    "canceled",
    "cart abandonment",
    "abandonment rate",
    "attrition",
    "payback",
    "no show",
    "no shows",
    "missed appointments",
    "lost",
    "summer melt",
    # Durations and faults: less is better.
    "time to",
    "reply time",
    "resolution time",
    "cycle time",
    "ramp time",
    "follow up time",
    "turnaround time",
    "wait time",
    "load time",
    "bundle size",
    "error rate",
    "errors",
    "drop off",
    "support tickets",
    "turnover",
    "downgrades",
    "contraction",
)

# The four marketing goals as funnel stages, and the names other models give them:
# RACE (reach, act, convert, engage), AIDA (attention, interest, desire, action) and
# the usual funnel words.
STAGE_SYNONYMS: Mapping[str, str] = {
    "awareness": "awareness",
    "reach": "awareness",
    "attention": "awareness",
    "attract": "awareness",
    "top of funnel": "awareness",
    "tofu": "awareness",
    "brand": "awareness",
    "discover": "awareness",
    "discovery": "awareness",
    "education": "education",
    "act": "education",
    "interact": "education",
    "interest": "education",
    "desire": "education",
    "consideration": "education",
    "consider": "education",
    "learn": "education",
    "nurture": "education",
    "middle of funnel": "education",
    "mofu": "education",
    "evaluation": "education",
    "conversion": "conversion",
    "convert": "conversion",
    "action": "conversion",
    "decision": "conversion",
    "purchase": "conversion",
    "bottom of funnel": "conversion",
    "bofu": "conversion",
    "acquisition": "conversion",
    "lead generation": "conversion",
    "retention": "retention",
    "engage": "retention",
    "loyalty": "retention",
    "advocacy": "retention",
    "delight": "retention",
    "expansion": "retention",
    "repeat": "retention",
    "reinforce": "retention",
    "post purchase": "retention",
    "onboarding": "retention",
}

# Text that stands in for a decision nobody has made yet.
PLACEHOLDERS = (
    "tbd",
    "tba",
    "tbc",
    "todo",
    "fixme",
    "xxx",
    "lorem ipsum",
    "???",
    "n/a",
    "?",
    "to be decided",
    "to be determined",
    "to be confirmed",
    "placeholder",
    "your name here",
    "changeme",
)

# Segment names that mean "no segment at all": mass marketing.
BROAD_SEGMENTS = (
    "everyone",
    "everybody",
    "anyone",
    "anybody",
    "all",
    "all customers",
    "all prospects",
    "all segments",
    "all users",
    "all audiences",
    "general public",
    "public",
    "mass market",
    "general audience",
    "whole market",
)

# Stakeholders that are marketing itself; anyone else makes the plan cross-functional.
MARKETING_FUNCTIONS = (
    "marketing",
    "brand",
    "communications",
    "comms",
    "pr",
    "public relations",
    "digital",
    "content",
    "social media",
    "creative",
    "demand generation",
    "demand gen",
    "growth marketing",
    "cmo",
    "chief marketing officer",
    "advertising",
    "media",
    "media buying",
    "marketing operations",
    "marketing ops",
    "seo",
    # An agency works for marketing; naming one does not bring another function in.
    "agency",
    "agencies",
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^0-9a-z]+")
# The words of ASCII text as the two above find them: a run of capitals and what
# follows them in lower case or digits, or such a run alone (``emailOpens``: email,
# Opens; ``HTMLPage``: HTMLPage, as the camel split leaves it).
_ASCII_WORDS = re.compile(r"[A-Z]+[a-z0-9]*|[a-z0-9]+")
_PARTS = re.compile(r"\s*(?:,|;|&|\+|/|\band\b)\s*", re.I)
_STAGE_PARTS = re.compile(r"\s*(?:,|;|&|\+|/|\||\band\b|\bor\b)\s*", re.I)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")

# Words that join a metric's head to a qualifier saying where, from whom or about what
# it is counted (in match-key form: singular, lower case).
_JOINS = _words(
    """from among amongst by in for via through with across within on at during over per
    of as using who which that whose"""
)
# Verbs a joining word belongs to rather than joining anything: "LinkedIn" (which
# normalises to "linked in"), "opt ins", "sign ins", "add ons".
_PHRASAL = _words("linked opt sign log check walk plug add follow drop built tune drive")
# After these the head may only measure what follows ("cost per lead", "number of leads").
_RATIOS = frozenset({"per", "of"})
# Words that may follow a head without changing what it counts: measures, periods and
# participles ("leads generated monthly" counts leads).
_AFTER_HEAD = _words(
    """rate growth volume count number total amount value increase uplift lift level
    percentage percent pct ratio change metric kpi figure score generation velocity
    contribution attribution flow coverage distribution publish publishing cadence live
    size acquisition reactivation online offline
    daily weekly monthly quarterly yearly annual annually month quarter year week day
    ytd mtd qtd fy this last next
    won lost sent made written held run given done built shown grown taken sold spent
    met out"""
)
_PERIOD = re.compile(r"(?:q[1-4]|h[12]|fy\d*|\d+)")
# Multipliers: "pipeline 3x", "x2".
_MULTIPLIER = re.compile(r"\d+x|x\d+")
# A participle ends in -ed ("created", "published", "shipped"); irregular ones are in
# _AFTER_HEAD. The length keeps short words ("red", "bed") out.
_PARTICIPLE = re.compile(r"[a-z]{3,}ed")
_GERUND = re.compile(r"[a-z]{3,}ing")
# The noun a participle or gerund names when the head names nothing: "emails opened"
# counts opens, "tweets retweeted" retweets, "sent" sends.
_IRREGULAR_NOUNS: Mapping[str, str] = {"sent": "send"}
# A head made only of these measures what follows its joining word: "increase in CTR",
# "15% reduction in churn", "number of demos", "growth of pipeline".
_MEASURES = _words(
    """increase decrease lift uplift growth rise gain boost improvement reduction decline
    drop fall change number count total amount volume level percentage percent pct share
    proportion ratio rate average avg participation"""
)
# Words that end "A to B ..." when it measures the move from A to B itself.
_TRANSITIONS = _words("conversion rate ratio")
# Words that open a clause saying what the counted people did: "users who click".
_RELATIVES = _words("who which that")
# Words that may stand before a measure without changing it: "an increase in ...".
_ARTICLES = _words("a an the our total overall")
# A container counts what it contains: "audience of 4,000 leads" counts leads.
_CONTAINERS = _words("audience pool base list database")
# Role words that may follow a function in a stakeholder's name ("Demand Gen team").
_ROLES = _words(
    """team department dept function group lead head manager director vp svp evp
    officer org organisation organization staff unit agency specialist coordinator
    executive leadership"""
)


@functools.lru_cache(maxsize=1 << 16)  # a plan repeats its metric and segment names
def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: ``Email_Opens`` -> ``email opens``,
    ``emailOpens`` -> ``email opens``."""
    text = str(text)
    if text.isascii():
        # The same words found in one pass (tests/test_vocabulary_fast.py): a plan's
        # names are mostly unique, so the cache above rarely answers for them.
        return " ".join(_ASCII_WORDS.findall(text)).lower()
    spaced = _CAMEL.sub(" ", text)
    return " ".join(w for w in _SPLIT.split(spaced.lower()) if w)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=1 << 16)
def match_key(text: str) -> str:
    """The form names are matched in: normalised, each word singular."""
    return " ".join(_singular(w) for w in normalise(text).split())


def _glossless(metric: str) -> list[str]:
    """A metric's words in match-key form without its bracketed glosses:
    ``Monthly Active Users (MAU)`` reads as ``monthly active user``."""
    return match_key(_BRACKETS.sub(" ", str(metric))).split()


# Top-level sections other planning formats use, in match-key form, and what format 1
# calls them: campaigns and initiatives are tactics, OKRs are objectives with their key
# results as KPIs, personas are segments, and a plan's own fields belong in 'plan:'.
SECTION_SUGGESTIONS: Mapping[str, str] = {
    word: section
    for section, words in {
        "tactics": (
            "tactic",
            "initiative",
            "activity",
            "marketing activity",
            "action",
            "project",
            "play",
            "task",
            "workstream",
            "work stream",
            "effort",
        ),
        # Campaigns and programmes group tactics (format 2); a deliverable with a day
        # is a milestone; money that is no tactic is a budget line.
        "campaigns": ("campaign", "marketing campaign", "program", "programme", "programs"),
        "milestones": ("milestone", "deliverable", "key date", "key dates"),
        "budget_lines": (
            "budget line",
            "overhead",
            "overheads",
            "fixed cost",
            "cost",
            "expense",
            "salary",
            "salaries",
            "retainer",
            "tool",
        ),
        "objectives": (
            "objective",
            "marketing objective",
            "sub objective",
            "strategy",
            "aim",
        ),
        "okrs": ("okr", "okrs"),
        "kpis": (
            "kpi",
            "kpis",
            "key result",
            "kr",
            "metric",
            "success metric",
            "measure",
            "measurement",
            "result",
        ),
        "goals": ("goal", "business goal", "ambition", "mission", "outcome", "business outcome"),
        "segments": (
            "segment",
            "customer segment",
            "audience",
            "target audience",
            "persona",
            "icp",
            "market",
        ),
        "channel": ("channel", "marketing channel"),
        "plan": (
            "name",
            "title",
            "owner",
            "period",
            "timeframe",
            "budget",
            "currency",
            "review cadence",
            "cadence",
            "stakeholder",
            "description",
            "meta",
            "metadata",
            "info",
        ),
    }.items()
    for word in words
}
_SECTION_HINTS = {
    "tactics": "tactics go under 'tactics:' ('{key}' is not a section of the plan format)",
    "objectives": "objectives go under 'objectives:' ('{key}' is not a section of the plan format)",
    "okrs": (
        "objectives go under 'objectives:', each with its key results under 'kpis:' "
        "('{key}' is not a section of the plan format)"
    ),
    "kpis": (
        "KPIs go under 'kpis:' inside the objective or tactic they measure, each with a "
        "'metric' ('{key}' is not a section of the plan format)"
    ),
    "campaigns": (
        "campaigns go under 'campaigns:' (or 'campaigns:' of the objective they serve), "
        "each with its tactics under 'tactics:' ('{key}' is not a section of the plan format)"
    ),
    "milestones": (
        "milestones go under 'milestones:' (or 'milestones:' of their objective), each with "
        "a 'due' day ('{key}' is not a section of the plan format)"
    ),
    "budget_lines": (
        "money that is no tactic (salaries, tools, retainers) goes under 'budget_lines:', "
        "each with an 'amount' ('{key}' is not a section of the plan format)"
    ),
    "goals": "goals go under 'goals:' ('{key}' is not a section of the plan format)",
    "segments": "segments go under 'segments:' ('{key}' is not a section of the plan format)",
    "channel": (
        "a channel is a field of each tactic ('channel: email'), not a section; write the "
        "work in each channel as tactics under 'tactics:'"
    ),
    "plan": "'{key}' belongs in the 'plan:' block: indent it under 'plan:'",
}

# Keys written inside an item that mean something the format has elsewhere, by the
# kind of item and the key in match-key form.
_KEY_HINTS = {
    ("goal", "tactic"): (
        "a goal holds objectives, and tactics go under an objective: move them into "
        "'tactics:' of the objective they serve, or into the top-level 'tactics:' "
        "section with 'objectives: <id>'"
    ),
    **dict.fromkeys(
        [("goal", w) for w in ("kpi", "kpis", "key result", "metric", "kr")],
        "a goal is measured through its objectives: put KPIs under 'kpis:' of an "
        "objective that names this goal",
    ),
    **dict.fromkeys(
        [("objective", w) for w in ("key result", "kr", "metric", "measure", "result")],
        "key results are KPIs: write them under 'kpis:', each with a 'metric'",
    ),
    ("objective", "objective"): (
        "an objective under an objective is written as its own objective that names "
        "this one in 'parents:'"
    ),
    ("tactic", "goal"): (
        "a tactic links to the objective it serves, not to a goal: name the objective "
        "under 'objectives:'"
    ),
    **dict.fromkeys(
        [("tactic", w) for w in ("key result", "kr", "metric", "measure")],
        "write a tactic's measures under 'kpis:', each with a 'metric'",
    ),
}


def section_suggestion(key: str) -> str | None:
    """For a top-level key the format does not know: a sentence naming the section it
    probably means (``campaigns`` -> ``tactics go under 'tactics:' ...``), or None."""
    target = SECTION_SUGGESTIONS.get(match_key(key))
    if target is None:
        return None
    return _SECTION_HINTS[target].format(key=key)


def key_suggestion(kind: str, key: str) -> str | None:
    """For a key an item of ``kind`` does not have but that means something the format
    puts elsewhere (``kpis`` of a goal, ``tactics`` of a goal, ``goals`` of a tactic)."""
    return _KEY_HINTS.get((kind, match_key(key)))


# Each list, what it holds (for error messages and docs).
LISTS: Mapping[str, str] = {
    "vanity_metrics": "activity metrics that show effort, not results",
    "outcome_metrics": "business outcomes (leads, pipeline, revenue, retention)",
    "decreasing_metrics": "metrics where lower is better",
    "stage_synonyms": "stage names mapped onto awareness/education/conversion/retention",
    "placeholders": "words that stand in for a missing decision",
    "broad_segments": "segment names that mean everyone",
    "marketing_functions": "stakeholders that are marketing itself",
}


class VocabularyError(ValueError):
    """A vocabulary setting that cannot be used; the message says which and why."""


def _memoised(question: Any) -> Any:
    """Remember a vocabulary's answer per text: a large plan asks about the same few
    metric, stage and segment names thousands of times."""
    name = question.__name__

    @functools.wraps(question)
    def ask(self: Vocabulary, text: Any) -> Any:
        memo = self.__dict__.get("_answers")
        if memo is None or len(memo) > 1 << 16:
            memo = {}
            object.__setattr__(self, "_answers", memo)
        key = (name, text)
        try:
            return memo[key]
        except KeyError:
            answer = memo[key] = question(self, text)
            return answer
        except TypeError:  # an unhashable value: answer without remembering
            return question(self, text)

    return ask


@dataclass(frozen=True)
class Vocabulary:
    vanity_metrics: tuple[str, ...] = VANITY_METRICS
    outcome_metrics: tuple[str, ...] = OUTCOME_METRICS
    decreasing_metrics: tuple[str, ...] = DECREASING_METRICS
    stage_synonyms: Mapping[str, str] = field(default_factory=lambda: dict(STAGE_SYNONYMS))
    placeholders: tuple[str, ...] = PLACEHOLDERS
    broad_segments: tuple[str, ...] = BROAD_SEGMENTS
    marketing_functions: tuple[str, ...] = MARKETING_FUNCTIONS

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_answers", None)  # remembered answers are not worth sending around
        return state

    def __post_init__(self) -> None:
        # Matching forms are computed once per vocabulary, not once per metric.
        # What a metric counts: entry -> "vanity" or "outcome" (an entry in both lists
        # is an outcome).
        vanity, outcome = _phrases(self.vanity_metrics), _phrases(self.outcome_metrics)
        decreasing = _phrases(self.decreasing_metrics)
        kinds = {p: "vanity" for p in vanity}
        kinds.update({p: "outcome" for p in outcome})
        marketing = {p: "marketing" for p in _phrases(self.marketing_functions)}
        cache = {
            "_kinds": kinds,
            "_kinds_longest": max(map(len, kinds), default=0),
            "_protected": _protected(vanity, outcome, decreasing),
            "_decreasing": _by_first_word(decreasing),
            "_stages": {match_key(k): v for k, v in self.stage_synonyms.items()},
            "_broad": frozenset(match_key(s) for s in self.broad_segments),
            "_marketing": marketing,
            "_marketing_longest": max(map(len, marketing), default=0),
            "_placeholder_words": tuple(
                (p, f" {normalise(p)} ") for p in self.placeholders if normalise(p)
            ),
            "_placeholder_marks": tuple(
                p.strip() for p in self.placeholders if p.strip() and not normalise(p)
            ),
        }
        words = cache["_placeholder_words"]
        assert isinstance(words, tuple)
        # The longest first, as names_nothing takes them out; and one search that finds
        # whether any is in a text at all, so that a text holding none (nearly every
        # name, owner and description) is answered without trying each in turn.
        cache["_placeholder_longest_first"] = tuple(sorted(words, key=lambda e: -len(e[1])))
        cache["_placeholder_search"] = (
            re.compile("|".join(re.escape(padded) for _, padded in words)) if words else None
        )
        for name, value in cache.items():
            object.__setattr__(self, name, value)

    # -- questions the rules and the score ask
    def _kind(self, tokens: list[str]) -> str | None:
        """``vanity``, ``outcome`` or None for a metric in match-key words: what its
        head counts (see the module docstring)."""
        kinds = self._kinds  # type: ignore[attr-defined]
        head, join, rest = _head_and_rest(tokens, self._protected)  # type: ignore[attr-defined]
        if rest and _measures_only(head):
            return self._kind(rest)
        if rest and join == "of" and head[-1] in _CONTAINERS:
            inner = self._kind(rest)
            if inner is not None:
                return inner
        kind = _ending(head, kinds, self._kinds_longest)  # type: ignore[attr-defined]
        if kind is None and join in _RATIOS and rest:
            kind = self._kind(rest)
        if "to" in head[1:]:
            # "A to B" counts A going to B ("pipe to spend", "click-thrus to form
            # fills"); "A to B conversion rate" is the conversion, when it names one.
            numerator = self._kind(head[: head.index("to", 1)])
            transition = head[-1] in _TRANSITIONS
            kind = (kind or numerator) if transition else (numerator or kind)
        if kind is None:
            kind = _named_by_verb(head, kinds)
        if kind is None and join in _RELATIVES and rest:
            # "users who click on the banner" count clicks.
            kind = kinds.get(tuple(rest[:1])) or _named_by_verb(rest[:1], kinds)
        return kind

    @_memoised
    def _kind_of_metric(self, metric: str) -> str | None:
        """What a metric counts, read without its bracketed glosses first and with
        them when that names nothing (``page visits (engagements)``)."""
        tokens = match_key(metric).split()
        glossless = _glossless(metric)
        kind = self._kind(glossless) if glossless and glossless != tokens else None
        return kind if kind is not None else self._kind(tokens)

    @_memoised
    def is_vanity(self, metric: str) -> bool:
        """An activity metric: its head counts activity (``customer newsletter opens``),
        not an outcome (``paid subscribers``, ``cost per lead``)."""
        return self._kind_of_metric(metric) == "vanity"

    @_memoised
    def is_outcome(self, metric: str) -> bool:
        """A business outcome: its head counts one (``pipeline from webinars``,
        ``MQL to SQL conversion rate``), whatever qualifies it."""
        return self._kind_of_metric(metric) == "outcome"

    def _goes_down(self, tokens: list[str]) -> bool:
        head, join, rest = _head_and_rest(tokens, self._protected)  # type: ignore[attr-defined]
        if _matches(head, self._decreasing):  # type: ignore[attr-defined]
            return True
        # "5% reduction in churn" goes the way churn goes.
        if rest and _measures_only(head):
            return self._goes_down(rest)
        # "number of complaints" goes down with complaints, "revenue per complaint" not.
        if join in _RATIOS and rest:
            counted = _ending(head, self._kinds, self._kinds_longest)  # type: ignore[attr-defined]
            return counted is None and self._goes_down(rest)
        return False

    @_memoised
    def is_decreasing(self, metric: str) -> bool:
        """Lower is better: an entry of ``decreasing-metrics`` appears in the metric's
        head (``churned customers``, ``cost per lead``, ``number of complaints``)."""
        tokens = match_key(metric).split()
        glossless = _glossless(metric)
        return self._goes_down(tokens) or (glossless != tokens and self._goes_down(glossless))

    @_memoised
    def stage(self, text: str) -> str | None:
        """The funnel stage a stage name means, or None when it is not known.
        Names joined by ``/``, ``&`` or ``or`` that mean one stage
        (``Consideration / Evaluation``) mean that stage."""
        stages = self._stages  # type: ignore[attr-defined]
        found = stages.get(match_key(text))
        if found is None:
            words = [match_key(p) for p in _STAGE_PARTS.split(str(text))]
            meant = {stages.get(w) for w in words if w}
            if len(meant) == 1:
                found = meant.pop()
        return found

    @_memoised
    def is_broad_segment(self, text: str) -> bool:
        """A name that means everyone; a bracketed note does not narrow it
        (``All customers (UK)``, ``General public [B2C]``)."""
        broad = self._broad  # type: ignore[attr-defined]
        return match_key(text) in broad or match_key(_BRACKETS.sub(" ", str(text))) in broad

    @_memoised
    def is_marketing_function(self, text: str) -> bool:
        """True when every part of a stakeholder (``Sales & Marketing`` has two) is a
        marketing function as a whole (see the module docstring)."""
        parts = [p for p in _PARTS.split(_BRACKETS.sub(" ", str(text))) if normalise(p)]
        return bool(parts) and all(self._marketing_part(match_key(p).split()) for p in parts)

    def _marketing_part(self, tokens: list[str]) -> bool:
        table = self._marketing  # type: ignore[attr-defined]
        longest = self._marketing_longest  # type: ignore[attr-defined]
        if tuple(tokens) in table:
            return True
        # A title names its function after "of" or "for": "Head of Digital Sales".
        for i in range(len(tokens) - 1, -1, -1):
            if tokens[i] in ("of", "for"):
                tokens = tokens[i + 1 :]
                break
        while tokens:
            for k in range(min(longest, len(tokens)), 0, -1):
                if tuple(tokens[-k:]) in table:
                    return True
            if tokens[-1] not in _ROLES:
                return False
            tokens = tokens[:-1]
        return False

    @_memoised
    def names_nothing(self, text: str) -> bool:
        """True when ``text`` is blank or nothing but placeholders (``TBD``, ``???``,
        ``n/a - TBC``): an owner or a piece of evidence that says nothing."""
        words = f" {normalise(text)} "
        if not self._holds_placeholder_word(words):
            return not words.strip()  # nothing to take out
        for _entry, padded in self._placeholder_longest_first:  # type: ignore[attr-defined]
            while padded in words:
                words = words.replace(padded, " ")
        return not words.strip()

    def _holds_placeholder_word(self, words: str) -> bool:
        """Whether any placeholder word (padded with spaces) is in ``words``."""
        search = self._placeholder_search  # type: ignore[attr-defined]
        return search is not None and search.search(words) is not None

    @_memoised
    def placeholder_in(self, text: str) -> str | None:
        """The placeholder found in ``text``, if any (whole words only; marks such as
        ``???`` anywhere, a lone ``?`` only as the whole text)."""
        raw = str(text).strip().lower()
        words = f" {normalise(text)} "
        if self._holds_placeholder_word(words):
            for entry, padded in self._placeholder_words:  # type: ignore[attr-defined]
                if padded in words:
                    return entry
        for mark in self._placeholder_marks:  # type: ignore[attr-defined]
            if raw == mark or (len(mark) > 1 and mark in raw):
                return mark
        return None

    # -- building vocabularies from configuration
    def extended(self, **lists: Iterable[str] | Mapping[str, str]) -> Vocabulary:
        """A copy with entries added to the named lists."""
        changes: dict[str, object] = {}
        for name, extra in lists.items():
            _check_name(name)
            current = getattr(self, name)
            if isinstance(current, Mapping):
                changes[name] = {**current, **_synonyms(name, extra)}
            else:
                changes[name] = _dedupe((*current, *_entries(name, extra)))
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_config(
        cls, mapping: Mapping[str, Any] | None, base: Vocabulary | None = None
    ) -> Vocabulary:
        """The vocabulary a ``[tool.ramaudit.vocabulary]`` table asks for.

        Each list named in the table is *added* to the defaults. ``replace`` (a list of
        names, or ``true`` for every list given) makes the given entries the whole list
        instead, and ``remove`` (a table of list name -> entries) drops default entries::

            [tool.ramaudit.vocabulary]
            vanity-metrics = ["story views"]
            outcome-metrics = ["booked demos"]
            stage-synonyms = { trial = "conversion" }
            placeholders = ["pending"]
            replace = ["placeholders"]
            remove = { vanity-metrics = ["registrations"] }

        List names may use ``-`` or ``_``. Raises :class:`VocabularyError` with a message
        that names the offending key.
        """
        vocab = base if base is not None else DEFAULT
        if not mapping:
            return vocab
        if not isinstance(mapping, Mapping):
            raise VocabularyError("the vocabulary setting must be a table of lists")
        table = _Table.read(mapping)
        changes = {f.name: table.applied(f.name, getattr(vocab, f.name)) for f in fields(cls)}
        return replace(vocab, **changes)


@dataclass
class _Table:
    """A ``[vocabulary]`` table, its names checked: the lists given (by attribute name,
    with the spelling the file used, for messages), those they replace, and the entries
    ``remove`` takes out."""

    given: dict[str, Any]
    spelt: dict[str, str]
    to_replace: set[str]
    remove: Mapping[Any, Any]

    @classmethod
    def read(cls, mapping: Mapping[str, Any]) -> _Table:
        given: dict[str, Any] = {}
        spelt: dict[str, str] = {}
        replace_opt: Any = False
        remove_opt: Any = {}
        for raw_key, value in mapping.items():
            key = str(raw_key).replace("-", "_")
            if key == "replace":
                replace_opt = value
            elif key == "remove":
                remove_opt = value
            else:
                _check_name(key, shown=str(raw_key))
                given[key] = value
                spelt[key] = str(raw_key)
        to_replace = _replaced(replace_opt, given)
        if not isinstance(remove_opt, Mapping):
            raise VocabularyError("vocabulary: 'remove' must be a table of list name -> entries")
        for raw_key in remove_opt:
            _check_name(str(raw_key).replace("-", "_"), where="remove", shown=str(raw_key))
        return cls(given, spelt, to_replace, remove_opt)

    def applied(self, name: str, current: Any) -> Any:
        """List ``name`` (now ``current``) with this table's removals and additions."""
        removed, removed_as = None, name
        for raw_key, value in self.remove.items():
            if str(raw_key).replace("-", "_") == name:
                removed, removed_as = value, str(raw_key)
        if removed is not None:
            drop = {match_key(e) for e in _entries(removed_as, removed)}
            if isinstance(current, Mapping):
                current = {k: v for k, v in current.items() if match_key(k) not in drop}
            else:
                current = tuple(e for e in current if match_key(e) not in drop)
        if name not in self.given:
            return current
        shown = self.spelt.get(name, name)
        replacing = name in self.to_replace
        if isinstance(current, Mapping):
            extra = _synonyms(shown, self.given[name])
            return extra if replacing else {**current, **extra}
        extra_list = _entries(shown, self.given[name])
        return extra_list if replacing else _dedupe((*current, *extra_list))


def _replaced(option: Any, given: Mapping[str, Any]) -> set[str]:
    """The lists ``replace`` names: all those given for ``true``, none for ``false``."""
    if option is True:
        return set(given)
    if option is False or option is None:
        return set()
    if not isinstance(option, list | tuple):
        raise VocabularyError("vocabulary: 'replace' must be true or a list of list names")
    out = set()
    for name in option:
        key = str(name).replace("-", "_")
        _check_name(key, where="replace", shown=str(name))
        if key not in given:
            raise VocabularyError(
                f"vocabulary: 'replace' names '{name}' but no entries for it are given; "
                "an empty list would leave it with nothing"
            )
        out.add(key)
    return out


def _check_name(name: str, where: str = "", shown: str | None = None) -> None:
    """``name`` (with ``_``) must be a list; messages use the spelling ``shown``."""
    if name in LISTS:
        return
    shown = shown if shown is not None else name
    # Suggest in the user's own style (vanity_metric -> vanity_metrics), else in the
    # documented one (vanity -> vanity-metrics).
    style = (lambda n: n) if "_" in shown else (lambda n: n.replace("_", "-"))
    names = [style(n) for n in LISTS]
    guess = difflib.get_close_matches(shown, names, n=1)
    hint = f"; did you mean '{guess[0]}'?" if guess else f"; known lists: {', '.join(names)}"
    place = f" in '{where}'" if where else ""
    raise VocabularyError(f"vocabulary: unknown list '{shown}'{place}{hint}")


def _entries(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise VocabularyError(f"vocabulary: '{name}' must be a list of text entries")
    out: list[str] = []
    for entry in value:
        if not isinstance(entry, str) or not entry.strip():
            raise VocabularyError(
                f"vocabulary: every entry of '{name}' must be non-empty text, not {entry!r}"
            )
        out.append(entry.strip())
    return tuple(out)


def _synonyms(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise VocabularyError(
            f"vocabulary: '{name}' must be a table of stage name -> one of {', '.join(STAGES)}"
        )
    out: dict[str, str] = {}
    for word, stage in value.items():
        target = str(stage).strip().lower()
        if target not in STAGES:
            raise VocabularyError(
                f"vocabulary: '{name}' maps '{word}' to '{stage}'; the stage must be one of "
                f"{', '.join(STAGES)}"
            )
        out[str(word)] = target
    return out


def _dedupe(entries: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for e in entries:
        key = match_key(e) or e
        if key not in seen:
            seen.add(key)
            out.append(e)
    return tuple(out)


# Phrases by their first word, so a name is searched for the few that can start at
# each of its words rather than for every phrase at every word.
_PhraseIndex = Mapping[str, tuple[tuple[str, ...], ...]]


def _by_first_word(phrases: Iterable[tuple[str, ...]]) -> _PhraseIndex:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(set(phrases)):
        index.setdefault(phrase[0], []).append(phrase)
    return {word: tuple(found) for word, found in index.items()}


def _found_at(tokens: list[str], index: _PhraseIndex) -> Iterable[tuple[int, int]]:
    """(start, length) of every phrase of ``index`` in ``tokens``."""
    for i, word in enumerate(tokens):
        for phrase in index.get(word, ()):
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                yield i, len(phrase)


def _protected(*lists: Iterable[tuple[str, ...]]) -> _PhraseIndex:
    """Entries (in :func:`_phrases` words) with a joining word inside (``return on ad
    spend``): the word does not cut a metric name where the whole entry stands."""
    return _by_first_word(
        p for phrases in lists for p in phrases if len(p) > 1 and not _JOINS.isdisjoint(p)
    )


def _head_and_rest(
    tokens: list[str], protected: _PhraseIndex
) -> tuple[list[str], str | None, list[str]]:
    """A metric's head, the joining word that ends it (if any), and what follows."""
    covered: set[int] = set()
    n = len(tokens)
    for i, k in _found_at(tokens, protected):
        covered.update(range(i, i + k))
    # A joining word that starts the name belongs to the head ("in-store visits").
    for i in range(1, n):
        word = tokens[i]
        if word in _JOINS and i not in covered and tokens[i - 1] not in _PHRASAL:
            return tokens[:i], word, tokens[i + 1 :]
    return tokens, None, []


def _follows_head(word: str) -> bool:
    """A word that says how or when a head is counted, not what: a measure, a period,
    a multiplier or a participle ("leads generated monthly", "pipeline 3x")."""
    return (
        word in _AFTER_HEAD
        or _PERIOD.fullmatch(word) is not None
        or _MULTIPLIER.fullmatch(word) is not None
        or _PARTICIPLE.fullmatch(word) is not None
    )


def _ending(tokens: list[str], table: Mapping[tuple[str, ...], str], longest: int) -> str | None:
    """The value of the longest entry of ``table`` that ends ``tokens``. A word that
    only says how the head is counted is set aside first when what it follows names
    something (``pipeline coverage`` counts pipeline, while ``analyst coverage`` is
    coverage itself)."""
    if not tokens:
        return None
    if _follows_head(tokens[-1]):
        found = _ending(tokens[:-1], table, longest)
        if found is not None:
            return found
    for k in range(min(longest, len(tokens)), 0, -1):
        found = table.get(tuple(tokens[-k:]))
        if found is not None:
            return found
    return None


def _measures_only(tokens: list[str]) -> bool:
    """True for a head that is only a measure ("15 increase", "an uplift", "number")."""
    words = [t for t in tokens if t not in _ARTICLES and not _PERIOD.fullmatch(t)]
    return bool(words) and all(w in _MEASURES for w in words)


def _named_by_verb(tokens: list[str], table: Mapping[tuple[str, ...], str]) -> str | None:
    """For a head whose nouns name nothing: what its last participle or gerund names
    ("emails opened" counts opens, "enrolled freshmen" enrolments, "influencers sharing
    content" shares, "users who click" clicks)."""
    for word in reversed(tokens):
        if word in _IRREGULAR_NOUNS:
            stems = [_IRREGULAR_NOUNS[word]]
        elif _PARTICIPLE.fullmatch(word):
            stems = [word[:-2], word[:-1]]
        elif _GERUND.fullmatch(word):
            stems = [word[:-3], word[:-3] + "e"]
        else:
            continue
        for stem in stems:
            found = table.get((stem,))
            if found is not None:
                return found
    return None


def _phrases(entries: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    # Each entry's match key once: the default vocabulary is built on every run.
    return tuple(tuple(key.split()) for key in map(match_key, entries) if key)


def _matches(tokens: list[str], index: _PhraseIndex) -> bool:
    return next(iter(_found_at(tokens, index)), None) is not None


DEFAULT = Vocabulary()
