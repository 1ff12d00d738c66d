"""`ramaudit rules` and `ramaudit rule CODE`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ramaudit.cli import app
from ramaudit.report.rule_docs import UnknownRule, catalogue, find_rule
from ramaudit.rules import ALL_RULES, BY_CODE

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_rules_table_lists_every_rule_once():
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "SUMMARY"]
    body = lines[1:]
    assert [line.split()[0] for line in body] == [r.code for r in ALL_RULES]
    for line, rule in zip(body, ALL_RULES, strict=True):
        code, name, severity = line.split()[:3]
        assert (code, name, severity) == (rule.code, rule.name, rule.severity.value)
        assert line.endswith(rule.summary())
    # The summary column starts at the same place on every line.
    starts = {line.index(rule.summary()) for line, rule in zip(body, ALL_RULES, strict=True)}
    assert len(starts) == 1


def test_rules_json_is_a_list_of_objects():
    result = run("rules", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)
    assert rules == catalogue()
    assert [r["code"] for r in rules] == [r.code for r in ALL_RULES]
    for entry in rules:
        assert set(entry) == {"code", "name", "severity", "summary"}
        assert entry["severity"] in ("error", "warning", "info")
        assert entry["summary"]


@pytest.mark.parametrize("query", ["RA101", "ra101", "orphan-tactic", " Orphan-Tactic "])
def test_rule_accepts_code_or_name(query):
    result = run("rule", query)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# RA101 orphan-tactic\n")
    for heading in (
        "## What it does",
        "## Why it matters",
        "## Example",
        "## Use instead",
        "## How to fix",
    ):
        assert heading in out
    assert out.count("```yaml") == 2
    assert "Default severity: error" in out


def test_rule_json():
    result = run("rule", "RA003", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["code"] == "RA003" and doc["name"] == "duplicate-key"
    assert doc["summary"] == BY_CODE["RA003"].summary()
    assert "## Use instead" in doc["explanation"]


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("RA1011", "did you mean RA101 (orphan-tactic)?"),
        ("RA1O1", "did you mean RA101 (orphan-tactic)?"),
        ("orphan-tactics", "did you mean RA101 (orphan-tactic)?"),
        ("RA1", "codes starting with RA1 are RA101"),
    ],
)
def test_unknown_rule_exits_2_with_a_suggestion(query, hint):
    result = run("rule", query)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert hint in result.stderr
    assert "'ramaudit rules' lists every rule" in result.stderr


def test_unknown_rule_without_a_close_match():
    with pytest.raises(UnknownRule) as info:
        find_rule("zebra")
    assert "did you mean" not in str(info.value)
    assert run("rule", "zebra").exit_code == 2


@pytest.mark.parametrize(
    ("word", "expected"),
    [("RA1O1", "RA101"), ("ra10l", "RA101"), ("orphan-tactik", "orphan-tactic"), ("zebra", None)],
)
def test_every_did_you_mean_gives_the_same_answer(tmp_path, word, expected):
    from ramaudit.config.files import did_you_mean
    from ramaudit.core.suggest import closest
    from ramaudit.rules import ALL_RULES

    names = [r.code for r in ALL_RULES] + [r.name for r in ALL_RULES]
    assert closest(word, names) == expected
    assert did_you_mean(word, names) == (f"; did you mean '{expected}'?" if expected else "")
    config = run("check", str(tmp_path), "--select", word)
    assert config.exit_code == 2
    assert (f"did you mean '{expected}'?" in config.stderr) is (expected is not None)
    if expected is not None:
        assert f"did you mean {find_rule(expected).code} " in run("rule", word).stderr
