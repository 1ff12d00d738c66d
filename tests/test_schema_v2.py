"""The plan schema's patterns for format 2's values read what the checker reads.

Each pattern in ramaudit.core.schema_patterns stands for one reader of the checker:
placeholders for ``_Walker._is_placeholder``, targets for ``targets.read_target``, rates
for ``targets.read_rate``, dates and periods for ``periods.read_span``, true/false for
pydantic. Property tests write values the way the reader's grammar builds them (parts in
any case, blanks and typographic dashes between them, numbers in and out of range) and
as arbitrary text, and check that the pattern accepts exactly what the reader reads.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ramaudit.core import periods, schema_patterns, targets
from ramaudit.core.model import _UNDECIDED_MARKS, Goal, Milestone, _Walker
from ramaudit.core.vocabulary import PLACEHOLDERS, Vocabulary

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WALKER = _Walker(None, Vocabulary())  # type: ignore[arg-type]  # no findings are placed


def matches(pattern: str, text: str) -> bool:
    """How a validator in Python applies a JSON Schema pattern: re.search."""
    return re.search(pattern, text) is not None


def test_the_folds_are_every_character_that_folds_onto_one_ascii_letter() -> None:
    for name, fold in (("lower", str.lower), ("casefold", str.casefold)):
        found: dict[str, str] = {}
        for code in range(sys.maxunicode + 1):
            char = chr(code)
            folded = fold(char)
            if len(folded) == 1 and "a" <= folded <= "z" and not char.isascii():
                found[folded] = found.get(folded, "") + char
        assert found == schema_patterns.FOLDS[name], name


def test_the_blank_class_is_what_strip_removes() -> None:
    blanks = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert all(matches(f"^{schema_patterns.BLANK}$", c) for c in blanks)
    assert not any(
        matches(f"^{schema_patterns.BLANK}$", chr(c)) for c in range(0x3100) if not chr(c).isspace()
    )


# --------------------------------------------------------------------------- placeholders


def respelt(draw: st.DrawFn, text: str) -> str:
    """``text`` with each letter in either case."""
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if flip else c for c, flip in zip(text, flips, strict=True))


SEPARATORS = st.sampled_from([" ", "/", " - ", ", ", "_", "\u00a0", "\u2014", " ? ", "!", ""])


@st.composite
def placeholder_like(draw: st.DrawFn) -> str:
    """Placeholders and marks joined, respelt, around and between other text."""
    words = [*PLACEHOLDERS, *_UNDECIDED_MARKS, "n a", "na", "to be", "set", "TBDX", "x", "7"]
    parts = draw(st.lists(st.sampled_from(words), min_size=1, max_size=3))
    glue = [draw(SEPARATORS) for _ in parts]
    text = "".join(respelt(draw, p) + g for p, g in zip(parts, glue, strict=True))
    return draw(st.sampled_from(["", " ", "\t", "(", "¿"])) + text


@SETTINGS
@given(st.one_of(placeholder_like(), st.text(max_size=12)))
@example("tbD")  # camelCase: 'tb d'
@example("nA")  # camelCase: 'n a'
@example("ToBeDecided")
@example("日本")  # no ASCII letter or digit: says nothing
@example("İ")
@example("weeK")
def test_the_placeholder_pattern_is_the_walks_reading(text: str) -> None:
    assert matches(schema_patterns.placeholder_pattern(), text) == WALKER._is_placeholder(text)


def test_a_placeholder_nested_in_another_is_beyond_the_pattern() -> None:
    """DIFFERENCES: the vocabulary removes placeholders from the text one after
    another, so one written inside another ('n TBD a': TBD, then n/a) is read as a
    placeholder; no regular expression follows that nesting."""
    assert WALKER._is_placeholder("n TBD a")
    assert not matches(schema_patterns.placeholder_pattern(), "n TBD a")


# -------------------------------------------------------------------------------- targets


NUMBERS = st.one_of(
    st.sampled_from(["0", "0.0", ".5", "1", "3", "20", "99.9", "100", "100.0", "101", "007"]),
    st.integers(0, 10**6).map(str),
    st.decimals(0, 10**4, places=2).map(str),
)
BLANKS = st.sampled_from(["", " ", "  ", "\u2009", "\t"])


@st.composite
def target_like(draw: st.DrawFn) -> str:
    """Texts of the targets module's grammar: verb, sign, number, unit, word, rest."""
    verbs = [*targets._UP_VERBS, *targets._DOWN_VERBS]
    verb = draw(st.sampled_from(["", "", *[v + " " for v in verbs], *[v + " by " for v in verbs]]))
    sign = draw(st.sampled_from(["", "", "+", "-", "\u2212", "\uff0b", "+ "]))
    unit = draw(st.sampled_from(["", *targets._UNITS, "\u00d7", "\uff05"]))
    words = [*targets._UP_WORDS, *targets._DOWN_WORDS]
    word = draw(st.sampled_from(["", "", *[" " + w for w in words]]))
    rests = [*targets._PERIODS, "vs last quarter", "over 2026", "below plan", "on Q2", "foo"]
    rests += [f"{p} {w}" for p in ("mom", "per year") for w in ("growth", "decline", "up", "x")]
    rest = draw(st.sampled_from(["", "", *[" " + r for r in rests]]))
    body = f"{verb}{sign}{draw(NUMBERS)}{draw(BLANKS)}{unit}{word}{rest}"
    if draw(st.integers(0, 9)) == 0:
        body = draw(st.sampled_from(["x", "X ", "\u00d7"])) + draw(NUMBERS) + rest
    elif draw(st.integers(0, 9)) == 0:
        body = draw(st.sampled_from([*targets._MULTIPLE_WORDS, *targets._CONFIDENTIAL])) + rest
    return draw(BLANKS) + respelt(draw, body) + draw(BLANKS)


