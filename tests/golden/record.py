"""Golden outputs: what every command prints today, byte for byte, kept as the reference
for refactors that must not change behaviour.

Run as a script::

    python tests/golden/record.py            # rewrite tests/golden/out/ from this commit
    python tests/golden/record.py --check    # compare; print the first diffs; exit 1 on any
    python tests/golden/record.py --check --subprocess   # the same through the installed
                                             # `ramaudit` script, one process per run
    python tests/golden/record.py -k report  # only cases whose name holds "report"

and imported by tests/test_golden.py, which runs each case as one pytest test.

Each case is one or more CLI runs (and sometimes file copies between them) in a
temporary folder that :func:`build_inputs` fills: the example plans, the hostile plans,
the hand-written files in ``tests/golden/inputs/`` (configuration files, a second version
of a plan for ``diff``, a plan with suppression comments, a CSV sheet), plans made by
``bench/gen_plan.py`` (deterministic for a given size and seed, so not stored; the
manifest case ``_inputs`` keeps a SHA-256 of every input file, generated ones included,
so a change in the generator shows as such), and a small git repository for
``diff --since``. Runs happen in that folder, so every path in an output is relative.
Whatever a case writes goes into ``_out/<case>/`` and is recorded in the case's file.

Runs go through typer's CliRunner (its stream and prompt isolation) on the command built
from ``ramaudit.cli.app``, in this process, with two changes: CliRunner pins the help
formatter to 80 columns, where a real run measures the terminal (``COLUMNS``), so the pin
is lifted; and the command is built once, not once per run (building it costs more than a
small check). ``--check --subprocess`` runs the same cases through the ``ramaudit``
script, one process per run, each with its own hash seed: at the commit they were
recorded at, every case agreed byte for byte. (``--subprocess module`` runs
``python -m ramaudit``, whose usage lines say ``python -m ramaudit``: those differ.)

The environment is fixed for every run: COLUMNS=80 (a few cases 40 or 120), NO_COLOR=1,
TZ=UTC, LC_ALL=C.UTF-8, git's global and system configuration ignored, and the variables
that change colour, width or the default format removed (FORCE_COLOR, GITHUB_ACTIONS, TERM
and the others in ``UNSET``). Standard input is empty and no stream is a terminal.

Normalised in the recorded text, and nothing else:

* JUnit ``timestamp="..."`` and ``hostname="..."`` on ``<testsuite>``, to ``"*"``: the
  clock and the machine (``time=`` is always "0", so it is left as it is);
* the date in the report header (``ramaudit 0.1.0 · audited 2026-12-01``), today's date,
  which the CLI cannot pin, to ``<DATE>``;
* in ``init`` starter plans only, the year of the plan's dates and periods, which is
  this year (``<YEAR>-01-15``, ``FY<YEAR>``), to ``<YEAR>``;
* the temporary folder's absolute path, as ``<TMP>``, wherever it shows (SARIF's
  ``originalUriBaseIds`` names the working folder as a file URI).

The version string is kept: it changes only when someone releases, and then the outputs
are recorded again.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import hashlib
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ramaudit import cli

if TYPE_CHECKING:
    from typer.core import TyperGroup
    from typer.testing import CliRunner

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "out"
INPUTS = HERE / "inputs"
MANIFEST = "_inputs"  # the pseudo-case that lists the input files and their hashes

# ---------------------------------------------------------------- the environment

PINNED = {
    "COLUMNS": "80",
    "NO_COLOR": "1",
    "TZ": "UTC",
    "LC_ALL": "C.UTF-8",
    # diff --since runs git: the user's git configuration must not change what it says
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
# Variables that ramaudit, rich or typer read to choose colour, width or format.
UNSET = (
    "FORCE_COLOR",
    "PY_COLORS",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERMINAL_WIDTH",
    "LINES",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "TERM",
    "COLORTERM",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "UNICODE_VERSION",
    "GITHUB_ACTIONS",
    "RAMAUDIT_DEBUG",
    "TYPER_USE_RICH",
    "_TYPER_FORCE_DISABLE_TERMINAL",
    "PYTHONIOENCODING",
)

# ------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Run:
    """One command line (without the program name); ``{out}`` stands for the case's
    scratch folder. ``stdin`` names an input file to feed on standard input."""

    argv: tuple[str, ...]
    stdin: str | None = None


@dataclass(frozen=True)
class Copy:
    """Copy an input file (``src``, relative to the input folder) to ``dst`` (may use
    ``{out}``) before the next run."""

    src: str
    dst: str


Step = Run | Copy


@dataclass(frozen=True)
class Case:
    name: str
    steps: tuple[Step, ...]
    columns: int = 80
    env: tuple[tuple[str, str | None], ...] = ()  # on top of PINNED; None unsets
    cwd: str = "."  # relative to the input folder
    starter_year: bool = False  # normalise the year of an init starter plan's dates
    needs_git: bool = False


def _run(*argv: str, stdin: str | None = None) -> Run:
    return Run(tuple(argv), stdin)


def _case(name: str, *argv: str, **kw: object) -> Case:
    stdin = kw.pop("stdin", None)
    return Case(name, (_run(*argv, stdin=stdin),), **kw)  # type: ignore[arg-type]


EXAMPLES = (
    "local-plumbing",
    "nested-retail",
    "okr-rollup",
    "partner-channel",
    "random-acts",
    "saas-demand-gen",
)
HOSTILE = (
    "alias-bomb",
    "binary",
    "empty",
    "latin1",
    "merge-keys",
    "multi-doc",
    "nul-byte",
    "numbers",
    "odd-ids",
    "top-level-list",
    "top-level-scalar",
    "unsafe-tags",
    "utf16-bom",
    "report-escapes",  # tests/data/report/hostile.yaml: markup in every name
)
CHECK_FORMATS = ("text", "concise", "json", "sarif", "github", "junit")
# A SARIF log is over 100 kB whatever the plan (it carries every rule's help), so only
# these hostile and generated plans get one, to keep tests/golden/out small.
SARIF_HOSTILE = ("binary", "nul-byte", "odd-ids", "report-escapes")
SARIF_GENERATED = ("n10-s8", "n45-s103-suppressed", "n60-s2027")
REPORT_FORMATS = ("html", "markdown")
GRAPH_FORMATS = ("mermaid", "dot", "graphml", "json")
DIFF_FORMATS = ("text", "json", "markdown")
TEXT_JSON = ("text", "json")
RULE_FORMATS = ("text", "markdown", "json")
RULE_CODES = (
    "RA001",
    "RA002",
    "RA003",
    "RA004",
    "RA005",
    "RA006",
    "RA101",
    "RA102",
    "RA103",
    "RA104",
    "RA106",
    "RA107",
    "RA201",
    "RA202",
    "RA203",
    "RA204",
    "RA205",
    "RA206",
    "RA207",
    "RA208",
    "RA301",
    "RA302",
    "RA303",
    "RA304",
    "RA305",
    "RA306",
    "RA307",
    "RA308",
    "RA309",
    "RA310",
    "RA311",
    "RA312",
    "RA900",
    "RA901",
)
# Every command's help, from the table the CLI builds its commands from.
COMMANDS = tuple(cli.COMMANDS)

# Generated plans (bench/gen_plan.py): (tactics, seed, suppressed). Small, so that the
# stored outputs stay small; sizes and seeds spread so that nesting, orphans, typo'd
# links and KPI-less tactics all occur in different mixes.
GENERATED = (
    (3, 1, False),
    (4, 2, False),
    (5, 3, False),
    (6, 4, False),
    (7, 5, False),
    (8, 6, False),
    (9, 7, False),
    (10, 8, False),
    (11, 9, False),
    (12, 10, False),
    (13, 11, False),
    (15, 12, False),
    (17, 13, False),
    (19, 14, False),
    (20, 15, False),
    (22, 16, False),
    (25, 17, False),
    (28, 18, False),
    (30, 19, False),
    (33, 20, False),
    (36, 21, False),
    (40, 22, False),
    (44, 23, False),
    (48, 24, False),
    (52, 25, False),
    (60, 26, False),
    (10, 2027, False),
    (30, 2027, False),
    (60, 2027, False),
    (8, 101, True),
    (20, 102, True),
    (45, 103, True),
)


def gen_name(n: int, seed: int, suppressed: bool) -> str:
    return f"n{n:02d}-s{seed}" + ("-suppressed" if suppressed else "")


def _help_cases() -> list[Case]:
    cases = [
        _case("help-root", "--help"),
        _case("help-no-args"),
        _case("version-long", "--version"),
        _case("version-short", "-V"),
        _case("error-unknown-command", "frobnicate"),
    ]
    cases += [_case(f"help-{cmd}", cmd, "--help") for cmd in COMMANDS]
    for cols in (40, 120):
        cases += [
            _case(f"help-root-cols{cols}", "--help", columns=cols),
            _case(f"help-check-cols{cols}", "check", "--help", columns=cols),
            _case(f"help-diff-cols{cols}", "diff", "-h", columns=cols),
        ]
    return cases


def _check_cases() -> list[Case]:
    cases: list[Case] = []
    ra, ok = "plans/random-acts.yaml", "plans/okr-rollup.yaml"
    for plan in EXAMPLES:
        for fmt in CHECK_FORMATS:
            cases.append(_case(f"check-{fmt}-{plan}", "check", f"plans/{plan}.yaml", "-f", fmt))
    for fmt in CHECK_FORMATS:
        cases += [
            _case(f"check-{fmt}-folder", "check", "plans", "--format", fmt),
            _case(f"check-{fmt}-folder-statistics", "check", "plans", "-f", fmt, "--statistics"),
            _case(f"check-{fmt}-fail-under", "check", ra, ok, "-f", fmt, "--fail-under", "90"),
        ]
    cases += [
        _case("check-default-format-random-acts", "check", ra),
        _case("check-github-actions-default", "check", ra, env=(("GITHUB_ACTIONS", "true"),)),
        _case("check-text-random-acts-statistics", "check", ra, "--statistics"),
        _case("check-text-random-acts-quiet", "check", ra, "-q"),
        _case("check-json-statistics-random-acts", "check", ra, "-f", "json", "--statistics"),
        _case("check-fail-on-warning", "check", "plans/okr-rollup.yaml", "--fail-on", "warning"),
        _case("check-fail-on-info", "check", "plans/local-plumbing.yaml", "--fail-on", "info"),
        _case("check-fail-on-never", "check", ra, "--fail-on", "NEVER", "-f", "concise"),
        _case("check-exit-zero", "check", ra, "--exit-zero", "-f", "concise"),
        _case("check-select-prefix", "check", ra, "--select", "RA1", "-f", "concise"),
        _case("check-select-list", "check", "plans", "--select", "RA101,budget-overrun"),
        _case("check-select-repeated", "check", ra, "--select", "RA2", "--select", "RA3"),
        _case("check-extend-select", "check", ra, "--select", "RA1", "--extend-select", "RA305"),
        _case("check-ignore", "check", ra, "--ignore", "RA2,RA3", "-f", "concise"),
        _case("check-extend-ignore", "check", ra, "--extend-ignore", "orphan-tactic", "-f", "json"),
        _case("check-fail-under-pass", "check", "plans/okr-rollup.yaml", "--fail-under", "50"),
        _case("check-fail-under-unparsed", "check", "hostile/binary.yaml", "--fail-under", "50"),
        _case("check-jobs-1-folder", "check", "plans", "-j", "1", "-f", "concise"),
        _case("check-jobs-2-folder", "check", "plans", "--jobs", "2", "-f", "concise"),
        _case("check-two-files", "check", ra, "plans/okr-rollup.yaml", "-f", "concise"),
        _case("check-same-file-twice", "check", ra, "./" + ra, "-f", "concise"),
        _case("check-hostile-folder-concise", "check", "hostile", "-f", "concise"),
        _case("check-hostile-folder-text", "check", "hostile"),
        _case("check-max-file-size", "check", "plans", "--max-file-size", "5kB", "-f", "concise"),
        _case("check-max-nodes", "check", ra, "--max-nodes", "50", "-f", "concise"),
        _case("check-stdin", "check", "-", "--stdin-filename", "plans/x.yaml", stdin=ra),
        _case("check-stdin-no-name", "check", "-", "-f", "concise", stdin="plans/okr-rollup.yaml"),
        _case("check-stdin-in-cfg", "check", "-", "--stdin-filename", "cfg/x.yaml", stdin=ra),
        _case("check-empty-folder", "check", "empty"),
        _case("check-colour-forced", "check", ra, env=(("NO_COLOR", None), ("FORCE_COLOR", "1"))),
        _case("check-colour-no-color-wins", "check", ra, env=(("FORCE_COLOR", "1"),)),
    ]
    for cols in (40, 120):
        cases += [
            _case(f"check-text-random-acts-cols{cols}", "check", ra, columns=cols),
            _case(f"check-text-folder-cols{cols}", "check", "plans", "--statistics", columns=cols),
            _case(f"check-text-hostile-cols{cols}", "check", "hostile", columns=cols),
        ]
    return cases


def _check_file_cases() -> list[Case]:
    """check with suppression comments, output files and baselines."""
    ra, ok = "plans/random-acts.yaml", "plans/okr-rollup.yaml"
    sup = "suppress/random-acts-suppressed.yaml"
    cases = [
        _case("check-suppressed-text", "check", sup),
        _case("check-suppressed-json", "check", sup, "-f", "json"),
        _case("check-suppressed-require-reason", "check", sup, "--require-reason", "-f", "concise"),
        _case("check-suppressed-sarif", "check", sup, "-f", "sarif", "--require-reason"),
    ]
    # output files
    cases += [
        _case("check-output-json", "check", ok, "-f", "json", "-o", "{out}/ramaudit.json"),
        _case("check-output-text", "check", ra, "-o", "{out}/report.txt"),
        _case("check-output-junit", "check", "plans", "-f", "junit", "-o", "{out}/junit.xml"),
        Case(
            "check-output-exists",
            (
                _run("check", ra, "-f", "json", "-o", "{out}/r.json"),
                _run("check", ra, "-f", "concise", "-o", "{out}/r.json"),
                _run(
                    "check",
                    "plans/okr-rollup.yaml",
                    "-f",
                    "concise",
                    "-o",
                    "{out}/r.json",
                    "--force",
                ),
            ),
        ),
        _case("check-output-onto-plan", "check", ra, "-o", ra),
    ]
    # baselines
    cases += [
        Case(
            "check-baseline",
            (
                Copy(ra, "{out}/plan.yaml"),
                _run("check", "{out}/plan.yaml", "--write-baseline", "{out}/baseline.json"),
                _run("check", "{out}/plan.yaml", "--baseline", "{out}/baseline.json"),
                Copy("diff/random-acts-v2.yaml", "{out}/plan.yaml"),
                _run("check", "{out}/plan.yaml", "--baseline", "{out}/baseline.json"),
                _run("check", "{out}/plan.yaml", "--baseline", "{out}/baseline.json", "-f", "json"),
                _run(
                    "check", "{out}/plan.yaml", "--baseline", "{out}/baseline.json", "-f", "junit"
                ),
            ),
        ),
        Case(
            "check-baseline-folder",
            (
                _run("check", "plans", "--write-baseline", "{out}/bl.json", "-f", "concise"),
                _run("check", "plans", "--baseline", "{out}/bl.json", "-f", "concise"),
                _run("check", "plans", "--baseline", "{out}/bl.json", "--statistics"),
            ),
        ),
        _case("error-baseline-missing", "check", ra, "--baseline", "nowhere.json"),
        _case("error-baseline-not-json", "check", ra, "--baseline", "plans/okr-rollup.yaml"),
    ]
    return cases + _check_fix_cases()


def _check_fix_cases() -> list[Case]:
    """check --fix and --diff (issue 14): what is fixed, what remains, what is refused."""
    fix = "fix/misspelt.yaml"
    cases = [
        _case("check-diff", "check", fix, "--diff"),
        _case("check-diff-escapes", "check", "fix/escapes.yaml", "--diff"),
        _case("check-diff-nothing", "check", "plans/okr-rollup.yaml", "--diff"),
        _case("check-diff-folder", "check", "plans", "hostile", "--diff"),
        _case("check-diff-generated", "check", "gen", "--diff"),
        _case("check-fix-stdin", "check", "-", "--fix", stdin=fix),
        _case("check-diff-stdin", "check", "-", "--diff", "--stdin-filename", fix, stdin=fix),
        Case(
            "check-fix",
            (
                Copy(fix, "{out}/plan.yaml"),
                _run("check", "{out}/plan.yaml", "--fix", "-f", "concise"),
                _run("check", "{out}/plan.yaml", "--fix", "-f", "concise"),
            ),
        ),
        Case(
            "check-fix-json",
            (Copy(fix, "{out}/plan.yaml"), _run("check", "{out}/plan.yaml", "--fix", "-f", "json")),
        ),
        Case(
            "check-fix-utf16",
            (
                Copy("hostile/utf16-bom.yaml", "{out}/plan.yaml"),
                _run("check", "{out}/plan.yaml", "--fix", "-q"),
            ),
        ),
        Case(
            "check-fix-unparseable",
            (
                Copy("fix/broken.yaml", "{out}/plan.yaml"),
                _run("check", "{out}/plan.yaml", "--fix", "-f", "concise"),
            ),
        ),
        _case("error-fix-write-baseline", "check", fix, "--fix", "--write-baseline", "{out}/b"),
        _case("error-diff-output", "check", fix, "--diff", "-o", "{out}/report.txt"),
        _case("error-fix-stdin-and-files", "check", "-", fix, "--fix", stdin=fix),
    ]
    return cases


def _check_config_cases() -> list[Case]:
    """check with configuration files, and check's usage errors."""
    ra = "plans/random-acts.yaml"
    cases = [
        _case("check-cfg-folder-text", "check", "cfg"),
        _case("check-cfg-folder-json", "check", "cfg", "-f", "json"),
        _case("check-cfg-folder-concise", "check", "cfg", "-f", "concise"),
        _case("check-cfg-legacy-file", "check", "cfg/legacy-saas.yaml", "-f", "concise"),
        _case("check-cfg-draft-named", "check", "cfg/drafts/okr.yaml", "-f", "concise"),
        _case("check-cfg-force-exclude", "check", "cfg/drafts/okr.yaml", "--force-exclude"),
        _case("check-cfg-isolated", "check", "cfg", "--isolated", "-f", "concise"),
        _case("check-cfg-flags-win", "check", "cfg", "--fail-on", "error", "--select", "RA3"),
        _case("check-cfgyaml", "check", "cfgyaml", "-f", "concise"),
        _case("check-pyproject", "check", "pyproj"),
        _case("check-config-option", "check", "plans", "--config", "settings/alt.toml"),
        _case(
            "check-config-option-json", "check", ra, "--config", "settings/alt.toml", "-f", "json"
        ),
    ]
    # errors
    cases += [
        _case("error-missing-file", "check", "nothere.yaml"),
        _case(
            "error-missing-file-json",
            "check",
            "nothere.yaml",
            "plans/okr-rollup.yaml",
            "-f",
            "json",
        ),
        _case("error-bad-format", "check", ra, "--format", "nope"),
        _case("error-bad-fail-on", "check", ra, "--fail-on", "bogus"),
        _case("error-bad-jobs", "check", ra, "-j", "0"),
        _case("error-bad-jobs-word", "check", ra, "-j", "many"),
        _case("error-bad-max-file-size", "check", ra, "--max-file-size", "10XB"),
        _case("error-bad-fail-under", "check", ra, "--fail-under", "150"),
        _case("error-bad-fail-under-word", "check", ra, "--fail-under", "lots"),
        _case("error-unknown-code", "check", ra, "--select", "RA999"),
        _case("error-unknown-rule-name", "check", ra, "--ignore", "orphan-tactics"),
        _case("error-unknown-option", "check", ra, "--colour"),
        _case("error-stdin-filename-without-dash", "check", ra, "--stdin-filename", "x.yaml"),
        _case("error-config-missing", "check", ra, "--config", "nowhere.toml"),
        _case("error-bad-config-key", "check", "badcfg-key"),
        _case("error-bad-config-value", "check", "badcfg-value"),
        _case("error-bad-config-yaml", "check", "badcfg-yaml"),
        _case("error-bad-config-rule-option", "check", "badcfg-rule"),
        _case("error-two-config-files", "check", "twocfg"),
        _case("error-bad-config-named", "check", ra, "--config", "badcfg-key/.ramaudit.toml"),
    ]
    return cases


