"""Deterministic synthetic marketing plans for benchmarks.

``plan_text(n)`` writes a plan with ``n`` tactics shaped like a large real export:
about ``n/100`` goals and ``n/10`` objectives, a nested part (the first goals hold
their objectives, which hold their tactics), flat links everywhere else, ~10% orphan
tactics (no link, or a link to an objective that does not exist) and ~20% tactics
without KPIs. The same ``n`` and ``seed`` always give the same bytes. With
``suppressed=True`` every tactic carries a suppression comment on its first line
(``# ramaudit: ignore ...``): the same plan with ``n`` suppressions.

Command line::

    python bench/gen_plan.py plan 10000 bench/out/plan-10000.yaml
    python bench/gen_plan.py portfolio 1000 30 bench/out/portfolio
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

_CHANNELS = (
    "email",
    "paid search",
    "paid social",
    "webinar",
    "events",
    "podcast",
    "website",
    "content",
    "partner",
    "direct mail",
    "sms",
    "in-app",
    "seo",
    "pr",
)
_STAGES = ("awareness", "education", "conversion", "retention", "reach", "act", "convert", "engage")
_VERBS = (
    "Launch",
    "Run",
    "Sponsor",
    "Publish",
    "Refresh",
    "Test",
    "Scale",
    "Host",
    "Build",
    "Pilot",
    "Expand",
    "Automate",
)
_THINGS = (
    "webinar series",
    "nurture flow",
    "comparison pages",
    "customer stories",
    "retargeting campaign",
    "trade-show booth",
    "partner co-marketing",
    "pricing page test",
    "onboarding emails",
    "referral programme",
    "analyst briefing",
    "demo days",
    "podcast sponsorship",
    "community meetups",
    "win-back offer",
    "product tours",
)
_AUDIENCES = (
    "operations leaders",
    "IT admins",
    "finance teams",
    "first-time buyers",
    "lapsed customers",
    "enterprise accounts",
    "mid-market prospects",
    "partners",
)
_OWNERS = (
    "Priya Raman",
    "Marcus Lee",
    "Elena Ruiz",
    "Jun Park",
    "Dana Okafor",
    "Ben Achebe",
    "Marta Silva",
    "Ines Park",
    "Nadia Costa",
    "Tom Becker",
)
_METRICS = (
    "sales accepted leads",
    "pipeline",
    "revenue",
    "opportunities",
    "win rate",
    "retention rate",
    "repeat purchases",
    "expansion revenue",
    "qualified leads",
    "churn rate",
    "email opens",
    "impressions",
)
_GOAL_TYPES = ("new-market", "market-share", "retention", "brand")


def _kpi(rng: random.Random, tracked: bool = False) -> str:
    target = rng.randrange(10, 5000) * 10
    baseline = target * 7 // 10
    # A tracked plan's KPIs carry two check-ins, their values made from the target so
    # that the plan draws the same random numbers as the untracked one.
    readings = (
        f", checkins: [{{date: 2027-03-31, value: {baseline + (target - baseline) // 5}, "
        f"confidence: 0.7}}, {{date: 2027-06-30, value: {baseline + (target - baseline) // 2}, "
        "note: on plan}]"
        if tracked
        else ""
    )
    return (
        f"{{metric: {rng.choice(_METRICS)}, target: {target}, baseline: {baseline}, "
        f"unit: count, deadline: 2027-12-31{readings}}}"
    )


# The comment each tactic of a suppressed plan carries. Every rule: it hides whatever
# the tactic's findings are, and reports (RA900) the comments on tactics that have none.
SUPPRESSION = "  # ramaudit: ignore accepted for the benchmark"


def _tactic_lines(
    rng: random.Random,
    i: int,
    link: str | None,
    indent: str,
    n_segments: int,
    suppressed: bool = False,
    tracked: bool = False,
) -> list[str]:
    """One tactic as YAML lines; ``link`` is the objective id to name (None: no link);
    a tracked one has spend to date and its budget phased over its first three months."""
    month = rng.randrange(1, 10)
    lines = [
        f"{indent}- id: t-{i:06d}" + (SUPPRESSION if suppressed else ""),
        f"{indent}  name: {rng.choice(_VERBS)} {rng.choice(_THINGS)} for "
        f"{rng.choice(_AUDIENCES)} ({i})",
    ]
    if link is not None:
        lines.append(f"{indent}  objectives: {link}")
    lines += [
        f"{indent}  channel: {rng.choice(_CHANNELS)}",
        f"{indent}  stage: {rng.choice(_STAGES)}",
        f"{indent}  segment: seg-{rng.randrange(n_segments):03d}",
        f"{indent}  owner: {rng.choice(_OWNERS)}",
        f"{indent}  budget: {(budget := rng.randrange(1, 200) * 500)}",
        f"{indent}  start: 2027-{month:02d}-01",
        f"{indent}  end: 2027-{month + 3:02d}-28",
    ]
    if tracked:
        phases = ", ".join(f"2027-{month + k:02d}: {budget // 3}" for k in range(3))
        lines += [
            f"{indent}  spent: {budget * (i % 7) // 6}",  # a seventh of them over budget
            f"{indent}  as_of: 2027-06-30",
            f"{indent}  phasing: {{{phases}}}",
        ]
    # ~20% without KPIs: one in five, by a fixed pattern so the share is exact.
    if i % 5 != 4:
        lines.append(f"{indent}  kpis:")
        for _ in range(rng.choice((1, 1, 2))):
            lines.append(f"{indent}    - {_kpi(rng, tracked)}")
    return lines


def plan_text(
    n_tactics: int, seed: int = 2027, suppressed: bool = False, tracked: bool = False
) -> str:
    """A plan with ``n_tactics`` tactics (see the module docstring for its shape);
    ``tracked``: a format 2 plan whose KPIs carry check-ins and whose tactics carry
    spend and phasing, otherwise the same plan."""
    rng = random.Random(seed)
    n_goals = max(1, n_tactics // 100)
    n_objectives = max(1, n_tactics // 10)
    n_segments = max(1, min(50, n_tactics // 200))
    # About 5% of objectives (at least one) are written nested under the first goals,
    # holding their tactics; everything else is flat and linked by id.
    n_nested = max(1, n_objectives // 20)
    n_nested_goals = max(1, n_goals // 20)
    per_goal = -(-n_nested // n_nested_goals)
    per_objective = max(1, n_tactics // n_objectives)

    out = [
        f"# Synthetic plan: {n_tactics} tactics, seed {seed}.",
        *(["version: 2"] if tracked else []),
        "plan:",
        f"  name: Synthetic FY2027 plan with {n_tactics} tactics",
        "  owner: Benchmark Generator",
        "  period: {start: 2027-01-01, end: 2027-12-31}",
        f"  budget: {n_tactics * 60000}",
        "  currency: USD",
        "  review_cadence: monthly",
        "  stakeholders: [marketing, sales, finance]",
        "segments:",
    ]
    for s in range(n_segments):
        out += [
            f"  - id: seg-{s:03d}",
            f"    name: {rng.choice(_AUDIENCES).capitalize()} cohort {s}",
            "    voice_of_customer:",
            f'      - "Interview {s}: we need fewer manual steps."',
        ]

    tactic_no = 0
    objective_no = 0
    nested_objectives: list[str] = []
    out.append("goals:")
    for g in range(n_goals):
        out += [
            f"  - id: g-{g:04d}",
            f"    name: Grow {rng.choice(_AUDIENCES)} revenue in region {g}",
            f"    type: {rng.choice(_GOAL_TYPES)}",
            f"    owner: {rng.choice(_OWNERS)}",
        ]
        if g < n_nested_goals:
            out.append("    objectives:")
            for _ in range(min(per_goal, n_nested - objective_no)):
                oid = f"o-{objective_no:05d}"
                objective_no += 1
                nested_objectives.append(oid)
                out += [
                    f"      - id: {oid}",
                    f"        name: Lift {rng.choice(_METRICS)} for {rng.choice(_AUDIENCES)}",
                    f"        owner: {rng.choice(_OWNERS)}",
                    "        kpis:",
                    f"          - {_kpi(rng, tracked)}",
                    "        tactics:",
                ]
                for _ in range(per_objective):
                    out += _tactic_lines(
                        rng, tactic_no, None, "          ", n_segments, suppressed, tracked
                    )
                    tactic_no += 1

    out.append("objectives:")
    flat_objectives = []
    while objective_no < n_objectives:
        oid = f"o-{objective_no:05d}"
        goal = f"g-{objective_no % n_goals:04d}"
        out += [
            f"  - id: {oid}",
            f"    name: Lift {rng.choice(_METRICS)} for {rng.choice(_AUDIENCES)}",
            f"    goals: {goal}",
            f"    owner: {rng.choice(_OWNERS)}",
            "    kpis:",
            f"      - {_kpi(rng, tracked)}",
        ]
        flat_objectives.append(oid)
        objective_no += 1
    targets = flat_objectives or nested_objectives

    out.append("tactics:")
    while tactic_no < n_tactics:
        # ~10% orphans: every tenth tactic. Most have no link; a few name an objective
        # that does not exist, half of them a typo of one that does (a suggestion).
        if tactic_no % 10 == 7:
            link = None
            if tactic_no % 30 == 7:
                link = f"o-missing-{tactic_no}"
            elif tactic_no % 60 == 17:
                link = targets[tactic_no % len(targets)].replace("o-", "o_", 1)
        else:
            link = targets[tactic_no % len(targets)]
        out += _tactic_lines(rng, tactic_no, link, "  ", n_segments, suppressed, tracked)
        tactic_no += 1
    return "\n".join(out) + "\n"


def write_plan(
    path: str | os.PathLike[str],
    n_tactics: int,
    seed: int = 2027,
    suppressed: bool = False,
    tracked: bool = False,
) -> Path:
    """Write the plan unless an identical one is already there; return its path."""
    target = Path(path)
    text = plan_text(n_tactics, seed, suppressed, tracked)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


def revised_plan_text(n_tactics: int, seed: int = 2027) -> str:
    """The next version of :func:`plan_text`'s plan, for ``diff``: every 50th tactic's
    budget raised by a tenth, every 100th tactic dropped, and the tactics that named
    no objective linked to the first flat one (about 2% of items changed, plus the
    fixed orphans: what a review between two versions of a plan looks like)."""
    first_flat = f"o-{max(1, max(1, n_tactics // 10) // 20):05d}"
    out: list[str] = []
    number = -1  # the tactic whose lines are being copied (-1: not in a tactic)
    dropped = False
    for line in plan_text(n_tactics, seed).splitlines():
        stripped = line.lstrip()
        if stripped.startswith("- id: t-"):
            number = int(stripped[len("- id: t-") :].split()[0])
            dropped = number % 100 == 50
            indent = line[: len(line) - len(stripped)]
            linked = False
        elif number >= 0 and not line.startswith(indent + "  "):
            number = -1  # a line of the next section
            dropped = False
        if dropped:
            continue
        if number >= 0:
            if stripped.startswith("objectives:"):
                linked = True
            if stripped.startswith("channel:") and not linked:
                out.append(f"{indent}  objectives: {first_flat}")
            if stripped.startswith("budget:") and number % 50 == 0:
                line = line.replace(stripped, f"budget: {int(stripped[8:]) * 11 // 10}")
        out.append(line)
    return "\n".join(out) + "\n"


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` unless it already holds exactly that; return the path."""
    target = Path(path)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


