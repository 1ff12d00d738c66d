"""Reading dates and periods (ramaudit.core.periods): every form the v2 design names,
fiscal calendars, leap years and year boundaries, every error with its words, and
property tests over generated text."""

from __future__ import annotations

import datetime as dt
import itertools
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core.periods import (
    MAX_YEAR,
    MIN_YEAR,
    Calendar,
    PeriodError,
    Span,
    describe,
    fiscal_year,
    month_number,
    read_day,
    read_range,
    read_span,
)

D = dt.date
PLAIN = Calendar()
APRIL = Calendar(fiscal_start=4)
JULY = Calendar(fiscal_start=7)
OCTOBER = Calendar(fiscal_start=10)


def planned(period: str, fiscal_start: int = 1) -> Calendar:
    """A calendar whose plan period is ``period``, read against the same fiscal start."""
    calendar = Calendar(fiscal_start)
    return Calendar(fiscal_start, read_span(period, calendar))


PLAN_2027 = planned("2027")
PLAN_FY27_APRIL = planned("FY27", 4)
PLAN_Q2_2027 = planned("Q2 2027")


# --- every form, calendar year ----------------------------------------------------------

CALENDAR_FORMS = [
    # days
    ("2027-03-31", D(2027, 3, 31), D(2027, 3, 31)),
    (" 2027-03-31 ", D(2027, 3, 31), D(2027, 3, 31)),
    ("2027-3-5", D(2027, 3, 5), D(2027, 3, 5)),
    ("2027/03/31", D(2027, 3, 31), D(2027, 3, 31)),
    ("2027.03.31", D(2027, 3, 31), D(2027, 3, 31)),
    ("31 March 2027", D(2027, 3, 31), D(2027, 3, 31)),
    ("31st March 2027", D(2027, 3, 31), D(2027, 3, 31)),
    ("1st of April 2027", D(2027, 4, 1), D(2027, 4, 1)),
    ("31 Mar 2027", D(2027, 3, 31), D(2027, 3, 31)),
    ("31-Mar-2027", D(2027, 3, 31), D(2027, 3, 31)),
    ("March 31, 2027", D(2027, 3, 31), D(2027, 3, 31)),
    ("March 31 2027", D(2027, 3, 31), D(2027, 3, 31)),
    ("Sept. 2nd, 2027", D(2027, 9, 2), D(2027, 9, 2)),
    # months
    ("2027-03", D(2027, 3, 1), D(2027, 3, 31)),
    ("2027/3", D(2027, 3, 1), D(2027, 3, 31)),
    ("March 2027", D(2027, 3, 1), D(2027, 3, 31)),
    ("march 2027", D(2027, 3, 1), D(2027, 3, 31)),
    ("MARCH 2027", D(2027, 3, 1), D(2027, 3, 31)),
    ("Mar 2027", D(2027, 3, 1), D(2027, 3, 31)),
    ("Mar-2027", D(2027, 3, 1), D(2027, 3, 31)),
    ("Mar–2027", D(2027, 3, 1), D(2027, 3, 31)),  # en dash
    ("Mar-27", D(2027, 3, 1), D(2027, 3, 31)),  # as spreadsheets write a month
    ("Mar '27", D(2027, 3, 1), D(2027, 3, 31)),
    ("Mar ’27", D(2027, 3, 1), D(2027, 3, 31)),  # a curly apostrophe
    ("Sept 2027", D(2027, 9, 1), D(2027, 9, 30)),
    ("Sep 2027", D(2027, 9, 1), D(2027, 9, 30)),
    ("Sept. 2027", D(2027, 9, 1), D(2027, 9, 30)),
    ("September, 2027", D(2027, 9, 1), D(2027, 9, 30)),
    ("2027 March", D(2027, 3, 1), D(2027, 3, 31)),
    ("Feb 2027", D(2027, 2, 1), D(2027, 2, 28)),
    ("Feb 2028", D(2028, 2, 1), D(2028, 2, 29)),  # a leap year
    ("December 2027", D(2027, 12, 1), D(2027, 12, 31)),
    ("June 2027", D(2027, 6, 1), D(2027, 6, 30)),
    ("July 2027", D(2027, 7, 1), D(2027, 7, 31)),
    # quarters
    ("Q3 2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("q3 2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("  Q3   2027  ", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3\t2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3\u00a02027", D(2027, 7, 1), D(2027, 9, 30)),  # a no-break space
    ("2027-Q3", D(2027, 7, 1), D(2027, 9, 30)),
    ("2027 Q3", D(2027, 7, 1), D(2027, 9, 30)),
    ("2027Q3", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3/2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3-2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3–2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3 '27", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3 ’27", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3 ‘27", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3'27", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3 27", D(2027, 7, 1), D(2027, 9, 30)),
    ("3Q 2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("3Q27", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3 FY27", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3FY27", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3 FY2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("FY27 Q3", D(2027, 7, 1), D(2027, 9, 30)),
    ("FY27-Q3", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q3 CY2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("Q1 2027", D(2027, 1, 1), D(2027, 3, 31)),
    ("Q2 2027", D(2027, 4, 1), D(2027, 6, 30)),
    ("Q4 2027", D(2027, 10, 1), D(2027, 12, 31)),
    ("Q1 2028", D(2028, 1, 1), D(2028, 3, 31)),
    ("Q3 of 2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("quarter 3 2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("Qtr 3 2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("3rd quarter 2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("Third quarter of 2027", D(2027, 7, 1), D(2027, 9, 30)),
    ("first quarter FY27", D(2027, 1, 1), D(2027, 3, 31)),
    ("fourth quarter '27", D(2027, 10, 1), D(2027, 12, 31)),
    # halves
    ("H1 2027", D(2027, 1, 1), D(2027, 6, 30)),
    ("H2 2027", D(2027, 7, 1), D(2027, 12, 31)),
    ("2027-H1", D(2027, 1, 1), D(2027, 6, 30)),
    ("2027 H2", D(2027, 7, 1), D(2027, 12, 31)),
    ("1H 2027", D(2027, 1, 1), D(2027, 6, 30)),
    ("2H27", D(2027, 7, 1), D(2027, 12, 31)),
    ("H1 FY27", D(2027, 1, 1), D(2027, 6, 30)),
    ("H1 '27", D(2027, 1, 1), D(2027, 6, 30)),
    ("half 2 2027", D(2027, 7, 1), D(2027, 12, 31)),
    ("2nd half 2027", D(2027, 7, 1), D(2027, 12, 31)),
    ("second half of 2027", D(2027, 7, 1), D(2027, 12, 31)),
    ("First half 2027", D(2027, 1, 1), D(2027, 6, 30)),
    ("March of 2027", D(2027, 3, 1), D(2027, 3, 31)),
    # years
    ("2027", D(2027, 1, 1), D(2027, 12, 31)),
    (2027, D(2027, 1, 1), D(2027, 12, 31)),
    ("FY27", D(2027, 1, 1), D(2027, 12, 31)),
    ("FY2027", D(2027, 1, 1), D(2027, 12, 31)),
    ("FY 2027", D(2027, 1, 1), D(2027, 12, 31)),
    ("fy27", D(2027, 1, 1), D(2027, 12, 31)),
    ("FY'27", D(2027, 1, 1), D(2027, 12, 31)),
    ("Fiscal year 2027", D(2027, 1, 1), D(2027, 12, 31)),
    ("CY2027", D(2027, 1, 1), D(2027, 12, 31)),
    ("CY27", D(2027, 1, 1), D(2027, 12, 31)),
    ("'27", D(2027, 1, 1), D(2027, 12, 31)),
    # the edge of a period, as one day
    ("end of Q3 2027", D(2027, 9, 30), D(2027, 9, 30)),
    ("by end of March 2027", D(2027, 3, 31), D(2027, 3, 31)),
    ("by the end of 2027", D(2027, 12, 31), D(2027, 12, 31)),
    ("start of H2 2027", D(2027, 7, 1), D(2027, 7, 1)),
    ("beginning of Q2 2027", D(2027, 4, 1), D(2027, 4, 1)),
    ("by Q3 2027", D(2027, 7, 1), D(2027, 9, 30)),
    # dates as Python gives them
    (D(2027, 3, 31), D(2027, 3, 31), D(2027, 3, 31)),
]


@pytest.mark.parametrize(("value", "first", "last"), CALENDAR_FORMS)
def test_calendar_forms(value: object, first: dt.date, last: dt.date) -> None:
    assert read_span(value) == Span(first, last)
    assert read_day(value, "first") == first
    assert read_day(value, "last") == last


# --- fiscal years -------------------------------------------------------------------------

FISCAL_FORMS = [
    # April start: FY27 is named by the year it ends in
    ("FY27", APRIL, D(2026, 4, 1), D(2027, 3, 31)),
    ("FY2027", APRIL, D(2026, 4, 1), D(2027, 3, 31)),
    ("FY 2027", APRIL, D(2026, 4, 1), D(2027, 3, 31)),
    ("FY2026/27", APRIL, D(2026, 4, 1), D(2027, 3, 31)),
    ("FY2026/2027", APRIL, D(2026, 4, 1), D(2027, 3, 31)),
    ("FY26/27", APRIL, D(2026, 4, 1), D(2027, 3, 31)),
    ("FY 2026-27", APRIL, D(2026, 4, 1), D(2027, 3, 31)),
    ("FY 2026–27", APRIL, D(2026, 4, 1), D(2027, 3, 31)),
    ("FY 2026 - 27", APRIL, D(2026, 4, 1), D(2027, 3, 31)),
    ("FY1999/00", APRIL, D(1999, 4, 1), D(2000, 3, 31)),  # over a century
    ("Q1 FY27", APRIL, D(2026, 4, 1), D(2026, 6, 30)),
    ("Q2 FY27", APRIL, D(2026, 7, 1), D(2026, 9, 30)),
    ("Q3 FY27", APRIL, D(2026, 10, 1), D(2026, 12, 31)),
    ("Q4 FY27", APRIL, D(2027, 1, 1), D(2027, 3, 31)),
    ("Q3 2027", APRIL, D(2026, 10, 1), D(2026, 12, 31)),  # a bare year is the fiscal one
    ("2027-Q3", APRIL, D(2026, 10, 1), D(2026, 12, 31)),
    ("Q3 '27", APRIL, D(2026, 10, 1), D(2026, 12, 31)),
    ("FY27 Q3", APRIL, D(2026, 10, 1), D(2026, 12, 31)),
    ("Q3 FY2026/27", APRIL, D(2026, 10, 1), D(2026, 12, 31)),
    ("Q3 CY2027", APRIL, D(2027, 7, 1), D(2027, 9, 30)),  # CY: the calendar's quarter
    ("H1 FY27", APRIL, D(2026, 4, 1), D(2026, 9, 30)),
    ("H2 FY27", APRIL, D(2026, 10, 1), D(2027, 3, 31)),
    ("1H 2027", APRIL, D(2026, 4, 1), D(2026, 9, 30)),
    ("2027", APRIL, D(2027, 1, 1), D(2027, 12, 31)),  # a bare year is the calendar's
    ("CY2027", APRIL, D(2027, 1, 1), D(2027, 12, 31)),
    ("March 2027", APRIL, D(2027, 3, 1), D(2027, 3, 31)),  # months are calendar months
    ("March FY27", APRIL, D(2027, 3, 1), D(2027, 3, 31)),  # the March in FY27
    ("April FY27", APRIL, D(2026, 4, 1), D(2026, 4, 30)),
    # July start
    ("FY27", JULY, D(2026, 7, 1), D(2027, 6, 30)),
    ("Q1 FY27", JULY, D(2026, 7, 1), D(2026, 9, 30)),
    ("Q4 FY27", JULY, D(2027, 4, 1), D(2027, 6, 30)),
    ("H2 FY27", JULY, D(2027, 1, 1), D(2027, 6, 30)),
    # October start (the US federal year)
    ("FY27", OCTOBER, D(2026, 10, 1), D(2027, 9, 30)),
    ("Q1 FY27", OCTOBER, D(2026, 10, 1), D(2026, 12, 31)),
    ("Q2 FY27", OCTOBER, D(2027, 1, 1), D(2027, 3, 31)),
    # February start
    ("FY27", Calendar(2), D(2026, 2, 1), D(2027, 1, 31)),
    ("Q4 FY27", Calendar(2), D(2026, 11, 1), D(2027, 1, 31)),
    # March start over a leap day
    ("FY2028", Calendar(3), D(2027, 3, 1), D(2028, 2, 29)),
    ("Q4 FY2028", Calendar(3), D(2027, 12, 1), D(2028, 2, 29)),
    ("FY2027", Calendar(3), D(2026, 3, 1), D(2027, 2, 28)),
    # December start: the year begins in the one before
    ("FY27", Calendar(12), D(2026, 12, 1), D(2027, 11, 30)),
    ("Q1 FY27", Calendar(12), D(2026, 12, 1), D(2027, 2, 28)),
    ("H2 FY27", Calendar(12), D(2027, 6, 1), D(2027, 11, 30)),
    # the ends of the years read
    (f"FY{MIN_YEAR}", APRIL, D(MIN_YEAR - 1, 4, 1), D(MIN_YEAR, 3, 31)),
    (f"Q4 {MAX_YEAR}", PLAIN, D(MAX_YEAR, 10, 1), D(MAX_YEAR, 12, 31)),
    (f"{MIN_YEAR}-01-01", PLAIN, D(MIN_YEAR, 1, 1), D(MIN_YEAR, 1, 1)),
    (f"{MAX_YEAR}-12-31", PLAIN, D(MAX_YEAR, 12, 31), D(MAX_YEAR, 12, 31)),
]


@pytest.mark.parametrize(("value", "calendar", "first", "last"), FISCAL_FORMS)
def test_fiscal_forms(value: str, calendar: Calendar, first: dt.date, last: dt.date) -> None:
    assert read_span(value, calendar) == Span(first, last)


@pytest.mark.parametrize("start", range(1, 13))
def test_a_fiscal_year_is_four_quarters_and_two_halves_ending_in_its_name(start: int) -> None:
    calendar = Calendar(start)
    year = read_span("FY27", calendar)
    assert year is not None
    assert year.days in (365, 366)
    assert fiscal_year(year.first, calendar) == fiscal_year(year.last, calendar) == 2027
    assert year.last.year == 2027
    assert year.first.month == start
    quarters = [read_span(f"Q{q} FY27", calendar) for q in range(1, 5)]
    halves = [read_span(f"H{h} FY27", calendar) for h in range(1, 3)]
    for parts in (quarters, halves):
        assert parts[0] is not None and parts[0].first == year.first
        assert parts[-1] is not None and parts[-1].last == year.last
        for before, after in itertools.pairwise(parts):
            assert before is not None and after is not None
            assert before.last + dt.timedelta(days=1) == after.first
    assert [read_span(f"Q{q} 2027", calendar) for q in range(1, 5)] == quarters


@pytest.mark.parametrize(
    ("day", "start", "name"),
    [
        (D(2027, 3, 31), 1, 2027),
        (D(2027, 3, 31), 4, 2027),
        (D(2027, 4, 1), 4, 2028),
        (D(2026, 12, 31), 12, 2027),
        (D(2026, 11, 30), 12, 2026),
        (D(2027, 1, 1), 2, 2027),
        (D(2027, 2, 1), 2, 2028),
    ],
)
def test_fiscal_year_of_a_day(day: dt.date, start: int, name: int) -> None:
    assert fiscal_year(day, Calendar(start)) == name


# --- periods without a year ---------------------------------------------------------------

YEARLESS = [
    ("Q4", PLAN_2027, D(2027, 10, 1), D(2027, 12, 31)),
    ("Q4", planned("2028"), D(2028, 10, 1), D(2028, 12, 31)),  # the cache keeps plans apart
    ("q1", PLAN_2027, D(2027, 1, 1), D(2027, 3, 31)),
    ("H1", PLAN_2027, D(2027, 1, 1), D(2027, 6, 30)),
    ("2H", PLAN_2027, D(2027, 7, 1), D(2027, 12, 31)),
    ("March", PLAN_2027, D(2027, 3, 1), D(2027, 3, 31)),
    ("Sept", PLAN_2027, D(2027, 9, 1), D(2027, 9, 30)),
    ("dec.", PLAN_2027, D(2027, 12, 1), D(2027, 12, 31)),
    ("March 27", PLAN_2027, D(2027, 3, 27), D(2027, 3, 27)),  # a day, not a year
    ("27 March", PLAN_2027, D(2027, 3, 27), D(2027, 3, 27)),
    ("end of Q2", PLAN_2027, D(2027, 6, 30), D(2027, 6, 30)),
    ("third quarter", PLAN_2027, D(2027, 7, 1), D(2027, 9, 30)),
    ("second half", PLAN_2027, D(2027, 7, 1), D(2027, 12, 31)),
    # a period inside one year takes that year
    ("Q4", PLAN_Q2_2027, D(2027, 10, 1), D(2027, 12, 31)),
    # a fiscal plan: the quarter, half or month inside its fiscal year
    ("Q4", PLAN_FY27_APRIL, D(2027, 1, 1), D(2027, 3, 31)),
    ("Q1", PLAN_FY27_APRIL, D(2026, 4, 1), D(2026, 6, 30)),
    ("H2", PLAN_FY27_APRIL, D(2026, 10, 1), D(2027, 3, 31)),
    ("March", PLAN_FY27_APRIL, D(2027, 3, 1), D(2027, 3, 31)),
    ("April", PLAN_FY27_APRIL, D(2026, 4, 1), D(2026, 4, 30)),
    ("December", PLAN_FY27_APRIL, D(2026, 12, 1), D(2026, 12, 31)),
    ("29 Feb", planned("2028"), D(2028, 2, 29), D(2028, 2, 29)),
]


@pytest.mark.parametrize(("value", "calendar", "first", "last"), YEARLESS)
def test_a_period_without_a_year_takes_the_plans(
    value: str, calendar: Calendar, first: dt.date, last: dt.date
) -> None:
    assert read_span(value, calendar) == Span(first, last)


# --- ranges -----------------------------------------------------------------------------

RANGES = [
    ("Q1 to Q2 2027", PLAIN, D(2027, 1, 1), D(2027, 6, 30)),
    ("Q1 - Q2 2027", PLAIN, D(2027, 1, 1), D(2027, 6, 30)),
    ("Q1–Q2 2027", PLAIN, D(2027, 1, 1), D(2027, 6, 30)),
    ("Jan-Mar 2027", PLAIN, D(2027, 1, 1), D(2027, 3, 31)),
    ("Jan–Mar 2027", PLAIN, D(2027, 1, 1), D(2027, 3, 31)),
    ("Jan. - Mar. 2027", PLAIN, D(2027, 1, 1), D(2027, 3, 31)),
    ("January to March 2027", PLAIN, D(2027, 1, 1), D(2027, 3, 31)),
    ("March until June 2027", PLAIN, D(2027, 3, 1), D(2027, 6, 30)),
    ("Q1 2027 through Q3", PLAIN, D(2027, 1, 1), D(2027, 9, 30)),  # the year lent forward
    ("2026-04-01 to 2027-03-31", PLAIN, D(2026, 4, 1), D(2027, 3, 31)),
    ("2026-04 – 2027-03", PLAIN, D(2026, 4, 1), D(2027, 3, 31)),
    ("Nov 2026 - Feb 2027", PLAIN, D(2026, 11, 1), D(2027, 2, 28)),
    ("2027 to 2028", PLAIN, D(2027, 1, 1), D(2028, 12, 31)),
    ("March to 2027-06-30", PLAIN, D(2027, 3, 1), D(2027, 6, 30)),
    ("Q1-Q2", PLAN_2027, D(2027, 1, 1), D(2027, 6, 30)),  # both from the plan
    ("Q1 to Q2 2028", PLAN_2027, D(2028, 1, 1), D(2028, 6, 30)),  # the written year first
    ("Apr–Jun FY27", APRIL, D(2026, 4, 1), D(2026, 6, 30)),
    ("Jan-Mar FY27", APRIL, D(2027, 1, 1), D(2027, 3, 31)),
    ("Q3-Q4 FY27", APRIL, D(2026, 10, 1), D(2027, 3, 31)),
]


@pytest.mark.parametrize(("value", "calendar", "first", "last"), RANGES)
def test_ranges(value: str, calendar: Calendar, first: dt.date, last: dt.date) -> None:
    assert read_span(value, calendar) == Span(first, last)


RANGE_ERRORS = [
    (
        "Q4 to Q1 2028",
        PLAIN,
        "'Q4 to Q1 2028' ends before it starts; write the earlier end first, such as 'Q1 to "
        "Q2 2027', and give each end its year when the range runs into the next year",
    ),
    (
        "2027-06 to 2027-03",
        PLAIN,
        "'2027-06 to 2027-03' ends before it starts; write the earlier end first, such as "
        "'Q1 to Q2 2027', and give each end its year when the range runs into the next year",
    ),
    (
        "Q5 to Q6 2027",
        PLAIN,
        "'Q5 to Q6 2027' is not a quarter; quarters are Q1 to Q4, such as 'Q3 2027'",
    ),
    (
        "Q1 2027 to 2027-02-30",
        PLAIN,
        "'Q1 2027 to 2027-02-30' is not a day of the calendar; February 2027 has 28 days, "
        "such as '2027-02-28'",
    ),
    (
        "Q1-Q2",
        PLAIN,
        "'Q1-Q2' has no year, and the plan has no period to take it from; write the year, "
        "such as 'Q1 2027', or give the plan a period (plan: period: 2027)",
    ),
]


@pytest.mark.parametrize(("value", "calendar", "message"), RANGE_ERRORS, ids=repr)
def test_range_errors(value: str, calendar: Calendar, message: str) -> None:
    with pytest.raises(PeriodError) as caught:
        read_span(value, calendar)
    assert str(caught.value) == message


# --- not a date at all --------------------------------------------------------------------

NOT_DATES = [
    "m-site-live",
    "t-cms-migration",
    "q3-launch",  # an id that starts like a quarter
    "fy27-plan",
    "Q3 launch",
    "h3-banner",  # an id whose start would be a wrong half: the rest is no period
    "q5-2027-recap",
    "2027-launch",
    "march-madness",
    "Q1 to the moon",
    "TBD",
    "???",
    "n/a",
    "-",
    "",
    "   ",
    "7",
    "27",
    "123",
    "20271",
    "20270331",  # fromisoformat takes it; plans write YYYY-MM-DD
    "2027-W13-1",  # an ISO week date, which fromisoformat also takes
    "next spring",
    "Marchh 2027",
    "Q",
    "FY",
    "2027-03-31T10:00",
    "٢٠٢٧-٠٣-٣١",  # digits of another script
    7,
    0,
    -2027,
    99999,
    True,
    False,
    2027.0,
    2027.5,
    None,
    [2027],
    {"start": 2027},
    dt.datetime(2027, 3, 31, 12, 0),
]


@pytest.mark.parametrize("value", NOT_DATES, ids=repr)
def test_what_is_not_a_date_reads_as_none(value: object) -> None:
    assert read_span(value) is None
    assert read_span(value, PLAN_2027) is None
    assert read_day(value, "last", PLAN_2027) is None


# --- errors -------------------------------------------------------------------------------

ERRORS = [
    (
        "Q5 2027",
        PLAIN,
        "'Q5 2027' is not a quarter; quarters are Q1 to Q4, such as 'Q3 2027'",
    ),
    ("Q0 2027", PLAIN, "'Q0 2027' is not a quarter; quarters are Q1 to Q4, such as 'Q3 2027'"),
    ("5Q 2027", PLAIN, "'5Q 2027' is not a quarter; quarters are Q1 to Q4, such as 'Q3 2027'"),
    ("Q5", PLAN_2027, "'Q5' is not a quarter; quarters are Q1 to Q4, such as 'Q3 2027'"),
    ("Q327", PLAN_2027, "'Q327' is not a quarter; quarters are Q1 to Q4, such as 'Q3 2027'"),
    (
        "H3 2028",
        PLAIN,
        "'H3 2028' is not a half year; halves are H1 and H2, such as 'H1 2028'",
    ),
    ("H0", PLAN_2027, "'H0' is not a half year; halves are H1 and H2, such as 'H1 2027'"),
    (
        "5th quarter 2027",
        PLAIN,
        "'5th quarter 2027' is not a quarter; quarters are Q1 to Q4, such as 'Q3 2027'",
    ),
    (
        "3rd half 2027",
        PLAIN,
        "'3rd half 2027' is not a half year; halves are H1 and H2, such as 'H1 2027'",
    ),
    ("2027-13", PLAIN, "'2027-13' is not a month; months are 01 to 12, such as '2027-03'"),
    ("2027-00", PLAIN, "'2027-00' is not a month; months are 01 to 12, such as '2027-03'"),
    (
        "2027-13-01",
        PLAIN,
        "'2027-13-01' is not a month; months are 01 to 12, such as '2027-03-01'",
    ),
    (
        "2026-27",
        PLAIN,
        "'2026-27' is not a month; for a fiscal year over two calendar years write FY "
        "before it, such as 'FY2026/27'",
    ),
    (
        "2027-02-30",
        PLAIN,
        "'2027-02-30' is not a day of the calendar; February 2027 has 28 days, such as "
        "'2027-02-28'",
    ),
    (
        "2027-02-29",
        PLAIN,
        "'2027-02-29' is not a day of the calendar; February 2027 has 28 days, such as "
        "'2027-02-28'",
    ),
    (
        "2100-02-29",  # not a leap year: a century not divisible by 400
        PLAIN,
        "'2100-02-29' is not a day of the calendar; February 2100 has 28 days, such as "
        "'2100-02-28'",
    ),
    (
        "1900-02-29",
        PLAIN,
        "'1900-02-29' is not a day of the calendar; February 1900 has 28 days, such as "
        "'1900-02-28'",
    ),
    (
        "2027-04-31",
        PLAIN,
        "'2027-04-31' is not a day of the calendar; April 2027 has 30 days, such as '2027-04-30'",
    ),
    (
        "2027-01-00",
        PLAIN,
        "'2027-01-00' is not a day of the calendar; January 2027 has 31 days, such as '2027-01-31'",
    ),
    (
        "31 June 2027",
        PLAIN,
        "'31 June 2027' is not a day of the calendar; June 2027 has 30 days, such as '2027-06-30'",
    ),
    (
        "Q4",
        PLAIN,
        "'Q4' has no year, and the plan has no period to take it from; write the year, "
        "such as 'Q4 2027', or give the plan a period (plan: period: 2027)",
    ),
    (
        "H1",
        PLAIN,
        "'H1' has no year, and the plan has no period to take it from; write the year, "
        "such as 'H1 2027', or give the plan a period (plan: period: 2027)",
    ),
    (
        "March",
        PLAIN,
        "'March' has no year, and the plan has no period to take it from; write the year, "
        "such as 'March 2027', or give the plan a period (plan: period: 2027)",
    ),
    (
        "27 March",
        PLAIN,
        "'27 March' has no year, and the plan has no period to take it from; write the "
        "year, such as '27 March 2027', or give the plan a period (plan: period: 2027)",
    ),
    (
        "Q4",
        Calendar(1, Span(D(2027, 1, 1), D(2028, 6, 30))),
        "'Q4' has no year, and the plan period (2027-01-01 to 2028-06-30) runs over more "
        "than one year; write the year, such as 'Q4 2027'",
    ),
    (
        "Q4",
        Calendar(1, read_span("FY27", APRIL)),  # a fiscal plan read without its start
        "'Q4' has no year, and the plan period (2026-04-01 to 2027-03-31) runs over more "
        "than one year; write the year, such as 'Q4 2026'",
    ),
    (
        "March",
        Calendar(4, read_span("2027")),  # a calendar year over two fiscal years
        "'March' has no year, and the plan period (2027 (2027-01-01 to 2027-12-31)) runs "
        "over more than one fiscal year; write the year, such as 'March 2027'",
    ),
    (
        "2300",
        PLAIN,
        "'2300' names the year 2300; plans are read for the years 1900 to 2200; check the "
        "year, such as '2027'",
    ),
    (
        2300,
        PLAIN,
        "'2300' names the year 2300; plans are read for the years 1900 to 2200; check the "
        "year, such as '2027'",
    ),
    (
        "Q3 2201",
        PLAIN,
        "'Q3 2201' names the year 2201; plans are read for the years 1900 to 2200; check "
        "the year, such as '2027'",
    ),
    (
        "1899-12-31",
        PLAIN,
        "'1899-12-31' names the year 1899; plans are read for the years 1900 to 2200; "
        "check the year, such as '2027'",
    ),
    (
        D(1850, 1, 1),
        PLAIN,
        "'1850-01-01' names the year 1850; plans are read for the years 1900 to 2200; "
        "check the year, such as '2027'",
    ),
    (
        "March 1066",
        PLAIN,
        "'March 1066' names the year 1066; plans are read for the years 1900 to 2200; "
        "check the year, such as '2027'",
    ),
    (
        "Q3 202",
        PLAIN,
        "'Q3 202' has no year that can be read; write the year with four digits, such as 2027",
    ),
    (
        "FY2026/28",
        APRIL,
        "'FY2026/28' names two years that do not follow each other; a fiscal year over two "
        "calendar years is written with both, such as 'FY2026/27'",
    ),
    (
        "FY2027/26",
        APRIL,
        "'FY2027/26' names two years that do not follow each other; a fiscal year over two "
        "calendar years is written with both, such as 'FY2026/27'",
    ),
    (
        "FY2026/027",
        APRIL,
        "'FY2026/027' names two years that do not follow each other; a fiscal year over "
        "two calendar years is written with both, such as 'FY2026/27'",
    ),
    (
        "FY2026/27",
        PLAIN,
        "'FY2026/27' is a fiscal year over two calendar years, but the plan's fiscal year "
        "starts in January; say when it starts (plan: fiscal_year_start: april) or write "
        "the one year, such as 'FY2027'",
    ),
    (
        "CY2026/27",
        APRIL,
        "'CY2026/27' names two years, but a calendar year is one; write one year, such as "
        "'CY2027', or a fiscal year, such as 'FY2026/27'",
    ),
    (
        "03/04/2027",
        PLAIN,
        "'03/04/2027' could be read day first or month first; write the day as "
        "YYYY-MM-DD, such as '2027-03-31'",
    ),
    (
        "31.03.2027",
        PLAIN,
        "'31.03.2027' could be read day first or month first; write the day as "
        "YYYY-MM-DD, such as '2027-03-31'",
    ),
]


@pytest.mark.parametrize(("value", "calendar", "message"), ERRORS, ids=repr)
def test_errors_say_how_to_write_it(value: object, calendar: Calendar, message: str) -> None:
    with pytest.raises(PeriodError) as caught:
        read_span(value, calendar)
    assert str(caught.value) == message
    with pytest.raises(PeriodError):
        read_day(value, "first", calendar)


@pytest.mark.parametrize(
    "text",
    ["Q" + "9" * 5000, "h" + "9" * 5000 + " 2027", "FY2026/" + "9" * 5000, "Q3 " + "9" * 5000],
    ids=["quarter", "half", "fiscal pair", "year"],
)
def test_thousands_of_digits_are_a_period_error_not_a_crash(text: str) -> None:
    """int() refuses text of more than 4,300 digits with a ValueError of its own."""
    with pytest.raises(PeriodError):
        read_span(text, APRIL)


def test_a_huge_number_from_the_loader_is_no_period() -> None:
    from ramaudit.core.loader import HugeNumber

    assert read_span(HugeNumber("2" * 500, 500)) is None


def test_a_period_error_is_a_value_error() -> None:
    assert issubclass(PeriodError, ValueError)


@pytest.mark.parametrize("start", [0, 13, -1, True, 4.0, "april"], ids=repr)
def test_a_calendar_starts_its_fiscal_year_in_a_month(start: object) -> None:
    with pytest.raises(PeriodError) as caught:
        Calendar(start)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "a fiscal year starts in a month from 1 (January) to 12 (December), such as "
        "fiscal_year_start: april"
    )


def test_a_span_cannot_end_before_it_starts() -> None:
    with pytest.raises(PeriodError) as caught:
        Span(D(2027, 12, 31), D(2027, 1, 1))
    assert str(caught.value) == (
        "the period ends (2027-01-01) before it starts (2027-12-31); write the start "
        "first, such as 2027-01-01 to 2027-12-31"
    )


# --- the smaller helpers ------------------------------------------------------------------


def test_span_helpers() -> None:
    span = Span(D(2027, 1, 1), D(2027, 12, 31))
    assert span.days == 365
    assert span.day("first") == D(2027, 1, 1)
    assert span.day("last") == D(2027, 12, 31)
    assert D(2027, 6, 1) in span
    assert D(2028, 1, 1) not in span
    assert "2027-06-01" not in span


@pytest.mark.parametrize(
    ("start", "end", "calendar", "span"),
    [
        ("2026-04", "2027-03", PLAIN, Span(D(2026, 4, 1), D(2027, 3, 31))),
        ("Q1 2027", "Q2 2027", PLAIN, Span(D(2027, 1, 1), D(2027, 6, 30))),
        ("Q1 FY27", "Q4 FY27", APRIL, Span(D(2026, 4, 1), D(2027, 3, 31))),
        ("2027-03-01", "2027-03-01", PLAIN, Span(D(2027, 3, 1), D(2027, 3, 1))),
        ("Q2 2027", "Q2 2027", PLAIN, Span(D(2027, 4, 1), D(2027, 6, 30))),
        ("TBD", "2027-03", PLAIN, None),
        ("2027-03", "m-launch", PLAIN, None),
    ],
)
def test_read_range(start: str, end: str, calendar: Calendar, span: Span | None) -> None:
    assert read_range(start, end, calendar) == span


def test_read_range_refuses_an_end_before_the_start() -> None:
    with pytest.raises(PeriodError) as caught:
        read_range("2027-06", "2027-03")
    assert str(caught.value) == (
        "the period ends (March 2027 (2027-03-01 to 2027-03-31)) before it starts "
        "(June 2027 (2027-06-01 to 2027-06-30)); write the start first"
    )


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("april", 4),
        ("April", 4),
        (" APRIL ", 4),
        ("Apr", 4),
        ("apr.", 4),
        ("Sept", 9),
        ("sep", 9),
        ("january", 1),
        ("December", 12),
        (4, 4),
        (1, 1),
        (12, 12),
        ("04", 4),
        ("4", 4),
        ("12", 12),
        (0, None),
        (13, None),
        ("13", None),
        ("00", None),
        ("004", None),
        ("aprill", None),
        ("", None),
        ("Q2", None),
        (True, None),
        (4.0, None),
        (None, None),
        (["april"], None),
        ("٤", None),  # a digit of another script
    ],
    ids=repr,
)
def test_month_number(value: object, month: int | None) -> None:
    assert month_number(value) == month


@pytest.mark.parametrize(
    ("span", "calendar", "text"),
    [
        (Span(D(2027, 3, 31), D(2027, 3, 31)), PLAIN, "2027-03-31"),
        (Span(D(2027, 3, 1), D(2027, 3, 31)), PLAIN, "March 2027 (2027-03-01 to 2027-03-31)"),
        (Span(D(2027, 7, 1), D(2027, 9, 30)), PLAIN, "Q3 2027 (2027-07-01 to 2027-09-30)"),
        (Span(D(2027, 1, 1), D(2027, 6, 30)), PLAIN, "H1 2027 (2027-01-01 to 2027-06-30)"),
        (Span(D(2027, 1, 1), D(2027, 12, 31)), PLAIN, "2027 (2027-01-01 to 2027-12-31)"),
        (Span(D(2026, 4, 1), D(2027, 3, 31)), APRIL, "FY27 (2026-04-01 to 2027-03-31)"),
        (Span(D(2026, 10, 1), D(2026, 12, 31)), APRIL, "Q3 FY27 (2026-10-01 to 2026-12-31)"),
        (Span(D(2026, 4, 1), D(2026, 9, 30)), APRIL, "H1 FY27 (2026-04-01 to 2026-09-30)"),
        (Span(D(2027, 1, 1), D(2027, 12, 31)), APRIL, "2027 (2027-01-01 to 2027-12-31)"),
        (Span(D(2026, 4, 1), D(2027, 3, 31)), PLAIN, "2026-04-01 to 2027-03-31"),
        (Span(D(2027, 2, 1), D(2027, 4, 30)), PLAIN, "2027-02-01 to 2027-04-30"),
        (Span(D(2027, 1, 1), D(2027, 1, 30)), PLAIN, "2027-01-01 to 2027-01-30"),
        (Span(D(2027, 1, 2), D(2027, 1, 31)), PLAIN, "2027-01-02 to 2027-01-31"),
        (Span(D(2027, 1, 1), D(2027, 2, 28)), PLAIN, "2027-01-01 to 2027-02-28"),
    ],
)
def test_describe(span: Span, calendar: Calendar, text: str) -> None:
    assert describe(span, calendar) == text


def test_plain_days_are_read_once_and_shared() -> None:
    """The YYYY-MM-DD path hands back the remembered span: it is what keeps a plan with
    100,000 dates as fast as dt.date.fromisoformat."""
    text = "".join(["2027-", "05-", "17"])  # built, so that it is a new string object
    assert read_span(text) is read_span("2027-05-17")
    assert read_span("2027-05-17", APRIL) is read_span("2027-05-17")


# --- properties ---------------------------------------------------------------------------

DAYS = st.dates(min_value=D(MIN_YEAR, 1, 1), max_value=D(MAX_YEAR, 12, 31))
CALENDARS = st.builds(Calendar, st.integers(1, 12))


@given(DAYS, CALENDARS)
def test_any_day_in_iso_reads_back_to_itself(day: dt.date, calendar: Calendar) -> None:
    text = day.isoformat()
    assert read_span(text, calendar) == Span(day, day)
    assert read_span(f"  {text}\n", calendar) == Span(day, day)
    assert read_day(text, "first", calendar) == day
    assert read_day(text, "last", calendar) == day
    assert read_span(day, calendar) == Span(day, day)


@pytest.mark.parametrize("start", range(1, 13))
def test_every_quarter_and_half_of_every_year_runs_from_a_first_to_a_month_end(
    start: int,
) -> None:
    calendar = Calendar(start)
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        for part in ("Q1", "Q2", "Q3", "Q4", "H1", "H2"):
            first = read_day(f"{part} {year}", "first", calendar)
            last = read_day(f"{part} {year}", "last", calendar)
            assert first is not None and last is not None
            assert first.day == 1
            assert (last + dt.timedelta(days=1)).day == 1
            assert fiscal_year(last, calendar) == year


@given(DAYS, CALENDARS)
def test_a_named_period_reads_back_from_its_description(day: dt.date, calendar: Calendar) -> None:
    for text in (
        f"{day:%B %Y}",
        f"Q{(day.month - 1) // 3 + 1} CY{day.year}",
        f"{day.year}",
        f"FY{fiscal_year(day, calendar)}",
        f"H2 FY{fiscal_year(day, calendar)}",
    ):
        try:
            span = read_span(text, calendar)
        except PeriodError:
            continue  # a fiscal year whose name is past the last year read
        assert span is not None
        name = describe(span, calendar).split(" (")[0]
        assert read_span(name, calendar) == span


SPANS = st.builds(
    lambda day, length: Span(day, min(day + dt.timedelta(days=length), D(MAX_YEAR, 12, 31))),
    DAYS,
    st.integers(0, 800) | st.sampled_from([27, 28, 29, 30, 89, 90, 91, 181, 364, 365]),
)


@given(SPANS, CALENDARS)
def test_any_description_reads_back(span: Span, calendar: Calendar) -> None:
    """What describe() writes in a message is text a plan may hold: its name and its
    days both read back to the span."""
    text = describe(span, calendar)
    name, _, days = text.partition(" (")
    assert read_span(name, calendar) == span
    if days:
        assert read_span(days.removesuffix(")"), calendar) == span


PIECES = st.sampled_from(
    [
        "Q",
        "H",
        "FY",
        "CY",
        "q3",
        "h1",
        "fy27",
        "2027",
        "27",
        "'",
        "’",
        "-",
        "–",
        "/",
        ".",
        " ",
        ",",
        "march",
        "Sept",
        "31",
        "0",
        "13",
        "99",
        "2300",
        "end of",
        "by",
        "start of",
        "1st",
        "of",
        "x",
        " to ",
        "until",
        "jan-mar",
        "q1-q2",
    ]
)
PERIODISH = st.lists(PIECES, max_size=6).map("".join) | st.lists(PIECES, max_size=6).map(" ".join)
PLAN_CALENDARS = st.sampled_from([PLAIN, APRIL, PLAN_2027, PLAN_FY27_APRIL, PLAN_Q2_2027])


@settings(max_examples=500)
@given(PERIODISH | st.text() | st.text(alphabet=string.digits + "-/ QHqhFYfy'."), PLAN_CALENDARS)
def test_any_text_reads_as_a_span_none_or_a_period_error(text: str, calendar: Calendar) -> None:
    try:
        span = read_span(text, calendar)
    except PeriodError as error:
        assert str(error)  # never an empty message
        return
    if span is not None:
        assert span.first <= span.last
        assert MIN_YEAR - 1 <= span.first.year <= span.last.year <= MAX_YEAR
        edge_first = read_day(text, "first", calendar)
        edge_last = read_day(text, "last", calendar)
        assert (edge_first, edge_last) == (span.first, span.last)


@given(st.integers(-(10**30), 10**30) | st.floats() | st.booleans() | st.none())
def test_numbers_are_a_year_or_nothing(value: object) -> None:
    try:
        span = read_span(value)
    except PeriodError:
        assert type(value) is int and not MIN_YEAR <= value <= MAX_YEAR
        return
    if span is not None:
        assert type(value) is int
        assert span == Span(D(value, 1, 1), D(value, 12, 31))