def _hostile_cases() -> list[Case]:
    cases = []
    for plan in HOSTILE:
        for fmt in CHECK_FORMATS:
            if fmt == "sarif" and plan not in SARIF_HOSTILE:
                continue
            cases.append(
                _case(f"hostile-check-{fmt}-{plan}", "check", f"hostile/{plan}.yaml", "-f", fmt)
            )
    for plan in ("report-escapes", "odd-ids", "merge-keys", "numbers"):
        p = f"hostile/{plan}.yaml"
        cases += [
            _case(f"hostile-report-{fmt}-{plan}", "report", p, "-f", fmt) for fmt in REPORT_FORMATS
        ]
        cases += [
            _case(f"hostile-graph-{fmt}-{plan}", "graph", p, "-f", fmt) for fmt in GRAPH_FORMATS
        ]
        cases += [
            _case(f"hostile-explain-{fmt}-{plan}", "explain-score", p, "-f", fmt)
            for fmt in TEXT_JSON
        ]
    cases += [
        _case("hostile-report-markdown-folder", "report", "hostile", "-f", "markdown"),
        _case("hostile-report-html-binary", "report", "hostile/binary.yaml"),
        _case("hostile-explain-binary", "explain-score", "hostile/binary.yaml"),
        _case("hostile-graph-binary", "graph", "hostile/binary.yaml"),
        _case("hostile-explain-empty", "explain-score", "hostile/empty.yaml", "-f", "json"),
    ]
    return cases


