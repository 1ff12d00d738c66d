"""Inline suppressions: ``# ramaudit: ignore[...]`` comments in a plan.

Syntax (codes or rule names, separated by commas; the text after the brackets is the
reason)::

    - id: t-billboard   # ramaudit: ignore[RA101, tactic-without-kpi] board asked for it
    # ramaudit: ignore-file[RA104] objectives are staffed next quarter

Where a comment applies:

* ``ignore[...]`` at the end of a line covers findings on that line, and every finding
  on the item (goal, objective, tactic, segment) that starts on that line, wherever in
  the item the finding points. A comment alone on its line applies to the next line
  with content, so it can sit above the item it is about.
* ``ignore-file[...]`` covers the whole file, but only in the comment block at the top
  of the file, before the first line of content; elsewhere it is reported and ignored.
* Without brackets (``# ramaudit: ignore``) a comment covers every rule, as a bare
  ``# noqa`` does in ruff. It never hides the suppression rules RA900 and RA901.

Comments are found in the source text because the YAML parser drops them; a ``#``
inside a quoted or block scalar is text, not a comment, and the YAML scanner's token
spans tell the two apart.

A suppression that hides nothing is reported (RA900), but only for rules that are
enabled: a comment for a rule the configuration turns off is left alone, as in ruff.
With ``--require-reason`` a suppression without a reason is reported too (RA901).

Nothing hides RA001 (invalid YAML) or RA006 (resource limit): the file was not
audited. In such a file no rule looked for the findings the comments are about, so
none of them is reported as unused either.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import field
from typing import Any

from ramaudit.config.effective import ALWAYS_REPORTED
from ramaudit.core.findings import Finding, format_pointer
from ramaudit.core.records import dataclass
from ramaudit.core.suggest import did_you_mean

UNUSED = "RA900"
NO_REASON = "RA901"
META_CODES = frozenset({UNUSED, NO_REASON})
KINDS = ("ignore", "ignore-file")

_MENTION = re.compile(r"ramaudit\s*:", re.I)
# The parts of a directive, compiled (and cached) by ``re`` on first use: most plans hold
# none, and _MENTION answers for those.
_DIRECTIVE = r"#\s*ramaudit\s*:\s*"
_KIND = r"([A-Za-z][A-Za-z_-]*)"
_CODES = r"\s*\[([^\]]*)\]"
_CODE_LIKE = r"(?:RA\d+|[a-z]+(?:-[a-z]+)+)\b"
_REASON_LEAD = r"^[\s:;,\-–—]+"


@dataclass
class CodeRef:
    text: str
    code: str | None  # None: not a known rule
    column: int  # 1-based
    used: bool = False


@dataclass
class Directive:
    line: int  # the comment's line, 1-based
    column: int  # of the '#', 1-based
    end_column: int
    kind: str
    codes: list[CodeRef] | None  # None: every rule
    reason: str
    target: int  # the line it covers (itself, or the next content line)
    problem: str | None = None  # malformed or misplaced: covers nothing
    problem_column: int | None = None
    used: bool = False  # for blanket directives

    def covers(self, code: str) -> CodeRef | bool:
        if self.problem is not None:
            return False
        if self.codes is None:
            return code not in META_CODES
        for ref in self.codes:
            if ref.code == code:
                return ref
        return False


@dataclass
class Comment:
    line: int
    column: int  # of '#'
    text: str  # from '#' to the end of the line
    own_line: bool


# --------------------------------------------------------------------------- reading comments


def _scalar_spans(text: str) -> tuple[list[int], list[int], int]:
    """Start and end offsets of every scalar token, and how far the scan got."""
    import yaml

    try:
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as Loader

    starts: list[int] = []
    ends: list[int] = []
    reached = len(text)
    loader = Loader(text)
    try:
        while True:
            token = loader.get_token()
            if token is None:
                break
            if isinstance(token, yaml.ScalarToken):
                starts.append(token.start_mark.index)
                ends.append(token.end_mark.index)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reached = mark.index if mark is not None else (ends[-1] if ends else 0)
    finally:
        loader.dispose()
    return starts, ends, reached


def _inside(offset: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and starts[i] <= offset < ends[i]


def comments(text: str) -> list[Comment]:
    """Every ``# ramaudit:`` comment in ``text``, with its position."""
    if not _MENTION.search(text):  # the common case: no directive at all
        return []
    starts, ends, reached = _scalar_spans(text)
    out: list[Comment] = []
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        body = line.rstrip("\r\n")
        if "#" in body:
            col = _comment_start(body, offset, starts, ends, reached)
            if col is not None and re.compile(_DIRECTIVE, re.I).match(body, col):
                out.append(Comment(number, col + 1, body[col:], not body[:col].strip()))
        offset += len(line)
    return out


