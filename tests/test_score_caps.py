"""The answers agree with the findings: an error about what a question asks holds it
at NO (score.CAPPED_BY), unless a suppression or the baseline accepted the finding."""

from __future__ import annotations

import json
import textwrap

from typer.testing import CliRunner

from conftest import audit_yaml
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.core.findings import Severity
from ramaudit.report.score_explained import explain_dict, explain_text
from ramaudit.rules import ALL_RULES, BY_CODE
from ramaudit.score import CAPPED_BY, YES_AT, caps_from

STAGES = ["awareness", "education", "conversion", "retention"]


def aligned_plan(orphan: str = "", extra_link: str = "") -> str:
    """Ten well-formed tactics under one objective, all stages served, and a place for
    a random act (``orphan``) or a broken link (``extra_link``)."""
    tactics = "".join(
        f"""
  - id: t-{i}
    objectives: [o-leads{extra_link if i == 0 else ""}]
    stage: {STAGES[i % 4]}
    owner: Dana Lee
    budget: 10000
    start: 2027-01-01
    end: 2027-06-30
    segment: s-smb
    kpis:
      - {{metric: qualified leads, baseline: 10, target: 40, deadline: 2027-06-30}}"""
        for i in range(10)
    )
    return f"""plan:
  name: Aligned plan
  budget: 500000
  review_cadence: monthly
  period: {{start: 2027-01-01, end: 2027-12-31}}
  stakeholders: [marketing, sales]
segments:
  - id: s-smb
    voice_of_customer: ["Interview 2026-11: onboarding takes too long"]
goals:
  - id: g-pipeline
    owner: Dana Lee
objectives:
  - id: o-leads
    goals: g-pipeline
    owner: Dana Lee
    kpis:
      - {{metric: pipeline, baseline: 100, target: 300, deadline: 2027-12-31}}
tactics:{tactics}{orphan}
"""


ORPHAN = """
  - id: t-billboard{comment}
    stage: awareness
    owner: Sam Ortega
    budget: 5000
    start: 2027-01-01
    end: 2027-06-30
    segment: s-smb
    kpis:
      - {{metric: impressions, target: 100000}}"""


def question(result, key):
    (q,) = [q for q in result.score.questions if q.key == key]
    return q


def test_random_acts_and_broken_links_no_longer_answer_execution_yes():
    # Without the cap this plan's execution criteria earn 20 or more (the issue's
    # "21/25 YES"); the random act and the broken link are errors about execution.
    result = audit_yaml(aligned_plan(ORPHAN.format(comment=""), extra_link=", o-nowhere"))
    q = question(result, "execution")
    assert q.earned >= YES_AT
    assert q.answer == "no" and q.score == YES_AT - 1
    codes = {c.code: c.count for c in q.caps}
    assert codes == {"RA005": 1, "RA101": 1}
    assert q.evidence[0] == (
        "NO: 1 error of RA005 dangling-reference, 1 error of RA101 orphan-tactic"
    )
    assert result.score.total == sum(x.score for x in result.score.questions)
    # The other questions are not about links or random acts: nothing caps them.
    assert all(not x.caps for x in result.score.questions if x.key != "execution")


def test_the_same_plan_without_the_errors_answers_yes():
    result = audit_yaml(aligned_plan())
    assert not any(f.severity is Severity.ERROR for f in result.findings)
    assert all(q.answer == "yes" and not q.caps for q in result.score.questions)


def test_a_suppressed_random_act_caps_nothing_and_is_counted_as_accepted():
    comment = "  # ramaudit: ignore[RA101] the board asked for it"
    result = audit_yaml(aligned_plan(ORPHAN.format(comment=comment)))
    q = question(result, "execution")
    assert not q.caps and q.answer == "yes" and q.score == q.earned
    spend = result.ram_spend
    assert spend.tactics == () and spend.accepted == ("t-billboard",)
    assert spend.amount == 0 and spend.accepted_amount == 5000
    # The points still count the orphan: accepting it does not make it traceable.
    (traceable,) = [c for c in q.criteria if c.key == "tactics-traceable"]
    assert traceable.fraction < 1