def _report_cases() -> list[Case]:
    cases = []
    for plan in EXAMPLES:
        for fmt in REPORT_FORMATS:
            cases.append(
                _case(f"report-{fmt}-{plan}", "report", f"plans/{plan}.yaml", "--format", fmt)
            )
    ra, ok, lp = "plans/random-acts.yaml", "plans/okr-rollup.yaml", "plans/local-plumbing.yaml"
    cases += [
        _case("report-html-folder", "report", "plans"),
        _case("report-markdown-folder", "report", "plans", "-f", "markdown"),
        _case("report-markdown-two-files", "report", ra, "plans/okr-rollup.yaml", "-f", "markdown"),
        _case("report-output-html", "report", lp, "-o", "{out}/audit.html"),
        _case("report-output-md", "report", lp, ok, "-o", "{out}/portfolio.md"),
        _case("report-output-markdown-suffix", "report", lp, "-o", "{out}/audit.markdown"),
        _case(
            "report-output-htm-forced-md", "report", lp, "-o", "{out}/audit.htm", "-f", "markdown"
        ),
        _case("report-exit-zero", "report", ra, "-f", "markdown", "--exit-zero"),
        _case("report-cfg", "report", "cfg", "-f", "markdown"),
        _case("report-isolated", "report", "cfg", "-f", "markdown", "--isolated"),
        _case(
            "report-config-option", "report", ra, "-f", "markdown", "--config", "settings/alt.toml"
        ),
        _case("report-suppressed", "report", "suppress", "-f", "markdown"),
        _case("report-missing-file", "report", "nothere.yaml", ra, "-f", "markdown"),
        _case("error-report-unknown-suffix", "report", ra, "-o", "{out}/audit.txt"),
        _case("error-report-bad-format", "report", ra, "-f", "pdf"),
        Case(
            "report-output-exists",
            (
                _run("report", lp, "-o", "{out}/a.md"),
                _run("report", lp, "-o", "{out}/a.md"),
                _run("report", ok, "-o", "{out}/a.md", "--force"),
            ),
        ),
    ]
    return cases


