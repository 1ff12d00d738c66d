"""What the HTML and Markdown reports say, apart from how they say it.

Both renderers read the same facts from :class:`ramaudit.api.AuditResult` records
through these helpers, so the two documents cannot drift apart in content. Nothing here
escapes anything: every string that comes from a plan is returned raw and escaped by the
renderer for its own syntax.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramaudit import __version__
from ramaudit.core.findings import Finding, Severity
from ramaudit.core.records import dataclass
from ramaudit.core.wording import money
from ramaudit.report import RenderOptions

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.report.diagram import Diagram
    from ramaudit.rules.base import Rule
    from ramaudit.score.fixes import Fix

# What the appendix shows of each rule, for a marketing reader: why it matters and how
# to act, not how the check works (that is for `ramaudit rule CODE`).
RULE_SECTIONS = ("Why it matters", "How to fix")


def audited_on(options: RenderOptions | None) -> str:
    """The audit date shown in the header (``options.extra["audited"]`` pins it in tests)."""
    pinned = options.extra.get("audited") if options is not None else None
    return str(pinned) if pinned else dt.date.today().isoformat()


def version() -> str:
    return __version__


def title(result: AuditResult) -> str:
    return result.plan_name or result.path


def plan_facts(result: AuditResult) -> list[tuple[str, str]]:
    """(label, value) pairs for a plan's header, in display order."""
    info = result.plan.info if result.plan is not None else None
    facts: list[tuple[str, str]] = []
    if info is not None:
        facts.append(("Owner", info.owner or "not named"))
        period = info.period
        if period and (period.start or period.end):
            facts.append(("Period", f"{period.start or '?'} to {period.end or '?'}"))
        else:
            facts.append(("Period", "not set"))
        if info.budget is not None:
            facts.append(("Budget", money(info.budget, info.currency)))
    facts.append(("File", result.path))
    return facts


def level(score: int, maximum: int) -> str:
    """good / fair / poor, on the same cut-offs as the text report."""
    share = score / maximum if maximum else 0
    if maximum == 100:
        return "good" if score >= 80 else ("fair" if score >= 50 else "poor")
    return "good" if share >= 0.8 else ("fair" if share >= 0.48 else "poor")


@dataclass(frozen=True, slots=True)
class RamTactic:
    id: str
    name: str
    budget: float | None


def ram_tactics(result: AuditResult) -> list[RamTactic]:
    spend = result.ram_spend
    if spend is None or result.graph is None:
        return []
    items = result.graph.items
    out = []
    for tid in spend.tactics:
        item = items.get(tid)
        out.append(
            RamTactic(
                tid, (item.name if item is not None else None) or tid, getattr(item, "budget", None)
            )
        )
    return out


# A long list of random acts buries the rest of the report, as a long findings table would.
MAX_RAM_LISTED = 50


def ram_tactics_shown(result: AuditResult) -> tuple[list[RamTactic], str | None]:
    """The random acts to list, and a note when some are left out: past the cap, the
    largest budgets (the money a client can free first), then plan order."""
    tactics = ram_tactics(result)
    if len(tactics) <= MAX_RAM_LISTED:
        return tactics, None
    ranked = sorted(range(len(tactics)), key=lambda i: (-(tactics[i].budget or 0), i))
    keep = sorted(ranked[:MAX_RAM_LISTED])
    left = len(tactics) - MAX_RAM_LISTED
    return [tactics[i] for i in keep], (
        f"The {MAX_RAM_LISTED} with the largest budgets are listed; {left:,} more random "
        f"act{'s' * (left != 1)} of marketing are in the findings (ramaudit check lists every one)."
    )


# A findings table longer than this is no longer read: the rest is summarised by code.
MAX_FINDINGS_SHOWN = 1000