def test_a_rule_turned_off_caps_nothing_and_accepts_nothing():
    text = aligned_plan(ORPHAN.format(comment=""))
    result = audit_yaml(text, Config(ignore=("RA101",)))
    assert not question(result, "execution").caps
    # Not reporting RA101 is no acceptance: the orphan is still a random act.
    assert result.ram_spend.tactics == ("t-billboard",) and result.ram_spend.accepted == ()


def test_a_rule_raised_to_error_caps_its_question():
    text = aligned_plan().replace("segment: s-smb", "segment: everyone", 1)
    warned = audit_yaml(text)
    assert [f.severity for f in warned.findings if f.code == "RA302"] == [Severity.WARNING]
    assert not question(warned, "market").caps
    raised = audit_yaml(text, Config(severity={"RA302": Severity.ERROR}))
    q = question(raised, "market")
    assert q.answer == "no" and [c.code for c in q.caps] == ["RA302"]


def test_the_baseline_accepts_like_a_suppression(tmp_path, monkeypatch):
    plan = tmp_path / "plan.yaml"
    plan.write_text(aligned_plan(ORPHAN.format(comment="")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    before = json.loads(runner.invoke(app, ["check", "plan.yaml", "-f", "json"]).stdout)
    execution = before["files"][0]["score"]["questions"][3]
    assert execution["answer"] == "no"
    assert execution["capped_by"] == [{"code": "RA101", "rule": "orphan-tactic", "count": 1}]
    assert runner.invoke(app, ["check", "plan.yaml", "--write-baseline", "b.json"]).exit_code == 0
    after = runner.invoke(app, ["check", "plan.yaml", "-f", "json", "--baseline", "b.json"])
    doc = json.loads(after.stdout)
    execution = doc["files"][0]["score"]["questions"][3]
    assert execution["capped_by"] == [] and execution["answer"] == "yes"
    assert doc["files"][0]["ram_spend"]["accepted"] == ["t-billboard"]
    assert doc["files"][0]["ram_spend"]["tactics"] == []
    text = runner.invoke(app, ["check", "plan.yaml", "--baseline", "b.json"]).stdout
    assert "1 tactic that traces to no goal accepted by suppressions or the baseline" in text


def test_explain_score_says_why_a_question_is_no():
    result = audit_yaml(aligned_plan(ORPHAN.format(comment="")))
    q = question(result, "execution")
    text = explain_text(result, width=400)
    assert f"{q.title}  {YES_AT - 1}/25  NO" in text
    assert f"NO: 1 error of RA101 orphan-tactic; the criteria earn {q.earned}, held at 19" in text
    data = explain_dict(result)
    assert data["questions"][3]["capped_by"][0]["code"] == "RA101"


def test_the_panel_says_why_a_question_is_no():
    from ramaudit.report import RenderOptions, render

    result = audit_yaml(aligned_plan(ORPHAN.format(comment="")))
    out = render("text", [result], RenderOptions(color=False))
    assert "Execution NO: 1 error of RA101 orphan-tactic" in " ".join(out.split())


def test_every_rule_of_a_question_category_is_declared_under_it():
    questions = set(CAPPED_BY)
    for rule in ALL_RULES:
        if rule.category in questions:
            assert rule.code in CAPPED_BY[rule.category], (rule.code, rule.category)
    for codes in CAPPED_BY.values():
        assert all(code in BY_CODE for code in codes)


def test_caps_count_only_errors():
    result = audit_yaml(
        textwrap.dedent(
            """\
            plan: {name: P}
            tactics:
              - id: t-a
              - id: t-b
            """
        )
    )
    caps = caps_from(result.findings)
    assert [(c.code, c.count) for c in caps["execution"]] == [("RA101", 2)]
    warnings_only = [f for f in result.findings if f.severity is not Severity.ERROR]
    assert all(not v for v in caps_from(warnings_only).values())


# ------------------------------------------- errors about fields cap what reads them

SAAS = (
    __import__("pathlib").Path(__file__).parent.parent
    / "examples"
    / "plans"
    / "saas-demand-gen.yaml"
).read_text(encoding="utf-8")


def test_the_example_plan_scores_100_as_written():
    # The plan the next tests break: complete, so that any point lost is theirs.
    result = audit_yaml(SAAS)
    assert result.score.total == 100


def test_a_budget_written_as_text_holds_the_budget_questions_at_no():
    text = SAAS.replace("budget: 60000", 'budget: "60k"', 1)
    result = audit_yaml(text)
    (error,) = [f for f in result.findings if f.severity is Severity.ERROR]
    assert error.code == "RA002" and error.pointer.endswith(".budget")
    answers = {q.key: q.answer for q in result.score.questions}
    assert answers == {"process": "no", "accountability": "yes", "market": "yes", "execution": "no"}
    process = question(result, "process")
    assert [c.code for c in process.caps] == ["RA002"]
    assert process.cap_text == "NO: 1 error of RA002 invalid-field"
    assert result.score.total < 100


def test_a_question_short_of_a_criterion_never_shows_its_full_mark():
    # Without the cap (the error suppressed), the budget left out costs 0.3 of a point:
    # 24.7 shows as 24, not 25, and the total is not 100.
    text = SAAS.replace("budget: 60000", 'budget: "60k"  # ramaudit: ignore[RA002] soon', 1)
    result = audit_yaml(text)
    process = question(result, "process")
    assert not process.caps
    assert 24 < sum(c.points for c in process.criteria) < 25
    assert process.score == process.earned == 24 and process.answer == "yes"
    assert result.score.total == 99
    shown = explain_text(result, width=400)
    assert f"{process.title}  24/25  YES" in shown and "100/100" not in shown


def test_a_key_written_twice_in_a_tactic_holds_every_question_at_no():
    # A second 'objectives:' decides what the tactic links to: every question counts
    # the tactic by its links, so every answer is NO.
    text = SAAS.replace(
        "    objectives: o-pipeline\n", "    objectives: o-pipeline\n    objectives: o-x\n", 1
    )
    assert text != SAAS
    result = audit_yaml(text)
    assert [f.code for f in result.findings if f.severity is Severity.ERROR] == ["RA003"]
    assert all(q.answer == "no" and q.caps for q in result.score.questions)
    assert result.score.total < 100


def test_an_error_about_a_field_caps_only_the_questions_that_read_it():
    from ramaudit.score import questions_about

    assert questions_about("tactics[3].budget") == ("process", "execution")
    assert questions_about("goals[0].objectives[1].tactics[2].stage") == ("execution",)
    assert questions_about("objectives[0].kpis[1].target") == ("accountability", "market")
    assert questions_about("segments[0].voice_of_customer[0]") == ("market",)
    assert questions_about("plan.period.start") == ("process",)
    # A field no criterion reads caps the questions that count its item.
    assert questions_about("segments[0].description") == ("market",)
    assert questions_about("plan.currency") == ("process", "execution")
    # Links, whole items, unknown keys and pointers that do not read back: all four.
    everything = ("process", "accountability", "market", "execution")
    for pointer in ("tactics[0].objectives", "tactics[0]", "tactics[0].budgt", "plan", "", "x.y"):
        assert questions_about(pointer) == everything, pointer


def test_an_error_about_a_format_2_item_caps_the_questions_that_read_it():
    # A campaign budget or a budget line amount written as text was a KeyError before
    # the score knew the kinds of format 2.
    result = audit_yaml("""
        version: 2
        plan: {name: P, budget: 1000}
        goals: [{id: g}]
        objectives:
          - id: o
            goals: g
            campaigns: [{id: c, budget: 3k}]
        budget_lines: [{id: b, amount: 60k}]
    """)
    ra002 = [f for f in result.findings if f.code == "RA002"]
    assert {f.pointer for f in ra002} == {
        "objectives[0].campaigns[0].budget",
        "budget_lines[0].amount",
    }
    assert result.score is not None
    capped = {q.key for q in result.score.questions if any(c.code == "RA002" for c in q.caps)}
    assert capped == {"process", "execution"}