def _graph_cases() -> list[Case]:
    cases = []
    for plan in EXAMPLES:
        for fmt in GRAPH_FORMATS:
            cases.append(_case(f"graph-{fmt}-{plan}", "graph", f"plans/{plan}.yaml", "-f", fmt))
    ra = "plans/random-acts.yaml"
    cases += [
        _case("graph-default-format", "graph", ra),
        _case("graph-output-dot", "graph", ra, "-o", "{out}/plan.dot"),
        _case("graph-output-gv", "graph", ra, "-o", "{out}/plan.gv"),
        _case("graph-output-graphml", "graph", ra, "-o", "{out}/plan.graphml"),
        _case("graph-output-mmd", "graph", ra, "-o", "{out}/plan.mmd"),
        _case("graph-output-json", "graph", ra, "-o", "{out}/plan.json"),
        _case("graph-cfg", "graph", "cfg/random-acts.yaml", "-f", "json"),
        _case("error-graph-unknown-suffix", "graph", ra, "-o", "{out}/plan.svg"),
        _case("error-graph-bad-format", "graph", ra, "-f", "svg"),
        _case("error-graph-missing", "graph", "nothere.yaml"),
        _case("error-graph-folder", "graph", "plans"),
    ]
    return cases


def _diff_cases() -> list[Case]:
    pairs = {
        "random-acts-v2": ("plans/random-acts.yaml", "diff/random-acts-v2.yaml"),
        "random-acts-v2-back": ("diff/random-acts-v2.yaml", "plans/random-acts.yaml"),
        "gen-seeds": ("gen/n20-s15.yaml", "gen/n22-s16.yaml"),
        "gen-grown": ("gen/n10-s2027.yaml", "gen/n30-s2027.yaml"),
        "same": ("plans/okr-rollup.yaml", "plans/okr-rollup.yaml"),
        "examples": ("plans/saas-demand-gen.yaml", "plans/partner-channel.yaml"),
        "to-unparsed": ("plans/okr-rollup.yaml", "hostile/binary.yaml"),
        "from-unparsed": ("hostile/empty.yaml", "plans/okr-rollup.yaml"),
    }
    cases = []
    for name, (old, new) in pairs.items():
        for fmt in DIFF_FORMATS:
            cases.append(_case(f"diff-{fmt}-{name}", "diff", old, new, "-f", fmt))
    old, new = pairs["random-acts-v2-back"]
    cases += [
        _case("diff-fail-on-regression", "diff", old, new, "--fail-on-regression"),
        _case("diff-no-regression", "diff", new, old, "--fail-on-regression", "-f", "json"),
        _case("diff-output-md", "diff", new, old, "-f", "markdown", "-o", "{out}/diff.md"),
        _case("diff-cfg", "diff", "plans/random-acts.yaml", "cfg/random-acts.yaml"),
        _case("diff-isolated", "diff", new, old, "--isolated", "--config", "settings/alt.toml"),
        _case("diff-config-option", "diff", new, old, "--config", "settings/alt.toml"),
        _case("error-diff-one-plan", "diff", old),
        _case("error-diff-three-plans", "diff", old, new, old),
        _case("error-diff-missing", "diff", old, "nothere.yaml"),
        _case("error-diff-bad-format", "diff", old, new, "-f", "html"),
        _case("error-diff-since-outside-git", "diff", old, "--since", "HEAD"),
    ]
    for cols in (40, 120):
        cases.append(_case(f"diff-text-cols{cols}", "diff", new, old, columns=cols))
    # A plan that records its run: the movement of progress and spend.
    jan, feb = "diff/tracked-jan.yaml", "diff/tracked-feb.yaml"
    cases += [
        _case(f"diff-{fmt}-tracked", "diff", jan, feb, "--as-of", "2027-02-28", "-f", fmt)
        for fmt in DIFF_FORMATS
    ]
    cases.append(_case("error-diff-bad-as-of", "diff", jan, feb, "--as-of", "soon"))
    # git: see _make_git_repo for the history
    git = {"cwd": "git", "needs_git": True}
    cases += [
        _case(f"diff-since-{fmt}", "diff", "plans/plan.yaml", "--since", "HEAD~1", "-f", fmt, **git)
        for fmt in DIFF_FORMATS
    ]
    cases += [
        _case("diff-since-all-text", "diff", "--since", "HEAD", **git),
        _case("diff-since-all-json", "diff", "--since", "HEAD", "-f", "json", **git),
        _case("diff-since-all-markdown", "diff", "--since", "HEAD~1", "-f", "markdown", **git),
        _case("diff-since-renamed", "diff", "plans/new-name.yaml", "--since", "HEAD", **git),
        _case("diff-since-added", "diff", "plans/partner.yaml", "--since", "HEAD", **git),
        _case("diff-since-regression", "diff", "--since", "HEAD~1", "--fail-on-regression", **git),
        _case("error-diff-since-unknown-rev", "diff", "plans/plan.yaml", "--since", "nope", **git),
        _case("error-diff-since-option-rev", "diff", "plans/plan.yaml", "--since", "-x", **git),
        _case("error-diff-since-two-plans", "diff", "a.yaml", "b.yaml", "--since", "HEAD", **git),
    ]
    cases += [
        _case(f"history-{fmt}", "history", "plans/plan.yaml", "-f", fmt, **git)
        for fmt in DIFF_FORMATS
    ]
    cases += [
        _case("error-history-staged-only", "history", "plans/new-name.yaml", **git),
        _case("history-since", "history", "plans/plan.yaml", "--since", "HEAD~1", **git),
        _case("history-max-count", "history", "plans/plan.yaml", "-n", "1", "-f", "json", **git),
        _case("error-history-untracked", "history", "plans/partner.yaml", **git),
        _case("error-history-unknown-rev", "history", "plans/plan.yaml", "--since", "nope", **git),
        _case("error-history-outside-git", "history", "plans/random-acts.yaml"),
    ]
    return cases