def _comment_start(
    line: str, offset: int, starts: list[int], ends: list[int], reached: int
) -> int | None:
    """Column (0-based) where a comment starts on ``line``, if one does."""
    quote: str | None = None
    for i, ch in enumerate(line):
        if offset + i < reached:
            if (
                ch == "#"
                and (i == 0 or line[i - 1] in " \t")
                and not _inside(offset + i, starts, ends)
            ):
                return i
            continue
        # Past the point where a broken document stopped scanning: follow quotes on
        # this line only.
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " \t:[{,-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return None


def _is_content(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith("#")


def _next_content_lines(lines: list[str]) -> list[int | None]:
    """For each line number n (1-based), the first content line after it, or None;
    one pass from the end, so a long run of comment lines costs no more than a line."""
    out: list[int | None] = [None] * (len(lines) + 1)
    following: int | None = None
    for n in range(len(lines), 0, -1):
        out[n] = following
        if _is_content(lines[n - 1]):
            following = n
    out[0] = following
    return out


def _header_end(lines: list[str]) -> int:
    """The first line (1-based) that is plan content; the header is above it."""
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#") or s.startswith("%") or s == "---":
            continue
        return n
    return len(lines) + 1


def parse(text: str) -> list[Directive]:
    """Every suppression directive in ``text``."""
    found = comments(text)
    if not found:
        return []
    lines = text.splitlines()
    header_end = _header_end(lines)
    next_content = _next_content_lines(lines)
    from ramaudit.rules import lookup

    out: list[Directive] = []
    for c in found:
        m = re.compile(_DIRECTIVE, re.I).match(c.text)
        assert m is not None
        pos = m.end()
        end_column = c.column + len(c.text.rstrip())
        kind_match = re.compile(_KIND).match(c.text, pos)
        kind = kind_match.group(1).lower() if kind_match else ""
        target = c.line
        if c.own_line:
            following = next_content[c.line] if c.line < len(next_content) else None
            target = following if following is not None else c.line
        d = Directive(c.line, c.column, end_column, kind, None, "", target)
        out.append(d)
        if kind not in KINDS:
            hint = did_you_mean(kind, KINDS) or "; use ignore[CODE] or ignore-file[CODE]"
            d.problem = (
                f"unknown ramaudit directive '{kind}'{hint}"
                if kind
                else "a ramaudit comment needs a directive: ignore[CODE] or ignore-file[CODE]"
            )
            d.problem_column = c.column + pos
            continue
        pos = kind_match.end()  # type: ignore[union-attr]
        codes_match = re.compile(_CODES).match(c.text, pos)
        if codes_match:
            d.codes = []
            inner_start = codes_match.start(1)
            for part in re.finditer(r"[^,\s]+", codes_match.group(1)):
                rule = lookup(part.group())
                d.codes.append(
                    CodeRef(
                        part.group(),
                        rule.code if rule else None,
                        c.column + inner_start + part.start(),
                    )
                )
            if not d.codes:
                d.problem = f"'{kind}[]' names no rule; list codes such as {kind}[RA101]"
                d.problem_column = c.column + pos
                continue
            pos = codes_match.end()
        elif c.text[pos:].lstrip().startswith("["):
            # Read as a bare ignore, "[RA202" would hide every rule: a typo must not widen it.
            d.problem = f"unclosed '[' after '{kind}'; as written the comment covers nothing"
            d.problem_column = c.column + pos + len(c.text[pos:]) - len(c.text[pos:].lstrip())
            continue
        else:
            stray = re.compile(_CODE_LIKE, re.I).match(c.text[pos:].lstrip(" :"))
            if stray and lookup(stray.group()) is not None:
                d.problem = (
                    f"put the rules in brackets: {kind}[{stray.group()}]; "
                    "as written the comment covers nothing"
                )
                d.problem_column = c.column + pos
                continue
        d.reason = re.sub(_REASON_LEAD, "", c.text[pos:]).strip()
        if kind == "ignore-file" and c.line >= header_end:
            d.problem = (
                "ignore-file works only in the comment block at the top of the "
                "file, before the plan starts; this one covers nothing"
            )
            d.problem_column = c.column
    return out


# --------------------------------------------------------------------------- applying


@dataclass
class _Items:
    """Which items start on which line, to match findings to item-level comments,
    indexed by item id and pointer."""

    lines: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, ctx: Any) -> _Items:
        out = cls()
        plan, locator = getattr(ctx, "plan", None), getattr(ctx, "locator", None)
        if plan is None or locator is None or locator.root is None:
            return out
        for item in plan.items():
            if not item.path:
                continue
            line = locator.position(item.path)[0]
            out.lines.setdefault((item.id, format_pointer(item.path)), []).append(line)
        return out

    def lines_of(self, finding: Finding) -> set[int]:
        """The lines where the item ``finding`` names starts, when the finding's
        pointer lies within that item (is its pointer, or goes on from it with '.'
        or '['): each such prefix of the pointer is looked up, never every item."""
        if finding.item is None or not self.lines:
            return set()
        p = finding.pointer
        out: set[int] = set()
        for end in [i for i, ch in enumerate(p) if ch in ".["] + [len(p)]:
            out.update(self.lines.get((finding.item, p[:end]), ()))
        return out


