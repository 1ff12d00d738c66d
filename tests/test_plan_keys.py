"""The plan's keys and their second spellings are declared once, in the model, and the
loader below it is plain YAML: it knows no plan words, no spellings and no rule codes;
the rules decide which of them reports each kind of problem it finds, and in what words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import audit_yaml
from ramaudit.core import loader
from ramaudit.core.loader import IssueKind, LoadIssue, Locator, load
from ramaudit.core.model import (
    EXAMPLES,
    LINK_KINDS,
    LINKS,
    SPELLINGS,
    Objective,
    Tactic,
    field_names,
)
from ramaudit.core.schemas import plan_schema
from ramaudit.rules import BY_CODE, REPORTERS, describe

LOADER = Path(loader.__file__).read_text(encoding="utf-8")


def test_the_loader_holds_no_rule_code_no_plan_word_and_no_key_spelling():
    assert not re.search(r"\bRA\d", LOADER)
    for word in ("plan", "tactic", "goal", "objective", "segment", "kpi", "budget"):
        assert not re.search(rf"\b{word}", LOADER, re.IGNORECASE), word
    assert '"x-"' not in LOADER


def test_each_kind_of_loader_issue_is_reported_by_exactly_one_rule():
    claims = [
        (kind, rule.code)
        for rule in BY_CODE.values()
        for kind in getattr(rule, "issues", frozenset())
    ]
    assert sorted(kind for kind, _ in claims) == sorted(IssueKind)
    assert {kind: code for kind, code in claims} == {k: r.code for k, r in REPORTERS.items()}
    assert {REPORTERS[IssueKind.DUPLICATE_KEY].code, REPORTERS[IssueKind.TOO_DEEP].code} == {
        "RA003",
        "RA006",
    }


@pytest.mark.parametrize("kind", list(IssueKind))
def test_every_kind_of_issue_has_words(kind):
    issue = LoadIssue(
        kind, 1, 1, tag="tag:yaml.org,2002:int", node="scalar", text="k", reason="why", limit=5
    )
    message = describe(issue)
    assert message and "{" not in message and message == message.strip()


def test_each_spelling_is_a_name_the_model_reads_its_key_under():
    for model, keys in ((Tactic, ("objectives", "segment")), (Objective, ("goals", "parents"))):
        for key in keys:
            choices = model.model_fields[key].validation_alias.choices  # type: ignore[union-attr]
            assert tuple(choices) == (key, *SPELLINGS[key])
    assert set(SPELLINGS) <= set(LINKS)
    every = {*field_names(Tactic), *field_names(Objective)}
    assert {s for spelt in SPELLINGS.values() for s in spelt} <= every


def test_each_spelling_of_a_link_names_the_kind_its_key_names_and_has_an_example():
    for key, others in SPELLINGS.items():
        for spelling in (key, *others):
            assert LINK_KINDS[spelling] == LINKS[key]
            assert EXAMPLES[spelling] == EXAMPLES[key]


def test_the_json_schema_offers_the_spellings_the_model_reads():
    tactic = plan_schema()["$defs"]["Tactic"]["properties"]
    assert {"objectives", "objective", "segment", "segments"} <= set(tactic)


def test_the_locator_follows_a_spelling_only_when_it_is_given_one():
    doc = load("items:\n  - name: a\n    link: b\n")
    assert Locator(doc.root).position(("items", 0, "links"))[:2] == (2, 5)  # the item
    spelt = Locator(doc.root, {"links": ("link",)})
    assert spelt.position(("items", 0, "links"))[:2] == (3, 11)
    assert spelt.position(("items", 0, "links"), key=True)[:2] == (3, 5)


def test_a_finding_about_a_link_is_placed_where_the_plan_writes_its_second_spelling():
    result = audit_yaml(
        """
        plan: {name: Plan}
        objectives:
          - id: o1
            goal: g9
        """
    )
    (dangling,) = [f for f in result.findings if f.code == "RA005"]
    assert (dangling.line, dangling.column, dangling.pointer) == (4, 11, "objectives[0].goals[0]")
