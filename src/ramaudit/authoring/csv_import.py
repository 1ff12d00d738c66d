"""Import a plan from a spreadsheet saved as CSV: one row per item.

Columns (header names are matched ignoring case, spaces, underscores, hyphens and
other punctuation, so ``Start Date``, ``start_date`` and ``START-DATE`` are the same
column); :data:`FIELDS` lists each column's synonyms, and docs/import.md shows them
as tables. Format 2's columns (:data:`V2_FIELDS`: period, fiscal_year_start, campaign,
contributors, depends_on, due, done, kind, amount, set_by, confidential) make the
plan a format 2 one (``version: 2``). Three of them stood for another column in format
1 and still do in a sheet without that column (:data:`STANDS_FOR`): ``kind`` for
``type``, ``due`` for ``deadline``, ``amount`` for ``budget``.

Row types (the ``type`` column, any case, singular or plural): ``plan``, ``segment``
(also audience, persona), ``goal``, ``objective``, ``campaign`` (also programme; a
``campaign`` row no tactic points at, in a sheet without a campaign column, is a
tactic, as format 1 read it), ``milestone`` (also deliverable), ``tactic`` (also
activity, initiative), ``budget line`` (also overhead, cost line) and ``kpi`` (also
metric, measure, key result).

* ``parent`` links an objective to its goal, a campaign, milestone or tactic to its
  objective, and a tactic to its campaign; several ids are separated by ``;``. An
  objective whose parent is another objective rolls up to it (``parents``).
  References may use an item's id or, when unique, its name.
* A ``kpi`` row attaches to the objective, campaign or tactic named in ``parent``;
  such a row may also carry one KPI inline in its metric/target/... columns.
* The ``plan`` row sets the plan block (name, owner, budget, currency, start/end as the
  period, review cadence, stakeholders separated by ``;``). Without one the plan is
  named after the file.
* ``voice_of_customer`` and ``stakeholders`` hold several entries separated by ``;``,
  or by line breaks inside the cell (then ``;`` is kept as text).
* The delimiter (comma, semicolon or tab) is taken from the header row.
* Numbers are read with one decimal separator for the whole sheet: ``--decimal``
  when given, else ``,`` in a semicolon-separated sheet and ``.`` in a comma- or
  tab-separated one. The other mark groups thousands (so do spaces, ``'`` and ``_``),
  always in threes; a currency sign and a trailing ``%`` are dropped. A value that
  only reads with the other mark as the decimal separator is reported and kept as
  text, and so is a value whose meaning depends on the choice (``1.500``) when the
  sheet writes numbers both ways; see :class:`_Numbers`.
* Dates are ``YYYY-MM-DD`` (``YYYY/MM/DD`` and month names such as ``15 Jan 2027``
  work too); ``01/02/2027`` is refused because it is ambiguous. Periods the plan format
  reads (``Q3 2027``, ``FY27``, ``Q4``), targets such as ``+20%`` or ``3x``, and
  placeholders (``TBD``) are written as they are, for the plan format to read.

Nothing is dropped silently. A row that cannot be placed (unknown type, no id, a KPI
whose parent does not exist) is kept under ``x-unplaced`` with its row number and raw
cells. A value that is not a valid number or date stays in the plan as written, so
``ramaudit check`` points at it. A column ramaudit does not know, or a value in a
column that does not apply to the row's type, is kept as an ``x-`` key on the item.
Every such case is reported with its spreadsheet row number (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
from collections import Counter
from dataclasses import field
from decimal import Context as _DecimalContext
from pathlib import Path
from typing import Any

import yaml

from ramaudit.authoring.block_yaml import BlockWriter
from ramaudit.core import periods, targets, vocabulary
from ramaudit.core.loader import CoreSafeDumper
from ramaudit.core.model import _UNDECIDED_MARKS, ITEM_SECTIONS
from ramaudit.core.records import dataclass
from ramaudit.core.source import decode, display_path, read_bytes
from ramaudit.core.wording import with_article
from ramaudit.report import escape

# --------------------------------------------------------------------------- vocabulary

FIELDS: dict[str, tuple[str, ...]] = {
    "type": ("item type", "row type", "level"),
    "id": ("item id", "key", "ref", "reference"),
    "name": ("title", "label", "item", "item name"),
    "description": ("details", "notes", "summary"),
    "owner": ("responsible", "accountable", "lead", "dri"),
    "parent": ("parent id", "parents id", "belongs to", "linked to", "serves"),
    "goals": ("goal", "goal id", "goal ids"),
    "objectives": ("objective", "objective id", "objective ids"),
    "parents": ("parent objective", "parent objectives", "rolls up to", "roll up"),
    "channel": ("medium",),
    "stage": ("funnel stage", "funnel"),
    "segment": ("segments", "audience", "target segment", "segment id"),
    "budget": ("cost", "spend"),
    "start": ("start date", "from", "begin", "begins"),
    "end": ("end date", "to", "finish", "until", "ends"),
    "metric": ("kpi", "kpi metric", "measure"),
    "target": ("target value", "kpi target"),
    "baseline": ("current", "current value", "kpi baseline"),
    "unit": ("units", "kpi unit"),
    "deadline": ("by", "target date", "kpi deadline"),
    "direction": ("better", "kpi direction"),
    "voice_of_customer": ("voice of customer", "voc", "customer evidence", "evidence"),
    "goal_type": ("goal type", "goal category"),
    "currency": (),
    "review_cadence": ("review cadence", "cadence", "review"),
    "stakeholders": (),
    # Format 2.
    "period": ("plan period",),
    "fiscal_year_start": ("fiscal year start", "fiscal year starts", "fy start"),
    "campaign": ("campaigns", "campaign id", "programme", "program"),
    "contributors": ("contributor", "supporting", "supported by", "shared with"),
    "depends_on": (
        "depends on",
        "depends",
        "dependencies",
        "dependency",
        "after",
        "blocked by",
        "prerequisite",
        "prerequisites",
    ),
    "due": ("due date", "due by"),
    "done": ("completed", "complete", "finished", "delivered"),
    "kind": ("segment kind", "audience kind", "budget kind", "cost kind", "line kind"),
    "amount": ("line amount",),
    "set_by": ("set by", "set in", "defined in", "defined by", "set elsewhere"),
    "confidential": ("kpi confidential", "private target"),
    # Tracking through the period: the latest reading of a KPI and the money spent.
    "actual": ("actuals", "actual value", "kpi actual", "latest value", "achieved"),
    "as_of": ("as of", "as at", "as of date", "measured on", "counted on", "last updated"),
    "confidence": ("kpi confidence", "confidence level", "owner confidence"),
    "spent": ("spent to date", "spend to date", "actual spend", "actual cost", "spent so far"),
}

# A column that, in a sheet without a column for the field on the right, stands for it
# as it did in format 1: 'kind' was the row type, 'due' the KPI deadline, 'amount' the
# budget. A sheet with both columns reads each as its own field.
STANDS_FOR = {"kind": "type", "due": "deadline", "amount": "budget"}

# The fields only format 2 reads: a sheet that fills one is imported as a format 2 plan.
V2_FIELDS = frozenset(
    {
        "period",
        "fiscal_year_start",
        "campaign",
        "contributors",
        "depends_on",
        "due",
        "done",
        "kind",
        "amount",
        "set_by",
        "confidential",
        "actual",
        "as_of",
        "confidence",
        "spent",
    }
)

ROW_TYPES: dict[str, tuple[str, ...]] = {
    "plan": ("plans",),
    "segment": ("segments", "audience", "audiences", "persona", "personas"),
    "goal": ("goals", "business goal", "business goals"),
    "objective": ("objectives",),
    "tactic": ("tactics", "activity", "activities", "initiative", "initiatives"),
    # 'campaign' also names a single piece of work in many sheets (format 1 read it as
    # a tactic): see _Builder.campaign_rows for when it is which.
    "campaign": (
        "campaigns",
        "programme",
        "programmes",
        "program",
        "programs",
    ),
    "milestone": ("milestones", "deliverable", "deliverables"),
    "budget line": ("budget lines", "overhead", "overheads", "cost line", "cost lines"),
    "kpi": ("kpis", "metric", "metrics", "measure", "measures", "key result", "key results"),
}
# Row types a sheet may use only in format 2.
V2_KINDS = frozenset({"campaign", "milestone", "budget line"})
# The words that name a campaign row which may be a tactic instead.
_CAMPAIGN_WORDS = frozenset({"campaign", "campaigns"})

_KPI_FIELDS = (
    "metric",
    "target",
    "baseline",
    "unit",
    "deadline",
    "direction",
    "confidential",
    "actual",
    "as_of",
    "confidence",
)
# What a tactic or campaign row records of its run, beside its KPI's reading.
_SPEND_FIELDS = ("spent", "as_of")
_ITEM = frozenset({"type", "id", "name", "description", "owner"})

# Which columns mean something on which row type; any other filled cell is kept as x-<field>.
APPLIES: dict[str, frozenset[str]] = {
    "plan": frozenset(
        {
            "type",
            "name",
            "owner",
            "description",
            "budget",
            "currency",
            "start",
            "end",
            "review_cadence",
            "stakeholders",
            "period",
            "fiscal_year_start",
        }
    ),
    "segment": _ITEM | {"voice_of_customer", "kind"},
    "goal": _ITEM | {"goal_type", "set_by"},
    "objective": _ITEM | {"parent", "goals", "parents", "contributors", *_KPI_FIELDS},
    "tactic": _ITEM
    | {
        "parent",
        "objectives",
        "campaign",
        "channel",
        "stage",
        "segment",
        "contributors",
        "budget",
        "start",
        "end",
        "depends_on",
        *_KPI_FIELDS,
        *_SPEND_FIELDS,
    },
    "campaign": _ITEM
    | {
        "parent",
        "objectives",
        "contributors",
        "budget",
        "start",
        "end",
        "depends_on",
        *_KPI_FIELDS,
        *_SPEND_FIELDS,
    },
    "milestone": _ITEM | {"parent", "objectives", "contributors", "due", "done", "depends_on"},
    "budget line": _ITEM | {"kind", "amount"},
    "kpi": frozenset({"type", "parent", "name", *_KPI_FIELDS}),
}
# The items a KPI row may measure.
_MEASURED = ("objective", "campaign", "tactic")
# Words for the budget line kinds the format knows (salaries, tools, retainer, agency,
# other), as sheets write them.
_BUDGET_KINDS = {
    "salary": "salaries",
    "staff": "salaries",
    "people": "salaries",
    "headcount": "salaries",
    "tool": "tools",
    "software": "tools",
    "licences": "tools",
    "licenses": "tools",
    "retainers": "retainer",
    "agencies": "agency",
}

_ITEM_LISTS = {kind: section for section, kind in ITEM_SECTIONS.items()}


def normalize_header(text: str) -> str:
    """``Start Date`` / ``start_date`` / ``START-DATE`` -> ``startdate``."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_HEADER_LOOKUP = {
    normalize_header(s): canon for canon, syns in FIELDS.items() for s in (canon, *syns)
}
_TYPE_LOOKUP = {
    normalize_header(s): canon for canon, syns in ROW_TYPES.items() for s in (canon, *syns)
}


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the import could not take as it stood, at a spreadsheet row."""

    row: int | None  # None: about the sheet as a whole
    message: str
    column: str | None = None
    kind: str = "note"  # "unplaced" (row kept under x-unplaced) | "value" | "note"

    def __str__(self) -> str:
        """The problem for a message line: the sheet's text in it (cells, column
        names) is shown escaped, so it stays on its line and off the terminal."""
        if self.row is None:
            return escape.shown(self.message)
        where = f"row {self.row}" + (f", column '{self.column}'" if self.column else "")
        return escape.shown(f"{where}: {self.message}")


@dataclass(slots=True)
class ImportResult:
    source: str
    document: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def unplaced(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "unplaced"]

    @property
    def failed(self) -> bool:
        """True when some row or value could not be taken as it stood."""
        return any(p.kind in ("unplaced", "value") for p in self.problems)

    def to_yaml(self) -> str:
        # The file name is shown escaped: a line break in it would end the comment and
        # put the rest of the name in the plan as YAML.
        return plan_yaml(
            self.document, header=f"Imported from {escape.shown(self.source)} by ramaudit import."
        )


class ImportFailed(Exception):
    """The file cannot be imported at all (not CSV, no header, no type column)."""

    def __init__(self, path: str, message: str, row: int | None = None) -> None:
        self.path, self.message, self.row = path, message, row
        where = f"{path}:{row}" if row else path
        super().__init__(escape.shown(f"{where}: {message}"))  # file name and cells escaped


# --------------------------------------------------------------------------- values


def split_list(text: str) -> list[str]:
    """``a; b`` -> ``[a, b]``; a cell with line breaks splits on those instead."""
    parts = text.splitlines() if "\n" in text.strip() else text.split(";")
    return [p.strip() for p in parts if p.strip()]


DECIMAL_MARKS = (".", ",")
# The decimal separator a sheet is read with when --decimal does not say: spreadsheet
# programs write semicolon-separated CSV where the comma is the decimal separator.
DEFAULT_DECIMAL = {",": ".", ";": ",", "\t": "."}
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

# Besides the other mark, these group thousands: spaces (plain, no-break, thin), the
# apostrophe and the underscore. A number uses one of them, every three digits.
_GROUP_MARKS = (" ", "'", "_")
_SPACES = re.compile("[\u00a0\u202f\u2009]")
_DIGITS = re.compile(r"[0-9]+")
_EXPONENT = re.compile(r"([0-9]+)(?:[.,]([0-9]+))?[eE]([+-]?[0-9]+)")


def other_mark(decimal: str) -> str:
    return "," if decimal == "." else "."


def parse_number(text: str, decimal: str = ".") -> int | float | None:
    """The number ``text`` means when ``decimal`` ('.' or ',') is the decimal separator
    and the other mark, a space, ``'`` or ``_`` groups thousands; None when it does not
    read as one under that rule. A currency sign and a trailing ``%`` are dropped.

    ``parse_number("1.500", ",") == 1500`` and ``parse_number("1.500") == 1.5``;
    ``parse_number("1,50")`` is None: a comma that groups thousands needs three digits.
    """
    if text.isdigit() and text.isascii() and len(text) <= _PLAIN_DIGITS:
        # Most cells are digits alone (a budget, a target): they read the same under
        # either rule, as the whole number they spell, and _exact would agree.
        if decimal not in DECIMAL_MARKS:
            raise ValueError(f"decimal separator must be '.' or ',', not {decimal!r}")
        return int(text)
    literal = _literal(text, decimal)
    return None if literal is None else _exact(literal)


def _literal(text: str, decimal: str) -> str | None:
    """``text`` as a Python number literal under :func:`parse_number`'s rule
    (``-1200.5e3``), or None."""
    if decimal not in DECIMAL_MARKS:
        raise ValueError(f"decimal separator must be '.' or ',', not {decimal!r}")
    s = _SPACES.sub(" ", text).strip().strip(" $€£¥").removesuffix("%").strip()
    sign = ""
    if s[:1] in ("+", "-"):
        sign, s = s[0], s[1:].lstrip(" $€£¥")
    m = _EXPONENT.fullmatch(s)
    if m and (m[2] is None or s[len(m[1])] == decimal):
        whole, point, fraction, exponent = m[1], "", m[2] or "", m[3]
    else:
        (whole, point, fraction), exponent = s.partition(decimal), ""
    if (fraction and not _DIGITS.fullmatch(fraction)) or (point and not fraction):
        return None
    digits = _ungrouped(whole, other_mark(decimal))
    if digits is None or not (digits or fraction):
        return None
    return f"{sign}{digits or '0'}.{fraction or '0'}" + (f"e{exponent}" if exponent else "")


# Whole numbers are kept exactly below this many digits; a fraction only when a float
# holds it exactly as written (about 15 significant digits).
MAX_WHOLE_DIGITS = 300
_EXACT = _DecimalContext(prec=2 * MAX_WHOLE_DIGITS, Emax=10**6, Emin=-(10**6))
# The longest run of digits parse_number reads without _exact: its literal ("DIGITS.0")
# stays within _exact's length limit.
_PLAIN_DIGITS = MAX_WHOLE_DIGITS - 2


def _exact(literal: str) -> int | float | None:
    """The number ``literal`` (``-12.50e3``) means, written back without losing a
    digit: an int for a whole number (of up to MAX_WHOLE_DIGITS digits), else a float
    when one holds the value as written; None when neither can."""
    if len(literal) > MAX_WHOLE_DIGITS or len(literal.partition("e")[2]) > 6:
        return None
    exact = _EXACT.create_decimal(literal)
    if exact.adjusted() < MAX_WHOLE_DIGITS and exact == exact.to_integral_value(context=_EXACT):
        return int(exact)
    value = float(literal)  # (1e300 is a float that holds it exactly)
    if not math.isfinite(value) or _EXACT.create_decimal(repr(value)) != exact:
        return None
    return value


def _lost_digits(literal: str) -> str:
    """Why :func:`_exact` refused ``literal``, for the message."""
    mantissa, _, exponent = literal.partition("e")
    whole = mantissa.partition(".")[0].lstrip("+-0")
    try:
        too_large = len(whole) + int(exponent or 0) > MAX_WHOLE_DIGITS
    except ValueError:
        too_large = True
    if too_large or len(literal) > MAX_WHOLE_DIGITS:
        return f"is too large to keep as a number (over {MAX_WHOLE_DIGITS} digits)"
    return "has more significant digits than a number keeps exactly (about 15)"


def _ungrouped(whole: str, group: str) -> str | None:
    """``60,000`` -> ``60000`` with ``,`` grouping; None for a misplaced group mark."""
    if not whole or _DIGITS.fullmatch(whole):
        return whole
    for mark in (group, *_GROUP_MARKS):
        parts = whole.split(mark)
        if len(parts) > 1:
            ok = 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])
            if ok and all(_DIGITS.fullmatch(p) for p in parts):
                return "".join(parts)
            return None
    return None


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%B %d, %Y",
)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MIDNIGHT = re.compile(r"[T ]00:00(:00(\.0+)?)?$")


def parse_date(text: str) -> dt.date | None:
    if _ISO_DATE.fullmatch(text):
        # The common cell, read as strptime's first format would read it, without
        # strptime's cost (a regular expression built per format, locale checks).
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass  # no such day: the formats below say so the same way
    s = " ".join(text.split())
    s = _MIDNIGHT.sub("", s)  # spreadsheets add a midnight time
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None


def _slug(text: str) -> str:
    slug = re.sub(r"[^0-9a-z]+", "-", text.casefold()).strip("-")
    return slug or "column"


# --------------------------------------------------------------------------- reading


@dataclass(slots=True)
class _Row:
    number: int  # spreadsheet row, header = 1
    cells: dict[str, str]  # field -> value, filled cells only
    extras: dict[str, str]  # x-key -> value, for columns ramaudit does not know
    raw: dict[str, str]  # header text -> value, filled cells only
    headers: dict[str, str] = field(default_factory=dict)  # field -> its header text
    # Cells of the budget phasing columns: the period as the header writes it -> value.
    phasing: dict[str, str] = field(default_factory=dict)
    phasing_headers: dict[str, str] = field(default_factory=dict)  # period -> header text


# A budget phasing column: a header that is a period, after an optional word saying so
# ("Phasing Q1 2027", "Budget 2027-01", "phased: Feb 2027"). A bare header must be a
# month or quarter with its year ("2027-01", "Jan 2027", "Q1 2027"): a bare "2027" or
# "Q1" is too likely to mean something else in a sheet.
_PHASING_PREFIX = re.compile(
    r"(?:budget\s+phasing|phasing|phased|budget|spend\s+plan)\s*[:\-]?\s*(?P<period>.+)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


def phasing_period(title: str) -> str | None:
    """The period a budget phasing column names (``Phasing Q1 2027`` -> ``Q1 2027``),
    or None when the header names no phasing column."""
    text = " ".join(title.split())
    prefixed = _PHASING_PREFIX.fullmatch(text)
    if prefixed is not None:
        period = prefixed["period"]
        return period if is_period(period) and parse_date(period) is None else None
    bare = (
        _YEAR.search(text) is not None
        and not text.isdigit()
        and not text.casefold().startswith(("fy", "cy"))
        and parse_date(text) is None
    )
    return text if bare and is_period(text) else None


def _find_header(text: str, source: str) -> tuple[list[list[str]], int, str]:
    """Parse with the delimiter (comma, semicolon or tab) under which some row in the
    first 20 reads as a header with a type column; the most known columns wins."""
    best: tuple[int, str, int] | None = None  # (known columns, delimiter, header row index)
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for index, record in enumerate(reader):
                if index >= 20:
                    break
                fields = [_HEADER_LOOKUP.get(normalize_header(cell)) for cell in record]
                if "type" in fields or "kind" in fields:  # 'kind' alone: the type
                    known = len({f for f in fields if f})
                    if best is None or known > best[0]:
                        best = (known, delimiter, index)
                    break
        except csv.Error:
            continue
    if best is None:
        raise ImportFailed(
            source,
            "no 'type' column in the header; each row needs a type "
            "(plan, segment, goal, objective, tactic or kpi)",
            1,
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=best[1])
    records: list[list[str]] = []
    last_start = last_end = 0  # file lines of the last record
    try:
        for record in reader:
            records.append(record)
            last_start, last_end = last_end + 1, reader.line_num
    except csv.Error as exc:
        raise ImportFailed(source, f"not valid CSV: {exc}", reader.line_num) from None
    if records and _open_quote_at_end(text, last_start, best[1]):
        # The lenient reader closes the cell at the end of the file, which would turn
        # every row after a missing quote into text in one cell, silently.
        raise ImportFailed(
            source,
            "a quoted cell that starts on this line is never closed, so the rest of the "
            "file would be read into that one cell; add the closing quote",
            last_start,
        )
    return records, best[2], best[1]


def _open_quote_at_end(text: str, start: int, delimiter: str) -> bool:
    """Whether the record that starts on line ``start`` runs into the end of the file
    inside quotes (only the strict reader tells)."""
    tail = "".join(io.StringIO(text, newline="").readlines()[start - 1 :])
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _read_header(
    header: list[str], header_at: int, problems: list[Problem]
) -> tuple[list[tuple[str, str | None, str]], dict[int, str]]:
    """The columns of the header row: (header text, field or None, x-key) each, and the
    budget phasing columns by index with their period; notes go to ``problems``."""
    columns: list[tuple[str, str | None, str]] = []  # (header text, field or None, x-key)
    phasing: dict[int, str] = {}  # column index -> the period of a budget phasing column
    seen: dict[str, str] = {}
    for position, title in enumerate(header, start=1):
        title = title.strip().lstrip("\ufeff")
        canon = _HEADER_LOOKUP.get(normalize_header(title))
        shown = title or f"column {position}"
        if canon is not None and canon in seen:
            problems.append(
                Problem(
                    header_at + 1,
                    f"means the same as column '{seen[canon]}'; "
                    f"its values are kept as x-{_slug(shown)}",
                    shown,
                )
            )
            canon = None
        elif canon is not None:
            seen[canon] = shown
        elif title and (period := phasing_period(title)) is not None:
            phasing[position - 1] = period
        elif title:
            problems.append(
                Problem(
                    header_at + 1,
                    f"is not a plan field; its values are kept as x-{_slug(shown)}",
                    shown,
                )
            )
        columns.append((shown, canon, f"x-{_slug(shown)}"))
    for alias, canon in STANDS_FOR.items():
        if alias in seen and canon not in seen:
            columns = [(t, canon if f == alias else f, x) for t, f, x in columns]
    return columns, phasing


def read_rows(text: str, source: str) -> tuple[list[_Row], list[Problem], str]:
    """Split CSV text into rows keyed by field, plus notes about the header and the
    delimiter the sheet uses."""
    if not text.strip():
        raise ImportFailed(
            source, "the file is empty; expected a header row such as 'type,id,name,parent'"
        )
    records, header_at, delimiter = _find_header(text, source)
    problems: list[Problem] = []
    columns, phasing = _read_header(records[header_at], header_at, problems)

    rows: list[_Row] = []
    for index, record in enumerate(records):
        number = index + 1
        # A cell written over several lines keeps the file's line ends; a plan wants \n.
        filled = {}
        for i, cell in enumerate(record):
            value = cell.strip()
            if value:
                if "\r" in value:
                    value = value.replace("\r\n", "\n").replace("\r", "\n")
                filled[i] = value
        if index < header_at:
            if filled:
                raw = {f"column {i + 1}": v for i, v in filled.items()}
                rows.append(_Row(number, {"type": "\0above-header"}, {}, raw))
            continue
        if index == header_at or not filled:
            continue
        row = _Row(number, {}, {}, {})
        for i, value in filled.items():
            if i < len(columns):
                shown, canon, xkey = columns[i]
            else:
                shown, canon, xkey = f"column {i + 1}", None, f"x-column-{i + 1}"
                problems.append(
                    Problem(
                        number, f"has a value beyond the last header column; kept as {xkey}", shown
                    )
                )
            row.raw[shown] = value
            if i in phasing:
                row.phasing[phasing[i]] = value
                row.phasing_headers[phasing[i]] = shown
            elif canon is not None:
                row.cells[canon] = value
                row.headers[canon] = shown
            else:
                row.extras[xkey] = value
        rows.append(row)
    return rows, problems, delimiter


# --------------------------------------------------------------------------- building


_NUMBER_FIELDS = ("budget", "amount", "target", "baseline", "actual", "confidence", "spent")


@dataclass(frozen=True, slots=True)
class _Cell:
    row: int
    column: str
    text: str

    def __str__(self) -> str:
        return f"row {self.row}, column '{self.column}'"


class _Numbers:
    """How one sheet writes numbers.

    The decimal separator is ``--decimal`` when given, else the delimiter's default
    (:data:`DEFAULT_DECIMAL`); the other mark groups thousands. Before any value is
    read, every number cell is surveyed: a cell that only reads with the *other* mark
    as the decimal separator (``1,50`` in a comma-separated sheet) is evidence against
    the default. Cells whose value depends on the choice (``1.500``) are then read by
    the rule only when nothing in the sheet speaks against it, and listed in one note
    when nothing in the sheet speaks for it either.
    """

    def __init__(self, delimiter: str, decimal: str | None) -> None:
        self.given = decimal is not None
        self.decimal = decimal if decimal is not None else DEFAULT_DECIMAL[delimiter]
        self.other = other_mark(self.decimal)
        self.sheet = f"a {DELIMITER_NAMES[delimiter]}-separated sheet"
        self.against: _Cell | None = None  # the first cell that reads only the other way
        self.confirmed = False  # some cell reads only under the rule
        self.by_rule_alone: list[tuple[_Cell, int | float]] = []

    def readings(self, text: str) -> tuple[int | float | None, int | float | None]:
        return parse_number(text, self.decimal), parse_number(text, self.other)

    def survey(self, rows: list[_Row]) -> None:
        for row in rows:
            for name in _NUMBER_FIELDS:
                if name not in row.cells:
                    continue
                here, there = self.readings(row.cells[name])
                if here is None and there is not None and self.against is None:
                    cell = _Cell(row.number, row.headers.get(name, name), row.cells[name])
                    self.against = cell
                elif here is not None and there is None:
                    self.confirmed = True
            for text in row.phasing.values():
                here, there = self.readings(text)
                if here is not None and there is None:
                    self.confirmed = True

    def note(self) -> Problem | None:
        """One note listing the values read by the rule with nothing to confirm it."""
        if not self.by_rule_alone:
            return None
        (first, value), rest = self.by_rule_alone[0], self.by_rule_alone[1:]
        more = ""
        if rest:
            shown = "; ".join(f"{c} '{c.text}'" for c, _ in rest[:10])
            extra = f" and {len(rest) - 10} more" if len(rest) > 10 else ""
            more = f" (read the same way: {shown}{extra})"
        return Problem(
            first.row,
            f"'{first.text}' read as {value}: in {self.sheet} '{self.decimal}' is the decimal "
            f"separator and '{self.other}' groups thousands, and no number in the sheet "
            f"shows otherwise{more}; pass --decimal {self.other} if '{self.other}' is the "
            "decimal separator",
            first.column,
        )


# Words a done or confidential cell may hold, as yes and as no.
_YES = frozenset({"yes", "y", "true", "x", "1", "done", "complete", "completed", "delivered"})
_YES_MARKS = frozenset({"\u2713", "\u2714", "\u2705"})
_NO = frozenset({"no", "n", "false", "0", "not done", "open", "pending", "to do", "todo"})
# A quarter or month without a year reads against some one-year plan period: whether the
# value is written as a period is all the import asks; the plan's own period gives it
# its year when the plan is checked.
# ``FY2026/27`` needs a fiscal year that starts after January.
_CALENDARS = tuple(
    periods.Calendar(
        start, periods.Span(dt.date(2000, start, 1), dt.date(2001, start, 1) - dt.timedelta(1))
    )
    for start in (1, 7)
)


def is_period(text: str) -> bool:
    """Whether ``text`` is a date or period the plan format reads beyond the sheet's
    own date forms: ``Q3 2027``, ``FY27``, ``2027-03``, ``H1``, ``Q4``."""
    for calendar in _CALENDARS:
        try:
            if periods.read_span(text, calendar) is not None:
                return True
        except periods.PeriodError:
            continue
    return False


def is_placeholder(text: str) -> bool:
    """Whether ``text`` says "not decided yet" (``TBD``, ``???``, ``-``, ``n/a``), as the
    plan format reads a placeholder in a typed field."""
    written = text.strip()
    return bool(written) and (
        written.casefold() in _UNDECIDED_MARKS or vocabulary.DEFAULT.names_nothing(written)
    )


def relative_target(text: str) -> bool:
    """Whether ``text`` is a target that only format 2 reads: a change against the
    baseline (``+20%``, ``3x``, ``+5pp``), growth per period (``5% MoM``) or
    ``confidential``. A plain number or rate (``15%``) is read as a number, as before."""
    try:
        form = targets.read_target(text)
    except targets.TargetError:
        return False
    return form is not None and form.kind not in ("absolute", "rate")


# The links each kind of row may fill in columns of their own, besides `parent`.
_EXPLICIT: dict[str, tuple[str, ...]] = {
    "objective": ("goals", "parents"),
    "tactic": ("objectives", "campaign", "segment", "depends_on"),
    "campaign": ("objectives", "depends_on"),
    "milestone": ("objectives", "depends_on"),
}
# A column that, on a row of the kind, fills another field when the row has none of
# its own: a milestone's deadline is its due day, a budget line's budget its amount.
_OWN_NAMES: dict[str, tuple[str, str]] = {
    "milestone": ("deadline", "due"),
    "budget line": ("budget", "amount"),
}
_TYPES_V1 = "plan, segment, goal, objective, tactic or kpi"
_TYPES_V2 = "plan, segment, goal, objective, campaign, milestone, tactic, budget line or kpi"


class _Builder:
    def __init__(self, source: str, numbers: _Numbers | None = None) -> None:
        self.source = source
        self.numbers = numbers or _Numbers(",", None)
        self.problems: list[Problem] = []
        self.plan: dict[str, Any] | None = None
        self.items: dict[str, list[dict[str, Any]]] = {k: [] for k in _ITEM_LISTS.values()}
        self.kinds: dict[str, str] = {}  # id -> kind of the first item with it
        self.names: dict[str, list[str]] = {}  # casefolded name -> ids
        self.pending_links: list[tuple[_Row, str, dict[str, Any]]] = []
        self.kpi_rows: list[_Row] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        self.unplaced: list[dict[str, Any]] = []
        self.counts: Counter[str] = Counter()
        # Format 2: whether the sheet uses a row type or column only format 2 has (then
        # messages list format 2's row types), and whether the plan is written as one.
        self.v2_sheet = False
        self.v2 = False
        # What tactics name as their campaign or parent (casefolded), and whether the
        # sheet has a campaign column: they decide what a 'campaign' row is.
        self.campaign_refs: set[str] = set()
        self.campaign_column = False
        # KPI deadlines that are no date: a milestone's id or name, once every row is
        # read, else a value to fix (the index of its problem, to take back).
        self.deadlines: list[tuple[int, str, dict[str, Any]]] = []
        self.settled = False
        self.withdrawn: set[int] = set()

    # -- the sheet as a whole
    def survey(self, rows: list[_Row]) -> None:
        """Before any row is built: what tactics point at, and whether the sheet is
        written for format 2."""
        for row in rows:
            if "campaign" in row.cells:
                self.campaign_column = True
            if _TYPE_LOOKUP.get(normalize_header(row.cells.get("type", ""))) == "tactic":
                self.campaign_refs.update(
                    r.casefold() for r in split_list(row.cells.get("parent", ""))
                )
        self.v2_sheet = any(self.uses_v2(row) for row in rows)
        self.v2 = self.v2_sheet

    def uses_v2(self, row: _Row) -> bool:
        """Whether the row is of a kind, or fills a column where it applies, that only
        format 2 has (a column that means nothing on the row is kept as an x- key)."""
        kind = self.row_kind(row)
        if kind is None:
            return False
        return kind in V2_KINDS or bool(V2_FIELDS & row.cells.keys() & APPLIES[kind])

    def row_kind(self, row: _Row) -> str | None:
        """The row's kind. A row typed 'campaign' is a campaign when the sheet has a
        campaign column or a tactic names it as its parent; otherwise it is one piece
        of work, a tactic, as format 1 read it."""
        written = normalize_header(row.cells.get("type", ""))
        kind = _TYPE_LOOKUP.get(written)
        if kind == "campaign" and written in _CAMPAIGN_WORDS and not self.campaign_column:
            named = {row.cells.get("id", "").casefold(), row.cells.get("name", "").casefold()}
            if not named & self.campaign_refs:
                return "tactic"
        return kind

    # -- reporting
    def problem(
        self, row: _Row, message: str, column: str | None = None, kind: str = "note"
    ) -> None:
        self.problems.append(Problem(row.number, message, column, kind))

    def unplace(self, row: _Row, reason: str) -> None:
        self.problem(row, f"{reason}; kept under x-unplaced", kind="unplaced")
        self.unplaced.append({"row": row.number, "reason": reason, "values": dict(row.raw)})
        self.counts["unplaced"] += 1

    # -- values
    @staticmethod
    def _header_of(row: _Row, name: str) -> str:
        return row.headers.get(name, name)

    def undecided(self, row: _Row, name: str, text: str | None = None) -> bool:
        """A placeholder in a typed field stays as written, for check to report."""
        text = row.cells[name] if text is None else text
        if not is_placeholder(text):
            return False
        self.problem(
            row,
            f"'{text}' is a placeholder (not decided yet); kept as written, and "
            "ramaudit check reports it",
            self._header_of(row, name),
        )
        return True

    def number(self, row: _Row, name: str, text: str | None = None) -> Any:
        """The cell's number under the sheet's rule (see :class:`_Numbers`); a value
        that breaks the rule or that the sheet leaves in doubt is kept as text.
        ``text`` is a cell that is no field of its own (a phasing column's), with
        ``name`` its header."""
        text = row.cells[name] if text is None else text
        column = self._header_of(row, name)
        rule = self.numbers
        here, there = rule.readings(text)
        if here is not None and (rule.given or there is None or there == here):
            return here
        if here is not None and rule.against is not None:
            other = rule.against
            self.problem(
                row,
                f"'{text}' could be {here} or {there}, and this sheet writes numbers both "
                f"ways ({other} has '{other.text}'); kept as text: fix the cells, or pass "
                "--decimal . or --decimal , to say which separator is the decimal one",
                column,
                kind="value",
            )
            return text
        if here is not None:
            if not rule.confirmed:
                rule.by_rule_alone.append((_Cell(row.number, column, text), here))
            return here
        if there is not None and rule.given:
            message = (
                f"'{text}' is not a number with '{rule.decimal}' as the decimal separator "
                f"(--decimal {rule.decimal}); kept as text for you to fix"
            )
        elif there is not None:
            message = (
                f"'{text}' has '{rule.other}' as its decimal separator, but {rule.sheet} is "
                f"read with '{rule.decimal}' as the decimal separator and '{rule.other}' "
                "grouping thousands; kept as text: fix the cell, or pass "
                f"--decimal {rule.other} if the whole sheet writes numbers that way"
            )
        elif (literal := _literal(text, rule.decimal)) is not None:
            message = f"'{text}' {_lost_digits(literal)}; kept as text: write it shorter"
        elif self.undecided(row, name, text):
            return text
        else:
            message = f"'{text}' is not a number; kept as text for you to fix"
        self.problem(row, message, column, kind="value")
        return text

    def target(self, row: _Row) -> Any:
        """A target in a form only format 2 reads ('+20%', '3x', 'confidential') as
        written; anything else as a number."""
        text = row.cells["target"]
        if relative_target(text):
            self.v2 = True
            return text
        return self.number(row, "target")

    def date(self, row: _Row, name: str) -> Any:
        text = row.cells[name]
        value = parse_date(text)
        if value is not None:
            return value
        if is_period(text):
            self.v2 = True
            return text
        if self.undecided(row, name):
            return text
        self.problem(
            row,
            f"'{text}' is not a date in YYYY-MM-DD form; kept as text for you to fix",
            self._header_of(row, name),
            kind="value",
        )
        return text

    def deadline(self, row: _Row, kpi: dict[str, Any]) -> Any:
        """A KPI's deadline: a date or period, or a milestone named by id or name."""
        text = row.cells["deadline"]
        if parse_date(text) is None and not is_period(text) and not is_placeholder(text):
            if self.settled:
                ref, kind = self.resolve(text)
                if kind == "milestone":
                    self.v2 = True
                    return ref
            else:  # a milestone may come further down the sheet
                self.deadlines.append((len(self.problems), text, kpi))
        return self.date(row, "deadline")

    def flag(self, row: _Row, name: str) -> Any:
        """A yes-or-no cell (done, confidential) as true or false."""
        text = row.cells[name]
        word = " ".join(text.casefold().split())
        if word in _YES or word in _YES_MARKS:
            return True
        if word in _NO:
            return False
        if not self.undecided(row, name):
            self.problem(
                row,
                f"'{text}' is not yes or no; kept as text for you to fix",
                self._header_of(row, name),
                kind="value",
            )
        return text

    @staticmethod
    def word(text: str) -> str:
        """Enumerated values as the format spells them: ``Market Share`` -> ``market-share``."""
        return re.sub(r"[\s_]+", "-", text.strip().casefold())

    def leftovers(self, row: _Row, kind: str, item: dict[str, Any]) -> None:
        """Keep filled cells that mean nothing on this row type as x- keys."""
        allowed = APPLIES[kind]
        for name, value in row.cells.items():
            if name not in allowed:
                key = f"x-{name.replace('_', '-')}"
                item[key] = value
                self.problem(
                    row,
                    f"'{name}' does not apply to {with_article(kind)}; kept as {key}",
                    self._header_of(row, name),
                )
        if kind not in ("tactic", "campaign"):
            for period, value in row.phasing.items():
                column = row.phasing_headers[period]
                key = f"x-{_slug(column)}"
                item[key] = value
                self.problem(
                    row,
                    f"a budget phasing does not apply to {with_article(kind)}; kept as {key}",
                    column,
                )
        item.update(row.extras)

    # -- rows
    def add(self, row: _Row) -> None:
        type_text = row.cells.get("type", "")
        if type_text == "\0above-header":
            self.unplace(row, "above the header row")
            return
        kind = self.row_kind(row)
        if not type_text:
            self.unplace(row, "no type")
            return
        if kind is None:
            types = _TYPES_V2 if self.v2_sheet else _TYPES_V1
            self.unplace(row, f"unknown type '{type_text}' (use {types})")
            return
        if kind == "plan":
            self.add_plan(row)
        elif kind == "kpi":
            self.kpi_rows.append(row)
        else:
            self.add_item(row, kind)

    def add_plan(self, row: _Row) -> None:
        if self.plan is not None:
            self.unplace(row, "a second plan row (the first one sets the plan block)")
            return
        c = row.cells
        info: dict[str, Any] = {}
        for name in ("name", "owner", "description"):
            if name in c:
                info[name] = c[name]
        if "period" in c:
            info["period"] = self.plan_period(row)
        else:
            period = {k: self.date(row, k) for k in ("start", "end") if k in c}
            if period:
                info["period"] = period
        if "fiscal_year_start" in c:
            month = c["fiscal_year_start"]
            info["fiscal_year_start"] = int(month) if month.isdigit() else month
        if "budget" in c:
            info["budget"] = self.number(row, "budget")
        if "currency" in c:
            info["currency"] = c["currency"].upper()
        if "review_cadence" in c:
            info["review_cadence"] = self.word(c["review_cadence"])
        if "stakeholders" in c:
            info["stakeholders"] = split_list(c["stakeholders"])
        self.leftovers(row, "plan", info)
        self.plan = info
        self.counts["plan"] += 1

    def plan_period(self, row: _Row) -> Any:
        """The plan's period from its `period` cell; start and end dates beside it
        would say it twice, so they are kept as x- keys."""
        for name in ("start", "end"):
            if name in row.cells:
                key = f"x-{name}"
                row.extras[key] = row.cells.pop(name)
                self.problem(
                    row,
                    f"the plan's period is given in '{self._header_of(row, 'period')}'; "
                    f"kept as {key}",
                    self._header_of(row, name),
                )
        return self.date(row, "period")

    def add_item(self, row: _Row, kind: str) -> None:
        c = row.cells
        item_id = c.get("id")
        if not item_id:
            self.unplace(row, f"{with_article(kind)} with no id")
            return
        own = _OWN_NAMES.get(kind)
        if own is not None and own[0] in c and own[1] not in c:
            c[own[1]] = c.pop(own[0])
            row.headers[own[1]] = row.headers.get(own[0], own[0])
        item: dict[str, Any] = {"id": item_id}
        for name in ("name", "description", "owner"):
            if name in c:
                item[name] = c[name]
        if kind in _EXPLICIT:
            # Links are resolved once every row is read: a parent may come later.
            self.pending_links.append((row, kind, item))
        self.fill(row, kind, item)
        if kind in _MEASURED:
            kpi = self.inline_kpi(row)
            if kpi is not None:
                item["kpis"] = [kpi]
        self.leftovers(row, kind, item)
        self.file(row, kind, item)

    def fill(self, row: _Row, kind: str, item: dict[str, Any]) -> None:
        """The row's own values for its kind, beside its id, name, links and KPI."""
        c = row.cells
        if "contributors" in c:
            item["contributors"] = split_list(c["contributors"])
        if kind == "goal":
            if "goal_type" in c:
                item["type"] = self.word(c["goal_type"])
            if "set_by" in c:
                item["set_by"] = c["set_by"]
        elif kind == "segment":
            if "voice_of_customer" in c:
                item["voice_of_customer"] = split_list(c["voice_of_customer"])
            if "kind" in c:
                item["kind"] = self.word(c["kind"])
        elif kind == "budget line":
            if "kind" in c:
                written = self.word(c["kind"])
                item["kind"] = _BUDGET_KINDS.get(written, written)
            if "amount" in c:
                item["amount"] = self.number(row, "amount")
        elif kind == "milestone":
            if "due" in c:
                item["due"] = self.date(row, "due")
            if "done" in c:
                item["done"] = self.flag(row, "done")
        else:
            self.fill_work(row, kind, item)

    def fill_work(self, row: _Row, kind: str, item: dict[str, Any]) -> None:
        """A tactic's or campaign's channel, stage, budget and dates."""
        c = row.cells
        if kind == "tactic":
            for name in ("channel", "stage"):
                if name in c:
                    item[name] = c[name]
        if kind in ("tactic", "campaign"):
            if "budget" in c:
                item["budget"] = self.number(row, "budget")
            for name in ("start", "end"):
                if name in c:
                    item[name] = self.date(row, name)
            if "spent" in c:
                item["spent"] = self.number(row, "spent")
                if "as_of" in c:
                    item["as_of"] = self.date(row, "as_of")
            if row.phasing:
                self.v2 = True
                item["phasing"] = {
                    period: self.number(row, row.phasing_headers[period], text)
                    for period, text in row.phasing.items()
                }

    def file(self, row: _Row, kind: str, item: dict[str, Any]) -> None:
        """Put the item in its section and make it known by id and name."""
        item_id = item["id"]
        if item_id in self.kinds:
            self.problem(
                row,
                f"id '{item_id}' is used by an earlier row too; both are kept "
                "(ramaudit check reports the duplicate)",
                "id",
            )
        else:
            self.kinds[item_id] = kind
            self.by_id[item_id] = item
        if "name" in row.cells:
            self.names.setdefault(row.cells["name"].casefold(), []).append(item_id)
        self.items[_ITEM_LISTS[kind]].append(item)
        self.counts[kind] += 1

    def kpi_values(self, row: _Row, kpi: dict[str, Any]) -> dict[str, Any]:
        """Fill ``kpi`` (which holds its metric) from the row's KPI columns."""
        c = row.cells
        if "target" in c:
            kpi["target"] = self.target(row)
        if "baseline" in c:
            kpi["baseline"] = self.number(row, "baseline")
        if "unit" in c:
            kpi["unit"] = c["unit"]
        if "deadline" in c:
            kpi["deadline"] = self.deadline(row, kpi)
        if "direction" in c:
            kpi["direction"] = self.word(c["direction"])
        if "confidential" in c:
            kpi["confidential"] = self.flag(row, "confidential")
        if "actual" in c:
            self.reading(row, kpi)
        else:
            for name in ("as_of", "confidence"):
                if name in c and not (name == "as_of" and "spent" in c):
                    self.unread(row, kpi, name, "without an 'actual'")
        return kpi

    def reading(self, row: _Row, kpi: dict[str, Any]) -> None:
        """The KPI's latest value: ``actual`` (with ``as_of``), or one check-in when
        the row gives the owner's confidence too (the format keeps a confidence only
        on a check-in, and a check-in needs its day)."""
        c = row.cells
        value = self.number(row, "actual")
        day = self.date(row, "as_of") if "as_of" in c else None
        if "confidence" in c and day is not None:
            checkin = {"date": day, "value": value, "confidence": self.confidence(row)}
            kpi["checkins"] = [checkin]
            return
        kpi["actual"] = value
        if day is not None:
            kpi["as_of"] = day
        if "confidence" in c:
            self.unread(row, kpi, "confidence", "without an 'as of' day")

    def unread(self, row: _Row, kpi: dict[str, Any], name: str, why: str) -> None:
        """A reading's detail that makes no reading alone: kept as an x- key."""
        key = f"x-{name.replace('_', '-')}"
        kpi[key] = row.cells[name]
        self.problem(row, f"'{name}' given {why}; kept as {key}", self._header_of(row, name))

    def confidence(self, row: _Row) -> Any:
        """A confidence as the format writes it, 0.0 to 1.0: ``70%`` is 0.7. Any other
        number is kept as written, for check to report when it is out of range."""
        value = self.number(row, "confidence")
        if isinstance(value, int | float) and row.cells["confidence"].strip().endswith("%"):
            return _exact(repr(value / 100)) if value != 0 else 0
        return value

    def inline_kpi(self, row: _Row) -> dict[str, Any] | None:
        c = row.cells
        if "metric" not in c:
            # KPI details without a metric cannot form a KPI; keep them visible instead.
            for name in _KPI_FIELDS:
                if name == "as_of" and "spent" in c:
                    continue  # the day of the row's spend
                if name in c:
                    key = f"x-{name.replace('_', '-')}"
                    row.extras[key] = c.pop(name)
                    self.problem(
                        row,
                        f"'{name}' given without a metric; kept as {key}",
                        self._header_of(row, name),
                    )
            return None
        return self.kpi_values(row, {"metric": c["metric"]})

    # -- second pass
    def resolve(self, ref: str) -> tuple[str, str | None]:
        """An id, or a unique item name, -> (id, kind or None when unknown)."""
        if ref in self.kinds:
            return ref, self.kinds[ref]
        ids = self.names.get(ref.casefold(), [])
        if len(set(ids)) == 1:
            return ids[0], self.kinds.get(ids[0])
        return ref, None

    def link(self, row: _Row, kind: str, item: dict[str, Any]) -> None:
        c = row.cells
        explicit = _EXPLICIT[kind]
        links: dict[str, list[str]] = {name: [] for name in ("goals", "parents", *explicit)}
        for ref in split_list(c.get("parent", "")):
            target, target_kind = self.resolve(ref)
            if kind == "objective":
                # A parent that is an objective is a roll-up; anything else is kept as
                # a goal link, and ramaudit check says what is wrong with it.
                links["parents" if target_kind == "objective" else "goals"].append(target)
            elif kind == "tactic" and target_kind == "campaign":
                links["campaign"].append(target)
            else:
                links["objectives"].append(target)
        for name in explicit:
            for ref in split_list(c.get(name, "")):
                links[name].append(self.resolve(ref)[0])
        for name in explicit:
            ids = list(dict.fromkeys(links[name]))
            if ids:
                item[name] = ids[0] if len(ids) == 1 else ids

    def settle_deadlines(self) -> None:
        """Deadlines that name a milestone (by id or name) become its id."""
        self.settled = True
        for index, text, kpi in self.deadlines:
            ref, kind = self.resolve(text)
            if kind == "milestone":
                kpi["deadline"] = ref
                self.withdrawn.add(index)
                self.v2 = True
        if self.withdrawn:
            self.problems = [p for i, p in enumerate(self.problems) if i not in self.withdrawn]

    def attach_kpi(self, row: _Row) -> None:
        c = row.cells
        metric = c.get("metric") or c.get("name")
        if not metric:
            self.unplace(row, "a KPI with no metric")
            return
        parents = split_list(c.get("parent", ""))
        if not parents:
            self.unplace(row, "a KPI with no parent (name the objective or tactic it measures)")
            return
        targets = []
        for ref in parents:
            target, target_kind = self.resolve(ref)
            if target_kind is None:
                self.unplace(row, f"a KPI whose parent '{ref}' is not in the sheet")
                return
            if target_kind not in _MEASURED:
                self.unplace(
                    row,
                    f"a KPI on {target_kind} '{target}' "
                    "(KPIs belong to objectives, campaigns and tactics)",
                )
                return
            targets.append(target)
        kpi = self.kpi_values(row, {"metric": metric})
        for name, value in row.cells.items():
            if name not in APPLIES["kpi"]:
                kpi[f"x-{name.replace('_', '-')}"] = value
                self.problem(
                    row,
                    f"'{name}' does not apply to a KPI; kept as x-{name.replace('_', '-')}",
                    self._header_of(row, name),
                )
        for period, value in row.phasing.items():
            column = row.phasing_headers[period]
            kpi[f"x-{_slug(column)}"] = value
            self.problem(
                row, f"a budget phasing does not apply to a KPI; kept as x-{_slug(column)}", column
            )
        kpi.update(row.extras)
        for target in targets:
            self.by_id[target].setdefault("kpis", []).append(dict(kpi))
        self.counts["kpi"] += 1

    def document(self) -> dict[str, Any]:
        for row, kind, item in self.pending_links:
            self.link(row, kind, item)
        self.settle_deadlines()
        for row in self.kpi_rows:
            self.attach_kpi(row)
        note = self.numbers.note()
        if note is not None:
            self.problems.append(note)
        for key, items in self.items.items():
            self.items[key] = [_ordered(item) for item in items]
        plan = self.plan
        if plan is None:
            plan = {"name": Path(self.source).stem or "Imported plan"}
            self.problems.append(
                Problem(None, f"no plan row; the plan is named '{plan['name']}' after the file")
            )
        elif "name" not in plan:
            plan = {"name": Path(self.source).stem or "Imported plan", **plan}
        doc: dict[str, Any] = {"version": 2} if self.v2 else {}
        doc["plan"] = plan
        for key, items in self.items.items():
            if items:
                doc[key] = items
        if self.unplaced:
            doc["x-unplaced"] = self.unplaced
        return doc


# Keys in the order the example plans use; x- keys go before the KPIs, which come last.
_KEY_ORDER = (
    "id",
    "name",
    "description",
    "type",
    "kind",
    "set_by",
    "goals",
    "parents",
    "objectives",
    "campaign",
    "channel",
    "stage",
    "segment",
    "owner",
    "contributors",
    "voice_of_customer",
    "budget",
    "amount",
    "start",
    "end",
    "due",
    "done",
    "depends_on",
    "spent",
    "as_of",
    "phasing",
)


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    out = {k: item[k] for k in _KEY_ORDER if k in item}
    out.update((k, v) for k, v in item.items() if k not in out and k != "kpis")
    if "kpis" in item:
        out["kpis"] = item["kpis"]
    return out


# --------------------------------------------------------------------------- entry points


def import_csv_text(
    text: str, source: str = "plan.csv", *, decimal: str | None = None
) -> ImportResult:
    """Import CSV text. ``decimal`` ('.' or ',') is the decimal separator of every
    number in the sheet; without it the delimiter decides (see :class:`_Numbers`)."""
    if decimal is not None and decimal not in DECIMAL_MARKS:
        raise ImportFailed(source, f"the decimal separator must be '.' or ',', not '{decimal}'")
    rows, problems, delimiter = read_rows(text.removeprefix("\ufeff"), source)
    numbers = _Numbers(delimiter, decimal)
    numbers.survey(rows)
    builder = _Builder(source, numbers)
    builder.survey(rows)
    builder.problems.extend(problems)
    for row in rows:
        builder.add(row)
    document = builder.document()
    builder.problems.sort(key=lambda p: p.row or 0)
    return ImportResult(source, document, builder.problems, builder.counts)


def import_csv(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = 50 * 1024 * 1024,
    decimal: str | None = None,
) -> ImportResult:
    """Import a CSV file. Raises :class:`ImportFailed` or :class:`SourceError`."""
    shown = display_path(os.fspath(path))
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read(max_bytes + 1)
        shown = "stdin"
    else:
        p = Path(path)
        if p.suffix.casefold() in (".xlsx", ".xls", ".ods", ".numbers"):
            raise ImportFailed(
                shown,
                "spreadsheet files are not read directly; save the sheet "
                "as CSV (UTF-8) and import that",
            )
        if p.is_dir():
            raise ImportFailed(shown, "is a directory, not a CSV file")
        data = read_bytes(p, max_bytes=max_bytes, shown=shown)  # as plans are read
    if len(data) > max_bytes:
        raise ImportFailed(shown, f"file is over the {max_bytes:,}-byte limit")
    return import_csv_text(decode(data, shown), shown, decimal=decimal)


# --------------------------------------------------------------------------- YAML


class _PlanDumper(CoreSafeDumper):
    """Safe YAML laid out as the example plans are: list items indented under their
    key, one line per KPI, short id lists in brackets. Text that YAML 1.1 or 1.2 would
    read as something else (``0o17``, ``1e5``, ``yes``, ``nan``) is quoted, and text
    holding a control, bidi or format character is written in double quotes with each
    such character escaped (PyYAML leaves bidi and format characters raw, and writes a
    NEL or U+2028 raw as a line break outside double quotes)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _flow_mapping(data: dict[str, Any]) -> bool:
    """A KPI, one line in braces."""
    return "metric" in data and all(not isinstance(v, dict | list) for v in data.values())


def _flow_sequence(data: list[Any]) -> bool:
    """A short list of ids, in brackets."""
    return (
        all(isinstance(v, str) and len(v) <= 40 for v in data) and sum(len(v) for v in data) <= 80
    )


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = _flow_mapping(data)
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = _flow_sequence(data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = '"' if escape.has_unsafe(data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_PlanDumper.add_representer(str, _represent_str)
_PlanDumper.add_representer(dict, _represent_dict)
_PlanDumper.add_representer(list, _represent_list)


def plan_yaml(document: dict[str, Any], header: str | None = None) -> str:
    """Clean YAML for a plan document: sections in order, a blank line between them."""
    parts = [f"# {header}\n"] if header else []
    writer = _plan_writer()
    for key, value in document.items():
        # The writer gives PyYAML's text for plain data, and None for what it leaves
        # to PyYAML (a line break or an escaped character in some text, an alias).
        parts.append(writer.emit({key: value}) or dump_section({key: value}))
    return escape.yaml_document("\n".join(parts))


def dump_section(section: dict[str, Any]) -> str:
    """One section of a plan as PyYAML writes it: the reference for the writer."""
    return yaml.dump(
        section,
        Dumper=_PlanDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )


def _plan_writer() -> BlockWriter:
    return BlockWriter(_PlanDumper, _flow_mapping, _flow_sequence)


def counts_line(counts: Counter[str]) -> str:
    order = (
        "plan",
        "segment",
        "goal",
        "objective",
        "campaign",
        "milestone",
        "tactic",
        "budget line",
        "kpi",
        "unplaced",
    )
    parts = [
        f"{counts[k]} {k}{'s' if counts[k] != 1 and k not in ('unplaced',) else ''}"
        for k in order
        if counts.get(k)
    ]
    return ", ".join(parts) if parts else "nothing"


__all__ = [
    "DECIMAL_MARKS",
    "FIELDS",
    "ROW_TYPES",
    "ImportFailed",
    "ImportResult",
    "Problem",
    "counts_line",
    "import_csv",
    "import_csv_text",
    "normalize_header",
    "parse_date",
    "parse_number",
    "plan_yaml",
    "split_list",
]
