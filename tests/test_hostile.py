"""Hostile and broken input: every case gives a finding or a clear error (with the
file, and the line where there is one), never a traceback, and an exit code of 0, 1
or 2. The small cases live in ``tests/hostile/``; large ones are generated here."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from ramaudit.api import audit, audit_text
from ramaudit.cli import app
from ramaudit.config.effective import Config

HOSTILE = Path(__file__).resolve().parent / "hostile"
runner = CliRunner()


def check(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any], str]:
    """Run ``ramaudit check --format json`` in-process; no exception may escape."""
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(app, ["check", "--format", "json", *args])
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2)
    return result.exit_code, json.loads(result.stdout), result.stderr


def assert_positions_inside(doc: dict[str, Any]) -> None:
    for entry in doc["files"]:
        if entry["error"]:
            continue
        try:
            text = Path(entry["path"]).read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        n_lines = len(text.splitlines())
        for f in entry["findings"]:
            assert 1 <= f["line"] <= n_lines + 1, f
            assert f["column"] >= 1, f
            if f["end_line"] is not None:
                assert f["line"] <= f["end_line"] <= n_lines + 1, f
                assert f["end_column"] >= 1, f


def codes(doc: dict[str, Any], index: int = 0) -> list[str]:
    return [f["code"] for f in doc["files"][index]["findings"]]


def only(doc: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for f in doc["files"][0]["findings"] if f["code"] == code]


# --------------------------------------------------------------------------- alias bombs


def test_alias_bomb_is_refused_quickly_with_bounded_memory() -> None:
    path = HOSTILE / "alias-bomb.yaml"
    tracemalloc.start()
    try:
        result = audit(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # the 10^9 values are never made
    (limit,) = [f for f in result.findings if f.code == "RA006"]
    assert "alias bomb" in limit.message
    # x-e, the first list past 100,000 values, far more than a hundred times the file
    assert (limit.line, limit.column) == (8, 6)
    code, doc, _ = check(str(path))
    assert code == 1 and "RA006" in codes(doc)
    assert_positions_inside(doc)


def test_aliases_that_multiply_the_work_a_hundredfold_are_refused() -> None:
    """Not exponential, but 2,000 references to a tactic that holds 150 references to
    a KPI would have the walk validate 300,000 KPIs from a 20 kB file."""
    text = (
        "plan: {name: p}\n"
        "x-kpi: &k {metric: qualified leads, target: 10}\n"
        f"x-tactic: &t {{id: t, kpis: [{', '.join(['*k'] * 150)}]}}\n"
        f"tactics: [{', '.join(['*t'] * 2000)}]\n"
    )
    tracemalloc.start()
    try:
        result = audit_text(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024
    (limit,) = [f for f in result.findings if f.code == "RA006"]
    assert "100 times the values written" in limit.message
    assert limit.line == 4
    # the same references, a few of them, are fine: aliases for shared values work
    few = text.replace(", ".join(["*t"] * 2000), ", ".join(["*t"] * 3))
    assert not [f for f in audit_text(few).findings if f.code == "RA006"]


def test_alias_expansion_limit_is_configurable() -> None:
    text = (
        "plan:\n  name: p\n  stakeholders: &team [sales, finance, service, legal, ops]\n"
        "segments:\n  - id: s-one\n    voice_of_customer: *team\n"
        "  - id: s-two\n    voice_of_customer: *team\n"
    )
    assert not [f for f in audit_text(text).findings if f.code == "RA006"]
    # 26 values once the aliases are expanded; the limit counts them, not the text
    assert not [
        f for f in audit_text(text, config=Config(max_nodes=26)).findings if f.code == "RA006"
    ]
    (limit,) = [
        f for f in audit_text(text, config=Config(max_nodes=25)).findings if f.code == "RA006"
    ]
    assert (limit.line, limit.column) == (1, 1)
    (limit,) = [
        f for f in audit_text(text, config=Config(max_nodes=16)).findings if f.code == "RA006"
    ]
    assert (limit.line, limit.column) == (5, 3)  # the segments list alone holds 17


def test_max_nodes_option_on_check(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("plan: {name: p}\ngoals: [{id: a}, {id: b}, {id: c}]\n", encoding="utf-8")
    code, doc, _ = check(str(plan), "--max-nodes", "5", "--isolated")
    assert code == 1 and codes(doc) == ["RA006"]
    code, doc, _ = check(str(plan), "--max-nodes", "50", "--isolated")
    assert "RA006" not in codes(doc)


# ------------------------------------------------------------------- size, depth, lines


def test_file_over_the_size_limit_is_reported_not_read(tmp_path: Path) -> None:
    plan = tmp_path / "big.yaml"
    plan.write_text("plan:\n  name: " + "x" * 5000 + "\n", encoding="utf-8")
    code, doc, _ = check(str(plan), "--max-file-size", "1000")
    assert code == 2
    error = doc["files"][0]["error"]
    assert str(plan) in error and "1,000-byte limit" in error and "--max-file-size" in error
    code, doc, _ = check(str(plan), "--max-file-size", "100000")
    assert code == 0 and doc["files"][0]["error"] is None


@pytest.mark.parametrize(
    "text",
    [
        "plan: {name: deep}\nx: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "plan: {name: deep}\nx: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
        "plan: {name: deep}\nx:\n" + "- " * 10_000 + "leaf\n",
    ],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_nesting_ten_thousand_levels_deep_stops_at_the_limit(tmp_path: Path, text: str) -> None:
    plan = tmp_path / "deep.yaml"
    plan.write_text(text, encoding="utf-8")
    code, doc, _ = check(str(plan))
    assert code == 1
    (limit,) = only(doc, "RA006")
    assert "nesting deeper than 100 levels" in limit["message"]
    assert limit["line"] in (2, 3)
    assert_positions_inside(doc)


def test_very_long_lines_and_keys(tmp_path: Path) -> None:
    long_value = "word " * 200_000  # a 1 MB line
    long_key = "k" * 100_000
    plan = tmp_path / "long.yaml"
    plan.write_text(
        f"plan:\n  name: {long_value}\n  ? {long_key}\n  : value\ngoals:\n  - id: g\n",
        encoding="utf-8",
    )
    code, doc, _ = check(str(plan))
    assert code == 1
    (unknown,) = only(doc, "RA002")
    assert (unknown["line"], unknown["column"]) == (3, 5)
    assert len(unknown["message"]) < 300  # the key is shortened in the message
    assert doc["files"][0]["plan"].startswith("word word")
    assert_positions_inside(doc)


def test_an_implicit_key_over_1024_characters_is_a_syntax_finding(tmp_path: Path) -> None:
    plan = tmp_path / "long-key.yaml"
    plan.write_text("plan:\n  " + "k" * 5000 + ": v\n", encoding="utf-8")
    code, doc, _ = check(str(plan))
    assert code == 1 and codes(doc) == ["RA001"]
    assert_positions_inside(doc)


# ---------------------------------------------------------------- bytes and encodings


@pytest.mark.parametrize(
    ("name", "where", "words"),
    [
        ("nul-byte.yaml", ":3:", "NUL byte"),
        ("binary.yaml", ":3:", "NUL byte"),  # the PNG header holds two line breaks
        ("latin1.yaml", ":2:", "not UTF-8"),
    ],
)
def test_binary_and_non_utf8_files_are_clear_errors(name: str, where: str, words: str) -> None:
    path = HOSTILE / name
    code, doc, _ = check(str(path))
    assert code == 2
    error = doc["files"][0]["error"]
    assert error.startswith(f"{path}{where}") and words in error


def test_random_bytes_without_nul_are_not_utf8(tmp_path: Path) -> None:
    plan = tmp_path / "noise.yaml"
    plan.write_bytes(b"plan:\n  name: ok\n" + bytes(range(128, 256)))
    code, doc, _ = check(str(plan))
    assert code == 2 and ":3: not UTF-8 text (byte 0x80)" in doc["files"][0]["error"]


def test_utf16_with_byte_order_mark_is_audited_like_utf8(tmp_path: Path) -> None:
    wide = HOSTILE / "utf16-bom.yaml"
    narrow = tmp_path / "utf8.yaml"
    narrow.write_text(wide.read_bytes()[2:].decode("utf-16-le"), encoding="utf-8")
    code, doc, _ = check(str(wide))
    _, same, _ = check(str(narrow))
    assert code == 1 and doc["files"][0]["error"] is None
    strip = [{k: v for k, v in f.items() if k != "path"} for f in doc["files"][0]["findings"]]
    assert strip == [
        {k: v for k, v in f.items() if k != "path"} for f in same["files"][0]["findings"]
    ]
    assert ("RA101", 6) in [(f["code"], f["line"]) for f in doc["files"][0]["findings"]]


def test_utf8_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    plan = tmp_path / "bom.yaml"
    plan.write_bytes(b"\xef\xbb\xbfplan:\n  name: p\n")
    code, doc, _ = check(str(plan))
    assert code == 0 and doc["files"][0]["plan"] == "p"


# ------------------------------------------------------------------- odd documents


def test_empty_file() -> None:
    code, doc, _ = check(str(HOSTILE / "empty.yaml"))
    assert code == 1
    (empty,) = only(doc, "RA002")
    assert "empty" in empty["message"] and (empty["line"], empty["column"]) == (1, 1)


def test_comments_only_file_is_empty(tmp_path: Path) -> None:
    plan = tmp_path / "comments.yaml"
    plan.write_text("# nothing here yet\n\n# still nothing\n", encoding="utf-8")
    code, doc, _ = check(str(plan))
    assert code == 1 and "empty" in only(doc, "RA002")[0]["message"]


def test_several_documents_in_one_file() -> None:
    code, doc, _ = check(str(HOSTILE / "multi-doc.yaml"))
    assert code == 1
    (syntax,) = only(doc, "RA001")
    assert "more than one YAML document" in syntax["message"]
    assert syntax["line"] == 3
    assert_positions_inside(doc)


@pytest.mark.parametrize(
    ("name", "what"), [("top-level-list.yaml", "a list"), ("top-level-scalar.yaml", "the text")]
)
def test_top_level_list_or_scalar(name: str, what: str) -> None:
    code, doc, _ = check(str(HOSTILE / name))
    assert code == 1
    (shape,) = only(doc, "RA002")
    assert shape["message"].startswith("a plan is a mapping with a 'plan:' block at the top")
    assert f"the file holds {what}" in shape["message"] and shape["line"] == 1


def test_unsafe_and_unknown_tags_are_never_constructed(tmp_path: Path) -> None:
    plan = tmp_path / "unsafe.yaml"
    shutil.copy(HOSTILE / "unsafe-tags.yaml", plan)
    code, doc, _ = check(str(plan), cwd=tmp_path)
    assert not (tmp_path / "HOSTILE_MARKER").exists()
    assert not (Path.cwd() / "HOSTILE_MARKER").exists()
    assert code == 1
    tags = [f for f in only(doc, "RA002") if "tag" in f["message"]]
    lines = sorted({f["line"] for f in tags})
    assert lines == [4, 5, 6, 8, 14, 15]  # !!binary (line 11) is read as its text
    # the values are read as plain text and lists, never as Python objects
    result = audit(plan)
    assert result.plan.info.name is None or isinstance(result.plan.info.name, str)
    assert_positions_inside(doc)


def test_anchors_and_merge_keys_work_with_exact_positions() -> None:
    path = HOSTILE / "merge-keys.yaml"
    result = audit(path)
    webinar, newsletter = result.plan.tactics
    assert (webinar.owner, webinar.channel, webinar.funnel_stage) == (
        "Dana Okafor",
        "email",
        "awareness",
    )
    assert (newsletter.channel, newsletter.budget) == ("newsletter", 5000)
    assert newsletter.kpis[0].target == 120 and newsletter.kpis[0].baseline == 60
    assert webinar.kpis[0].metric == "qualified leads"
    # the typo in the shared defaults is reported where it is written, once per use
    typos = [f for f in result.findings if f.code == "RA002" and "chanel" in f.message]
    errors = [f for f in result.findings if f.severity.value == "error"]
    assert errors == typos
    assert {(f.line, f.column) for f in typos} == {(8, 3)}
    assert {f.item for f in typos} == {"t-webinar", "t-newsletter"}
    code, doc, _ = check(str(path))
    assert code == 1
    assert_positions_inside(doc)


def test_ids_that_yaml_reads_as_booleans_dates_and_numbers() -> None:
    # YAML 1.2, as editors read it: yes/on/off and dates are text, 0x1F is 31 and
    # 1.5e+3 is 1500; true and null are no ids.
    result = audit(HOSTILE / "odd-ids.yaml")
    ids = [item.id for item in result.plan.items()]
    assert ids == ["yes", "2027-01-01", "42", "31", "1500", "on", "off", "t-ok"]
    assert result.graph.traceable >= {"yes", "2027-01-01", "42", "1500", "on", "off"}
    by_code = {(f.code, f.line) for f in result.findings}
    assert ("RA002", 12) in by_code  # `goals: true` names no id
    assert ("RA002", 20) in by_code  # a null id is no id
    assert not [f for f in result.findings if f.code in ("RA004", "RA005")]
    code, doc, _ = check(str(HOSTILE / "odd-ids.yaml"))
    assert code == 1
    assert_positions_inside(doc)


def test_huge_numbers_nan_and_negative_budgets() -> None:
    result = audit(HOSTILE / "numbers.yaml")
    bad = {(f.line, f.pointer) for f in result.findings if f.code == "RA002"}
    assert bad >= {
        (4, "plan.budget"),
        (11, "objectives[0].kpis[0].target"),
        (11, "objectives[0].kpis[0].baseline"),
        (12, "objectives[0].kpis[1].target"),  # 1e400 is infinity in YAML 1.2
        (16, "tactics[0].budget"),
        (19, "tactics[1].budget"),
        (22, "tactics[2].budget"),
        (25, "tactics[3].budget"),
        (28, "tactics[4].budget"),
    }
    assert result.score is not None  # the plan is still scored
    assert [t.budget for t in result.plan.tactics] == [None] * 5  # no inf, NaN or negative
    code, doc, _ = check(str(HOSTILE / "numbers.yaml"))
    assert code == 1
    assert_positions_inside(doc)


# ------------------------------------------------------------------------ folders


def _folder_with_trouble(root: Path) -> Path:
    folder = root / "plans"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(EXAMPLES / "random-acts.yaml", folder / "a-random-acts.yaml")
    shutil.copy(EXAMPLES / "saas-demand-gen.yaml", folder / "sub" / "b-clean.yml")
    shutil.copy(HOSTILE / "binary.yaml", folder / "c-binary.yaml")
    (folder / "d-notes.yaml").write_text("These are meeting notes, not YAML: {[\n")
    (folder / "README.md").write_text("# not a plan, and not audited\n")
    (folder / "e-dangling.yaml").symlink_to(folder / "does-not-exist.yaml")
    (folder / "f-loop-1.yaml").symlink_to(folder / "f-loop-2.yaml")
    (folder / "f-loop-2.yaml").symlink_to(folder / "f-loop-1.yaml")
    (folder / "sub" / "back-up").symlink_to(folder, target_is_directory=True)
    os.mkfifo(folder / "g-fifo.yaml")
    return folder


def test_a_folder_with_unreadable_files_loops_and_non_yaml(tmp_path: Path) -> None:
    folder = _folder_with_trouble(tmp_path)
    code, doc, _ = check(str(folder))
    assert code == 2  # some files could not be read
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert sorted(by_name) == [
        "a-random-acts.yaml",
        "b-clean.yml",
        "c-binary.yaml",
        "d-notes.yaml",
        "e-dangling.yaml",
        "f-loop-1.yaml",
        "f-loop-2.yaml",
        "g-fifo.yaml",
    ]
    # readable plans are audited in full
    assert by_name["a-random-acts.yaml"]["score"] is not None
    assert "RA101" in [f["code"] for f in by_name["a-random-acts.yaml"]["findings"]]
    assert by_name["b-clean.yml"]["findings"] == []
    # a text file that is not YAML is a finding with a position
    notes = by_name["d-notes.yaml"]
    assert notes["error"] is None and [f["code"] for f in notes["findings"]] == ["RA001"]
    # the rest are reported, each with its path, and the run goes on
    assert "NUL byte" in by_name["c-binary.yaml"]["error"]
    assert "no such file" in by_name["e-dangling.yaml"]["error"]
    assert "symbolic links" in by_name["f-loop-1.yaml"]["error"]
    assert "not a regular file" in by_name["g-fifo.yaml"]["error"]
    for name, entry in by_name.items():
        if entry["error"]:
            assert entry["error"].startswith(entry["path"]) and name in entry["error"]
    assert_positions_inside(doc)


def test_only_audited_findings_when_every_file_is_readable(tmp_path: Path) -> None:
    folder = tmp_path / "ok"
    folder.mkdir()
    shutil.copy(EXAMPLES / "random-acts.yaml", folder / "plan.yaml")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    code, doc, _ = check(str(folder))
    assert code == 1 and len(doc["files"]) == 1


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a file whatever its mode"
)
def test_a_file_without_read_permission_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    shutil.copy(EXAMPLES / "random-acts.yaml", folder / "a.yaml")
    locked = folder / "b.yaml"
    shutil.copy(EXAMPLES / "saas-demand-gen.yaml", locked)
    locked.chmod(0)
    try:
        code, doc, _ = check(str(folder))
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert code == 2
    assert doc["files"][0]["score"] is not None
    assert doc["files"][1]["error"] == f"{locked}: permission denied"


def test_a_fifo_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    """Process substitution (``ramaudit check <(git show HEAD:plan.yaml)``) gives a
    pipe; a pipe named on purpose is read, one found in a folder is not."""
    fifo = tmp_path / "piped.yaml"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        [sys.executable, "-c", f"open({str(fifo)!r}, 'w').write('plan: {{name: piped}}\\n')"]
    )
    try:
        code, doc, _ = check(str(fifo))
    finally:
        writer.wait(timeout=30)
    assert code == 0 and doc["files"][0]["plan"] == "piped"


# ------------------------------------------------------------------------ output


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_to_a_closed_pipe_exits_quietly(tmp_path: Path, fmt: str) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_plan import plan_text

    plan = tmp_path / "big.yaml"
    plan.write_text(plan_text(1500), encoding="utf-8")  # far more output than a pipe holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "ramaudit", "check", "--format", fmt, str(plan)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read()
    code = proc.wait(timeout=120)
    assert first
    assert code in (0, 1, 2)
    assert b"Traceback" not in err and b"Error" not in err, err.decode()


def test_closed_pipe_with_a_shell_pipeline(tmp_path: Path) -> None:
    if shutil.which("head") is None or shutil.which("sh") is None:
        pytest.skip("needs sh and head")
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_plan import plan_text

    plan = tmp_path / "big.yaml"
    plan.write_text(plan_text(1500), encoding="utf-8")
    proc = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m ramaudit check "{plan}" | head -1'],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 1
    assert proc.stderr == b""