def omitted_note(diagram: Diagram) -> str:
    """What a capped diagram leaves out. Problems are drawn first, but a plan can have
    more problem items than the diagram has room for, so say how many of those went too."""
    left = ", ".join(f"{n:,} {kind}{'s' * (n != 1)}" for kind, n in sorted(diagram.omitted.items()))
    problems = diagram.omitted_problems
    if not problems:
        which = f"{left} without problems"
    elif problems == sum(diagram.omitted.values()):
        which = f"{left}, all with problems,"
    else:
        which = f"{left} ({problems:,} of them with problems)"
    return (
        f"The plan is large: {which} are left out of the diagram; "
        "the findings below cover the whole plan."
    )


def rule_class(code: str) -> type[Rule] | None:
    from ramaudit.rules import lookup

    return lookup(code)


def how_to_fix(code: str) -> str:
    rule = rule_class(code)
    return rule.doc().sections.get("How to fix", "") if rule is not None else ""


@dataclass(frozen=True, slots=True)
class RuleEntry:
    code: str
    name: str
    severity: str
    summary: str
    sections: tuple[tuple[str, str], ...]  # (heading, text) from the rule's docstring


def fired_rules(results: Sequence[AuditResult]) -> list[RuleEntry]:
    """One entry per rule that fired anywhere in ``results``, by code."""
    codes = sorted({f.code for r in results for f in r.findings})
    entries = []
    for code in codes:
        rule = rule_class(code)
        if rule is None:
            rule_name = next(f.rule for r in results for f in r.findings if f.code == code)
            entries.append(RuleEntry(code, rule_name, "", "", ()))
            continue
        doc = rule.doc()
        sections = tuple((h, doc.sections[h]) for h in RULE_SECTIONS if doc.sections.get(h))
        entries.append(RuleEntry(code, rule.name, str(rule.severity), doc.summary, sections))
    return entries


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    anchor: str  # "plan-1", ...: the id of the plan's section (never plan text)
    result: AuditResult
    title: str
    total: int | None
    answers: tuple[tuple[str, int, str], ...]  # (question key, score, yes/no)
    errors: int
    warnings: int
    ram_amount: float | None
    ram_share: float | None
    ram_acts: int  # random acts counted
    currency: str


def worst_first(results: Sequence[AuditResult]) -> list[AuditResult]:
    """Unreadable files first, then unscored ones, then by score (lowest first), errors,
    warnings and random-act share; the path breaks ties."""

    def key(r: AuditResult) -> tuple[bool, bool, int, int, int, float, str]:
        share = r.ram_spend.share if r.ram_spend is not None else 1.0
        return (
            r.error is None,
            r.score is not None,
            r.score.total if r.score is not None else 0,
            -r.count(Severity.ERROR),
            -r.count(Severity.WARNING),
            -share,
            r.path,
        )

    return sorted(results, key=key)


def portfolio(results: Sequence[AuditResult]) -> list[PortfolioRow]:
    """One row per plan, worst first; ``anchor`` matches the plan's section id."""
    rows = []
    for i, r in enumerate(worst_first(results), start=1):
        score = r.score
        spend = r.ram_spend
        rows.append(
            PortfolioRow(
                anchor=f"plan-{i}",
                result=r,
                title=title(r),
                total=score.total if score is not None else None,
                answers=tuple((q.key, q.score, q.answer) for q in score.questions) if score else (),
                errors=r.count(Severity.ERROR),
                warnings=r.count(Severity.WARNING),
                ram_amount=spend.amount if spend is not None else None,
                ram_share=spend.share if spend is not None else None,
                ram_acts=len(spend.tactics) if spend is not None else 0,
                currency=spend.currency if spend is not None else "",
            )
        )
    return rows


QUESTION_SHORT = {
    "process": "Process",
    "accountability": "Accountable",
    "market": "Market-driven",
    "execution": "Execution",
}


# -- key results (format 2)


@dataclass(frozen=True, slots=True)
class KeyResultRow:
    """One key result of an objective as the reports list it: a KPI with its target as
    written (``confidential`` for a confidential one, ``not decided (TBD)`` for a
    placeholder), or a milestone with its state and due day. Raw text: escaped by the
    renderer."""

    objective: str  # the objective's id
    what: str  # the metric, or the milestone's name
    baseline: str
    target: str
    deadline: str


