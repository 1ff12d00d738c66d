"""``ramaudit status``: the library function, the three formats, the exit codes, the
width, confidential KPIs and plan text as data. Every run passes ``--as-of`` (or
``Config(as_of=...)``): nothing here depends on today's date."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.api import StatusResult, audit_text, status, status_of
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.core.progress import State
from ramaudit.core.schemas import shipped_schema
from ramaudit.report import RenderOptions
from ramaudit.report.formats import STATUS
from test_format_json import closed
from test_plan_text_is_data import (
    assert_no_line_is_plan_text,
    hostile_text,
    plan_doc,
    unsafe_chars,
)

DEMO = EXAMPLES / "tracking-demo.yaml"
AS_OF = "2027-02-15"
DAY = dt.date(2027, 2, 15)
SCHEMA = closed(shipped_schema("status"))

UNTRACKED = """\
version: 2
plan: {name: Before the quarter, period: Q1 2027, budget: 50000, currency: EUR}
goals: [{id: g, name: Grow, type: other}]
objectives:
  - id: o
    goals: g
    kpis: [{metric: qualified leads, baseline: 0, target: 100, deadline: 2027-03-31}]
tactics: [{id: t, objectives: o, budget: 20000}]
"""

SECRET = """\
version: 2
plan: {name: Secret, period: Q1 2027}
goals: [{id: g, type: other}]
objectives:
  - id: o
    goals: g
    kpis:
      - {metric: new customers, baseline: 10, target: 777, confidential: true,
         deadline: 2027-03-31, checkins: [{date: 2027-02-01, value: 333}]}
