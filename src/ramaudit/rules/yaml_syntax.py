"""RA001, and the words for it: what the YAML parser's error means and how to fix it.

libyaml says where it gave up and what it was doing ("while parsing a block mapping
... did not find expected key"), which is the parser's view. :func:`syntax_diagnostic`
looks at the error and at the text around it to name the usual cause (a colon inside
an unquoted value, a tab, a quote or bracket never closed, a line at the wrong
indentation, a list item at the wrong level) and says in one sentence how to fix it.
An error noticed at the end of the file points at the file's last line, or at the
quote or bracket left open, never at a line past the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ramaudit.core.findings import Severity
from ramaudit.core.loader import Diagnostic, shorten
from ramaudit.core.records import dataclass
from ramaudit.rules.base import Context, DiagnosticRule, Problem


class YamlSyntax(DiagnosticRule):
    """The file is not valid YAML.

    ## What it does
    Reports the first place where the YAML parser gave up, with its line and column,
    the likely cause and how to fix it: a colon inside an unquoted value, a tab used
    for indentation, a quote or bracket that is never closed (reported where it
    opens), a line indented differently from its neighbours, a `-` list item at the
    wrong level. A plan that does not parse is not audited further and gets no
    fitness score.

    ## Why it matters
    A plan that no tool can read is a plan nobody can check: every other rule is blind
    until the file parses. Tab indentation, an unclosed quote or a stray colon are the
    usual culprits.

    ## Example
    ```yaml
    plan:
      name: "Q3 plan
    goals: []
    ```

    ## Use instead
    ```yaml
    plan:
      name: "Q3 plan"
    goals: []
    ```

    ## How to fix
    Go to the line and column reported and do what the message says; when it names
    no cause, the mistake is often on the line just before. Indent with spaces, close
    every quote and bracket, and put a value that holds `: ` or starts with a special
    character (`@`, `` ` ``, `*`, `&`, `!`, `%`) in quotes.
    """

    code = "RA001"
    name = "yaml-syntax"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Problem]:
        error = ctx.syntax_error
        if error is not None:
            yield ctx.placed(error.path, error.message, error.span)


# Line breaks as YAML counts them (libyaml's marks count these, not str.splitlines's).
_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_KEY_LINE = re.compile(r"\s*(?:-\s+)*[^\s#:'\"][^:#]*:(?:\s|$)")
_CLOSERS = {"[": "]", "{": "}"}
_FLOW_NAMES = {"[": "list", "{": "mapping"}


class _Text:
    """The plan's lines, 1-based, for looking around an error."""

    def __init__(self, text: str) -> None:
        self.lines = _BREAKS.split(text)
        if len(self.lines) > 1 and self.lines[-1] == "":
            self.lines.pop()  # the break that ends the last line starts no new one

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 1 <= n <= len(self.lines) else ""

    def char(self, line: int, col: int) -> str:
        text = self.line(line)
        return text[col - 1] if 1 <= col <= len(text) else ""

    def last(self) -> tuple[int, int]:
        """The last line that holds anything, and its last character."""
        n = len(self.lines)
        while n > 1 and not self.lines[n - 1].strip():
            n -= 1
        return n, max(1, len(self.line(n).rstrip()))

    def clamp(self, line: int, col: int) -> tuple[int, int]:
        """A position at or past the end of the text moves back to its last line."""
        last_line, last_col = self.last()
        if line > last_line or (line == last_line and col > len(self.line(line))):
            return last_line, last_col
        return line, col

    def above(self, line: int) -> tuple[int, str] | None:
        """The nearest line above ``line`` that holds YAML (not blank, not a comment)."""
        for n in range(line - 1, 0, -1):
            text = self.line(n)
            if text.strip() and not text.lstrip().startswith("#"):
                return n, text
        return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _pos(mark: Any) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def syntax_diagnostic(exc: Exception, text: str) -> Diagnostic:
    """A parser error on ``text`` in words (RA001's): where, why and what to do."""
    src = _Text(text)
    line, col, message = _explain(exc, src)
    line, col = src.clamp(line, col)
    return Diagnostic(f"invalid YAML: {message}", line, col)


Explained = tuple[int, int, str]  # line, column, message


@dataclass(frozen=True, slots=True)
class _Stop:
    """Where the parser stopped and what it said, as the explainers below read it."""

    exc: Exception
    src: _Text
    problem: str  # what the parser found
    context: str  # what it was reading when it found it
    line: int
    col: int
    char: str  # the character at line and column, if any
    opened: tuple[int, int] | None  # where what it was reading starts, if it says

    @classmethod
    def of(cls, exc: Exception, src: _Text) -> _Stop | None:
        """None when the error has no position: a character refused by the reader."""
        at = _pos(getattr(exc, "problem_mark", None))
        opened = _pos(getattr(exc, "context_mark", None))
        where = at or opened
        if where is None:
            return None
        problem = str(getattr(exc, "problem", None) or "")
        context = str(getattr(exc, "context", None) or "")
        line, col = where
        return cls(exc, src, problem, context, line, col, src.char(line, col), opened)


def _explain(exc: Exception, src: _Text) -> Explained:
    stop = _Stop.of(exc, src)
    if stop is None:
        return _reader(exc, src)
    for explainer in _EXPLAINERS:
        found = explainer(stop)
        if found is not None:
            return found
    return _unexplained(stop)


def _documents_and_anchors(stop: _Stop) -> Explained | None:
    """A second document, an anchor named twice, an alias to no anchor."""
    line, col, opened, src = stop.line, stop.col, stop.opened, stop.src
    if "expected a single document" in stop.context:
        return (
            line,
            col,
            "the file holds more than one YAML document; a plan is a single document: "
            "remove the '---' line here, or put each plan in a file of its own",
        )
    if "duplicate anchor" in stop.context and opened is not None:
        return (
            line,
            col,
            f"this anchor '&' name is already used on line {opened[0]}; give each anchor "
            "its own name",
        )
    if "undefined alias" in stop.problem:
        name = re.match(r"\*([^\s,\[\]{}]*)", src.line(line)[col - 1 :])
        shown = shorten(name.group(1), 30) if name else ""
        return (
            line,
            col,
            f"'*{shown}' refers to an anchor '&{shown}' that does not come before it; if the "
            "'*' is part of the text, put the value in quotes",
        )
    return None


def _quotes_and_brackets(stop: _Stop) -> Explained | None:
    """A quote never closed, an unknown escape, trouble inside ``[...]`` or ``{...}``."""
    problem, context, opened = stop.problem, stop.context, stop.opened
    if "quoted scalar" in context and opened is not None:
        quote = stop.src.char(*opened) or '"'
        if "end of stream" in problem:
            return (
                *opened,
                f"the quoted text that starts here is never closed; end it with a matching {quote}",
            )
        if "escape" in problem:
            return (
                stop.line,
                stop.col,
                "a backslash inside double quotes starts an escape such as \\n, and this one "
                "is not known; write \\\\ for a backslash, or use single quotes",
            )
    if "flow sequence" in context or "flow mapping" in context:
        return _flow(context, problem, stop.line, stop.col, opened, stop.src)
    return None


def _characters(stop: _Stop) -> Explained | None:
    """A tab, a character no plain value may start with, a colon inside a value."""
    line, col, char = stop.line, stop.col, stop.char
    if "tab" in stop.problem or char == "\t":
        return (
            line,
            col,
            "a tab indents this line; YAML indents with spaces only: replace the tab with spaces",
        )
    if "cannot start any token" in stop.problem:
        shown = char if char.isprintable() else f"U+{ord(char):04X}" if char else "?"
        return (
            line,
            col,
            f"an unquoted value cannot start with '{shown}'; put the value in quotes",
        )
    if "mapping values are not allowed" in stop.problem:
        return _colon(line, col, stop.src)
    return None


def _lines(stop: _Stop) -> Explained | None:
    """A key with no colon, text after '|' or '>', a line that fits no block, a line
    the document's end or a directive leaves without a document."""
    problem, context, opened = stop.problem, stop.context, stop.opened
    line, col = stop.line, stop.col
    if "simple key" in context and opened is not None:
        return (
            *opened,
            "this line has no ':' after its key; write 'key: value', or indent it further "
            "if it continues the value above",
        )
    if "block scalar" in context:
        return (
            line,
            col,
            "after '|' or '>' only a comment may follow on the same line; start the text on "
            "the next line, indented",
        )
    if "expected key" in problem or "'-' indicator" in problem or "<block end>" in problem:
        return _block(context, line, col, opened, stop.src)
    if "document start" in problem:
        if any(stop.src.line(n).rstrip() == "..." for n in range(1, line)):
            fix = "the document ended (a '...' line) and more follows; remove the '...' line"
        else:
            fix = (
                "a line starting with '%' is a YAML directive and must be followed by a "
                "'---' line; remove it, or put the text in quotes"
            )
        return line, col, fix
    return None


def _marks(stop: _Stop) -> Explained | None:
    """An '&', '*' or '!' with no name after it."""
    context = stop.context
    if "anchor" in context or "alias" in context:
        sign = "&" if "anchor" in context else "*"
        return (
            stop.line,
            stop.col,
            f"'{sign}' must be followed by a name here; if it is part of the text, put the "
            "value in quotes",
        )
    if "tag" in context:
        return (
            stop.line,
            stop.col,
            "'!' starts a YAML tag, and this one is not complete; if the '!' is part of the "
            "text, put the value in quotes",
        )
    return None


def _unexplained(stop: _Stop) -> Explained:
    """The end of the file reached inside a value, else the parser's own words."""
    line, col, src = stop.line, stop.col, stop.src
    if line > src.last()[0] or (line == src.last()[0] and col > len(src.line(line))):
        end = src.last()
        opener = src.char(*end)
        if opener in _CLOSERS:
            return (
                *end,
                f"the '{opener}' {_FLOW_NAMES[opener]} that opens here is never closed; end "
                f"it with '{_CLOSERS[opener]}' after its last entry",
            )
        return (
            line,
            col,
            "the file ends in the middle of a value; close every quote and bracket, and "
            "complete the last entry",
        )
    said = stop.problem or str(stop.exc).splitlines()[0]
    return (
        line,
        col,
        f"the YAML parser stopped here ({said}); check the quotes, colons and indentation "
        "on this line and the one above it",
    )


# In the order they are tried: the first that knows the cause explains the error.
_EXPLAINERS: tuple[Callable[[_Stop], Explained | None], ...] = (
    _documents_and_anchors,
    _quotes_and_brackets,
    _characters,
    _lines,
    _marks,
)


def _reader(exc: Exception, src: _Text) -> tuple[int, int, str]:
    """A character YAML does not allow anywhere (libyaml gives an offset, no line)."""
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    line, col = 1, 1
    if isinstance(position, int):
        text = "\n".join(src.lines)
        before = text[:position]
        line = before.count("\n") + 1
        col = position - (before.rfind("\n") + 1) + 1
    code = f"U+{character:04X}" if isinstance(character, int) else "a control character"
    return (
        line,
        col,
        f"the file holds a character YAML does not allow ({code}); remove it, or write "
        "it as an escape such as \\x01 inside double quotes",
    )


def _colon(line: int, col: int, src: _Text) -> tuple[int, int, str]:
    """``mapping values are not allowed``: a second ': ' on a line, or a key indented
    under a key whose value is already on its own line."""
    text = src.line(line)
    before = text[: col - 1]
    body = re.sub(r"^\s*(?:-\s+)*", "", before)
    if ": " in body or ":\t" in body:
        key, _, value = text.strip().removeprefix("- ").partition(":")
        value = value.strip().replace('"', '\\"')
        return (
            line,
            col,
            "a colon followed by a space inside an unquoted value; put the whole value in "
            f'quotes: {shorten(key.strip(), 30)}: "{shorten(value, 40)}"',
        )
    prev = src.above(line)
    if prev is not None and _indent(text) > _indent(prev[1]):
        return (
            line,
            _indent(text) + 1,
            f"this line is indented more than the line above it (line {prev[0]}), whose "
            "value is already given; line it up with the keys above it, or quote the value "
            "if the colon is part of the text",
        )
    return (
        line,
        col,
        "a colon followed by a space inside an unquoted value; put the whole value in quotes",
    )


def _flow(
    context: str,
    problem: str,
    line: int,
    col: int,
    opened: tuple[int, int] | None,
    src: _Text,
) -> tuple[int, int, str]:
    """Inside ``[...]`` or ``{...}``: never closed, a missing comma, or a colon."""
    bracket = "[" if "sequence" in context else "{"
    if opened is not None:
        bracket = src.char(*opened) or bracket
    closer = _CLOSERS.get(bracket, "]")
    kind = _FLOW_NAMES.get(bracket, "list")
    text = src.line(line)
    if opened is not None and (
        "end of stream" in problem
        or line > len(src.lines)
        or (line > opened[0] and _KEY_LINE.match(text))
        or not text.strip()
    ):
        return (
            *opened,
            f"the '{bracket}' {kind} that opens here is never closed; end it with "
            f"'{closer}' after its last entry",
        )
    if src.char(line, col) == ":":
        return (
            line,
            col,
            f"a colon inside an unquoted value of a '{bracket}' {kind}; put the value in quotes",
        )
    where = f" (opened on line {opened[0]})" if opened is not None else ""
    return (
        line,
        col,
        f"entries of a '{bracket}' {kind}{where} are separated by commas; add a ',' before "
        f"this entry, or close the {kind} with '{closer}'",
    )


def _item_above(line: int, col: int, src: _Text) -> tuple[int, int] | None:
    """The nearest '-' item above ``line`` in the same block (line, column), if any."""
    for n in range(line - 1, 0, -1):
        other = src.line(n)
        stripped = other.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        if stripped.startswith("- ") or stripped.strip() == "-":
            return n, _indent(other) + 1
        if _indent(other) < col - 1:
            return None  # the key that holds this block: no item above in it
    return None


def _block(
    context: str, line: int, col: int, opened: tuple[int, int] | None, src: _Text
) -> tuple[int, int, str]:
    """A line that fits no mapping or list around it: bad indentation, a list item at
    the wrong level, or text after a closing quote."""
    text = src.line(line)
    char = src.char(line, col)
    if char == "-" and text[col : col + 1] in (" ", ""):
        item = _item_above(line, col, src)
        if item is not None and item[1] != col:
            return (
                line,
                col,
                f"this '-' list item starts at column {col}, but the item above it "
                f"(line {item[0]}) at column {item[1]}; items of one list start in the "
                "same column",
            )
        prev = src.above(line)
        owner = f" on line {prev[0]}" if prev is not None else ""
        return (
            line,
            col,
            f"a '-' list item where a key was expected: the key above it{owner} already has "
            "a value; write the list under a key with nothing after its colon, its items "
            "indented below that key",
        )
    before = text[: col - 1].rstrip()
    if before.endswith(("'", '"')) and before.count(before[-1]) >= 2:
        return (
            line,
            col,
            "text follows the closing quote; put the whole value inside the quotes",
        )
    if "block collection" in context and opened is not None:
        return (
            line,
            col,
            f"this line sits at the column of the '-' items of the list that starts on line "
            f"{opened[0]}, but is not an item; indent it under the item it belongs to, or "
            "start a new item with '- '",
        )
    prev = src.above(line)
    hint = (
        f" (the line above, line {prev[0]}, starts at column {_indent(prev[1]) + 1})"
        if prev is not None
        else ""
    )
    return (
        line,
        col,
        "this line is indented differently from the keys around it; keys of one mapping "
        f"start in the same column{hint}",
    )
