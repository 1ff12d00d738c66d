"""The JSON Schema (what editors flag) and `ramaudit check` (what CI fails) accept and
refuse the same plans.

Single-change variants of the example plans: a value retyped, quoted, written in a YAML
1.1 form (yes, 010, 1:30, 1_000), emptied, swapped for a list or a mapping, a huge
number, a bad date, a bad or another spelling of a fixed word; a key deleted or added; a
list where a scalar goes and the other way round. Each variant is read once by
ramaudit's own loader (YAML 1.2, as editors read it) for the schema, and audited as
text. The two must agree on every variant: the schema is valid exactly when the audit
has no finding about the shape of the document.

Shape findings are RA001 (syntax), RA002 (invalid field), RA003 (duplicate key) and
RA006 (resource limit). RA004 (duplicate ids) and RA005 (dangling links) are about what
ids mean across the plan, which no JSON Schema can say; the variants are judged without
them, and without the RA002 for a deadline naming a milestone the plan lacks. NaN is
not a JSON value, so no JSON Schema can refuse it: the audit does (see
test_nan_is_refused_by_the_audit_although_json_has_no_nan).

Format 2 is covered by tests/data/v2-all-forms.yaml, a plan with every key and value
form of the format, changed field by field to each form a format 2 field reads
(placeholders, dates and periods, targets, rates, owner lists, fixed words) and to
forms it refuses. What a schema cannot know (a plan period that lends a quarter its
year, a day February lacks only in some years) is listed in DIFFERENCES, each pinned.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT
from ramaudit.api import audit_text
from ramaudit.core.findings import Finding, Severity
from ramaudit.core.loader import HugeNumber, load
from ramaudit.core.schemas import plan_schema

SHAPE_CODES = {"RA001", "RA002", "RA003", "RA006"}
V2_PLAN = ROOT / "tests" / "data" / "v2-all-forms.yaml"
PLANS = [*sorted(EXAMPLES.glob("*.yaml")), V2_PLAN]
SEED = 9  # variants are sampled, always the same ones
PER_KIND = 30  # variants of each kind, at most


@dataclass(frozen=True)
class Raw:
    """A scalar written into the variant exactly as given (plain, unquoted)."""

    text: str


def emit(value: Any) -> str:
    """A document as YAML 1.2 flow text (JSON is YAML 1.2): strings double-quoted,
    numbers plain, Raw values as written."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, HugeNumber):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {emit(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(emit(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


# Values put in place of a scalar, each plain or quoted as a writer would type it.
REPLACEMENTS = [
    Raw("true"),
    Raw("false"),
    Raw("yes"),  # YAML 1.1 true
    Raw("off"),
    Raw("010"),  # YAML 1.1 octal 8
    Raw("0o17"),
    Raw("0x1F"),
    Raw("1:30"),  # YAML 1.1 sexagesimal 90
    Raw("1_000"),  # YAML 1.1 1000
    Raw("1e5"),
    Raw("-5"),
    Raw("1.5"),
    Raw("7"),
    Raw("0"),
    Raw("null"),
    Raw("~"),
    Raw('""'),
    Raw('"  "'),
    Raw('"25000"'),  # a quoted number
    Raw("[a, b]"),
    Raw("{k: v}"),
    Raw("2027-03-31"),
    Raw('"2027-03-31"'),
    Raw("2027-02-30"),
    Raw("20270331"),
    Raw("9" * 5000),  # past Python's int digit limit
    Raw("0x" + "f" * 4000),
    Raw("1" + "0" * 400),  # an int no float holds
    Raw(".inf"),
    Raw("-.inf"),
    Raw("vibes"),
    Raw("Monthly"),
    Raw("DECREASE"),
    Raw("Market share"),
    Raw("Bottom of Funnel"),
    Raw("Retention/Loyalty"),
    Raw("Awareness & Consideration"),
    Raw("brands"),
    # format 2: placeholders, periods and targets, in any field
    Raw("TBD"),
    Raw('"???"'),
    Raw('"-"'),
    Raw("n/a"),
    Raw("to be decided"),
    Raw("Unknown"),
    Raw("Q3 2027"),
    Raw("2027-03"),
    Raw("FY27"),
    Raw('"+20%"'),
    Raw("3x"),
    Raw('"15%"'),
]

