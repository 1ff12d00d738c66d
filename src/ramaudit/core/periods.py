"""Dates and periods as marketers write them: ``2027-03-31``, ``March 2027``, ``Q3 '27``,
``H1 FY27``, ``FY2026/27``, ``2027``, or ``Q4`` alone in a plan whose period says the year.

Everything here reads a value into a :class:`Span` of whole days. A plan field that wants
one day takes the span's first day (``start``) or its last (``end``, ``deadline``, ``due``),
so ``deadline: Q3 2027`` means 2027-09-30. The model decides which edge; this module
only reads.

Three outcomes, so that a caller can try other readings in turn:

- a :class:`Span` when the value is a date or a period;
- ``None`` when it is not written as one at all (a milestone id, a placeholder, a name);
- :class:`PeriodError` when it is plainly meant as a date or period and is wrong
  (``2027-02-30``, ``Q5``, ``H3``, month 13, a year outside 1900-2200, or ``Q4`` when
  there is no plan period, or more than one year in it, to take the year from). Its text
  says in plain words how to write it.

Fiscal years. With ``Calendar.fiscal_start`` after January, quarters and halves are the
fiscal year's, and a fiscal year is named by the calendar year it ends in: starting in
April, FY27 runs 2026-04-01 to 2027-03-31 and ``Q1 FY27`` is April to June 2026. A
quarter with a bare year (``Q3 2027``) is a quarter of that fiscal year too, because
that is how a company on a fiscal calendar speaks of its quarters. ``CY`` before a year
(``Q3 CY2027``) asks for the calendar's quarter instead. Months with a year are calendar
months; a month without one is the month inside the plan's fiscal year.

Beyond the forms the v2 design names, a range reads from the first day of one end to
the last of the other (``Jan-Mar 2027``, ``Q1 to Q2 2027``, ``2026-04-01 to
2027-03-31``; an end without a year takes the other end's), and ``end of Q3`` or
``start of H2`` is that one day; :func:`describe` writes only text that reads back.

Speed. A plan may hold 100,000 dates, nearly all ``YYYY-MM-DD`` and many repeated, so
that form is tried first, by position of its dashes, and every reading is cached.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from typing import Literal

from ramaudit.core.records import dataclass

MIN_YEAR = 1900
MAX_YEAR = 2200
# Shown in messages when the text gives no usable year of its own.
_EXAMPLE_YEAR = 2027


class PeriodError(ValueError):
    """A value written as a date or a period that is not a real one; the message says
    in plain words what is wrong and shows a form that reads."""


class _NoYear(PeriodError):
    """A period without a year and no plan period to take one from. Its own class so
    that a range can lend one end's year to the other ('Jan to Mar 2027')."""


@dataclass(frozen=True, slots=True)
class Span:
    """A period of whole days, both ends inclusive."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise PeriodError(
                f"the period ends ({self.last.isoformat()}) before it starts "
                f"({self.first.isoformat()}); write the start first, such as "
                "2027-01-01 to 2027-12-31"
            )

    def day(self, edge: Literal["first", "last"]) -> dt.date:
        """The first or the last day: ``start`` takes the first, ``end`` and
        deadlines the last."""
        return self.first if edge == "first" else self.last

    @property
    def days(self) -> int:
        """How many days the span holds, both ends counted."""
        return (self.last - self.first).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class Calendar:
    """What a period without a year, or a fiscal one, is read against."""

    fiscal_start: int = 1  # the month, 1-12, the fiscal year starts in
    plan: Span | None = None  # the plan period, for 'Q4', 'H1', 'March'

    def __post_init__(self) -> None:
        if type(self.fiscal_start) is not int or not 1 <= self.fiscal_start <= 12:
            raise PeriodError(
                "a fiscal year starts in a month from 1 (January) to 12 (December), "
                "such as fiscal_year_start: april"
            )


_CALENDAR = Calendar()

# --- arithmetic on months and fiscal years -------------------------------------------


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    """The month ``months`` after ``month`` of ``year``, as (year, month)."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _months(year: int, month: int, count: int) -> Span:
    """``count`` whole months from the first of ``month``."""
    end_year, end_month = _shift(year, month, count)
    return Span(dt.date(year, month, 1), dt.date(end_year, end_month, 1) - dt.timedelta(days=1))