def reads_as_target(text: str) -> bool:
    try:
        return targets.read_target(text) is not None
    except targets.TargetError:
        return False


@SETTINGS
@given(st.one_of(target_like(), st.text(max_size=10)))
@example("+20% vs last quarter")
@example("20% vs last quarter")  # a rate or a change: refused
@example("-130%")
@example("0x")
@example("5 points")  # a score or a change: refused
@example("+5pp per month")
@example("1" + "0" * 307 + "%")  # 10^307: a float holds it
@example("1" + "0" * 309 + "x")  # 10^309: past what a float holds
def test_the_target_pattern_is_read_target(text: str) -> None:
    assert matches(schema_patterns.target_pattern(), text) == reads_as_target(text)


@SETTINGS
@given(st.one_of(target_like(), st.text(max_size=8)))
@example("9" * 310 + "%")
def test_the_rate_pattern_is_read_rate(text: str) -> None:
    assert matches(schema_patterns.rate_pattern(), text) == (targets.read_rate(text) is not None)


# ---------------------------------------------------------------------------------- dates

# A plan period for forms without a year: FY28 from April, so that February has its 29th.
CALENDAR = periods.Calendar(4, periods.Span(dt.date(2027, 4, 1), dt.date(2028, 3, 31)))
# What periods.read_span refuses for a reason the pattern does not follow (DIFFERENCES).
KNOWN = ("do not follow each other", "before it starts")


@st.composite
def date_like(draw: st.DrawFn) -> str:
    years = ["2027", "27", "1899", "2200", "2201", "02027", "7", "'27", "\u201927", "FY27"]
    years += ["fy 2027", "FY2027/28", "fiscal year 2027", "CY2027", "cy2026/27", "2000", "2100"]
    year = draw(st.sampled_from(years))
    month = draw(st.sampled_from(["01", "1", "02", "2", "4", "12", "13", "00"]))
    day = draw(st.sampled_from(["1", "01", "28", "29", "30", "31", "32", "0", "3rd", "29th"]))
    name = draw(st.sampled_from([*periods._MONTHS, "sept.", "marchh"]))
    parts = ["Q1", "q4", "Q5", "Q0", "Q01", "q00003", "3Q", "H1", "h2", "H3", "1H", "qtr 3"]
    parts += ["quarter 5", "3rd quarter", "5th quarter", "third quarter", "second half"]
    parts += ["third half", "1st half", "half 2"]
    part = draw(st.sampled_from(parts))
    sep = draw(st.sampled_from([" ", "-", "/", ", ", " - ", "", ",", "\u2013", ".", " of "]))
    form = draw(st.integers(0, 10))
    body = [
        f"{year}{sep}{month}{sep}{day}",
        f"{year}{sep}{month}",
        f"{day}{draw(st.sampled_from(['', ' ', '-', ' of ']))}{name} {year}",
        f"{day} {name}",
        f"{name} {day}{draw(st.sampled_from(['', ', ' + year, ' ' + year]))}",
        f"{name}{draw(st.sampled_from(['', sep + year]))}",
        f"{year}{sep}{name}",
        f"{part}{sep}{year}",
        f"{year}{sep}{part}",
        part,
        year,
    ][form]
    edge = draw(st.sampled_from(["", "", "", "end of ", "by ", "by the end of ", "start of "]))
    if draw(st.integers(0, 5)) == 0:  # a range of two forms
        between = draw(st.sampled_from([" to ", " until ", " thru ", "-", " - ", "\u2013"]))
        edge, body = "", body + between + draw(st.sampled_from([*years, part, name, "Q2 2027"]))
    return draw(BLANKS) + respelt(draw, edge + body) + draw(BLANKS)


