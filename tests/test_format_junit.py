"""`--format junit`: read back with junitparser, a real JUnit consumer."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from junitparser import Error, Failure, JUnitXml
from lxml import etree
from typer.testing import CliRunner

from conftest import EXAMPLES, audit_yaml
from ramaudit.api import audit_paths
from ramaudit.cli import app
from ramaudit.findings import FAIL_LEVELS
from ramaudit.report import RenderOptions, render

RAM = EXAMPLES / "random-acts.yaml"


def parse(text: str):
    xml = JUnitXml.fromstring(text.encode("utf-8"))  # bytes, as a CI service reads the file
    assert isinstance(xml, JUnitXml)  # a <testsuites> root
    (suite,) = list(xml)
    return suite


def failing(result, fail_on):
    level = FAIL_LEVELS[fail_on]
    return [] if level is None else [f for f in result.findings if f.severity.rank >= level.rank]


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_one_case_per_file_and_one_failure_per_failing_finding(fail_on):
    results = audit_paths([EXAMPLES])
    suite = parse(render("junit", results, RenderOptions(fail_on=fail_on)))
    cases = list(suite)
    assert [c.name for c in cases] == [r.path for r in results]
    assert suite.tests == len(results)
    failed_files = 0
    for case, result in zip(cases, results, strict=True):
        expected = sorted(failing(result, fail_on), key=lambda f: f.sort_key)
        failures = [r for r in case.result if isinstance(r, Failure)]
        assert [(f.type, f.message) for f in failures] == [(f.code, f.message) for f in expected]
        others = [f for f in result.findings if f not in expected]
        out = case.system_out or ""
        assert len(out.splitlines()) == len(others)
        for f in others:
            assert f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity.value}]" in out
        failed_files += bool(expected)
    assert suite.failures == failed_files
    assert suite.errors == 0


def test_failure_text_locates_the_finding():
    suite = parse(render("junit", audit_paths([RAM]), RenderOptions()))
    (case,) = list(suite)
    first = next(r for r in case.result if isinstance(r, Failure) and r.type == "RA101")
    assert first.text.startswith(f"{RAM}:64:9: RA101 [error] ")
    assert "ramaudit rule RA101" in first.text


def test_clean_file_is_a_passing_case():
    result = audit_yaml("""
        plan: {name: P}
        goals: [{id: g}]
        """)
    suite = parse(render("junit", [result], RenderOptions(fail_on="never")))
    (case,) = list(suite)
    assert case.is_passed and case.result == []


def test_unreadable_file_is_an_error(tmp_path):
    missing = tmp_path / "missing.yaml"
    suite = parse(render("junit", audit_paths([missing, RAM]), RenderOptions()))
    case = next(iter(suite))
    (error,) = case.result
    assert isinstance(error, Error) and "no such file" in error.message
    assert suite.errors == 1 and suite.tests == 2


def test_characters_xml_cannot_hold_are_made_visible():
    result = audit_yaml('plan: {name: P}\ntactics: [{id: "t\\x01bad"}]\n')
    text = render("junit", [result], RenderOptions())
    suite = parse(text)  # would raise on a raw control character
    (case,) = list(suite)
    assert any("t\\x01bad" in (r.message or "") for r in case.result)


def test_cli_writes_junit_and_respects_fail_on(tmp_path):
    out = tmp_path / "junit.xml"
    result = CliRunner().invoke(
        app, ["check", str(RAM), "-f", "junit", "-o", str(out), "--fail-on", "warning"]
    )
    assert result.exit_code == 1
    (case,) = list(parse(out.read_text(encoding="utf-8")))
    types = {r.type for r in case.result}
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
    lax, strict = list(parse(result.stdout))
    assert lax.is_passed and not strict.is_passed
    result = CliRunner().invoke(app, ["check", "lax/p.yaml", "-f", "junit"])
    assert result.exit_code == 0 and next(iter(parse(result.stdout))).is_passed


def test_fail_under_and_invalid_yaml_are_failures(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text("plan: {name: P}\ngoals: [{id: g}]\n")
    (tmp_path / "b.yaml").write_text("plan: [\n")
    result = CliRunner().invoke(
        app,
        ["check", "p.yaml", "b.yaml", "-f", "junit", "--fail-on", "never", "--fail-under", "50"],
    )
    assert result.exit_code == 1
    suite = parse(result.stdout)
    assert suite.failures == 2
    plan, broken = list(suite)
    (low,) = plan.result
    assert low.type == "fail-under" and low.message.endswith("is below fail-under 50")
    assert [r.type for r in broken.result] == ["RA001", "fail-under"]


# The constraints of the two common JUnit schemas on what ramaudit writes, encoded here
# (the schema files are not vendored): Jenkins' junit-10.xsd (xunit plugin) and the
# Ant-style junit.xsd. Per element: attributes allowed, attributes required.
JENKINS = {
    "testsuites": ({"name", "time", "tests", "failures", "errors"}, set()),
    "testsuite": (
        {"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp"}
        | {"hostname", "id", "package", "file", "log", "url"},
        {"name", "tests", "failures", "errors"},
    ),
    "testcase": ({"name", "time", "classname", "group"}, {"name"}),
    "failure": ({"type", "message"}, set()),
    "error": ({"type", "message"}, set()),
    "system-out": (set(), set()),
}
ANT = {  # the Ant shape, on the suite, its cases and their results
    "testsuite": (
        {"name", "timestamp", "hostname", "tests", "failures", "errors", "skipped", "time"}
        | {"package", "id"},
        {"name", "timestamp", "hostname", "tests", "failures", "errors", "time", "package", "id"},
    ),
    "testcase": ({"name", "classname", "time"}, {"name", "classname", "time"}),
    "failure": ({"type", "message"}, {"type"}),
    "error": ({"type", "message"}, {"type"}),
}
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?")
ANT_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
INTEGER = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def shape_errors(text: str) -> list[str]:
    root = etree.fromstring(text.encode("utf-8"))
    errors = []
    for element in root.iter():
        for name, shape in (("jenkins", JENKINS), ("ant", ANT)):
            if element.tag not in shape:
                continue
            allowed, required = shape[element.tag]
            for attr in set(element.attrib) - allowed:
                errors.append(f"{name}: {element.tag} may not have {attr}")
            for attr in required - set(element.attrib):
                errors.append(f"{name}: {element.tag} needs {attr}")
        for attr, value in element.attrib.items():
            if element.tag in ("testsuites", "testsuite") and attr == "time":
                ok = SUREFIRE_TIME.fullmatch(value) and DECIMAL.fullmatch(value)
            elif attr == "time":
                ok = DECIMAL.fullmatch(value)
            elif attr in ("tests", "failures", "errors", "skipped", "id"):
                ok = INTEGER.fullmatch(value)
            elif attr == "timestamp":
                ok = ANT_TIMESTAMP.fullmatch(value)
            elif attr in ("name", "hostname", "package", "classname"):
                ok = value.strip()  # xs:token of length 1 or more
            else:
                ok = True
            if not ok:
                errors.append(f"{element.tag} {attr}={value!r}")
    assert root.tag == "testsuites" and [c.tag for c in root] == ["testsuite"]
    return errors


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
    # The attributes ramaudit wrote before: `file` on a case, `skipped` on the root.
    bad = (
        '<testsuites name="r" skipped="0"><testsuite name="r" tests="1" failures="0" '
        'errors="0"><testcase name="p" file="p.yaml"/></testsuite></testsuites>'
    )
    errors = shape_errors(bad)
    assert "jenkins: testsuites may not have skipped" in errors
    assert "jenkins: testcase may not have file" in errors
    assert "ant: testsuite needs timestamp" in errors
