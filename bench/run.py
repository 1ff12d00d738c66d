"""Benchmark ramaudit against references measured in the same run.

One command, from the repository root, with the package and yamllint installed
(``pip install -e '.[dev,server]'``)::

    python bench/run.py                  # the full table (about an hour: run --only cases)
    python bench/run.py --quick          # small sizes, one repeat, targets not judged
    python bench/run.py --only commands,curve --repeats 3
    python bench/run.py --profile small  # the top of a profile (bench/profiles.py)
    python bench/run.py --results bench/RESULTS.md   # also write the table there

Every case runs ramaudit and its reference as separate processes, alternately, several
times, and compares medians: absolute times drift on shared machines, ratios much less.
Beside each figure is its floor, the physical limit of the same work measured in the same
alternation, as a ratio to the same reference: libyaml's raw event parse of the same
input (``yaml.parse`` with the CSafeLoader, every event consumed) for the plans, the
import of the five dependencies plus that parse for one small plan, the bare interpreter
for start-up, two CPU burners for a parallel speed-up. Peak memory is each process's
maximum resident set (``wait4``; with worker processes, the largest of them). Generated
plans go to ``bench/out/`` (not committed); ramaudit's bytecode is compiled first, as an
install from a wheel has it. The exit code is 1 when a judged target is missed.

The cases (``--only``, comma-separated) are listed in ``CASES`` below with the issue whose
targets they judge; ``python bench/run.py --list`` prints them. Sizes: the issues' (10,000
and 100,000 tactics, 1,000 files of 30, a curve up to 300,000 tactics) in a full run, which
takes about an hour on 2 CPUs, most of it the 100,000-tactic commands (one round after no
warm-up there, and one run of the 300,000-tactic plan, whose file is generated once into
bench/out); a tenth or less with ``--quick``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from gen_plan import (  # noqa: E402
    csv_text,
    plan_text,
    revised_plan_text,
    write_plan,
    write_portfolio,
    write_text,
    write_workspace,
)

PY = sys.executable
LOAD_ONE = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
# The floor under any audit of a plan: libyaml's events, every one consumed, nothing built.
PARSE_ONE = (
    "import sys, yaml\nfor _ in yaml.parse(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader):\n"
    "    pass"
)
LOAD_FILES = (
    "import sys, yaml\nfor f in sys.argv[1:]:\n"
    "    yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)"
)
PARSE_FILES = (
    "import sys, yaml\nfor f in sys.argv[1:]:\n"
    "    for _ in yaml.parse(open(f, 'rb'), Loader=yaml.CSafeLoader):\n        pass"
)
LOAD_ALL = (
    "import sys, yaml, pathlib\n"
    "for f in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)"
)
PARSE_ALL = (
    "import sys, yaml, pathlib\n"
    "for f in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    for _ in yaml.parse(open(f, 'rb'), Loader=yaml.CSafeLoader):\n        pass"
)
IMPORTS = "import typer, pydantic, yaml, rich, networkx"
# The floor for checking a few small files: the declared dependencies imported and the
# files loaded (start-up dominates; a bare load of three small files takes milliseconds).
IMPORT_AND_LOAD = IMPORTS + "\n" + LOAD_FILES
# The physical limit of `check` of small plans with this stack: its imports and the parse.
IMPORT_AND_PARSE = IMPORTS + "\n" + PARSE_FILES
# The floor of `import`: reading the sheet with the csv module.
READ_CSV = "import csv, sys\nfor _ in csv.reader(open(sys.argv[1], newline='')):\n    pass"
# CPU burners: the same arithmetic in one process, or split over K forked ones. Their
# speed-up is what the machine allows any `--jobs K` at that moment.
BURN = """import os, sys
n, k = int(sys.argv[1]), int(sys.argv[2])
def burn(m):
    x = 0
    for i in range(m):
        x += i
