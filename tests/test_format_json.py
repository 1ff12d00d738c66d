"""`--format json` against its published JSON Schema (shipped in the package)."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.api import audit_paths
from ramaudit.cli import app
from ramaudit.core.schemas import shipped_schema
from ramaudit.report import RenderOptions, render

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.y*ml"))


def closed(schema):
    """The schema with every described object closed to undocumented keys, so that
    a key added to the output without documenting it fails here. (The shipped schema
    stays open: within a version, keys may be added.)"""
    schema = copy.deepcopy(schema)

    def visit(node):
        if isinstance(node, dict):
            if "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return schema


@pytest.fixture(scope="module")
def validators():
    schema = shipped_schema("results")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema), jsonschema.Draft202012Validator(closed(schema))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_validates(path, validators):
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code in (0, 1)
    doc = json.loads(result.stdout)
    for validator in validators:
        validator.validate(doc)


def test_all_examples_and_an_unreadable_file_in_one_document(validators, tmp_path):
    bad_yaml = tmp_path / "broken.yaml"
    bad_yaml.write_text("plan:\n  name: 'open\n")
    results = audit_paths([EXAMPLES, tmp_path / "missing.yaml", bad_yaml])
    doc = json.loads(render("json", results, RenderOptions()))
    for validator in validators:
        validator.validate(doc)
    missing = doc["files"][-2]
    assert missing["error"] and missing["score"] is None and missing["findings"] == []
    broken = doc["files"][-1]
    assert broken["score"] is None and broken["findings"][0]["code"] == "RA001"


def test_schema_catches_a_broken_document(validators):
    validator, _ = validators
    doc = json.loads(render("json", audit_paths([EXAMPLES / "random-acts.yaml"]), RenderOptions()))
    doc["files"][0]["findings"][0]["line"] = 0
    assert list(validator.iter_errors(doc))
    del doc["summary"]
    assert list(validator.iter_errors(doc))


def test_fail_under_and_unreadable_counts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text("plan: {name: P}\ngoals: [{id: g}]\n")
    result = CliRunner().invoke(app, ["check", "p.yaml", "missing.yaml", "-f", "json"])
    doc = json.loads(result.stdout)
    assert [f["fail_under"] for f in doc["files"]] == [None, None]
    assert doc["summary"]["files"] == 2 and doc["summary"]["unreadable"] == 1
    result = CliRunner().invoke(app, ["check", "p.yaml", "-f", "json", "--fail-under", "90"])
    assert result.exit_code == 1
    (file,) = json.loads(result.stdout)["files"]
    score = file["score"]["total"]
    assert file["fail_under"] == {"threshold": 90.0, "score": score, "passed": False}
    result = CliRunner().invoke(app, ["check", "p.yaml", "-f", "json", "--fail-under", "0"])
    assert json.loads(result.stdout)["files"][0]["fail_under"]["passed"] is True