def _explain_cases() -> list[Case]:
    cases = []
    for plan in EXAMPLES:
        for fmt in TEXT_JSON:
            cases.append(
                _case(f"explain-{fmt}-{plan}", "explain-score", f"plans/{plan}.yaml", "-f", fmt)
            )
    ra = "plans/random-acts.yaml"
    cases += [
        _case("explain-default-format", "explain-score", ra),
        _case("explain-top-text", "explain-score", ra, "--top", "3"),
        _case("explain-top-json", "explain-score", ra, "--top", "3", "-f", "json"),
        _case("explain-top-complete", "explain-score", "plans/saas-demand-gen.yaml", "--top", "2"),
        _case("error-explain-top-zero", "explain-score", ra, "--top", "0"),
        _case("explain-cfg", "explain-score", "cfg/random-acts.yaml"),
        _case(
            "explain-isolated", "explain-score", "cfg/random-acts.yaml", "--isolated", "-f", "json"
        ),
        _case("explain-config-option", "explain-score", ra, "--config", "settings/alt.toml"),
        _case("explain-suppressed", "explain-score", "suppress/random-acts-suppressed.yaml"),
        _case(
            "explain-colour-forced",
            "explain-score",
            ra,
            env=(("NO_COLOR", None), ("FORCE_COLOR", "1")),
        ),
        _case("error-explain-missing", "explain-score", "nothere.yaml"),
        _case("error-explain-bad-format", "explain-score", ra, "-f", "markdown"),
        _case("error-explain-folder", "explain-score", "plans"),
    ]
    for cols in (40, 120):
        cases.append(_case(f"explain-text-cols{cols}", "explain-score", ra, columns=cols))
    return cases


def _rule_cases() -> list[Case]:
    cases = [_case(f"rules-{fmt}", "rules", "-f", fmt) for fmt in TEXT_JSON]
    cases += [_case(f"rules-text-cols{cols}", "rules", columns=cols) for cols in (40, 120)]
    for code in RULE_CODES:
        for fmt in RULE_FORMATS:
            cases.append(_case(f"rule-{fmt}-{code}", "rule", code, "-f", fmt))
    cases += [
        _case("rule-by-name", "rule", "orphan-tactic"),
        _case("rule-lower-case-code", "rule", "ra305", "-f", "json"),
        _case("rule-text-cols40", "rule", "RA101", columns=40),
        _case("error-rule-unknown", "rule", "RA999"),
        _case("error-rule-near-name", "rule", "orphan-tactics"),
        _case("error-rule-bad-format", "rule", "RA101", "-f", "html"),
        _case("error-rule-missing-code", "rule"),
        _case("error-rules-bad-format", "rules", "-f", "markdown"),
    ]
    return cases


def _config_cases() -> list[Case]:
    cases = []
    targets = {
        "default": (),
        "cfg": ("cfg",),
        "cfg-plan": ("cfg/random-acts.yaml",),
        "cfg-legacy": ("cfg/legacy-saas.yaml",),
        "cfgyaml": ("cfgyaml",),
        "pyproject": ("pyproj",),
        "plans": ("plans",),
    }
    for name, args in targets.items():
        for fmt in TEXT_JSON:
            cases.append(_case(f"config-{fmt}-{name}", "config", "--show", *args, "-f", fmt))
    cases += [
        _case("config-isolated", "config", "--show", "cfg", "--isolated"),
        _case("config-config-option", "config", "--show", "--config", "settings/alt.toml"),
        _case(
            "config-config-option-json",
            "config",
            "--show",
            "cfg",
            "--config",
            "settings/alt.toml",
            "-f",
            "json",
        ),
        _case(
            "config-flags",
            "config",
            "--show",
            "cfg",
            "--select",
            "RA1",
            "--extend-select",
            "RA305",
            "--ignore",
            "RA101",
            "--extend-ignore",
            "RA102",
            "--fail-on",
            "info",
            "--fail-under",
            "50",
            "--require-reason",
        ),
        _case(
            "config-flags-json",
            "config",
            "--show",
            "--select",
            "RA2,RA3",
            "--fail-under",
            "75",
            "-f",
            "json",
        ),
        _case("config-without-show", "config"),
        _case("config-without-show-path", "config", "cfg"),
        _case("error-config-bad-key", "config", "--show", "badcfg-key"),
        _case("error-config-bad-value", "config", "--show", "badcfg-value", "-f", "json"),
        _case("error-config-bad-yaml", "config", "--show", "badcfg-yaml"),
        _case("error-config-bad-rule-option", "config", "--show", "badcfg-rule"),
        _case("error-config-two-files", "config", "--show", "twocfg"),
        _case("error-config-missing-path", "config", "--show", "nowhere"),
        _case("error-config-bad-format", "config", "--show", "-f", "yaml"),
        _case("error-config-unknown-select", "config", "--show", "--select", "RA0"),
    ]
    for cols in (40, 120):
        cases.append(_case(f"config-text-cfg-cols{cols}", "config", "--show", "cfg", columns=cols))
    return cases


def _misc_cases() -> list[Case]:
    year = {"starter_year": True}
    cases = [
        _case("schema", "schema"),
        _case("schema-help-cols120", "schema", "--help", columns=120),
        _case("init-stdout", "init", "-", "--no-input", **year),
        _case("init-file", "init", "{out}/plan.yaml", "--no-input", **year),
        _case("init-default-name", "init", "--no-input", cwd="_out/init-default-name", **year),
        _case("init-list-examples", "init", "--list-examples"),
        _case("init-example-file", "init", "--example", "okr-rollup", "{out}/okr.yaml"),
        _case("init-example-suffix", "init", "-e", "local-plumbing.yaml", "-"),
        _case("error-init-unknown-example", "init", "--example", "nope", "-"),
        Case(
            "init-exists",
            (
                _run("init", "{out}/plan.yaml", "--no-input"),
                _run("init", "{out}/plan.yaml", "--example", "random-acts"),
                _run("init", "{out}/plan.yaml", "--example", "random-acts", "--force"),
            ),
            starter_year=True,
        ),
    ]
    cases += [_case(f"init-example-{plan}", "init", "--example", plan, "-") for plan in EXAMPLES]
    csv = "data/saas-demand-gen.csv"
    euro = "import/euro.csv"
    cases += [
        _case("import-stdout", "import", csv),
        _case("import-output", "import", csv, "-o", "{out}/plan.yaml"),
        _case("import-strict", "import", csv, "--strict"),
        _case("import-decimal-comma", "import", csv, "--decimal", ","),
        _case("import-euro", "import", euro),
        _case("import-euro-strict", "import", euro, "--strict", "-o", "{out}/plan.yaml"),
        _case("import-euro-decimal-dot", "import", euro, "--decimal", "."),
        Case(
            "import-then-check",
            (
                _run("import", csv, "-o", "{out}/plan.yaml"),
                _run("check", "{out}/plan.yaml", "-f", "concise"),
                _run("import", csv, "-o", "{out}/plan.yaml"),
                _run("import", euro, "-o", "{out}/plan.yaml", "--force"),
                _run("check", "{out}/plan.yaml", "-f", "concise"),
            ),
        ),
        _case("error-import-missing", "import", "nothere.csv"),
        _case("error-import-bad-decimal", "import", csv, "--decimal", ";"),
        _case("error-import-not-csv", "import", "hostile/binary.yaml"),
        _case("error-import-yaml", "import", "plans/okr-rollup.yaml"),
    ]
    return cases


