"""Every CLI output, byte for byte, against the outputs recorded in tests/golden/out/.

A refactor must leave each of them as it is. When a change of output is meant, record
them again (``python tests/golden/record.py``) and let the diff of tests/golden/out/
show what changed. The cases, the inputs and what is normalised are described in
tests/golden/record.py.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

_RECORDER = Path(__file__).resolve().parent / "golden" / "record.py"


def _load_recorder() -> ModuleType:
    name = "ramaudit_golden_record"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _RECORDER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


record = _load_recorder()
Case = record.Case


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("golden") / "in"
    root.mkdir()
    record.build_inputs(root)
    yield root


def _compare(name: str, got: str) -> None:
    want = record.read_stored(name)
    if got != want:
        pytest.fail(
            f"{name}: the output differs from tests/golden/out/{name}.txt\n"
            + record.short_diff(name, want, got),
            pytrace=False,
        )


@pytest.mark.parametrize("case", record.CASES, ids=[c.name for c in record.CASES])
def test_golden(case: Case, inputs: Path) -> None:
    if case.needs_git and not record.git_available():
        pytest.skip("git is not installed")
    _compare(case.name, record.run_case(case, inputs))


def test_inputs_unchanged(inputs: Path) -> None:
    """The inputs are those the outputs were recorded from (the generated plans too),
    and no case wrote into them: this runs after the cases, in the same folder."""
    if not record.git_available():
        pytest.skip("git is not installed: the git repository is not among the inputs")
    _compare(record.MANIFEST, record.manifest(inputs))


def test_every_stored_output_has_a_case() -> None:
    known = {c.name for c in record.CASES} | {record.MANIFEST}
    stored = {p.stem for p in record.OUT.glob("*.txt")}
    assert not stored - known, f"stored outputs without a case: {sorted(stored - known)}"
    assert not known - stored, f"cases without a stored output: {sorted(known - stored)}"
