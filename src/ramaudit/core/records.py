"""``dataclass`` as the standard library's, made at about half the cost.

Python 3.11 and 3.12 compile each method a dataclass gets (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, a frozen class's ``__setattr__`` and ``__delattr__``) from
source text of its own: a frozen class with slots costs about five million
instructions to make, and a small ``check`` makes some sixty of ramaudit's own, a
large part of what ramaudit adds to its dependencies' start-up. This decorator lets
the standard library collect the fields (and make the slots), compiles ``__init__``
alone (it must have the fields' signature, and it runs for every record made) and
makes the other methods as closures over the field names, which need no compile. From
Python 3.13, whose dataclasses compile every method in one go, it is the standard
library's decorator itself.

The methods behave as the standard library's 3.11 and 3.12: the same ``__init__``
signature and defaults, ``repr`` text, tuple comparison and hash, and frozen classes
refuse assignment with :class:`dataclasses.FrozenInstanceError`
(``tests/test_records.py`` compares the two on generated classes). Only what
ramaudit's records use is offered (``frozen``, ``slots``, fields with ``default``,
``default_factory``, ``init``, ``repr``, ``compare``, ``__post_init__``); any other
option goes to the standard library's decorator unchanged.
"""

import dataclasses
import inspect
import reprlib
import sys
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, fields
from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_: object) -> object:
        return lambda f: f


# Python 3.13 compiles a dataclass's methods in one go: the standard library's is as quick.
FAST = sys.version_info < (3, 13)


class _HasDefaultFactory:
    # The default of an __init__ argument whose field has a default_factory, as the
    # standard library's own sentinel is: private to each module that makes records.
    def __repr__(self) -> str:
        return "<factory>"


_HAS_DEFAULT_FACTORY = _HasDefaultFactory()


@dataclass_transform(field_specifiers=(dataclasses.field, Field))
def dataclass(
    cls: "type[T] | None" = None,
    /,
    *,
    frozen: bool = False,
    slots: bool = False,
    **options: "Any",
) -> "Any":
    """``dataclasses.dataclass(cls, frozen=..., slots=...)``, made faster; any other
    option is handed to the standard library's decorator."""

    def wrap(klass: "type[T]") -> "type[T]":
        if options or not FAST or not _plain(klass):
            made: type[T] = dataclasses.dataclass(klass, frozen=frozen, slots=slots, **options)
            return made
        return _make(klass, frozen, slots)

    return wrap if cls is None else wrap(cls)


def _plain(cls: type) -> bool:
    """Whether ``cls`` uses nothing beyond what :func:`_make` writes: no InitVar, no
    keyword-only fields."""
    for name, annotation in inspect.get_annotations(cls).items():
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if "InitVar" in text or "KW_ONLY" in text:
            return False
        value = cls.__dict__.get(name)
        if isinstance(value, Field) and value.kw_only is True:
            return False
    return True


def _make(cls: type, frozen: bool, slots: bool) -> "Any":
    own = cls.__dict__
    has_doc = own.get("__doc__") is not None
    class_hash = own.get("__hash__", MISSING)
    explicit_hash = not (class_hash is MISSING or (class_hash is None and "__eq__" in own))
    if frozen:
        for name in ("__setattr__", "__delattr__"):
            if name in own:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    if not has_doc:
        cls.__doc__ = "-"  # the standard library would work it out before __init__ exists
    made: Any = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    wanted = [
        name
        for name in ("__init__", "__repr__", "__eq__")
        if name not in own  # the class's own methods stay, as in the standard library
    ]
    if frozen:
        wanted += ["__setattr__", "__delattr__"]
    if frozen and not explicit_hash:
        wanted.append("__hash__")
    for name, function in _methods(made, frozen, wanted).items():
        function.__qualname__ = f"{made.__qualname__}.{name}"
        setattr(made, name, function)
    if not frozen and not explicit_hash:
        made.__hash__ = None  # eq without frozen: unhashable
    if frozen and slots:
        if "__getstate__" not in own:
            made.__getstate__ = _getstate
        if "__setstate__" not in own:
            made.__setstate__ = _setstate
    if not has_doc:
        try:
            text = str(inspect.signature(made)).replace(" -> None", "")
        except (TypeError, ValueError):
            text = ""
        made.__doc__ = made.__name__ + text
    return made