pids = []
for _ in range(k - 1):
    pid = os.fork()
    if pid == 0:
        burn(n // k)
        os._exit(0)
    pids.append(pid)
burn(n // k)
for pid in pids:
    os.waitpid(pid, 0)
"""
# The tracked plan of 100,000 tactics is about 61 MB, over the default 50 MB limit: the
# status cases give the command a configuration file that raises it.
BIG_FILES = 'max-file-size = "200MB"\n'
# The curve's largest plan (300,000 tactics) is 115 MB and about 11 million YAML values,
# over check's default limits (50 MiB, 10 million): every size of the curve is checked
# with these raised, so that all sizes run the same command.
BIG_PLAN_LIMITS = ("--max-file-size", "500MB", "--max-nodes", "100000000")
# Time per tactic (above start-up) may vary this much from the cheapest size to the
# dearest and still count as constant: at 1,000 tactics the work above start-up is
# about as long as start-up itself, so a few percent of noise in either measurement
# moves the difference by ten; beyond that tolerance the growth is the code's, a
# quadratic step or a cache that stops fitting.
PER_TACTIC_TOLERANCE = 1.25


def tool(name: str) -> list[str]:
    """The console script installed next to this Python, else ``python -m``."""
    script = Path(PY).with_name(name)
    if script.exists():
        return [str(script)]
    found = shutil.which(name)
    return [found] if found else [PY, "-m", name]


@dataclass
class Runs:
    walls: list[float] = field(default_factory=list)
    peaks_kb: list[int] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak_mb(self) -> float:
        return statistics.median(self.peaks_kb) / 1024


def run_once(cmd: list[str], runs: Runs, ok: tuple[int, ...] = (0, 1)) -> None:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stderr is not None
    err = proc.stderr.read()  # drained before waiting, so a chatty process cannot block
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.decode()[-2000:]}")
    runs.walls.append(wall)
    runs.peaks_kb.append(usage.ru_maxrss)


def measure(pair: dict[str, list[str]], repeats: int, warm_up: bool = True) -> dict[str, Runs]:
    """Run each command of ``pair`` ``repeats`` times, alternating, after one warm-up
    (none with ``warm_up=False``: for the plans whose single run takes minutes)."""
    out = {name: Runs() for name in pair}
    if warm_up:
        for cmd in pair.values():
            run_once(cmd, Runs())
    for _ in range(repeats):
        for name, cmd in pair.items():
            run_once(cmd, out[name])
    return out


Target = tuple[str, Callable[[float], bool]]


@dataclass
class Row:
    case: str
    measured: str
    reference: str
    ratio: float
    target: str
    met: bool | None  # None: printed, not judged
    floor: str = "–"
    note: str = ""


def at_most(limit: float) -> Target:
    return f"≤ {limit:g}×", lambda r: r <= limit


def at_least(limit: float) -> Target:
    return f"≥ {limit:g}×", lambda r: r >= limit


def describe(runs: Runs, memory: bool = False) -> str:
    text = f"{runs.wall:.3f} s"
    return text + (f", {runs.peak_mb:.0f} MB" if memory else "")


def floor_of(floor: Runs | None, ref: Runs, memory: bool = False) -> str:
    """The floor's figure and its ratio to the same reference (time, or peak memory)."""
    if floor is None:
        return "–"
    if memory:
        return f"{floor.peak_mb:.0f} MB = {floor.peak_mb / ref.peak_mb:.2f}×"
    return f"{floor.wall:.3f} s = {floor.wall / ref.wall:.2f}×"


def row(
    case: str,
    ours: Runs,
    ref: Runs,
    target: Target | None,
    memory: bool = False,
    floor: Runs | None = None,
    note: str = "",
) -> Row:
    ratio = ours.wall / ref.wall
    return Row(
        case,
        describe(ours, memory),
        describe(ref, memory),
        ratio,
        target[0] if target else "(printed)",
        target[1](ratio) if target else None,
        floor_of(floor, ref),
        note,
    )


def memory_row(
    case: str, ours: Runs, ref: Runs, limit: float, floor: Runs | None = None, note: str = ""
) -> Row:
    ratio = ours.peak_mb / ref.peak_mb
    return Row(
        case,
        f"{ours.peak_mb:.0f} MB",
        f"{ref.peak_mb:.0f} MB",
        ratio,
        f"≤ {limit:g}×",
        ratio <= limit,
        floor_of(floor, ref, memory=True),
        note,
    )


def compile_package() -> None:
    """Compile ramaudit's bytecode, as pip does when it installs a wheel. An editable
    install run with PYTHONDONTWRITEBYTECODE set (as some sandboxes do) would otherwise
    compile every module from source on every run, which no installed copy does."""
    import ramaudit

    package = Path(ramaudit.__file__).parent
    subprocess.run([PY, "-m", "compileall", "-q", str(package)], check=True)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


@dataclass(frozen=True)
class Sizes:
    """How big each case is: the issues' sizes, or a quick run's."""

    quick: bool
    small: int  # tactics of the one small plan (issue 15)
    large: int
    huge: int
    n_plans: int
    per_plan: int
    n_suppressed: int
    precommit: int  # files of the pre-commit run
    curve: tuple[int, ...]
    repeats: int
    slow_repeats: int
    burn: int  # iterations of the CPU burners

    @classmethod
    def make(cls, quick: bool, repeats: int | None) -> Sizes:
        common = {"small": 30, "per_plan": 30, "precommit": 50}
        if quick:
            return cls(
                quick=True, large=500, huge=1_500, n_plans=100, n_suppressed=1_000,
                curve=(1_000, 2_000, 4_000), repeats=repeats or 1, slow_repeats=repeats or 1,
                burn=5_000_000, **common,
            )  # fmt: skip
        return cls(
            quick=False, large=10_000, huge=100_000, n_plans=1_000, n_suppressed=20_000,
            curve=(1_000, 3_000, 10_000, 30_000, 100_000, 300_000), repeats=repeats or 5,
            slow_repeats=repeats or 3, burn=30_000_000, **common,
        )  # fmt: skip


class Bench:
    """One run: its sizes, the tools, and what several cases share (measured once)."""

    def __init__(self, sizes: Sizes) -> None:
        self.sizes = sizes
        self.ramaudit = tool("ramaudit")
        self.yamllint = tool("yamllint")
        self.memo: dict[str, dict[str, Runs]] = {}
        self.small_example = ROOT / "examples" / "plans" / "saas-demand-gen.yaml"

    def step(self, title: str) -> None:
        print(f"  {title} ...", flush=True)

    def check(self, *arguments: str) -> list[str]:
        return [*self.ramaudit, "check", *arguments]

    @cache  # noqa: B019 - one Bench per run
    def plan(self, n: int, **kind: bool) -> Path:
        suffix = "".join(f"-{k}" for k, v in sorted(kind.items()) if v)
        return write_plan(OUT / f"plan-{n}{suffix}.yaml", n, **kind)

    @cache  # noqa: B019
    def portfolio(self, n_plans: int) -> Path:
        per_plan = self.sizes.per_plan
        return write_portfolio(OUT / f"portfolio-{n_plans}x{per_plan}", n_plans, per_plan)

    @cache  # noqa: B019
    def workspace(self, n_files: int) -> Path:
        per_plan = self.sizes.per_plan
        return write_workspace(OUT / f"workspace-{n_files}x{per_plan}", n_files, per_plan)

    def machine_speedup(self) -> Runs:
        """Two CPU burners against one, measured once per run: ``walls`` holds the
        speed-ups, so its median is what any --jobs 2 could reach here."""
        if "burners" not in self.memo:
            n = str(self.sizes.burn)
            m = measure(
                {"one": [PY, "-c", BURN, n, "1"], "two": [PY, "-c", BURN, n, "2"]},
                max(self.sizes.repeats, 3),
            )
            speedups = [a / b for a, b in zip(m["one"].walls, m["two"].walls, strict=True)]
            self.memo["burners"] = {"speedup": Runs(walls=speedups)}
        return self.memo["burners"]["speedup"]


Case = Callable[[Bench], list[Row]]


# Issue 6: the first targets (a large and a huge plan, the peer linter, a small plan,
# a portfolio, suppressions, start-up).


def large_case(b: Bench) -> list[Row]:
    n = b.sizes.large
    b.step(f"large plan ({n:,} tactics)")
    m = plan_check(b, n)
    return [
        row(
            f"large plan, {n:,} tactics",
            m["json"],
            m["ref"],
            at_most(1.0),
            True,
            m["floor"],
            "issue 6; `check --format json`",
        )
    ]


def plan_check(b: Bench, n: int) -> dict[str, Runs]:
    """`check --format json` of the plan of ``n`` tactics, its bare load and raw parse;
    the commands case measures it with every other command, and shares its runs."""
    key = f"check-{n}"
    if key not in b.memo:
        plan = str(b.plan(n))
        b.memo[key] = measure(
            {
                "json": b.check("--format", "json", plan),
                "ref": [PY, "-c", LOAD_ONE, plan],
                "floor": [PY, "-c", PARSE_ONE, plan],
            },
            b.sizes.slow_repeats if n >= b.sizes.huge else b.sizes.repeats,
        )
    return b.memo[key]


def huge_case(b: Bench) -> list[Row]:
    large, huge = b.sizes.large, b.sizes.huge
    small = plan_check(b, large)
    b.step(f"huge plan ({huge:,} tactics)")
    m = plan_check(b, huge)
    ours_scale = m["json"].wall / small["json"].wall
    ref_scale = m["ref"].wall / small["ref"].wall
    floor_scale = m["floor"].wall / small["floor"].wall
    return [
        row(
            f"huge plan, {huge:,} tactics",
            m["json"],
            m["ref"],
            at_most(1.0),
            True,
            m["floor"],
            "issue 6; `check --format json`",
        ),
        memory_row(
            f"huge plan, {huge:,} tactics: peak memory",
            m["json"],
            m["ref"],
            1.2,
            m["floor"],
            "issue 6",
        ),
        Row(
            f"scaling, time at {huge:,} / time at {large:,}",
            f"{ours_scale:.2f}×",
            f"{ref_scale:.2f}× (loader)",
            ours_scale / ref_scale,
            "≤ 1.1×",
            ours_scale / ref_scale <= 1.1,
            f"{floor_scale:.2f}× (raw parse)",
            "issue 6",
        ),
    ]


def linter_case(b: Bench) -> list[Row]:
    n = b.sizes.large
    b.step("peer linter (yamllint)")
    plan = str(b.plan(n))
    m = measure(
        {
            "ours": b.check(plan),
            "ref": [*b.yamllint, "-d", "relaxed", plan],
            "floor": [PY, "-c", PARSE_ONE, plan],
        },
        b.sizes.slow_repeats,
    )
    return [
        row(
            f"peer linter, {n:,} tactics (yamllint -d relaxed)",
            m["ours"],
            m["ref"],
            at_most(0.25),
            floor=m["floor"],
            note="issue 6",
        )
    ]


def small_case(b: Bench) -> list[Row]:
    b.step("small plan")
    example = str(b.small_example)
    m = measure(
        {
            "ours": b.check(example),
            "ref": [PY, "-c", IMPORTS],
            "floor": [PY, "-c", IMPORT_AND_PARSE, example],
        },
        max(b.sizes.repeats, 11),
    )
    return [
        row(
            "small plan (an example), vs importing the five dependencies",
            m["ours"],
            m["ref"],
            at_most(1.3),
            floor=m["floor"],
            note="issue 13; floor: the imports and the raw parse of the file",
        )
    ]


def portfolio_case(b: Bench) -> list[Row]:
    """Issues 6 and 15: a folder of small plans with the default --jobs, --jobs 1 and
    --jobs 2 against one process bare-loading them all; memory at a quarter of the files."""
    n, per = b.sizes.n_plans, b.sizes.per_plan
    return many_files_rows(b, "portfolio", b.portfolio(n), b.portfolio(n // 4), n, per)


def many_files_rows(
    b: Bench, name: str, folder: Path, quarter: Path, n: int, per: int, plans: str = ""
) -> list[Row]:
    """The rows of issue 15 (and issues 6 and 13) for ``folder``'s ``n`` files."""
    target = str(folder / plans) if plans else str(folder)
    b.step(f"{name} ({n:,} files × {per} tactics)")
    m = measure(
        {
            "default": b.check(target),
            "one": b.check("--jobs", "1", target),
            "two": b.check("--jobs", "2", target),
            "ref": [PY, "-c", LOAD_ALL, target],
            "floor": [PY, "-c", PARSE_ALL, target],
        },
        b.sizes.repeats,
    )
    speedup = b.machine_speedup()
    rows = []
    if name == "portfolio":
        rows.append(
            row(
                f"portfolio, {n:,} plans × {per} tactics",
                m["default"],
                m["ref"],
                at_most(1.5),
                floor=m["floor"],
                note="issue 6; default --jobs",
            )
        )
    else:
        rows.append(
            row(
                f"workspace, {n:,} files × {per} tactics, `check plans/`",
                m["default"],
                m["ref"],
                at_most(1.5),
                floor=m["floor"],
                # The issue names `check plans/` as typed, and flags where it means
                # them (`--jobs 2` against `--jobs 1`): the default --jobs, as for
                # the portfolio. --jobs 1 is the row printed below.
                note="issue 13; as typed (default --jobs)",
            )
        )
    rows.append(
        row(
            f"{name}, {n:,} files × {per} tactics, default --jobs",
            m["default"],
            m["ref"],
            at_most(1.2),
            floor=m["floor"],
            note="issue 15",
        )
    )
    rows.append(
        row(
            f"{name}, {n:,} files × {per} tactics, --jobs 1",
            m["one"],
            m["ref"],
            None,
            floor=m["floor"],
            note="issue 15, printed",
        )
    )
    rows.append(speedup_row(name, m["one"], m["two"], 1.6, speedup, "issue 6/13"))
    rows.append(speedup_row(name, m["one"], m["two"], 1.8, speedup, "issue 15"))
    q = n // 4
    b.step(f"{name} memory ({q:,} files, --jobs 1)")
    quarter_target = str(quarter / plans) if plans else str(quarter)
    mq = measure(
        {
            "one": b.check("--jobs", "1", quarter_target),
            "floor": [PY, "-c", PARSE_ALL, quarter_target],
        },
        1 if b.sizes.quick else 2,
    )
    rows.append(
        Row(
            f"{name}: peak memory of --jobs 1 at {n:,} files / at {q:,}",
            f"{m['one'].peak_mb:.0f} MB",
            f"{mq['one'].peak_mb:.0f} MB",
            m["one"].peak_mb / mq["one"].peak_mb,
            "≤ 1.2×",
            m["one"].peak_mb / mq["one"].peak_mb <= 1.2,
            f"{m['floor'].peak_mb / mq['floor'].peak_mb:.2f}× (raw parse)",
            "issue 15: flat in the number of files",
        )
    )
    if name == "workspace":
        rows.append(team_row(b, n, per))
    return rows


def speedup_row(
    case: str, one: Runs, two: Runs, limit: float, machine: Runs, note: str = ""
) -> Row:
    """``case`` with --jobs 2 against --jobs 1: higher is better. The floor here is a
    ceiling: what two CPU burners reach on the machine in the same run."""
    speedup = one.wall / two.wall
    return Row(
        f"{case}, --jobs 2 (speed-up over --jobs 1)",
        describe(two),
        describe(one) + " (--jobs 1)",
        speedup,
        f"≥ {limit:g}× faster",
        speedup >= limit,
        f"{machine.wall:.2f}× (two CPU burners)",
        note,
    )


def suppressions_case(b: Bench) -> list[Row]:
    n = b.sizes.n_suppressed
    b.step(f"suppressions ({n:,} suppressed tactics)")
    plain, suppressed = b.plan(n), b.plan(n, suppressed=True)
    m = measure(
        {
            "ours": b.check("--format", "json", str(suppressed)),
            "ref": b.check("--format", "json", str(plain)),
        },
        b.sizes.repeats,
    )
    return [
        row(
            f"suppressions, {n:,} tactics each with one (vs the same plan without them)",
            m["ours"],
            m["ref"],
            at_most(1.5),
            note="issue 6",
        )
    ]


def status_case(b: Bench) -> list[Row]:
    n = b.sizes.huge
    b.step(f"status ({n:,} tactics with check-ins, spend and phasing)")
    tracked = str(b.plan(n, tracked=True))
    m = measure(
        {
            "ours": [*status_command(b), "--format", "json", tracked],
            "ref": [PY, "-c", LOAD_ONE, tracked],
            "floor": [PY, "-c", PARSE_ONE, tracked],
        },
        b.sizes.slow_repeats,
    )
    return [
        row(
            f"status, {n:,} tactics with check-ins, spend and phasing "
            "(`ramaudit status --format json`)",
            m["ours"],
            m["ref"],
            at_most(1.0),
            True,
            m["floor"],
            "issue 12",
        )
    ]


def status_command(b: Bench) -> list[str]:
    big = OUT / "big-files.toml"
    write_text(big, BIG_FILES)
    return [*b.ramaudit, "status", "--as-of", "2027-07-01", "--config", str(big)]


def workspace_case(b: Bench) -> list[Row]:
    """Issues 13 and 15: a workspace of linked plans (one company, departments, teams
    of 30 tactics; its .ramaudit.toml declares the workspace)."""
    n, per = b.sizes.n_plans, b.sizes.per_plan
    return many_files_rows(b, "workspace", b.workspace(n), b.workspace(n // 4), n, per, "plans")


def team_case(b: Bench) -> list[Row]:
    return [team_row(b, b.sizes.n_plans, b.sizes.per_plan)]


def team_row(b: Bench, n_files: int, per_plan: int) -> Row:
    """One team file of the workspace with its ancestry (--isolated: no workspace
    setting, so the files it reads are itself, its department and the company)."""
    plans = b.workspace(n_files) / "plans"
    b.step("one team file with its ancestry")
    team = plans / "dept-00" / "team-0000.yaml"
    read = [str(p) for p in (team, plans / "dept-00" / "department.yaml", plans / "company.yaml")]
    m = measure(
        {
            "ours": b.check("--isolated", str(team)),
            "ref": [PY, "-c", IMPORT_AND_LOAD, *read],
            "floor": [PY, "-c", IMPORT_AND_PARSE, *read],
        },
        max(b.sizes.repeats, 10),
    )
    return row(
        "one team file with its ancestry (vs importing the deps and loading the 3 files)",
        m["ours"],
        m["ref"],
        at_most(1.3),
        floor=m["floor"],
        note="issue 13",
    )


def server_case(b: Bench) -> list[Row]:
    """Issues 14 and 15: the language server, from an edit (``didChange``) to its
    diagnostics (``publishDiagnostics``), through pygls's client over stdio. The
    1,000-tactic plan has absolute targets (100 ms, then 50 ms); the large one is compared
    with a ``check`` of the same file, run alternately with the edits while the server
    is idle. The floor is libyaml's raw parse of the text, in one process."""
    from server_case import latencies, raw_parse, warm_audit

    quick = b.sizes.quick
    small, large = (200, 2_000) if quick else (1_000, 10_000)
    repeats = max(b.sizes.repeats, 9)
    step_plan = b.plan(small)
    b.step(f"server ({small:,} tactics, edit to diagnostics)")
    edits = Runs(walls=latencies(step_plan, repeats, OUT))
    audit = warm_audit(step_plan, repeats)
    parse = raw_parse(step_plan, repeats)
    rows = []
    for limit, issue in ((0.1, 14), (0.05, 15)):
        rows.append(
            Row(
                f"server, {small:,} tactics: an edit to its diagnostics (vs {limit * 1000:.0f} ms)",
                describe(edits),
                f"{limit:.3f} s",
                edits.wall / limit,
                "≤ 1×",
                edits.wall <= limit,
                f"{parse:.3f} s = {parse / limit:.2f}×",
                f"issue {issue}; a warm in-process audit of the file took {audit * 1000:.0f} ms",
            )
        )
    big_plan = str(b.plan(large))
    b.step(f"server ({large:,} tactics, vs check)")
    check = Runs()
    run_once(b.check(big_plan), Runs())  # warm-up
    walls = latencies(Path(big_plan), repeats, OUT, lambda: run_once(b.check(big_plan), check))
    rows.append(
        row(
            f"server, {large:,} tactics: an edit to its diagnostics (vs `check` of the file)",
            Runs(walls=walls),
            check,
            at_most(1.2),
            note="issue 14",
        )
    )
    return rows


def startup_case(b: Bench) -> list[Row]:
    b.step("start-up")
    m = measure(
        {
            "ours": [*b.ramaudit, "--version"],
            "ref": [PY, "-c", "import typer"],
            "floor": [PY, "-c", "pass"],
        },
        max(b.sizes.repeats, 15),
    )
    case = "start-up, `ramaudit --version` vs `import typer`"
    return [
        row(case, m["ours"], m["ref"], at_most(1.3), floor=m["floor"], note="issue 13"),
        row(case, m["ours"], m["ref"], at_most(1.0), floor=m["floor"], note="issue 15"),
    ]


# Issue 15: ramaudit's own cost near zero on top of its stack.


def check_formats() -> list[str]:
    """check's output formats, from ramaudit's format registry."""
    from ramaudit.report.formats import CHECK

    return list(CHECK.names)


def small_formats_case(b: Bench) -> list[Row]:
    """One plan of 30 tactics, `check` in every format, against a process that only
    imports the five dependencies; yamllint on the same file beside it."""
    n = b.sizes.small
    plan = str(b.plan(n))
    formats = check_formats()
    b.step(f"one plan of {n} tactics, check in {len(formats)} formats")
    pair = {f: b.check("--format", f, plan) for f in formats}
    pair |= {
        "ref": [PY, "-c", IMPORTS],
        "yamllint": [*b.yamllint, "-d", "relaxed", plan],
        "floor": [PY, "-c", IMPORT_AND_PARSE, plan],
    }
    m = measure(pair, max(b.sizes.repeats, 2 if b.sizes.quick else 11))
    lint = m["yamllint"]
    return [
        row(
            f"one plan of {n} tactics, `check --format {f}` vs importing the five deps",
            m[f],
            m["ref"],
            at_most(1.1),
            floor=m["floor"],
            note=f"issue 15; yamllint -d relaxed {lint.wall:.3f} s: "
            f"{m[f].wall / lint.wall:.2f}× yamllint",
        )
        for f in formats
    ]


def precommit_case(b: Bench) -> list[Row]:
    """A pre-commit hook: the 50 changed plans of 30 tactics named on one command line."""
    n, per = b.sizes.precommit, b.sizes.per_plan
    folder = write_portfolio(OUT / f"precommit-{n}x{per}", n, per)
    files = [str(p) for p in sorted(folder.glob("*.yaml"))]
    b.step(f"pre-commit ({n} plans × {per} tactics)")
    m = measure(
        {
            "default": b.check(*files),
            "one": b.check("--jobs", "1", *files),
            "ref": [*b.yamllint, "-d", "relaxed", *files],
            "floor": [PY, "-c", IMPORT_AND_PARSE, *files],
        },
        max(b.sizes.repeats, 2 if b.sizes.quick else 5),
    )
    case = f"pre-commit, {n} plans × {per} tactics in one `check`, vs one yamllint -d relaxed"
    return [
        row(
            case + " (default --jobs)",
            m["default"],
            m["ref"],
            at_most(0.4),
            floor=m["floor"],
            note="issue 15; floor: the imports and the raw parse of the files",
        ),
        row(
            case + " (--jobs 1)",
            m["one"],
            m["ref"],
            None,
            floor=m["floor"],
            note="issue 15, printed",
        ),
    ]


def big_commands(b: Bench, n: int) -> dict[str, tuple[list[str], str]]:
    """Every command of issue 15 on the plan of ``n`` tactics: name -> (command, the
    reference it is measured against)."""
    plan = str(b.plan(n))
    older = write_text(OUT / f"plan-{n}-older.yaml", plan_text(n))
    newer = write_text(OUT / f"plan-{n}-revised.yaml", revised_plan_text(n))
    tracked = str(b.plan(n, tracked=True))
    sheet = write_text(OUT / f"sheet-{n}.csv", csv_text(n))
    imported = OUT / f"imported-{n}.yaml"
    baseline = OUT / f"baseline-{n}.json"
    subprocess.run(
        [*b.ramaudit, "import", str(sheet), "-o", str(imported), "--force"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        b.check("--write-baseline", str(baseline), plan),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    formats = check_formats() if n < b.sizes.huge else ["text", "json", "sarif"]
    commands = {f"check --format {f}": (b.check("--format", f, plan), "plan") for f in formats}
    commands |= {
        "report (html)": ([*b.ramaudit, "report", plan], "plan"),
        "report --format markdown": ([*b.ramaudit, "report", "--format", "markdown", plan], "plan"),
        "graph (mermaid)": ([*b.ramaudit, "graph", plan], "plan"),
        "graph --format json": ([*b.ramaudit, "graph", "--format", "json", plan], "plan"),
        "diff OLD NEW": ([*b.ramaudit, "diff", str(older), str(newer)], "both"),
        "explain-score": ([*b.ramaudit, "explain-score", plan], "plan"),
        "status (tracked plan)": ([*status_command(b), tracked], "tracked"),
        "check --write-baseline": (
            b.check("--write-baseline", str(OUT / f"baseline-{n}-written.json"), plan),
            "plan",
        ),
        "check --baseline": (b.check("--baseline", str(baseline), plan), "plan"),
        "import CSV": ([*b.ramaudit, "import", str(sheet)], "imported"),
    }
    references = {
        "plan": ([PY, "-c", LOAD_ONE, plan], [PY, "-c", PARSE_ONE, plan]),
        "both": (
            [PY, "-c", LOAD_FILES, str(older), str(newer)],
            [PY, "-c", PARSE_FILES, str(older), str(newer)],
        ),
        "tracked": ([PY, "-c", LOAD_ONE, tracked], [PY, "-c", PARSE_ONE, tracked]),
        "imported": ([PY, "-c", LOAD_ONE, str(imported)], [PY, "-c", READ_CSV, str(sheet)]),
    }
    out = dict(commands)
    for key, (ref, floor) in references.items():
        out[f"ref:{key}"] = (ref, key)
        out[f"floor:{key}"] = (floor, key)
    return out


REFERENCE_WORDS = {
    "plan": "a bare load of the plan",
    "both": "a bare load of both versions, one process",
    "tracked": "a bare load of the tracked plan",
    "imported": "a bare load of the YAML it writes; floor: reading the CSV",
}


def commands_rows(b: Bench, n: int) -> list[Row]:
    """Issue 15 at ``n`` tactics: check ≤ 0.5×, every other command ≤ 0.7× its bare
    load, check's peak memory ≤ 0.8× the bare load's."""
    commands = big_commands(b, n)
    huge = n >= b.sizes.huge and not b.sizes.quick
    repeats = b.sizes.slow_repeats if huge else b.sizes.repeats
    b.step(f"every command at {n:,} tactics ({len(commands)} processes a round)")
    # Past 100,000 tactics one round takes many minutes: the OS cache is warm from
    # generating the files, so the warm-up round is skipped there.
    m = measure({k: cmd for k, (cmd, _) in commands.items()}, repeats, warm_up=not huge)
    if "check --format json" in m:
        b.memo.setdefault(
            f"check-{n}",
            {"json": m["check --format json"], "ref": m["ref:plan"], "floor": m["floor:plan"]},
        )
    rows = []
    for name, (_, key) in commands.items():
        if name.startswith(("ref:", "floor:")):
            continue
        limit = 0.5 if name.startswith("check --format") else 0.7
        rows.append(
            row(
                f"{n:,} tactics, `{name}`",
                m[name],
                m[f"ref:{key}"],
                at_most(limit),
                floor=m[f"floor:{key}"],
                note=f"issue 15; vs {REFERENCE_WORDS[key]}"
                + (f"; {repeats} run(s), no warm-up" if huge else ""),
            )
        )
    rows.append(
        memory_row(
            f"{n:,} tactics, `check --format json`: peak memory",
            m["check --format json"],
            m["ref:plan"],
            0.8,
            m["floor:plan"],
            "issue 15; vs the bare load's peak",
        )
    )
    return rows


def commands_case(b: Bench) -> list[Row]:
    return commands_rows(b, b.sizes.large)


def commands_huge_case(b: Bench) -> list[Row]:
    return commands_rows(b, b.sizes.huge)


def curve_case(b: Bench) -> list[Row]:
    """Time per tactic above start-up, from the smallest size to the largest: the
    check of each plan less the check of a 10-tactic plan, over the tactics added; the
    raw parse the same way as the floor. The largest plans run once, without warm-up;
    the sizes under 10,000 as often as the 10-tactic plan: their time above start-up is
    a few tenths of a second, where one run's noise moves the figure a tenth."""
    sizes = b.sizes.curve
    b.step(f"time per tactic at {', '.join(f'{n:,}' for n in sizes)} tactics")
    tiny = str(b.plan(10))
    base = measure(
        {
            "ours": b.check(*BIG_PLAN_LIMITS, "--format", "json", tiny),
            "floor": [PY, "-c", PARSE_ONE, tiny],
        },
        max(b.sizes.repeats, 3 if b.sizes.quick else 9),
    )
    per: dict[int, tuple[float, float, Runs]] = {}
    for n in sizes:
        plan = str(b.plan(n))
        once = n >= 100_000 and not b.sizes.quick
        print(f"    {n:,} tactics ...", flush=True)
        m = measure(
            {
                "ours": b.check(*BIG_PLAN_LIMITS, "--format", "json", plan),
                "floor": [PY, "-c", PARSE_ONE, plan],
            },
            1 if once else max(b.sizes.repeats, 3 if n >= 10_000 or b.sizes.quick else 9),
            warm_up=not once,
        )
        ours = (m["ours"].wall - base["ours"].wall) / (n - 10) * 1e6
        floor = (m["floor"].wall - base["floor"].wall) / (n - 10) * 1e6
        per[n] = (ours, floor, m["ours"])
    cheapest = min(v[0] for v in per.values())
    rows = []
    for n, (ours, floor, runs) in per.items():
        once = n >= 100_000 and not b.sizes.quick
        rows.append(
            Row(
                f"time per tactic at {n:,} tactics (`check --format json`, above start-up)",
                f"{ours:.1f} µs ({runs.wall:.2f} s)",
                f"{cheapest:.1f} µs (the cheapest size)",
                ours / cheapest,
                "(printed)",
                None,
                f"{floor:.1f} µs (raw parse)",
                "issue 15" + ("; 1 run, no warm-up, plan cached in bench/out" if once else ""),
            )
        )
    dearest = max(per, key=lambda n: per[n][0])
    cheapest_at = min(per, key=lambda n: per[n][0])
    floors = [v[1] for v in per.values()]
    spread = per[dearest][0] / cheapest
    rows.append(
        Row(
            f"time per tactic, dearest size ({dearest:,}) / cheapest ({cheapest_at:,})",
            f"{per[dearest][0]:.1f} µs",
            f"{cheapest:.1f} µs",
            spread,
            f"≤ {PER_TACTIC_TOLERANCE:g}×",
            spread <= PER_TACTIC_TOLERANCE,
            f"{max(floors) / min(floors):.2f}× (raw parse)" if min(floors) > 0 else "–",
            "issue 15: constant from the smallest size to the largest",
        )
    )
    return rows


# The cases in table order: name -> (the function, what it measures, for --list).
CASES: dict[str, tuple[Case, str]] = {
    "small30": (small_formats_case, "issue 15: one plan of 30 tactics in every format"),
    "startup": (startup_case, "issues 13 and 15: ramaudit --version vs import typer"),
    "precommit": (precommit_case, "issue 15: 50 plans in one check vs yamllint"),
    "commands": (commands_case, "issue 15: every command at the large size, and memory"),
    "commands-huge": (commands_huge_case, "issue 15: every command at the huge size"),
    "curve": (curve_case, "issue 15: time per tactic from the smallest size to the largest"),
    "large": (large_case, "issue 6: check --format json of the large plan vs its bare load"),
    "huge": (huge_case, "issue 6: the huge plan, its peak memory and the scaling"),
    "linter": (linter_case, "issue 6: check of the large plan vs yamllint -d relaxed"),
    "small": (small_case, "issue 13: check of an example plan vs importing the deps"),
    "suppressions": (suppressions_case, "issue 6: a suppression on every tactic"),
    "status": (status_case, "issue 12: status --format json of the huge tracked plan"),
    "portfolio": (portfolio_case, "issues 6 and 15: a folder of small plans, --jobs, memory"),
    "workspace": (workspace_case, "issues 13 and 15: linked plans, --jobs, memory, a team"),
    "team": (team_case, "issue 13: one team file of the workspace with its ancestry"),
    "server": (server_case, "issues 14 and 15: the language server's latency"),
}
# Names the earlier table used for what is now part of another case.
ALIASES = {"parallel": "portfolio", "version": "startup", "memory": "commands"}


def selected(only: str | None) -> list[str]:
    """The cases to run, in table order (``team`` only when ``workspace`` is not run)."""
    if only is None:
        return [name for name in CASES if name != "team"]
    wanted = {ALIASES.get(name, name) for name in only.split(",") if name}
    unknown = wanted - set(CASES)
    if unknown:
        raise SystemExit(f"unknown case(s): {', '.join(sorted(unknown))}; see --list")
    if "workspace" in wanted:
        wanted.discard("team")
    return [name for name in CASES if name in wanted]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and one repeat: a smoke run of every row in a few minutes; the "
        "targets are judged only at the issues' sizes, where start-up no longer dominates",
    )
    parser.add_argument("--repeats", type=int, default=None, help="runs per command")
    parser.add_argument(
        "--results", type=Path, default=None, help="also write the table as Markdown to this file"
    )
    parser.add_argument(
        "--only",
        default=None,
        metavar="CASES",
        help=f"comma-separated cases to run: {', '.join(CASES)} (default: all; see --list)",
    )
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--profile", metavar="CASE", help="profile a case (bench/profiles.py)")
    parser.add_argument("--profile-files", type=int, default=1_000, help="workspace profile size")
    parser.add_argument("--profile-lines", type=int, default=70, help="lines of each profile")
    args = parser.parse_args()
    if args.list:
        for name, (_, words) in CASES.items():
            print(f"{name:14} {words}")
        return 0
    if args.profile:
        from profiles import PROFILES, profile

        if args.profile not in PROFILES:
            parser.error(
                f"--profile: unknown case {args.profile!r}; choose from {', '.join(PROFILES)}"
            )
        print(profile(args.profile, args.profile_files, args.profile_lines))
        return 0

    names = selected(args.only)
    sizes = Sizes.make(args.quick, args.repeats)
    bench = Bench(sizes)
    print(f"generating plans in {OUT} ...", flush=True)
    compile_package()
    rows: list[Row] = []
    started = time.perf_counter()
    for name in names:
        rows += CASES[name][0](bench)
    table = render(rows, judged=not args.quick)
    header = (
        f"Machine: {machine()}.\n"
        f"Medians of {sizes.repeats} runs ({sizes.slow_repeats} at the huge size and for "
        f"yamllint), {'quick' if args.quick else 'full'} run of {', '.join(names)}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}, {time.perf_counter() - started:.0f} s. "
        "Floor: the physical limit of the same work, as a ratio to the same reference.\n"
    )
    print()
    print(header)
    print(table)
    if args.results is not None:
        write_results(args.results, header + "\n" + table)
    return 0 if args.quick or all(r.met is not False for r in rows) else 1


def write_results(path: Path, table: str) -> None:
    """Replace the table at the top of ``path``, keeping the sections after it (the
    readings and profiles of earlier sessions)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    rest = old[old.index("\n## ") :] if "\n## " in old else "\n"
    path.write_text(RESULTS_INTRO + table + rest, encoding="utf-8")


RESULTS_INTRO = """# Benchmark results

Written by `python bench/run.py --results bench/RESULTS.md` (see `bench/run.py` for
what each case runs). Ratios compare medians of ramaudit and its reference measured
alternately in the same run, each a separate process; a ratio under the target meets
it, except for the parallel speed-up, where higher is better. The floor column is the
physical limit of the same work (libyaml's raw event parse of the same input, the
import of the dependencies, two CPU burners for a speed-up) as a ratio to the same
reference. Peak memory is each process's maximum resident set. ramaudit's bytecode is
compiled first, as an install from a wheel has it (this environment sets
PYTHONDONTWRITEBYTECODE). Timings on a shared machine drift; run the command again if
another process was busy.

"""


def render(rows: Sequence[Row], judged: bool = True) -> str:
    lines = [
        "| case | ramaudit | reference | ratio | target | met | floor | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.met is None:
            met = "–"
        elif judged:
            met = "yes" if r.met else "**no**"
        else:
            met = "(quick run)"
        lines.append(
            f"| {r.case} | {r.measured} | {r.reference} | {r.ratio:.2f}× | {r.target} | {met} "
            f"| {r.floor} | {r.note} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
