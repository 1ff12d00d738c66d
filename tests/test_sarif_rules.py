"""The SARIF rule descriptors stored in :mod:`ramaudit.report.sarif_rules`: generated
from the rule declarations, and the splice of them into a document gives exactly the
document made whole (the slow path)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from ramaudit.api import audit_paths, audit_text
from ramaudit.report import RenderOptions, sarif_rules
from ramaudit.report.escape import json_text
from ramaudit.report.sarif import (
    RULES_SLOT,
    document,
    render,
    rules_json,
    rules_key,
    rules_module_text,
    stored_rules_json,
)
from ramaudit.rules import ALL_RULES

REGENERATE = "regenerate with: python -m ramaudit.report.sarif"


def slow(results, cwd=None):
    """The document made whole, rules and all, as render made it before the store."""
    return json_text(document(results, cwd))


def test_stored_descriptors_are_the_generated_ones():
    assert rules_key(ALL_RULES) == sarif_rules.KEY, REGENERATE
    assert rules_json(ALL_RULES) == sarif_rules.RULES_JSON, REGENERATE
    module = Path(sarif_rules.__file__).read_text(encoding="utf-8")
    assert module == rules_module_text(ALL_RULES), REGENERATE
    assert stored_rules_json() == sarif_rules.RULES_JSON


def test_render_equals_the_whole_document(tmp_path):
    results = audit_paths([EXAMPLES, tmp_path / "missing.yaml"])
    assert render(results, RenderOptions()) == slow(results)
    cwd = str(EXAMPLES.parent)
    assert render(results, RenderOptions(extra={"cwd": cwd})) == slow(results, cwd)


def test_stale_descriptors_are_not_used(monkeypatch):
    # Declarations changed since the store was generated: a run makes its own.
    monkeypatch.setattr(sarif_rules, "KEY", "stale")
    monkeypatch.setattr(sarif_rules, "RULES_JSON", "[]")
    assert stored_rules_json() is None
    results = audit_paths([EXAMPLES / "random-acts.yaml"])
    assert render(results, RenderOptions()) == slow(results)


def plan_with(text: str) -> str:
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return textwrap.dedent(
        f"""\
        plan:
          name: "{quoted}"
        goals:
          - id: g-1
        tactics:
          - id: "{quoted}"
            name: "{quoted}"
        """
    )


@pytest.mark.parametrize(
    "text",
    [RULES_SLOT, f'"{RULES_SLOT}"', f"\n{RULES_SLOT}\n", "\u202e\x1b[2J\u2028", "tab\there"],
)
def test_plan_text_like_the_slot_or_escaped_leaves_the_document_as_it_was(text):
    result = audit_text(plan_with(text), path=f"{text}.yaml")
    assert render([result], RenderOptions()) == slow([result])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(codec="utf-8"), max_size=30))
def test_any_plan_text_leaves_the_document_as_it_was(text):
    result = audit_text(plan_with(text), path="plan.yaml")
    assert render([result], RenderOptions()) == slow([result])
