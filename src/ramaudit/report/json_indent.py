"""``json.dumps(doc, indent=..., ensure_ascii=False, default=...)``, faster.

The standard library's C encoder does not indent: with ``indent`` set, ``json.dumps``
runs its pure-Python encoder, a chain of generators, one per level of nesting, that
yields every piece of the text through all the levels above it. The SARIF log of a
10,000-tactic plan (5,600 results) spent 1.5 s there, two thirds of its rendering.
:func:`dumps` writes the same text in one pass of plain recursion, with the same C
function escaping the strings; whatever it does not handle the way ``json.dumps``
does (a key that is not text, a circular reference, an object ``default`` cannot
turn into JSON) it hands to ``json.dumps`` itself, which then answers, or raises,
exactly as before. tests/test_json_indent.py holds it to ``json.dumps``.
"""

from __future__ import annotations

from collections.abc import Callable
from json import dumps as _json_dumps
from json.encoder import encode_basestring
from typing import Any

_INFINITY = float("inf")
_int_text = int.__repr__
_float_repr = float.__repr__


class _Unhandled(Exception):
    """Left to json.dumps, which raises the error it always raised."""


def _float_text(value: float) -> str:
    # As json's encoder writes them (allow_nan, the default).
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return _float_repr(value)


def _scalar_text(value: Any) -> str | None:
    """A value's JSON text when it is not a container, None when it is one (or needs
    ``default``); in the order json's encoder tests the types."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, float):
        return _float_text(value)
    return None


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float_text(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return encode_basestring(_int_text(key))
    raise _Unhandled  # json raises TypeError for it


class _Writer:
    __slots__ = ("default", "parts", "unit")

    def __init__(self, unit: str, default: Callable[[Any], object] | None) -> None:
        self.unit = unit
        self.default = default
        self.parts: list[str] = []

    def value(self, value: Any, pad: str, depth: int) -> None:
        text = _scalar_text(value)
        if text is not None:
            self.parts.append(text)
        elif isinstance(value, list | tuple):
            self.array(value, pad, depth)
        elif isinstance(value, dict):
            self.object(value, pad, depth)
        else:
            if self.default is None or depth > 200:
                raise _Unhandled  # json raises TypeError, or finds the circle
            self.value(self.default(value), pad, depth + 1)

    def array(self, values: list[Any] | tuple[Any, ...], pad: str, depth: int) -> None:
        if not values:
            self.parts.append("[]")
            return
        if depth > 200:
            raise _Unhandled  # deep enough to be a circle: json says so
        inner = pad + self.unit
        parts = self.parts
        separator = "[" + inner
        for item in values:
            text = _scalar_text(item)
            if text is not None:
                parts.append(separator + text)
            else:
                parts.append(separator)
                self.value(item, inner, depth + 1)
            separator = "," + inner
        parts.append(pad + "]")

    def object(self, mapping: dict[Any, Any], pad: str, depth: int) -> None:
        if not mapping:
            self.parts.append("{}")
            return
        if depth > 200:
            raise _Unhandled
        inner = pad + self.unit
        parts = self.parts
        separator = "{" + inner
        for key, item in mapping.items():
            text = _scalar_text(item)
            if text is not None:
                parts.append(f"{separator}{_key_text(key)}: {text}")
            else:
                parts.append(f"{separator}{_key_text(key)}: ")
                self.value(item, inner, depth + 1)
            separator = "," + inner
        parts.append(pad + "}")


def dumps(doc: Any, *, indent: int | str, default: Callable[[Any], object] | None) -> str:
    """``json.dumps(doc, indent=indent, ensure_ascii=False, default=default)``."""
    writer = _Writer(" " * indent if isinstance(indent, int) else indent, default)
    try:
        writer.value(doc, "\n", 0)
    except (_Unhandled, RecursionError):
        return _json_dumps(doc, indent=indent, ensure_ascii=False, default=default)
    return "".join(writer.parts)
