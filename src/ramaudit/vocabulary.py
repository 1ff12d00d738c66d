"""Word lists the rules match against. They are data, not code: configuration can
extend or replace each list (``[tool.ramaudit.vocabulary]``).

Metric names are compared after :func:`normalise`, so ``Email Opens``, ``email_opens``
and ``email-opens`` are one metric. A metric matches a list entry when the entry's
words appear in the metric's words in order (``email opens`` matches ``opens``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

STAGES = ("awareness", "education", "conversion", "retention")

# Activity measures: they count what marketing did or how many people glanced at it,
# not what the business got.
VANITY_METRICS = (
    "impressions", "reach", "views", "page views", "pageviews", "video views", "likes",
    "followers", "fans", "subscribers", "opens", "open rate", "clicks", "click through rate",
    "ctr", "downloads", "posts published", "posts", "shares", "retweets", "mentions",
    "engagement", "engagement rate", "visits", "sessions", "hits", "traffic",
    "time on page", "bounce rate", "emails sent", "sends", "booth visitors", "attendees",
    "registrations", "app installs", "views per post", "articles published",
)

# Business outcomes: what sales, finance and the board recognise.
OUTCOME_METRICS = (
    "qualified leads", "marketing qualified leads", "sales qualified leads",
    "sales accepted leads", "mql", "sql", "sal", "leads", "pipeline", "pipeline value",
    "opportunities", "revenue", "bookings", "closed won", "deals", "win rate",
    "customers", "new customers", "retention", "retention rate", "churn", "churn rate",
    "repeat purchases", "repeat purchase rate", "renewals", "renewal rate", "upsell",
    "expansion revenue", "customer lifetime value", "clv", "ltv", "market share",
    "net revenue retention", "nrr", "customer acquisition cost", "cac", "orders",
    "sales", "conversion rate", "average order value", "booked jobs", "appointments booked",
    "partner sourced pipeline", "partner sourced revenue", "signed partners",
)

# Metrics where a smaller number is the better one.
DECREASING_METRICS = (
    "churn", "churn rate", "cost", "cost per lead", "cost per acquisition", "cac",
    "customer acquisition cost", "cpl", "cpa", "bounce rate", "unsubscribe rate",
    "time to close", "sales cycle", "complaints", "refunds", "returns", "response time",
)

# RACE (reach, act, convert, engage), AIDA and common funnel words onto our four stages.
STAGE_SYNONYMS: Mapping[str, str] = {
    "awareness": "awareness", "reach": "awareness", "attention": "awareness",
    "attract": "awareness", "top of funnel": "awareness", "tofu": "awareness",
    "brand": "awareness", "discover": "awareness", "discovery": "awareness",
    "education": "education", "act": "education", "interest": "education",
    "consideration": "education", "consider": "education", "learn": "education",
    "nurture": "education", "engage prospects": "education", "middle of funnel": "education",
    "mofu": "education", "evaluation": "education",
    "conversion": "conversion", "convert": "conversion", "desire": "conversion",
    "action": "conversion", "decision": "conversion", "purchase": "conversion",
    "bottom of funnel": "conversion", "bofu": "conversion", "acquisition": "conversion",
    "retention": "retention", "engage": "retention", "loyalty": "retention",
    "advocacy": "retention", "delight": "retention", "expansion": "retention",
    "repeat": "retention", "reinforce": "retention", "post purchase": "retention",
}

PLACEHOLDERS = ("tbd", "tba", "tbc", "todo", "fixme", "xxx", "lorem ipsum", "???", "n/a", "?")

BROAD_SEGMENTS = ("everyone", "all", "everybody", "general public", "mass market", "anyone",
                  "all customers", "all segments", "public")

MARKETING_FUNCTIONS = ("marketing", "brand", "communications", "comms", "pr", "digital",
                       "content", "demand generation", "demand gen", "growth marketing")

_SPLIT = re.compile(r"[^0-9a-z?/]+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: ``Email_Opens`` -> ``email opens``."""
    return " ".join(w for w in _SPLIT.split(str(text).lower()) if w)


@dataclass(frozen=True)
class Vocabulary:
    vanity_metrics: tuple[str, ...] = VANITY_METRICS
    outcome_metrics: tuple[str, ...] = OUTCOME_METRICS
    decreasing_metrics: tuple[str, ...] = DECREASING_METRICS
    stage_synonyms: Mapping[str, str] = field(default_factory=lambda: dict(STAGE_SYNONYMS))
    placeholders: tuple[str, ...] = PLACEHOLDERS
    broad_segments: tuple[str, ...] = BROAD_SEGMENTS
    marketing_functions: tuple[str, ...] = MARKETING_FUNCTIONS

    def __post_init__(self) -> None:
        cache = {
            "_vanity": _phrases(self.vanity_metrics),
            "_outcome": _phrases(self.outcome_metrics),
            "_decreasing": _phrases(self.decreasing_metrics),
            "_stages": {normalise(k): v for k, v in self.stage_synonyms.items()},
            "_broad": frozenset(normalise(s) for s in self.broad_segments),
            "_marketing": frozenset(normalise(s) for s in self.marketing_functions),
        }
        for name, value in cache.items():
            object.__setattr__(self, name, value)

    def is_vanity(self, metric: str) -> bool:
        """Activity metric, unless it also names an outcome (``cost per click`` is not)."""
        words = normalise(metric)
        return _matches(words, self._vanity) and not _matches(words, self._outcome)  # type: ignore[attr-defined]

    def is_outcome(self, metric: str) -> bool:
        return _matches(normalise(metric), self._outcome)  # type: ignore[attr-defined]

    def is_decreasing(self, metric: str) -> bool:
        return _matches(normalise(metric), self._decreasing)  # type: ignore[attr-defined]

    def stage(self, text: str) -> str | None:
        return self._stages.get(normalise(text))  # type: ignore[attr-defined]

    def is_broad_segment(self, text: str) -> bool:
        return normalise(text) in self._broad  # type: ignore[attr-defined]

    def is_marketing_function(self, text: str) -> bool:
        return normalise(text) in self._marketing  # type: ignore[attr-defined]

    def placeholder_in(self, text: str) -> str | None:
        """The placeholder word found in ``text``, if any (whole words only)."""
        raw = str(text).lower()
        words = f" {normalise(text)} "
        for p in self.placeholders:
            if not p.strip("?"):  # "???" and "?" are punctuation, compare the raw text
                if raw.strip() == p or (len(p) > 1 and p in raw):
                    return p
            elif f" {p} " in words:
                return p
        return None

    def extended(self, **lists: Iterable[str] | Mapping[str, str]) -> Vocabulary:
        """A copy with entries added to the named lists."""
        changes: dict[str, object] = {}
        for name, extra in lists.items():
            current = getattr(self, name)
            if isinstance(current, Mapping):
                changes[name] = {**current, **dict(extra)}  # type: ignore[arg-type]
            else:
                changes[name] = tuple(current) + tuple(extra)
        return replace(self, **changes)  # type: ignore[arg-type]


def _phrases(entries: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normalise(e).split()) for e in entries if normalise(e))


def _matches(words: str, phrases: tuple[tuple[str, ...], ...]) -> bool:
    tokens = words.split()
    n = len(tokens)
    for phrase in phrases:
        k = len(phrase)
        for i in range(n - k + 1):
            if tuple(tokens[i : i + k]) == phrase:
                return True
    return False


DEFAULT = Vocabulary()
