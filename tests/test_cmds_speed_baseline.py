"""The baseline's quick ways (config/baseline.py) against the general ones they
replace: the message key, the entry JSON, the key order, item pointers found when a
finding asks, and the check of an existing baseline before it is overwritten."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from ramaudit.api import audit_paths
from ramaudit.config import baseline as bl
from ramaudit.config.baseline import Baseline, BaselineError, Key
from ramaudit.core.findings import format_pointer

# The message key as first specified, in one pass: each quote (found with the
# lookbehind first, as first written) kept, each number outside quotes made '#'.
_KEYED = re.compile(r"((?<!\w)'[^']*'(?!\w))|\d+(?:[.,:/-]\d+)*")


def message_key_reference(message: str) -> str:
    kept = _KEYED.sub(lambda m: m.group(1) or "#", message)
    return " ".join(kept.split())


MESSAGE_PIECES = st.one_of(
    st.sampled_from([*"'' a_Z9.,:/-  \t\n", "é", "字", "٣", "\u00b2", "''", "'a'", "x'", "1.2"]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=3),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(MESSAGE_PIECES, max_size=20).map("".join))
def test_message_key_is_the_reference_key(message: str) -> None:
    assert bl.message_key(message) == message_key_reference(message)


def test_real_messages_keep_their_quotes() -> None:
    message = "tactic 't-000517' links to objective 'o-missing-517' costing 1,200 USD"
    assert (
        bl.message_key(message)
        == "tactic 't-000517' links to objective 'o-missing-517' costing # USD"
    )
    assert bl.message_key(message) == message_key_reference(message)


VALUES = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
    st.text(st.sampled_from([*'"\\\n\t\x00\x1f\x7f', "é", "\u2028", "\ud7ff"]), max_size=8),
    st.integers(-(10**30), 10**30),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
)


@settings(max_examples=500, deadline=None)
@given(VALUES, VALUES, VALUES, st.one_of(st.none(), VALUES), VALUES, VALUES)
def test_entry_json_is_what_json_dumps_writes(code, count, item, message, pointer, rule) -> None:
    entry: dict[str, Any] = {
        "code": code,
        "count": count,
        "item": item,
        "pointer": pointer,
        "rule": rule,
    }
    if message is not None:
        entry["message"] = message
    expected = json.dumps(entry, sort_keys=True, ensure_ascii=False)
    assert bl.entry_json(code, count, item, message, pointer, rule) == expected


FIELD = st.text(st.sampled_from("ab/.[]0"), max_size=3)
KEYS = st.lists(st.builds(Key, FIELD, FIELD, FIELD, FIELD, FIELD), max_size=30, unique=True)


@settings(max_examples=300, deadline=None)
@given(KEYS)
def test_keys_sort_by_their_fields_as_by_their_order(keys: list[Key]) -> None:
    assert sorted(keys, key=bl._fields) == sorted(keys)


class EagerIdentities:
    """Identities as first written: every item's pointer made up front."""

    def __init__(self, result: Any) -> None:
        self.prefixes: dict[str, list[str]] = {}
        if result.plan is not None:
            for item in result.plan.items():
                self.prefixes.setdefault(item.id, []).append(format_pointer(item.path))

    def __call__(self, finding: Any) -> bl.Identity:
        pointer, item = finding.pointer, finding.item or ""
        inside = [
            p
            for p in self.prefixes.get(item, ())
            if pointer == p or pointer.startswith((p + ".", p + "["))
        ]
        best = max(inside, key=len, default="")  # the first of the longest
        if best:
            pointer = pointer[len(best) :].lstrip(".")
        return bl.Identity(finding.code, item, pointer, message_key_reference(finding.message))


PLANS = sorted(EXAMPLES.glob("*.yaml")) + sorted((Path(__file__).parent / "golden").rglob("*.yaml"))


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_identities_found_when_asked_are_those_made_up_front(plan: Path) -> None:
    for result in audit_paths([plan], keep_plans=True):
        lazy, eager = bl.Identities(result), EagerIdentities(result)
        for finding in result.findings:
            assert lazy(finding) == eager(finding)