RANGE = re.compile(r" (?:to|until|till|thru|through|-) |-")


def reading(text: str) -> bool | None:
    """Whether read_span reads ``text`` as a date or period; None for a refusal the
    pattern does not follow: those in KNOWN, and a range's ends refused together (one
    end lends the other its year; DIFFERENCES)."""
    try:
        return periods.read_span(text, CALENDAR) is not None
    except periods.PeriodError as error:
        return None if any(k in str(error) for k in KNOWN) or is_range(text) else False


def is_range(text: str) -> bool:
    """Whether periods reads ``text`` as two ends: no single form takes all of it."""
    cleaned = periods._clean(text)
    single = periods._EDGE.fullmatch(cleaned) or any(
        form.fullmatch(cleaned) for form, _ in periods._FORMS
    )
    return not single and RANGE.search(cleaned) is not None


def meant_as_date(text: str) -> bool:
    try:
        return periods.read_span(text, CALENDAR) is not None
    except periods.PeriodError:
        return True


@SETTINGS
@given(st.one_of(date_like(), st.text(max_size=10)))
@example("2027-02-29")
@example("2028-02-29")
@example("March 27")  # a day of the plan's March, not March 2027
@example("27 march")
@example("2026/27")  # a month 27: refused
@example("q12027")
@example("7")  # no year: an id
def test_the_date_pattern_is_read_span(text: str) -> None:
    reads = reading(text)
    if reads is not None:
        assert matches(schema_patterns.date_pattern(), text) == reads


@SETTINGS
@given(st.one_of(date_like(), st.text(max_size=10)))
@example("m-site-live")
@example("Q5")
@example("q3-launch")
def test_text_that_is_no_date_form_is_what_read_span_does_not_take(text: str) -> None:
    assert matches(schema_patterns.not_a_date_pattern(), text) == (not meant_as_date(text))


# ----------------------------------------------------------------------------- true/false


@SETTINGS
@given(
    st.one_of(
        st.sampled_from(["true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0"]),
        st.text(max_size=5),
    ).flatmap(lambda w: st.sampled_from([w, w.upper(), w.title(), f" {w}", f"{w}\n"]))
)
def test_the_boolean_pattern_is_what_pydantic_reads(text: str) -> None:
    try:
        Milestone.model_validate({"id": "m", "done": text})
        reads = True
    except ValueError:
        reads = False
    assert matches(schema_patterns.boolean_pattern(), text) == reads


@pytest.mark.parametrize(
    "name",
    [
        "placeholder_pattern",
        "target_pattern",
        "rate_pattern",
        "date_pattern",
        "boolean_pattern",
        "month_pattern",
        "not_a_date_pattern",
    ],
)
def test_every_pattern_compiles_as_ecma_262_would_take_it(name: str) -> None:
    """No flags, no lookbehind, no possessive quantifiers, no named groups: the parts
    of Python's syntax that ECMA-262 lacks or spells otherwise."""
    pattern = getattr(schema_patterns, name)()
    re.compile(pattern)
    for python_only in ("(?<", "(?P", "(?i", "++", "*+", "?+", "\\Z", "\\A"):
        assert python_only not in pattern, (name, python_only)


@SETTINGS
@given(
    st.one_of(
        st.sampled_from([*periods._MONTHS, "sept.", "4", "04", "12", "13", "0", "00", "1"]),
        st.text(max_size=6),
    ).flatmap(lambda w: st.sampled_from([w, w.upper(), f" {w}.", f"{w}..", f"{w}\n"]))
)
def test_the_month_pattern_is_month_number(text: str) -> None:
    assert matches(schema_patterns.month_pattern(), text) == (
        periods.month_number(text) is not None
    )