# The key of the directives that cover a code at a line: line FILE_WIDE for
# ignore-file, code None for a directive without brackets (every rule).
FILE_WIDE = -1


class _Index:
    """The directives that cover a finding, found by the finding's line, its item's
    lines and its code instead of by trying every directive, so that matching stays
    linear in findings and directives (20,000 suppressed tactics cost little more
    than a plan without them). Each group of covering directives is marked used once."""

    def __init__(self, directives: list[Directive], items: _Items) -> None:
        self.items = items
        self.groups: dict[tuple[int, str | None], list[CodeRef | Directive]] = {}
        self.marked: set[tuple[int, str | None]] = set()
        for d in directives:
            if d.problem is not None:
                continue  # covers nothing
            line = FILE_WIDE if d.kind == "ignore-file" else d.target
            if d.codes is None:
                self.groups.setdefault((line, None), []).append(d)
                continue
            named: set[str] = set()
            for ref in d.codes:
                # Directive.covers finds a code's first mention only: a repeated code
                # stays unused and is reported, as it always was.
                if ref.code is not None and ref.code not in named:
                    named.add(ref.code)
                    self.groups.setdefault((line, ref.code), []).append(ref)

    def suppress(self, f: Finding) -> bool:
        """Whether a directive covers ``f``; marks every one that does as used."""
        hit = False
        for line in {FILE_WIDE, f.line, *self.items.lines_of(f)}:
            for code in (f.code, None):
                if code is None and f.code in META_CODES:
                    continue  # a bare ignore never hides RA900/RA901
                key = (line, code)
                group = self.groups.get(key)
                if not group:
                    continue
                hit = True
                if key not in self.marked:
                    self.marked.add(key)
                    for entry in group:
                        entry.used = True
        return hit


