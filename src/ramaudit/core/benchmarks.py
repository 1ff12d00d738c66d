"""Ranges of plausible cost per result (the ``benchmarks`` setting), and the result a
metric counts, by which a range and a KPI are matched (:func:`result_key`).

This module reads only the vocabulary, so that the configuration can hold its ranges
without loading the plan model; :mod:`ramaudit.core.costs` computes the costs.

Metrics are matched by the result they count: the name in the vocabulary's match-key
form (lower case, singular, bracketed glosses dropped), cut at its first joining word
as the vocabulary cuts a metric's head (``qualified leads from webinars`` counts
qualified leads), with words that only say when it is counted dropped (``leads
generated monthly``, ``SQLs Q3``), and the abbreviations the vocabulary lists beside
their long names spelt out (``MQLs`` are marketing qualified leads). A name whose last
word is a rate or a change (``conversion rate``, ``lead growth``) counts no result. A
range applies to a metric whose result ends in the range's (``webinar MQLs`` take the
range of ``marketing qualified leads``, else of ``qualified leads``); the longest such
range wins, as the vocabulary's longest entry does. A range stops short of words that
name a later stage of the funnel (``qualified``, ``accepted``, ``sales``, ``product``,
``converted``): the range for ``leads`` does not judge ``sales accepted leads`` or
``MQLs``, nor the one for ``qualified leads`` judge ``sales qualified leads``, since
each later stage costs more per result than the one before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import field

from ramaudit.core.records import dataclass

# The vocabulary's own readers of a metric's head, shared so that a range and a KPI are
# cut into their results exactly as the vocabulary cuts metrics.
from ramaudit.core.vocabulary import (
    _PARTICIPLE,
    _PERIOD,
    DEFAULT,
    Vocabulary,
    _glossless,
    _head_and_rest,
    _words,
    match_key,
)

# Abbreviations of results whose long names the vocabulary also lists, spelt out so that
# a plan's "MQLs" and a benchmark's "marketing qualified leads" are one result.
ABBREVIATIONS: Mapping[str, str] = {
    short: match_key(long)
    for short, long in {
        "mql": "marketing qualified lead",
        "sql": "sales qualified lead",
        "sal": "sales accepted lead",
        "pql": "product qualified lead",
        "sqo": "sales qualified opportunity",
        "sao": "sales accepted opportunity",
    }.items()
}
# Words after a result that say when or how it is counted, not what.
_WHEN_OR_HOW = _words(
    """daily weekly monthly quarterly yearly annual annually ytd mtd qtd this last next
    count number total volume won made acquisition"""
)
# Words that end a name measuring a rate or a change, which has no cost per result.
_RATES = _words(
    """rate ratio percentage percent pct growth increase uplift lift change share
    score velocity"""
)
# Words that name a later stage of the funnel than the result they qualify: a range
# for leads does not judge sales accepted leads, nor one for qualified leads sales
# qualified leads (the words in match-key form).
_STAGES = _words("qualified accepted sale product converted")
# A head made of these counts what follows its joining word ("number of leads").
_COUNTS = _words("number count total amount")


# result_key's answers per vocabulary (by id, the vocabulary kept so that its id stays
# its own) and metric: a run's plans name the same few metrics thousands of times, and
# RA316 and the score ask about each KPI more than once.
_RESULT_KEYS: dict[int, tuple[Vocabulary, dict[str, str | None]]] = {}
_RESULT_KEYS_MAX = 1 << 16


def result_key(metric: str, vocabulary: Vocabulary) -> str | None:
    """The result ``metric`` counts, in match-key words with abbreviations spelt out
    (see the module docstring); None when it names no countable result (a rate, a
    change, nothing at all)."""
    held = _RESULT_KEYS.get(id(vocabulary))
    if held is None or held[0] is not vocabulary:
        if len(_RESULT_KEYS) > 64:
            _RESULT_KEYS.clear()
        held = _RESULT_KEYS[id(vocabulary)] = (vocabulary, {})
    answers = held[1]
    try:
        return answers[metric]
    except KeyError:
        pass
    except TypeError:  # not text after all: answer without remembering
        return _result_key(metric, vocabulary)
    if len(answers) >= _RESULT_KEYS_MAX:
        answers.clear()
    found = answers[metric] = _result_key(metric, vocabulary)
    return found


def _result_key(metric: str, vocabulary: Vocabulary) -> str | None:
    tokens = _glossless(metric) or match_key(metric).split()
    protected = vocabulary._protected  # type: ignore[attr-defined]
    head, _join, rest = _head_and_rest(tokens, protected)
    if rest and all(word in _COUNTS for word in head):
        head, _join, _rest = _head_and_rest(rest, protected)
    while len(head) > 1 and _said_when_or_how(head[-1]):
        head = head[:-1]
    if not head or head[-1] in _RATES:
        return None
    return " ".join(ABBREVIATIONS.get(word, word) for word in head)


def _said_when_or_how(word: str) -> bool:
    return (
        word in _WHEN_OR_HOW
        or _PERIOD.fullmatch(word) is not None
        or _PARTICIPLE.fullmatch(word) is not None
    )


# --------------------------------------------------------------------------- benchmarks


@dataclass(frozen=True, slots=True)
class Benchmark:
    """A range of plausible cost per result for one result (``metric`` as configured).
    ``low`` or ``high`` may be None: no bound on that side. ``currency`` is the
    currency the figures are in; None for a range a user gave, which is in the plan's
    currency. ``source`` cites the published figure a built-in range comes from."""

    metric: str
    low: float | None
    high: float | None
    currency: str | None = None
    source: str = ""

    def applies_to(self, currency: str) -> bool:
        """Whether the range can judge a plan in ``currency``: a user's range always
        (it is in the plan's currency); a built-in one only in its own currency."""
        return self.currency is None or self.currency.strip().upper() == currency.strip().upper()

    def outside(self, cost: float, tolerance: float = 0.0) -> str | None:
        """``"low"`` when ``cost`` is below the range by more than ``tolerance`` (a
        fraction of the bound), ``"high"`` when above it by more, else None."""
        if self.low is not None and cost < self.low * (1 - tolerance):
            return "low"
        if self.high is not None and cost > self.high * (1 + tolerance):
            return "high"
        return None

    @property
    def shown(self) -> dict[str, float]:
        """The range as ``config --show`` prints it."""
        out: dict[str, float] = {}
        if self.low is not None:
            out["low"] = self.low
        if self.high is not None:
            out["high"] = self.high
        return out


# WordStream (LocaliQ), 2023 Search Advertising Benchmarks: 17,253 US search campaigns,
# April 2022 to March 2023. The lowest and highest average cost per lead of its 23
# industries (Automotive Repair, Service & Parts; Career & Employment), in US dollars.
# docs/plausibility.md cites it; no other result has a published figure trusted here.
DEFAULT_BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        "leads",
        21.12,
        132.95,
        currency="USD",
        source="WordStream by LocaliQ, 2023 Search Advertising Benchmarks",
    ),
)