def _fiscal_first(fiscal_year: int, fiscal_start: int) -> tuple[int, int]:
    """The first month of the fiscal year named ``fiscal_year`` (the year it ends in)."""
    return (fiscal_year, 1) if fiscal_start == 1 else (fiscal_year - 1, fiscal_start)


def fiscal_year(day: dt.date, calendar: Calendar = _CALENDAR) -> int:
    """The name of the fiscal year ``day`` falls in: the calendar year it ends in."""
    if calendar.fiscal_start > 1 and day.month >= calendar.fiscal_start:
        return day.year + 1
    return day.year


def _part(fiscal_year_name: int, fiscal_start: int, index: int, length: int) -> Span:
    """Part ``index`` (1-based) of ``length`` months of a fiscal year: quarters are 3
    months long, halves 6, the year 12."""
    year, month = _shift(*_fiscal_first(fiscal_year_name, fiscal_start), (index - 1) * length)
    return _months(year, month, length)


def _month_in_fiscal_year(fiscal_year_name: int, fiscal_start: int, month: int) -> Span:
    """Month ``month`` of the fiscal year named ``fiscal_year_name``: with an April start,
    March of FY27 is March 2027 and April is April 2026."""
    first_year, _ = _fiscal_first(fiscal_year_name, fiscal_start)
    year = first_year if month >= fiscal_start else first_year + 1
    return _months(year, month, 1)


# --- normalising the text --------------------------------------------------------------

# Word processors turn '-' into dashes and "'" into curly quotes; both are read as typed.
_TYPOGRAPHY = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
    | dict.fromkeys("\u2018\u2019\u201b\u02bc\u2032\u00b4`", "'")
)
_BLANKS = re.compile(r"\s+")


def _clean(text: str) -> str:
    """Lower case, one blank between words, plain dashes and apostrophes."""
    return _BLANKS.sub(" ", text.translate(_TYPOGRAPHY)).strip().casefold()


_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MON = "(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# A year: 'fy27', 'fy 2027', 'fiscal year 2027', 'fy2026/27', 'cy2027', "'27", '2027'.
# Digits are taken whole (possessive '++') so that 'Q327' is not read as 'Q3 27'.
_YEAR = (
    r"(?:(?P<fy>fy|fiscal(?: year)?) ?-? ?'?|(?P<cy>cy|calendar(?: year)?) ?-? ?'?|(?P<ap>'))?"
    r"(?P<y>[0-9]++)(?: ?[/-] ?(?P<y2>[0-9]++))?"
)
# 'Q3', 'Qtr 3', 'quarter 3', '3Q', '3rd quarter', 'third quarter'; 'H1', 'half 1', '1H',
# '1st half', 'first half'. A digit before the letter is one digit, so that '2027Q3'
# is not a 2027th quarter.
_PART = (
    r"(?:(?:quarter|qtr|q) ?(?P<q>[0-9]++)|(?P<qa>[0-9])(?:q|(?:st|nd|rd|th) quarter)"
    r"|(?P<qw>first|second|third|fourth) quarter"
    r"|(?:half|h) ?(?P<h>[0-9]++)|(?P<ha>[0-9])(?:h|(?:st|nd|rd|th) half)"
    r"|(?P<hw>first|second) half)"
)
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_SEP = r"[ ,/-]*(?:of )?"
_ORDINAL = r"(?:st|nd|rd|th)?"


# --- reading the parts ---------------------------------------------------------------


def _full_year(digits: str, written: str) -> int:
    """A year from its digits: two digits are 20xx, four are the year itself."""
    if len(digits) == 2:
        return 2000 + int(digits)
    if len(digits) != 4:
        raise PeriodError(
            f"'{written}' has no year that can be read; write the year with four digits, "
            f"such as {_EXAMPLE_YEAR}"
        )
    year = int(digits)
    _check_year(year, written)
    return year


