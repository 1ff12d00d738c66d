"""Fuzzing: mutated plans and random YAML never crash ramaudit.

Each example asserts that no exception escapes, that the exit code is 0, 1 or 2, that
every finding lies inside the file (1 <= line <= lines + 1, column >= 1), and, where a
file is audited, that the file is byte for byte the same afterwards. Most examples go
through the library (fast); a share goes through the command line in-process.

The structure-aware tests at the end start from the example plans, retype values
anywhere (huge, NaN and infinite numbers, dates, lists, mappings), put control and bidi
characters in text and keys and YAML 1.1 forms in place of values, and push each plan
through every command and renderer (all check formats, report HTML and Markdown, graph
in each format, explain-score, diff against the original); machine-readable output must
parse back, JSON strictly, and a plan that reads never exits 2.

The ``ramaudit-fuzz`` profile runs 2,000+ examples in all (CI); set
``HYPOTHESIS_PROFILE=thorough`` for ten times as many. The count is printed in the
test summary.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, FUZZ_COUNTS, ROOT
from ramaudit.api import audit_text
from ramaudit.cli import app
from ramaudit.commands.common import exit_code
from ramaudit.report import RenderOptions, render

sys.path.insert(0, str(ROOT / "bench"))
from gen_plan import plan_text

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ramaudit-fuzz", max_examples=100, deadline=None, suppress_health_check=_HEALTH
)
settings.register_profile(
    "ramaudit-fuzz-thorough", max_examples=1000, deadline=None, suppress_health_check=_HEALTH
)
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
PROFILE = settings.get_profile("ramaudit-fuzz-thorough" if THOROUGH else "ramaudit-fuzz")
SCALE = 10 if THOROUGH else 1


def examples(n: int) -> settings:
    """The fuzz profile with ``n`` examples (``n`` * 10 when thorough)."""
    return settings(PROFILE, max_examples=n * SCALE)


runner = CliRunner()

BASES: list[Any] = [
    yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    for p in sorted(EXAMPLES.glob("*.yaml"))
] + [yaml.load(plan_text(n, seed=n), Loader=yaml.CSafeLoader) for n in (4, 12, 30)]

LINK_KEYS = ("goals", "goal", "parents", "parent", "objectives", "objective", "segment")


# --------------------------------------------------------------------------- strategies

safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30
)  # no lone surrogates: a file holds encodable text
odd_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    safe_text,
    st.sampled_from(["yes", "no", "on", "~", "null", "2027-02-30", "0x1F", "1e400", "", " "]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
odd_values = st.one_of(
    odd_scalars,
    st.lists(odd_scalars, max_size=3),
    st.dictionaries(safe_text, odd_scalars, max_size=3),
)


def _slots(node: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key) pair in a plain YAML tree."""
    if isinstance(node, dict):
        for k in list(node):
            out.append((node, k))
            _slots(node[k], out)
    elif isinstance(node, list):
        for i in range(len(node)):
            out.append((node, i))
            _slots(node[i], out)
    return out


@st.composite
def mutated_plans(draw: Any) -> str:
    """A valid plan with a few structural mutations, dumped as YAML, sometimes also
    mangled as text."""
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        slots = _slots(doc, [])
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        op = draw(st.sampled_from(["drop", "duplicate", "retype", "rename", "link", "noise"]))
        if op == "drop":
            del container[key]
        elif op == "duplicate":
            if isinstance(container, list):
                container.insert(key, copy.deepcopy(container[key]))
            else:
                container[f"{key}"] = copy.deepcopy(container[key])
        elif op == "retype":
            container[key] = draw(odd_values)
        elif op == "rename" and isinstance(container, dict):
            new = draw(st.one_of(safe_text, st.sampled_from([*LINK_KEYS, "id", "kpis"])))
            container[new] = container.pop(key)
        elif op == "link":
            target = draw(st.one_of(safe_text, st.sampled_from(["g-growth", "o-pipeline"])))
            if isinstance(container, dict) and key in LINK_KEYS:
                container[key] = target
            else:
                container[key] = {"id": target, "objectives": [target], "goals": target}
        else:  # noise inside a scalar
            value = container[key]
            if isinstance(value, str) and value:
                at = draw(st.integers(0, len(value)))
                container[key] = value[:at] + draw(safe_text) + value[at:]
    text = yaml.dump(
        doc,
        Dumper=yaml.CSafeDumper,
        sort_keys=False,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, None])),
    )
    if draw(st.integers(0, 4)) == 0:  # one text-level change
        lines = text.splitlines(keepends=True)
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        change = draw(st.sampled_from(["delete", "repeat", "indent", "insert", "cut"]))
        if lines:
            if change == "delete":
                del lines[i]
            elif change == "repeat":
                lines.insert(i, lines[i])
            elif change == "indent":
                lines[i] = " " * draw(st.integers(0, 7)) + lines[i].lstrip(" ")
            elif change == "insert":
                at = draw(st.integers(0, len(lines[i])))
                lines[i] = lines[i][:at] + draw(YAML_NOISE) + lines[i][at:]
            else:
                lines = lines[: i + 1]
        text = "".join(lines)
    return text


