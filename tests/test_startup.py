"""Heavy modules load only when a command needs them: `--version` needs none of
pydantic, networkx, rich or PyYAML, and `check --format json` never needs rich.
`check` does load networkx: the trace graph every rule reads is a networkx DiGraph
(issue 13), and the small-plan target (bench/) counts networkx among the five declared
dependencies it may import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES

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