@dataclass(frozen=True)
class Benchmarks:
    """The ranges a run checks costs against: the built-in ones, then the configured
    ones (a metric given in configuration replaces a built-in range for the same
    result; given as an empty list it removes it)."""

    entries: tuple[Benchmark, ...] = DEFAULT_BENCHMARKS
    # The ranges keyed by the words of their results, per vocabulary (by its id: a run
    # reads one vocabulary per plan, and a vocabulary holds tables, so has no hash).
    _keyed: dict[int, dict[tuple[str, ...], Benchmark]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __bool__(self) -> bool:
        return bool(self.entries)

    def keyed(self, vocabulary: Vocabulary) -> dict[tuple[str, ...], Benchmark]:
        """The ranges by the words of the result each counts."""
        table = self._keyed.get(id(vocabulary))
        if table is None:
            table = {}
            for entry in self.entries:
                key = result_key(entry.metric, vocabulary)
                if key is not None:
                    table[tuple(key.split())] = entry
            self._keyed.clear()  # one vocabulary at a time is all a run needs
            self._keyed[id(vocabulary)] = table
        return table

    def with_config(self, given: Mapping[str, Benchmark | None]) -> Benchmarks:
        """These ranges with the configured ones: ``None`` removes the range of that
        result, a :class:`Benchmark` adds it or replaces the one for the same result."""
        mine = {result_key(metric, DEFAULT): value for metric, value in given.items()}
        kept = [e for e in self.entries if result_key(e.metric, DEFAULT) not in mine]
        return Benchmarks((*kept, *(v for v in mine.values() if v is not None)))


def benchmark_for(
    metric: str, benchmarks: Benchmarks, vocabulary: Vocabulary, currency: str | None = None
) -> Benchmark | None:
    """The range that judges ``metric``: the longest configured result that ends the
    result ``metric`` counts (see the module docstring), among the ranges that apply
    to a plan in ``currency`` (any when None). None when no range fits."""
    key = result_key(metric, vocabulary)
    if key is None:
        return None
    words = tuple(key.split())
    table = benchmarks.keyed(vocabulary)
    for start in range(len(words)):
        if start and words[start - 1] in _STAGES:
            break  # "sales accepted leads" are no plain leads: a later stage costs more
        found = table.get(words[start:])
        if found is not None and (currency is None or found.applies_to(currency)):
            return found
    return None


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def config_key(metric: str) -> str:
    """``metric`` as a TOML key writes it: bare, or quoted when it has spaces."""
    return metric if _BARE.fullmatch(metric) else json.dumps(metric, ensure_ascii=False)
