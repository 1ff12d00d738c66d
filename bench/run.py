"""Benchmark ramaudit against references measured in the same run.

One command, from the repository root, with the package and yamllint installed
(``pip install -e '.[dev]'``)::

    python bench/run.py                  # the full table (several minutes)
    python bench/run.py --quick          # smaller plans, fewer repeats, targets not judged
    python bench/run.py --results bench/RESULTS.md   # also write the table there

Every case runs ramaudit and its reference as separate processes, alternately, several
times, and compares medians: absolute times drift on shared machines, ratios much less.
Peak memory is each process's maximum resident set (``wait4``). Generated plans go to
``bench/out/`` (not committed); ramaudit's bytecode is compiled first, as an install
from a wheel has it. The exit code is 1 when a target is missed.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from gen_plan import write_plan, write_portfolio, write_workspace  # noqa: E402

PY = sys.executable
LOAD_ONE = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
LOAD_ALL = (
    "import sys, yaml, pathlib\n"
    "for f in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)"
)
IMPORTS = "import typer, pydantic, yaml, rich, networkx"
# The floor for checking a few small files: the declared dependencies imported and the
# files loaded (start-up dominates; a bare load of three small files takes milliseconds).
IMPORT_AND_LOAD = (
    IMPORTS + "\nimport sys\n"
    "for f in sys.argv[1:]:\n"
    "    yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)"
)
# The tracked plan is about 61 MB, over the default 50 MB limit: the status case gives
# the command a configuration file that raises it.
BIG_FILES = 'max-file-size = "200MB"\n'


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


def measure(pair: dict[str, list[str]], repeats: int) -> dict[str, Runs]:
    """Run each command of ``pair`` ``repeats`` times, alternating, after one warm-up."""
    out = {name: Runs() for name in pair}
    for cmd in pair.values():
        run_once(cmd, Runs())
    for _ in range(repeats):
        for name, cmd in pair.items():
            run_once(cmd, out[name])
    return out


@dataclass
class Row:
    case: str
    measured: str
    reference: str
    ratio: float
    target: str
    met: bool


def at_most(limit: float) -> tuple[str, Callable[[float], bool]]:
    return f"≤ {limit:g}×", lambda r: r <= limit


def at_least(limit: float) -> tuple[str, Callable[[float], bool]]:
    return f"≥ {limit:g}×", lambda r: r >= limit


def describe(runs: Runs, memory: bool = False) -> str:
    text = f"{runs.wall:.3f} s"
    return text + (f", {runs.peak_mb:.0f} MB" if memory else "")


def row(
    case: str,
    ours: Runs,
    ref: Runs,
    target: tuple[str, Callable[[float], bool]],
    memory: bool = False,
) -> Row:
    ratio = ours.wall / ref.wall
    return Row(
        case, describe(ours, memory), describe(ref, memory), ratio, target[0], target[1](ratio)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller plans and fewer repeats: a smoke run; the targets are judged only at "
        "the issue's sizes, where start-up no longer dominates",
    )
    parser.add_argument("--repeats", type=int, default=None, help="runs per command")
    parser.add_argument(
        "--results", type=Path, default=None, help="also write the table as Markdown to this file"
    )
    parser.add_argument(
        "--only",
        default=None,
        metavar="CASES",
        help="comma-separated cases to run: large, huge, linter, small, "
        "portfolio, parallel, suppressions, status, workspace, team (the one team file "
        "of workspace alone), server, startup (default: all)",
    )
    args = parser.parse_args()

    large, huge = (2_000, 20_000) if args.quick else (10_000, 100_000)
    n_plans, per_plan = (200, 30) if args.quick else (1_000, 30)
    n_suppressed = 4_000 if args.quick else 20_000
    repeats = args.repeats or (3 if args.quick else 5)
    slow_repeats = args.repeats or 3  # the huge plan and yamllint take long
    ramaudit, yamllint = tool("ramaudit"), tool("yamllint")

    print(f"generating plans in {OUT} ...", flush=True)
    compile_package()
    large_plan = write_plan(OUT / f"plan-{large}.yaml", large)
    huge_plan = write_plan(OUT / f"plan-{huge}.yaml", huge)
    folder = write_portfolio(OUT / f"portfolio-{n_plans}x{per_plan}", n_plans, per_plan)
    small_plan = ROOT / "examples" / "plans" / "saas-demand-gen.yaml"
    json_check = [*ramaudit, "check", "--format", "json"]
    rows: list[Row] = []
    wanted = set(args.only.split(",")) if args.only else None

    def step(title: str) -> None:
        print(f"  {title} ...", flush=True)

    def runs(case: str) -> bool:
        return wanted is None or case in wanted

    if runs("large") or runs("huge"):
        step(f"large plan ({large:,} tactics)")
        m = measure(
            {"ours": [*json_check, str(large_plan)], "ref": [PY, "-c", LOAD_ONE, str(large_plan)]},
            repeats,
        )
        rows.append(row(f"large plan, {large:,} tactics", m["ours"], m["ref"], at_most(1.0), True))
        large_ours, large_ref = m["ours"], m["ref"]

    if runs("huge"):
        step(f"huge plan ({huge:,} tactics)")
        m = measure(
            {"ours": [*json_check, str(huge_plan)], "ref": [PY, "-c", LOAD_ONE, str(huge_plan)]},
            slow_repeats,
        )
        rows.append(row(f"huge plan, {huge:,} tactics", m["ours"], m["ref"], at_most(1.0), True))
        mem_ratio = m["ours"].peak_mb / m["ref"].peak_mb
        rows.append(
            Row(
                f"huge plan, {huge:,} tactics: peak memory",
                f"{m['ours'].peak_mb:.0f} MB",
                f"{m['ref'].peak_mb:.0f} MB",
                mem_ratio,
                "≤ 1.2×",
                mem_ratio <= 1.2,
            )
        )
        ours_scale = m["ours"].wall / large_ours.wall
        ref_scale = m["ref"].wall / large_ref.wall
        rows.append(
            Row(
                f"scaling, time at {huge:,} / time at {large:,}",
                f"{ours_scale:.2f}×",
                f"{ref_scale:.2f}× (loader)",
                ours_scale / ref_scale,
                "≤ 1.1×",
                ours_scale / ref_scale <= 1.1,
            )
        )

    if runs("linter"):
        step("peer linter (yamllint)")
        m = measure(
            {
                "ours": [*ramaudit, "check", str(large_plan)],
                "ref": [*yamllint, "-d", "relaxed", str(large_plan)],
            },
            slow_repeats,
        )
        rows.append(
            row(
                f"peer linter, {large:,} tactics (yamllint -d relaxed)",
                m["ours"],
                m["ref"],
                at_most(0.25),
            )
        )

    if runs("small"):
        step("small plan")
        m = measure(
            {"ours": [*ramaudit, "check", str(small_plan)], "ref": [PY, "-c", IMPORTS]},
            max(repeats, 11),
        )
        rows.append(
            row(
                "small plan (an example), vs importing the five dependencies",
                m["ours"],
                m["ref"],
                at_most(1.3),
            )
        )

    if runs("portfolio"):
        step(f"portfolio ({n_plans:,} plans × {per_plan} tactics)")
        m = measure(
            {"ours": [*ramaudit, "check", str(folder)], "ref": [PY, "-c", LOAD_ALL, str(folder)]},
            repeats,
        )
        rows.append(
            row(
                f"portfolio, {n_plans:,} plans × {per_plan} tactics",
                m["ours"],
                m["ref"],
                at_most(1.5),
            )
        )

    if runs("parallel"):
        step("parallel portfolio (--jobs 2 against --jobs 1)")
        m = measure(
            {
                "one": [*ramaudit, "check", "--jobs", "1", str(folder)],
                "two": [*ramaudit, "check", "--jobs", "2", str(folder)],
            },
            repeats,
        )
        rows.append(speedup_row("parallel portfolio", m["one"], m["two"]))

    if runs("suppressions"):
        step(f"suppressions ({n_suppressed:,} suppressed tactics)")
        plain = write_plan(OUT / f"plan-{n_suppressed}.yaml", n_suppressed)
        suppressed = write_plan(
            OUT / f"plan-{n_suppressed}-suppressed.yaml", n_suppressed, suppressed=True
        )
        m = measure(
            {"ours": [*json_check, str(suppressed)], "ref": [*json_check, str(plain)]}, repeats
        )
        rows.append(
            row(
                f"suppressions, {n_suppressed:,} tactics each with one (vs the same plan "
                "without them)",
                m["ours"],
                m["ref"],
                at_most(1.5),
            )
        )

    if runs("status"):
        step(f"status ({huge:,} tactics with check-ins, spend and phasing)")
        tracked = write_plan(OUT / f"plan-{huge}-tracked.yaml", huge, tracked=True)
        big = OUT / "big-files.toml"
        big.write_text(BIG_FILES)
        status_cmd = [*ramaudit, "status", "--as-of", "2027-07-01", "--config", str(big)]
        m = measure(
            {
                "ours": [*status_cmd, "--format", "json", str(tracked)],
                "ref": [PY, "-c", LOAD_ONE, str(tracked)],
            },
            slow_repeats,
        )
        rows.append(
            row(
                f"status, {huge:,} tactics with check-ins, spend and phasing "
                "(`ramaudit status --format json`)",
                m["ours"],
                m["ref"],
                at_most(1.0),
                True,
            )
        )

    if runs("workspace"):
        rows += workspace_rows(ramaudit, n_plans, per_plan, repeats)
    elif runs("team"):
        rows.append(team_row(ramaudit, n_plans, per_plan, repeats))

    if runs("server"):
        rows += server_rows(ramaudit, quick=args.quick, repeats=max(repeats, 9))

    if runs("startup"):
        step("start-up")
        m = measure(
            {"ours": [*ramaudit, "--version"], "ref": [PY, "-c", "import typer"]}, max(repeats, 15)
        )
        rows.append(
            row(
                "start-up, `ramaudit --version` vs `import typer`",
                m["ours"],
                m["ref"],
                at_most(1.3),
            )
        )

    table = render(rows, judged=not args.quick)
    header = (
        f"Machine: {machine()}.\n"
        f"Medians of {repeats} runs ({slow_repeats} for the huge plan and yamllint), "
        f"{'quick' if args.quick else 'full'} run, {time.strftime('%Y-%m-%d')}.\n"
    )
    print()
    print(header)
    print(table)
    if args.results is not None:
        args.results.write_text(RESULTS_INTRO + header + "\n" + table, encoding="utf-8")
    return 0 if args.quick or all(r.met for r in rows) else 1


def workspace_rows(ramaudit: list[str], n_files: int, per_plan: int, repeats: int) -> list[Row]:
    """Issue 13: a workspace of ``n_files`` linked plans (one company, departments, teams
    of ``per_plan`` tactics; its .ramaudit.toml declares the workspace)."""
    root = write_workspace(OUT / f"workspace-{n_files}x{per_plan}", n_files, per_plan)
    plans = root / "plans"
    rows: list[Row] = []
    print(f"  workspace ({n_files:,} files × {per_plan} tactics, linked) ...", flush=True)
    m = measure(
        {
            "one": [*ramaudit, "check", "--jobs", "1", str(plans)],
            "two": [*ramaudit, "check", "--jobs", "2", str(plans)],
            "ref": [PY, "-c", LOAD_ALL, str(plans)],
        },
        repeats,
    )
    rows.append(
        row(
            f"workspace, {n_files:,} files × {per_plan} tactics, `check plans/`",
            m["one"],
            m["ref"],
            at_most(1.5),
        )
    )
    rows.append(speedup_row("workspace", m["one"], m["two"]))
    rows.append(team_row(ramaudit, n_files, per_plan, repeats))
    return rows


def speedup_row(case: str, one: Runs, two: Runs) -> Row:
    """``case`` with --jobs 2 against --jobs 1: higher is better, 1.6× the target."""
    speedup = one.wall / two.wall
    return Row(
        f"{case}, --jobs 2 (speed-up over --jobs 1)",
        describe(two),
        describe(one) + " (--jobs 1)",
        speedup,
        "≥ 1.6× faster",
        speedup >= 1.6,
    )


def team_row(ramaudit: list[str], n_files: int, per_plan: int, repeats: int) -> Row:
    """One team file of the workspace with its ancestry (--isolated: no workspace
    setting, so the files it reads are itself, its department and the company)."""
    plans = write_workspace(OUT / f"workspace-{n_files}x{per_plan}", n_files, per_plan) / "plans"
    print("  one team file with its ancestry ...", flush=True)
    team = plans / "dept-00" / "team-0000.yaml"
    read = [team, plans / "dept-00" / "department.yaml", plans / "company.yaml"]
    m = measure(
        {
            "ours": [*ramaudit, "check", "--isolated", str(team)],
            "ref": [PY, "-c", IMPORT_AND_LOAD, *map(str, read)],
        },
        max(repeats, 10),
    )
    return row(
        "one team file with its ancestry (vs importing the deps and loading the 3 files)",
        m["ours"],
        m["ref"],
        at_most(1.3),
    )


def server_rows(ramaudit: list[str], *, quick: bool, repeats: int) -> list[Row]:
    """Issue 14: the language server, from an edit (``didChange``) to its diagnostics
    (``publishDiagnostics``), through pygls's client over stdio. The small plan has an
    absolute target; the large one is compared with a ``check`` of the same file, run
    alternately with the edits while the server is idle."""
    from server_case import latencies, warm_audit

    small, large = (200, 2_000) if quick else (1_000, 10_000)
    rows: list[Row] = []
    step_plan = write_plan(OUT / f"plan-{small}.yaml", small)
    print(f"  server ({small:,} tactics, edit to diagnostics) ...", flush=True)
    edits = Runs(walls=latencies(step_plan, repeats, OUT))
    audit = warm_audit(step_plan, repeats)
    rows.append(
        Row(
            f"server, {small:,} tactics: an edit to its diagnostics (vs the 100 ms target; "
            f"a warm in-process audit of the file took {audit * 1000:.0f} ms)",
            describe(edits),
            "0.100 s",
            edits.wall / 0.1,
            "≤ 1×",
            edits.wall <= 0.1,
        )
    )
    big_plan = write_plan(OUT / f"plan-{large}.yaml", large)
    print(f"  server ({large:,} tactics, vs check) ...", flush=True)
    check = Runs()
    run_once([*ramaudit, "check", str(big_plan)], Runs())  # warm-up
    walls = latencies(
        big_plan, repeats, OUT, lambda: run_once([*ramaudit, "check", str(big_plan)], check)
    )
    rows.append(
        row(
            f"server, {large:,} tactics: an edit to its diagnostics (vs `check` of the file)",
            Runs(walls=walls),
            check,
            at_most(1.2),
        )
    )
    return rows


RESULTS_INTRO = """# Benchmark results

Written by `python bench/run.py --results bench/RESULTS.md` (see `bench/run.py` for
what each case runs). Ratios compare medians of ramaudit and its reference measured
alternately in the same run, each a separate process; a ratio under the target meets
it, except for the parallel speed-up, where higher is better. Peak memory is each
process's maximum resident set. ramaudit's bytecode is compiled first, as an install
from a wheel has it (this environment sets PYTHONDONTWRITEBYTECODE). The portfolio
run uses the default `--jobs` (one per CPU). Timings on a shared machine drift; run
the command again if another process was busy.

"""


def render(rows: list[Row], judged: bool = True) -> str:
    lines = ["| case | ramaudit | reference | ratio | target | met |", "|---|---|---|---|---|---|"]
    for r in rows:
        met = ("yes" if r.met else "**no**") if judged else "(quick run)"
        lines.append(
            f"| {r.case} | {r.measured} | {r.reference} | {r.ratio:.2f}× | {r.target} | {met} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
