"""Reading KPI targets (ramaudit.core.targets): every form the v2 design names, what
each resolves to against a baseline, every error with its words, and property tests
over generated text."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core.targets import TargetError, TargetForm, read_rate, read_target

FORMS = [
    # numbers, as in version 1
    (1200, "absolute", 1200.0, None),
    (0, "absolute", 0.0, None),
    (12.5, "absolute", 12.5, None),
    (-3, "absolute", -3.0, None),
    # a change against the baseline
    ("+20%", "change", 0.20, None),
    ("-30%", "change", -0.30, None),
    ("−30%", "change", -0.30, None),  # a minus sign
    ("–30%", "change", -0.30, None),  # an en dash
    ("+20 %", "change", 0.20, None),
    ("+ 20%", "change", 0.20, None),
    ("+12.5%", "change", 0.125, None),
    ("+.5%", "change", 0.005, None),
    ("+0%", "change", 0.0, None),
    ("-100%", "change", -1.0, None),
    ("+250%", "change", 2.5, None),
    ("+20 percent", "change", 0.20, None),
    ("+20 per cent", "change", 0.20, None),
    ("+20% vs last quarter", "change", 0.20, None),
    ("+20% vs. last quarter", "change", 0.20, None),
    ("+20% versus 2026", "change", 0.20, None),
    ("+20% compared to last year", "change", 0.20, None),
    ("+20% compared with last year", "change", 0.20, None),
    ("+20% relative to Q4", "change", 0.20, None),
    ("+20% against baseline", "change", 0.20, None),
    ("+20% over baseline", "change", 0.20, None),
    ("20% over baseline", "change", 0.20, None),
    ("20% above baseline", "change", 0.20, None),
    ("20% below baseline", "change", -0.20, None),
    ("20% under last year", "change", -0.20, None),
    ("+20% on last year", "change", 0.20, None),
    ("+20% from baseline", "change", 0.20, None),
    ("reduce by 30%", "change", -0.30, None),
    ("Reduce by 30%", "change", -0.30, None),
    ("reduce 30%", "change", -0.30, None),
    ("cut 30%", "change", -0.30, None),
    ("cut by 30%", "change", -0.30, None),
    ("decrease by 30%", "change", -0.30, None),
    ("lower by 30%", "change", -0.30, None),
    ("drop 30%", "change", -0.30, None),
    ("shrink by 30%", "change", -0.30, None),
    ("down 30%", "change", -0.30, None),
    ("down by 30%", "change", -0.30, None),
    ("increase by 20%", "change", 0.20, None),
    ("increase 20%", "change", 0.20, None),
    ("grow 20%", "change", 0.20, None),
    ("grow by 20%", "change", 0.20, None),
    ("raise by 20%", "change", 0.20, None),
    ("boost by 20%", "change", 0.20, None),
    ("lift 20%", "change", 0.20, None),
    ("up 20%", "change", 0.20, None),
    ("up by 20%", "change", 0.20, None),
    ("increase by 20% vs last year", "change", 0.20, None),
    ("20% more", "change", 0.20, None),
    ("20% higher", "change", 0.20, None),
    ("20% up", "change", 0.20, None),
    ("20% increase", "change", 0.20, None),
    ("20% uplift", "change", 0.20, None),
    ("20% growth", "change", 0.20, None),
    ("+20% more", "change", 0.20, None),  # said twice, the same way
    ("20% more than last year", None, None, None),  # 'than' is no comparison read
    ("30% fewer", "change", -0.30, None),
    ("30% less", "change", -0.30, None),
    ("30% lower", "change", -0.30, None),
    ("30% down", "change", -0.30, None),
    ("30% reduction", "change", -0.30, None),
    ("30% decrease", "change", -0.30, None),
    ("30% lower vs last year", "change", -0.30, None),
    ("10% decline", "change", -0.10, None),
    ("decline by 10%", "change", -0.10, None),
    ("rise 10%", "change", 0.10, None),
    ("10% rise", "change", 0.10, None),
    ("-5% growth", "change", -0.05, None),  # 'growth' leans up only when unsigned
    # multiples
    ("3x", "multiple", 3.0, None),
    ("3X", "multiple", 3.0, None),
    ("3×", "multiple", 3.0, None),
    ("3 x", "multiple", 3.0, None),
    ("x3", "multiple", 3.0, None),
    ("X3", "multiple", 3.0, None),
    ("×3", "multiple", 3.0, None),
    ("x 3", "multiple", 3.0, None),
    ("+3x", "multiple", 3.0, None),
    ("1.5x", "multiple", 1.5, None),
    ("0.5x", "multiple", 0.5, None),
    ("3 times", "multiple", 3.0, None),
    ("3-fold", "multiple", 3.0, None),
    ("3 fold", "multiple", 3.0, None),
    ("grow 3x", "multiple", 3.0, None),
    ("3x more", "multiple", 3.0, None),
    ("3x vs last year", "multiple", 3.0, None),
    ("double", "multiple", 2.0, None),
    ("Double", "multiple", 2.0, None),
    ("doubled", "multiple", 2.0, None),
    ("triple", "multiple", 3.0, None),
    ("tripled", "multiple", 3.0, None),
    ("quadruple", "multiple", 4.0, None),
    ("halve", "multiple", 0.5, None),
    ("halved", "multiple", 0.5, None),
    ("cut in half", "multiple", 0.5, None),
    ("double vs last year", "multiple", 2.0, None),
    # percentage points
    ("+5pp", "points", 5.0, None),
    ("+5 pp", "points", 5.0, None),
    ("+5PP", "points", 5.0, None),
    ("-2pp", "points", -2.0, None),
    ("5pp", "points", 5.0, None),  # pp is a change by itself
    ("+5 ppt", "points", 5.0, None),
    ("+5 ppts", "points", 5.0, None),
    ("+5 points", "points", 5.0, None),
    ("+5 point", "points", 5.0, None),
    ("+5 pts", "points", 5.0, None),
    ("+5 pt", "points", 5.0, None),
    ("-1.5 points", "points", -1.5, None),
    ("+5 percentage points", "points", 5.0, None),
    ("5 percentage points", "points", 5.0, None),
    ("+1 percentage point", "points", 1.0, None),
    ("+5 percent points", "points", 5.0, None),
    ("increase by 5pp", "points", 5.0, None),
    ("up 5 points", "points", 5.0, None),
    ("reduce by 2 points", "points", -2.0, None),
    ("5 points lower", "points", -5.0, None),
    ("+5pp vs last year", "points", 5.0, None),
    # rates
    ("15%", "rate", 15.0, None),
    ("15 %", "rate", 15.0, None),
    ("12.5 %", "rate", 12.5, None),
    ("0%", "rate", 0.0, None),
    ("120%", "rate", 120.0, None),  # net revenue retention runs over 100
    ("15 percent", "rate", 15.0, None),
    ("15 pct", "rate", 15.0, None),
    ("15％", "rate", 15.0, None),  # a full-width percent sign
    # growth per period
    ("+5% month over month", "growth", 0.05, "month"),
    ("+5% month-over-month", "growth", 0.05, "month"),
    ("5% MoM", "growth", 0.05, "month"),
    ("5% m/m", "growth", 0.05, "month"),
    ("-5% MoM", "growth", -0.05, "month"),
    ("+5% per month", "growth", 0.05, "month"),
    ("5% a month", "growth", 0.05, "month"),
    ("5% each month", "growth", 0.05, "month"),
    ("5% every month", "growth", 0.05, "month"),
    ("5% monthly", "growth", 0.05, "month"),
    ("grow 5% per month", "growth", 0.05, "month"),
    ("reduce by 2% a month", "growth", -0.02, "month"),
    ("+3% QoQ", "growth", 0.03, "quarter"),
    ("3% quarter over quarter", "growth", 0.03, "quarter"),
    ("3% q/q", "growth", 0.03, "quarter"),
    ("3% per quarter", "growth", 0.03, "quarter"),
    ("3% quarterly", "growth", 0.03, "quarter"),
    ("10% YoY", "growth", 0.10, "year"),
    ("+10% year over year", "growth", 0.10, "year"),
    ("10% y/y", "growth", 0.10, "year"),
    ("10% per year", "growth", 0.10, "year"),
    ("10% a year", "growth", 0.10, "year"),
    ("10% annually", "growth", 0.10, "year"),
    ("10% per annum", "growth", 0.10, "year"),
    ("10% p.a.", "growth", 0.10, "year"),
    ("2% WoW", "growth", 0.02, "week"),
    ("+2% week over week", "growth", 0.02, "week"),
    ("2% per week", "growth", 0.02, "week"),
    ("2% weekly", "growth", 0.02, "week"),
    ("2x YoY", "growth", 1.0, "year"),  # a multiple each period
    ("double every year", "growth", 1.0, "year"),
    ("halve every quarter", "growth", -0.5, "quarter"),
    ("5 percent MoM", "growth", 0.05, "month"),
    ("20% YoY growth", "growth", 0.20, "year"),
    ("+5% MoM growth", "growth", 0.05, "month"),
    ("-5% MoM growth", "growth", -0.05, "month"),
    ("5% MoM decline", "growth", -0.05, "month"),
    ("5% month over month increase", "growth", 0.05, "month"),
    ("double yoy growth", "growth", 1.0, "year"),
    # counts as set, never shown
    ("confidential", "confidential", None, None),
    ("Confidential", "confidential", None, None),
    ("CONFIDENTIAL", "confidential", None, None),
    (" confidential ", "confidential", None, None),
    ("undisclosed", "confidential", None, None),
    ("not disclosed", "confidential", None, None),
]


@pytest.mark.parametrize(("value", "kind", "amount", "per"), FORMS, ids=repr)
def test_forms(value: object, kind: str | None, amount: float | None, per: str | None) -> None:
    form = read_target(value)
    if kind is None:
        assert form is None
        return
    assert form is not None
    assert form.kind == kind
    assert form.per == per
    if amount is None:
        assert form.amount is None
    else:
        assert form.amount == pytest.approx(amount)
    assert form.written == (value.strip() if isinstance(value, str) else str(value))


NOT_TARGETS = [
    True,
    False,
    None,
    float("nan"),
    float("inf"),
    -float("inf"),
    10**400,  # more digits than a float holds
    [20],
    {"value": 20},
    # numbers with separators or suffixes: the model explains them as it does today
    "12k",
    "1.2m",
    "$1,200",
    "1,200",
    "+1,200",
    "12,5%",
    "€5000",
    # a number as text: the model says to write it without quotes
    "1200",
    "+200",
    "-3",
    "12.5",
    # placeholders and words: the model checks placeholders, then reports RA002
    "TBD",
    "???",
    "n/a",
    "-",
    "",
    "  ",
    "lots",
    "increase",
    "grow a lot",
    "x",
    "%",
    "+%",
    "double the leads",
    "+20% by Q4",
    "15% of sessions",
    "20%ish",
    "20% growth less",
    "5% MoM churn",
    "confidential-ish",
    "3xx",
    "x3x",
    "٣٠%",  # digits of another script
]


@pytest.mark.parametrize("value", NOT_TARGETS, ids=repr)
def test_what_is_no_target_form_reads_as_none(value: object) -> None:
    assert read_target(value) is None


ERRORS = [
    (
        "15% vs last year",
        "'15% vs last year' could be a rate or a change; write '+15%' with its sign for a "
        "change against the baseline, or '15%' alone for a rate",
    ),
    (
        "12.5% compared to 2026",
        "'12.5% compared to 2026' could be a rate or a change; write '+12.5%' with its sign "
        "for a change against the baseline, or '12.5%' alone for a rate",
    ),
    (
        "reduce by -30%",
        "'reduce by -30%' gives a word and a sign for the change; write one of them, such "
        "as 'reduce by 30%' or '-30%'",
    ),
    (
        "increase by +20%",
        "'increase by +20%' gives a word and a sign for the change; write one of them, "
        "such as 'reduce by 30%' or '-30%'",
    ),
    (
        "+20% less",
        "'+20% less' says both up and down; write the change once, such as '+20%' or "
        "'reduce by 30%'",
    ),
    (
        "reduce by 20% more",
        "'reduce by 20% more' says both up and down; write the change once, such as "
        "'+20%' or 'reduce by 30%'",
    ),
    (
        "+5% MoM decline",
        "'+5% MoM decline' says both up and down; write the change once, such as '+20%' or "
        "'reduce by 30%'",
    ),
    (
        "2x YoY decline",
        "'2x YoY decline' is a multiple with a fall; write the multiple alone, such as "
        "'0.5x' or 'halve', or the fall in percent, such as '-50%'",
    ),
    (
        "-150%",
        "'-150%' would take the metric below zero; a fall is at most 100%, such as '-30%'",
    ),
    (
        "reduce by 120%",
        "'reduce by 120%' would take the metric below zero; a fall is at most 100%, such as '-30%'",
    ),
    (
        "-120% MoM",
        "'-120% MoM' would take the metric below zero; a fall is at most 100%, such as '-30%'",
    ),
    (
        "0x",
        "'0x' is not a multiple that can be reached; a multiple is more than 0, such as "
        "'3x' or '0.5x'",
    ),
    (
        "x0",
        "'x0' is not a multiple that can be reached; a multiple is more than 0, such as "
        "'3x' or '0.5x'",
    ),
    (
        "-2x",
        "'-2x' is a multiple with a fall; write the multiple alone, such as '0.5x' or "
        "'halve', or the fall in percent, such as '-50%'",
    ),
    (
        "cut 2x",
        "'cut 2x' is a multiple with a fall; write the multiple alone, such as '0.5x' or "
        "'halve', or the fall in percent, such as '-50%'",
    ),
    (
        "5 points",
        "'5 points' could be a score or a change; write '+5 points' with its sign for a "
        "change in percentage points, or the number 5 for a score",
    ),
    (
        "2.5 pts",
        "'2.5 pts' could be a score or a change; write '+2.5 points' with its sign for a "
        "change in percentage points, or the number 2.5 for a score",
    ),
    (
        "+2pp per month",
        "'+2pp per month' is growth in percentage points per period, which is not read; "
        "write the change over the whole period, such as '+5pp', or growth in percent, "
        "such as '+5% month over month'",
    ),
    (
        "increase by 200",
        "'increase by 200' is a change by an amount, which is not read; write the target "
        "number itself (the baseline with the change added), or the change in percent, "
        "such as '+20%' or 'reduce by 30%'",
    ),
    (
        "200 more",
        "'200 more' is a change by an amount, which is not read; write the target number "
        "itself (the baseline with the change added), or the change in percent, such as "
        "'+20%' or 'reduce by 30%'",
    ),
    (
        "cut 50",
        "'cut 50' is a change by an amount, which is not read; write the target number "
        "itself (the baseline with the change added), or the change in percent, such as "
        "'+20%' or 'reduce by 30%'",
    ),
]


@pytest.mark.parametrize(("value", "message"), ERRORS, ids=repr)
def test_errors_say_how_to_write_it(value: str, message: str) -> None:
    with pytest.raises(TargetError) as caught:
        read_target(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text", ["+" + "9" * 400 + "%", "9" * 400 + "%", "9" * 400 + "x", "x" + "9" * 400]
)
def test_a_number_past_a_float_is_a_target_error(text: str) -> None:
    with pytest.raises(TargetError) as caught:
        read_target(text)
    assert str(caught.value) == (
        f"'{text}' has a number too large to be a target; check the number, such as '+20%' or '3x'"
    )
    assert read_rate(text) is None


def test_a_huge_number_from_the_loader_is_no_target_form() -> None:
    from ramaudit.core.loader import HugeNumber

    assert read_target(HugeNumber("2" * 500, 500)) is None
    assert read_rate(HugeNumber("2" * 500, 500)) is None


def test_a_target_error_is_a_value_error() -> None:
    assert issubclass(TargetError, ValueError)


RESOLVED = [
    ("+20%", 1000, None, 1200.0),
    ("-30%", 1000, None, 700.0),
    ("reduce by 30%", 200, None, 140.0),
    ("-100%", 50, None, 0.0),
    ("3x", 1000, None, 3000.0),
    ("halve", 80, None, 40.0),
    ("+5pp", 12, None, 17.0),
    ("-2 points", 12, None, 10.0),
    ("15%", 12, None, 15.0),  # a rate is its own number
    ("15%", None, None, 15.0),
    (250, None, None, 250.0),
    (250, 100, None, 250.0),
    ("+5% MoM", 1000, 12, 1000 * 1.05**12),
    ("+5% MoM", 1000, 0, 1000.0),
    ("+5% MoM", 1000, 2.5, 1000 * 1.05**2.5),  # part of a period counts
    ("-100% MoM", 1000, 0, 1000.0),
    ("-100% MoM", 1000, 3, 0.0),
    ("double every year", 10, 3, 80.0),
    ("+5% MoM", 1000, None, None),  # growth needs the count of periods
    ("+5% MoM", 1000, -1, None),
    ("+5% MoM", 1000, float("nan"), None),
    ("+5% MoM", None, 12, None),
    ("+20%", None, None, None),  # a change needs the baseline
    ("3x", None, None, None),
    ("+5pp", None, None, None),
    ("confidential", 1000, 12, None),
    ("+100% MoM", 1.0, 1e6, math.inf),  # compounded past what a float holds
    ("+100% MoM", -1.0, 1e6, -math.inf),
    ("+100% MoM", 0.0, 1e6, 0.0),
]


@pytest.mark.parametrize(("value", "baseline", "periods", "number"), RESOLVED, ids=repr)
def test_resolve(
    value: object, baseline: float | None, periods: float | None, number: float | None
) -> None:
    form = read_target(value)
    assert form is not None
    resolved = form.resolve(baseline, periods)
    if number is None:
        assert resolved is None
    else:
        assert resolved == pytest.approx(number)


@pytest.mark.parametrize(
    ("value", "relative"),
    [
        ("+20%", True),
        ("reduce by 30%", True),
        ("3x", True),
        ("+5pp", True),
        ("5% MoM", True),
        ("15%", False),
        (300, False),
        ("confidential", False),
    ],
)
def test_relative(value: object, relative: bool) -> None:
    form = read_target(value)
    assert form is not None
    assert form.relative is relative


def test_a_form_made_in_python_resolves_like_a_read_one() -> None:
    assert TargetForm("change", 0.2).resolve(1000) == pytest.approx(1200)
    assert TargetForm("confidential", None).resolve(1000) is None
    assert TargetForm("growth", 0.1, "year").written == ""


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("12%", 12.0),
        ("12.5 %", 12.5),
        (" 12.5% ", 12.5),
        ("12 percent", 12.0),
        ("12 per cent", 12.0),
        ("0%", 0.0),
        ("12％", 12.0),
        (12, 12.0),
        (12.5, 12.5),
        (0, 0.0),
        (-3, -3.0),
        ("+12%", None),  # a sign makes it a change, not a rate
        ("-12%", None),
        ("12", None),
        ("12,5%", None),
        ("TBD", None),
        ("", None),
        (True, None),
        (None, None),
        (float("nan"), None),
        (float("inf"), None),
        (10**400, None),
        ([12], None),
    ],
    ids=repr,
)
def test_read_rate(value: object, rate: float | None) -> None:
    assert read_rate(value) == rate


# --- properties ---------------------------------------------------------------------------

PERCENTS = st.decimals(min_value=-100, max_value=10_000, places=2, allow_nan=False)
BASELINES = st.floats(min_value=0.01, max_value=1e9, allow_nan=False)


@given(PERCENTS, BASELINES)
def test_a_change_resolves_and_round_trips(percent: object, baseline: float) -> None:
    text = f"{percent:+}%"
    form = read_target(text)
    assert form is not None and form.kind == "change"
    target = form.resolve(baseline)
    assert target is not None
    assert target == pytest.approx(baseline * (1 + float(str(percent)) / 100), abs=1e-6)
    # from the number back to the change, as a report that shows both would
    assert (target / baseline - 1) * 100 == pytest.approx(float(str(percent)), abs=1e-6)


@given(st.floats(min_value=0.01, max_value=1000), BASELINES)
def test_a_multiple_resolves_and_round_trips(multiple: float, baseline: float) -> None:
    form = read_target(f"{multiple!r}x")
    assert form is not None and form.kind == "multiple"
    target = form.resolve(baseline)
    assert target is not None
    assert target / baseline == pytest.approx(multiple)


@given(st.integers(-(10**20), 10**20) | st.floats(allow_nan=False, allow_infinity=False))
def test_any_number_is_an_absolute_target(number: float) -> None:
    form = read_target(number)
    assert form is not None and form.kind == "absolute"
    assert form.amount == float(number)
    assert form.resolve(None) == float(number)


WORDS = st.sampled_from(
    [
        "+",
        "-",
        "−",
        "20",
        "0",
        "150",
        "2.5",
        ".5",
        "%",
        " %",
        "pp",
        "points",
        "pts",
        "x",
        "×",
        "times",
        "fold",
        "reduce",
        "by",
        "cut",
        "up",
        "down",
        "more",
        "less",
        "vs",
        "last year",
        "over",
        "baseline",
        "mom",
        "per month",
        "yoy",
        "double",
        "halve",
        "confidential",
        "k",
        ",",
        "$",
    ]
)
TARGETISH = (
    st.lists(WORDS, max_size=6).map(" ".join)
    | st.lists(WORDS, max_size=6).map("".join)
    | st.tuples(st.sampled_from(["+", "", "x", "reduce by "]), st.integers(300, 5000)).map(
        lambda parts: parts[0] + "9" * parts[1] + "%"
    )
)


@settings(max_examples=500)
@given(TARGETISH | st.text())
def test_any_text_reads_as_a_form_none_or_a_target_error(text: str) -> None:
    try:
        form = read_target(text)
    except TargetError as error:
        assert str(error)
        return
    if form is None:
        return
    assert form.written == text.strip()
    if form.kind == "confidential":
        assert form.amount is None
    else:
        assert form.amount is not None and math.isfinite(form.amount)
    if form.kind in ("change", "growth"):
        assert form.amount is not None and form.amount >= -1
    if form.kind == "multiple":
        assert form.amount is not None and form.amount > 0
    assert (form.per is not None) == (form.kind == "growth")
    resolved = form.resolve(100.0, 3)
    assert resolved is None or resolved >= 0 or form.kind == "points"


@given(TARGETISH | st.text())
def test_any_text_reads_as_a_rate_or_none(text: str) -> None:
    rate = read_rate(text)
    assert rate is None or (math.isfinite(rate) and rate >= 0)
