"""ramaudit.core.records.dataclass makes the classes the standard library makes: the same
__init__ signature, defaults, repr, equality, hash, frozenness, slots and pickling,
checked side by side on generated classes."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core import records

NAMES = st.lists(
    st.sampled_from(["a", "b", "self", "name", "value", "other", "x_1", "items"]),
    min_size=0,
    max_size=6,
    unique=True,
)
KINDS = st.sampled_from(["plain", "default", "factory", "no_init", "no_repr", "no_compare"])


def _build(maker: Any, spec: list[tuple[str, str]], frozen: bool, slots: bool) -> Any:
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__}
    seen_default = False
    for name, kind in spec:
        if kind == "plain" and seen_default:
            kind = "default"
        namespace["__annotations__"][name] = "int"
        if kind == "default":
            namespace[name] = 7
        elif kind == "factory":
            namespace[name] = dataclasses.field(default_factory=list)
        elif kind == "no_init":
            namespace[name] = dataclasses.field(default=3, init=False)
        elif kind == "no_repr":
            namespace[name] = dataclasses.field(default=4, repr=False)
        elif kind == "no_compare":
            namespace[name] = dataclasses.field(default=5, compare=False)
        seen_default |= kind != "plain"
    cls = type("Rec", (), namespace)
    cls.__qualname__ = "Outer.Rec"
    return maker(frozen=frozen, slots=slots)(cls)


def _args(cls: Any) -> dict[str, Any]:
    params = list(inspect.signature(cls).parameters.values())
    return {p.name: i * 10 + 1 for i, p in enumerate(params)}


@settings(max_examples=150, deadline=None)
@given(
    names=NAMES,
    kinds=st.lists(KINDS, min_size=6, max_size=6),
    frozen=st.booleans(),
    slots=st.booleans(),
)
def test_the_same_class_as_the_standard_librarys(
    names: list[str], kinds: list[str], frozen: bool, slots: bool
) -> None:
    spec = list(zip(names, kinds, strict=False))
    ours = _build(records.dataclass, spec, frozen, slots)
    theirs = _build(dataclasses.dataclass, spec, frozen, slots)
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__doc__ == theirs.__doc__
    assert ours.__match_args__ == theirs.__match_args__
    assert [f.name for f in dataclasses.fields(ours)] == [
        f.name for f in dataclasses.fields(theirs)
    ]
    assert hasattr(ours, "__slots__") == hasattr(theirs, "__slots__")
    assert (ours.__hash__ is None) == (theirs.__hash__ is None)
    kwargs = _args(theirs)
    a, b = ours(**kwargs), theirs(**kwargs)
    assert repr(a) == repr(b)
    assert [getattr(a, n, None) for n in names] == [getattr(b, n, None) for n in names]
    assert a == ours(**kwargs) and a != b and (a == b) is False
    if ours.__hash__ is not None:
        assert hash(a) == hash(ours(**kwargs))
        assert hash(a) == hash(b)
    changed = {n: 99 for n in kwargs}
    assert repr(dataclasses.replace(a, **changed)) == repr(dataclasses.replace(b, **changed))
    assert copy.copy(a) == a and copy.deepcopy(a) == a  # as pickle rebuilds it
    assert repr(copy.deepcopy(a)) == repr(a)
    for name in names:
        if frozen:
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(a, name, 1)
            with pytest.raises(dataclasses.FrozenInstanceError):
                delattr(a, name)
        else:
            setattr(a, name, 1)
            setattr(b, name, 1)
    assert repr(a) == repr(b)


@records.dataclass(frozen=True, slots=True)
class FrozenSlots:
    a: int
    b: tuple[str, ...] = ()


@records.dataclass(slots=True)
class Slots:
    a: int
    b: list[int] = dataclasses.field(default_factory=list)


@records.dataclass(frozen=True)
class Frozen:
    a: int


@pytest.mark.parametrize("record", [FrozenSlots(1, ("x",)), Slots(2, [3]), Frozen(4)])
def test_records_travel_to_worker_processes(record: Any) -> None:
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(record, protocol))
        assert back == record and repr(back) == repr(record)


def test_a_factory_gives_each_record_its_own_value_and_post_init_runs() -> None:
    @records.dataclass(frozen=True, slots=True)
    class Rec:
        items: list[int] = dataclasses.field(default_factory=list)
        total: int = dataclasses.field(default=0, init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "total", len(self.items))

    one, two = Rec(), Rec([1, 2])
    assert one.items is not Rec().items
    assert (one.total, two.total) == (0, 2)
    assert repr(two).endswith("<locals>.Rec(items=[1, 2], total=2)")


def test_a_class_keeps_its_own_methods() -> None:
    @records.dataclass(frozen=True)
    class Rec:
        a: int

        def __repr__(self) -> str:
            return "mine"

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 1

    assert (repr(Rec(1)), Rec(1) == Rec(2), hash(Rec(3))) == ("mine", True, 1)


def test_a_recursive_repr_is_cut_as_the_standard_library_cuts_it() -> None:
    @records.dataclass
    class Node:
        child: Any = None

    node = Node()
    node.child = node
    assert (
        repr(node)
        == "test_a_recursive_repr_is_cut_as_the_standard_library_cuts_it.<locals>.Node(child=...)"
    )


def test_other_options_go_to_the_standard_library() -> None:
    @records.dataclass(frozen=True, order=True)
    class Rec:
        a: int

    assert Rec(1) < Rec(2)
