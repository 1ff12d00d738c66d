"""Indented JSON text, as ``json.dumps(doc, indent=N, ensure_ascii=False,
default=...)`` writes it, without its pure-Python encoder.

With an indent the standard library never uses its C encoder: it walks the document
with nested generators, one ``yield`` per key, value and separator, which costs a
``check --format json`` of a 10,000-tactic plan (5,000 findings) a tenth of a second.
This writer makes each container's text with one ``join`` and encodes each string
with the library's own C function, so the text is the same byte for byte (the tests
compare the two on random documents). What it does not know (a ``sort_keys``, a
circular document) stays with ``json.dumps``: :func:`dumps` is only called for what
:func:`ramaudit.report.escape.json_text` asks.
"""

from __future__ import annotations

import json.encoder
from collections.abc import Callable
from typing import Any

# The C encoder of one string (its pure-Python twin where the C module is missing),
# exactly what json.dumps uses with ensure_ascii=False.
_string = json.encoder.encode_basestring
_INFINITY = float("inf")


def _float(value: float) -> str:
    # json's own spelling: repr, and the JavaScript names of the non-finite values.
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A key as json.dumps writes it: text as it is, numbers, true/false and null
    spelt as JSON does."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


class _Writer:
    def __init__(
        self,
        indent: str,
        default: Callable[[Any], object] | None,
        string: Callable[[str], str],
    ) -> None:
        self.indent = indent
        self.default = default
        self.string = string
        self.keys: dict[str, str] = {}

    def value(self, value: Any, newline: str) -> str:
        """``value`` as JSON, its lines after the first starting with ``newline``
        (a line break and the current indentation)."""
        kind = type(value)
        if kind is str:
            return self.string(value)
        if kind is dict:
            return self.mapping(value, newline)
        if kind is list or kind is tuple:
            return self.sequence(value, newline)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if kind is int:
            return int.__repr__(value)
        if kind is float:
            return _float(value)
        return self.other(value, newline)

    def other(self, value: Any, newline: str) -> str:
        """Subclasses and the rest, tested in the order json's encoder tests them."""
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float):
            return _float(value)
        if isinstance(value, list | tuple):
            return self.sequence(value, newline)
        if isinstance(value, dict):
            return self.mapping(value, newline)
        if self.default is None:
            raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")
        return self.value(self.default(value), newline)

    def mapping(self, mapping: dict[Any, Any], newline: str) -> str:
        if not mapping:
            return "{}"
        inner = newline + self.indent
        value, string, keys = self.value, self.string, self.keys
        parts: list[str] = []
        append = parts.append
        for key, item in mapping.items():
            # The same few keys recur in every record (a finding's eleven, thousands
            # of times): each is encoded once. Text, null and ints, most values, are
            # written here rather than through value().
            text = keys.get(key) if type(key) is str else None
            if text is None:
                text = self.key(key)
            kind = type(item)
            if kind is str:
                append(text + ": " + string(item))
            elif item is None:
                append(text + ": null")
            elif kind is int:
                append(text + ": " + int.__repr__(item))
            else:
                append(text + ": " + value(item, inner))
        return "{" + inner + ("," + inner).join(parts) + newline + "}"

    def key(self, key: Any) -> str:
        """A key's text, kept for the next mapping when it is a str."""
        if type(key) is str:
            text = self.keys[key] = self.string(key)
            return text
        return self.string(key if isinstance(key, str) else _key(key))

    def sequence(self, items: list[Any] | tuple[Any, ...], newline: str) -> str:
        if not items:
            return "[]"
        inner = newline + self.indent
        value = self.value
        parts = [value(item, inner) for item in items]
        return "[" + inner + ("," + inner).join(parts) + newline + "]"


def encode_string(text: str) -> str:
    """One string as json.dumps(ensure_ascii=False) writes it."""
    return _string(text)


def dumps(
    doc: Any,
    indent: int,
    default: Callable[[Any], object] | None = None,
    string: Callable[[str], str] = encode_string,
) -> str:
    """``json.dumps(doc, indent=indent, ensure_ascii=False, default=default)`` for a
    document that holds no container twice on one branch (json.dumps would refuse it
    as circular; here it would recurse until Python stops it). ``string`` encodes each
    string, key or value: json's own encoding, or that and more escapes."""
    return _Writer(" " * indent, default, string).value(doc, "\n")
