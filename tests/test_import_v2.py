"""`ramaudit import` for format 2: campaign, milestone and budget line rows, the new
columns, and values in format 2's forms passed through for the model to read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from ramaudit.api import AuditResult, audit_text
from ramaudit.authoring.csv_import import (
    FIELDS,
    ROW_TYPES,
    V2_FIELDS,
    ImportResult,
    counts_line,
    import_csv,
    import_csv_text,
    is_period,
    is_placeholder,
    relative_target,
)

DOCS = Path(__file__).parent.parent / "docs" / "import.md"


def imported(csv_text: str) -> tuple[ImportResult, dict, str, AuditResult]:
    result = import_csv_text(textwrap.dedent(csv_text).lstrip("\n"), "sheet.csv")
    text = result.to_yaml()
    return result, yaml.safe_load(text), text, audit_text(text, "sheet.yaml")


def at(result: AuditResult, code: str) -> list[str]:
    return [f"{f.line}:{f.column} {f.pointer}" for f in result.findings if f.code == code]


# Every row type and column format 2 adds, as a spreadsheet would hold them.
SHEET = (DATA / "format2-sheet.csv").read_text("utf-8")


def test_a_format_2_sheet_imports_to_a_plan_the_model_reads():
    result, doc, text, audit = imported(SHEET)
    assert at(audit, "RA001") == [] and at(audit, "RA002") == [] and at(audit, "RA005") == []
    assert not result.failed
    assert text.startswith("# Imported from sheet.csv by ramaudit import.\n\nversion: 2\n\nplan:")
    assert list(doc) == [
        "version",
        "plan",
        "segments",
        "goals",
        "objectives",
        "campaigns",
        "milestones",
        "tactics",
        "budget_lines",
    ]
    assert doc["plan"]["period"] == "FY27" and doc["plan"]["fiscal_year_start"] == "april"
    plan = audit.plan
    assert plan.version == 2
    assert (plan.info.period.start, plan.info.period.end) == (
        dt.date(2026, 4, 1),
        dt.date(2027, 3, 31),
    )
    assert [s.kind for s in plan.segments] == ["external", "internal"]
    assert plan.goals[0].set_by == "Board strategy 2025-2028"
    (objective,) = plan.objectives
    assert objective.contributors == ["sales", "Jo Bloggs"]
    kpis = {k.metric: k for k in objective.kpis}
    assert kpis["sales accepted leads"].target_form.kind == "change"
    assert kpis["sales accepted leads"].deadline == dt.date(2026, 12, 31)  # fiscal Q3
    assert kpis["gross margin"].confidential is True
    # A deadline naming a milestone by its name becomes the milestone's id.
    assert doc["objectives"][0]["kpis"][2]["deadline"] == "m-site-live"
    assert kpis["trial conversion"].deadline_milestone == "m-site-live"
    assert kpis["marketing-sourced pipeline"].undecided == {"baseline": "???", "target": "TBD"}
    (milestone,) = plan.milestones
    assert (milestone.due, milestone.done) == (dt.date(2026, 5, 31), False)
    assert milestone.objectives == ["o-pipeline"] and milestone.depends_on == ["t-cms-migration"]
    (campaign,) = plan.campaigns
    assert campaign.objectives == ["o-pipeline"] and campaign.contributors == ["web team"]
    tactics = {t.id: t for t in plan.tactics}
    assert tactics["t-webinar"].campaign == ["c-spring"]  # its parent is the campaign
    assert tactics["t-webinar"].objectives == []
    assert tactics["t-webinar"].depends_on == ["m-site-live"]
    assert tactics["t-cms-migration"].campaign == ["c-spring"]  # the campaign column
    assert tactics["t-cms-migration"].undecided == {"budget": "TBC"}
    assert [(b.kind, b.amount) for b in plan.budget_lines] == [
        ("salaries", 210000),
        ("tools", None),
    ]
    assert plan.budget_lines[1].undecided == {"amount": "TBD"}
    assert counts_line(result.counts) == (
        "1 plan, 2 segments, 1 goal, 1 objective, 1 campaign, 1 milestone, 2 tactics, "
        "2 budget lines, 3 kpis"
    )


def test_placeholders_are_noted_not_failed():
    result, _, _, _ = imported(SHEET)
    notes = [str(p) for p in result.problems if "placeholder" in p.message]
    assert notes == [
        "row 9, column 'target': 'TBD' is a placeholder (not decided yet); kept as "
        "written, and ramaudit check reports it",
        "row 9, column 'baseline': '???' is a placeholder (not decided yet); kept as "
        "written, and ramaudit check reports it",
        "row 13, column 'budget': 'TBC' is a placeholder (not decided yet); kept as "
        "written, and ramaudit check reports it",
        "row 15, column 'amount': 'TBD' is a placeholder (not decided yet); kept as "
        "written, and ramaudit check reports it",
    ]
    assert {p.kind for p in result.problems} == {"note"}


def test_the_produced_plan_places_findings_on_v2_values():
    # Values that are wrong stay as written, and check points at each one in the plan.
    result, _, text, audit = imported("""
        type,id,name,parent,campaign,depends on,due,done,kind,metric,target,deadline
        plan,,P,,,,,,,,,
        goal,g1,G,,,,,,,,,
        objective,o1,O,g1,,,,,,leads,+20%,Q5 2027
        milestone,m1,M,o1,,t-nowhere,2027-02-30,maybe,,,,
        tactic,t1,T,o1,c-nowhere,,,,,,,
        budget line,b1,B,,,,,,payroll,,,
    """)
    lines = text.splitlines()
    assert lines[16] == "      - {metric: leads, target: +20%, deadline: Q5 2027}"
    assert lines[22:25] == ["    due: '2027-02-30'", "    done: maybe", "    depends_on: t-nowhere"]
    assert lines[30] == "    campaign: c-nowhere"
    assert lines[35] == "    kind: payroll"
    assert at(audit, "RA002") == [
        "17:49 objectives[0].kpis[0].deadline",
        "23:10 milestones[0].due",
        "24:11 milestones[0].done",
        "36:11 budget_lines[0].kind",
    ]
    values = [str(p) for p in result.problems if p.kind == "value"]
    assert values == [
        "row 4, column 'deadline': 'Q5 2027' is not a date in YYYY-MM-DD form; kept as text "
        "for you to fix",
        "row 5, column 'due': '2027-02-30' is not a date in YYYY-MM-DD form; kept as text "
        "for you to fix",
        "row 5, column 'done': 'maybe' is not yes or no; kept as text for you to fix",
    ]


def test_dangling_v2_links_in_the_produced_plan_are_placed():
    _, _, text, audit = imported("""
        type,id,parent,campaign,depends on
        objective,o1,,,
        milestone,m1,o1,,t-nowhere
        tactic,t1,o1,c-nowhere,
    """)
    lines = text.splitlines()
    assert (lines[13], lines[18]) == ("    depends_on: t-nowhere", "    campaign: c-nowhere")
    assert at(audit, "RA005") == [
        "14:17 milestones[0].depends_on[0]",
        "19:15 tactics[0].campaign[0]",
    ]


# --------------------------------------------------------------------------- row types


def test_campaign_rows_are_tactics_unless_something_groups_under_them():
    # A format 1 sheet calling single pieces of work campaigns imports as before.
    v1 = """
        type,id,name,parent,channel
        goal,g1,G,,
        objective,o1,O,g1,
        campaign,t1,Spring email campaign,o1,email
    """
    _, doc, _, _ = imported(v1)
    assert "version" not in doc and "campaigns" not in doc
    assert doc["tactics"] == [
        {"id": "t1", "name": "Spring email campaign", "objectives": "o1", "channel": "email"}
    ]
    # A tactic naming it (by id or by name) in its parent makes it a campaign ...
    for ref in ("c1", "Spring launch"):
        _, doc, _, audit = imported(f"""
            type,id,name,parent
            goal,g1,G,
            objective,o1,O,g1
            campaign,c1,Spring launch,o1
            tactic,t1,Webinar,{ref}
        """)
        assert doc["campaigns"] == [{"id": "c1", "name": "Spring launch", "objectives": "o1"}]
        assert doc["tactics"][0]["campaign"] == "c1"
        assert at(audit, "RA005") == []
    # ... and so does a campaign column anywhere in the sheet.
    _, doc, _, _ = imported("""
        type,id,name,parent,campaign
        objective,o1,O,,
        campaign,c1,Spring launch,o1,
        tactic,t1,Webinar,o1,c1
    """)
    assert doc["campaigns"][0]["id"] == "c1" and doc["tactics"][0]["campaign"] == "c1"


def test_row_type_synonyms():
    _, doc, _, _ = imported("""
        type,id,parent
        objective,o1,
        Programme,c1,o1
        Deliverables,m1,o1
        Budget Line,b1,
        overhead,b2,
        Cost lines,b3,
        milestone,m2,o1
    """)
    assert [c["id"] for c in doc["campaigns"]] == ["c1"]
    assert [m["id"] for m in doc["milestones"]] == ["m1", "m2"]
    assert [b["id"] for b in doc["budget_lines"]] == ["b1", "b2", "b3"]


def test_a_format_2_sheet_lists_format_2_types_for_an_unknown_one():
    result, *_ = imported("type,id\nmilestone,m1\nmilstone,m2\n")
    assert str(result.unplaced[0]) == (
        "row 3: unknown type 'milstone' (use plan, segment, goal, objective, campaign, "
        "milestone, tactic, budget line or kpi); kept under x-unplaced"
    )
    v1, *_ = imported("type,id\ngoal,g1\nstrategy,s1\n")
    assert "(use plan, segment, goal, objective, tactic or kpi)" in str(v1.unplaced[0])


def test_kpi_rows_may_measure_a_campaign_but_not_a_milestone():
    result, doc, _, _ = imported("""
        type,id,parent,metric,target
        objective,o1,,,
        programme,c1,o1,,
        milestone,m1,o1,,
        kpi,,c1,qualified leads,300
        kpi,,m1,leads,10
    """)
    assert doc["campaigns"][0]["kpis"] == [{"metric": "qualified leads", "target": 300}]
    assert result.unplaced[0].message == (
        "a KPI on milestone 'm1' (KPIs belong to objectives, campaigns and tactics); "
        "kept under x-unplaced"
    )


# --------------------------------------------------------------------------- columns


def test_kind_due_and_amount_stand_for_type_deadline_and_budget_in_a_format_1_sheet():
    # As format 1 read them: no version line, the same plan as before.
    result, doc, _, _ = imported("""
        Kind,ID,Parent,Amount,Metric,Due
        goal,g1,,,,
        objective,o1,g1,,leads,2027-12-31
        tactic,t1,o1,500,,
        milestone,m1,o1,,,2027-06-30
        budget line,b1,,900,,
    """)
    assert doc["tactics"][0]["budget"] == 500
    assert doc["objectives"][0]["kpis"] == [{"metric": "leads", "deadline": dt.date(2027, 12, 31)}]
    # A milestone's deadline column is its due day, a budget line's budget its amount.
    assert doc["milestones"][0]["due"] == dt.date(2027, 6, 30)
    assert doc["budget_lines"][0]["amount"] == 900
    assert not result.failed


def test_with_both_columns_each_is_its_own_field():
    result, doc, _, _ = imported("""
        type,kind,id,parent,budget,amount,deadline,due,metric
        segment,internal,s1,,,,,,
        objective,,o1,,,,2027-12-31,,leads
        milestone,,m1,o1,,,,Q2 2027,
        tactic,,t1,o1,500,,,,
        budget line,Tools,b1,,,900,,,
        tactic,email,t2,o1,,5,,Q1 2027,
    """)
    assert doc["version"] == 2
    assert doc["segments"][0]["kind"] == "internal"
    assert doc["budget_lines"][0] == {"id": "b1", "kind": "tools", "amount": 900}
    assert doc["milestones"][0]["due"] == "Q2 2027"
    # On a tactic, kind, amount and due mean nothing: kept as x- keys, with a note.
    assert {k: v for k, v in doc["tactics"][1].items() if k.startswith("x-")} == {
        "x-kind": "email",
        "x-amount": "5",
        "x-due": "Q1 2027",
    }
    notes = [str(p) for p in result.problems if p.row == 7]
    assert "row 7, column 'kind': 'kind' does not apply to a tactic; kept as x-kind" in notes


def test_every_format_2_column_and_row_type_is_documented():
    docs = DOCS.read_text("utf-8")
    for name in V2_FIELDS:
        assert f"`{name}`" in docs, name
        for synonym in FIELDS[name]:
            assert synonym in docs, synonym
    for kind in ("campaign", "milestone", "budget line"):
        assert f"`{kind}`" in docs
        for synonym in ROW_TYPES[kind]:
            if not synonym.endswith("s") or synonym[:-1] not in ROW_TYPES[kind]:
                assert synonym.removesuffix("s") in docs, synonym


def test_header_synonyms_of_the_format_2_columns():
    header = (
        "Type,ID,Parent,Depends On,Supported by,Programme,Completed,Due Date,Set By,"
        "Private target,Metric"
    )
    _, doc, _, _ = imported(f"""
        {header}
        goal,g1,,,,,,,Board plan,,
        objective,o1,g1,,,,,,,,
        programme,c1,o1,,,,,,,,
        milestone,m1,o1,t1,,,Yes,2027-05,,,
        tactic,t1,o1,,Sales Ops; Jo,c1,,,,TRUE,leads
    """)
    assert doc["goals"][0]["set_by"] == "Board plan"
    assert doc["milestones"][0] == {
        "id": "m1",
        "objectives": "o1",
        "due": "2027-05",
        "done": True,
        "depends_on": "t1",
    }
    tactic = doc["tactics"][0]
    assert tactic["campaign"] == "c1" and tactic["contributors"] == ["Sales Ops", "Jo"]
    assert tactic["kpis"] == [{"metric": "leads", "confidential": True}]


def test_plan_period_beside_start_and_end():
    result, doc, _, audit = imported("""
        type,name,period,start,end
        plan,P,Q1 2027,2027-01-01,2027-03-31
    """)
    assert doc["plan"] == {
        "name": "P",
        "period": "Q1 2027",
        "x-start": "2027-01-01",
        "x-end": "2027-03-31",
    }
    assert str(result.problems[0]) == (
        "row 2, column 'start': the plan's period is given in 'period'; kept as x-start"
    )
    assert audit.plan.info.period.end == dt.date(2027, 3, 31)


# --------------------------------------------------------------------------- values


def test_value_readers():
    for text in (
        "Q3 2027",
        "2027-Q3",
        "FY27",
        "FY2026/27",
        "H1",
        "Q4",
        "2027-03",
        "March 2027",
        "2027",
    ):
        assert is_period(text), text
    for text in ("01/02/2027", "Q5", "someday", "t-launch", "TBD"):
        assert not is_period(text), text
    for text in ("TBD", "tbc", "???", "-", "n/a", "unknown"):
        assert is_placeholder(text), text
    for text in ("0", "Q3", "Jo", "x"):
        assert not is_placeholder(text), text
    for text in ("+20%", "-30%", "3x", "+5pp", "5% MoM", "confidential", "reduce by 30%"):
        assert relative_target(text), text
    for text in ("1200", "15%", "$1,200", "TBD", "reduce by -30%"):
        assert not relative_target(text), text


def test_a_plain_rate_target_still_reads_as_a_number():
    _, doc, _, _ = imported("type,id,metric,target,baseline\nobjective,o1,win rate,25%,20%\n")
    assert doc["objectives"][0]["kpis"] == [{"metric": "win rate", "target": 25, "baseline": 20}]
    assert "version" not in doc


def test_the_format_1_sample_sheet_stays_a_format_1_plan():
    text = import_csv(DATA / "saas-demand-gen.csv").to_yaml()
    assert "version:" not in text and "campaigns:" not in text


# --------------------------------------------------------------------------- property

_DAYS = ("2027-03-31", "2027-03", "March 2027", "Q3 2027", "2027-Q3", "FY2027", "H2", "Q4", "2027")
_PLACEHOLDERS = ("TBD", "TBC", "???", "n/a", "-")
_TARGETS = ("+20%", "-30%", "3x", "+5pp", "5% MoM", "confidential", "1200", "15%")
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12
)


@st.composite
def v2_sheets(draw: st.DrawFn) -> str:
    """A sheet of format 2 rows whose every format 2 cell is a value the format reads,
    written as spreadsheets write them, or a placeholder."""

    def pick(*choices: tuple[str, ...]) -> str:
        return draw(st.sampled_from([c for group in choices for c in group]))

    header = [
        "type", "id", "name", "parent", "contributors", "campaign", "depends on", "due",
        "done", "kind", "amount", "metric", "baseline", "target", "deadline", "confidential",
        "set by", "start", "end", "period",
    ]  # fmt: skip
    rows = [{"type": "plan", "name": draw(_TEXT), "period": pick(("FY2027", "2027"))}]
    rows.append({"type": "goal", "id": "g1", "set by": draw(_TEXT)})
    rows.append({"type": "segment", "id": "s1", "kind": pick(("internal", "External", "TBD"))})
    objectives = [f"o{i}" for i in range(draw(st.integers(1, 3)))]
    rows += [{"type": "objective", "id": o, "parent": "g1"} for o in objectives]
    work: list[str] = []
    for i in range(draw(st.integers(0, 4))):
        kind = pick(("campaign", "programme", "milestone", "deliverable", "tactic"))
        row = {"type": kind, "id": f"w{i}", "name": draw(_TEXT), "parent": pick(tuple(objectives))}
        row["contributors"] = "; ".join(draw(st.lists(_TEXT, max_size=3)))
        if work and draw(st.booleans()):
            row["depends on"] = pick(tuple(work))
        if kind in ("milestone", "deliverable"):
            row["due"] = pick(_DAYS, _PLACEHOLDERS)
            row["done"] = pick(("yes", "No", "done", "x", "\u2713", "false", "TBD"))
        else:
            row["start"], row["end"] = pick(("Q1", "2027-01-15", "H1 2027")), pick(_DAYS)
            row["metric"] = pick(("qualified leads", "revenue", "win rate"))
            row["baseline"] = pick(("1000", "1,000", "12%", "???"))
            row["target"] = pick(_TARGETS, _PLACEHOLDERS)
            row["deadline"] = pick(_DAYS, _PLACEHOLDERS)
            row["confidential"] = pick(("yes", "no", "", "TRUE"))
        rows.append(row)
        work.append(f"w{i}")
    for i in range(draw(st.integers(0, 2))):
        rows.append(
            {
                "type": pick(("budget line", "overhead", "cost line")),
                "id": f"b{i}",
                "kind": pick(
                    ("salaries", "Salary", "tools", "Software", "retainer", "agency", "other")
                ),
                "amount": pick(("20000", "20,000", "$20,000", "TBD")),
            }
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, header, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


_V2_KEYS = ("contributors", "campaign", "depends_on", "due", "done", "kind", "amount", "target",
            "baseline", "deadline", "confidential", "set_by", "start", "end", "period")  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(v2_sheets())
def test_any_sheet_of_format_2_rows_imports_to_a_plan_the_model_reads(sheet: str):
    result = import_csv_text(sheet, "sheet.csv")
    assert not result.failed, [str(p) for p in result.problems]
    text = result.to_yaml()
    audit = audit_text(text, "sheet.yaml")
    assert at(audit, "RA001") == []
    wrong = [f for f in audit.findings if f.code == "RA002"]
    assert not [f for f in wrong if f.pointer.rsplit(".", 1)[-1].split("[")[0] in _V2_KEYS], [
        (f.pointer, f.message) for f in wrong
    ]
    assert audit.plan.version == 2
    assert "x-unplaced" not in result.document


def test_the_documented_format_2_sheet_imports_as_shown():
    section = DOCS.read_text("utf-8").split("### A format 2 sheet", 1)[1].split("\n### ", 1)[0]
    sheet = section.split("```csv\n", 1)[1].split("```", 1)[0]
    shown = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    result = import_csv_text(sheet, "small.csv")
    assert result.to_yaml() == "# Imported from small.csv by ramaudit import.\n\n" + shown
    assert result.problems == [] and not result.failed
    audit = audit_text(result.to_yaml(), "small.yaml")
    assert at(audit, "RA001") == [] and at(audit, "RA002") == []


def test_the_imported_format_2_plan_validates_against_the_json_schema():
    import jsonschema

    from ramaudit.core.loader import load
    from ramaudit.core.schemas import plan_schema

    validator = jsonschema.Draft202012Validator(
        plan_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    data = load(import_csv(DATA / "format2-sheet.csv").to_yaml()).data
    assert [list(e.absolute_path) for e in validator.iter_errors(data)] == []


def test_a_format_2_column_where_it_means_nothing_leaves_a_format_1_sheet_as_it_was():
    # A 'kind' column beside 'type', filled on tactics only: kept as x-kind, as before.
    result, doc, _, _ = imported("""
        type,kind,id,parent
        objective,,o1,
        tactic,paid,t1,o1
    """)
    assert "version" not in doc
    assert doc["tactics"][0] == {"id": "t1", "objectives": "o1", "x-kind": "paid"}
    assert [str(p) for p in result.problems] == [
        "no plan row; the plan is named 'sheet' after the file",
        "row 3, column 'kind': 'kind' does not apply to a tactic; kept as x-kind",
    ]


# --------------------------------------------------------------------------- progress and spend


def test_actual_spent_and_phasing_columns():
    header = "type,id,parent,budget,metric,baseline,target,actual,As Of,Confidence,Spent to date"
    result, doc, _, audit = imported(f"""
        {header},Phasing 2027-01,Budget Q2 2027,2027-03
        plan,,,,,,,,,,,,,
        objective,o1,,,leads,0,300,120,2027-02-10,70%,,,,
        tactic,t1,o1,20000,sqls,0,50,10,2027-02-12,,9000,5000,6000,4000
        kpi,,o1,,win rate,20,25,21,,,,,,
    """)
    assert doc["version"] == 2
    (leads, win_rate) = doc["objectives"][0]["kpis"]
    assert leads["checkins"] == [{"date": dt.date(2027, 2, 10), "value": 120, "confidence": 0.7}]
    assert win_rate == {"metric": "win rate", "target": 25, "baseline": 20, "actual": 21}
    tactic = doc["tactics"][0]
    assert (tactic["spent"], tactic["as_of"]) == (9000, dt.date(2027, 2, 12))
    assert tactic["phasing"] == {"2027-01": 5000, "Q2 2027": 6000, "2027-03": 4000}
    assert tactic["kpis"][0]["actual"] == 10
    assert tactic["kpis"][0]["as_of"] == dt.date(2027, 2, 12)
    assert not result.failed and [p for p in result.problems if p.row is not None] == []
    assert at(audit, "RA002") == [] and at(audit, "RA001") == []
    (t1,) = audit.plan.tactics
    assert [(s.first, amount) for s, amount in t1.phases] == [
        (dt.date(2027, 1, 1), 5000),
        (dt.date(2027, 3, 1), 4000),
        (dt.date(2027, 4, 1), 6000),
    ]


def test_readings_that_make_no_reading_are_kept_as_x_keys():
    result, doc, _, _ = imported("""
        type,id,parent,metric,actual,as of,confidence,spent,Q1 2027
        goal,g1,,,,,,,500
        objective,o1,g1,leads,,2027-02-01,0.5,,
        tactic,t1,o1,leads,40,,0.9,,
        tactic,t2,o1,,,2027-02-01,,300,
    """)
    assert doc["goals"][0]["x-q1-2027"] == "500"
    assert doc["objectives"][0]["kpis"][0] == {
        "metric": "leads",
        "x-as-of": "2027-02-01",
        "x-confidence": "0.5",
    }
    assert doc["tactics"][0]["kpis"][0] == {"metric": "leads", "actual": 40, "x-confidence": "0.9"}
    assert doc["tactics"][1]["as_of"] == dt.date(2027, 2, 1) and "kpis" not in doc["tactics"][1]
    assert [str(p) for p in result.problems if p.row is not None] == [
        "row 2, column 'Q1 2027': a budget phasing does not apply to a goal; kept as x-q1-2027",
        "row 3, column 'as of': 'as_of' given without an 'actual'; kept as x-as-of",
        "row 3, column 'confidence': 'confidence' given without an 'actual'; kept as x-confidence",
        "row 4, column 'confidence': 'confidence' given without an 'as of' day; kept as "
        "x-confidence",
    ]


def test_headers_that_are_no_phasing_column():
    from ramaudit.authoring.csv_import import phasing_period

    for title, period in (
        ("2027-01", "2027-01"),
        ("Jan 2027", "Jan 2027"),
        ("Q1 2027", "Q1 2027"),
        ("Phasing Q3", "Q3"),
        ("budget: 2027-Q2", "2027-Q2"),
        ("Budget phasing H2 2027", "H2 2027"),
    ):
        assert phasing_period(title) == period, title
    for title in ("2027", "Q1", "FY27", "2027-01-15", "phasing", "Budget", "notes 2027", "Q5 2027"):
        assert phasing_period(title) is None, title


def test_bad_spend_values_are_kept_for_check_to_point_at():
    result, doc, _, audit = imported("""
        type,id,parent,budget,spent,as of,Phasing 2027-01,Phasing 2027-02
        objective,o1,,,,,,
        tactic,t1,o1,100,lots,2027-02-30,TBD,1.5.0
    """)
    tactic = doc["tactics"][0]
    assert (tactic["spent"], tactic["as_of"]) == ("lots", "2027-02-30")
    assert tactic["phasing"] == {"2027-01": "TBD", "2027-02": "1.5.0"}
    assert result.failed
    assert [p.column for p in result.problems if p.kind == "value"] == [
        "spent",
        "as of",
        "Phasing 2027-02",
    ]
    wrong = {f.pointer for f in audit.findings if f.code in ("RA002", "RA308")}
    assert {"tactics[0].spent", "tactics[0].as_of"} <= wrong


_READINGS = st.fixed_dictionaries(
    {
        "actual": st.integers(0, 10**6),
        "day": st.dates(dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
        "confidence": st.none() | st.integers(0, 100),
        "spent": st.none() | st.integers(0, 10**6),
        "phasing": st.lists(st.integers(0, 10**5), max_size=3),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_READINGS, min_size=1, max_size=4))
def test_generated_readings_round_trip_through_import_and_audit(rows: list[dict]):
    from ramaudit.core.progress import plan_status

    months = ("Phasing 2027-01", "Phasing 2027-02", "Phasing 2027-03")
    header = ["type", "id", "parent", "budget", "metric", "target", "actual", "as of"]
    header += ["confidence", "spent", *months]
    lines = [{"type": "plan", "budget": "90000"}]
    lines.append({"type": "objective", "id": "o1", "metric": "revenue", "target": "5000"})
    for i, r in enumerate(rows):
        line = {"type": "tactic", "id": f"t{i}", "parent": "o1", "budget": "1000"}
        line |= {"metric": "qualified leads", "target": "100", "actual": str(r["actual"])}
        line["as of"] = r["day"].isoformat()
        if r["confidence"] is not None:
            line["confidence"] = f"{r['confidence']}%"
        if r["spent"] is not None:
            line["spent"] = f"{r['spent']:,}"
        line |= {month: str(amount) for month, amount in zip(months, r["phasing"], strict=False)}
        lines.append(line)
    out = io.StringIO()
    writer = csv.DictWriter(out, header, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(lines)
    result = import_csv_text(out.getvalue(), "sheet.csv")
    assert not result.failed, [str(p) for p in result.problems]
    audit = audit_text(result.to_yaml(), "sheet.yaml")
    assert at(audit, "RA001") == [] and at(audit, "RA002") == []
    for r, tactic in zip(rows, audit.plan.tactics, strict=True):
        (kpi,) = tactic.kpis
        if r["confidence"] is None:
            assert (kpi.actual, kpi.as_of) == (r["actual"], r["day"])
        else:
            (checkin,) = kpi.checkins
            assert (checkin.value, checkin.date) == (r["actual"], r["day"])
            assert checkin.confidence == pytest.approx(r["confidence"] / 100)
        assert tactic.spent == r["spent"]
        assert [a for _, a in tactic.phases] == r["phasing"]
    status = plan_status(audit.plan, audit.graph, dt.date(2027, 2, 15))
    assert len(status.spend) == len(rows)