YAML_NOISE = st.text(alphabet="-:[]{}&*!|>'\"#%@`,? \t\nabcxyz019.", max_size=12)

keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=10)
random_documents = st.recursive(
    odd_scalars,
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(keys, kids, max_size=4)),
    max_leaves=20,
)


@st.composite
def random_yaml(draw: Any) -> str:
    """Random YAML: dumped random trees (often plan-shaped) or random YAML-ish text."""
    kind = draw(st.sampled_from(["tree", "plan-shaped", "text"]))
    if kind == "text":
        return draw(st.text(alphabet="-:[]{}&*!|>'\"#%@`,? \t\nplanmetgoalsid019.<", max_size=80))
    tree = draw(random_documents)
    if kind == "plan-shaped":
        tree = {
            "plan": draw(st.one_of(st.just({"name": "p"}), random_documents)),
            draw(st.sampled_from(["goals", "objectives", "tactics", "segments"])): tree,
        }
    return yaml.dump(tree, Dumper=yaml.CSafeDumper, allow_unicode=True)


# --------------------------------------------------------------------------- checks


def _lines(text: str) -> int:
    return len(text.splitlines())


def assert_positions_inside(findings: list[Any], n_lines: int) -> None:
    for f in findings:
        line, column = (f["line"], f["column"]) if isinstance(f, dict) else (f.line, f.column)
        assert 1 <= line <= n_lines + 1, f
        assert column >= 1, f


def audit_and_check(text: str, *, text_report: bool = False) -> None:
    result = audit_text(text, "plan.yaml")
    assert result.error is None
    assert_positions_inside(result.findings, _lines(text))
    assert exit_code([result]) in (0, 1, 2)
    document = json.loads(render("json", [result], RenderOptions()))
    assert document["files"][0]["path"] == "plan.yaml"
    if text_report:
        render("text", [result], RenderOptions(color=False))


# --------------------------------------------------------------------------- tests


@examples(1300)
@given(mutated_plans())
def test_mutated_plans_never_crash(text: str) -> None:
    FUZZ_COUNTS["mutated plans (library)"] += 1
    audit_and_check(text, text_report=FUZZ_COUNTS["mutated plans (library)"] % 5 == 0)


@examples(600)
@given(random_yaml())
def test_random_yaml_never_crashes(text: str) -> None:
    FUZZ_COUNTS["random YAML (library)"] += 1
    audit_and_check(text)


@st.composite
def plan_files(draw: Any) -> bytes:
    """File contents: a mutated plan or random YAML, encoded, sometimes with raw bytes
    spliced in (invalid UTF-8, NUL, a byte-order mark)."""
    text = draw(st.one_of(mutated_plans(), random_yaml()))
    data = text.encode("utf-8")
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
    if draw(st.integers(0, 9)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


@examples(200)
@given(plan_files(), st.sampled_from(["json", "text", "sarif"]))
def test_command_line_never_crashes_and_never_writes_the_plan(
    tmp_path_factory: Any, data: bytes, fmt: str
) -> None:
    FUZZ_COUNTS["plan files (command line)"] += 1
    folder = tmp_path_factory.mktemp("fuzz")
    plan = folder / "plan.yaml"
    plan.write_bytes(data)
    before = plan.stat()
    result = runner.invoke(app, ["check", "--format", fmt, "--isolated", str(plan)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2)
    assert plan.read_bytes() == data
    after = plan.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    assert sorted(p.name for p in folder.iterdir()) == ["plan.yaml"]  # nothing written
    if fmt == "json":
        document = json.loads(result.stdout)
        entry = document["files"][0]
        if entry["error"]:
            assert entry["error"].startswith(str(plan))
            assert result.exit_code == 2
        else:
            n_lines = len(Path(plan).read_bytes().decode("utf-8-sig").splitlines())
            assert_positions_inside(entry["findings"], n_lines)


# --------------------------------------------------------------------------- structure-aware
#
# Start from the example plans, retype any value anywhere, put control and bidi characters
# into text, write YAML 1.1 forms where a value goes, and push each plan through every
# command and renderer: check in all formats, report HTML and Markdown, graph in each
# format, explain-score, and diff against the plan it came from.

from outputs import check_outputs, every_output  # noqa: E402

EXAMPLE_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))}
EXAMPLE_TREES = {
    name: yaml.load(text, Loader=yaml.CSafeLoader) for name, text in EXAMPLE_TEXTS.items()
}
_ORIGINALS: dict[str, Any] = {}


def original_result(text: str) -> Any:
    """The audit of an unchanged example plan, made once."""
    if text not in _ORIGINALS:
        _ORIGINALS[text] = audit_text(text, "plan.yaml")
    return _ORIGINALS[text]


