"""Results do not depend on the PyYAML version: the oldest PyYAML that pyproject.toml
allows and the one installed give the same findings, to the line and column, for the
example plans, the hostile files and plans nested far past every parser's limit.

The oldest version is installed with pip into a temporary folder (once per run, no
dependencies). Without a registry the test is skipped on a developer's machine; in CI
(``CI`` set) it fails, since CI must show it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

HOSTILE = Path(__file__).resolve().parent / "hostile"

# Audits every text it is given and prints its findings as JSON; run under both versions.
PROBE = r"""
import json, sys, yaml
from ramaudit.api import audit_text
texts = json.load(sys.stdin)
out = {"pyyaml": yaml.__version__, "results": {}}
for name, text in texts.items():
    result = audit_text(text, name)
    out["results"][name] = [
        [f.code, f.line, f.column, f.message] for f in result.findings
    ]
print(json.dumps(out))
"""


def oldest_pyyaml() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for requirement in project["project"]["dependencies"]:
        found = re.fullmatch(r"pyyaml\s*>=\s*([0-9.]+)(,.*)?", requirement.strip(), re.I)
        if found:
            return found.group(1)
    raise AssertionError("pyproject.toml names no lower bound for pyyaml")


def texts() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(EXAMPLES.glob("*.yaml")) + sorted(HOSTILE.glob("*.yaml")):
        try:
            out[path.name] = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, ValueError):
            continue  # files that are not UTF-8 never reach the parser
    head = "plan: {name: deep}\nx: "
    out["flow-lists"] = head + "[" * 10_000 + "]" * 10_000 + "\n"
    out["flow-mappings"] = head + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"
    out["block-lists"] = "plan: {name: deep}\nx:\n" + "- " * 10_000 + "leaf\n"
    out["one-line"] = "[" * 200_000 + "]" * 200_000
    return out


def probe(extra_path: str | None, inputs: dict[str, str]) -> dict[str, object]:
    env = dict(os.environ)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (extra_path, src) if p)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=json.dumps(inputs),
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def old_pyyaml(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    version = oldest_pyyaml()
    target = tmp_path_factory.mktemp("pyyaml-oldest")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--only-binary=:all:",
            "--target",
            str(target),
            f"pyyaml=={version}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        message = f"could not install PyYAML {version}: {done.stderr.strip()[-500:]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return version, str(target)


def test_oldest_and_newest_pyyaml_give_the_same_findings(old_pyyaml: tuple[str, str]) -> None:
    version, target = old_pyyaml
    inputs = texts()
    old = probe(target, inputs)
    new = probe(None, inputs)
    assert old["pyyaml"] == version
    assert old["results"] == new["results"]
    # the deep plans end in ramaudit's own limit, never a parser's error
    for name in ("flow-lists", "flow-mappings", "block-lists", "one-line"):
        codes = [row[0] for row in new["results"][name]]  # type: ignore[index]
        assert "RA006" in codes and "RA001" not in codes, (name, codes)