CSV_COLUMNS = (
    "type,id,name,parent,owner,channel,stage,segment,budget,start,end,"
    "metric,target,baseline,unit,deadline"
)


def csv_text(n_tactics: int, seed: int = 2027) -> str:
    """A spreadsheet export of a plan of ``n_tactics`` tactics for ``ramaudit import``
    (the columns of docs/import.md): one plan row, segments, goals, objectives with a
    KPI each, tactics linked by ``parent`` (every tenth to an objective that does not
    exist), and a KPI row under four tactics in five."""
    rng = random.Random(seed)
    n_goals = max(1, n_tactics // 100)
    n_objectives = max(1, n_tactics // 10)
    n_segments = max(1, min(50, n_tactics // 200))
    rows = [
        CSV_COLUMNS,
        f"plan,,Synthetic FY2027 plan with {n_tactics} tactics,,Benchmark Generator,,,,"
        f"{n_tactics * 60000},2027-01-01,2027-12-31,,,,,",
    ]
    rows += [f"segment,seg-{s:03d},Cohort {s},,,,,,,,,,,,," for s in range(n_segments)]
    rows += [
        f"goal,g-{g:04d},Grow revenue in region {g},,{rng.choice(_OWNERS)},,,,,,,,,,,"
        for g in range(n_goals)
    ]
    for o in range(n_objectives):
        target = rng.randrange(10, 5000) * 10
        rows.append(
            f"objective,o-{o:05d},Lift {rng.choice(_METRICS)} {o},g-{o % n_goals:04d},"
            f"{rng.choice(_OWNERS)},,,,,,,{rng.choice(_METRICS)},{target},"
            f"{target * 7 // 10},count,2027-12-31"
        )
    for i in range(n_tactics):
        parent = f"o-missing-{i}" if i % 10 == 7 else f"o-{i % n_objectives:05d}"
        month = rng.randrange(1, 10)
        rows.append(
            f"tactic,t-{i:06d},{rng.choice(_VERBS)} {rng.choice(_THINGS)} {i},{parent},"
            f"{rng.choice(_OWNERS)},{rng.choice(_CHANNELS)},{rng.choice(_STAGES)},"
            f"seg-{rng.randrange(n_segments):03d},{rng.randrange(1, 200) * 500},"
            f"2027-{month:02d}-01,2027-{month + 3:02d}-28,,,,,"
        )
        if i % 5 != 4:
            target = rng.randrange(10, 5000) * 10
            rows.append(
                f"kpi,,,t-{i:06d},,,,,,,,{rng.choice(_METRICS)},{target},"
                f"{target * 7 // 10},count,2027-12-31"
            )
    return "\n".join(rows) + "\n"


def write_portfolio(folder: str | os.PathLike[str], n_plans: int, n_tactics: int) -> Path:
    """``n_plans`` plans of ``n_tactics`` tactics each, one seed per plan."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n_plans):
        write_plan(root / f"client-{i:04d}.yaml", n_tactics, seed=i)
    return root


# A workspace: one company plan, departments below it and teams below those, each
# team's tactics linking by bare id to its department's objectives in another file.
WORKSPACE_DEPARTMENTS = 10
_PER_DEPARTMENT_OBJECTIVES = 5


def _header(name: str, parents: str | None, seed: int) -> list[str]:
    lines = [
        f"# Synthetic workspace plan, seed {seed}.",
        "version: 2",
        "plan:",
        f"  name: {name}",
        "  owner: Benchmark Generator",
        "  period: {start: 2027-01-01, end: 2027-12-31}",
        "  currency: USD",
        "  review_cadence: monthly",
    ]
    if parents is not None:
        lines.append(f"  parents: {parents}")
    return lines


def workspace_texts(n_files: int, n_tactics: int) -> dict[str, str]:
    """The files of a workspace of ``n_files`` plans (relative path -> text): a company
    plan, :data:`WORKSPACE_DEPARTMENTS` departments, and teams of ``n_tactics`` tactics
    each (segments of their own; every tactic linked to an objective of its department)."""
    rng = random.Random(n_files)
    files: dict[str, str] = {}
    n_departments = min(WORKSPACE_DEPARTMENTS, max(1, n_files - 2))
    company = [*_header("Company plan", None, 0), "goals:"]
    for g in range(n_departments):
        company += [
            f"  - id: g-{g:02d}",
            f"    name: Grow line {g}",
            "    type: other",
            f"    owner: {rng.choice(_OWNERS)}",
        ]
    company.append("objectives:")
    for g in range(n_departments):
        company += [
            f"  - id: o-c{g:02d}",
            f"    name: Lift {rng.choice(_METRICS)}",
            f"    goals: g-{g:02d}",
            f"    owner: {rng.choice(_OWNERS)}",
            "    kpis:",
            f"      - {_kpi(rng)}",
        ]
    files["plans/company.yaml"] = "\n".join(company) + "\n"
    for d in range(n_departments):
        lines = [*_header(f"Department {d}", "../company.yaml", d), "objectives:"]
        for k in range(_PER_DEPARTMENT_OBJECTIVES):
            lines += [
                f"  - id: o-d{d:02d}-{k}",
                f"    name: Lift {rng.choice(_METRICS)} {k}",
                f"    parents: o-c{d:02d}",
                f"    owner: {rng.choice(_OWNERS)}",
                "    kpis:",
                f"      - {_kpi(rng)}",
            ]
        files[f"plans/dept-{d:02d}/department.yaml"] = "\n".join(lines) + "\n"
    for t in range(max(0, n_files - 1 - n_departments)):
        d = t % n_departments
        lines = [*_header(f"Team {t}", "department.yaml", t), "segments:"]
        lines += [
            f"  - id: seg-{t:04d}",
            f"    name: {rng.choice(_AUDIENCES).capitalize()}",
            "    voice_of_customer:",
            f'      - "Interview {t}: fewer manual steps."',
        ]
        lines.append("tactics:")
        for i in range(n_tactics):
            link = f"o-d{d:02d}-{i % _PER_DEPARTMENT_OBJECTIVES}"
            tactic = _tactic_lines(rng, t * n_tactics + i, link, "  ", 1)
            lines += [ln.replace("seg-000", f"seg-{t:04d}") for ln in tactic]
        files[f"plans/dept-{d:02d}/team-{t:04d}.yaml"] = "\n".join(lines) + "\n"
    files[".ramaudit.toml"] = 'workspace = ["plans/**/*.yaml"]\n'
    return files


def write_workspace(folder: str | os.PathLike[str], n_files: int, n_tactics: int) -> Path:
    """Write :func:`workspace_texts` under ``folder`` (files already identical stay)."""
    root = Path(folder)
    for name, text in workspace_texts(n_files, n_tactics).items():
        target = root / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("plan", help="one plan of N tactics")
    p.add_argument("tactics", type=int)
    p.add_argument("output")
    p.add_argument("--seed", type=int, default=2027)
    p.add_argument("--suppressed", action="store_true", help="a suppression on every tactic")
    f = sub.add_parser("portfolio", help="M plans of K tactics in a folder")
    f.add_argument("plans", type=int)
    f.add_argument("tactics", type=int)
    f.add_argument("output")
    args = parser.parse_args()
    if args.what == "plan":
        print(write_plan(args.output, args.tactics, args.seed, args.suppressed))
    else:
        print(write_portfolio(args.output, args.plans, args.tactics))


if __name__ == "__main__":
    main()