def uses_format_2(result: AuditResult) -> bool:
    """Whether the plan is written for format 2 (``version: 2``) or uses what only
    format 2 has: campaigns, milestones, budget lines, a target or deadline in words."""
    plan = result.plan
    if plan is None:
        return False
    if plan.version >= 2 or plan.campaigns or plan.milestones or plan.budget_lines:
        return True
    from ramaudit.report.targets import written_in_words

    return any(written_in_words(k) for o in plan.objectives for k in o.kpis)


def key_results(result: AuditResult) -> list[KeyResultRow]:
    """Every objective's KPIs and milestones, in plan order; listed only for plans that
    use format 2 (a version 1 report is what it always was)."""
    from ramaudit.report.targets import baseline_text, deadline_text, target_text

    plan = result.plan
    if plan is None or not uses_format_2(result):
        return []
    rows: list[KeyResultRow] = []
    milestones: dict[str, list[str]] = {}
    for m in plan.milestones:
        for oid in dict.fromkeys([*m.objectives, *([m.parent] if m.parent else [])]):
            milestones.setdefault(oid, []).append(m.id)
    by_id = {m.id: m for m in reversed(plan.milestones)}
    for o in plan.objectives:
        for k in o.kpis:
            rows.append(
                KeyResultRow(
                    o.id,
                    k.metric,
                    baseline_text(k) or "—",
                    target_text(k) or "not set",
                    deadline_text(k) or "—",
                )
            )
        for mid in milestones.get(o.id, []):
            m = by_id[mid]
            state = "done" if m.done else "not done" if m.done is False else "not said"
            due = m.due.isoformat() if m.due else "—"
            rows.append(KeyResultRow(o.id, f"milestone: {m.label}", "—", state, due))
    return rows


# -- the executive summary

# How many ranked fixes the summary of a report lists.
SUMMARY_FIXES = 3


@dataclass(frozen=True, slots=True)
class Summary:
    """What a client reads first: the total, the random-act spend and the few fixes
    that would raise the total most (raw plan text: escaped by the renderer)."""

    total: int
    yes: int  # questions answered yes
    ram: str  # the random-act spend sentence, as every report words it
    fixes: tuple[Fix, ...]


def summary(result: AuditResult, top: int = SUMMARY_FIXES) -> Summary | None:
    """The executive summary of a scored plan; None for one without a score."""
    from ramaudit.report.ram import ram_sentence
    from ramaudit.score.fixes import fixes_of

    score = result.score
    if score is None:
        return None
    yes = sum(1 for q in score.questions if q.answer == "yes")
    return Summary(score.total, yes, ram_sentence(result.ram_spend), tuple(fixes_of(result, top)))


def points_words(points: int) -> str:
    return f"+{points} point{'s' * (points != 1)}"


FIXES_NOTE = (
    "Each fix is measured by scoring the plan again with it applied, on its own: "
    "the points of two fixes do not simply add up."
)
NO_FIX_NOTE = "No single change raises the total: every criterion is met."


# -- findings by severity and rule

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_WORDS = {
    Severity.ERROR: "Errors: fix these first",
    Severity.WARNING: "Warnings: should be fixed",
    Severity.INFO: "Notes: worth a look",
}


@dataclass(frozen=True, slots=True)
class RuleGroup:
    code: str
    name: str
    summary: str  # the rule's one-line summary
    findings: tuple[Finding, ...]


