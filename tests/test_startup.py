"""Heavy modules load only when a command needs them: `--version` needs none of
pydantic, networkx, rich or PyYAML, and `check --format json` never needs rich.
`check` does load networkx: the trace graph every rule reads is a networkx DiGraph
(issue 13), and the small-plan target (bench/) counts networkx among the five declared
dependencies it may import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from ramaudit.cli import COMMANDS

# pygls and lsprotocol: only `ramaudit server` (the server extra) may load them.
HEAVY = ("pydantic", "networkx", "rich", "yaml", "pygls", "lsprotocol")

PROBE = """
import json, sys
heavy = set(json.loads(sys.argv[2]))
sys.argv = ["ramaudit", *json.loads(sys.argv[1])]
from ramaudit.cli import main
try:
    main()
except SystemExit:
    pass
loaded = sorted({m.split(".")[0] for m in sys.modules} & heavy)
sys.__stderr__.write("LOADED " + json.dumps(loaded) + "\\n")
"""


def loaded_after(*args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args)), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    (line,) = [ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED ")]
    return json.loads(line.removeprefix("LOADED "))


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_imports_no_heavy_module(flag: str) -> None:
    assert loaded_after(flag) == []


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_answers_before_typer_is_imported(flag: str) -> None:
    # Importing typer (and click, typing) costs more than the rest of the run; the
    # version line is written as typer.echo would write it.
    loaded = modules_after(flag)
    assert not {m for m in loaded if m.split(".")[0] in ("typer", "click", "typing")}
    assert "ramaudit.typer_app" not in loaded
    proc = subprocess.run(
        [sys.executable, "-m", "ramaudit", flag], capture_output=True, text=True, timeout=60
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "ramaudit 0.1.0\n", "")


def test_check_builds_the_networkx_graph_but_json_needs_no_rich() -> None:
    plan = str(EXAMPLES / "random-acts.yaml")
    assert "networkx" in loaded_after("check", plan)
    json_run = loaded_after("check", "--format", "json", plan)
    assert "networkx" in json_run and "rich" not in json_run


def test_listing_the_rules_imports_no_networkx() -> None:
    # The rules import core.graph for its types; only building a graph needs networkx.
    assert "networkx" not in loaded_after("rules")


def test_the_graph_export_draws_the_trace_graph() -> None:
    from ramaudit.api import audit

    tg = audit(EXAMPLES / "okr-rollup.yaml").graph
    g = tg.graph
    assert set(g.nodes) == set(tg.nodes)
    assert [(u, v) for u, v, _ in tg.edges()] == list(g.edges)
    assert tg.graph is g  # built once
    assert g is tg.trace  # no depends_on links: the export draws the check's own graph


def test_only_the_server_command_loads_the_language_server_library() -> None:
    plan = str(EXAMPLES / "random-acts.yaml")
    for args in (("check", plan), ("report", "--format", "markdown", plan), ("rules",)):
        loaded = loaded_after(*args)
        assert "pygls" not in loaded and "lsprotocol" not in loaded, args


# ------------------------------------------------------------------ issue 13: start-up

PROBE_MODULES = """
import json, sys
sys.argv = ["ramaudit", *json.loads(sys.argv[1])]
from ramaudit.cli import main
try:
    main()
except SystemExit:
    pass