def test_identities_of_a_file_without_a_plan_keep_the_pointer(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan: [\n")
    for result in audit_paths([broken], keep_plans=True):
        for finding in result.findings:
            assert bl.Identities(result)(finding).pointer == finding.pointer


ENTRY = st.one_of(
    st.fixed_dictionaries(
        {"code": st.sampled_from(["RA101", "RA001", "RA205"])},
        optional={
            "count": st.one_of(st.integers(-2, 3), st.text(max_size=2), st.none()),
            "item": st.one_of(st.text(max_size=3), st.none(), st.integers()),
            "pointer": st.one_of(st.text(max_size=3), st.none()),
            "message": st.one_of(st.text("a1' ", max_size=8), st.integers(), st.none()),
            "rule": st.one_of(st.text(max_size=3), st.integers()),
        },
    ),
    st.none(),
    st.integers(),
    st.lists(st.integers(), max_size=2),
    st.just({}),
)
DOCS = st.fixed_dictionaries(
    {
        "files": st.one_of(
            st.dictionaries(st.text(max_size=3), st.lists(ENTRY, max_size=3), max_size=3),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
            st.none(),
        )
    },
    optional={
        "tool": st.sampled_from(["ramaudit", "other"]),
        "version": st.sampled_from([1, 2, True]),
    },
)


def outcome(text: str, keyed: bool) -> str | None:
    try:
        Baseline.loads(text, "b.json", keyed=keyed)
    except BaselineError as exc:
        return str(exc)
    return None


@settings(max_examples=400, deadline=None)
@given(DOCS)
def test_an_unkeyed_check_fails_exactly_where_a_load_does(doc: dict) -> None:
    text = json.dumps(doc)
    assert outcome(text, keyed=False) == outcome(text, keyed=True)


def test_a_keyed_load_keys_messages_and_an_unkeyed_one_does_not() -> None:
    text = json.dumps(
        {
            "version": 1,
            "tool": "ramaudit",
            "files": {"p.yaml": [{"code": "RA101", "message": "m 1"}]},
        }
    )
    assert [k.message for k in Baseline.loads(text).counts] == ["m #"]
    assert [k.message for k in Baseline.loads(text, keyed=False).counts] == [""]


def test_a_regenerated_baseline_is_the_one_written_before(tmp_path: Path) -> None:
    plan = EXAMPLES / "random-acts.yaml"
    results = audit_paths([plan], keep_plans=True)
    target = tmp_path / "baseline.json"
    bl.write_baseline(results, target)
    first = target.read_text()
    bl.write_baseline(results, target)  # over an existing baseline: checked, not keyed
    assert target.read_text() == first
    loaded = Baseline.load(target)
    assert loaded.counts == Counter(bl.Baseline.from_results(results, target).counts)


def applied(results: list, base: Baseline) -> list:
    import copy

    out = [copy.copy(r) for r in results]
    base.apply(out)
    return [(r.findings, r.baseline.to_dict() if r.baseline else None) for r in out]


@pytest.mark.parametrize("edit", [("", ""), ("1", "7"), ("a", "b")])
def test_messages_keyed_when_read_match_as_those_keyed_again(tmp_path: Path, edit) -> None:
    plan = EXAMPLES / "random-acts.yaml"
    results = audit_paths([plan], keep_plans=True)
    target = tmp_path / "baseline.json"
    bl.write_baseline(results, target)
    # Messages with other numbers or words: some keyed when read, some not.
    doc = json.loads(target.read_text())
    for entries in doc["files"].values():
        for entry in entries:
            if "message" in entry:
                entry["message"] = entry["message"].replace(*edit)
    target.write_text(json.dumps(doc))
    cached = Baseline.load(target)
    assert cached.keyed == {m: bl.message_key(m) for m in cached.keyed}
    general = Baseline.load(target)
    general.keyed.clear()
    assert applied(results, cached) == applied(results, general)
