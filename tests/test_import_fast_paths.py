"""The importer's fast paths for the common cell (digits alone, an ISO date) read
exactly what the general rule reads."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramaudit.authoring import csv_import
from ramaudit.authoring.csv_import import parse_date, parse_number
from ramaudit.report import escape


def _general_number(text: str, decimal: str) -> int | float | None:
    literal = csv_import._literal(text, decimal)
    return None if literal is None else csv_import._exact(literal)


@given(st.text("0123456789", min_size=1, max_size=12), st.sampled_from([".", ","]))
def test_digits_read_as_the_general_rule_reads_them(text: str, decimal: str) -> None:
    assert parse_number(text, decimal) == _general_number(text, decimal)
    assert type(parse_number(text, decimal)) is int


@pytest.mark.parametrize("length", [297, 298, 299, 300, 301])
def test_long_digit_runs_keep_the_limit(length: int) -> None:
    text = "9" * length
    assert parse_number(text) == _general_number(text, ".")


def test_digits_beyond_ascii_take_the_general_rule() -> None:
    # str.isdigit is true for these, and int() would read them; the rule does not.
    for text in ("\u0661\u0662", "\u00b2", "\uff11"):
        assert parse_number(text) is None


def test_the_decimal_mark_is_still_checked_for_digits() -> None:
    with pytest.raises(ValueError, match="decimal separator"):
        parse_number("12", ";")


def _strptime_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None


@given(
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
)
def test_iso_dates_read_as_strptime_reads_them(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    expected = _strptime_date(text)
    got = parse_date(text)
    if expected is not None:
        assert got == expected
    else:  # no such day: none of the other formats reads it either
        assert got is None


@given(st.text(st.characters(max_codepoint=127), max_size=40))
def test_yaml_document_of_ascii_is_the_text(text: str) -> None:
    assert escape.yaml_document(text) == escape._YAML_RAW.sub(escape._yaml_escape, text)
