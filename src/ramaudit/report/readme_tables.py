"""The README's rule table, score table and configuration table, generated from the code.

The README holds each table between two HTML comments (``<!-- rules-table:start -->``
... ``<!-- rules-table:end -->``, and the same for ``score-table`` and ``config-table``);
a test fails when the text there differs from what this module generates, and

    python -m ramaudit.report.readme_tables --write README.md

refreshes the blocks in place (``--check`` only reports whether they are current).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

BLOCKS = ("rules-table", "score-table", "config-table")


class MarkerError(ValueError):
    """A README lacks a block's markers, or has them in the wrong order."""


def _cell(text: object) -> str:
    # A table cell is one line; a pipe would end it early.
    return " ".join(str(text).split()).replace("|", "\\|")


def _option_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_option_value(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def rules_table() -> str:
    """Every rule in code order: code, name, default severity, whether ``check --fix``
    (safe) or only an editor (unsafe) can fix it, summary and options."""
    from ramaudit.rules import ALL_RULES

    lines = [
        "| Code | Name | Severity | Fix | Reports | Options |",
        "|---|---|---|---|---|---|",
    ]
    for rule in ALL_RULES:
        # Configuration files spell option names in kebab case, as ruff does.
        options = (
            "<br>".join(
                f"`{name.replace('_', '-')} = {_option_value(value)}`"
                for name, value in rule.options.items()
            )
            or "-"
        )
        lines.append(
            f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {rule.fixable or '-'} | "
            f"{_cell(rule.summary())} | {options} |"
        )
    return "\n".join(lines) + "\n"


def score_table() -> str:
    """Every criterion of the fitness model: question, criterion, weight, measure."""
    from ramaudit.score import QUESTIONS

    lines = [
        "| Question | Criterion | Weight | How it is measured |",
        "|---|---|---:|---|",
    ]
    for q in QUESTIONS:
        for i, c in enumerate(q.criteria):
            question = f"**{_cell(q.title)}** ({q.max} points)" if i == 0 else ""
            lines.append(
                f"| {question} | {_cell(c.title)} (`{c.key}`) | {c.weight:g} | "
                f"{_cell(c.how_measured())} |"
            )
    # The score table's block also holds the weights once a plan records its run, and
    # the rules that cap each question's answer.
    return "\n".join(lines) + "\n\n" + tracked_table() + score_caps()


def tracked_table() -> str:
    """Per question with tracking criteria, every criterion's weight once the plan
    records its run (check-ins, spend), and how the tracking criteria are measured."""
    from ramaudit.score import QUESTIONS

    lines = []
    for q in (q for q in QUESTIONS if q.tracking):
        lines += [
            f"Once a plan records its run, **{_cell(q.title)}** shares its {q.max} points "
            "so (a tracking criterion counts only while it applies; when one of them "
            "applies alone, it takes all their points):",
            "",
            "| Criterion | Weight | How it is measured |",
            "|---|---:|---|",
        ]
        for c in q.criteria:
            weight = c.weight if c.tracked_weight is None else c.tracked_weight
            lines.append(f"| {_cell(c.title)} (`{c.key}`) | {weight:g} | as above |")
        for c in q.tracking:
            lines.append(
                f"| {_cell(c.title)} (`{c.key}`) | {c.weight:g} | {_cell(c.how_measured())} |"
            )
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")


def score_caps() -> str:
    """Per question, the rules whose error findings answer it NO (``capped_by``)."""
    from ramaudit.rules import lookup
    from ramaudit.score import QUESTIONS

    lines = ["| Question | Answered NO while an error of one of these stands |", "|---|---|"]
    for q in QUESTIONS:
        names = []
        for code in q.capped_by:
            rule = lookup(code)
            names.append(f"{code} `{rule.name}`" if rule is not None else code)
        lines.append(f"| {_cell(q.title)} | {', '.join(names)} |")
    return "\n".join(lines) + "\n\n" + field_caps()


# The order the README has always listed each kind's fields in. A field a criterion
# starts to read comes after these, in the order the criteria read it.
_FIELD_ORDER = {
    "segment": ("id", "name", "voice_of_customer"),
    "objective": ("id", "goals", "goal", "parents", "parent", "tactics", "owner", "kpis"),
    "tactic": (
        *("id", "objectives", "objective", "start", "end", "owner", "budget"),
        *("segment", "segments", "stage", "kpis"),
    ),
}


def field_caps() -> str:
    """Per kind of item, the questions an RA002 or RA003 error about each field holds
    at NO (derived from what each criterion reads and counts: score.READS and
    score.COUNTED_BY)."""
    from ramaudit.core.wording import with_article
    from ramaudit.score import ALL_QUESTIONS, COUNTED_BY, READS

    def shown(keys: tuple[str, ...]) -> str:
        return "all four" if keys == ALL_QUESTIONS else ", ".join(keys)

    lines = [
        "| RA002 or RA003 error about | Answered NO |",
        "|---|---|",
    ]
    for kind, fields in READS.items():
        where = "the plan block" if kind == "plan" else with_article(kind)
        order = _FIELD_ORDER.get(kind, ())
        names = sorted(fields, key=lambda f: order.index(f) if f in order else len(order))
        by_questions: dict[tuple[str, ...], list[str]] = {}
        for name in names:
            by_questions.setdefault(fields[name], []).append(f"`{name}`")
        for keys, listed in by_questions.items():
            lines.append(f"| {where}: {', '.join(listed)} | {shown(keys)} |")
        lines.append(f"| {where}: any other field | {shown(COUNTED_BY[kind])} |")
    lines.append(
        "| a whole item, the plan block or a section; an unknown key or section | all four |"
    )
    return "\n".join(lines) + "\n"


def config_table() -> str:
    """Every setting, from its declaration (:mod:`ramaudit.config.declarations`): key,
    what it takes, default, the flag that overrides it, how layers merge, description."""
    from ramaudit.config.declarations import SETTINGS

    lines = [
        "| Setting | Takes | Default | Flag | Layers | What it does |",
        "|---|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        flag = f"`{s.flag}`" if s.flag else "-"
        merge = s.merge.value if s.merge.value != "added to" else f"added to `{s.extends}`"
        lines.append(
            f"| `{s.key}` | {_cell(s.kind.words)} | {_cell(s.kind.written(s.default))} | "
            f"{flag} | {merge} | {_cell(s.doc)} |"
        )
    return "\n".join(lines) + "\n"


GENERATORS = {"rules-table": rules_table, "score-table": score_table, "config-table": config_table}


def _span(text: str, block: str) -> tuple[int, int]:
    """Where the generated text of ``block`` sits: just after the start marker's line,
    up to the end marker."""
    start, end = f"<!-- {block}:start -->", f"<!-- {block}:end -->"
    i = text.find(start)
    j = text.find(end)
    if i < 0 or j < 0:
        raise MarkerError(f"no '{start}' ... '{end}' markers; add both on lines of their own")
    if j < i:
        raise MarkerError(f"'{end}' comes before '{start}'")
    body_start = text.find("\n", i)
    body_start = j if body_start < 0 or body_start > j else body_start + 1
    return body_start, j


def current_block(text: str, block: str) -> str:
    """The text between ``block``'s markers in ``text``."""
    i, j = _span(text, block)
    return text[i:j]


def refresh(text: str) -> str:
    """``text`` with every block replaced by freshly generated content."""
    for block in BLOCKS:
        i, j = _span(text, block)
        text = text[:i] + GENERATORS[block]() + text[j:]
    return text


def stale_blocks(text: str) -> list[str]:
    """Names of the blocks whose text differs from the generated one."""
    return [b for b in BLOCKS if current_block(text, b) != GENERATORS[b]()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ramaudit.report.readme_tables",
        description="Print, check or refresh the README's generated tables.",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--write",
        metavar="README",
        type=Path,
        help="replace the text between the markers in README",
    )
    group.add_argument(
        "--check",
        metavar="README",
        type=Path,
        help="exit 1 if the tables in README are out of date",
    )
    args = parser.parse_args(argv)
    target = args.write or args.check
    if target is None:
        sys.stdout.write(rules_table() + "\n" + score_table() + "\n" + config_table())
        return 0
    try:
        text = target.read_text(encoding="utf-8")
        stale = stale_blocks(text)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"ramaudit.report.readme_tables: cannot read {target}: {exc}", file=sys.stderr)
        return 2
    except MarkerError as exc:
        print(f"ramaudit.report.readme_tables: {target}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if stale:
            print(
                f"{target}: out of date: {', '.join(stale)}; run "
                f"'python -m ramaudit.report.readme_tables --write {target}'",
                file=sys.stderr,
            )
            return 1
        print(f"{target}: tables are current")
        return 0
    if not stale:
        print(f"{target}: tables are current; nothing to write")
        return 0
    from ramaudit.core.fileio import atomic_write

    # Refreshing the blocks in place is the point of --write, hence force.
    atomic_write(target, refresh(text), force=True)
    print(f"{os.fspath(target)}: refreshed {', '.join(stale)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