def _generated_cases() -> list[Case]:
    cases = []
    for n, seed, suppressed in GENERATED:
        name = gen_name(n, seed, suppressed)
        p = f"gen/{name}.yaml"
        cases += [
            _case(f"gen-check-json-{name}", "check", p, "-f", "json"),
            _case(f"gen-check-text-{name}", "check", p),
            _case(f"gen-explain-json-{name}", "explain-score", p, "-f", "json"),
            _case(f"gen-report-markdown-{name}", "report", p, "-f", "markdown"),
        ]
        if name in SARIF_GENERATED:
            cases.append(_case(f"gen-check-sarif-{name}", "check", p, "-f", "sarif"))
    cases += [
        _case("gen-check-concise-folder", "check", "gen", "-f", "concise", "--statistics"),
        # -j 1: worker processes cost a second here; the folder cases above and the
        # hostile folder run in them (the default for several files)
        _case("gen-check-text-folder-quiet", "check", "gen", "-q", "--select", "RA1", "-j", "1"),
        _case(
            "gen-check-junit-two",
            "check",
            "gen/n05-s3.yaml",
            "gen/n08-s101-suppressed.yaml",
            "-f",
            "junit",
            "--fail-on",
            "warning",
        ),
        _case(
            "gen-check-json-folder-statistics",
            "check",
            "gen",
            "-f",
            "json",
            "--statistics",
            "-j",
            "1",
        ),
        _case("gen-graph-mermaid-n30", "graph", "gen/n30-s19.yaml"),
        _case("gen-graph-json-n60", "graph", "gen/n60-s2027.yaml", "-f", "json"),
        _case(
            "gen-check-require-reason", "check", "gen/n20-s102-suppressed.yaml", "--require-reason"
        ),
    ]
    return cases


# Plans that record their run, read on a fixed day (``--as-of``): in their own folder,
# so that the cases over ``plans/`` read the same six examples as before.
TRACKING = ("tracking-demo",)
STATUS_FORMATS = ("text", "json", "markdown")
AS_OF = ("--as-of", "2027-02-15")


def _status_cases() -> list[Case]:
    demo = "tracking/tracking-demo.yaml"
    cases = [
        _case(f"status-{fmt}-{plan}", "status", f"tracking/{plan}.yaml", *AS_OF, "-f", fmt)
        for plan in TRACKING
        for fmt in STATUS_FORMATS
    ]
    cases += [
        _case("status-default-format", "status", demo, *AS_OF),
        _case("status-before-the-quarter", "status", demo, "--as-of", "2026-12-01"),
        _case("status-after-the-quarter", "status", demo, "--as-of", "2027-04-15", "-f", "json"),
        _case("status-text-after-the-quarter", "status", demo, "--as-of", "2027-04-15"),
        _case("status-fail-on-off-track", "status", demo, *AS_OF, "--fail-on", "off-track"),
        _case("status-fail-on-at-risk", "status", demo, *AS_OF, "--fail-on", "at-risk"),
        _case("status-untracked-v1", "status", "plans/okr-rollup.yaml", *AS_OF),
        _case("status-folder-json", "status", "plans", "tracking", *AS_OF, "-f", "json"),
        _case("status-hostile", "status", "hostile/report-escapes.yaml", *AS_OF),
        _case("status-hostile-markdown", "status", "hostile", *AS_OF, "-f", "markdown"),
        _case("status-output-md", "status", demo, *AS_OF, "-o", "{out}/status.md"),
        _case(
            "status-colour-forced",
            "status",
            demo,
            *AS_OF,
            env=(("NO_COLOR", None), ("FORCE_COLOR", "1")),
        ),
        _case("error-status-no-plan", "status"),
        _case("error-status-missing", "status", "nothere.yaml", *AS_OF),
        _case("error-status-bad-as-of", "status", demo, "--as-of", "15/02/2027"),
        _case("error-status-bad-fail-on", "status", demo, "--fail-on", "sometimes"),
        _case("error-status-bad-format", "status", demo, "-f", "sarif"),
    ]
    for cols in (40, 120):
        cases.append(_case(f"status-text-cols{cols}", "status", demo, *AS_OF, columns=cols))
    return cases


def all_cases() -> list[Case]:
    cases = (
        _help_cases()
        + _check_cases()
        + _check_file_cases()
        + _check_config_cases()
        + _hostile_cases()
        + _report_cases()
        + _graph_cases()
        + _diff_cases()
        + _explain_cases()
        + _rule_cases()
        + _config_cases()
        + _misc_cases()
        + _generated_cases()
        + _status_cases()
    )
    names = [c.name for c in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"case names used twice: {duplicates}"
    return cases


CASES = all_cases()

# ------------------------------------------------------------------------ inputs


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_golden_gen_plan", ROOT / "bench" / "gen_plan.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CONFIG_NAMES = (".ramaudit.toml", ".ramaudit.yaml", ".ramaudit.yml", "pyproject.toml")

# Example plans copied next to the hand-written configuration files.
PLAN_COPIES = (
    ("random-acts", "cfg/random-acts.yaml"),
    ("saas-demand-gen", "cfg/legacy-saas.yaml"),
    ("okr-rollup", "cfg/drafts/okr.yaml"),
    ("random-acts", "cfgyaml/random-acts.yaml"),
    ("partner-channel", "cfgyaml/partner-channel.yaml"),
    ("random-acts", "pyproj/random-acts.yaml"),
    ("okr-rollup", "badcfg-key/okr.yaml"),
    ("okr-rollup", "badcfg-value/okr.yaml"),
    ("okr-rollup", "badcfg-yaml/okr.yaml"),
    ("okr-rollup", "badcfg-rule/okr.yaml"),
    ("okr-rollup", "twocfg/okr.yaml"),
)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Golden",
    "GIT_AUTHOR_EMAIL": "golden@example.invalid",
    "GIT_COMMITTER_NAME": "Golden",
    "GIT_COMMITTER_EMAIL": "golden@example.invalid",
    "GIT_AUTHOR_DATE": "2027-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2027-01-01T00:00:00Z",
}


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, **PINNED, **GIT_ENV}
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


