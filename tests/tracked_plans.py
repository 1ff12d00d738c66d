"""Plans that record their run, version by version, and git repositories with commits
on fixed days: shared by the tests of ``diff``'s movement and of ``history``."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

# A quarter's plan: one objective with a key result of 100 qualified leads from none,
# a tactic serving it with a budget of 1,000 and a stray tactic (a random act) of 500.
# ``checkins`` and ``expenses`` are YAML flow lists put into the text as written.
TEMPLATE = """\
plan:
  name: Tracked plan
  period: {{start: 2027-01-01, end: 2027-03-31}}
  review_cadence: monthly
goals:
  - id: g1
    name: Grow
    owner: Ana
objectives:
  - id: o1
    goals: g1
    owner: Ana
    kpis:
      - metric: qualified leads
        target: 100
        baseline: 0
        deadline: 2027-03-31
        checkins: [{checkins}]
tactics:
  - id: t1
    objectives: o1
    owner: Ana
    budget: 1000
    expenses: [{expenses}]
    kpis:
      - {{metric: qualified leads, target: 50}}
  - id: t2
    owner: Ana
    budget: 500
    expenses: [{stray}]
"""

UNTRACKED = textwrap.dedent("""\
    plan:
      name: Untracked plan
      review_cadence: monthly
    goals:
      - id: g1
        name: Grow
        owner: Ana
    objectives:
      - id: o1
        goals: g1
        owner: Ana
        kpis:
          - {metric: qualified leads, target: 10, baseline: 5, deadline: 2027-12-31}
    tactics:
      - id: t1
        objectives: o1
        owner: Ana
        budget: 100
        kpis:
          - {metric: qualified leads, target: 5}
""")


def checkin(day: str, value: float, confidence: float | None = None) -> str:
    more = f", confidence: {confidence}" if confidence is not None else ""
    return f"{{date: {day}, value: {value}{more}}}"


def expense(day: str, amount: float) -> str:
    return f"{{date: {day}, amount: {amount}}}"


def tracked(
    checkins: list[str] = [],  # noqa: B006 - read, never changed
    expenses: list[str] = [],  # noqa: B006
    stray: list[str] = [],  # noqa: B006
) -> str:
    return TEMPLATE.format(
        checkins=", ".join(checkins), expenses=", ".join(expenses), stray=", ".join(stray)
    )


# The plan at the end of January, of February, and of February with a stray expense.
JANUARY = tracked([checkin("2027-01-31", 30, 0.8)], [expense("2027-01-15", 200)])
FEBRUARY = tracked(
    [checkin("2027-01-31", 30, 0.8), checkin("2027-02-28", 40)],
    [expense("2027-01-15", 200), expense("2027-02-15", 300)],
    [expense("2027-02-10", 120)],
)


def git(repo: Path, *args: str, day: str | None = None) -> str:
    """Run git in ``repo`` with a fixed identity, ignoring the user's configuration;
    ``day`` (an ISO date-time) dates the commit it makes, author and committer alike."""
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = day
    proc = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def commit(repo: Path, relpath: str, text: str, day: str, message: str) -> str:
    """Write ``text`` to ``relpath``, commit it on ``day``; the commit's short hash."""
    path = repo / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    git(repo, "add", relpath)
    git(repo, "commit", "-q", "-m", message, day=day)
    return git(repo, "rev-parse", "--short", "HEAD").strip()


def new_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    return root
