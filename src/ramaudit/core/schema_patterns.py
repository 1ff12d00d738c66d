"""Regular expressions for the plan schema: what the checker reads in a typed field,
written as JSON Schema patterns.

JSON Schema patterns are ECMA-262 regular expressions without flags, and validators
written in Python run them with :mod:`re`; every pattern here means the same in both:
no flags, no lookbehind, no possessive quantifiers, no ``\\s`` or ``\\w`` (whose sets
differ between the two), letters in any case written as classes. Each pattern is
anchored with ``^`` and ``$`` and allows the blanks around a value that the checker
strips.

The checker folds case with :meth:`str.lower` or :meth:`str.casefold`; both map a few
characters beyond A-Z onto ASCII letters (the Kelvin sign onto ``k``, the long s onto
``s``), so the letter classes hold them too (:data:`FOLDS`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

Fold = Callable[[str], str]

# What Python's str.strip() and a regex \s take as blank. ECMA's \s has U+FEFF
# besides and lacks U+001C-U+001F and U+0085, so the class is \s without U+FEFF (which
# Python's \s never holds) or one of those five; NOT_BLANK is its complement.
_PYTHON_ONLY_BLANKS = "\\x1c-\\x1f\\x85"
BLANK = f"(?:[^\\S\\ufeff]|[{_PYTHON_ONLY_BLANKS}])"
NOT_BLANK = f"(?:[^\\s{_PYTHON_ONLY_BLANKS}]|\\ufeff)"

# Characters other than A-Z and a-z that fold onto one ASCII letter, by the fold that
# does it (tests/test_schema_v2.py checks these against every code point).
FOLDS: dict[str, dict[str, str]] = {
    "lower": {"k": "\u212a"},
    "casefold": {"k": "\u212a", "s": "\u017f"},
}


def _fold_name(fold: Fold) -> str:
    return "casefold" if fold is str.casefold else "lower"


def letter(char: str, fold: Fold = str.lower, *, upper: bool = True, lower: bool = True) -> str:
    """A class for ``char`` in the cases that fold onto it (``[kK\u212a]``); any other
    character as itself, escaped."""
    if not ("a" <= char <= "z"):
        return _escape(char)
    extra = FOLDS[_fold_name(fold)].get(char, "")
    chosen = (char if lower else "") + (char.upper() if upper else "") + extra
    return f"[{chosen}]"


def word(text: str, fold: Fold = str.lower) -> str:
    """``text`` (lower-case ASCII) in any case, for a checker that folds with ``fold``."""
    return "".join(letter(c, fold) for c in text)


def _escape(char: str) -> str:
    if char in "\\^$.|?*+()[]{}":
        return "\\" + char
    return char


def choice(alternatives: Iterable[str]) -> str:
    return "(?:" + "|".join(alternatives) + ")"


def anchored(body: str) -> str:
    """``body`` as the whole value, with blanks around it."""
    return f"^{BLANK}*{body}{BLANK}*$"


# --------------------------------------------------------------------- placeholders

# What the vocabulary's `normalise` keeps as part of a word: after lower(), ASCII
# letters and digits. The Kelvin sign lowers to 'k' and U+0130 to 'i' and a combining
# dot, so both are word characters too; everything else parts words.
_WORD_CHARS = "0-9A-Za-z\u0130\u212a"
_PART = f"[^{_WORD_CHARS}]"
_MARK = f"(?!{BLANK}){_PART}"


def _cased(text: str, *, last_lower: bool = False) -> str:
    """``text`` as `normalise` reads one word of it: any run of capitals followed by
    small letters (a small letter or digit before a capital splits the word, as in
    camelCase: 'tbD' is 'tb d'). With ``last_lower`` the last letter is a small ASCII
    one, which lets a capital start the next word right after it ('nA' is 'n a')."""

    def rest(i: int) -> str:
        if i == len(text):
            return ""
        small = "".join(letter(c, upper=False) for c in text[i:-1])
        end = text[-1] if last_lower else letter(text[-1], upper=False)
        small += end
        if not text[i].isalpha() or (last_lower and i == len(text) - 1):
            return small
        capital = letter(text[i], lower=False) + rest(i + 1)
        return choice([capital, small])

    return rest(0)


def _phrase(words: list[str], *, joined: bool) -> str:
    """The words of one placeholder; with ``joined``, followed by what parts it from
    the next word (a non-word character, or the capital of a camelCase word)."""
    out = []
    for i, part in enumerate(words):
        if i < len(words) - 1 or joined:
            out.append(
                choice([_cased(part) + f"{_PART}+", _cased(part, last_lower=True) + "(?=[A-Z])"])
            )
        else:
            out.append(_cased(part))
    return "".join(out)


@functools.cache
def placeholder_pattern() -> str:
    """Text the model reads as "not decided" in a typed field (``_Walker._is_placeholder``
    with the default vocabulary): one or more of the vocabulary's placeholders parted
    by anything but letters and digits ('TBD', 'n/a - TBC'), text of no letters or
    digits at all ('???', '-'), or one of the model's own marks ('unknown')."""
    from ramaudit.core.model import _UNDECIDED_MARKS
    from ramaudit.core.vocabulary import Vocabulary, normalise

    vocabulary = Vocabulary()
    phrases = sorted({normalise(p) for p in vocabulary.placeholders if normalise(p)})
    split = [p.split() for p in phrases]
    joined = choice(_phrase(p, joined=True) for p in split)
    last = choice(_phrase(p, joined=False) for p in split)
    marks = sorted(m for m in _UNDECIDED_MARKS if not vocabulary.names_nothing(m))
    return (
        f"^(?:{_PART}*{joined}*{last}{_PART}*"
        f"|{BLANK}*{_MARK}{_PART}*"
        f"|{BLANK}*{choice(word(m) for m in marks)}{BLANK}*)$"
    )