def _make_git_repo(repo: Path) -> None:
    """Two commits and a dirty working tree: plan.yaml changed in the second commit,
    okr.yaml changed in the working tree, old-name.yaml renamed, partner.yaml new."""
    plans = repo / "plans"
    plans.mkdir(parents=True)
    examples = ROOT / "examples" / "plans"
    shutil.copy(examples / "random-acts.yaml", plans / "plan.yaml")
    shutil.copy(examples / "okr-rollup.yaml", plans / "okr.yaml")
    shutil.copy(examples / "local-plumbing.yaml", plans / "old-name.yaml")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    shutil.copy(INPUTS / "diff" / "random-acts-v2.yaml", plans / "plan.yaml")
    _git(repo, "commit", "-q", "-am", "second")
    okr = (plans / "okr.yaml").read_text(encoding="utf-8")
    assert okr.count("  budget: 150000\n") == 1
    (plans / "okr.yaml").write_text(
        okr.replace("  budget: 150000\n", "  budget: 90000\n"), encoding="utf-8"
    )
    _git(repo, "mv", "plans/old-name.yaml", "plans/new-name.yaml")
    shutil.copy(examples / "partner-channel.yaml", plans / "partner.yaml")


def git_available() -> bool:
    return shutil.which("git") is not None


def _refuse_stray_config(root: Path) -> None:
    """Configuration is searched upward from each plan's folder, and ``diff --since``
    looks for the git repository around the working folder: a configuration file or a
    repository above the input folder would change the outputs."""
    for folder in (root, *root.parents):
        for name in (*CONFIG_NAMES, ".git"):
            if (folder / name).exists():
                raise RuntimeError(
                    f"{folder / name} would be read by the golden cases; "
                    "run them elsewhere (set TMPDIR) or remove it"
                )


def build_inputs(root: Path) -> None:
    """Fill the empty folder ``root`` with every input the cases read."""
    _refuse_stray_config(root)
    (root / "plans").mkdir()
    for name in EXAMPLES:
        shutil.copy(ROOT / "examples" / "plans" / f"{name}.yaml", root / "plans")
    (root / "tracking").mkdir()
    for name in TRACKING:
        shutil.copy(ROOT / "examples" / "plans" / f"{name}.yaml", root / "tracking")
    hostile = root / "hostile"
    hostile.mkdir()
    for name in HOSTILE[:-1]:
        shutil.copy(ROOT / "tests" / "hostile" / f"{name}.yaml", hostile)
    shutil.copy(
        ROOT / "tests" / "data" / "report" / "hostile.yaml", hostile / "report-escapes.yaml"
    )
    (root / "data").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "saas-demand-gen.csv", root / "data")
    shutil.copytree(INPUTS, root, dirs_exist_ok=True)
    for example, dst in PLAN_COPIES:
        (root / dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "examples" / "plans" / f"{example}.yaml", root / dst)
    gen = _load_generator()
    (root / "gen").mkdir()
    for n, seed, suppressed in GENERATED:
        text = gen.plan_text(n, seed, suppressed)
        (root / "gen" / f"{gen_name(n, seed, suppressed)}.yaml").write_text(text, encoding="utf-8")
    (root / "empty").mkdir()
    (root / "_out").mkdir()
    if git_available():
        _make_git_repo(root / "git")


