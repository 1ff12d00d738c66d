"""Every rule documents itself, and its two examples are tested: the failing one
makes that rule fire, the passing one does not. Rules added later are covered by
the parametrisation over ALL_RULES."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from ramaudit.api import audit_paths, audit_text
from ramaudit.config.effective import Config
from ramaudit.report.rule_docs import SECTIONS, explain, missing_sections
from ramaudit.rules import ALL_RULES

RULE_IDS = [r.code for r in ALL_RULES]


def codes_fired(rule, text: str) -> list[str]:
    config = replace(Config(), **rule.example_config)
    if rule.example_files:  # a rule of links across files: its example's neighbours too
        with tempfile.TemporaryDirectory() as folder:
            for name, content in {**rule.example_files, "example.yaml": text}.items():
                path = Path(folder, name)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
            (result,) = audit_paths([Path(folder, "example.yaml")], config, jobs=1)
            return [f.code for f in result.findings]
    return [f.code for f in audit_text(text, "example.yaml", config).findings]


@pytest.mark.parametrize("rule", ALL_RULES, ids=RULE_IDS)
def test_rule_has_summary_and_every_section(rule):
    doc = rule.doc()
    assert doc.summary, f"{rule.code} has no one-line summary"
    assert doc.summary.endswith("."), doc.summary
    assert missing_sections(rule) == [], f"{rule.code} lacks {missing_sections(rule)}"
    assert doc.failing_example, f"{rule.code}: '## Example' has no ```yaml block"
    assert doc.passing_example, f"{rule.code}: '## Use instead' has no ```yaml block"


@pytest.mark.parametrize("rule", ALL_RULES, ids=RULE_IDS)
def test_failing_example_fires_the_rule(rule):
    fired = codes_fired(rule, rule.doc().failing_example)
    assert rule.code in fired, (
        f"{rule.code}'s failing example only gives {fired} (a rule that needs a setting "
        "to report names it in its example_config)"
    )


@pytest.mark.parametrize("rule", ALL_RULES, ids=RULE_IDS)
def test_passing_example_keeps_the_rule_quiet(rule):
    fired = codes_fired(rule, rule.doc().passing_example)
    assert rule.code not in fired, f"{rule.code}'s passing example still fires it"


@pytest.mark.parametrize("rule", ALL_RULES, ids=RULE_IDS)
def test_explanation_carries_the_docstring(rule):
    text = explain(rule)
    assert text.startswith(f"# {rule.code} {rule.name}\n")
    assert f"Default severity: {rule.severity.value}" in text
    positions = [text.index(f"## {title}\n") for title in SECTIONS]
    assert positions == sorted(positions)
    assert rule.doc().failing_example in text and rule.doc().passing_example in text


def test_codes_and_names_are_unique_and_well_formed():
    assert len(set(RULE_IDS)) == len(RULE_IDS)
    names = [r.name for r in ALL_RULES]
    assert len(set(names)) == len(names)
    for rule in ALL_RULES:
        assert rule.code[:2] == "RA" and rule.code[2:].isdigit() and len(rule.code) == 5
        assert rule.name == rule.name.lower() and " " not in rule.name
