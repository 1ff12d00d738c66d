"""The plan format's JSON Schema: generated from the models, committed in the
package, accepted by a real validator, and in agreement with the audit."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
from jsonschema.exceptions import best_match
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from ramaudit.api import audit
from ramaudit.cli import app
from ramaudit.core.loader import load as load_yaml
from ramaudit.core.schemas import plan_schema, plan_schema_text, shipped_schema

COMMITTED = ROOT / "src" / "ramaudit" / "data" / "plan.schema.json"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.y*ml"))
# Plans written in format 2: real ones transcribed from public sources, and the test
# plan with every key and form of the format.
FORMAT_2_FILES = [*sorted((ROOT / "tests" / "data" / "real").glob("*.yaml"))]
FORMAT_2_FILES.append(ROOT / "tests" / "data" / "v2-all-forms.yaml")
# Findings about the shape of the document: the schema should agree with these.
SHAPE_CODES = {"RA001", "RA002", "RA003"}


def read(text: str):
    """Plan text as ramaudit, editors and the schema see it: YAML 1.2, dates as text."""
    return load_yaml(text).data


def load(text: str):
    return read(textwrap.dedent(text))


@pytest.fixture(scope="module")
def validator():
    schema = plan_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_committed_schema_is_the_generated_one():
    assert COMMITTED.read_text(encoding="utf-8") == plan_schema_text(), (
        "regenerate with: ramaudit schema > src/ramaudit/data/plan.schema.json"
    )
    assert shipped_schema("plan") == plan_schema()


def test_schema_command_prints_it():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == plan_schema_text()
    assert json.loads(result.stdout)["$schema"].startswith("https://json-schema.org/")


@pytest.mark.parametrize("path", [*EXAMPLE_FILES, *FORMAT_2_FILES], ids=lambda p: p.name)
def test_examples_validate_unless_the_audit_finds_shape_errors(path: Path, validator):
    data = read(path.read_text(encoding="utf-8"))
    errors = list(validator.iter_errors(data))
    shape = [f for f in audit(path).findings if f.code in SHAPE_CODES]
    assert bool(errors) == bool(shape), (errors[:1], shape)


def test_well_formed_examples_exist_and_the_bad_typo_is_caught(validator):
    good = [p for p in EXAMPLE_FILES if p.name != "random-acts.yaml"]
    assert len(good) >= 5
    for path in good:
        validator.validate(read(path.read_text(encoding="utf-8")))
    bad = read((EXAMPLES / "random-acts.yaml").read_text(encoding="utf-8"))
    error = best_match(validator.iter_errors(bad))
    assert error is not None and "objectivs" in error.message


def test_aliases_single_ids_and_empty_lists_are_accepted(validator):
    validator.validate(
        load("""
        plan: {name: Plan, budget: 100}
        segments: [{id: smb}]
        goals:
          - id: g1
            objectives:
        objectives:
          - {id: o1, goal: g1, kpis: [{metric: leads, target: 10}]}
          - {id: o2, parent: o1, tactics: }
        tactics:
          - {id: t1, objective: o1, segments: [smb], kpis: }
          - {id: 2024, objectives: [o1, o2], segment: smb}
        """)
    )


def test_extension_keys_are_allowed_at_every_level(validator):
    validator.validate(
        load("""
        x-meta: {generated: true}
        plan: {name: Plan, x-notes: anything}
        goals: [{id: g1, x-jira: MKT-1}]
        tactics: [{id: t1, kpis: [{metric: m, x-source: ga4}]}]
        """)
    )


@pytest.mark.parametrize(
    "text",
    [
        "plan: {name: P}\nobjectives: [{id: o1, goal: g1, goals: [g2]}]\n",  # two spellings
        "plan: {name: P}\ntactics: [{id: t1, chanel: email}]\n",  # unknown key
        "plan: {name: P}\nsurprise: 1\n",  # unknown top-level key
        "plan: {owner: Dana}\n",  # name is required
        "plan: {name: P}\ntactics: [{id: t1, budget: -5}]\n",  # money is not negative
        "plan: {name: P}\ngoals: [{id: g1, type: vibes}]\n",  # goal type is an enum
        "plan: {name: P, review_cadence: hourly}\n",
    ],
)
def test_what_the_audit_rejects_the_schema_rejects(text, validator, tmp_path):
    assert list(validator.iter_errors(load(text)))
    plan = tmp_path / "p.yaml"
    plan.write_text(text)
    assert {f.code for f in audit(plan).findings} & SHAPE_CODES


def test_schema_accepts_every_spelling_the_checker_accepts():
    """Review finding: the editor schema flagged 'Monthly' and 'Market share', which
    `ramaudit check` reads without complaint."""
    import jsonschema

    from ramaudit.api import audit_text
    from ramaudit.core.schemas import plan_schema

    doc = {
        "plan": {"name": "x", "review_cadence": "Monthly"},
        "goals": [{"id": "g", "type": "Market share"}],
        "objectives": [
            {"id": "o", "goals": "g", "kpis": [{"metric": "churn", "direction": "Decrease"}]}
        ],
    }
    jsonschema.validate(doc, plan_schema())
    text = (
        "plan: {name: x, review_cadence: Monthly}\n"
        "goals: [{id: g, type: Market share}]\n"
        "objectives: [{id: o, goals: g, kpis: [{metric: churn, direction: Decrease}]}]\n"
    )
    assert not [f for f in audit_text(text).findings if f.code == "RA002"]