def _check_year(year: int, written: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            f"'{written}' names the year {year}; plans are read for the years {MIN_YEAR} "
            f"to {MAX_YEAR}; check the year, such as '{_EXAMPLE_YEAR}'"
        )


def _pair_end(first: int, second_digits: str, written: str, calendar: Calendar) -> int:
    """The fiscal year that 'FY2026/27' names (2027), once the two years are checked."""
    second = int(second_digits) if len(second_digits) in (2, 4) else -1
    if len(second_digits) == 2:
        second += first // 100 * 100
        if second <= first:  # FY1999/00
            second += 100
    if second != first + 1:
        raise PeriodError(
            f"'{written}' names two years that do not follow each other; a fiscal year "
            f"over two calendar years is written with both, such as 'FY{_EXAMPLE_YEAR - 1}"
            f"/{_EXAMPLE_YEAR % 100}'"
        )
    _check_year(second, written)
    if calendar.fiscal_start == 1:
        raise PeriodError(
            f"'{written}' is a fiscal year over two calendar years, but the plan's fiscal "
            "year starts in January; say when it starts (plan: fiscal_year_start: april) "
            f"or write the one year, such as 'FY{second}'"
        )
    return second


@dataclass(frozen=True, slots=True)
class _Year:
    number: int  # the calendar year, or the fiscal year's name
    fiscal: bool  # written 'FY…' (or as two years)
    calendar: bool  # written 'CY…': calendar quarters even with a fiscal calendar


def _year(match: re.Match[str], written: str, calendar: Calendar) -> _Year:
    """The year spelled by the groups of :data:`_YEAR`."""
    year = _full_year(match["y"], written)
    if match["y2"] is None:
        return _Year(year, bool(match["fy"]), bool(match["cy"]))
    if match["cy"]:
        raise PeriodError(
            f"'{written}' names two years, but a calendar year is one; write one year, "
            f"such as 'CY{_EXAMPLE_YEAR}', or a fiscal year, such as "
            f"'FY{_EXAMPLE_YEAR - 1}/{_EXAMPLE_YEAR % 100}'"
        )
    return _Year(_pair_end(year, match["y2"], written, calendar), True, False)


def _plan_year(written: str, calendar: Calendar, example: Callable[[int], str]) -> int:
    """The fiscal year of the plan period, for a period written without a year."""
    plan = calendar.plan
    if plan is None:
        raise _NoYear(
            f"'{written}' has no year, and the plan has no period to take it from; write "
            f"the year, such as '{example(_EXAMPLE_YEAR)}', or give the plan a period "
            f"(plan: period: {_EXAMPLE_YEAR})"
        )
    first, last = fiscal_year(plan.first, calendar), fiscal_year(plan.last, calendar)
    if first != last:
        kind = "fiscal year" if calendar.fiscal_start > 1 else "year"
        raise PeriodError(
            f"'{written}' has no year, and the plan period ({describe(plan, calendar)}) "
            f"runs over more than one {kind}; write the year, such as '{example(first)}'"
        )
    return first


def _day(year: int, month: int, day: int, written: str) -> Span:
    _check_month(month, written, f"{year}-{{:02d}}-{min(max(day, 1), 28):02d}")
    _check_year(year, written)
    try:
        found = dt.date(year, month, day)
    except ValueError:
        length = (_months(year, month, 1).last).day
        raise PeriodError(
            f"'{written}' is not a day of the calendar; {_MONTH_NAMES[month - 1]} {year} "
            f"has {length} days, such as '{year}-{month:02d}-{length:02d}'"
        ) from None
    return Span(found, found)


def _check_month(month: int, written: str, example: str) -> None:
    if not 1 <= month <= 12:
        raise PeriodError(
            f"'{written}' is not a month; months are 01 to 12, such as '{example.format(3)}'"
        )