def manifest(root: Path) -> str:
    """Every input file with its size and SHA-256 (git's own files left out): recorded
    as the case ``_inputs``, so that a changed input shows as one."""
    lines = ["# golden inputs: path, bytes, sha256"]
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or rel.startswith(("_out/", "git/.git/")):
            continue
        data = path.read_bytes()
        lines.append(f"{rel}  {len(data)}  {hashlib.sha256(data).hexdigest()}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ running cases


@dataclass
class Outcome:
    exit_code: int
    stdout: bytes
    stderr: bytes


def _environment(case: Case) -> dict[str, str | None]:
    env: dict[str, str | None] = {name: None for name in UNSET}
    env.update(PINNED)
    env["COLUMNS"] = str(case.columns)
    env.update(dict(case.env))
    return env


@contextlib.contextmanager
def _process_state(env: dict[str, str | None], cwd: Path) -> Iterator[None]:
    """This process's environment and working folder for one case, put back after."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    try:
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        time.tzset()
        os.chdir(cwd)
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        time.tzset()


_COMMAND: list[TyperGroup] = []  # the command built from ramaudit.cli.app, once


def _command() -> TyperGroup:
    """The command a real run builds from ``ramaudit.cli.app``. Built once: building
    it costs twice what a small check does, and it keeps no state between runs."""
    if not _COMMAND:
        import typer.core
        import typer.main

        from ramaudit.cli import app

        command = typer.main.get_command(app)
        assert isinstance(command, typer.core.TyperGroup)
        _COMMAND.append(command)
    return _COMMAND[0]


def _runner() -> CliRunner:
    import typer.testing

    class Runner(typer.testing.CliRunner):
        """CliRunner as a real run would be: the help formatter measures COLUMNS
        (CliRunner pins it to 80 columns, which a real run never does)."""

        @contextlib.contextmanager
        def isolation(self, *args: Any, **kwargs: Any) -> Iterator[Any]:  # as CliRunner's
            with super().isolation(*args, **kwargs) as streams:
                typer.testing.formatting.FORCED_WIDTH = None
                yield streams

    return Runner()


def _in_process(argv: Sequence[str], stdin: bytes | None) -> Outcome:
    """One run through CliRunner's stream and prompt isolation, on the command built
    once (CliRunner.invoke would build it again for every run)."""
    runner = _runner()
    with runner.isolation(input=stdin) as (out, err, _):
        try:
            _command().main(args=list(argv), prog_name="ramaudit")
            code = 0
        except SystemExit as done:
            if done.code is None or isinstance(done.code, int):
                code = done.code or 0
            else:  # sys.exit("text"): the interpreter prints it to stderr
                print(done.code, file=sys.stderr)
                code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return Outcome(code, out.getvalue(), err.getvalue())


def _subprocess_command(mode: str) -> list[str]:
    if mode == "module":
        return [sys.executable, "-m", "ramaudit"]
    script = Path(sys.executable).with_name("ramaudit")
    if not script.exists():
        raise SystemExit(f"no ramaudit script next to {sys.executable}")
    return [str(script)]


def _in_subprocess(argv: Sequence[str], stdin: bytes | None, mode: str) -> Outcome:
    proc = subprocess.run(
        [*_subprocess_command(mode), *argv],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        check=False,
    )
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def _text(data: bytes) -> str:
    # surrogateescape: bytes that are not UTF-8 survive the round trip through the file
    return data.decode("utf-8", "surrogateescape")


def _block(text: str) -> str:
    if not text or text.endswith("\n"):
        return text
    return text + "\n\\ no newline at end\n"


_JUNIT_SUITE = re.compile(r"<testsuite\b[^>]*>")
_JUNIT_CLOCK = re.compile(r'(\s(?:timestamp|hostname)=")[^"]*(")')
_AUDITED = re.compile(r"(ramaudit \S+ · audited )\d{4}-\d{2}-\d{2}")


def normalise(text: str, root: Path, starter_year: bool) -> str:
    """Take out what changes from run to run (see the module docstring)."""
    for path in sorted({str(root), os.path.realpath(root)}, key=len, reverse=True):
        text = text.replace(path, "<TMP>")
    text = _JUNIT_SUITE.sub(lambda m: _JUNIT_CLOCK.sub(r"\1*\2", m.group()), text)
    text = _AUDITED.sub(r"\1<DATE>", text)
    if starter_year:
        # Dates (2026-01-15) and periods (FY2026, Q1 2026): the year as a whole number.
        text = re.sub(rf"(?<![0-9]){dt.date.today().year}(?![0-9])", "<YEAR>", text)
    return text


def _fill(arg: str, out: str) -> str:
    return arg.replace("{out}", out)


def _uses_scratch(case: Case) -> bool:
    """Whether ``case`` writes into its scratch folder (or runs in it)."""
    texts = [case.cwd]
    for step in case.steps:
        texts += step.argv if isinstance(step, Run) else (step.dst,)
    return any("{out}" in text or text.startswith("_out/") for text in texts)


def run_case(case: Case, root: Path, mode: str = "inprocess") -> str:
    """Run ``case`` in the input folder ``root`` and return its recorded text. ``mode``
    is ``inprocess`` (CliRunner), ``script`` (the ramaudit script in a subprocess) or
    ``module`` (``python -m ramaudit``, whose help says 'python -m ramaudit')."""
    scratch = root / "_out" / case.name
    if scratch.exists():
        shutil.rmtree(scratch)
    # Only cases that write files get a scratch folder: making and removing one costs
    # more than a small run. A run that writes into the inputs anyway is caught by the
    # manifest, checked after every case (tests/test_golden.py).
    if _uses_scratch(case):
        scratch.mkdir(parents=True)
    cwd = root / case.cwd
    cwd.mkdir(parents=True, exist_ok=True)
    out = os.path.relpath(scratch, cwd)
    head = [f"# golden case: {case.name}", f"# columns: {case.columns}"]
    for key, value in case.env:
        head.append(f"# env: {key}={value}" if value is not None else f"# env: {key} unset")
    if case.cwd != ".":
        head.append(f"# cwd: {case.cwd}")
    parts = ["\n".join(head) + "\n"]
    copied: dict[Path, bytes] = {}
    env = _environment(case)
    try:
        with _process_state(env, cwd):
            for step in case.steps:
                if isinstance(step, Copy):
                    dst = cwd / _fill(step.dst, out)
                    data = (root / step.src).read_bytes()
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    dst.write_bytes(data)
                    copied[dst.resolve()] = data
                    parts.append(f"\n# copy {step.src} -> {_fill(step.dst, out)}\n")
                    continue
                argv = [_fill(a, out) for a in step.argv]
                stdin = (root / step.stdin).read_bytes() if step.stdin else None
                if mode == "inprocess":
                    got = _in_process(argv, stdin)
                else:
                    got = _in_subprocess(argv, stdin, mode)
                lines = [f"\n$ ramaudit {shlex.join(argv)}"]
                if step.stdin:
                    lines.append(f"# stdin: {step.stdin}")
                lines += [f"# exit: {got.exit_code}", "--- stdout ---", ""]
                parts.append("\n".join(lines))
                parts.append(_block(_text(got.stdout)))
                parts.append("--- stderr ---\n")
                parts.append(_block(_text(got.stderr)))
        written = scratch.rglob("*") if scratch.exists() else ()
        for path in sorted(p for p in written if p.is_file()):
            data = path.read_bytes()
            if copied.get(path.resolve()) == data:
                continue
            parts.append(f"\n=== file {os.path.relpath(path, cwd)} ===\n")
            parts.append(_block(_text(data)))
    finally:
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)
    return normalise("".join(parts), root, case.starter_year)


def stored_path(name: str) -> Path:
    return OUT / f"{name}.txt"


def read_stored(name: str) -> str | None:
    path = stored_path(name)
    if not path.exists():
        return None
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return f.read()


def write_stored(name: str, text: str) -> None:
    with open(stored_path(name), "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
        f.write(text)


def short_diff(name: str, want: str | None, got: str, limit: int = 60) -> str:
    """A unified diff of the stored text (``want``) against this run's, cut to
    ``limit`` lines."""
    if want is None:
        return (
            f"{name}: no stored output ({stored_path(name)}); record it with tests/golden/record.py"
        )
    lines = list(
        difflib.unified_diff(
            want.splitlines(keepends=True),
            got.splitlines(keepends=True),
            fromfile=f"stored/{name}.txt",
            tofile=f"now/{name}.txt",
            n=2,
        )
    )
    shown = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:limit])
    if len(lines) > limit:
        shown += f"... {len(lines) - limit} more diff lines\n"
    return shown


@contextlib.contextmanager
def input_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="ramaudit-golden-") as tmp:
        root = Path(tmp) / "in"
        root.mkdir()
        build_inputs(root)
        yield root


# --------------------------------------------------------------------- the script


@dataclass
class _Tally:
    same: int = 0
    changed: list[str] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Record or check the golden outputs.")
    parser.add_argument("--check", action="store_true", help="compare instead of recording")
    parser.add_argument(
        "--subprocess",
        nargs="?",
        const="script",
        choices=("script", "module"),
        help="run each command in its own process: the ramaudit script (default) or "
        "python -m ramaudit",
    )
    parser.add_argument("-k", dest="pattern", help="only cases whose name contains this")
    parser.add_argument("--show", type=int, default=3, help="diffs to print with --check")
    args = parser.parse_args(argv)

    cases = [c for c in CASES if not args.pattern or args.pattern in c.name]
    mode = args.subprocess or "inprocess"
    skipped = [c.name for c in cases if c.needs_git and not git_available()]
    if skipped and not args.check:
        raise SystemExit("git is needed to record the diff --since cases")
    tally = _Tally()
    started = time.perf_counter()
    OUT.mkdir(exist_ok=True)
    with input_folder() as root:
        texts = {}
        for case in cases:
            if case.name not in skipped:
                texts[case.name] = run_case(case, root, mode)
        if not args.pattern:  # after the runs: none of them may have changed an input
            texts[MANIFEST] = manifest(root)
    for name, text in texts.items():
        want = read_stored(name)
        if want == text:
            tally.same += 1
            continue
        tally.changed.append(name)
        if args.check:
            if len(tally.changed) <= args.show:
                print(short_diff(name, want, text))
        else:
            write_stored(name, text)
    stale = []
    if not args.pattern:
        known = {c.name for c in CASES} | {MANIFEST}
        stale = sorted(p.stem for p in OUT.glob("*.txt") if p.stem not in known)
    elapsed = time.perf_counter() - started
    if args.check:
        for name in stale:
            print(f"stale: {stored_path(name)} belongs to no case")
        not_run = f", {len(skipped)} skipped (no git)" if skipped else ""
        which = f": {', '.join(tally.changed[:20])}" if tally.changed else ""
        print(
            f"{len(texts)} cases checked ({mode}) in {elapsed:.1f}s: {tally.same} same, "
            f"{len(tally.changed)} different{not_run}{which}"
        )
        return 1 if tally.changed or stale else 0
    for name in stale:
        stored_path(name).unlink()
    size = sum(p.stat().st_size for p in OUT.glob("*.txt"))
    print(
        f"{len(texts)} cases recorded in {elapsed:.1f}s: {len(tally.changed)} written, "
        f"{tally.same} unchanged, {len(stale)} stale removed; {size / 1e6:.2f} MB in {OUT}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
