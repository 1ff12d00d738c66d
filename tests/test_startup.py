"""Heavy modules load only when a command needs them: `--version` needs none of
pydantic, networkx, rich or PyYAML, and `check` never needs networkx."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES

HEAVY = ("pydantic", "networkx", "rich", "yaml")

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


def test_check_never_imports_networkx() -> None:
    plan = str(EXAMPLES / "random-acts.yaml")
    assert "networkx" not in loaded_after("check", plan)
    json_run = loaded_after("check", "--format", "json", plan)
    assert "networkx" not in json_run and "rich" not in json_run


def test_the_graph_export_still_gets_networkx() -> None:
    from ramaudit.api import audit

    tg = audit(EXAMPLES / "okr-rollup.yaml").graph
    g = tg.graph
    assert set(g.nodes) == set(tg.nodes)
    assert [(u, v) for u, v, _ in tg.edges()] == list(g.edges)
    assert tg.graph is g  # built once