def _check_part(number: int, length: int, written: str, example_year: int) -> None:
    if length == 3 and not 1 <= number <= 4:
        raise PeriodError(
            f"'{written}' is not a quarter; quarters are Q1 to Q4, such as 'Q3 {example_year}'"
        )
    if length == 6 and not 1 <= number <= 2:
        raise PeriodError(
            f"'{written}' is not a half year; halves are H1 and H2, such as 'H1 {example_year}'"
        )


# --- the forms -----------------------------------------------------------------------


class _NotAPeriod(Exception):
    """Raised by a form that matched text it turns out not to read (bare digits)."""


Handler = Callable[[re.Match[str], str, Calendar], Span]


def _numeric_day(match: re.Match[str], written: str, calendar: Calendar) -> Span:
    return _day(int(match["y"]), int(match["m"]), int(match["d"]), written)


def _numeric_month(match: re.Match[str], written: str, calendar: Calendar) -> Span:
    year, month = int(match["y"]), int(match["m"])
    if not 1 <= month <= 12 and len(match["m"]) == 2 and (year + 1) % 100 == month:
        raise PeriodError(
            f"'{written}' is not a month; for a fiscal year over two calendar years "
            f"write FY before it, such as 'FY{year}/{month:02d}'"
        )
    _check_month(month, written, f"{year}-{{:02d}}")
    _check_year(year, written)
    return _months(year, month, 1)


def _ambiguous_day(match: re.Match[str], written: str, calendar: Calendar) -> Span:
    raise PeriodError(
        f"'{written}' could be read day first or month first; write the day as "
        "YYYY-MM-DD, such as '2027-03-31'"
    )


def _named_day(match: re.Match[str], written: str, calendar: Calendar) -> Span:
    month, day = _MONTHS[match["mon"]], int(match["d"])
    if match["y"] is not None:
        return _day(_full_year(match["y"], written), month, day, written)
    name = _MONTH_NAMES[month - 1]
    fiscal_name = _plan_year(written, calendar, lambda year: f"{day} {name} {year}")
    year = _month_in_fiscal_year(fiscal_name, calendar.fiscal_start, month).first.year
    return _day(year, month, day, written)


def _named_month(match: re.Match[str], written: str, calendar: Calendar) -> Span:
    month = _MONTHS[match["mon"]]
    if match["y"] is None:
        name = _MONTH_NAMES[month - 1]
        fiscal_name = _plan_year(written, calendar, lambda year: f"{name} {year}")
        return _month_in_fiscal_year(fiscal_name, calendar.fiscal_start, month)
    year = _year(match, written, calendar)
    if year.fiscal:
        return _month_in_fiscal_year(year.number, calendar.fiscal_start, month)
    return _months(year.number, month, 1)


def _part_number(match: re.Match[str]) -> tuple[int, int, str]:
    """(number, months long, letter) of 'Q3', '3Q', 'H1' or '1H'."""
    if match["qw"] is not None:
        return _ORDINAL_WORDS[match["qw"]], 3, "Q"
    if match["hw"] is not None:
        return _ORDINAL_WORDS[match["hw"]], 6, "H"
    if match["q"] is not None or match["qa"] is not None:
        return _small(match["q"] or match["qa"]), 3, "Q"
    return _small(match["h"] or match["ha"]), 6, "H"


def _small(digits: str) -> int:
    """Digits as a number, or 10,000 for more than four: either way past any quarter
    or half, and int() refuses text of thousands of digits."""
    return int(digits) if len(digits) <= 4 else 10_000


def _part_with_year(match: re.Match[str], written: str, calendar: Calendar) -> Span:
    number, length, _ = _part_number(match)
    year = _year(match, written, calendar)
    _check_part(number, length, written, year.number)
    fiscal_start = 1 if year.calendar else calendar.fiscal_start
    return _part(year.number, fiscal_start, number, length)