def apply(findings: Iterable[Finding], text: str, ctx: Any, config: Any) -> list[Finding]:
    """Drop suppressed findings and add RA900/RA901 findings for the suppressions
    themselves. ``ctx`` is the rules' :class:`~ramaudit.rules.base.Context`."""
    findings = list(findings)
    directives = parse(text)
    if not directives:
        return findings
    index = _Index(directives, _Items.of(ctx))
    loaded = not any(f.code in ALWAYS_REPORTED for f in findings)
    kept = [f for f in findings if f.code in ALWAYS_REPORTED or not index.suppress(f)]

    # Only an explicit RA900/RA901 in a directive hides these, never a blanket one;
    # an own-line comment may name them for itself or for the line it covers.
    hiding: set[tuple[str, int | None]] = set()
    for d in directives:
        for code in META_CODES:
            if isinstance(d.covers(code), CodeRef):
                if d.kind == "ignore-file":
                    hiding.add((code, None))
                else:
                    hiding.update({(code, d.line), (code, d.target)})
    for f in _meta_findings(directives, ctx, config, report_unused=loaded):
        if (f.code, None) not in hiding and (f.code, f.line) not in hiding:
            kept.append(f)
    return kept


def _meta_findings(
    directives: list[Directive], ctx: Any, config: Any, *, report_unused: bool = True
) -> Iterable[Finding]:
    from ramaudit.rules import BY_CODE
    from ramaudit.rules.base import Problem, stamp

    def make(code: str, message: str, line: int, column: int, end_column: int) -> Finding:
        return stamp(BY_CODE[code], Problem((), message, at=(line, column, line, end_column)), ctx)

    report_unused = report_unused and config.enabled(UNUSED)
    report_reason = config.require_reason and config.enabled(NO_REASON)
    names = sorted({r.code for r in BY_CODE.values()} | {r.name for r in BY_CODE.values()})
    for d in directives:
        scope = "file-wide suppression" if d.kind == "ignore-file" else "suppression"
        if d.problem is not None:
            if report_unused:
                yield make(UNUSED, d.problem, d.line, d.problem_column or d.column, d.end_column)
            continue
        if report_unused:
            for message, column, end in _unused(d, scope, names, config, ctx):
                yield make(UNUSED, message, d.line, column, end)
        if report_reason and not d.reason:
            what = ", ".join(r.text for r in d.codes) if d.codes else "every rule"
            yield make(
                NO_REASON,
                f"{scope} of {what} gives no reason; add one after the "
                f"brackets, e.g. # ramaudit: {d.kind}[...] <why this is fine>",
                d.line,
                d.column,
                d.end_column,
            )


def _unused(
    d: Directive, scope: str, names: list[str], config: Any, ctx: Any
) -> Iterable[tuple[str, int, int]]:
    """What RA900 says of one well-formed directive, with the columns each message
    spans: it matches no finding, names an unknown rule, or names one that cannot be
    suppressed. A rule that did not run, being off or not judging this plan's format
    (``Rule.since_format``), had nothing to match."""
    from ramaudit.rules import lookup
    from ramaudit.rules.base import judges

    where = "in this file" if d.kind == "ignore-file" else "here"
    if d.codes is None:
        if not d.used:
            message = f"{scope} of every rule matches no finding {where}; remove it"
            yield message, d.column, d.end_column
        return
    for ref in d.codes:
        end = ref.column + len(ref.text)
        rule = lookup(ref.code) if ref.code is not None else None
        if rule is None:
            yield (
                f"{scope} names unknown rule '{ref.text}'{did_you_mean(ref.text, names)}",
                ref.column,
                end,
            )
        elif rule.code in ALWAYS_REPORTED:
            yield (
                f"{rule.code} ({rule.name}) cannot be suppressed: a file it reports was not "
                "audited at all; remove it",
                ref.column,
                end,
            )
        elif (
            not ref.used
            and rule.code not in META_CODES
            and config.enabled(rule.code)
            and judges(rule, ctx)
        ):
            message = f"{scope} of {rule.code} ({rule.name}) matches no finding {where}; remove it"
            yield message, ref.column, end
