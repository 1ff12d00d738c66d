"""`--format sarif`: validated against the official SARIF 2.1.0 schema (vendored in
tests/data from the OASIS sarif-spec repository)."""

from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import DATA, EXAMPLES, audit_yaml
from ramaudit.api import audit_paths
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.core.findings import Severity
from ramaudit.report import RenderOptions, render
from ramaudit.report.sarif import FINGERPRINT_KEY
from ramaudit.rules import ALL_RULES

RAM = EXAMPLES / "random-acts.yaml"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    return jsonschema.Draft4Validator(schema)


def sarif(results, **extra):
    return json.loads(render("sarif", results, RenderOptions(extra=extra)))


def test_examples_and_an_unreadable_file_validate(validator, tmp_path):
    results = audit_paths([EXAMPLES, tmp_path / "missing.yaml"])
    doc = sarif(results)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:3]]
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    assert len(run["results"]) == sum(len(r.findings) for r in results)


def test_driver_lists_every_rule_with_its_docs():
    (run,) = sarif(audit_paths([RAM]))["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "ramaudit" and driver["version"]
    assert "informationUri" not in driver  # no made-up URL
    assert [r["id"] for r in driver["rules"]] == [r.code for r in ALL_RULES]
    for descriptor, rule in zip(driver["rules"], ALL_RULES, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary()
        assert descriptor["fullDescription"]["text"]
        level = {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
        assert descriptor["defaultConfiguration"]["level"] == level
        assert "## How to fix" in descriptor["help"]["markdown"]
        assert "```yaml" in descriptor["help"]["markdown"]
        assert (
            "```" not in descriptor["help"]["text"] and "How to fix:" in descriptor["help"]["text"]
        )


def test_results_point_at_rule_region_and_item():
    results = audit_paths([RAM])
    (run,) = sarif(results)["runs"]
    rules = run["tool"]["driver"]["rules"]
    findings = sorted(results[0].findings, key=lambda f: f.sort_key)
    for res, f in zip(run["results"], findings, strict=True):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f.code
        assert res["message"]["text"] == f.message
        (loc,) = res["locations"]
        physical = loc["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "examples/plans/random-acts.yaml" or physical[
            "artifactLocation"
        ]["uri"].endswith("examples/plans/random-acts.yaml")
        region = physical["region"]
        assert (region["startLine"], region["startColumn"]) == (f.line, f.column)
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        if f.pointer:
            assert loc["logicalLocations"][0]["fullyQualifiedName"] == f.pointer
    first_ra101 = next(r for r in run["results"] if r["ruleId"] == "RA101")
    assert first_ra101["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 64,
        "startColumn": 9,
        "endLine": 64,
        "endColumn": 28,
    }
    assert first_ra101["locations"][0]["logicalLocations"][0]["name"] == "t-highway-billboard"


def test_uris_are_relative_to_the_working_folder(monkeypatch):
    monkeypatch.chdir(EXAMPLES.parent.parent)
    for given in ("./examples/plans/random-acts.yaml", str(RAM.resolve())):
        (run,) = sarif(audit_paths([given]))["runs"]
        (artifact,) = run["artifacts"]
        assert artifact["location"] == {
            "uri": "examples/plans/random-acts.yaml",
            "uriBaseId": "%SRCROOT%",
        }
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
        }
        assert uris == {"examples/plans/random-acts.yaml"}


@pytest.mark.parametrize(
    ("severity", "level"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "note")],
)
def test_severity_maps_to_level(severity, level):
    result = audit_yaml(
        "plan: {name: P}\ntactics: [{id: t}]\n",
        Config(select=("RA202",), severity={"RA202": severity}),
    )
    (run,) = sarif([result])["runs"]
    (res,) = run["results"]
    assert res["level"] == level


def test_fingerprints_survive_edits_above_the_finding():
    plan = textwrap.dedent("""\
        plan: {name: P}
        goals: [{id: g}]
        objectives: [{id: o, goals: g, kpis: [{metric: leads, target: 5}]}]
        tactics:
          - id: t-orphan
          - {id: t-ok, objectives: o, kpis: [{metric: leads, target: 1}]}
        """)
    before = audit_yaml(plan)
    after = audit_yaml(
        "# a comment\n\n" + plan.replace("plan: {name: P}", "plan:\n  name: P\n  owner: Dana")
    )

    def prints(result):
        (run,) = sarif([result])["runs"]
        return {
            (r["ruleId"], r["partialFingerprints"][FINGERPRINT_KEY]): r["locations"][0][
                "physicalLocation"
            ]["region"]["startLine"]
            for r in run["results"]
        }

    a, b = prints(before), prints(after)
    orphan = [k for k in a if k[0] == "RA101"]
    assert orphan and set(orphan) <= set(b)
    assert all(b[k] == a[k] + 4 for k in orphan)  # the line moved, the fingerprint did not
    assert len({k[1] for k in a}) == len(a)  # distinct findings, distinct fingerprints


def test_unreadable_file_is_a_notification_not_a_result(tmp_path):
    missing = tmp_path / "missing.yaml"
    (run,) = sarif(audit_paths([missing, RAM]))["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "no such file" in note["message"]["text"]
    assert all("missing.yaml" not in json.dumps(r["locations"]) for r in run["results"])
    (run,) = sarif(audit_paths([RAM]))["runs"]
    assert run["invocations"][0] == {"executionSuccessful": True, "toolExecutionNotifications": []}


def test_cli_writes_sarif_to_a_file(tmp_path, validator):
    out = tmp_path / "ramaudit.sarif"
    result = CliRunner().invoke(app, ["check", str(EXAMPLES), "-f", "sarif", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    validator.validate(json.loads(out.read_text(encoding="utf-8")))


def run_doc(*args: str) -> dict:
    return json.loads(CliRunner().invoke(app, ["check", *args, "-f", "sarif"]).stdout)


def fingerprints(run: dict) -> list[tuple[str, str]]:
    return [(r["ruleId"], r["partialFingerprints"][FINGERPRINT_KEY]) for r in run["results"]]


FUNNEL = textwrap.dedent("""\
    plan: {name: P}
    goals: [{id: g}]
    objectives: [{id: o, goals: g, kpis: [{metric: leads, target: 5}]}]
    tactics:
      - {id: t-ads, objectives: o, stage: awareness}
    """)


def test_findings_at_the_same_spot_get_different_fingerprints():
    (run,) = sarif([audit_yaml(FUNNEL)])["runs"]
    gaps = [r for r in run["results"] if r["ruleId"] == "RA303"]
    assert len(gaps) == 3  # education, conversion, retention, all at 'tactics'
    assert len({r["partialFingerprints"][FINGERPRINT_KEY] for r in gaps}) == 3


def test_inserting_an_item_above_keeps_fingerprints(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "p.yaml"
    plan.write_text(FUNNEL + "  - {id: t-orphan, stage: education}\n")
    before = fingerprints(run_doc("p.yaml")["runs"][0])
    plan.write_text(
        FUNNEL.replace("tactics:\n", "tactics:\n  - {id: t-new, objectives: o}\n")
        + "  - {id: t-orphan, stage: education}\n"
    )
    after = fingerprints(run_doc("p.yaml")["runs"][0])
    orphan = [f for f in before if f[0] == "RA101"]
    assert orphan and set(orphan) <= set(after)


def test_fail_under_is_a_notification_and_fails_the_invocation(tmp_path, monkeypatch, validator):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(FUNNEL)
    doc = run_doc("p.yaml", "--fail-under", "99")
    validator.validate(doc)
    (invocation,) = doc["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "fail-under"
    assert note["message"]["text"].endswith("is below fail-under 99")
    location = note["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "p.yaml"
    doc = run_doc("p.yaml", "--fail-under", "1")
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_uris_are_normalised_and_encoded(tmp_path, monkeypatch):
    folder = tmp_path / "my plans"
    folder.mkdir()
    (folder / "a,b:c%.yaml").write_text(FUNNEL)
    monkeypatch.chdir(folder)
    for given in ("a,b:c%.yaml", "./a,b:c%.yaml", "../my plans/a,b:c%.yaml"):
        (run,) = run_doc(given)["runs"]
        assert run["artifacts"] == [
            {"location": {"uri": "a%2Cb%3Ac%25.yaml", "uriBaseId": "%SRCROOT%"}}
        ], given
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/my%20plans/")
    monkeypatch.chdir(tmp_path)
    (run,) = run_doc("my plans/a,b:c%.yaml")["runs"]
    assert run["artifacts"][0]["location"]["uri"] == "my%20plans/a%2Cb%3Ac%25.yaml"


def test_no_two_results_share_a_fingerprint_even_with_duplicate_ids(tmp_path, monkeypatch):
    # Two tactics with one id get the same findings; two copies of a plan get the same
    # findings too. Code scanning merges results with one fingerprint into one alert.
    monkeypatch.chdir(tmp_path)
    plan = textwrap.dedent("""\
        plan: {name: P}
        tactics:
          - {id: t-dup, name: One}
          - {id: t-dup, name: Two}
        """)
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(plan)
    first = run_doc("a.yaml", "b.yaml")["runs"][0]
    prints = [fp for _, fp in fingerprints(first)]
    assert len(prints) == len(set(prints)) == len(first["results"])
    codes = [r["ruleId"] for r in first["results"]]
    assert len(codes) > len(set(codes))  # the plan does repeat findings
    assert fingerprints(run_doc("a.yaml", "b.yaml")["runs"][0]) == fingerprints(first)  # stable


def test_unreadable_file_is_located_at_its_line_and_described(tmp_path, monkeypatch, validator):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nul.yaml").write_bytes(b"plan:\n  name: x\x00\n")
    (tmp_path / "bad.yaml").write_text("plan: [\n")
    doc = run_doc("nul.yaml", "bad.yaml")
    validator.validate(doc)
    (run,) = doc["runs"]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "nul.yaml"
    assert location["region"] == {"startLine": 2}
    descriptors = run["tool"]["driver"]["notifications"]
    assert descriptors[note["descriptor"]["index"]]["id"] == note["descriptor"]["id"]
    # a plan that does not parse is a result where the parser stopped
    (syntax,) = run["results"]
    assert syntax["ruleId"] == "RA001"
    where = syntax["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == "bad.yaml" and where["region"]["startLine"] >= 1