def _methods(cls: type, frozen: bool, wanted: list[str]) -> "dict[str, Callable[..., Any]]":
    """The methods named in ``wanted``. Only ``__init__`` is compiled (it must have the
    fields' signature, and runs for every record made); the rest are closures over the
    field names, which cost no compile."""
    every = fields(cls)
    names = tuple(f.name for f in every)
    made: dict[str, Callable[..., Any]] = {}
    if "__init__" in wanted:
        made["__init__"] = _compiled_init(cls, every, frozen)
    if "__repr__" in wanted:
        made["__repr__"] = reprlib.recursive_repr()(_repr(tuple(f.name for f in every if f.repr)))
    compared = _values([f.name for f in every if f.compare])
    if "__eq__" in wanted:

        def __eq__(self: object, other: object) -> "Any":
            if other.__class__ is self.__class__:
                return compared(self) == compared(other)
            return NotImplemented

        made["__eq__"] = __eq__
    if "__hash__" in wanted:
        hashed = _values([f.name for f in every if (f.compare if f.hash is None else f.hash)])

        def __hash__(self: object) -> int:
            return hash(hashed(self))

        made["__hash__"] = __hash__
    if frozen:

        def __setattr__(self: object, name: str, value: object) -> None:
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

        def __delattr__(self: object, name: str) -> None:
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)  # type: ignore[arg-type]

        made["__setattr__"], made["__delattr__"] = __setattr__, __delattr__
    return made


def _values(names: list[str]) -> "Callable[[object], tuple[Any, ...]]":
    """The tuple of the named fields' values, as the standard library compares them."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    many: Callable[[object], tuple[Any, ...]] = attrgetter(*names)
    return many


def _repr(names: "tuple[str, ...]") -> "Callable[[object], str]":
    def __repr__(self: object) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _compiled_init(cls: type, every: "tuple[Field[Any], ...]", frozen: bool) -> "Any":
    me = "__dataclass_self__" if any(f.name == "self" for f in every) else "self"
    scope: dict[str, Any] = {
        "__dataclass_builtins_object__": object,
        "_HAS_DEFAULT_FACTORY": _HAS_DEFAULT_FACTORY,
    }
    source = _init(cls, every, frozen, me, scope)
    text = f"def __create_fn__({', '.join(scope)}):\n{source} return __init__\n"
    namespace: dict[str, Any] = {}
    module = sys.modules.get(cls.__module__)
    exec(text, module.__dict__ if module is not None else {}, namespace)
    return namespace["__create_fn__"](**scope)


def _init(
    cls: type, every: "tuple[Field[Any], ...]", frozen: bool, me: str, scope: "dict[str, Any]"
) -> str:
    params: list[str] = [me]
    lines: list[str] = []
    seen_default = False
    for f in every:
        scope[f"_type_{f.name}"] = f.type
        default = f"_dflt_{f.name}"
        if f.init:
            if f.default is MISSING and f.default_factory is MISSING:
                if seen_default:
                    raise TypeError(f"non-default argument {f.name!r} follows default argument")
                params.append(f"{f.name}:_type_{f.name}")
            else:
                seen_default = True
                marker = "_HAS_DEFAULT_FACTORY" if f.default is MISSING else default
                params.append(f"{f.name}:_type_{f.name}={marker}")
        if f.default_factory is not MISSING:
            scope[default] = f.default_factory
            value = (
                f"{default}() if {f.name} is _HAS_DEFAULT_FACTORY else {f.name}"
                if f.init
                else f"{default}()"
            )
        elif f.init:
            if f.default is not MISSING:
                scope[default] = f.default
            value = f.name
        elif "__slots__" in cls.__dict__ and f.default is not MISSING:
            scope[default] = f.default
            value = default
        else:
            continue  # the class attribute holds the default
        if frozen:
            lines.append(f"  __dataclass_builtins_object__.__setattr__({me},{f.name!r},{value})")
        else:
            lines.append(f"  {me}.{f.name}={value}")
    if hasattr(cls, "__post_init__"):
        lines.append(f"  {me}.__post_init__()")
    body = "\n".join(lines) or "  pass"
    return f" def __init__({','.join(params)}) -> None:\n{body}\n"


# Each record class's field names, for pickling: ``fields()`` made anew for each of
# the tens of thousands of findings and links worker processes send was most of it.
_FIELD_NAMES: "dict[type, tuple[str, ...]]" = {}


def _names(cls: type) -> "tuple[str, ...]":
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _getstate(self: object) -> list[object]:
    return [getattr(self, name) for name in _names(type(self))]


def _setstate(self: object, state: list[object]) -> None:
    for name, value in zip(_names(type(self)), state, strict=False):
        object.__setattr__(self, name, value)