NODE = shutil.which("node")
PATTERNS = [
    "placeholder_pattern",
    "target_pattern",
    "rate_pattern",
    "date_pattern",
    "not_a_date_pattern",
    "yearless_pattern",
    "boolean_pattern",
    "month_pattern",
]


def _samples() -> list[str]:
    """Values of every kind, respelt and spaced at random, with the blanks where ECMA's
    \\s and Python's differ (U+0085, U+FEFF, U+001C)."""
    rng = random.Random(11)
    words = ["TBD", "n/a", "tbD", "nA", "???", "-", "unknown", "+20%", "3X", "x3", "15 %"]
    words += ["reduce by 30%", "+5pp", "5% MoM", "20% vs last year", "double", "12%"]
    words += ["Q3 2027", "2027-02-29", "2028-02-29", "FY2026/27", "H1 FY27", "end of Q3"]
    words += ["Q1 to Q2", "Jan-Mar 2027", "March 27", "m-site-live", "q3-launch", "7", "2027"]
    words += [
        "yes",
        "No",
        "april",
        "Sept.",
        "04",
        "\u017fept",
        "wee\u212a",
        "\u00d73",
        "\u2212 20%",
    ]
    blanks = ["", " ", "\u2009", "\x85", "\ufeff", "\x1c", "\n", "\u3000"]
    out = []
    for _ in range(3000):
        text = rng.choice(words)
        text = "".join(c.upper() if rng.random() < 0.3 else c for c in text)
        out.append(rng.choice(blanks) + text + rng.choice(blanks))
    return out


@pytest.mark.skipif(NODE is None, reason="needs node to run ECMA-262 regular expressions")
def test_javascript_and_python_validators_read_each_pattern_alike() -> None:
    """Editors run the schema's patterns as JavaScript regular expressions (with the
    'u' flag, as Ajv does), Python validators with re: both read every pattern and
    match the same values."""
    patterns = {name: getattr(schema_patterns, name)() for name in PATTERNS}
    samples = _samples()
    script = (
        "const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const out = {};"
        "for (const [name, p] of Object.entries(patterns)) {"
        "  const re = new RegExp(p, 'u'); out[name] = samples.map((s) => re.test(s)); }"
        "console.log(JSON.stringify(out));"
    )
    done = subprocess.run(
        [str(NODE), "-e", script],
        input=json.dumps([patterns, samples]),
        capture_output=True,
        text=True,
        check=True,
    )
    in_javascript = json.loads(done.stdout)
    for name, pattern in patterns.items():
        in_python = [matches(pattern, s) for s in samples]
        differ = [
            s for s, a, b in zip(samples, in_python, in_javascript[name], strict=True) if a != b
        ]
        assert not differ, (name, differ[:5])
        assert any(in_python) and not all(in_python), name


@SETTINGS
@given(st.one_of(date_like(), st.text(max_size=10)))
@example("Q3")
@example("March 27")
@example("march-27")
@example("Jan-Mar 2027")
def test_a_period_with_its_own_year_is_what_reads_without_a_plan_period(text: str) -> None:
    """The plan's own period is read before there is a plan period to lend a year:
    the schema takes there a date form that is not yearless."""
    alone = periods.Calendar(4)
    try:
        reads: bool | None = periods.read_span(text, alone) is not None
    except periods.PeriodError as error:
        reads = None if any(k in str(error) for k in KNOWN) or is_range(text) else False
    if reads is not None:
        dated = matches(schema_patterns.date_pattern(), text) and not matches(
            schema_patterns.yearless_pattern(), text
        )
        assert dated == reads


FIXED_WORDS = {
    "review_cadence": ("plan", ["weekly", "biweekly", "monthly", "quarterly", "fortnightly"]),
    "type": ("goal", ["new-market", "market-share", "retention", "brand", "other"]),
    "direction": ("kpi", ["increase", "decrease"]),
    "kind": ("segment", ["external", "internal"]),
}


@st.composite
def respelt_word(draw: st.DrawFn, words: list[str]) -> str:
    """A fixed word in any case, with '-', '_' or blanks inside, before or after."""
    word = draw(st.sampled_from([*words, "up", "daily"]))
    glue = st.sampled_from(["", "", "", "-", "_", " ", "\u212a", "\x85"])
    text = "".join(c + draw(glue) if draw(st.booleans()) else c for c in respelt(draw, word))
    return (
        draw(st.sampled_from(["", " ", "-", "\t"])) + text + draw(st.sampled_from(["", " ", "_"]))
    )