def finding_groups(findings: Sequence[Finding]) -> list[tuple[Severity, list[RuleGroup]]]:
    """``findings`` by severity (errors first), then by rule (by code), each rule's in
    reading order."""
    by: dict[Severity, dict[str, list[Finding]]] = {}
    for f in sorted(findings, key=lambda f: (f.line, f.column, f.code, f.pointer)):
        by.setdefault(f.severity, {}).setdefault(f.code, []).append(f)
    out = []
    for severity in SEVERITY_ORDER:
        rules = by.get(severity)
        if not rules:
            continue
        groups = []
        for code in sorted(rules):
            rule = rule_class(code)
            group = tuple(rules[code])
            summary_text = rule.doc().summary if rule is not None else ""
            groups.append(RuleGroup(code, group[0].rule, summary_text, group))
        out.append((severity, groups))
    return out


def grouped_shown(result: AuditResult) -> tuple[list[Finding], str | None]:
    """The findings a report lists, grouped order (severity, rule, line), and a note on
    those left out past :data:`MAX_FINDINGS_SHOWN`."""
    ordered = [
        f for _, groups in finding_groups(result.findings) for g in groups for f in g.findings
    ]
    if len(ordered) <= MAX_FINDINGS_SHOWN:
        return ordered, None
    rest: dict[str, int] = {}
    for f in ordered[MAX_FINDINGS_SHOWN:]:
        rest[f.code] = rest.get(f.code, 0) + 1
    counts = ", ".join(f"{code} × {n:,}" for code, n in sorted(rest.items()))
    return ordered[:MAX_FINDINGS_SHOWN], (
        f"The lists stop after the first {MAX_FINDINGS_SHOWN:,} findings; "
        f"{len(ordered) - MAX_FINDINGS_SHOWN:,} more ({counts}). "
        "Run 'ramaudit check' for the full list."
    )


def item_words(result: AuditResult, finding: Finding) -> tuple[str, str]:
    """The kind and name of what a finding is about, as a client reads it ("tactic",
    "Six-month billboard"), never its place in the YAML; the plan itself when it is
    about no item."""
    from ramaudit.core.model import kind_of

    items = result.graph.items if result.graph is not None else {}
    item = items.get(finding.item) if finding.item else None
    if item is not None:
        return kind_of(item), item.label
    if finding.item:
        return "item", finding.item
    return "plan", title(result)


# -- the appendix, for a marketing reader

QUESTION_GUIDE: tuple[tuple[str, str, str], ...] = (
    (
        "Is there a scalable, repeatable process?",
        "The plan runs for a stated period, is reviewed on a regular rhythm, and every "
        "piece of work in it has dates, a person accountable and a budget that fits the "
        "total.",
        "Set a review cadence and a period, then give each tactic a start and end, an "
        "owner and a budget; keep the tactic budgets within the plan budget.",
    ),
    (
        "Is marketing accountable (SMART goals, owners, KPIs)?",
        "Each objective is measured by a number with a starting value, a target beyond "
        "it and a date, on a result the business cares about rather than attention "
        "alone; goals, objectives and tactics each have a named owner.",
        "For every objective, write its KPI as from-where, to-where and by-when, prefer "
        "leads, pipeline or revenue to impressions and likes, and put a name against "
        "everything.",
    ),
    (
        "Is the plan market-driven (segments, voice of the customer)?",
        "The plan says who it is for, backs each segment with what real customers said, "
        "and aims every tactic at one of those segments rather than at everybody.",
        "Define the segments, record interview notes, survey answers or win/loss "
        "reasons for each, and name the segment every tactic is aimed at.",
    ),
    (
        "Is execution efficient (everything aligned, no random acts)?",
        "Every tactic and every unit of budget serves an objective that serves a "
        "business goal; the whole funnel is covered; people beyond marketing take part; "
        "the links in the plan point at real items.",
        "Link each random act (a tactic serving no goal) to the objective it serves, or "
        "cut it and free its budget; plan work for the funnel stages nobody serves; "
        "name the teams outside marketing the plan depends on.",
    ),
)
SEVERITY_GUIDE: tuple[tuple[str, str], ...] = (
    ("error", "must be fixed: while it stands, the question it bears on is answered NO"),
    ("warning", "should be fixed: it costs points or hides a risk"),
    ("info", "worth a look: a gap that may be deliberate"),
)
