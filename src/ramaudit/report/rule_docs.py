"""Rule documentation, read from each rule class's docstring so that the docs cannot
drift from the code: ``ramaudit rules`` (the catalogue), ``ramaudit rule CODE`` (one
rule explained, with its options from their declarations), and the help texts in SARIF
output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from ramaudit.rules import ALL_RULES, BY_CODE, BY_NAME, Rule, lookup

# The sections every rule docstring has, in this order.
SECTIONS = ("What it does", "Why it matters", "Example", "Use instead", "How to fix")


class UnknownRule(LookupError):
    """No rule has that code or name; the message suggests close ones."""


def catalogue(rules: Sequence[type[Rule]] = ALL_RULES) -> list[dict[str, str]]:
    """One entry per rule, in code order: code, name, default severity, summary."""
    return [
        {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary()}
        for r in rules
    ]


def catalogue_json(rules: Sequence[type[Rule]] = ALL_RULES) -> str:
    return json.dumps(catalogue(rules), indent=2, ensure_ascii=False) + "\n"


def catalogue_table(width: int | None = None, rules: Sequence[type[Rule]] = ALL_RULES) -> str:
    """The catalogue as aligned plain-text columns, one rule per line; with ``width``
    (a terminal) a summary that does not fit wraps at word boundaries under its
    column, or below the row, indented, when the column would be too narrow."""
    import textwrap

    rows = [("CODE", "NAME", "SEVERITY", "SUMMARY")]
    rows += [(r["code"], r["name"], r["severity"], r["summary"]) for r in catalogue(rules)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lead = sum(widths) + 2 * 3
    out = []
    for row in rows:
        start = "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + "  "
        if width is None or lead + len(row[3]) <= width:
            out.append(start + row[3])
        elif width - lead >= 24:
            out += textwrap.wrap(
                row[3],
                width=width,
                initial_indent=start,
                subsequent_indent=" " * lead,
                break_long_words=False,
                break_on_hyphens=False,
            )
        else:  # too narrow for the column: the summary goes on the lines below
            out.append(start.rstrip())
            out += textwrap.wrap(
                row[3],
                width=width,
                initial_indent="    ",
                subsequent_indent="    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
    return "".join(line + "\n" for line in out)


def find_rule(query: str) -> type[Rule]:
    """The rule with code or name ``query`` (any case); :class:`UnknownRule` otherwise."""
    rule = lookup(query)
    if rule is not None:
        return rule
    hint = _suggestion(query.strip())
    raise UnknownRule(
        f"no rule '{query}'; {hint + ' ' if hint else ''}'ramaudit rules' lists every rule"
    )


def _suggestion(query: str) -> str:
    prefixed = [code for code in BY_CODE if query and code.startswith(query.upper())]
    if prefixed:
        return f"codes starting with {query.upper()} are {', '.join(prefixed)};"
    # Codes and names in one pool, as configuration errors suggest them.
    from ramaudit.core.suggest import closest

    close = closest(query, [*BY_CODE, *BY_NAME])
    if close is None:
        return ""
    rule = lookup(close)
    assert rule is not None
    return f"did you mean {rule.code} ({rule.name})?"


def missing_sections(rule: type[Rule]) -> list[str]:
    sections = rule.doc().sections
    return [s for s in SECTIONS if not sections.get(s, "").strip()]


# What ``rule CODE`` says of a rule's fixes, by ``Rule.fixable``.
FIXABLE = {
    "safe": "Fixable: `ramaudit check --fix` makes the fix where it is certain (and an "
    "editor offers it as a quick fix).",
    "unsafe": "Fixable in an editor: a quick fix to review and complete; `check --fix` "
    "never makes it.",
}


def explain(rule: type[Rule]) -> str:
    """One rule's documentation as Markdown: heading, summary, severity, sections, and
    the options it declares."""
    doc = rule.doc()
    parts = [f"# {rule.code} {rule.name}", doc.summary, f"Default severity: {rule.severity.value}"]
    if rule.fixable:
        parts.append(FIXABLE[rule.fixable])
    if rule.since_format > 1:  # a rule that older plans only get when asked for by code
        v = rule.since_format
        parts.append(
            f"Judges plans written for format {v} (version: {v}); select it by code "
            f"to run it on version-{v - 1} plans."
        )
    ordered = [s for s in SECTIONS if s in doc.sections]
    ordered += [s for s in doc.sections if s not in SECTIONS]
    for title in ordered:
        parts.append(f"## {title}\n{doc.sections[title]}")
    if rule.declared:
        parts.append(options_markdown(rule))
    return "\n\n".join(parts) + "\n"


def options_markdown(rule: type[Rule]) -> str:
    """The ``## Options`` section: each option as configuration files spell it, what it
    takes, its default and its description, from its declaration; wrapped as the
    docstrings are."""
    import textwrap

    def wrapped(text: str, lead: str = "") -> list[str]:
        return textwrap.wrap(
            text,
            width=88,
            initial_indent=lead,
            subsequent_indent=" " * len(lead),
            break_long_words=False,
            break_on_hyphens=False,
        )

    lines = ["## Options"]
    lines += wrapped(
        f"Set in `[tool.ramaudit.rules.{rule.code}]` of `pyproject.toml`, or "
        f"`[rules.{rule.code}]` in a `.ramaudit.toml` (the rule's name works too)."
    )
    lines.append("")
    for option in rule.declared.values():
        spellings = f"; {option.spellings}" if option.spellings else ""
        lines += wrapped(
            f"`{option.key}`: {option.type}{spellings} (default `{option.shown_default}`). "
            f"{option.doc}",
            "- ",
        )
    return "\n".join(lines)


def options_data(rule: type[Rule]) -> list[dict[str, Any]]:
    """The options of ``rule`` as JSON shows them."""
    out = []
    for option in rule.declared.values():
        entry: dict[str, Any] = {"key": option.key, "type": option.type, "default": option.default}
        if option.choices:
            entry["choices"] = list(option.choices)
        if option.range is not None:
            entry["minimum"], entry["maximum"] = option.range.low, option.range.high
        entry["description"] = option.doc
        out.append(entry)
    return out


def explain_dict(rule: type[Rule]) -> dict[str, Any]:
    doc = rule.doc()
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "fixable": rule.fixable or None,
        "summary": doc.summary,
        "options": options_data(rule),
        "explanation": explain(rule),
    }


def help_markdown(rule: type[Rule]) -> str:
    """The sections only (tools show the summary and severity separately)."""
    doc = rule.doc()
    return "\n\n".join(f"## {t}\n{doc.sections[t]}" for t in SECTIONS if t in doc.sections)


_FENCE_LINE = re.compile(r"^```\w*\s*$")


def plain_text(markdown: str) -> str:
    """Markdown without fences, heading marks and inline-code backticks."""
    out: list[str] = []
    in_code = False
    for line in markdown.splitlines():
        if _FENCE_LINE.match(line):
            in_code = not in_code
            continue
        if in_code:
            line = "    " + line if line else line
        elif line.startswith("#"):
            line = line.lstrip("#").strip() + ":"
        else:
            line = line.replace("`", "")
        out.append(line)
    return "\n".join(out).strip() + "\n"


_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)")


def reflow(markdown: str, width: int) -> str:
    """Markdown with its prose re-wrapped at word boundaries to ``width`` columns, for
    a terminal narrower than the docstrings are written: paragraphs and list items are
    joined and wrapped (list items under a hanging indent), headings and code blocks
    are left as they are, except that a code line too wide for the terminal is cut
    with an ellipsis (the piped and JSON output keep it whole)."""
    import textwrap

    out: list[str] = []
    para: list[str] = []
    lead = ""

    def flush() -> None:
        nonlocal para, lead
        if para:
            text = " ".join(p.strip() for p in para)
            out.extend(
                textwrap.wrap(
                    text,
                    width=max(10, width),
                    initial_indent=lead,
                    subsequent_indent=" " * len(lead),
                    break_long_words=False,
                    break_on_hyphens=False,
                )
                or [lead.rstrip()]
            )
        para, lead = [], ""

    in_code = False
    for line in markdown.splitlines():
        if _FENCE_LINE.match(line) or in_code:
            flush()
            if _FENCE_LINE.match(line):
                in_code = not in_code
            out.append(line if len(line) <= width else line[: max(1, width - 1)] + "…")
            continue
        if not line.strip() or line.startswith("#"):
            flush()
            out.append(line)
            continue
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            lead = item.group(1)
            para = [line[len(lead) :]]
            continue
        para.append(line)
    flush()
    return "\n".join(out) + "\n"