# Values a format 2 field reads, and values it refuses, by the key they are put under
# (in the format 2 plan only: its period lends a year to 'Q3' and 'March').
DATES = [
    "2027-03-31",
    "2027-3-31",
    "2027/03/31",
    "2027-02-29",  # 2027 is no leap year
    "2028-02-29",
    "2027-04-31",
    "2027-03",
    "2027-13",
    "March 2027",
    "mar. 2027",
    "31 March 2027",
    "March 31st, 2027",
    "32 March",
    "Q3",
    "Q5",
    "q3 2027",
    "2027-Q3",
    "Q3/2027",
    "Q3 '27",
    "Q3 FY27",
    "FY27 Q3",
    "3Q 2027",
    "H1 2027",
    "2027-H1",
    "1H 2027",
    "H3 2027",
    "H1 FY27",
    "FY27",
    "FY2027",
    "FY 2027",
    "FY2026/27",
    "FY 2026-27",
    "CY2027",
    "end of Q3",
    "by the end of March",
    "start of H2",
    "Q1 to Q2",
    "Jan-Mar 2027",
    "Q3 of 2027",
    "third quarter",
    "2nd half of FY27",
    "1899",
    "2201-01",
    "March",
    "march 2026",
    "next spring",
    "q3-launch",
    "2027-03-31T10:00",
    "31/03/2027",
]
TARGETS = [
    "+20%",
    "-30%",
    "-130%",
    "+20% vs last quarter",
    "20% vs last quarter",
    "20% over last quarter",
    "reduce by 30%",
    "increase by 20%",
    "increase by -20%",
    "+20% less",
    "3x",
    "x3",
    "0x",
    "3 times",
    "double",
    "halve",
    "+5pp",
    "5pp",
    "+5 points",
    "5 points",
    "15%",
    "15 %",
    "+5% month over month",
    "5% MoM",
    "+3% QoQ",
    "10% YoY",
    "+5% per month",
    "5% MoM decline",
    "+5% MoM decline",
    "rise by 20%",
    "+5pp per month",
    "confidential",
    "Not disclosed",
    "20 more",
    "$120,000",
    "12k",
    "a lot",
]
V2_VALUES: dict[str, list[Any]] = {
    "target": [*TARGETS, 1000, 0.5, "TBD"],
    "baseline": ["12%", "12.5 per cent", "+12%", "12", "???", "high", 1000],
    "deadline": [*DATES, "m-site-live", "website launch", "TBC", 2027, 7, 2301, True],
    "due": [*DATES, "m-site-live", "TBD", 2027, 1850],
    "start": [*DATES, 2026, "-", "n/a"],
    "end": [*DATES[:20], "???"],
    "period": [
        *DATES[:12],
        "FY27",
        "Q1 2027",
        "H2 2027",
        "2027-04",
        {"start": "2026-04", "end": "2027-03"},
        {"start": "Q1 FY27", "end": "Q4 FY27"},
        {"start": "TBD", "end": "2027-03"},
        {"start": "Q1", "end": "Q4 FY27"},  # the plan's own period lends no year
        "Q3",
        "Jan-Mar 2027",
        "Q1 to Q2",
        {"start": "2026-04", "end": "FY27"},
    ],
    "fiscal_year_start": ["april", "Apr", "Sept.", 4, "04", 12, 13, 0, "Q2", "fall", "TBD"],
    "done": [True, False, "yes", "No", "on", "1", 1, 0, 2, "done", "TBD", "?"],
    "confidential": [True, "yes", "TBD", "secret", 0],
    "kind": ["internal", "External", "INTERNAL", "staff", "salaries", "Tools", "retainer", "tbc"],
    "owner": [["Marcus Lee", "Jo Bloggs"], ["Marcus Lee"], [], [7, "Jo"], [True], [["x"]], "TBD"],
    "contributors": [["sales"], "sales", [], [{"k": "v"}], [7]],
    "set_by": ["Board strategy", 2025, ["a"]],
    "version": [1, 2, 3, "2", True, None, 0],
    "depends_on": ["t-cms-migration", ["t-cms-migration", "TBD"], "TBD", [7], [True], {"k": "v"}],
    "after": ["t-cms-migration", ["???"], [None]],
    "campaign": ["c-spring-launch", ["c-spring-launch", "TBD"], [True], 7],
    "review_cadence": ["TBD", "-", "weekly", "daily"],
    "type": ["TBD", "???", "Market Share", "growth"],
    "direction": ["TBD", "n/a", "up"],
    "budget": ["TBD", "-", "n/a", "to be confirmed", "TBD TBC", "tbD", "$120,000"],
    "amount": ["TBD", "unknown", "not set", "none", 10**16],
}

