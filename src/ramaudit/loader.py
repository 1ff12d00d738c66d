"""YAML to plain values, keeping every node's position.

libyaml composes the node graph (fast, in C, and it never constructs Python objects
from tags). We then build plain dicts, lists and scalars from the nodes with a
tag-to-type table, and keep the root node so that any finding can be placed at the
exact line and column of the key or value it is about (:class:`Locator`).

Problems found here (duplicate keys, unsupported tags, bad scalars, limits) become
:class:`Diagnostic` records; rules turn them into findings.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml when present; the pure-Python loader otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PathT = tuple[str | int, ...]

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _T + "str",
    _T + "int",
    _T + "float",
    _T + "bool",
    _T + "null",
    _T + "timestamp",
)
MAP, SEQ, MERGE = _T + "map", _T + "seq", _T + "merge"
_PLAIN_SCALAR_TAGS = {_T + "binary", _T + "value"}

DEFAULT_MAX_NODES = 1_000_000  # expanded size after aliases; bounds "billion laughs"
DEFAULT_MAX_DEPTH = 100  # a plan is five or six levels deep


class LoadLimitError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found while loading, before any rule runs."""

    code: str
    message: str
    line: int
    column: int
    path: PathT = ()
    end_line: int | None = None
    end_column: int | None = None