sys.__stderr__.write("MODULES " + json.dumps(sorted(sys.modules)) + "\\n")
from ramaudit.report import escape
patterns = sorted(vars(escape).items())
compiled = [n for n, v in patterns if isinstance(v, escape._Pattern) and v._compiled]
sys.__stderr__.write(f"COMPILED {compiled}\\n")
"""


def probe_lines(*args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE_MODULES, json.dumps(list(args))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.stderr.splitlines()


def modules_after(*args: str) -> set[str]:
    (line,) = [ln for ln in probe_lines(*args) if ln.startswith("MODULES ")]
    return set(json.loads(line.removeprefix("MODULES ")))


def test_a_run_imports_the_module_of_its_own_command_only() -> None:
    loaded = modules_after("check", str(EXAMPLES / "random-acts.yaml"))
    commands = {m for m in loaded if m.startswith("ramaudit.commands.")}
    # check_fix holds check's --fix/--diff options (the fixing itself loads on use).
    assert commands == {
        "ramaudit.commands.check",
        "ramaudit.commands.check_fix",
        "ramaudit.commands.common",
    }
    assert "ramaudit.fixing" not in loaded


def test_the_escapes_compile_only_the_expressions_the_output_needs() -> None:
    # Each class of characters to escape takes milliseconds to compile; plain ASCII text
    # needs none of them, in JSON too (each string is escaped on its own, and printable
    # ASCII is answered without the expression).
    plan = str(EXAMPLES / "random-acts.yaml")
    assert "COMPILED []" in probe_lines("check", plan)
    assert "COMPILED []" in probe_lines("check", "--format", "json", plan)


def test_a_plan_without_check_ins_or_spend_never_loads_the_progress_module() -> None:
    # The tracking rules load it with the status they read (Context.status), which only
    # a plan recording check-ins or spend asks for.
    assert "ramaudit.core.progress" not in modules_after("check", str(EXAMPLES / "okr-rollup.yaml"))
    tracked = modules_after("check", str(EXAMPLES / "tracking-demo.yaml"))
    assert "ramaudit.core.progress" in tracked


def test_a_check_builds_only_the_models_it_validates() -> None:
    # Item models are built on first use; a plan without campaigns, milestones or
    # budget lines builds none of theirs, nor the item base that no plan validates.
    probe = (
        "import sys; sys.argv = ['ramaudit', 'check', sys.argv[1]]\n"
        "from ramaudit.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from ramaudit.core import model as m\n"
        "built = [c.__name__ for c in (m._Item, m.Campaign, m.Milestone, m.BudgetLine,"
        " m.Tactic) if c.__pydantic_complete__]\n"
        "sys.__stderr__.write(f'BUILT {built}\\n')\n"
    )
    plan = str(EXAMPLES / "saas-demand-gen.yaml")
    proc = subprocess.run([sys.executable, "-c", probe, plan], capture_output=True, text=True)
    assert "BUILT ['Tactic']" in proc.stderr.splitlines()


def test_help_and_mistyped_commands_still_know_every_command() -> None:
    for args in (["--help"], ["chek"]):
        loaded = modules_after(*args)
        assert "ramaudit.commands.status" in loaded and "ramaudit.commands.graph" in loaded


def test_typer_builds_value_checkers_only_for_the_options_given() -> None:
    # typer 0.29 builds a pydantic TypeAdapter per parameter on first use; an option
    # left out passes through without one (see cli._coerce_when_given).
    import typer.main

    from ramaudit.cli import _UntilGiven, build_app

    if _UntilGiven is None:
        pytest.skip("this typer checks values without typer._coercion")
    group = typer.main.get_command(build_app("check"))
    plan = str(EXAMPLES / "random-acts.yaml")
    with pytest.raises(SystemExit):
        group.main(["check", "--format", "json", "--jobs", "1", plan], prog_name="ramaudit")
    check = group.commands["check"]  # type: ignore[attr-defined]
    built = sorted(p.name for p in check.params if p._runtime_param.built is not None)
    # PLAN paths given as text go through typer's path checks without an adapter, and
    # plain text given to a str option (--format) passes as it is.
    assert built == ["jobs"]


def _check_param(name: str) -> tuple[Any, Any, Any]:
    """``check``'s option ``name``: its click parameter, ramaudit's lazy checker of it,
    and the checker typer itself builds for it."""
    from typer._coercion import build_runtime_param

    from ramaudit.cli import _UntilGiven, build_app

    if _UntilGiven is None:
        pytest.skip("this typer checks values without typer._coercion")
    import typer.main

    check = typer.main.get_command(build_app("check")).commands["check"]  # type: ignore[attr-defined]
    (param,) = [p for p in check.params if p.name == name]
    lazy = param._runtime_param
    return param, lazy, build_runtime_param(lazy.descriptor)


@given(st.text(max_size=12) | st.sampled_from(["json", "sarif", "", " x ", "\udcff", "é"]))
@settings(max_examples=60, deadline=None)
def test_text_given_to_a_str_option_is_what_typers_own_checker_makes_of_it(value: str) -> None:
    param, lazy, typers = _check_param("format")
    if lazy.plain_text(value):
        assert typers._coerce_value(value, param=param, ctx=None) == value
    # Through the lazy checker, the answer is typer's, an error the same error.
    try:
        expected: object = typers._coerce_value(value, param=param, ctx=None)
    except Exception as exc:
        expected = (type(exc), str(exc))
    try:
        got: object = lazy._coerce_value(value, param=param, ctx=None)
    except Exception as exc:
        got = (type(exc), str(exc))
    assert got == expected


@pytest.mark.parametrize("fmt", ["json", "concise", "sarif", "github", "junit"])
def test_a_machine_format_check_loads_neither_rich_nor_typers_adapters(fmt: str) -> None:
    # --format FORMAT is plain text: no pydantic TypeAdapter is built to check it.
    loaded = modules_after("check", "--format", fmt, str(EXAMPLES / "random-acts.yaml"))
    assert not {m for m in loaded if m == "rich" or m.startswith("rich.")}
    assert "typer._adapters" not in loaded and "pydantic.type_adapter" not in loaded


@pytest.mark.parametrize(
    "value",
    [("plan.yaml",), ("a.yaml", "dir/b.yml", "-", "", " x ", "~/q", "é/ü"), "one.yaml", []],
)
def test_paths_given_as_text_are_what_typers_own_checker_makes_of_them(value: Any) -> None:
    param, lazy, checker = _check_param("paths")
    typers = checker._coerce_value(value, param=param, ctx=None)
    assert lazy.paths(value, param, None) == typers
    assert lazy.built is None


def test_a_plain_text_check_loads_neither_rich_nor_typers_adapters() -> None:
    # The text report of a plan in printable ASCII, piped and without colour, is
    # written as plain strings (report.text_plain); coloured, rich draws it.
    plan = str(EXAMPLES / "saas-demand-gen.yaml")
    loaded = modules_after("check", plan)
    assert not {m for m in loaded if m == "rich" or m.startswith("rich.")}
    assert "typer._adapters" not in loaded and "pydantic.type_adapter" not in loaded


def test_a_command_line_run_skips_the_pydantic_plugin_scan() -> None:
    probe = (
        "import sys; sys.argv = ['ramaudit', 'check', sys.argv[1]]\n"
        "from ramaudit.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from pydantic.plugin import _loader\n"
        "sys.__stderr__.write(f'SCANNED {_loader._plugins is not None}\\n')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, str(EXAMPLES / "okr-rollup.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"},
    )
    assert "SCANNED False" in proc.stderr.splitlines()


ONE_COMMAND_CASES = [
    "help-root",
    "help-no-args",
    "version-long",
    "error-unknown-command",
    "error-unknown-option",
    "error-bad-fail-under-word",
    "error-bad-jobs-word",
    "error-bad-fail-on",
    "error-missing-file-json",
    "rules-text",
    "rule-text-RA001",
    "config-text-default",
    "status-text-tracking-demo",
    "init-stdout",
    "import-stdout",
    *(f"help-{name}" for name in COMMANDS),
]


@pytest.fixture(scope="module")
def golden() -> Any:
    from test_golden import record

    return record


@pytest.fixture(scope="module")
def golden_inputs(golden: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("golden") / "in"
    root.mkdir()
    golden.build_inputs(root)
    return root


@pytest.mark.parametrize("name", ONE_COMMAND_CASES)
def test_a_run_built_with_its_command_alone_prints_what_the_group_prints(
    name: str, golden: Any, golden_inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A command-line run builds the group with the command it names alone (cli.main);
    # the golden outputs were recorded with every command.
    import typer.main

    from ramaudit.cli import _named_command, build_app

    (case,) = [c for c in golden.CASES if c.name == name]
    in_process = golden._in_process

    def alone(argv: list[str], stdin: bytes | None) -> Any:
        group = typer.main.get_command(build_app(_named_command(list(argv))))
        monkeypatch.setattr(golden, "_command", lambda: group)
        return in_process(argv, stdin)

    monkeypatch.setattr(golden, "_in_process", alone)
    assert golden.run_case(case, golden_inputs) == golden.read_stored(name)


@given(
    st.lists(
        st.sampled_from(["return on ad spend", "Email Opens", "", " ", "cost per lead"])
        | st.text(max_size=20),
        max_size=8,
    )
)
@settings(max_examples=80, deadline=None)
def test_the_vocabulary_tables_are_built_as_the_plain_definition_builds_them(
    entries: list[str],
) -> None:
    # Each entry's match key is worked out once, and the phrases of the lists once
    # for every table that reads them; the tables stay what the plain definition makes.
    from ramaudit.core import vocabulary as v

    plain = tuple(tuple(v.match_key(e).split()) for e in entries if v.match_key(e))
    assert v._phrases(entries) == plain
    lists = (entries, list(v.VANITY_METRICS), list(v.DECREASING_METRICS))
    joined = v._by_first_word(
        p
        for es in lists
        for p in (tuple(v.match_key(e).split()) for e in es if v.match_key(e))
        if len(p) > 1 and v._JOINS & set(p)
    )
    assert v._protected(*(v._phrases(es) for es in lists)) == joined