@pytest.mark.parametrize("key", sorted(FIXED_WORDS))
def test_fixed_word_patterns_read_what_the_model_reads(key: str) -> None:
    from ramaudit.core.model import KPI, PlanInfo, Segment
    from ramaudit.core.schemas import plan_schema

    where, words = FIXED_WORDS[key]
    model = {"plan": PlanInfo, "goal": Goal, "kpi": KPI, "segment": Segment}[where]
    base = {"plan": {"name": "p"}, "goal": {"id": "g"}, "kpi": {"metric": "m"}}.get(
        where, {"id": "s"}
    )
    prop = plan_schema()["$defs"][model.__name__]["properties"][key]
    pattern = next(a for a in prop["anyOf"][0]["anyOf"] if "pattern" in a)["pattern"]

    @SETTINGS
    @given(respelt_word(words))
    def agree(text: str) -> None:
        try:
            model.model_validate({**base, key: text})
            reads = True
        except ValueError:
            reads = False
        assert (matches(pattern, text) or text in words) == reads

    agree()


# ------------------------------------------------- the readers' own examples, as a guard

# The periods and targets modules' tests list what they read and refuse; every one of
# those values is judged by the schema's patterns as by the reader, so a form added to
# a reader (and to its tests) without the pattern following fails here.


def test_the_date_patterns_judge_the_periods_modules_own_examples() -> None:
    import test_periods as tp

    wrong = []
    for value, *_ in [*tp.CALENDAR_FORMS, *tp.FISCAL_FORMS, *tp.RANGES]:
        if isinstance(value, str) and not matches(schema_patterns.date_pattern(), value):
            wrong.append(("refused", value))
    for value, *_ in tp.YEARLESS:
        if isinstance(value, str) and not (
            matches(schema_patterns.date_pattern(), value)
            and matches(schema_patterns.yearless_pattern(), value)
        ):
            wrong.append(("not yearless", value))
    for value in tp.NOT_DATES:
        if isinstance(value, str) and not matches(schema_patterns.not_a_date_pattern(), value):
            wrong.append(("a date form", value))
    for value, _, message in [*tp.ERRORS, *tp.RANGE_ERRORS]:
        if not isinstance(value, str):
            continue
        # refusals that depend on the plan: DIFFERENCES in test_schema_agreement
        plan = (*KNOWN, "has no year", "fiscal year starts in January")
        context = any(k in message for k in plan) or is_range(value)
        if not context:
            if matches(schema_patterns.date_pattern(), value):
                wrong.append(("accepted", value))
            if matches(schema_patterns.not_a_date_pattern(), value):
                wrong.append(("no date form", value))
    assert not wrong, wrong


def test_the_target_patterns_judge_the_targets_modules_own_examples() -> None:
    import test_targets as tt

    wrong = []
    for value, kind, *_ in tt.FORMS:
        reads = kind is not None  # listed with no kind: no target form
        if isinstance(value, str) and matches(schema_patterns.target_pattern(), value) != reads:
            wrong.append(("refused" if reads else "accepted", value))
    for value in [*tt.NOT_TARGETS, *(v for v, _ in tt.ERRORS)]:
        if isinstance(value, str) and matches(schema_patterns.target_pattern(), value):
            wrong.append(("accepted", value))
    assert not wrong, wrong


