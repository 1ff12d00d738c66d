"""Profiles of the benchmark's cases, to read where the time goes before and after a change.

    python bench/run.py --profile small          # or: python bench/profiles.py small
    python bench/run.py --profile workspace --profile-files 200

Cases: small, version, large-json, workspace (``--files N``, 1,000 by default), server
(the server process's main thread) and server-edits (its edit path in one thread, the
audits a profile of the server process cannot see). Each writes pyinstrument's full text
report to ``bench/out/profile-CASE.txt`` and prints its top lines: the call tree (calls of
3% of the run or more) and the flat list (time in each function itself). Start-up cases
(``small``, ``version``) also get a ``python -X importtime`` summary: modules imported,
the sum of their own import times, ramaudit's share, and the slowest imports. The profiled
process is ramaudit itself, started as ``python -m ramaudit`` under pyinstrument, so what
it shows is what a user's run does (plus pyinstrument's own overhead of a few percent).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from gen_plan import write_plan, write_workspace  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}


@dataclass(frozen=True)
class Profiled:
    """A case to profile: what it runs (ramaudit's arguments, made when asked, so that
    only the plans it needs are generated) and whether start-up is what it measures."""

    describe: str
    arguments: Callable[[int], list[str]]
    startup: bool = False


def _shown(path: Path) -> str:
    """``path`` from the repository root, where the profiled commands run."""
    return os.path.relpath(path, ROOT)


def _small(_: int) -> list[str]:
    return ["check", _shown(write_plan(OUT / "plan-30.yaml", 30))]


def _large_json(_: int) -> list[str]:
    return ["check", "--format", "json", _shown(write_plan(OUT / "plan-10000.yaml", 10_000))]


def _workspace(n_files: int) -> list[str]:
    root = write_workspace(OUT / f"workspace-{n_files}x30", n_files, 30)
    return ["check", "--jobs", "1", _shown(root / "plans")]


PROFILES: dict[str, Profiled] = {
    "small": Profiled("check of one plan of 30 tactics (text)", _small, startup=True),
    "version": Profiled("ramaudit --version", lambda _: ["--version"], startup=True),
    "large-json": Profiled("check --format json of a plan of 10,000 tactics", _large_json),
    "workspace": Profiled("check --jobs 1 of a workspace of N files x 30 tactics", _workspace),
    "server": Profiled(
        "the language server process (its main thread): 30 edits of a 1,000-tactic plan",
        lambda _: ["server"],
    ),
    "server-edits": Profiled(
        "the server's edit path in one thread (bench/server_case.py edit_path): the open "
        "and 10 edits of a 1,000-tactic plan, each audited, made diagnostics and JSON",
        lambda _: ["server"],
    ),
}


def compile_package() -> None:
    """Compile ramaudit's bytecode first, as bench/run.py does: with PYTHONDONTWRITEBYTECODE
    set, an editable install would otherwise compile from source in every profiled run."""
    import ramaudit

    package = Path(ramaudit.__file__).parent
    subprocess.run([PY, "-m", "compileall", "-q", str(package)], check=True)


def record(name: str, arguments: list[str]) -> Path:
    """Run ramaudit with ``arguments`` under pyinstrument; return the saved session."""
    session = OUT / f"profile-{name}.pyisession"
    OUT.mkdir(parents=True, exist_ok=True)
    command = [PY, "-m", "pyinstrument", "-r", "pyisession", "-o", str(session)]
    if name == "server":
        from server_case import latencies

        plan = write_plan(OUT / "plan-1000.yaml", 1_000)
        # The server runs under pyinstrument, driven by the same client as the latency
        # case; the open (start-up and the first audit) is in the profile too, so 30
        # edits make the edits the bulk of it. Its audits run in a worker thread, which
        # pyinstrument does not see: "server-edits" profiles that path in one thread.
        latencies(plan, 30, OUT, server=[*command, "-m", "ramaudit", "server"])
    elif name == "server-edits":
        plan = write_plan(OUT / "plan-1000.yaml", 1_000)
        program = (
            f"import sys; sys.path.insert(0, {str(HERE)!r}); from pathlib import Path; "
            f"from server_case import edit_path; edit_path(Path({str(plan)!r}), 10)"
        )
        subprocess.run([*command, "-c", program], cwd=ROOT, env=ENV, check=False)
    else:
        subprocess.run(
            [*command, "-m", "ramaudit", *arguments],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            check=False,
        )
    return session


def rendered(session: Path, *options: str) -> list[str]:
    """pyinstrument's text report of a saved session (``-p flat=true``: the flat view,
    time spent in each function itself)."""
    result = subprocess.run(
        [PY, "-m", "pyinstrument", "--load", str(session), "--no-color", "-r", "text", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.splitlines()


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def importtime_summary(arguments: list[str], top: int = 15) -> str:
    """Modules imported by ``python -X importtime -m ramaudit ARGUMENTS``, summed."""
    result = subprocess.run(
        [PY, "-X", "importtime", "-m", "ramaudit", *arguments],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    rows = []
    for line in result.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            own, cumulative, indent, module = match.groups()
            rows.append((int(own), int(cumulative), len(indent) // 2, module))
    total = sum(r[0] for r in rows)
    ours = [r for r in rows if r[3].split(".")[0] == "ramaudit"]
    tops = sorted((r for r in rows if r[2] == 0), key=lambda r: -r[1])[:top]
    selfs = sorted(rows, key=lambda r: -r[0])[:top]
    lines = [
        f"modules {len(rows)}, sum of self {total / 1000:.0f} ms, ramaudit's own "
        f"{sum(r[0] for r in ours) / 1000:.0f} ms ({len(ours)} modules)",
        "slowest top-level imports (cumulative ms):",
        *(f"  {r[1] / 1000:7.1f}  {r[3]}" for r in tops),
        "slowest modules by their own time (self ms):",
        *(f"  {r[0] / 1000:7.1f}  {r[3]}" for r in selfs),
    ]
    return "\n".join(lines)


def profile(name: str, files: int = 1_000, lines: int = 70) -> str:
    """Profile case ``name``; return the top of its reports (also written to bench/out)."""
    case = PROFILES[name]
    arguments = case.arguments(files)
    compile_package()
    session = record(name, arguments)
    (OUT / f"profile-{name}.txt").write_text("\n".join(rendered(session)) + "\n", "utf-8")
    # The top of the tree: calls under 3% of the run hidden, so the stages show side by
    # side instead of the first one's descent filling the lines.
    tree = rendered(session, "-p", "processor_options.filter_threshold=0.03")
    flat = rendered(session, "-p", "flat=true")
    # The flat view's banner repeats the tree's: keep its lines after "Program:".
    programs = [i for i, line in enumerate(flat) if line.startswith("Program:")]
    flat = [line for line in flat[programs[0] + 1 if programs else 0 :] if line.strip()]
    parts = [f"### {name}: {case.describe} (`ramaudit {' '.join(arguments)}`)", ""]
    tree = [line for line in tree if line.strip()]
    cut = next((i for i, line in enumerate(tree) if line.startswith("To view this")), len(tree))
    parts += ["pyinstrument, call tree (calls of 3% or more):", "```", *tree[:cut][:lines], "```"]
    parts += ["pyinstrument, time in each function itself (top):", "```"]
    parts += [*flat[:25], "```"]
    if case.startup:
        parts += ["python -X importtime:", "```", importtime_summary(arguments), "```"]
    text = "\n".join(parts) + "\n"
    (OUT / f"profile-{name}.md").write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", choices=sorted(PROFILES))
    parser.add_argument("--files", type=int, default=1_000, help="workspace size")
    parser.add_argument("--lines", type=int, default=70, help="lines of each report")
    args = parser.parse_args(argv)
    print(profile(args.case, args.files, args.lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
