"""Every kind of single-change mistake over the example plans gets a message that
names the item it is about and holds none of the validation library's jargon.

The mistakes are generated, not written by hand: for each item (the plan block,
segments, goals, objectives, tactics, KPIs, nested ones included) and each of its
fields, delete it (required fields included), give it a value of each other type
(list, mapping, text, number, true/false, empty), misspell its key; rename each
section; misspell each id a link names. Every mistake of a rare kind is run, and a
fixed sample of the rest, so that the test stays fast and always runs the same plans.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES
from ramaudit.api import audit_text
from ramaudit.core.findings import format_pointer
from ramaudit.core.loader import load

# Words of pydantic, of Python and of the YAML parser that must never reach a user.
JARGON = (
    "instance of",
    "Value error",
    "value error",
    "Input should",
    "input should",
    "input is too short",
    "valid dictionary",
    "should have at least",
    "after validation",
    "string_type",
    "float_parsing",
    "float_type",
    "_parsing",
    "literal_error",
    "extra_forbidden",
    "model_type",
    "dict_type",
    "list_type",
    "NoneType",
    "<class",
    "pydantic",
    "Traceback",
    "(got ",
    "Datetimes provided",
    "while parsing",
    "while scanning",
)

NEW_TYPES: dict[str, Any] = {
    "list": ["a", "b"],
    "mapping": {"a": 1},
    "text": "some text",
    "number": 7,
    "bool": True,
    "null": None,
}
LINK_KEYS = ("objectives", "objective", "goals", "goal", "parents", "parent", "segment", "segments")
SECTIONS = ("segments", "goals", "objectives", "tactics")
SECTION_RENAMES = {
    "segments": "audiences",
    "goals": "goalz",
    "objectives": "okrs",
    "tactics": "campaigns",
}
# Mistakes of these kinds are few and all run; of the others a sample.
SAMPLE = 500


class Item:
    """Where an item stands: its path, its kind, and the words that name it."""

    def __init__(self, path: tuple[Any, ...], kind: str, raw: dict[str, Any], owner: Any):
        self.path, self.kind, self.raw, self.owner = path, kind, raw, owner

    def names(self, mutated_key: str | None) -> list[str]:
        """Texts one of which a message about this item must hold."""
        if self.kind == "plan":
            return ["plan"]
        if self.kind == "KPI":
            metric = self.raw.get("metric")
            owner = self.owner.names(None)
            if mutated_key != "metric" and isinstance(metric, str):
                return [f"KPI '{metric}'", *owner]
            return ["KPI", *owner]
        item_id = self.raw.get("id")
        if mutated_key != "id" and isinstance(item_id, str):
            return [f"{self.kind} '{item_id}'"]
        return [self.kind]


def _items(data: dict[str, Any]) -> Iterator[Item]:
    if isinstance(data.get("plan"), dict):
        yield Item(("plan",), "plan", data["plan"], None)
    for section in SECTIONS:
        for i, raw in enumerate(data.get(section) or []):
            yield from _item((section, i), section[:-1], raw, None)


def _item(path: tuple[Any, ...], kind: str, raw: Any, owner: Item | None) -> Iterator[Item]:
    if not isinstance(raw, dict):
        return
    item = Item(path, kind, raw, owner)
    yield item
    for i, kpi in enumerate(raw.get("kpis") or []):
        if isinstance(kpi, dict):
            yield Item((*path, "kpis", i), "KPI", kpi, item)
    nested = {"goal": "objectives", "objective": "tactics"}.get(kind)
    if nested:
        for i, child in enumerate(raw.get(nested) or []):
            yield from _item((*path, nested, i), nested[:-1], child, item)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _misspell(key: str) -> str:
    return key[:-2] + key[-1] if len(key) > 3 else key + "x"


class Mistake:
    """One change to one example plan, made on a copy when the test runs."""

    def __init__(self, plan: str, kind: str, item: Item | None, key: str | None, change: Any):
        self.plan, self.kind, self.item, self.key, self._change = plan, kind, item, key, change

    @property
    def group(self) -> tuple[str, str]:
        """The kind of item and the kind of change ("tactic", "as list")."""
        words = self.kind.split()
        if words[0] in ("delete", "misspell") and words[-1] == self.key:
            change = words[0]
        elif " as " in self.kind:
            change = "as " + words[-1]
        else:
            change = " ".join(words[:-1])  # "misspell the id in", "rename section"
        return (self.item.kind if self.item else "section", change)

    def data(self) -> Any:
        return self._change(copy.deepcopy(_PLANS[self.plan]))


def _delete(path: tuple[Any, ...], key: str) -> Any:
    def change(data: Any) -> Any:
        del _at(data, path)[key]
        return data

    return change


def _retype(path: tuple[Any, ...], key: str, value: Any) -> Any:
    def change(data: Any) -> Any:
        _at(data, path)[key] = copy.deepcopy(value)
        return data

    return change


def _rekey(path: tuple[Any, ...], key: str) -> Any:
    def change(data: Any) -> Any:
        target = _at(data, path)
        target[_misspell(key)] = target.pop(key)
        return data

    return change


def _relink(path: tuple[Any, ...], key: str) -> Any:
    def change(data: Any) -> Any:
        target = _at(data, path)
        links = target[key]
        target[key] = [f"{x}x" for x in links] if isinstance(links, list) else f"{links}x"
        return data

    return change


def _rename(section: str) -> Any:
    def change(data: Any) -> Any:
        new = SECTION_RENAMES.get(section, "plann")
        return {(new if k == section else k): v for k, v in data.items()}

    return change


def _mistakes(name: str, data: dict[str, Any]) -> Iterator[Mistake]:
    for item in _items(data):
        for key in list(item.raw):
            if key in ("kpis", "objectives", "tactics") and item.kind in ("goal", "objective"):
                continue  # nested items: changed as items of their own
            path = item.path
            yield Mistake(name, f"delete {key}", item, key, _delete(path, key))
            for type_name, value in NEW_TYPES.items():
                yield Mistake(name, f"{key} as {type_name}", item, key, _retype(path, key, value))
            yield Mistake(name, f"misspell {key}", item, key, _rekey(path, key))
            if key in LINK_KEYS:
                yield Mistake(name, f"misspell the id in {key}", item, None, _relink(path, key))
    for section in (*SECTIONS, "plan"):
        if section in data:
            yield Mistake(name, f"rename section {section}", None, None, _rename(section))


_PLANS = {
    path.name: load(path.read_text(encoding="utf-8")).data
    for path in sorted(EXAMPLES.glob("*.yaml"))
}


def _chosen() -> list[Mistake]:
    """The first mistake of each group in each plan, plus a fixed sample of the rest."""
    every = [m for name, data in _PLANS.items() for m in _mistakes(name, data)]
    first: dict[tuple[str, str, str], Mistake] = {}
    for m in every:
        first.setdefault((m.plan, *m.group), m)
    chosen = set(map(id, first.values()))
    rest = [m for m in every if id(m) not in chosen]
    sample = random.Random(9).sample(rest, min(SAMPLE, len(rest)))
    return [*first.values(), *sample]


def _messages(data: Any) -> set[tuple[str, str, str]]:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    result = audit_text(text, "plan.yaml")
    assert result.error is None
    return {(f.code, f.pointer, f.message) for f in result.findings}


_BASE: dict[str, set[tuple[str, str, str]]] = {}


def _base(name: str) -> set[tuple[str, str, str]]:
    if name not in _BASE:
        _BASE[name] = _messages(_PLANS[name])
    return _BASE[name]


def _under(pointer: str, item: Item) -> bool:
    """Whether a finding's pointer is the item's or inside it."""
    base = format_pointer(item.path)
    return pointer == base or pointer.startswith((base + ".", base + "["))


MISTAKES = _chosen()


def test_the_generated_mistakes_cover_every_kind_of_change_and_item():
    groups = {m.group for m in MISTAKES}
    changes = {change for _, change in groups}
    assert {"delete", "misspell", "misspell the id in", "rename section"} <= changes
    assert {f"as {t}" for t in NEW_TYPES} <= changes
    items = {kind for kind, _ in groups}
    assert items == {"plan", "segment", "goal", "objective", "tactic", "KPI", "section"}
    assert 300 <= len(MISTAKES) <= 1500  # fast, yet many


@pytest.mark.parametrize("chunk", range(4))
def test_every_message_about_a_mistake_names_its_item_in_plain_words(chunk):
    failures: list[str] = []
    checked = 0
    for m in MISTAKES[chunk::4]:
        new = _messages(m.data()) - _base(m.plan)
        for _code, pointer, message in sorted(new):
            for word in JARGON:
                if word in message:
                    failures.append(f"{m.plan} / {m.kind}: jargon {word!r}: {message}")
            if m.item is None or not _under(pointer, m.item):
                continue
            checked += 1
            if not any(n in message for n in m.item.names(m.key)):
                failures.append(
                    f"{m.plan} / {m.kind}: does not name {m.item.names(m.key)}: {message}"
                )
    assert not failures, "\n".join(failures[:40])
    assert checked > 50  # the check above did look at messages


def test_a_renamed_section_is_never_scored_as_if_its_items_did_not_exist():
    renamed = [
        m
        for m in MISTAKES
        if m.kind.startswith("rename section") and m.kind != "rename section plan"
    ]
    assert renamed
    for m in renamed:
        result = audit_text(yaml.safe_dump(m.data(), sort_keys=False), "plan.yaml")
        assert result.score is None, (m.plan, m.kind)
        assert any("not read" in f.message for f in result.findings), (m.plan, m.kind)