@pytest.mark.skipif(NODE is None, reason="needs node to run ECMA-262 regular expressions")
def test_every_pattern_of_the_shipped_schema_compiles_in_javascript() -> None:
    from ramaudit.core.schemas import plan_schema_text

    script = (
        "const s = JSON.parse(require('fs').readFileSync(0, 'utf8')); const bad = [];"
        "(function walk(o) { if (o && typeof o === 'object') {"
        "  for (const [k, v] of Object.entries(o)) {"
        "    if (k === 'pattern' && typeof v === 'string') {"
        "      try { new RegExp(v, 'u'); } catch (e) { bad.push(e.message); } }"
        "    else if (k === 'patternProperties') { Object.keys(v).forEach((p) => {"
        "      try { new RegExp(p, 'u'); } catch (e) { bad.push(e.message); } }); }"
        "    else walk(v); } } })(s);"
        "console.log(JSON.stringify(bad));"
    )
    done = subprocess.run(
        [str(NODE), "-e", script],
        input=plan_schema_text(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == []


# --------------------------------------------------------------------------- tracking keys

_TRACKED = """version: 2
plan: {name: P, period: Q1 2027}
objectives:
  - id: o1
    kpis:
      - metric: leads
        target: 10
        %s
tactics:
  - id: t1
    objectives: o1
    budget: 100
    %s
"""
# Variants of every key tracking through the quarter adds: (KPI line, tactic line).
TRACKING_VARIANTS = {
    "check-in on a day": ("checkins: [{date: 2027-02-01, value: 3}]", ""),
    "check-in in a month": ("checkins: [{date: 2027-02, value: 3}]", ""),
    "check-in in a quarter": ("checkins: [{date: Q1 2027, value: 3}]", ""),
    "check-in on no day": ("checkins: [{date: TBD, value: 3}]", ""),
    "check-in on a wrong day": ("checkins: [{date: 2027-02-30, value: 3}]", ""),
    "confidence 1": ("checkins: [{date: 2027-02-01, value: 3, confidence: 1}]", ""),
    "confidence above 1": ("checkins: [{date: 2027-02-01, value: 3, confidence: 1.5}]", ""),
    "confidence below 0": ("checkins: [{date: 2027-02-01, value: 3, confidence: -0.1}]", ""),
    "confidence as a rate": ("checkins: [{date: 2027-02-01, value: 3, confidence: 70%}]", ""),
    "check-in on a null day": ("checkins: [{date: null, value: 3}]", ""),
    "check-in with no value": ("checkins: [{date: 2027-02-01}]", ""),
    "check-in with another key": ("checkins: [{date: 2027-02-01, value: 3, by: Jo}]", ""),
    "actual as text": ("actual: lots", ""),
    "actual undecided": ("actual: TBD", ""),
    "as of a month": ("as_of: 2027-02", ""),
    "as of a wrong day": ("as_of: 2027-02-30", ""),
    "commitment in capitals": ("commitment: Aspirational", ""),
    "commitment no word": ("commitment: stretch", ""),
    "commitment undecided": ("commitment: TBD", ""),
    "phasing by month": ("", "phasing: {2027-01: 50, 2027-02: 50}"),
    "phasing by quarter": ("", "phasing: {Q1 2027: 100}"),
    "phasing by yearless quarter": ("", "phasing: {Q1: 100}"),
    "phasing by year": ("", "phasing: {2027: 100}"),
    "phasing by range": ("", "phasing: {Jan-Mar 2027: 100}"),
    "phasing key no period": ("", "phasing: {someday: 100}"),
    "phasing key a wrong month": ("", "phasing: {2027-13: 100}"),
    "phasing amount negative": ("", "phasing: {2027-01: -5}"),
    "phasing amount text": ("", "phasing: {2027-01: lots}"),
    "phasing undecided": ("", "phasing: TBD"),
    "phasing a list": ("", "phasing: [100]"),
    "expense": ("", "expenses: [{date: 2027-01-10, amount: 50}]"),
    "expense in a month": ("", "expenses: [{date: 2027-01, amount: 50}]"),
    "expense negative": ("", "expenses: [{date: 2027-01-10, amount: -50}]"),
    "expense text": ("", "expenses: [{date: 2027-01-10, amount: lots}]"),
    "expense with a sign": ("", "expenses: [{date: 2027-01-10, amount: $50}]"),
    "expense on a null day": ("", "expenses: [{date: null, amount: 50}]"),
    "expense with no day": ("", "expenses: [{amount: 50}]"),
    "status in capitals": ("", "status: Active"),
    "status no word": ("", "status: ongoing"),
    "status undecided": ("", "status: TBD"),
    "spent negative": ("", "spent: -4"),
    "spent text": ("", "spent: lots"),
    "spent undecided": ("", "spent: TBD"),
}


@pytest.mark.parametrize("variant", sorted(TRACKING_VARIANTS))
def test_the_schema_and_the_checker_agree_on_every_tracking_key(variant: str) -> None:
    import jsonschema

    from ramaudit.api import audit_text
    from ramaudit.core.loader import load
    from ramaudit.core.schemas import plan_schema

    text = _TRACKED % TRACKING_VARIANTS[variant]
    validator = jsonschema.Draft202012Validator(
        plan_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    refused = [e.message for e in validator.iter_errors(load(text).data)]
    reported = [f.message for f in audit_text(text, "p.yaml").findings if f.code == "RA002"]
    assert bool(refused) == bool(reported), (refused, reported)