tactics: [{id: t, objectives: o, budget: 9000, spent: 4321, as_of: 2027-02-01}]
"""


def invoke(*args: str, columns: int = 80):
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": str(columns)})


def text_status(text: str, day: dt.date = DAY) -> StatusResult:
    return status_of(audit_text(text, "plan.yaml", Config(as_of=day)))


def render(name: str, results: list[StatusResult], **options: object) -> str:
    return STATUS[name].render(results, RenderOptions(**options))  # type: ignore[arg-type]


# ------------------------------------------------------------------------ library


def test_the_library_reads_the_demo_on_the_configured_day():
    result = status(DEMO, Config(as_of=DAY))
    assert result.as_of == DAY and result.status is not None
    states = {(k.owner.id, k.kpi.metric): k.state for k in result.status.key_results}
    assert states[("o-pipeline", "sales qualified leads")] is State.ON_TRACK
    assert states[("o-pipeline", "new ARR")] is State.OFF_TRACK
    assert states[("t-renewal-playbook", "renewal rate")] is State.NO_CHECKIN
    assert result.status.ram_items == ["t-trade-show"]
    assert result.status.spent == 31900
    assert result.plan_budget == 60000


def test_the_status_is_the_one_the_tracking_rules_read():
    # The same thresholds: a configured tolerance moves status as it moves RA501.
    loose = Config(as_of=DAY, rule_options={"RA501": {"tolerance": 0.4, "off-track": 0.5}})
    result = status(DEMO, loose)
    assert result.status is not None
    arr = next(k for k in result.status.key_results if k.kpi.metric == "new ARR")
    # 31 points behind, within a tolerance of 40: at risk only for its owner's low
    # confidence (0.4), which RA501 leaves to status
    assert arr.state is State.AT_RISK
    assert not [f for f in result.audit.findings if f.code == "RA501"]


def test_status_reuses_the_reading_the_rules_made():
    # Computing it again doubled the status of a big plan; the rules' reading is kept.
    audited = audit_text(DEMO.read_text(), "demo.yaml", Config(as_of=DAY))
    assert audited.as_of == DAY and audited.progress is not None
    assert status_of(audited).status is audited.progress


def test_a_plan_that_records_nothing_computes_no_status_in_its_audit():
    audited = audit_text(UNTRACKED, "plan.yaml", Config(as_of=DAY))
    assert audited.progress is None  # no tracking rule needed one
    found = status_of(audited).status  # made on demand, as the rules would have
    assert found is not None and not found.tracked and found.budget == 20000


@given(
    share=st.none() | st.floats(-1, 2, allow_nan=False),
    mark=st.none() | st.floats(-1, 2, allow_nan=False),
    width=st.integers(1, 40),
)
@settings(deadline=None)  # the machine is shared: timing is not what this tests
def test_a_bar_drawn_in_runs_is_the_bar_drawn_cell_by_cell(share, mark, width) -> None:
    from ramaudit.report.status_text import bar

    filled = 0 if share is None else round(width * min(1.0, max(0.0, share)))
    at = None if mark is None else min(width - 1, max(0, round(width * min(1.0, mark)) - 1))
    cells = [
        ("│", "bold") if i == at else ("█", "red") if i < filled else ("░", "dim")
        for i in range(width)
    ]
    drawn = bar(share, mark, width, "red")
    assert drawn.plain == "".join(c for c, _ in cells)
    styles = [""] * width
    for span in drawn.spans:
        for i in range(span.start, span.end):
            styles[i] = str(span.style)
    assert styles == [style for _, style in cells]


def test_after_the_deadline_key_results_and_objectives_are_graded():
    result = status(DEMO, Config(as_of=dt.date(2027, 4, 15)))
    text = render("text", [result], width=80)
    assert "grade 0.43 (committed: 1.0 expected)" in text
    assert "grade 0.32, the mean of its key results' grades" in text
    doc = json.loads(render("json", [result]))
    assert doc["plans"][0]["objectives"][0]["grade"] == 0.315


def test_a_day_before_any_check_in_shows_nothing_tracked():
    result = status(DEMO, Config(as_of=dt.date(2026, 12, 1)))
    assert result.status is not None
    text = render("text", [result], width=80)
    assert "no check-ins or spend recorded yet" in text
    assert "60,000 USD" in text  # the plan's budget, and nothing else
    assert "Goals and objectives" not in text


def test_an_unreadable_file_has_no_status(tmp_path):
    result = status(tmp_path / "nope.yaml", Config(as_of=DAY))
    assert result.status is None and result.audit.error
    doc = json.loads(render("json", [result]))
    jsonschema.validate(doc, SCHEMA)
    assert doc["plans"][0]["read"] is False


# ------------------------------------------------------------------------ formats


@pytest.mark.parametrize("fmt", STATUS.names)
def test_every_format_on_the_demo(fmt: str):
    run = invoke("status", str(DEMO), "--as-of", AS_OF, "-f", fmt)
    assert run.exit_code == 0, run.output
    assert "2027-02-15" in run.stdout
    assert "t-trade-show" in run.stdout
    if fmt == "json":
        jsonschema.validate(json.loads(run.stdout), SCHEMA)
    if fmt == "markdown":
        tokens = MarkdownIt().enable("table").parse(run.stdout)
        assert sum(t.type == "table_open" for t in tokens) == 5


def test_the_json_says_what_the_status_says():
    doc = json.loads(render("json", [status(DEMO, Config(as_of=DAY))]))
    plan = doc["plans"][0]
    assert plan["state"] == "off track" and plan["as_of"] == AS_OF
    arr = next(k for k in plan["key_results"] if k["metric"] == "new ARR")
    assert arr == arr | {"progress": 0.2, "state": "off track", "latest": 18000.0, "age_days": 5}
    webinars = next(s for s in plan["spend"] if s["id"] == "t-route-webinars")
    assert webinars["spent"] == 16500 and webinars["ahead_of_phasing"] == pytest.approx(4214.29)
    assert plan["totals"] == {
        "plan_budget": 60000.0,
        "budget": 45000.0,
        "spent": 31900.0,
        "ram_spent": 14200.0,
        "ram_items": ["t-trade-show"],
    }
    objective = plan["objectives"][0]
    assert [plan["key_results"][i]["metric"] for i in objective["key_results"]] == [
        "sales qualified leads",
        "new ARR",
    ]
    assert doc["summary"]["key_results"]["off track"] == 1


def test_the_text_names_states_in_words_and_marks_the_expected_position():
    text = render("text", [status(DEMO, Config(as_of=DAY))], width=80)
    assert "off track" in text and "on track" in text and "no check-in" in text
    bars = [line for line in text.splitlines() if "█" in line or "░" in line]
    assert bars and all("│" in line for line in bars if "expected" in line)
    assert "spent on random acts 14,200 USD (t-trade-show)" in text
    assert "phased to date 12,286 USD: 4,214 USD ahead" in text
    assert "latest 18,000 on 2027-02-10 (5 days ago)" in text
    assert "\x1b" not in text  # no colour asked for


@pytest.mark.parametrize("columns", [80, 60, 40])
def test_the_text_fits_the_width(columns: int):
    run = invoke("status", str(DEMO), "--as-of", AS_OF, columns=columns)
    assert run.exit_code == 0
    assert max(len(line) for line in run.stdout.splitlines()) <= columns
    assert "\x1b" not in run.stdout  # NO_COLOR: the states are words, bars are characters


def test_colour_only_where_asked_for():
    result = status(DEMO, Config(as_of=DAY))
    coloured = render("text", [result], color=True, width=80)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render("text", [result], width=80)


def test_a_plan_without_check_ins_says_so_and_shows_its_budget_only():
    result = text_status(UNTRACKED)
    text = render("text", [result], width=80)
    assert "no check-ins or spend recorded yet: nothing to track" in text
    assert "the plan's budget: 50,000 EUR" in text
    assert "qualified leads" not in text
    md = render("markdown", [result])
    assert "The plan's budget: 50,000 EUR." in md and "|" not in md
    jsonschema.validate(json.loads(render("json", [result])), SCHEMA)


def test_confidential_key_results_show_neither_target_nor_actual():
    result = text_status(SECRET)
    assert result.status is not None and result.status.key_results[0].progress is not None
    for fmt in STATUS.names:
        out = render(fmt, [result], width=80)
        assert "777" not in out and "333" not in out, fmt
        assert "confidential" in out, fmt
        # cost per result (4,321 / 323) would give the actual away
        assert "13" not in out.replace("2027-", ""), fmt
    doc = json.loads(render("json", [result]))
    assert doc["plans"][0]["costs"] == []


CAMPAIGN = """\
version: 2
plan: {name: Campaigns, period: Q1 2027, currency: EUR}
goals: [{id: g, type: other}]
objectives:
  - id: o
    goals: g
    campaigns:
      - id: c-spring
        name: Spring launch
        budget: 10000
        expenses: [{date: 2027-01-20, amount: 4000}, {date: 2027-03-01, amount: 9000}]
        kpis: [{metric: qualified leads, target: 50, checkins: [{date: 2027-02-10, value: 20}]}]
        tactics: [{id: t-ads, budget: 6000, spent: 7000, as_of: 2027-02-12}]
