"""``ramaudit rules`` and ``ramaudit rule CODE``: the rule catalogue and one rule explained."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Literal

import typer
import typer.core

from ramaudit.commands.common import STDOUT, fail, presentation
from ramaudit.report.formats import RULE, RULES

if TYPE_CHECKING:
    RulesFormatName = str
    RuleFormatName = str
else:  # typer offers the registry's names as the choices, in any case
    RulesFormatName = Literal[RULES.names]
    RuleFormatName = Literal[RULE.names]

RulesFormatOpt = Annotated[
    RulesFormatName,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help=f"{RULES.listed()}.", case_sensitive=False
    ),
]
CodeArg = Annotated[
    str, typer.Argument(metavar="CODE", help="A rule code (RA101) or name (orphan-tactic).")
]
RuleFormatOpt = Annotated[
    RuleFormatName,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help=f"{RULE.listed()}.", case_sensitive=False
    ),
]


def rules_command(format: RulesFormatOpt = RULES.default) -> None:
    """List the rules with their codes and summaries.

    Each rule's code, name, default severity and one-line summary.
    """
    from ramaudit.rules import ALL_RULES

    fmt = RULES[format]  # on a terminal the summaries wrap to fit it; piped, one line per rule
    STDOUT.write(fmt.render(ALL_RULES, presentation(fmt)))


def rule_command(code: CodeArg, format: RuleFormatOpt = RULE.default) -> None:
    """Explain one rule, with examples.

    Prints what the rule detects, why it matters, an example plan that makes it fire,
    the same plan fixed, and how to fix it: the rule's own documentation.

    Examples:

      ramaudit rule RA101

      ramaudit rule orphan-tactic
    """
    import shutil

    from ramaudit.report import rule_docs

    try:
        rule = rule_docs.find_rule(code)
    except rule_docs.UnknownRule as exc:
        raise fail(str(exc)) from None
    fmt = RULE[format]
    options = presentation(fmt)
    if fmt.name == "text" and sys.stdout.isatty():  # drawn by rich, at most 100 wide
        width = min(shutil.get_terminal_size().columns, 100)
        options = replace(options, width=width, terminal=True)
    STDOUT.write(fmt.render(rule, options))