# Fixed words: the canonical word, other spellings, and wrong ones.
FIXED_WORDS = {
    "stage": [
        "awareness",
        "Reach",
        "top-of-funnel",
        "TOFU",
        "Consideration / Evaluation",
        "Retention and Loyalty",
        "post_purchase",
        "act",
        "funnel",
        "awareness, brand",
        "awareness & conversion",
        "discoveries",
        "Lead Gen",
        "5",
    ],
    "type": ["brand", "New Market", "market_share", "RETENTION", "growth", "new market share"],
    "direction": ["increase", " Decrease ", "up", "increasing"],
    "review_cadence": ["monthly", "Bi-Weekly", "fortnightly", "Quarterly", "daily", "bi weekly"],
}


def paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, (*path, i))


def replaced(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: replaced(v, rest, new) if k == head else v for k, v in data.items()}
    return [replaced(v, rest, new) if i == head else v for i, v in enumerate(data)]


def dropped(data: Any, path: tuple[Any, ...]) -> Any:
    head, rest = path[0], path[1:]
    if not rest:
        return {k: v for k, v in data.items() if k != head}
    if isinstance(data, dict):
        return {k: dropped(v, rest) if k == head else v for k, v in data.items()}
    return [dropped(v, rest) if i == head else v for i, v in enumerate(data)]


def added(data: Any, path: tuple[Any, ...], key: str, value: Any) -> Any:
    if not path:
        return {**data, key: value}
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: added(v, rest, key, value) if k == head else v for k, v in data.items()}
    return [added(v, rest, key, value) if i == head else v for i, v in enumerate(data)]