# --------------------------------------------------------------------- targets and dates

# The targets and periods modules clean text before they read it: blanks are one,
# case is folded, and typographic dashes (and more, each module its own table for
# str.translate) are read as typed. Patterns for them are written for the cleaned
# text and widened back to what may be written (:func:`cleaned`).
Typography = dict[int, str]


def typed_as(typography: Typography) -> dict[str, str]:
    """The characters a module reads as each plain one: '-' -> the dashes."""
    out: dict[str, str] = {}
    for code, plain in sorted(typography.items()):
        out[plain] = out.get(plain, "") + chr(code)
    return out


def cleaned(text: str, typography: Typography) -> str:
    """A pattern for what a module's ``_clean`` turns into ``text`` (literal, lower
    case): each blank is one or more blanks, each letter in any case (casefold), each
    character in the forms the module's ``typography`` reads as it."""
    forms = typed_as(typography)
    out = []
    for char in text:
        if char == " ":
            out.append(f"{BLANK}+")
        elif char in forms:
            same = letter(char, str.casefold)[1:-1] if char.isalpha() else _escape_in_class(char)
            out.append(f"[{same}{forms[char]}]")
        else:
            out.append(letter(char, str.casefold))
    return "".join(out)


def _escape_in_class(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


def words(alternatives: Iterable[str], typography: Typography) -> str:
    """Any of ``alternatives`` as :func:`cleaned` text, written as a tree of their
    shared beginnings ('jan(?:uary)?') to keep the schema small: only which texts
    match counts here, never which alternative."""
    tree: dict[str, Any] = {}
    for text in set(alternatives):
        node = tree
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _branches(tree, typography)


def _branches(node: dict[str, Any], typography: Typography) -> str:
    ends = "" in node
    parts = [cleaned(c, typography) + _branches(node[c], typography) for c in sorted(node) if c]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 and not ends else choice(parts)
    return f"{body}?" if ends and body.startswith("(?:") else (f"(?:{body})?" if ends else body)


# A number as the targets module reads it: digits with a decimal part, or a decimal
# part alone, below 10^308 (a float holds up to about 1.8 x 10^308; past it the module
# refuses the target). Two narrower forms say what some readings need: more than 0 (a
# multiple) and at most 100 (a fall in percent).
_WHOLE = "(?:0*[1-9][0-9]{0,307}|0+)"
NUMBER = f"(?:{_WHOLE}(?:\\.[0-9]+)?|\\.[0-9]+)"
_POSITIVE = "(?:0*[1-9][0-9]{0,307}(?:\\.[0-9]+)?|0*\\.[0-9]*[1-9][0-9]*)"
_AT_MOST_100 = "(?:0*(?:[0-9]{1,2}(?:\\.[0-9]+)?|\\.[0-9]+|100(?:\\.0+)?))"
_ANY = "[\\s\\S]*"


# How a comparison after a target begins ('+20% vs last quarter'), as the targets
# module reads it; 'over' and 'above' give a rate a rise, 'below' and 'under' a fall.
_RISING = ("over", "above")
_FALLING = ("below", "under")
_NEUTRAL = (
    *("vs", "vs.", "versus", "compared to", "compared with", "relative to", "against"),
    *("on", "from"),
)


class _TargetParts:
    """The pieces of :mod:`ramaudit.core.targets`' grammar as raw-text patterns."""

    def __init__(self) -> None:
        from ramaudit.core import targets as t

        self.t = t
        self.blank, self.gap = f"{BLANK}+", f"{BLANK}*"
        self.after_period = f"{self.blank}{self.one_of(t._PERIODS)}"
        self.any_comparison = self.comparison(_RISING + _FALLING + _NEUTRAL)
        # words after the number, or after a period of growth ('5% MoM decline'): each
        # says up or down, but 'growth' says either and leans up only alone
        both = (*t._UP_WORDS, *t._DOWN_WORDS)
        self.neutral = [w for w in both if t._leaning(w) == 0]
        self.ups = [w for w in t._UP_WORDS if t._leaning(w) == 1]
        self.downs = [w for w in t._DOWN_WORDS if t._leaning(w) == -1]

    def one_of(self, alternatives: Iterable[str]) -> str:
        return words(alternatives, self.t._TYPOGRAPHY)

    def plain(self, text: str) -> str:
        return cleaned(text, self.t._TYPOGRAPHY)

    def comparison(self, hows: Iterable[str]) -> str:
        return f"{self.blank}{self.one_of(hows)}{self.blank}{NOT_BLANK}{_ANY}"

    def after(self, spelt: Iterable[str]) -> str:
        return f"{self.blank}{self.one_of(spelt)}"

    def units(self, kind: str) -> str:
        return self.one_of(u for u, k in self.t._UNITS.items() if k == kind)

    def rest(self, trailing: list[str] | None, periods: bool = True) -> str:
        """What may follow: nothing, a comparison, or a period of growth with perhaps
        one of the ``trailing`` words after it."""
        out = ["", self.any_comparison]
        if periods:
            out.append(self.after_period + (f"(?:{self.after(trailing)})?" if trailing else ""))
        return choice(out)

    def directed(self, up: bool, number: str, unit: str, periods: bool = True) -> str:
        """A number and unit with a direction given by a verb or sign before it, a word
        after it or after its period, never two that disagree."""
        t, gap = self.t, self.gap
        same = self.ups if up else self.downs
        either = same + self.neutral
        verbs = self.one_of(t._UP_VERBS if up else t._DOWN_VERBS)
        sign = self.plain("+" if up else "-")
        before = choice([f"{verbs}(?:{self.blank}{self.plain('by')})?{self.blank}", f"{sign}{gap}"])
        body = f"{number}{gap}{unit}"
        # without a sign or verb, some word says the direction ('growth' says up)
        says = either if up else same
        out = [
            f"{before}{body}(?:{self.after(either)})?{self.rest(either, periods)}",
            f"{body}{self.after(says)}{self.rest(either, periods)}",
        ]
        if periods:
            neutral = f"(?:{self.after(self.neutral)})?"
            out.append(f"{body}{neutral}{self.after_period}{self.after(says)}")
        return choice(out)


@functools.cache
def target_pattern() -> str:
    """Text that :func:`ramaudit.core.targets.read_target` reads as a target: a change
    ('+20%', 'reduce by 30%', '20% more'), a rate ('15%'), points ('+5pp'), a multiple
    ('3x', 'x3', 'double'), growth ('+5% MoM') or 'confidential', each with what may
    follow it (a period, a comparison). Readings the module refuses are left out: a
    sign and a word that disagree, a fall of more than 100%, points per period or
    without a sign when they could be a score, a multiple of 0 or with a fall, a rate
    with a comparison that gives it no direction."""
    p = _TargetParts()
    gap, rest, directed = p.gap, p.rest, p.directed
    percent, points, loose, multiple = (
        p.units(k) for k in ("percent", "points", "loose points", "multiple")
    )
    forms = [
        p.one_of(p.t._CONFIDENTIAL),
        # a rate, growth, or a change by a comparison's direction
        f"{NUMBER}{gap}{percent}" + choice(["", p.after_period, p.comparison(_RISING)]),
        f"{_AT_MOST_100}{gap}{percent}{p.comparison(_FALLING)}",
        directed(True, NUMBER, percent),
        directed(False, _AT_MOST_100, percent),
        # percentage points: a sign or word is needed for the loose spellings
        f"{NUMBER}{gap}{points}{rest(None, periods=False)}",
        directed(True, NUMBER, choice([points, loose]), periods=False),
        directed(False, NUMBER, choice([points, loose]), periods=False),
        # multiples, never with a fall
        f"{_POSITIVE}{gap}{multiple}{rest(None)}",
        directed(True, _POSITIVE, multiple),
        f"{p.plain('x')}{gap}{_POSITIVE}{rest(p.ups + p.neutral)}",
        p.one_of(p.t._MULTIPLE_WORDS) + rest(p.ups + p.neutral),
    ]
    return anchored(choice(forms))


@functools.cache
def rate_pattern() -> str:
    """A baseline written as a rate ('12%', '12.5 per cent'), as
    :func:`ramaudit.core.targets.read_rate` reads it."""
    from ramaudit.core import targets as t

    percent = words(("%", "percent", "per cent", "pct"), t._TYPOGRAPHY)
    return anchored(f"{NUMBER}{BLANK}*{percent}")


# Python's '$' also matches before a final newline; ECMA's only at the end. A value
# that the checker does not strip must not end in one.
_END = "(?!\\n)$"


@functools.cache
def boolean_pattern() -> str:
    """The text pydantic reads as true or false (``done: yes``), exactly as written:
    no blanks around it, any case."""
    spelt = ("true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0")
    return f"^{choice(word(w) for w in spelt)}{_END}"


# --------------------------------------------------------------------- dates and periods


class _DateParts:
    """The pieces of :mod:`ramaudit.core.periods`' forms as raw-text patterns. With
    ``strict``, numbers are those the module accepts (months 1-12, quarters 1-4, years
    1900-2200, days that the month has); without, any digits where the module's regular
    expression takes digits, which is every text the module reads as meant for a date
    (accepted or refused)."""

    def __init__(self, strict: bool) -> None:
        from ramaudit.core import periods as p

        self.strict = strict
        self.typography: Typography = p._TYPOGRAPHY
        self.blank, self.gap = f"{BLANK}+", f"{BLANK}*"
        self.dash = self.plain("-")
        # [ ,/-]*(?:of )?: 'Q3 2027', 'Q3, 2027', 'Q3 of 2027'
        self.sep = f"(?:{BLANK}|[,/]|{self.dash})*(?:{self.plain('of')}{self.blank})?"
        names = sorted(p._MONTHS, key=lambda n: (-len(n), n))
        self.months: dict[int, list[str]] = {}
        for name in names:
            self.months.setdefault(p._MONTHS[name], []).append(name)

    def plain(self, text: str) -> str:
        return cleaned(text, self.typography)

    def one_of(self, texts: Iterable[str]) -> str:
        return words(texts, self.typography)

    def digits(self, strict: str, loose: str = "[0-9]+(?![0-9])") -> str:
        return strict if self.strict else loose

    # -- numbers
    @property
    def year4(self) -> str:
        return self.digits("(?:19[0-9]{2}|2[01][0-9]{2}|2200)", "[0-9]{4}")

    def month_name(self, months: Iterable[int]) -> str:
        names = [n for m in months for n in self.months[m]]
        return self.one_of(names) + "\\.?"

    def month_days(self) -> list[tuple[str, str, str]]:
        """(months as numbers, the same as names, days they have) by length of month;
        February's 29th needs a leap year (see :meth:`leap_day`)."""
        if not self.strict:
            return [("[0-9]{1,2}", self.month_name(range(1, 13)), "[0-9]{1,2}")]
        long, short = (1, 3, 5, 7, 8, 10, 12), (4, 6, 9, 11)
        return [
            ("(?:0?[13578]|1[02])", self.month_name(long), "(?:0?[1-9]|[12][0-9]|3[01])"),
            ("(?:0?[469]|11)", self.month_name(short), "(?:0?[1-9]|[12][0-9]|30)"),
            ("0?2", self.month_name((2,)), "(?:0?[1-9]|1[0-9]|2[0-8])"),
        ]

    def leap_day(self) -> tuple[str, str, str, str]:
        """(leap years, February as a number, as a name, its 29th)."""
        centuries = "(?:0[48]|[2468][048]|[13579][26])"
        leap = f"(?:19{centuries}|20(?:[02468][048]|[13579][26])|21{centuries})"
        return leap, "0?2", self.month_name((2,)), "29"

    @property
    def month(self) -> str:
        return self.digits("(?:0?[1-9]|1[0-2])", "[0-9]{1,2}")

    def _year_parts(self) -> tuple[str, str, str, str]:
        """(FY before a year, CY before a year, an apostrophe, the year's digits)."""
        gap, dash, apos = self.gap, self.dash, self.plain("'")
        after = f"{gap}{dash}?{gap}{apos}?"
        fy = self.one_of(("fy", "fiscal", "fiscal year")) + after
        cy = self.one_of(("cy", "calendar", "calendar year")) + after
        return fy, cy, apos, self.digits(f"(?:[0-9]{{2}}|{self.year4})(?![0-9])")

    def _pair(self) -> str:
        """The second year of a fiscal year over two (FY2026/27)."""
        second = self.digits("(?:[0-9]{2}|[0-9]{4})(?![0-9])")
        return f"{self.gap}(?:/|{self.dash}){self.gap}{second}"

    def year(self) -> str:
        """A year as _YEAR reads it: FY27, fiscal year 2027, CY2027, '27, 2027,
        FY2026/27 (two years, never after CY)."""
        fy, cy, apos, digits = self._year_parts()
        if not self.strict:
            return f"(?:{fy}|{cy}|{apos})?{digits}(?:{self._pair()})?"
        return choice([f"(?:{fy}|{cy}|{apos})?{digits}", f"(?:{fy}|{apos})?{digits}{self._pair()}"])

    def year_alone(self) -> str:
        """A year alone; bare digits other than four are no year (an id such as 7)."""
        fy, cy, apos, digits = self._year_parts()
        if not self.strict:
            marked = f"(?:{fy}|{cy}|{apos}){digits}(?:{self._pair()})?"
            return choice([marked, f"{digits}{self._pair()}", "[0-9]{4}(?![0-9])"])
        return choice(
            [
                f"(?:{fy}|{cy}|{apos}){digits}",
                f"(?:{fy}|{apos})?{digits}{self._pair()}",
                f"{self.year4}(?![0-9])",
            ]
        )

    def part(self) -> str:
        """A quarter or half as _PART reads it: Q3, Qtr 3, quarter 3, 3Q, 3rd quarter,
        third quarter; H1, half 1, 1H, 1st half, first half."""
        gap, ordinal = self.gap, self.one_of(("st", "nd", "rd", "th"))
        out = []
        for name, short, last, words_ in (
            ("quarter", ("quarter", "qtr", "q"), "4", ("first", "second", "third", "fourth")),
            ("half", ("half", "h"), "2", ("first", "second")),
        ):
            # more than four digits are read as 10,000, past any quarter or half
            number = self.digits(f"0{{0,3}}[1-{last}](?![0-9])")
            digit = self.digits(f"[1-{last}]", "[0-9]")
            after = choice([self.plain(short[-1]), f"{ordinal}{self.blank}{self.plain(name)}"])
            out += [
                f"{self.one_of(short)}{gap}{number}",
                f"{digit}{after}",
                f"{self.one_of(words_)}{self.blank}{self.plain(name)}",
            ]
        return choice(out)

    def letter(self, char: str) -> str:
        return letter(char, str.casefold)

    # -- the forms, in the order the module tries them
    def numeric_day(self) -> str:
        out = []
        for sep in (self.dash, "/", "\\."):
            for month, _, day in self.month_days():
                out.append(f"{self.year4}{sep}{month}{sep}{day}")
            if self.strict:
                leap, month, _, day = self.leap_day()
                out.append(f"{leap}{sep}{month}{sep}{day}")
        return choice(out)

    def numeric_month(self) -> str:
        return f"{self.year4}{self.gap}(?:{self.dash}|/){self.gap}{self.month}"

    def ambiguous_day(self) -> str:
        seps = (self.dash, "/", "\\.")
        return choice(f"[0-9]{{1,2}}{s}[0-9]{{1,2}}{s}(?:[0-9]{{4}}|[0-9]{{2}})" for s in seps)

    def _day_then_month(self, year: str | None, day: str, month: str) -> str:
        ordinal = f"{self.one_of(('st', 'nd', 'rd', 'th'))}?"
        of = f"(?:{self.plain('of')}{self.blank})?"
        body = f"{day}{ordinal}(?:{self.blank}|{self.dash})?{of}{month}"
        if year is None:
            return body
        return f"{body}(?:(?:{BLANK}|,|{self.dash})+{year})"

    def _month_then_day(self, year: str | None, day: str, month: str) -> str:
        ordinal = f"{self.one_of(('st', 'nd', 'rd', 'th'))}?"
        body = f"{month}{self.blank}{day}{ordinal}"
        if year is None:
            return body
        return f"{body},?{self.blank}{year}"

    def named_day(self, day_first: bool) -> str:
        form = self._day_then_month if day_first else self._month_then_day
        out = []
        for _, month, day in self.month_days():
            out.append(form(None, day, month))
            out.append(form(self.year4, day, month))
        if self.strict:
            leap, _, month, day = self.leap_day()
            out.append(form(None, day, month))  # the year is the plan's
            out.append(form(leap, day, month))
        return choice(out)

    def named_month(self, year_first: bool) -> str:
        month = self.month_name(range(1, 13))
        if year_first:
            return f"{self.year()}{self.sep}{month}"
        return f"{month}(?:{self.sep}{self.year()})?"

    def part_and_year(self, year_first: bool) -> str:
        if year_first:
            return f"{self.year()}{self.sep}{self.part()}"
        return f"{self.part()}{self.sep}{self.year()}"

    def forms(self) -> list[str]:
        return [
            self.numeric_day(),
            self.numeric_month(),
            self.ambiguous_day(),
            self.named_day(day_first=True),
            self.named_day(day_first=False),
            self.named_month(year_first=False),
            self.named_month(year_first=True),
            self.part_and_year(year_first=False),
            self.part_and_year(year_first=True),
            self.part(),
            self.year_alone(),
        ]

    def between(self) -> str:
        """What parts the two ends of a range ('Q1 to Q2 2027', 'Jan-Mar 2027'): a word
        or dash between blanks, or a dash alone before a letter."""
        words_between = self.one_of(("to", "until", "till", "through", "thru", "-"))
        return choice(
            [f"{self.blank}{words_between}{self.blank}", f"{self.dash}(?=[A-Za-z\u017f\u212a])"]
        )

    def edge(self) -> str:
        """'end of', 'by the end of', 'start of', 'beginning of', 'by' before a form."""
        the = f"(?:{self.plain('the')}{self.blank})?"
        by = f"(?:{self.plain('by')}{self.blank})?"
        end = f"{by}{the}{self.plain('end of')}"
        start = f"{the}{self.one_of(('start of', 'beginning of'))}"
        return f"{choice([end, start, self.plain('by')])}{self.blank}"


def _dates(strict: bool) -> str:
    """Every form of :mod:`ramaudit.core.periods`, alone or after 'end of', 'by', ...
    Where an earlier form of the module takes a text that a later one would read
    otherwise ('March 27' is a day, not March 2027), the later one leaves it out."""
    parts = _DateParts(strict)
    forms = parts.forms()
    if strict:
        loose = _DateParts(strict=False).forms()
        # where a form ends: the end of the text, or the word between two in a range
        ends = f"(?:{BLANK}*$|{parts.between()})"
        shadowed_by = {5: 4, 6: 3, 10: 1}  # named month by named day, year alone by month
        for later, earlier in shadowed_by.items():
            forms[later] = f"(?!{loose[earlier]}{ends}){forms[later]}"
        del forms[2]  # a day that could be read two ways is always refused
    every = choice(forms)
    if not strict:
        return choice([f"{parts.edge()}{every}", f"{every}(?:{parts.between()}{every})?"])
    # a text that one form takes whole is never read as a range, even when refused
    single = choice(_DateParts(strict=False).forms())
    one_range = f"(?!{single}{BLANK}*$){every}{parts.between()}{every}"
    return choice([f"{parts.edge()}{every}", every, one_range])


@functools.cache
def date_pattern() -> str:
    """A date or period that :mod:`ramaudit.core.periods` reads (given a plan period
    where the text has no year of its own)."""
    return anchored(_dates(strict=True))


@functools.cache
def yearless_pattern() -> str:
    """A date or period written without a year of its own ('Q4', 'March', '31 March',
    'end of H1', 'Q1 to Q2'), which takes the plan period's: the plan's own period
    cannot be written so."""
    parts = _DateParts(strict=False)
    month = parts.month_name(range(1, 13))
    day = "[0-9]{1,2}"
    alone = choice(
        [
            parts._day_then_month(None, day, month),
            parts._month_then_day(None, day, month),
            month,
            parts.part(),
        ]
    )
    return anchored(choice([f"{parts.edge()}{alone}", f"{alone}(?:{parts.between()}{alone})?"]))


@functools.cache
def not_a_date_pattern() -> str:
    """Text that is no date form at all, which a KPI's deadline reads as a milestone id:
    anything the periods module does not take as meant for a date."""
    return f"^(?!{BLANK}*{_dates(strict=False)}{BLANK}*$)"


@functools.cache
def month_pattern() -> str:
    """A month as :func:`ramaudit.core.periods.month_number` reads it (a fiscal year's
    start): its name, short or long, or its number, with a dot after it or not."""
    from ramaudit.core import periods as p

    return anchored(choice([words(p._MONTHS, p._TYPOGRAPHY), "0?[1-9]|1[0-2]"]) + "\\.?")


@functools.cache
def iso_day_pattern() -> str:
    """A day written exactly YYYY-MM-DD, nothing around it, in any year from 1 to 9999:
    the model reads that form itself (``date.fromisoformat``), before the periods
    module and its range of years."""
    long, short = "(?:0[13578]|1[02])", "(?:0[469]|11)"
    day31, day30, day28 = (
        "(?:0[1-9]|[12][0-9]|3[01])",
        "(?:0[1-9]|[12][0-9]|30)",
        "(?:0[1-9]|1[0-9]|2[0-8])",
    )
    leap = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    days = f"[0-9]{{4}}-(?:{long}-{day31}|{short}-{day30}|02-{day28})|{leap}-02-29"
    return f"^(?!0000)(?:{days}){_END}"
