"""``ramaudit import``: the sheet's file name and cells are data in the plan it writes
and in every message (issue 9, point 3), and text stays text when the plan is read back
as YAML 1.2 (point 8).

The generated plan is read back with ramaudit's own loader (YAML 1.2 core schema) and
with PyYAML's YAML 1.1 reader, and the types of the values are checked: a cell kept as
text must come back as that text, a number as that number, digit for digit.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ramaudit.authoring.csv_import import import_csv_text, parse_number
from ramaudit.cli import app
from ramaudit.core.loader import load


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def unsafe_chars(text: str) -> list[str]:
    """Raw control, separator, bidi and format characters (line breaks allowed)."""
    return sorted(
        {
            ch
            for ch in text
            if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp", "Cf")
        }
    )


SHEET = "type,id,name\nplan,,P\ngoal,g,G\n"


def test_a_line_break_in_the_file_name_stays_in_the_header_comment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "a\ngoals: [{id: injected}]\n#.csv"
    (tmp_path / name).write_text(SHEET, encoding="utf-8")
    result = run("import", name, "-o", "inj.yaml")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "inj.yaml").read_text(encoding="utf-8")
    first, *rest = text.split("\n")
    assert first == "# Imported from a\\ngoals: [{id: injected}]\\n#.csv by ramaudit import."
    assert not [line for line in rest if line.startswith("goals: [{id: injected")]
    data = load(text).data
    assert [g["id"] for g in data["goals"]] == ["g"]  # no goal from the file name


def test_a_file_name_with_escapes_sends_no_control_character(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "e\x1b]0;T\x07\u202e\u200b.csv"
    (tmp_path / name).write_text("type,id,name,budget\ntactic,t,T,\x1b[2Jx\n", encoding="utf-8")
    result = run("import", name)  # the plan to stdout, the problems to stderr
    assert result.exit_code == 1, result.output
    for stream in (result.stdout, result.stderr):
        assert unsafe_chars(stream) == [], stream
    assert "e\\x1b]0;T\\x07\\u202e\\u200b.csv" in result.stdout.split("\n")[0]
    assert "'\\x1b[2Jx' is not a number" in result.stderr
    # the plan is named after the file, and keeps the name as it is
    assert load(result.stdout).data["plan"]["name"] == "e\x1b]0;T\x07\u202e\u200b"


# Cells the importer keeps as text, with what a YAML reader might take them for.
TEXT_CELLS = [
    "1e400",
    "nan",
    "NaN",
    "-inf",
    "Infinity",
    ".inf",
    "0x10",
    "0o17",
    "1_000",
    "yes",
    "on",
    "~",
    "null",
    "010",
    "1:30",
    "2027-01-01",
    "true",
    "+1",
]


@pytest.mark.parametrize("cell", TEXT_CELLS)
def test_cells_kept_as_text_read_back_as_text(cell):
    sheet = f"type,id,name,description,budget\nplan,,{cell},{cell},\ntactic,t,{cell},{cell},\n"
    text = import_csv_text(sheet, "s.csv").to_yaml()
    # quoted, so that no reader takes it for anything else (JavaScript's and Python's
    # float() read "nan" and "Infinity" as numbers)
    assert f"  name: '{cell}'" in text
    for data in (load(text).data, yaml.safe_load(text)):  # YAML 1.2 and YAML 1.1
        assert data["plan"]["name"] == cell
        (tactic,) = data["tactics"]
        assert tactic["name"] == cell and tactic["description"] == cell


@pytest.mark.parametrize("cell", ["1e400", "nan", ".inf", "0x10", "Infinity"])
def test_budgets_that_are_no_number_stay_text_and_are_reported(cell):
    result = import_csv_text(f"type,id,name,budget\ntactic,t,T,{cell}\n", "s.csv")
    (tactic,) = load(result.to_yaml()).data["tactics"]
    assert tactic["budget"] == cell and isinstance(tactic["budget"], str)
    assert any("budget" in str(p) and cell in str(p) for p in result.problems)


def test_a_long_budget_keeps_every_digit():
    digits = "12345678901234567890123456789012"
    result = import_csv_text(f"type,id,name,budget\ntactic,t,T,{digits}\n", "s.csv")
    text = result.to_yaml()
    assert "e+" not in text
    (tactic,) = load(text).data["tactics"]
    assert tactic["budget"] == int(digits) and type(tactic["budget"]) is int
    assert not [p for p in result.problems if p.kind == "value"]


def test_a_fraction_with_more_digits_than_a_number_keeps_is_refused():
    cell = "33.333333333333333"
    result = import_csv_text(f"type,id,name,budget\ntactic,t,T,{cell}\n", "s.csv")
    (tactic,) = load(result.to_yaml()).data["tactics"]
    assert tactic["budget"] == cell  # as written, for the user to round
    (problem,) = [p for p in result.problems if p.kind == "value"]
    assert "more significant digits" in str(problem)


@given(st.integers(min_value=-(10**40), max_value=10**40))
def test_whole_numbers_are_read_exactly(n):
    assert parse_number(str(n)) == n and type(parse_number(str(n))) is int


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_a_float_holds_are_read_exactly(x):
    value = parse_number(repr(x))
    assert value is not None
    # an int when the number is whole (below 10**300), a float that prints as written
    assert Decimal(repr(value)) == Decimal(repr(x))


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters='",\r\n'), max_size=12))
def test_any_cell_text_reads_back_unchanged_with_nothing_raw(cell):
    """Whatever a text cell holds comes back from the written plan as it was, and the
    plan holds no raw control, bidi or format character."""
    if not cell.strip() or cell != cell.strip():
        return  # the importer trims cells
    sheet = f'type,id,name,description\ngoal,g,G,"{cell}"\n'
    text = import_csv_text(sheet, "s.csv").to_yaml()
    assert unsafe_chars(text) == []
    (goal,) = load(text).data["goals"]
    assert goal.get("description", cell) == cell


def test_messages_show_the_sheet_escaped(tmp_path: Path):
    sheet = "type,id,name,budget\ntactic,t,T,\x1b]0;x\x07\n::error::y\n"
    result = import_csv_text(sheet, "s\n::error::z.csv")
    for problem in result.problems:
        assert unsafe_chars(str(problem)) == [] and "\n" not in str(problem)


# A format 2 column of each row type, and the key it fills.
V2_CELLS = [
    ("milestone", "due", "due"),
    ("milestone", "done", "done"),
    ("budget line", "amount", "amount"),
    ("goal", "set by", "set_by"),
    ("objective", "target", "kpis.target"),
    ("objective", "deadline", "kpis.deadline"),
    ("objective", "confidential", "kpis.confidential"),
    ("segment", "kind", None),  # lower-cased, spaces made hyphens
    ("budget line", "kind", None),
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(V2_CELLS),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters='"\x00\r'), max_size=16),
)
def test_any_text_in_a_format_2_column_imports_to_yaml_that_reads(where, cell):
    """Whatever a format 2 cell holds, the import places the row, and the plan it
    writes reads back with no raw control character and the text as written."""
    kind, column, key = where
    sheet = f'type,id,{column},metric\n{kind},i1,"{cell}",revenue\n'
    result = import_csv_text(sheet, "s.csv")
    assert result.unplaced == []
    text = result.to_yaml()
    assert unsafe_chars(text) == []
    data = load(text).data
    if kind in ("milestone", "budget line"):  # a row type of format 2 only
        assert data["version"] == 2
    (item,) = next(v for k, v in data.items() if k not in ("version", "plan"))
    assert item["id"] == "i1"
    if key is None:
        return
    holder = item["kpis"][0] if key.startswith("kpis.") else item
    value = holder.get(key.removeprefix("kpis."))
    if isinstance(value, str):  # kept as written (a number, date or yes/no is read)
        assert value == cell.strip().replace("\n", "\n"), (value, cell)
    elif not cell.strip():
        assert value is None