# Written as they stand, unquoted: what YAML 1.1 and 1.2 read differently.
YAML11_FORMS = [
    "yes", "no", "on", "off", "Yes", "OFF", "y", "n", "0o10", "010", "0x1F", "0b101",
    "1:30", "190:20:30", "2027-01-01", "2027-02-30", "2027-01-01T10:00:00Z", "1_000",
    ".5", "1e3", "1E400", "-.inf", ".NaN", "~", "null", "=", "<<",
]  # fmt: skip
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u2028\u2029"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
hostile_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(CONTROL + BIDI + "\n\r\t:#&*![]{}|>'\"%@`,-?<"),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=12,
)
retyped = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([10**30, -(10**30), 10**300, 2**64]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, float("nan"), float("inf"), float("-inf"), 5e-324]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    hostile_text,
    st.lists(st.one_of(st.none(), st.integers(), hostile_text), max_size=3),
    st.dictionaries(st.sampled_from(["id", "name", "x", "budget", "kpis"]), safe_text, max_size=2),
)


@st.composite
def structured_plans(draw: Any) -> tuple[str, str]:
    """(original text, mutated text) of an example plan with a few values retyped, text
    made hostile, or YAML 1.1 forms written in place of values."""
    name = draw(st.sampled_from(sorted(EXAMPLE_TREES)))
    doc = copy.deepcopy(EXAMPLE_TREES[name])
    raw: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        slots = _slots(doc, [])
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        op = draw(st.sampled_from(["retype", "retype", "hostile", "yaml11", "key"]))
        if op == "retype":
            container[key] = draw(retyped)
        elif op == "hostile":
            value = container[key]
            text = value if isinstance(value, str) else str(value)
            at = draw(st.integers(0, len(text)))
            container[key] = text[:at] + draw(hostile_text) + text[at:]
        elif op == "yaml11":
            raw.append(draw(st.sampled_from(YAML11_FORMS)))
            container[key] = f"RAWFORM{len(raw) - 1}X"
        elif isinstance(container, dict):  # a hostile key
            container[f"{key}{draw(hostile_text)}"] = container.pop(key)
    text = yaml.dump(
        doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=draw(st.booleans())
    )
    for i, form in enumerate(raw):
        text = text.replace(f"RAWFORM{i}X", form)
    return EXAMPLE_TEXTS[name], text


@examples(80)
@given(structured_plans())
def test_structured_plans_through_every_renderer(texts: tuple[str, str]) -> None:
    FUZZ_COUNTS["structured plans (every renderer)"] += 1
    original, text = texts
    result = audit_text(text, "plan.yaml")
    assert result.error is None
    assert exit_code([result]) in (0, 1)  # a plan that reads is never exit 2
    assert_positions_inside(result.findings, _lines(text))
    outputs = every_output(result, original_result(original))
    check_outputs(outputs)


CLI_COMMANDS = (
    [["check", "-f", fmt] for fmt in ("text", "concise", "json", "sarif", "github", "junit")]
    + [["report", "-f", "html"], ["report", "-f", "markdown"]]
    + [["graph", "-f", fmt] for fmt in ("mermaid", "dot", "graphml", "json")]
    + [["explain-score"], ["explain-score", "-f", "json"]]
    + [["diff", "-f", fmt, "ORIGINAL"] for fmt in ("text", "json", "markdown")]
)


@examples(6)
@given(structured_plans())
def test_structured_plans_through_every_command(
    tmp_path_factory: Any, texts: tuple[str, str]
) -> None:
    FUZZ_COUNTS["structured plans (every command)"] += 1
    original, text = texts
    folder = tmp_path_factory.mktemp("fuzz")
    plan, before = folder / "plan.yaml", folder / "original.yaml"
    plan.write_text(text, encoding="utf-8")
    before.write_text(original, encoding="utf-8")
    for command in CLI_COMMANDS:
        args = [str(before) if a == "ORIGINAL" else a for a in command]
        result = runner.invoke(app, [*args, "--isolated", str(plan)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command,
            result.exception,
        )
        assert "Traceback" not in result.output and "internal error" not in result.stderr
        # A readable plan fails (1) or passes (0) in every command, as check says; 2
        # is for usage and ramaudit's own errors. Graph and explain-score fail a plan
        # with nothing to draw or score, and say why in a line on stderr.
        assert result.exit_code in (0, 1), (command, result.output)
        if result.exit_code and command[0] != "check":
            assert result.stderr.startswith("ramaudit: "), (command, result.output)
        if ("json" in command or "sarif" in command) and (
            command[0] == "check" or result.stdout.strip()
        ):
            # (a plan with no score or graph writes its one line to stderr, nothing else)
            strict_json = json.loads(result.stdout, parse_constant=_refuse)
            assert strict_json is not None


def _refuse(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")
