"""`--format junit`: read back with junitparser, a real JUnit consumer."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from junitparser import Error, Failure, JUnitXml
from typer.testing import CliRunner

from conftest import EXAMPLES, audit_yaml
from junit_shapes import shape_errors
from ramaudit.api import audit_paths
from ramaudit.cli import app
from ramaudit.core.findings import FAIL_LEVELS
from ramaudit.report import RenderOptions, render

RAM = EXAMPLES / "random-acts.yaml"


def parse(text: str):
    """The suites, one per file, read back by junitparser."""
    xml = JUnitXml.fromstring(text.encode("utf-8"))  # bytes, as a CI service reads the file
    assert isinstance(xml, JUnitXml)  # a <testsuites> root
    return list(xml)


def failing(result, fail_on):
    level = FAIL_LEVELS[fail_on]
    return [] if level is None else [f for f in result.findings if f.severity.rank >= level.rank]


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_one_suite_per_file_and_one_case_per_failing_finding(fail_on):
    results = audit_paths([EXAMPLES])
    suites = parse(render("junit", results, RenderOptions(fail_on=fail_on)))
    assert [s.name for s in suites] == [r.path for r in results]
    for suite, result in zip(suites, results, strict=True):
        expected = sorted(failing(result, fail_on), key=lambda f: f.sort_key)
        cases = list(suite)
        assert {c.classname for c in cases} == {result.path}
        if not expected:  # still one case, passing, so that the file shows
            (case,) = cases
            assert case.is_passed and case.result == []
            assert suite.tests == 1 and suite.failures == 0
        else:
            assert len(cases) == len(expected) == suite.tests == suite.failures
            for case, f in zip(cases, expected, strict=True):
                (failure,) = case.result  # exactly one, as the Ant schema wants
                assert isinstance(failure, Failure)
                assert (failure.type, failure.message) == (f.code, f.message)
                assert case.name.startswith(f"{f.code} {f.line}:{f.column}")
        assert suite.errors == 0
        others = [f for f in result.findings if f not in expected]
        out = suite._elem.findtext("system-out") or ""  # junitparser reads it on cases only
        assert len(out.splitlines()) == len(others)
        for f in others:
            assert f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity.value}]" in out


def test_two_findings_at_one_place_are_two_cases_with_two_names():
    result = audit_yaml("""
        plan: {name: P}
        tactics: [{id: t}, {id: t}]
        """)
    (suite,) = parse(render("junit", [result], RenderOptions()))
    names = [c.name for c in suite]
    assert len(names) == len(set(names)) == suite.tests


def test_failure_text_locates_the_finding():
    (suite,) = parse(render("junit", audit_paths([RAM]), RenderOptions()))
    case = next(c for c in suite if c.result[0].type == "RA101")
    assert case.name == "RA101 64:9" and case.classname == str(RAM)
    assert case.result[0].text.startswith(f"{RAM}:64:9: RA101 [error] ")
    assert "ramaudit rule RA101" in case.result[0].text


def test_clean_file_is_a_passing_case():
    result = audit_yaml("""
        plan: {name: P}
        goals: [{id: g}]
        """)
    (suite,) = parse(render("junit", [result], RenderOptions(fail_on="never")))
    (case,) = list(suite)
    assert case.is_passed and case.result == []
    assert case.name == "no findings at fail-on never"


def test_unreadable_file_is_an_error(tmp_path):
    missing = tmp_path / "missing.yaml"
    suites = parse(render("junit", audit_paths([missing, RAM]), RenderOptions()))
    (case,) = list(suites[0])
    (error,) = case.result
    assert isinstance(error, Error) and "no such file" in error.message
    assert suites[0].errors == 1 and suites[0].tests == 1
    assert suites[1].errors == 0 and suites[1].failures == suites[1].tests > 1


def test_characters_xml_cannot_hold_are_made_visible():
    result = audit_yaml('plan: {name: P}\ntactics: [{id: "t\\x01bad"}]\n')
    text = render("junit", [result], RenderOptions())
    (suite,) = parse(text)  # would raise on a raw control character
    assert any("t\\x01bad" in (r.message or "") for case in suite for r in case.result)


def test_cli_writes_junit_and_respects_fail_on(tmp_path):
    out = tmp_path / "junit.xml"
    result = CliRunner().invoke(
        app, ["check", str(RAM), "-f", "junit", "-o", str(out), "--fail-on", "warning"]
    )
    assert result.exit_code == 1
    (suite,) = parse(out.read_text(encoding="utf-8"))
    types = {r.type for case in suite for r in case.result}
    assert "RA101" in types and "RA202" in types  # an error and a warning both fail


def test_each_plan_fails_by_its_own_fail_on(tmp_path, monkeypatch):
    # Two folders, two configurations: the report and the exit code agree per plan.
    monkeypatch.chdir(tmp_path)
    warn_only = "plan: {name: P}\ngoals: [{id: g}]\n"  # RA103 and other warnings
    for folder, fail_on in (("strict", "warning"), ("lax", "error")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / ".ramaudit.toml").write_text(f'fail-on = "{fail_on}"\n')
        (tmp_path / folder / "p.yaml").write_text(warn_only)
    result = CliRunner().invoke(app, ["check", "lax/p.yaml", "strict/p.yaml", "-f", "junit"])
    assert result.exit_code == 1
    lax, strict = parse(result.stdout)
    assert lax.failures == 0 and strict.failures > 0
    result = CliRunner().invoke(app, ["check", "lax/p.yaml", "-f", "junit"])
    assert result.exit_code == 0 and parse(result.stdout)[0].failures == 0


def test_fail_under_and_invalid_yaml_are_failures(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text("plan: {name: P}\ngoals: [{id: g}]\n")
    (tmp_path / "b.yaml").write_text("plan: [\n")
    result = CliRunner().invoke(
        app,
        ["check", "p.yaml", "b.yaml", "-f", "junit", "--fail-on", "never", "--fail-under", "50"],
    )
    assert result.exit_code == 1
    plan, broken = parse(result.stdout)
    (low,) = list(plan)
    assert low.name == "fail-under" and low.result[0].type == "fail-under"
    assert low.result[0].message.endswith("is below fail-under 50")
    assert [c.result[0].type for c in broken] == ["RA001", "fail-under"]
    assert broken.failures == 2


def test_attributes_fit_the_jenkins_and_ant_schemas(tmp_path):
    (tmp_path / "bad.yaml").write_text("plan: [\n")
    results = audit_paths([EXAMPLES, tmp_path / "missing.yaml", tmp_path / "bad.yaml"])
    text = render("junit", results, RenderOptions(fail_on="info"))
    assert shape_errors(text) == []
    if shutil.which("xmllint"):
        proc = subprocess.run(
            ["xmllint", "--noout", "-"], input=text.encode(), capture_output=True, check=False
        )
        assert proc.returncode == 0, proc.stderr


def test_shape_check_catches_what_the_schemas_reject():
    # What ramaudit wrote before: `file` on a case, attributes on the root, two
    # failures in one case, output inside a case, no properties in the suite.
    bad = (
        '<testsuites name="r" skipped="0"><testsuite name="r" tests="1" failures="0" '
        'errors="0"><testcase name="p" file="p.yaml"><failure type="A"/><failure type="B"/>'
        "<system-out>x</system-out></testcase></testsuite></testsuites>"
    )
    errors = shape_errors(bad)
    assert "jenkins: testsuites may not have skipped" in errors
    assert "ant: testsuites may not have name" in errors
    assert "jenkins: testcase may not have file" in errors
    assert "ant: testsuite needs timestamp" in errors
    assert "ant: testsuite holds ['testcase']" in errors
    assert any(e.startswith("ant: testcase holds ['failure', 'failure'") for e in errors)
    empty = '<testsuites><testsuite name="r" tests="0"><properties/></testsuite></testsuites>'
    assert "jenkins: properties needs a property" in shape_errors(empty)