def shown(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


@dataclass(frozen=True)
class Variant:
    plan: str
    kind: str
    change: str
    make: Callable[[], Any]  # the changed document, built only for the sampled variants

    @property
    def text(self) -> str:
        return emit(self.make())


def variants_of(plan: Path) -> dict[str, list[Variant]]:
    data = load(plan.read_text(encoding="utf-8")).data
    out: dict[str, list[Variant]] = {}

    def add(kind: str, change: str, doc: Callable[[], Any]) -> None:
        out.setdefault(kind, []).append(Variant(plan.name, kind, change, doc))

    for path, value in paths(data):
        where = shown(path)
        if isinstance(value, list | dict) and path and path[-1] in V2_VALUES and plan == V2_PLAN:
            for new_value in V2_VALUES[path[-1]]:
                add(
                    "a format 2 value",
                    f"{where} = {new_value!r}",
                    lambda path=path, new_value=new_value: replaced(data, path, new_value),
                )
        if isinstance(value, dict):
            for key in value:
                add(
                    "delete a key",
                    f"delete {shown((*path, key))}",
                    lambda path=path, key=key: dropped(data, (*path, key)),
                )
            add(
                "add an unknown key",
                f"add 'colour' to {where}",
                lambda path=path: added(data, path, "colour", "x"),
            )
            add(
                "add an extension key",
                f"add 'x-note' to {where}",
                lambda path=path: added(data, path, "x-note", 1),
            )
            if path:
                add(
                    "a scalar for a mapping",
                    f"{where} = 'x'",
                    lambda path=path: replaced(data, path, "x"),
                )
                add(
                    "a list for a mapping",
                    f"{where} = [mapping]",
                    lambda path=path, value=value: replaced(data, path, [value]),
                )
            for one, other in (
                ("goals", "goal"),
                ("objectives", "objective"),
                ("segment", "segments"),
            ):
                if one in value:
                    add(
                        "both spellings",
                        f"add '{other}' to {where}",
                        lambda path=path, other=other, new=value[one]: added(
                            data, path, other, new
                        ),
                    )
            continue
        if not path:
            continue
        if isinstance(value, list):
            add(
                "a scalar for a list", f"{where} = 'x'", lambda path=path: replaced(data, path, "x")
            )
            add("an empty list", f"{where} = []", lambda path=path: replaced(data, path, []))
            add(
                "a mapping for a list",
                f"{where} = {{k: v}}",
                lambda path=path: replaced(data, path, {"k": "v"}),
            )
            if value and not isinstance(value[0], dict | list):
                add(
                    "a list item retyped",
                    f"{where}[0] = true",
                    lambda path=path: replaced(data, (*path, 0), True),
                )
                add(
                    "a list item emptied",
                    f"{where}[0] = null",
                    lambda path=path: replaced(data, (*path, 0), None),
                )
            continue
        key = path[-1]
        if plan == V2_PLAN and isinstance(key, str) and key in V2_VALUES:
            for new_value in V2_VALUES[key]:
                add(
                    "a format 2 value",
                    f"{where} = {new_value!r}",
                    lambda path=path, new_value=new_value: replaced(data, path, new_value),
                )
        if isinstance(key, str) and key in FIXED_WORDS:
            for word in FIXED_WORDS[key]:
                add(
                    "a fixed word",
                    f"{where} = {word!r}",
                    lambda path=path, word=word: replaced(data, path, word),
                )
        if isinstance(value, int | float) and not isinstance(value, bool):
            add(
                "quote a number",
                f"{where} = '{value}'",
                lambda path=path, value=value: replaced(data, path, str(value)),
            )
        for new in REPLACEMENTS:
            kind = (
                "YAML 1.1 form"
                if new.text in ("yes", "off", "010", "1:30", "1_000")
                else ("retype a value")
            )
            add(
                kind,
                f"{where} = {new.text[:20]}",
                lambda path=path, new=new: replaced(data, path, new),
            )
    return out


def all_variants() -> list[Variant]:
    by_kind: dict[str, list[Variant]] = {}
    for plan in PLANS:
        for kind, found in variants_of(plan).items():
            by_kind.setdefault(kind, []).extend(found)
    rng = random.Random(SEED)
    chosen: list[Variant] = []
    for kind in sorted(by_kind):
        found = by_kind[kind]
        # retyped values are the richest kind: a larger share of them; every format 2
        # value is tried
        n = PER_KIND * 6 if kind == "retype a value" else PER_KIND
        if kind == "a format 2 value":
            n = len(found)
        chosen.extend(found if len(found) <= n else rng.sample(found, n))
    return chosen


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = plan_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# A KPI's deadline may name a milestone; one the plan lacks is reported as RA002, but
# like a dangling link (RA005) it is about the ids across the plan, which no schema can
# check. A deadline of blank text names nothing at all, which the schema does refuse.
UNKNOWN_MILESTONE = "or add the milestone under 'milestones:'"


def is_shape_error(finding: Finding) -> bool:
    if finding.code not in SHAPE_CODES or finding.severity is not Severity.ERROR:
        return False
    return UNKNOWN_MILESTONE not in finding.message or "holds empty text" in finding.message


def shape_errors(text: str) -> list[str]:
    result = audit_text(text, "variant.yaml")
    return [
        f"{f.code} {f.pointer}: {f.message[:100]}" for f in result.findings if is_shape_error(f)
    ]


def test_schema_and_check_accept_and_refuse_the_same_variants(validator) -> None:
    variants = all_variants()
    assert len(variants) >= 200
    disagreements: list[str] = []
    accepted = refused = 0
    kinds: dict[str, list[int]] = {}
    for v in variants:
        data = load(v.text).data
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        audit = shape_errors(v.text)
        tally = kinds.setdefault(v.kind, [0, 0])
        tally[bool(audit)] += 1
        if bool(errors) != bool(audit):
            if errors:
                why = f"the schema refuses it ({shown(tuple(errors[0].absolute_path))}: "
                why += f"{errors[0].message[:100]}) but check accepts it"
            else:
                why = f"check refuses it ({'; '.join(audit[:2])}) but the schema accepts it"
            disagreements.append(f"{v.plan}: {v.kind}: {v.change}: {why}")
        elif errors:
            refused += 1
        else:
            accepted += 1
    assert not disagreements, (
        f"{len(disagreements)} of {len(variants)} variants judged differently:\n"
        + "\n".join(disagreements[:40])
    )
    # Both outcomes are well represented, and most kinds produce both.
    assert accepted >= 50 and refused >= 100, (accepted, refused)
    assert sum(1 for a, r in kinds.values() if a and r) >= 6, kinds


@pytest.mark.parametrize("field", ["plan.budget", "target", "baseline", "tactic budget"])
def test_nan_is_refused_by_the_audit_although_json_has_no_nan(field) -> None:
    text = {
        "plan.budget": "plan: {name: p, budget: .nan}\n",
        "target": "plan: {name: p}\nobjectives: [{id: o, kpis: [{metric: m, target: .NaN}]}]\n",
        "baseline": "plan: {name: p}\nobjectives: [{id: o, kpis: [{metric: m, baseline: .NAN}]}]\n",
        "tactic budget": "plan: {name: p}\ntactics: [{id: t, budget: .nan}]\n",
    }[field]
    assert [e for e in shape_errors(text) if e.startswith("RA002")]


def test_the_stage_pattern_reads_the_names_the_vocabulary_reads() -> None:
    """Every built-in stage name, in the case and plural forms the audit reads, is
    accepted by the schema; pairs of names of two stages are not."""
    import re

    from ramaudit.core.schemas import stage_pattern
    from ramaudit.core.vocabulary import STAGE_SYNONYMS, Vocabulary

    pattern = re.compile(stage_pattern())
    vocabulary = Vocabulary()
    for name, stage in STAGE_SYNONYMS.items():
        for written in (name, name.upper(), name.title(), name.replace(" ", "-"), f" {name} "):
            assert vocabulary.stage(written) == stage
            assert pattern.search(written), written
    names = list(STAGE_SYNONYMS)
    rng = random.Random(SEED)
    for _ in range(300):
        a, b = rng.sample(names, 2)
        for joined in (f"{a}/{b}", f"{a} & {b}", f"{a} or {b}"):
            reads = vocabulary.stage(joined) is not None
            assert bool(pattern.search(joined)) == reads, joined


def test_the_stage_pattern_and_the_vocabulary_agree_on_respelt_names() -> None:
    """Stage names respelt at random (case of each word, plurals, separators, several
    names joined): the schema's pattern accepts exactly what the audit reads."""
    import re

    from ramaudit.core.schemas import stage_pattern
    from ramaudit.core.vocabulary import STAGE_SYNONYMS, Vocabulary

    pattern = re.compile(stage_pattern())
    vocabulary = Vocabulary()
    names = [*STAGE_SYNONYMS, "funnel", "lead", "top", "sales", "brandy"]
    rng = random.Random(SEED)

    def respelt(name: str) -> str:
        words = []
        for word in name.split():
            word = rng.choice([word, word.upper(), word.title(), word + "s", word + "es"])
            words.append(word)
        return rng.choice([" ", "-", "_", "  ", " - "]).join(words)

    checked = {True: 0, False: 0}
    for _ in range(600):
        parts = [respelt(rng.choice(names)) for _ in range(rng.choice([1, 1, 2, 3]))]
        text = rng.choice(["/", " & ", ", ", " or ", " and "]).join(parts)
        reads = vocabulary.stage(text) is not None
        assert bool(pattern.search(text)) == reads, (text, vocabulary.stage(text))
        checked[reads] += 1
    assert min(checked.values()) >= 100, checked


# What a JSON Schema cannot say and `ramaudit check` does, each with a plan that shows
# it: (what differs, the plan, whether the schema accepts it, whether check does). The
# list is pinned: a change on either side shows here first.
DIFFERENCES = [
    (
        "a date or period without a year in an item takes the plan period's (an error "
        "when the plan has none, or one over two years), and then a 29 February needs a "
        "leap year",
        "plan: {name: p}\nmilestones: [{id: m, due: Q4}]\n",
        True,
        False,
    ),
    (
        "a fiscal year over two years needs the plan's fiscal_year_start after January "
        "and two years that follow each other",
        "plan: {name: p}\nmilestones: [{id: m, due: FY2026/28}]\n",
        True,
        False,
    ),
    (
        "a range's two ends: their order, and the year one end lends the other",
        "plan: {name: p}\nmilestones: [{id: m, due: Q3 2027 to Q1 2027}]\n",
        True,
        False,
    ),
    (
        "a whole number written with a fraction is an integer to JSON Schema",
        "version: 2.0\nplan: {name: p}\n",
        True,
        False,
    ),
    (
        "letters that case-fold into two (the ligature fi, sharp s) are read as those two",
        'plan: {name: p}\nmilestones: [{id: m, due: "\\uFB01scal year 2027"}]\n',
        False,
        True,
    ),
    (
        "a number with more digits than a float holds is read rounded (here a fall of "
        "100%, which may be; a number of 309 digits below the largest float is read, the "
        "schema takes 308 at most; one of a fraction so small it is 0 is refused)",
        "plan: {name: p}\n"
        "objectives: [{id: o, kpis: [{metric: m, target: '-100.0000000000000001%'}]}]\n",
        False,
        True,
    ),
    (
        "a placeholder written inside another ('n TBD a': TBD, then n/a) is removed "
        "in turn by the vocabulary; a regular expression does not nest",
        "plan: {name: p, budget: n TBD a}\n",
        False,
        True,
    ),
]


@pytest.mark.parametrize(("why", "text", "schema_accepts", "check_accepts"), DIFFERENCES)
def test_the_documented_differences_hold(
    validator, why: str, text: str, schema_accepts: bool, check_accepts: bool
) -> None:
    data = load(text).data
    assert (not list(validator.iter_errors(data))) is schema_accepts, why
    assert (not shape_errors(text)) is check_accepts, (why, shape_errors(text))
