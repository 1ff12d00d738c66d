"""`ramaudit import`: CSV rows into a plan, nothing dropped, round trip with the YAML."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import DATA, EXAMPLES
from ramaudit.api import AuditResult, audit_text
from ramaudit.authoring.csv_import import (
    FIELDS,
    ImportFailed,
    import_csv,
    import_csv_text,
    normalize_header,
    parse_date,
    parse_number,
    split_list,
)
from ramaudit.cli import app
from ramaudit.comparison import item_links
from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of

runner = CliRunner()
SAAS_CSV = DATA / "saas-demand-gen.csv"
SAAS_YAML = EXAMPLES / "saas-demand-gen.yaml"


def run(*args: str):
    return runner.invoke(app, list(args))


def imported(csv_text: str) -> tuple[dict, AuditResult]:
    result = import_csv_text(textwrap.dedent(csv_text).lstrip("\n"), "sheet.csv")
    text = result.to_yaml()
    return yaml.safe_load(text), audit_text(text, "sheet.yaml")


def error_codes(result: AuditResult) -> list[str]:
    return [f.code for f in result.findings if f.severity is Severity.ERROR]


# --------------------------------------------------------------------------- round trip


def describe(result: AuditResult) -> dict:
    """Everything that makes a plan what it is, independent of layout and line numbers."""
    plan = result.plan
    items = {}
    for item in plan.items():
        data = item.model_dump(exclude={"objectives", "tactics", "kpis"})
        data.pop("objectives", None)
        data.update(kind=kind_of(item), links=item_links(item))
        for link_field in ("goals", "parents", "segment"):
            data.pop(link_field, None)
        data["kpis"] = [k.model_dump() for k in getattr(item, "kpis", [])]
        items[item.id] = data
    return {"plan": plan.info.model_dump(), "items": items}


def test_round_trip_matches_the_yaml_plan(tmp_path: Path):
    out = tmp_path / "saas.yaml"
    result = run("import", str(SAAS_CSV), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Imported 1 plan, 3 segments, 2 goals, 3 objectives, 6 tactics, 3 kpis" in result.stderr
    from_csv = audit_text(out.read_text("utf-8"), "saas.yaml")
    from_yaml = audit_text(SAAS_YAML.read_text("utf-8"), "saas.yaml")

    a, b = describe(from_csv), describe(from_yaml)
    assert a["plan"] == b["plan"]
    assert list(a["items"]) == list(b["items"])  # same ids, same order
    for item_id in b["items"]:
        assert a["items"][item_id] == b["items"][item_id], item_id
    assert Counter((f.code, f.item) for f in from_csv.findings) == Counter(
        (f.code, f.item) for f in from_yaml.findings
    )
    assert from_csv.score.to_dict() == from_yaml.score.to_dict()
    assert from_csv.ram_spend == from_yaml.ram_spend

    # And `check` agrees: the imported plan passes exactly as the original does.
    assert run("check", str(out)).exit_code == run("check", str(SAAS_YAML)).exit_code


def test_output_is_clean_yaml():
    text = import_csv(SAAS_CSV).to_yaml()
    assert text.startswith("# Imported from ")
    assert "!!" not in text and "&id" not in text  # no tags, no anchors
    assert "\n  - id: seg-ops-leaders\n" in text  # list items indented under their key
    assert (
        "      - {metric: win rate, target: 24, baseline: 19, unit: percent, "
        "deadline: 2027-12-31}\n" in text
    )
    assert "stakeholders: [marketing, sales, finance, service]" in text
    doc = yaml.safe_load(text)
    assert list(doc) == ["plan", "segments", "goals", "objectives", "tactics"]
    assert doc["plan"]["period"]["start"] == dt.date(2027, 1, 1)  # a date, not a string
    assert doc["tactics"][2]["start"] == dt.date(2027, 2, 1)  # read from "01 Feb 2027"
    assert doc["tactics"][3]["budget"] == 150000  # read from "150,000"


# --------------------------------------------------------------------------- mapping


@pytest.mark.parametrize(
    "header", ["start", "Start", "Start Date", "start_date", "START-DATE", " start date ", "Begin"]
)
def test_header_names_are_matched_loosely(header: str):
    doc, _ = imported(f"""
        type,id,{header},parent
        goal,g1,,
        objective,o1,,g1
        tactic,t1,2027-03-01,o1
    """)
    assert doc["tactics"][0]["start"] == dt.date(2027, 3, 1)


def test_every_documented_synonym_maps_to_its_field():
    for canon, synonyms in FIELDS.items():
        for name in (canon, *synonyms):
            from ramaudit.authoring.csv_import import _HEADER_LOOKUP

            assert _HEADER_LOOKUP[normalize_header(name)] == canon, name
    docs = (Path(__file__).parent.parent / "docs" / "import.md").read_text("utf-8")
    for canon in FIELDS:
        assert f"`{canon}`" in docs, canon


def test_semicolon_delimiter_bom_and_title_rows():
    text = (
        "\ufeffMarketing plan export\n\nType;ID;Name;Parent;Budget\n"
        "goal;g1;Grow;;\nobjective;o1;Obj;g1;\ntactic;t1;Ads;o1;1.500,50\n"
    )
    result = import_csv_text(text, "sheet.csv")
    doc = result.document
    assert doc["tactics"][0]["objectives"] == "o1"
    assert doc["tactics"][0]["budget"] == 1500.5  # a semicolon sheet: decimal comma
    assert [p.row for p in result.unplaced] == [1]  # the title row, kept
    assert doc["x-unplaced"][0]["values"] == {"column 1": "Marketing plan export"}


def test_links_resolve_kinds_and_names():
    doc, result = imported("""
        type,id,name,parent,segment
        segment,s1,Ops leaders,,
        goal,g1,Grow share,,
        objective,o1,Pipeline,Grow share,
        objective,o2,Team leads,g1; o1,
        tactic,t1,Ads,o1;o2,Ops leaders
        tactic,t2,Later,o3,s1
        objective,o3,Defined after its tactic,g1,
    """)
    objectives = {o["id"]: o for o in doc["objectives"]}
    assert objectives["o1"]["goals"] == "g1"  # by name
    assert objectives["o2"]["goals"] == "g1" and objectives["o2"]["parents"] == "o1"
    tactics = {t["id"]: t for t in doc["tactics"]}
    assert tactics["t1"]["objectives"] == ["o1", "o2"]
    assert tactics["t1"]["segment"] == "s1"  # by name
    assert tactics["t2"]["objectives"] == "o3"  # a parent further down the sheet
    assert not {"RA005", "RA101", "RA102"} & {f.code for f in result.findings}


def test_dangling_links_are_kept_for_check_to_report():
    doc, result = imported("""
        type,id,parent
        goal,g1,
        objective,o1,g-typo
        tactic,t1,o1
    """)
    assert doc["objectives"][0]["goals"] == "g-typo"
    assert any(f.code == "RA005" and f.item == "o1" for f in result.findings)


def test_kpi_rows_and_inline_kpis():
    doc, _ = imported("""
        type,id,name,parent,metric,target,baseline,unit,deadline,direction
        goal,g1,,,,,,,,
        objective,o1,,g1,pipeline,"$1,000,000",800000,USD,2027-12-31,
        kpi,,,o1,win rate,25%,20,percent,2027-12-31,Increase
        tactic,t1,,o1,,,,,,
        kpi,,qualified leads,t1,,300,,,,
    """)
    o1 = doc["objectives"][0]
    assert o1["kpis"] == [
        {
            "metric": "pipeline",
            "target": 1000000,
            "baseline": 800000,
            "unit": "USD",
            "deadline": dt.date(2027, 12, 31),
        },
        {
            "metric": "win rate",
            "target": 25,
            "baseline": 20,
            "unit": "percent",
            "deadline": dt.date(2027, 12, 31),
            "direction": "increase",
        },
    ]
    assert doc["tactics"][0]["kpis"] == [{"metric": "qualified leads", "target": 300}]


def test_plan_row():
    doc, result = imported("""
        type,name,owner,budget,currency,start date,end date,review cadence,stakeholders
        plan,Big Plan,Ana,"€250,000",eur,2027-01-01,2027-12-31,Quarterly,marketing; sales
    """)
    assert doc["plan"] == {
        "name": "Big Plan",
        "owner": "Ana",
        "period": {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 12, 31)},
        "budget": 250000,
        "currency": "EUR",
        "review_cadence": "quarterly",
        "stakeholders": ["marketing", "sales"],
    }
    assert error_codes(result) == []


def test_without_a_plan_row_the_plan_is_named_after_the_file():
    result = import_csv_text("type,id\ngoal,g1\n", "q3-plan.csv")
    assert result.document["plan"] == {"name": "q3-plan"}
    assert any("no plan row" in str(p) for p in result.problems)
    assert not result.failed


# --------------------------------------------------------------------------- nothing dropped

BAD = """\
Type,ID,Name,Parent,Budget,Start,Notes 2,Target,Voice of customer
goal,g1,Grow,,,,keep me,,
objective,o1,Obj,g1,,,,,
tactic,t1,Tac,o1,TBD,01/02/2027,,,
strategy,s1,What,,,,,,
tactic,,No id,o1,,,,,
kpi,,leads,nope,,,,,
kpi,,leads,g1,,,,,
objective,o2,Obj2,g1,,,,50,
goal,g2,Two,,99,,,,
,x,no type,,,,,,
plan,Second,,,,,,,
plan,Third,,,,,,,
"""


def test_rows_that_cannot_be_placed_are_kept_and_reported():
    result = import_csv_text(BAD, "bad.csv")
    doc = result.document
    unplaced = {u["row"]: u for u in doc["x-unplaced"]}
    assert sorted(unplaced) == [5, 6, 7, 8, 11, 13]
    assert unplaced[5]["values"] == {"Type": "strategy", "ID": "s1", "Name": "What"}
    assert "unknown type 'strategy'" in unplaced[5]["reason"]
    assert unplaced[6]["reason"] == "a tactic with no id"
    assert "parent 'nope' is not in the sheet" in unplaced[7]["reason"]
    assert "KPI on goal 'g1'" in unplaced[8]["reason"]
    assert unplaced[11]["reason"] == "no type"
    assert "second plan row" in unplaced[13]["reason"]
    assert result.failed
    # Bad values stay in their fields, for check to point at.
    assert doc["tactics"][0]["budget"] == "TBD"
    assert doc["tactics"][0]["start"] == "01/02/2027"
    # Unknown columns and misplaced values become x- keys.
    assert doc["goals"][0]["x-notes-2"] == "keep me"
    assert doc["goals"][1]["x-budget"] == "99"
    assert doc["objectives"][1]["x-target"] == "50"
    messages = [str(p) for p in result.problems]
    assert (
        "row 4, column 'Budget': 'TBD' is a placeholder (not decided yet); kept as written, "
        "and ramaudit check reports it" in messages
    )
    assert any(m.startswith("row 4, column 'Start': '01/02/2027' is not a date") for m in messages)
    assert (
        "row 1, column 'Notes 2': is not a plan field; its values are kept as x-notes-2" in messages
    )


def test_every_filled_cell_survives_the_import():
    result = import_csv_text(BAD, "bad.csv")
    text = result.to_yaml()
    for line in BAD.splitlines()[1:]:
        for cell in line.split(","):
            if cell:
                assert cell in text, cell


def test_imported_plan_with_problems_still_checks_and_points_at_bad_values():
    audit = audit_text(import_csv_text(BAD, "bad.csv").to_yaml(), "bad.yaml")
    invalid = [f for f in audit.findings if f.code == "RA002"]
    assert {f.pointer for f in invalid} == {"tactics[0].start"}
    # A placeholder is a value not decided yet: the model reads it as such (RA308).
    assert audit.plan.tactics[0].undecided == {"budget": "TBD"}
    assert not any("x-" in f.message for f in audit.findings)


def test_cli_reports_rows_on_stderr_and_exits_1(tmp_path: Path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text(BAD, "utf-8")
    out = tmp_path / "bad.yaml"
    result = run("import", str(sheet), "-o", str(out))
    assert result.exit_code == 1
    assert f"{sheet}: row 5: unknown type 'strategy'" in result.stderr
    assert "kept under x-unplaced" in result.stderr
    assert result.stdout == ""
    assert yaml.safe_load(out.read_text("utf-8"))["x-unplaced"]


def test_cli_strict_writes_nothing(tmp_path: Path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text(BAD, "utf-8")
    out = tmp_path / "bad.yaml"
    result = run("import", str(sheet), "-o", str(out), "--strict")
    assert result.exit_code == 1
    assert "nothing written" in result.stderr
    assert not out.exists()


def test_cli_writes_to_stdout_without_output():
    result = run("import", str(SAAS_CSV))
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["plan"]["name"].startswith("Flowdesk")


def test_cli_refuses_to_overwrite(tmp_path: Path):
    out = tmp_path / "plan.yaml"
    out.write_text("mine\n", "utf-8")
    result = run("import", str(SAAS_CSV), "-o", str(out))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_text("utf-8") == "mine\n"
    assert run("import", str(SAAS_CSV), "-o", str(out), "--force").exit_code == 0
    assert out.read_text("utf-8").startswith("# Imported from")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "the file is empty"),
        (b"id,name\ng1,Grow\n", "notype.csv", "no 'type' column"),
        (b"type,id\ngoal,caf\xe9\n", "latin1.csv", "not UTF-8 text"),
        (b"PK\x03\x04", "plan.xlsx", "save the sheet as CSV"),
    ],
)
def test_cli_files_that_cannot_be_imported(tmp_path: Path, content: bytes, name: str, message: str):
    sheet = tmp_path / name
    sheet.write_bytes(content)
    result = run("import", str(sheet), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_cli_missing_file(tmp_path: Path):
    result = run("import", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2 and "no such file" in result.stderr


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "point", "comma"),
    [
        # text, read with '.' as the decimal separator, read with ','
        ("60000", 60000, 60000),
        ("60,000", 60000, 60),
        ("$60,000", 60000, 60),
        ("60 000", 60000, 60000),
        ("60\u202f000", 60000, 60000),
        ("1'000'000", 1000000, 1000000),
        ("2.5", 2.5, None),
        ("2,5", None, 2.5),
        ("1.500", 1.5, 1500),
        ("1,500", 1500, 1.5),
        ("1,50", None, 1.5),
        ("1.500,00", None, 1500),
        ("1,234.50", 1234.5, None),
        ("1.000.000", None, 1000000),
        ("25%", 25, 25),
        ("2,5%", None, 2.5),
        ("-3", -3, -3),
        ("-$500", -500, -500),
        (".5", 0.5, None),
        ("1e3", 1000, 1000),
        ("1.5e3", 1500, None),
        ("€1,234.50", 1234.5, None),
        ("1 50", None, None),
        ("1,2,3", None, None),
        ("1.", None, None),
        ("$2.5k", None, None),
        ("(500)", None, None),
        ("TBD", None, None),
        ("", None, None),
        ("nan", None, None),
        ("inf", None, None),
        ("1e400", None, None),
    ],
)
def test_parse_number(text: str, point, comma):
    assert parse_number(text) == point
    assert parse_number(text, ".") == point
    assert parse_number(text, ",") == comma


def test_parse_number_takes_only_the_two_marks():
    with pytest.raises(ValueError):
        parse_number("1", ";")


def numbers_of(result) -> dict[str, object]:
    return {t["id"]: t.get("budget") for t in result.document.get("tactics", [])}


def value_problems(result) -> list[str]:
    return [str(p) for p in result.problems if p.kind == "value"]


SEMICOLON_SHEET = """\
type;id;name;parent;budget
goal;g1;G;;
objective;o1;O;g1;
tactic;t1;T;o1;1,50
tactic;t2;T2;o1;1.500
tactic;t3;T3;o1;1.500,00
tactic;t4;T4;o1;1,500
tactic;t5;T5;o1;1 500
"""


def test_a_semicolon_sheet_reads_the_comma_as_the_decimal_separator():
    result = import_csv_text(SEMICOLON_SHEET, "semi.csv")
    # One rule for every cell: ',' is the decimal separator, '.' and ' ' group thousands.
    assert numbers_of(result) == {"t1": 1.5, "t2": 1500, "t3": 1500, "t4": 1.5, "t5": 1500}
    assert value_problems(result) == [] and not result.failed
    # 1,50 and 1.500,00 can only be read that way: no note about the others either.
    assert not any("read as" in str(p) for p in result.problems)


def test_decimal_option_overrides_the_delimiter():
    result = import_csv_text(SEMICOLON_SHEET, "semi.csv", decimal=".")
    assert numbers_of(result) == {
        "t1": "1,50",
        "t2": 1.5,
        "t3": "1.500,00",
        "t4": 1500,
        "t5": 1500,
    }
    assert value_problems(result) == [
        "row 4, column 'budget': '1,50' is not a number with '.' as the decimal separator "
        "(--decimal .); kept as text for you to fix",
        "row 6, column 'budget': '1.500,00' is not a number with '.' as the decimal "
        "separator (--decimal .); kept as text for you to fix",
    ]
    with pytest.raises(ImportFailed, match=r"must be '\.' or ','"):
        import_csv_text(SEMICOLON_SHEET, "semi.csv", decimal=";")


def test_a_number_against_the_sheets_rule_is_reported_not_guessed():
    result = import_csv_text(
        'type,id,parent,budget\ngoal,g1,,\nobjective,o1,g1,\ntactic,t1,o1,"2,5"\n',
        "sheet.csv",
    )
    assert numbers_of(result) == {"t1": "2,5"}
    assert value_problems(result) == [
        "row 4, column 'budget': '2,5' has ',' as its decimal separator, but a "
        "comma-separated sheet is read with '.' as the decimal separator and ',' grouping "
        "thousands; kept as text: fix the cell, or pass --decimal , if the whole sheet "
        "writes numbers that way"
    ]
    assert result.failed
    fixed = import_csv_text(
        'type,id,parent,budget\ngoal,g1,,\nobjective,o1,g1,\ntactic,t1,o1,"2,5"\n',
        "sheet.csv",
        decimal=",",
    )
    assert numbers_of(fixed) == {"t1": 2.5} and not fixed.failed


def test_a_sheet_that_writes_numbers_both_ways_leaves_doubtful_values_as_text():
    text = (
        "type;id;parent;budget;target;metric\ngoal;g1;;;;\nobjective;o1;g1;;;\n"
        "tactic;t1;o1;1.500;;\ntactic;t2;o1;1.5;;\ntactic;t3;o1;2.000,50;1,000;leads\n"
    )
    result = import_csv_text(text, "mixed.csv")
    assert numbers_of(result) == {"t1": "1.500", "t2": "1.5", "t3": 2000.5}
    assert result.document["tactics"][2]["kpis"][0]["target"] == "1,000"
    problems = value_problems(result)
    assert problems[0] == (
        "row 4, column 'budget': '1.500' could be 1500 or 1.5, and this sheet writes "
        "numbers both ways (row 5, column 'budget' has '1.5'); kept as text: fix the "
        "cells, or pass --decimal . or --decimal , to say which separator is the decimal one"
    )
    assert problems[1].startswith("row 5, column 'budget': '1.5' has '.' as its decimal")
    assert problems[2].startswith("row 6, column 'target': '1,000' could be 1 or 1000")
    assert len(problems) == 3 and result.failed


def test_values_the_sheet_gives_no_evidence_for_are_read_by_the_rule_and_noted():
    text = (
        "type,id,parent,budget,target,metric\ngoal,g1,,,,\nobjective,o1,g1,,,\n"
        'tactic,t1,o1,"60,000","1,200",leads\ntactic,t2,o1,"$5,000",,\n'
    )
    result = import_csv_text(text, "us.csv")
    assert numbers_of(result) == {"t1": 60000, "t2": 5000}
    assert not result.failed
    (note,) = [p for p in result.problems if "read as" in p.message]
    assert (note.row, note.column, note.kind) == (4, "budget", "note")
    assert str(note) == (
        "row 4, column 'budget': '60,000' read as 60000: in a comma-separated sheet '.' is "
        "the decimal separator and ',' groups thousands, and no number in the sheet shows "
        "otherwise (read the same way: row 4, column 'target' '1,200'; row 5, column "
        "'budget' '$5,000'); pass --decimal , if ',' is the decimal separator"
    )
    # One decimal point anywhere confirms the rule: no note.
    confirmed = import_csv_text(text.replace('"$5,000"', "2.5"), "us.csv")
    assert not any("read as" in p.message for p in confirmed.problems)
    # With --decimal given there is nothing to note.
    given = import_csv_text(text, "us.csv", decimal=".")
    assert not any("read as" in p.message for p in given.problems)


def test_cli_decimal_option(tmp_path: Path):
    sheet = tmp_path / "semi.csv"
    sheet.write_text(SEMICOLON_SHEET, "utf-8")
    result = run("import", str(sheet), "--decimal", ".")
    assert result.exit_code == 1
    assert "row 4, column 'budget': '1,50' is not a number" in result.stderr
    assert "budget: 1.5\n" in result.stdout  # t2's 1.500
    bad = run("import", str(sheet), "--decimal", ";")
    assert bad.exit_code == 2 and "--decimal takes '.' or ','" in bad.stderr


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2027-01-15", dt.date(2027, 1, 15)),
        ("2027/01/15", dt.date(2027, 1, 15)),
        ("15 Jan 2027", dt.date(2027, 1, 15)),
        ("January 15, 2027", dt.date(2027, 1, 15)),
        ("2027-01-15 00:00:00", dt.date(2027, 1, 15)),
        ("01/02/2027", None),
        ("Q3", None),
        ("2027-13-01", None),
    ],
)
def test_parse_date(text: str, value):
    assert parse_date(text) == value


def test_split_list():
    assert split_list("a; b ;;c") == ["a", "b", "c"]
    assert split_list("first; with semicolon\nsecond") == ["first; with semicolon", "second"]


def test_import_failed_message_has_the_row():
    with pytest.raises(ImportFailed, match=r"^x\.csv:1: no 'type' column"):
        import_csv_text("a,b\n1,2\n", "x.csv")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_quote_never_closed_is_an_error_not_rows_swallowed(newline: str):
    # The lenient CSV reader would read every row after the open quote into one name.
    rows = ["type,id,name", 'goal,g1,"Grow 5%', "goal,g2,Other", "tactic,t1,T", ""]
    with pytest.raises(ImportFailed, match=r"^x\.csv:2: a quoted cell .* never closed"):
        import_csv_text(newline.join(rows), "x.csv")
    with pytest.raises(ImportFailed, match=r"^x\.csv:3: a quoted cell"):
        import_csv_text(newline.join(["type,id,name", "goal,g0,G", 'goal,g1,"open']), "x.csv")
    # Closed quotes around several lines and doubled quotes are fine.
    good = newline.join(["type,id,name", 'goal,g1,"two', 'lines"', 'goal,g2,"a ""b"""', ""])
    goals = import_csv_text(good, "x.csv").document["goals"]
    assert [(g["id"], g["name"]) for g in goals] == [
        ("g1", "two\nlines"),  # no stray \r from a CRLF file
        ("g2", 'a "b"'),
    ]


def test_messages_use_the_right_article():
    result = import_csv_text(
        "type,id,name,channel\nobjective,,No id,\nobjective,o1,Obj,email\n", "sheet.csv"
    )
    messages = [str(p) for p in result.problems]
    assert "row 2: an objective with no id; kept under x-unplaced" in messages
    assert (
        "row 3, column 'channel': 'channel' does not apply to an objective; kept as x-channel"
        in (messages)
    )
    assert not any(" a objective" in m for m in messages)


def test_the_documented_number_table_is_what_the_importer_does():
    docs = (Path(__file__).parent.parent / "docs" / "import.md").read_text("utf-8")
    section = docs.split("### Numbers", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` +\| ([^|]+?) +\| ([^|]+?) +\|$", section, re.M)
    assert len(rows) >= 6
    for cell, comma, point in rows:
        for shown, decimal in ((comma, ","), (point, ".")):
            expected = None if shown == "not a number" else float(shown)
            assert parse_number(cell, decimal) == expected, (cell, decimal)