def _part_alone(match: re.Match[str], written: str, calendar: Calendar) -> Span:
    number, length, letter = _part_number(match)
    _check_part(number, length, written, _EXAMPLE_YEAR)
    fiscal_name = _plan_year(written, calendar, lambda year: f"{letter}{number} {year}")
    return _part(fiscal_name, calendar.fiscal_start, number, length)


def _year_alone(match: re.Match[str], written: str, calendar: Calendar) -> Span:
    bare = match["y2"] is None and not (match["fy"] or match["cy"] or match["ap"])
    if bare and len(match["y"]) != 4:
        raise _NotAPeriod  # bare digits that are no year: an id such as '7'
    year = _year(match, written, calendar)
    if year.fiscal:
        return _part(year.number, calendar.fiscal_start, 1, 12)
    return _months(year.number, 1, 12)


class LazyPattern:
    """A regular expression compiled on first use. The forms below are long
    alternations that cost tens of milliseconds to compile, and a version 1 plan, whose
    dates are all ISO days, never needs them: every run would pay for them at import."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = re.ASCII) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)


def _form(pattern: str) -> LazyPattern:
    return LazyPattern(pattern)


# Tried in this order on the cleaned text, each matching the whole of it; the order
# settles the overlaps ('1h 2027' is a half before it is a year and 'h 2027').
_FORMS: tuple[tuple[LazyPattern, Handler], ...] = (
    (_form(r"(?P<y>[0-9]{4})(?P<s>[-/.])(?P<m>[0-9]{1,2})(?P=s)(?P<d>[0-9]{1,2})"), _numeric_day),
    (_form(r"(?P<y>[0-9]{4}) ?[-/] ?(?P<m>[0-9]{1,2})"), _numeric_month),
    (_form(r"[0-9]{1,2}(?P<s>[-/.])[0-9]{1,2}(?P=s)(?:[0-9]{4}|[0-9]{2})"), _ambiguous_day),
    (
        _form(rf"(?P<d>[0-9]{{1,2}}){_ORDINAL}[ -]?(?:of )?{_MON}(?:[ ,-]+(?P<y>[0-9]{{4}}))?"),
        _named_day,
    ),
    (_form(rf"{_MON} (?P<d>[0-9]{{1,2}}){_ORDINAL}(?:,? (?P<y>[0-9]{{4}}))?"), _named_day),
    (_form(rf"{_MON}(?:{_SEP}{_YEAR})?"), _named_month),
    (_form(rf"{_YEAR}{_SEP}{_MON}"), _named_month),
    (_form(rf"{_PART}{_SEP}{_YEAR}"), _part_with_year),
    (_form(rf"{_YEAR}{_SEP}{_PART}"), _part_with_year),
    (_form(_PART), _part_alone),
    (_form(_YEAR), _year_alone),
)
# 'end of Q3', 'by end of March 2027', 'start of H2': the period's edge as one day.
_EDGE = _form(
    r"(?:(?P<end>(?:by )?(?:the )?end of)|(?P<start>(?:the )?(?:start|beginning) of)|by) "
    r"(?P<rest>.+)"
)


# Between the two ends of a range: 'Q1 to Q2 2027', 'Jan - Mar 2027', 'Jan-Mar 2027'.
# A dash with no blanks splits only before a letter, so '2027-03' never gets here in two.
_BETWEEN = _form(r" (?:to|until|till|through|thru|-) |(?<=[a-z0-9.])-(?=[a-z])")


def _read_text(text: str, calendar: Calendar) -> Span | None:
    """:func:`read_span` for text, cached: plans repeat their dates and periods. The
    cache is keyed on the calendar's parts, whose hashes are cheap, not on the
    calendar, whose dataclass hash is computed afresh on every call."""
    plan = calendar.plan
    if plan is None:
        return _read_cached(text, calendar.fiscal_start, None, None)
    return _read_cached(text, calendar.fiscal_start, plan.first, plan.last)


@functools.lru_cache(maxsize=1 << 14)
def _read_cached(
    text: str, fiscal_start: int, first: dt.date | None, last: dt.date | None
) -> Span | None:
    plan = None if first is None or last is None else Span(first, last)
    return _read_uncached(text, Calendar(fiscal_start, plan))


def _read_uncached(text: str, calendar: Calendar) -> Span | None:
    cleaned = _clean(text)
    written = text.strip()
    edge = _EDGE.fullmatch(cleaned)
    if edge is not None:
        inner = _read_cleaned(edge["rest"], written, calendar)
        if inner is None or not (edge["end"] or edge["start"]):
            return inner
        day = inner.last if edge["end"] else inner.first
        return Span(day, day)
    span = _read_cleaned(cleaned, written, calendar)
    if span is None and _BETWEEN.search(cleaned):
        span = _read_between(cleaned, written, calendar)
    return span


def _read_cleaned(cleaned: str, written: str, calendar: Calendar) -> Span | None:
    for pattern, handler in _FORMS:
        match = pattern.fullmatch(cleaned)
        if match is not None:
            try:
                return handler(match, written, calendar)
            except _NotAPeriod:
                return None
    return None


def _end(cleaned: str, written: str, calendar: Calendar) -> Span | PeriodError | None:
    """One end of a range, or the error reading it, kept until the other end is read."""
    try:
        return _read_cleaned(cleaned, written, calendar)
    except PeriodError as error:
        return error


def _read_between(cleaned: str, written: str, calendar: Calendar) -> Span | None:
    """A range 'A to B': from the first day of A to the last of B. Each split at a
    separator is tried in turn, and one whose two ends are both periods (or both meant
    as one) decides; so 'q3-launch' stays an id. An end without a year takes the other
    end's, else the plan's."""
    alone = Calendar(calendar.fiscal_start)  # no plan: tells an end without a year
    for separator in _BETWEEN.finditer(cleaned):
        left, right = cleaned[: separator.start()], cleaned[separator.end() :]
        first, last = _end(left, written, alone), _end(right, written, alone)
        if first is None or last is None:
            continue
        if isinstance(first, _NoYear):
            lent = last if isinstance(last, Span) else calendar.plan
            first = _end(left, written, Calendar(calendar.fiscal_start, lent))
        if isinstance(last, _NoYear):
            lent = first if isinstance(first, Span) else calendar.plan
            last = _end(right, written, Calendar(calendar.fiscal_start, lent))
        for end in (first, last):
            if isinstance(end, PeriodError):
                raise end
        if not isinstance(first, Span) or not isinstance(last, Span):  # pragma: no cover
            continue  # the same text read twice: a period both times
        if last.last < first.first:
            raise PeriodError(
                f"'{written}' ends before it starts; write the earlier end first, such as "
                f"'Q1 to Q2 {_EXAMPLE_YEAR}', and give each end its year when the range "
                "runs into the next year"
            )
        return Span(first.first, last.last)
    return None


# YYYY-MM-DD days already read, by their text: nearly every date in a plan is one, and
# looking one up must cost no more than dt.date.fromisoformat. The calendar plays no part
# in a day, so it is not in the key. Bounded, so that a stream of distinct days cannot
# grow it without end (once full, further days are read the long way, cached there).
_ISO_SPANS: dict[str, Span] = {}
_ISO_SPANS_MAX = 1 << 16


def _read_iso(text: str) -> Span | None:
    """A YYYY-MM-DD day of the years read, remembered; None to read it the long way.
    (fromisoformat also takes '20270331' and '2027-W13-1': the dashes in place keep
    those out.)"""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return None
    span = Span(day, day)
    if len(_ISO_SPANS) < _ISO_SPANS_MAX:
        _ISO_SPANS[text] = span
    return span


@functools.lru_cache(maxsize=1 << 12)
def _date_span(day: dt.date) -> Span:
    _check_year(day.year, day.isoformat())
    return Span(day, day)


def read_span(value: object, calendar: Calendar = _CALENDAR) -> Span | None:
    """The days ``value`` names, as YAML 1.2 gives it: text, a whole number (2027 is that
    year) or a date. None when it is not written as a date or period at all, so that the
    caller can read it as a milestone id or a placeholder; :class:`PeriodError` when it
    is one but wrong."""
    try:
        span = _ISO_SPANS.get(value)  # type: ignore[call-overload]
    except TypeError:  # unhashable: a list or a mapping
        return None
    if span is not None:
        return span
    if type(value) is str:
        return _read_iso(value) or _read_text(value, calendar)
    if type(value) is int:
        if 1000 <= value <= 9999:
            return _read_text(str(value), calendar)
        return None  # a whole number that is no year: an id such as 7
    if type(value) is dt.date:
        return _date_span(value)
    return None  # true/false, fractions, date-times: not a period


def read_day(
    value: object, edge: Literal["first", "last"], calendar: Calendar = _CALENDAR
) -> dt.date | None:
    """The first or last day of what :func:`read_span` reads: a ``start`` takes the
    first day of a period, an ``end``, ``deadline`` or ``due`` its last."""
    try:
        span = _ISO_SPANS.get(value)  # type: ignore[call-overload]
    except TypeError:
        return None
    if span is None:
        span = read_span(value, calendar)
        if span is None:
            return None
    return span.first if edge == "first" else span.last


def read_range(start: object, end: object, calendar: Calendar = _CALENDAR) -> Span | None:
    """The days from the first of ``start`` to the last of ``end`` (a plan period
    written ``{start: 2026-04, end: 2027-03}``); None when either is no date or period."""
    first, last = read_span(start, calendar), read_span(end, calendar)
    if first is None or last is None:
        return None
    if last.last < first.first:
        raise PeriodError(
            f"the period ends ({describe(last, calendar)}) before it starts "
            f"({describe(first, calendar)}); write the start first"
        )
    return Span(first.first, last.last)


def month_number(value: object) -> int | None:
    """The month 1-12 that ``value`` names ('april', 'Apr', 'Sept.', 4, '04'), as
    ``plan.fiscal_year_start`` is written; None when it names no month."""
    if type(value) is int:
        return value if 1 <= value <= 12 else None
    if not isinstance(value, str):
        return None
    text = _clean(value).removesuffix(".")
    if text in _MONTHS:
        return _MONTHS[text]
    if text.isascii() and text.isdigit() and len(text) <= 2:
        number = int(text)
        return number if 1 <= number <= 12 else None
    return None


def _name(span: Span, calendar: Calendar) -> str | None:
    """What the span is called when it is one whole month, quarter, half or year, in
    words that :func:`read_span` reads back to it."""
    first, last = span.first, span.last
    if first.day != 1 or last != _months(last.year, last.month, 1).last:
        return None
    length = (last.year - first.year) * 12 + last.month - first.month + 1
    if length == 1:
        return f"{_MONTH_NAMES[first.month - 1]} {first.year}"
    if length == 12 and first.month == 1:
        return str(first.year)
    if length not in (3, 6, 12):
        return None
    start = calendar.fiscal_start
    offset = (first.month - start) % 12
    name = fiscal_year(last, calendar)
    if offset % length == 0 and name <= MAX_YEAR:  # FY2201 would not read back
        # 'FY27' only where two digits read back to the same year
        short = f"{name % 100:02d}" if 2000 <= name <= 2099 else str(name)
        year = str(name) if start == 1 else f"FY{short}"
    elif length < 12 and (first.month - 1) % length == 0:
        offset, year = first.month - 1, f"CY{first.year}"  # a calendar part of a fiscal plan
    else:
        return None
    if length == 12:
        return year
    return f"{'Q' if length == 3 else 'H'}{offset // length + 1} {year}"


def describe(span: Span, calendar: Calendar = _CALENDAR) -> str:
    """Short text for messages: '2027-03-31', or 'Q3 2027 (2027-07-01 to 2027-09-30)'
    for a whole period with a name, or the two days."""
    if span.first == span.last:
        return span.first.isoformat()
    days = f"{span.first.isoformat()} to {span.last.isoformat()}"
    name = _name(span, calendar)
    return f"{name} ({days})" if name else days