@dataclass(slots=True)
class Document:
    data: Any
    root: Node | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _pos(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


_constructor = SafeConstructor()


def _scalar_builders() -> dict[str, Callable[[ScalarNode], Any]]:
    c = _constructor
    return {
        INT: c.construct_yaml_int,
        FLOAT: c.construct_yaml_float,
        BOOL: c.construct_yaml_bool,
        NULL: lambda node: None,
        TIMESTAMP: c.construct_yaml_timestamp,
    }


_BUILDERS = _scalar_builders()


def compose(text: str) -> Node | None:
    """Compose one YAML document into nodes (raises ``yaml.YAMLError``)."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load(
    text: str,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Document:
    """Compose ``text`` and build plain values. Raises ``yaml.YAMLError`` on bad syntax
    and :class:`LoadLimitError` when the document is too large or too deep."""
    # Composing allocates many small objects; pausing the collector avoids repeated
    # full scans of a heap that only grows here.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        root = compose(text)
        if root is None:
            return Document(None, None)
        builder = _Builder(max_nodes, max_depth)
        data = builder.build(root)
        return Document(data, root, builder.diagnostics)
    finally:
        if was_enabled:
            gc.enable()


class _Builder:
    """Plain values from nodes. Aliased nodes are built once and shared, and their
    expanded size is counted, so an alias bomb is refused instead of expanded."""

    def __init__(self, max_nodes: int, max_depth: int) -> None:
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.diagnostics: list[Diagnostic] = []
        self._memo: dict[int, tuple[Any, int]] = {}
        self._total = 0

    def build(self, root: Node) -> Any:
        value, size = self._node(root, 0, ())
        self._total = size
        return value

    def _diag(self, code: str, message: str, node: Node, path: PathT) -> None:
        line, col = _pos(node)
        end = node.end_mark
        self.diagnostics.append(
            Diagnostic(code, message, line, col, path, end.line + 1, end.column + 1)
        )

    def _node(self, node: Node, depth: int, path: PathT) -> tuple[Any, int]:
        cls = node.__class__
        if cls is ScalarNode:
            tag = node.tag
            if tag == STR:
                return node.value, 1
            builder = _BUILDERS.get(tag)
            if builder is None:
                if tag not in _PLAIN_SCALAR_TAGS and not tag.startswith(_T + "str"):
                    self._diag("RA002", f"tag {_short(tag)} is not allowed in a plan; "
                               "ramaudit reads its value as plain text", node, path)
                return node.value, 1
            try:
                return builder(node), 1
            except (ConstructorError, ValueError, OverflowError) as exc:
                reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                self._diag("RA002", f"cannot read {node.value[:40]!r} as "
                           f"{tag.rsplit(':', 1)[-1]}: {reason}", node, path)
                return node.value, 1

        key = id(node)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        if depth >= self.max_depth:
            line, col = _pos(node)
            raise LoadLimitError(
                f"nesting deeper than {self.max_depth} levels; a plan is only a few levels deep",
                line, col)
        if cls is SequenceNode:
            if node.tag != SEQ:
                self._diag("RA002", f"tag {_short(node.tag)} is not allowed in a plan; "
                           "ramaudit reads it as a plain list", node, path)
            out: list[Any] = []
            size = 1
            for i, child in enumerate(node.value):
                value, n = self._node(child, depth + 1, (*path, i))
                out.append(value)
                size += n
        else:
            if node.tag != MAP:
                self._diag("RA002", f"tag {_short(node.tag)} is not allowed in a plan; "
                           "ramaudit reads it as a plain mapping", node, path)
            out, size = self._mapping(node, depth, path)  # type: ignore[assignment]
        if size > self.max_nodes:
            line, col = _pos(node)
            raise LoadLimitError(
                f"document expands to more than {self.max_nodes:,} values through aliases "
                "(an alias bomb?); raise --max-nodes if the plan is really this large",
                line, col)
        result = (out, size)
        self._memo[key] = result
        return result

    def _mapping(self, node: MappingNode, depth: int, path: PathT) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        size = 1
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                self._diag("RA002", "a key must be plain text, not a list or mapping",
                           key_node, path)
                continue
            if key_node.tag == MERGE:
                merges.append(value_node)
                continue
            key = key_node.value
            if key.startswith("x-"):  # user extensions are the user's business
                continue
            if key in out:
                self._diag("RA003", f"key '{key}' appears twice in this mapping; "
                           "YAML keeps only one of them, so merge the two", key_node, path)
                continue
            value, n = self._node(value_node, depth + 1, (*path, key))
            out[key] = value
            size += n
        if merges:
            size += self._merge(out, merges, depth, path)
        return out, size

    def _merge(self, out: dict[str, Any], merges: list[Node], depth: int, path: PathT) -> int:
        """YAML merge keys (``<<: *defaults``): explicit keys win, then earlier sources."""
        size = 0
        sources: list[Node] = []
        for value_node in merges:
            if value_node.__class__ is SequenceNode:
                sources.extend(value_node.value)
            else:
                sources.append(value_node)
        for src in sources:
            if src.__class__ is not MappingNode:
                self._diag("RA002", "a merge key (<<) needs a mapping or a list of mappings",
                           src, path)
                continue
            value, n = self._node(src, depth + 1, path)
            size += n
            for k, v in value.items():
                out.setdefault(k, v)
        return size


def _short(tag: str) -> str:
    return "!!" + tag[len(_T):] if tag.startswith(_T) else tag


class Locator:
    """Finds the node behind a logical path such as ``("tactics", 3, "objectives", 0)``."""

    def __init__(self, root: Node | None) -> None:
        self.root = root

    def node(self, path: PathT, *, key: bool = False) -> Node | None:
        node = self.root
        if node is None:
            return None
        last = len(path) - 1
        for i, part in enumerate(path):
            if isinstance(node, MappingNode) and isinstance(part, str):
                found = _find_key(node, part)
                if found is None:
                    return node
                key_node, value_node = found
                if key and i == last:
                    return key_node
                node = value_node
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return node
                node = node.value[part]
            else:
                return node
        return node

    def position(self, path: PathT, *, key: bool = False) -> tuple[int, int, int, int]:
        """``(line, column, end_line, end_column)``, 1-based; the file start if unknown."""
        node = self.node(path, key=key)
        if node is None:
            return 1, 1, 1, 1
        s, e = node.start_mark, node.end_mark
        return s.line + 1, s.column + 1, e.line + 1, e.column + 1


_ALIASES = {"goals": ("goal",), "objectives": ("objective",), "parents": ("parent",),
            "segment": ("segments",)}


def _find_key(node: MappingNode, name: str) -> tuple[Node, Node] | None:
    names = (name, *_ALIASES.get(name, ()))
    for candidate in names:
        for key_node, value_node in node.value:
            if key_node.__class__ is ScalarNode and key_node.value == candidate:
                return key_node, value_node
    for key_node, value_node in node.value:  # keys that came in through a merge
        if key_node.__class__ is ScalarNode and key_node.tag == MERGE:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for src in sources:
                if isinstance(src, MappingNode):
                    found = _find_key(src, name)
                    if found is not None:
                        return found
    return None


YAMLError = yaml.YAMLError
