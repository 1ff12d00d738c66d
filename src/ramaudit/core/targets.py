"""KPI targets as marketers write them: a number, or a change against the baseline
(``+20%``, ``reduce by 30%``, ``3x``, ``+5pp``), a rate (``15%``), growth per period
(``+5% month over month``, ``10% YoY``) or ``confidential``.

:func:`read_target` turns what YAML gives into a :class:`TargetForm`, which keeps the
target as written and can :meth:`~TargetForm.resolve` it to the number it means once
the baseline is known. Three outcomes, so that the model can word its own findings:

- a :class:`TargetForm` for a number or a form below;
- ``None`` for what is no target form at all: text that the model then checks for
  placeholders (``TBD``) or reports as it does for any number written as text, and
  true/false, which the model refuses; numbers with thousands separators or suffixes
  (``12k``, ``$1,200``) are left to the model too, which already explains them;
- :class:`TargetError` for text that is plainly meant as a target form and cannot be
  read as one (``reduce by -30%``, ``0x``, ``15% vs last year``); its message shows a
  form that reads.

A sign makes a percentage a change (``+20%``, ``-30%``); no sign makes it a rate
(``15%``, read as the number 15 with the unit percent), unless words give it a
direction (``20% more``) or a period (``5% MoM``). Percentage points are a change in
a rate: ``+5pp`` on a baseline of 12% is 17%.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from typing import Literal, NoReturn

from ramaudit.core.periods import LazyPattern
from ramaudit.core.records import dataclass

TargetKind = Literal["absolute", "rate", "change", "points", "multiple", "growth", "confidential"]
Period = Literal["week", "month", "quarter", "year"]
_RELATIVE = frozenset({"change", "points", "multiple", "growth"})


class TargetError(ValueError):
    """Text meant as a target form that cannot be read as one; the message says why in
    plain words and shows a form that reads."""


@dataclass(frozen=True, slots=True)
class TargetForm:
    """A target as written, and what it means.

    ``amount`` is the number for an absolute target or a rate; the change as a fraction
    (+0.20, -0.30); percentage points (+5.0); the multiple (3.0); growth per period as a
    fraction; None when confidential. ``per`` is the period of growth.
    """

    kind: TargetKind
    amount: float | None
    per: Period | None = None
    written: str = ""

    @property
    def relative(self) -> bool:
        """True when the target needs a baseline to mean a number."""
        return self.kind in _RELATIVE

    def resolve(self, baseline: float | None, periods: float | None = None) -> float | None:
        """The number this target means: a change of the baseline by the fraction, the
        baseline plus the points, times the multiple, or grown ``periods`` times; the
        amount itself for a number or rate. None when it is confidential, or needs a
        baseline (or for growth, a count of periods of 0 or more) that is not given."""
        amount = self.amount
        if amount is None:
            return None
        if self.kind in ("absolute", "rate"):
            return amount
        if baseline is None:
            return None
        if self.kind == "change":
            return baseline * (1 + amount)
        if self.kind == "points":
            return baseline + amount
        if self.kind == "multiple":
            return baseline * amount
        if periods is None or not periods >= 0:  # not >= catches NaN
            return None
        try:
            return baseline * (1 + amount) ** periods
        except OverflowError:  # growth compounded over very many periods
            return math.copysign(math.inf, baseline) if baseline else 0.0


# --- the text --------------------------------------------------------------------------

_TYPOGRAPHY = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-")
    | {"\u00d7": "x", "\uff05": "%", "\ufe6a": "%", "\uff0b": "+"}
)
_BLANKS = re.compile(r"\s+")


def _clean(text: str) -> str:
    """Lower case, one blank between words, plain dashes, 'x' for '×'."""
    return _BLANKS.sub(" ", text.translate(_TYPOGRAPHY)).strip().casefold()


_NUMBER = r"(?P<n>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_UP_VERBS = ("increase", "increased", "raise", "rise", "grow", "boost", "lift", "up")
_DOWN_VERBS = (
    "reduce",
    "decrease",
    "decreased",
    "cut",
    "lower",
    "drop",
    "down",
    "shrink",
    "decline",
)
_UP_WORDS = ("more", "higher", "up", "increase", "uplift", "growth", "gain", "rise")
_DOWN_WORDS = ("fewer", "less", "lower", "down", "decrease", "reduction", "drop", "cut", "decline")
_UNITS = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pct": "percent",
    "pp": "points",
    "ppt": "points",
    "ppts": "points",
    "percentage point": "points",
    "percentage points": "points",
    "percent points": "points",
    "point": "loose points",  # a plain 'points' could be a score; needs a sign
    "points": "loose points",
    "pt": "loose points",
    "pts": "loose points",
    "x": "multiple",
    "times": "multiple",
    "fold": "multiple",
    "-fold": "multiple",
}


def _choice(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that 'points' wins over 'pt'."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# A number with what says how to read it: '+20%', 'reduce by 30%', '20% more', '3x',
# '+5 pp', '2 times'. What follows (rest) is a period or a comparison, read below.
_SHAPE = LazyPattern(
    rf"(?:(?P<verb>{_choice(_UP_VERBS + _DOWN_VERBS)})(?: by)? )?"
    rf"(?P<sign>[+-])? ?{_NUMBER} ?(?P<unit>{_choice(_UNITS)})?"
    rf"(?: (?P<word>{_choice(_UP_WORDS + _DOWN_WORDS)}))?(?P<rest>(?: .*)?)",
    re.ASCII,
)
_TIMES_BEFORE = LazyPattern(rf"x ?{_NUMBER}(?P<rest>(?: .*)?)")
_MULTIPLE_WORDS = {
    "double": 2.0,
    "doubled": 2.0,
    "triple": 3.0,
    "tripled": 3.0,
    "quadruple": 4.0,
    "quadrupled": 4.0,
    "halve": 0.5,
    "halved": 0.5,
    "cut in half": 0.5,
}
_WORD_MULTIPLE = LazyPattern(rf"(?P<word>{_choice(_MULTIPLE_WORDS)})(?P<rest>(?: .*)?)")
_CONFIDENTIAL = frozenset({"confidential", "undisclosed", "not disclosed"})

_PERIOD_PHRASES: dict[Period, str] = {
    "week": "week over week|week-over-week|wow|w/w|per week|a week|each week|every week|weekly",
    "month": (
        "month over month|month-over-month|mom|m/m|per month|a month|each month|every month|monthly"
    ),
    "quarter": (
        "quarter over quarter|quarter-over-quarter|qoq|q/q|per quarter|a quarter|each quarter"
        "|every quarter|quarterly"
    ),
    "year": (
        "year over year|year-over-year|yoy|y/y|per year|a year|each year|every year|yearly"
        "|annually|per annum|p.a."
    ),
}
_PERIODS: dict[str, Period] = {
    phrase: per for per, phrases in _PERIOD_PHRASES.items() for phrase in phrases.split("|")
}
_COMPARISON = LazyPattern(
    r"(?P<how>vs\.?|versus|compared (?:to|with)|relative to|against|over|above|below|under"
    r"|on|from) \S.*",
    re.ASCII,
)


# --- reading --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reading:
    """The parts of one target text, before they are checked against each other."""

    written: str
    number: float
    unit: str | None  # 'percent', 'points', 'loose points', 'multiple', or None
    directions: tuple[int, ...]  # +1 or -1 for each sign, verb or word that gives one
    per: Period | None
    comparison: str | None  # 'over', 'vs', ... when a comparison follows


def _direction(reading: _Reading) -> int | None:
    """+1 or -1 when the text gives a direction, None when it gives none."""
    if not reading.directions:
        return None
    if len(set(reading.directions)) > 1:
        raise TargetError(
            f"'{reading.written}' says both up and down; write the change once, such as "
            "'+20%' or 'reduce by 30%'"
        )
    return reading.directions[0]


def _change(reading: _Reading, sign: int, kind: Literal["change", "growth"]) -> TargetForm:
    fraction = sign * reading.number / 100
    if fraction < -1:
        raise TargetError(
            f"'{reading.written}' would take the metric below zero; a fall is at most "
            "100%, such as '-30%'"
        )
    return TargetForm(kind, fraction, reading.per, reading.written)


def _percent(reading: _Reading) -> TargetForm:
    sign = _direction(reading)
    if reading.per is not None:
        return _change(reading, sign or 1, "growth")
    if sign is None and reading.comparison is not None:
        if reading.comparison in ("over", "above"):
            sign = 1
        elif reading.comparison in ("below", "under"):
            sign = -1
        else:
            raise TargetError(
                f"'{reading.written}' could be a rate or a change; write '+{reading.number:g}%"
                f"' with its sign for a change against the baseline, or '{reading.number:g}%' "
                "alone for a rate"
            )
    if sign is None:
        return TargetForm("rate", reading.number, None, reading.written)
    return _change(reading, sign, "change")


def _points(reading: _Reading) -> TargetForm:
    sign = _direction(reading)
    if reading.per is not None:
        raise TargetError(
            f"'{reading.written}' is growth in percentage points per period, which is not "
            "read; write the change over the whole period, such as '+5pp', or growth in "
            "percent, such as '+5% month over month'"
        )
    if sign is None and reading.unit == "loose points":
        raise TargetError(
            f"'{reading.written}' could be a score or a change; write '+{reading.number:g} "
            f"points' with its sign for a change in percentage points, or the number "
            f"{reading.number:g} for a score"
        )
    return TargetForm("points", (sign or 1) * reading.number, None, reading.written)


def _multiple(reading: _Reading) -> TargetForm:
    if _direction(reading) == -1:
        raise TargetError(
            f"'{reading.written}' is a multiple with a fall; write the multiple alone, "
            "such as '0.5x' or 'halve', or the fall in percent, such as '-50%'"
        )
    if reading.number <= 0:
        raise TargetError(
            f"'{reading.written}' is not a multiple that can be reached; a multiple is "
            "more than 0, such as '3x' or '0.5x'"
        )
    if reading.per is not None:  # '2x a year' grows by 100% a year
        return TargetForm("growth", reading.number - 1, reading.per, reading.written)
    return TargetForm("multiple", reading.number, None, reading.written)


def _amount_change(reading: _Reading) -> NoReturn:
    raise TargetError(
        f"'{reading.written}' is a change by an amount, which is not read; write the "
        "target number itself (the baseline with the change added), or the change in "
        "percent, such as '+20%' or 'reduce by 30%'"
    )


def _finite(digits: str, written: str) -> float:
    """The number the digits write; a number past what a float holds is no target."""
    number = float(digits)
    if not math.isfinite(number):
        raise TargetError(
            f"'{written}' has a number too large to be a target; check the number, "
            "such as '+20%' or '3x'"
        )
    return number


def _leaning(word: str) -> int:
    """+1 for a word that says up, -1 for down, 0 for 'growth', which is either."""
    if word == "growth":
        return 0
    return 1 if word in _UP_WORDS else -1


def _rest(rest: str) -> tuple[Period | None, str | None, int | None] | None:
    """What follows the number: a period of growth, perhaps with a word for its
    direction ('yoy growth', 'mom decline'), a comparison, or nothing, as (period,
    comparison, direction); None for anything else, which makes the whole text no
    target form."""
    rest = rest.strip()
    if not rest:
        return None, None, None
    if rest in _PERIODS:
        return _PERIODS[rest], None, None
    phrase, _, word = rest.rpartition(" ")
    if phrase in _PERIODS and word in _UP_WORDS + _DOWN_WORDS:
        return _PERIODS[phrase], None, _leaning(word)
    comparison = _COMPARISON.fullmatch(rest)
    if comparison is not None:
        return None, comparison["how"].split()[0].rstrip("."), None
    return None


def _shaped(cleaned: str, written: str) -> TargetForm | None:
    """A number with its sign, verb, unit or words: '+20%', 'cut 30%', '3x', '+5pp'."""
    match = _SHAPE.fullmatch(cleaned)
    if match is None:
        return None
    tail = _rest(match["rest"])
    if tail is None:
        return None
    if match["verb"] and match["sign"]:
        raise TargetError(
            f"'{written}' gives a word and a sign for the change; write one of them, "
            "such as 'reduce by 30%' or '-30%'"
        )
    per, comparison, trailing = tail
    leanings = [trailing] if trailing is not None else []
    if match["sign"]:
        leanings.append(1 if match["sign"] == "+" else -1)
    if match["verb"]:
        leanings.append(1 if match["verb"] in _UP_VERBS else -1)
    if match["word"]:
        leanings.append(_leaning(match["word"]))
    # 'growth' says up only when nothing else gives a direction: '-5% growth' is a fall
    directions = tuple(lean for lean in leanings if lean) or ((1,) if leanings else ())
    unit = _UNITS.get(match["unit"]) if match["unit"] else None
    if unit is None and not (match["verb"] or match["word"]):
        return None  # a number written as text ('+200'): the model says how to write it
    number = _finite(match["n"], written)
    reading = _Reading(written, number, unit, directions, per, comparison)
    if unit == "percent":
        return _percent(reading)
    if unit in ("points", "loose points"):
        return _points(reading)
    if unit == "multiple":
        return _multiple(reading)
    return _amount_change(reading)


def _multiplied(cleaned: str, written: str) -> TargetForm | None:
    """A multiple written before its number or as a word: 'x3', 'double', 'halve'."""
    before = _TIMES_BEFORE.fullmatch(cleaned)
    word = _WORD_MULTIPLE.fullmatch(cleaned) if before is None else None
    match = before or word
    if match is None:
        return None
    tail = _rest(match["rest"])
    if tail is None:
        return None
    number = _finite(match["n"], written) if before is not None else _MULTIPLE_WORDS[match["word"]]
    per, comparison, trailing = tail
    directions = (trailing,) if trailing else ()
    return _multiple(_Reading(written, number, "multiple", directions, per, comparison))


def read_target(value: object) -> TargetForm | None:
    """The target ``value`` writes, as YAML 1.2 gives it. A number is an absolute
    target; text is read as one of the forms in the module's description. None for
    true/false (not a number: the model refuses it) and for text that is no target
    form; :class:`TargetError` for text meant as one that cannot be read."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # more digits than a float holds: the model refuses it
            return None
        if not math.isfinite(number):
            return None
        return TargetForm("absolute", number, None, str(value))
    if not isinstance(value, str):
        return None
    return _read_text(value)


@functools.lru_cache(maxsize=1 << 12)
def _read_text(text: str) -> TargetForm | None:
    """:func:`read_target` for text, cached: plans repeat their targets ('+20%')."""
    written = text.strip()
    cleaned = _clean(text)
    if cleaned in _CONFIDENTIAL:
        return TargetForm("confidential", None, None, written)
    return _shaped(cleaned, written) or _multiplied(cleaned, written)


_RATE = LazyPattern(rf"{_NUMBER} ?(?:%|percent|per cent|pct)")


def read_rate(value: object) -> float | None:
    """A baseline written as a rate, '12%' or '12.5 %', as the number 12 or 12.5; a
    number as itself; None for anything else (a sign would make it a change)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    match = _RATE.fullmatch(_clean(value))
    if match is None:
        return None
    number = float(match["n"])
    return number if math.isfinite(number) else None