"""


def test_campaigns_show_their_spend_and_key_results():
    result = text_status(CAMPAIGN)
    text = render("text", [result], width=80)
    assert "campaign c-spring: Spring launch" in text
    assert "4,000 EUR of 10,000 EUR (40%)" in text  # the March expense is not yet spent
    assert "7,000 EUR of 6,000 EUR (117%)\n    1,000 EUR over budget" in text
    assert "objective o\n    no key results\n" in text
    assert "• qualified leads  0 → 50" in text
    md = render("markdown", [result])
    assert "| campaign `c-spring` | 10,000 EUR | 4,000 EUR | 40% |" in md
    jsonschema.validate(json.loads(render("json", [result])), SCHEMA)


# ------------------------------------------------------------------------ the CLI


@pytest.mark.parametrize(
    ("fail_on", "code"), [("never", 0), ("off-track", 1), ("at-risk", 1), ("OFF-TRACK", 1)]
)
def test_fail_on_sets_the_exit_code(fail_on: str, code: int):
    run = invoke("status", str(DEMO), "--as-of", AS_OF, "--fail-on", fail_on, "-f", "json")
    assert run.exit_code == code, run.output


def test_fail_on_at_risk_passes_a_plan_on_track(tmp_path):
    plan = tmp_path / "plan.yaml"
    read = "target: 100, actual: 60, as_of: 2027-02-14,"
    plan.write_text(UNTRACKED.replace("target: 100,", read))
    run = invoke("status", str(plan), "--as-of", AS_OF, "--fail-on", "at-risk")
    assert run.exit_code == 0, run.output
    assert "on track" in run.stdout
    # no check-in yet is not at risk
    plan.write_text(UNTRACKED)
    assert invoke("status", str(plan), "--as-of", AS_OF, "--fail-on", "at-risk").exit_code == 0


def test_exit_codes_for_files_and_usage(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("plan: [unclosed\n")
    run = invoke("status", str(bad), "--as-of", AS_OF)
    assert run.exit_code == 1 and "RA001" in run.stderr
    missing = invoke("status", str(tmp_path / "nope.yaml"), "--as-of", AS_OF)
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    # a file with no configuration is still read on --as-of, never today
    gone = invoke("status", str(tmp_path / "nope.yaml"), "--as-of", AS_OF, "-f", "json")
    assert json.loads(gone.stdout)["plans"][0]["as_of"] == AS_OF
    assert invoke("status", str(DEMO), "--as-of", "15/02/2027").exit_code == 2
    assert invoke("status", str(DEMO), "--fail-on", "sometimes").exit_code == 2
    assert invoke("status", str(DEMO), "-f", "sarif").exit_code == 2
    assert invoke("status").exit_code == 2
    assert invoke("status", str(DEMO), "--force").exit_code == 2


def test_a_folder_is_searched_as_check_searches_it(tmp_path):
    (tmp_path / "a.yaml").write_text(UNTRACKED)
    (tmp_path / "b.yaml").write_text(SECRET)
    run = invoke("status", str(tmp_path), "--as-of", AS_OF, "-f", "json")
    assert run.exit_code == 0
    doc = json.loads(run.stdout)
    assert [p["plan"] for p in doc["plans"]] == ["Before the quarter", "Secret"]


def test_output_is_written_atomically_and_never_over_a_file_unasked(tmp_path):
    out = tmp_path / "status.json"
    assert invoke("status", str(DEMO), "--as-of", AS_OF, "-o", str(out)).exit_code == 0
    jsonschema.validate(json.loads(out.read_text()), SCHEMA)  # from the suffix
    again = invoke("status", str(DEMO), "--as-of", AS_OF, "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr
    md = tmp_path / "status.md"
    assert invoke("status", str(DEMO), "--as-of", AS_OF, "-o", str(md)).exit_code == 0
    assert md.read_text().startswith("# ramaudit status")
    forced = invoke("status", str(DEMO), "--as-of", AS_OF, "-o", str(out), "-f", "text", "--force")
    assert forced.exit_code == 0 and "status on 2027-02-15" in out.read_text()


def test_config_and_isolated_are_read(tmp_path):
    (tmp_path / ".ramaudit.toml").write_text("[rules.RA501]\ntolerance = 0.4\noff-track = 0.5\n")
    plan = tmp_path / "plan.yaml"
    plan.write_text(DEMO.read_text())
    strict = invoke("status", str(plan), "--as-of", AS_OF, "--fail-on", "off-track", "--isolated")
    assert strict.exit_code == 1
    loose = invoke("status", str(plan), "--as-of", AS_OF, "--fail-on", "off-track")
    assert loose.exit_code == 0, loose.output


# ------------------------------------------------------------------- plan text is data


def tracked_doc(h: str) -> dict[str, object]:
    """The hostile plan of test_plan_text_is_data with check-ins and spend."""
    doc = copy.deepcopy(plan_doc(h))
    objective = doc["objectives"][0]  # type: ignore[index]
    for kpi in objective["kpis"]:
        kpi["checkins"] = [{"date": dt.date(2027, 2, 1), "value": 4, "note": "n" + h}]
    doc["tactics"][0].update(spent=60, as_of=dt.date(2027, 2, 1))  # type: ignore[index]
    doc["tactics"][1].update(spent=20)  # type: ignore[index]
    return doc


def hostile_status(h: str) -> StatusResult:
    text = yaml.safe_dump(tracked_doc(h), allow_unicode=False, sort_keys=False, width=10_000)
    return status_of(audit_text(text, f"dir{h}.yaml", Config(as_of=DAY)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_status_outputs_keep_plan_text_as_data(h: str) -> None:
    result = hostile_status(h)
    # (a lone surrogate, as a file name that is not UTF-8 gives, leaves YAML unreadable:
    # its outputs are checked all the same)
    assert result.status is None or result.status.tracked
    for name in ("text", "markdown"):
        out = render(name, [result], width=80)
        assert unsafe_chars(out) == [], name
        assert_no_line_is_plan_text(out)
    coloured = render("text", [result], color=True, width=80)
    assert not re.sub(r"\x1b\[[0-9;]*m", "", coloured).count("\x1b")
    md = render("markdown", [result])
    for line in md.splitlines():
        if line.startswith("|"):
            # every row keeps its cells: no plan text adds an unescaped pipe
            assert len(re.findall(r"(?<!\\)\|", line)) in (4, 7, 10, 3, 6), line
    doc = json.loads(render("json", [result]))
    assert unsafe_chars(render("json", [result])) == []
    plan = doc["plans"][0]
    assert plan["plan"] == result.audit.plan_name and plan["path"] == f"dir{h}.yaml"
    if result.status is not None:
        metrics = [k.kpi.metric for k in result.status.key_results]
        assert [k["metric"] for k in plan["key_results"]] == metrics


def test_hostile_names_are_escaped_in_text_and_markdown():
    h = "\x1b[2J\n::error::boom|*x*"
    result = hostile_status(h)
    text = render("text", [result], width=80)
    assert "\x1b" not in text and "\\x1b[2J\\n::error::boom|*x*" in text
    md = render("markdown", [result])
    assert "\\\\x1b\\[2J\\\\n::error::boom\\|\\*x\\*" in md


# --------------------------------------------------------------- JSON round trip

names = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
confidences = st.none() | st.floats(min_value=0, max_value=1)


@st.composite
def generated_plans(draw: st.DrawFn) -> dict[str, object]:
    kpis = [
        {
            "metric": draw(names),
            "baseline": draw(values),
            "target": draw(values),
            "unit": draw(st.none() | names),
            "checkins": [
                {"date": dt.date(2027, 1, day), "value": draw(values), "confidence": c}
                if (c := draw(confidences)) is not None
                else {"date": dt.date(2027, 1, day), "value": draw(values)}
                for day in sorted(draw(st.sets(st.integers(1, 28), max_size=3)))
            ],
        }
        for _ in range(draw(st.integers(1, 3)))
    ]
    spent = draw(st.none() | st.floats(min_value=0, max_value=1e6))
    tactic: dict[str, object] = {"id": "t1", "name": draw(names), "objectives": "o1"}
    tactic["budget"] = draw(st.floats(min_value=0, max_value=1e6))
    if spent is not None:
        tactic["spent"] = spent
    return {
        "version": 2,
        "plan": {"name": draw(names), "period": "Q1 2027"},
        "goals": [{"id": "g1", "name": draw(names), "type": "other"}],
        "objectives": [{"id": "o1", "name": draw(names), "goals": "g1", "kpis": kpis}],
        "tactics": [tactic, {"id": "t2", "name": draw(names), "spent": draw(values) ** 2}],
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_plans(), st.dates(dt.date(2026, 12, 1), dt.date(2027, 5, 1)))
def test_the_json_renderer_round_trips_any_status(doc: dict[str, object], day: dt.date) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)
    result = status_of(audit_text(text, "plan.yaml", Config(as_of=day)))
    assert result.status is not None
    out = render("json", [result])
    assert unsafe_chars(out) == []
    loaded = json.loads(out)
    jsonschema.validate(loaded, SCHEMA)
    plan = loaded["plans"][0]
    assert plan["plan"] == result.audit.plan_name
    s = result.status
    assert [k["metric"] for k in plan["key_results"]] == [k.kpi.metric for k in s.key_results]
    assert [k["state"] for k in plan["key_results"]] == [k.state.value for k in s.key_results]
    for got, kr in zip(plan["key_results"], s.key_results, strict=True):
        assert got["progress"] == (None if kr.progress is None else round(kr.progress, 4))
        assert got["latest"] == (None if kr.latest is None else kr.latest.value)
    assert plan["totals"]["spent"] == round(s.spent, 2)
    assert json.loads(render("json", [result])) == loaded  # the same every time
