"""Fixes (issue 14): the edits rules attach to findings, and ``check --fix`` / ``--diff``."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ramaudit.api import audit_text
from ramaudit.cli import app
from ramaudit.core.edits import apply_edits, choose, line_starts
from ramaudit.core.findings import Edit, Finding, Fix
from ramaudit.core.loader import parse
from ramaudit.fixing import NOT_REGULAR, ChangedMeanwhile, Fixed, fix_file, fix_text, write
from ramaudit.rules import ALL_RULES

FIXABLE = [r for r in ALL_RULES if r.fixable]


def fixes_of(text: str, code: str) -> list[Finding]:
    return [f for f in audit_text(text).findings if f.code == code and f.fix is not None]


def fixed_once(text: str, code: str) -> str:
    found = fixes_of(text, code)
    assert found, f"no {code} fix in:\n{text}"
    return apply_edits(
        text, [e for fix in choose(f.fix for f in found if f.fix) for e in fix.edits]
    )


def test_the_fixable_rules() -> None:
    assert {r.code: r.fixable for r in FIXABLE} == {
        "RA002": "safe",
        "RA005": "safe",
        "RA201": "unsafe",
        "RA312": "safe",
    }


@pytest.mark.parametrize("rule", FIXABLE, ids=lambda r: r.code)
def test_the_fix_of_the_docstring_example_clears_its_finding(rule: type) -> None:
    example = rule.doc().failing_example
    found = fixes_of(example, rule.code)
    assert found
    assert all(f.fix is not None and f.fix.safe is (rule.fixable == "safe") for f in found)
    after = fixed_once(example, rule.code)
    left = [f for f in audit_text(after).findings if f.code == rule.code]
    assert left == []
    if rule.fixable == "safe":  # the fix is exactly what the docs say to write
        assert after == rule.doc().passing_example


# ------------------------------------------------------------------ RA002 keys and words

PLAN = "plan:\n  name: Plan\ngoals:\n  - id: g-pipeline\n"


def test_a_misspelt_key_is_renamed_in_place() -> None:
    text = PLAN + "objectives:\n  - id: o-a\n    goalz: g-pipeline   # why\n"
    (f,) = fixes_of(text, "RA002")
    assert (f.line, f.column, f.end_line, f.end_column) == (7, 5, 7, 10)
    # the message's did-you-mean, whichever spelling of the key it names
    assert "did you mean 'goal'?" in f.message
    assert f.fix == Fix("replace 'goalz' with 'goal'", (Edit(7, 5, 7, 10, "goal"),), safe=True)
    assert fixed_once(text, "RA002").endswith("    goal: g-pipeline   # why\n")


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("'goalz'", "'goal'"),
        ('"goalz"', '"goal"'),
    ],
)
def test_a_quoted_key_keeps_its_quotes(written: str, fixed: str) -> None:
    text = PLAN + f"objectives:\n  - id: o-a\n    {written}: g-pipeline\n"
    assert fixed_once(text, "RA002").endswith(f"    {fixed}: g-pipeline\n")


def test_no_rename_onto_a_key_the_mapping_has() -> None:
    text = PLAN + "objectives:\n  - id: o-a\n    goals: g-pipeline\n    goalz: g-pipeline\n"
    assert fixes_of(text, "RA002") == []
    # nor onto the other spelling of that key
    text = PLAN + "objectives:\n  - id: o-a\n    goal: g-pipeline\n    goalz: g-pipeline\n"
    assert fixes_of(text, "RA002") == []


def test_a_key_or_section_in_the_wrong_case_is_lowered() -> None:
    text = "plan:\n  name: Plan\nGoals:\n  - id: g-a\nobjectives:\n  - id: o-a\n    KPIs: []\n"
    after, done, _ = fix_text(text, audit_text)
    assert after == text.replace("Goals:", "goals:").replace("KPIs:", "kpis:")
    assert [(f.code, f.line, f.column) for f in done] == [("RA002", 3, 1), ("RA002", 7, 5)]
    text = "plan:\n  name: Plan\ngoals:\n  - id: g-a\n    name: A\n    Name: B\n"
    assert fixes_of(text, "RA002") == []  # 'name' is there already


def test_a_misspelt_section_is_renamed() -> None:
    text = PLAN + "objectivs:\n  - id: o-a\n    goals: g-pipeline\n"
    (f,) = fixes_of(text, "RA002")
    assert (f.line, f.column) == (5, 1)
    assert fixed_once(text, "RA002") == text.replace("objectivs:", "objectives:")


def test_a_near_miss_of_a_fixed_word_is_put_right() -> None:
    text = "plan:\n  name: Plan\n  review_cadence: montly\n"
    (f,) = fixes_of(text, "RA002")
    assert (f.line, f.column, f.end_column) == (3, 19, 25)
    assert fixed_once(text, "RA002") == text.replace("montly", "monthly")
    text = PLAN + "tactics:\n  - id: t-a\n    stage: 'awarness'\n"
    assert fixed_once(text, "RA002").endswith("    stage: 'awareness'\n")


def test_a_word_close_to_two_choices_gets_no_fix() -> None:
    text = "plan:\n  name: Plan\n  review_cadence: ly\n"
    assert any(f.code == "RA002" for f in audit_text(text).findings)
    assert fixes_of(text, "RA002") == []


# ------------------------------------------------------------------ RA005 link ids

LINKED = PLAN + "objectives:\n  - id: o-a\n    goals: {link}\n"


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("g-pipline", "g-pipeline"),
        ("'g-pipline'", "'g-pipeline'"),
        ('"g-pipline"', '"g-pipeline"'),
        ("[g-pipline]", "[g-pipeline]"),
        ("[ 'g-pipline' ]", "[ 'g-pipeline' ]"),
        ("\n      - g-pipline", "\n      - g-pipeline"),
        ("G-Pipeline", "g-pipeline"),
    ],
)
def test_a_misspelt_link_id_is_put_right_in_its_own_quoting(written: str, fixed: str) -> None:
    text = LINKED.format(link=written)
    (f,) = fixes_of(text, "RA005")
    assert f.fix is not None and f.fix.safe
    (edit,) = f.fix.edits
    assert (edit.line, edit.column, edit.end_line, edit.end_column) == (
        f.line,
        f.column,
        f.end_line,
        f.end_column,
    )
    assert fixed_once(text, "RA005") == LINKED.format(link=fixed)


@pytest.mark.parametrize(
    "written",
    [
        "&a g-pipline",  # an anchor before the text: other nodes share it
        "!!str g-pipline",
        '"g-pip\\x6cine"',  # an escape: the text is not what is written
        "g-pipl\n      ine",  # two lines
    ],
)
def test_no_fix_where_the_span_is_not_just_the_text(written: str) -> None:
    text = LINKED.format(link=written)
    assert any(f.code == "RA005" for f in audit_text(text).findings)
    assert fixes_of(text, "RA005") == []


def test_a_link_close_to_two_ids_gets_a_suggestion_but_no_fix() -> None:
    text = (
        "plan:\n  name: Plan\ngoals:\n  - id: g-pipeline-a\n  - id: g-pipeline-b\n"
        "objectives:\n  - id: o-a\n    goals: g-pipeline\n"
    )
    (f,) = [f for f in audit_text(text).findings if f.code == "RA005"]
    assert "did you mean" in f.message
    assert f.fix is None


def test_a_near_miss_that_stands_out_among_numbered_ids_is_fixed() -> None:
    goals = "".join(f"  - id: g-{i:05d}\n" for i in range(30))
    text = "plan:\n  name: Plan\ngoals:\n" + goals + "objectives:\n  - id: o-a\n    goals: {link}\n"
    assert fixed_once(text.format(link="g_00018"), "RA005") == text.format(link="g-00018")
    # one more digit: as near to g-00018 as to g-00019 (and a new id, perhaps)
    assert fixes_of(text.format(link="g-000189"), "RA005") == []


def test_positions_count_characters_not_bytes() -> None:
    text = "plan:\n  name: Plän ✓\ngoals:\n  - id: g-é\nobjectives:\n  - {id: o-ü, goals: g-e}\n"
    (f,) = fixes_of(text, "RA005")
    assert f.fix is not None
    assert f.fix.edits == (Edit(6, 22, 6, 25, "g-é"),)
    assert fixed_once(text, "RA005").endswith("goals: g-é}\n")


# ------------------------------------------------------------------ RA201 (unsafe)


def test_the_kpi_skeleton_is_unsafe_and_never_made_by_fix() -> None:
    text = PLAN + "objectives:\n  - id: o-a\n    goals: g-pipeline\n"
    (f,) = fixes_of(text, "RA201")
    assert f.fix is not None and not f.fix.safe
    after, done, _ = fix_text(text, audit_text)
    assert (after, done) == (text, [])


def test_no_kpi_skeleton_in_a_flow_mapping() -> None:
    text = PLAN + "objectives:\n  - {id: o-a, goals: g-pipeline}\n"
    assert fixes_of(text, "RA201") == []


# ------------------------------------------------------------------ edits


def test_apply_edits_touches_only_the_spans() -> None:
    text = "a: b\r\nc: d\re: f\n"
    assert line_starts(text) == [0, 6, 11, 16]
    out = apply_edits(text, [Edit(2, 4, 2, 5, "xx"), Edit(3, 1, 3, 1, ">")])
    assert out == "a: b\r\nc: xx\r>e: f\n"
    with pytest.raises(ValueError):
        apply_edits(text, [Edit(1, 1, 1, 3, ""), Edit(1, 2, 1, 4, "")])
    with pytest.raises(ValueError):
        apply_edits(text, [Edit(9, 1, 9, 1, "")])


def test_choose_leaves_out_fixes_that_clash() -> None:
    one = Fix("one", (Edit(1, 1, 1, 3, "x"),))
    two = Fix("two", (Edit(1, 2, 1, 4, "y"),))
    three = Fix("three", (Edit(1, 4, 1, 5, "z"),))
    assert choose([one, two, three]) == [one, three]


# ------------------------------------------------------------------ check --fix / --diff

MESSY = (
    "# a comment kept as it is\n"
    "plan:\n"
    "  name: 'Plan'\n"
    "goals:\n"
    "  - id: g-pipeline   # the goal\n"
    "objectives:\n"
    "  - id: o-leads\n"
    '    goals: "g-pipline"\n'
    "tactics:\n"
    "  - id: t-a\n"
    "    objectivs: [o-leds]\n"
)
CLEAN = (
    MESSY.replace('"g-pipline"', '"g-pipeline"')
    .replace("objectivs:", "objectives:")
    .replace("[o-leds]", "[o-leads]")
)


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_fix_writes_the_fixes_and_reports_what_remains(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(MESSY)
    code, out, err = run("check", str(plan), "--fix", "-f", "concise", "--isolated")
    assert plan.read_text() == CLEAN
    # objectivs, then (once it is read) o-leds, and g-pipline: three fixes in two passes
    remaining = len(audit_text(CLEAN).findings)
    assert err.splitlines() == [
        f"{plan}:8:12: RA005 fixed: replace 'g-pipline' with 'g-pipeline'",
        f"{plan}:11:5: RA002 fixed: replace 'objectivs' with 'objectives'",
        f"{plan}:11:18: RA005 fixed: replace 'o-leds' with 'o-leads'",  # the second pass
        f"Fixed 3 problems ({remaining} remaining).",
    ]
    assert "RA005" not in out and "objectivs" not in out
    assert code == 1  # RA201 and more remain


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-32"], ids=str
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fix_keeps_encoding_bom_and_line_endings(
    tmp_path: Path, encoding: str, newline: str
) -> None:
    def encoded(text: str) -> bytes:
        text = text.replace("\n", newline)
        if encoding == "utf-16-le-bom":
            return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
        return text.encode(encoding)

    plan = tmp_path / "plan.yaml"
    plan.write_bytes(encoded(MESSY))
    run("check", str(plan), "--fix", "--isolated", "-q")
    assert plan.read_bytes() == encoded(CLEAN)


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(MESSY)
    code, out, err = run("check", str(plan), "--diff", "--isolated")
    assert code == 1
    assert plan.read_text() == MESSY
    assert f"--- {plan}\n+++ {plan}\n" in out
    assert '-    goals: "g-pipline"\n+    goals: "g-pipeline"\n' in out
    assert "-    objectivs: [o-leds]\n+    objectives: [o-leads]\n" in out
    assert err.strip() == "Would fix 3 problems."
    plan.write_text(CLEAN)
    assert run("check", str(plan), "--diff", "--isolated")[:2] == (0, "")


def test_diff_escapes_control_characters(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    # YAML allows no C0 control in a plan; bidi and invisible characters it allows
    plan.write_text(MESSY.replace('"g-pipline"', '"g-pipline"  # \u202eevil\u200b'))
    code, out, _ = run("check", str(plan), "--diff", "--isolated")
    assert code == 1
    assert "\u202e" not in out and "\u200b" not in out
    assert '+    goals: "g-pipeline"  # \\u202eevil\\u200b\n' in out


def test_fix_on_stdin_prints_the_fixed_plan(tmp_path: Path) -> None:
    code, out, err = run("check", "-", "--fix", "--isolated", stdin=MESSY.encode())
    assert out == CLEAN
    assert err.splitlines()[-1].startswith("Fixed 3 problems (")
    assert err.startswith("-:8:12: RA005 fixed: ")
    assert code == 1


def test_fix_leaves_an_unparseable_file_untouched(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    broken = MESSY + "  - id: [unclosed\n"
    plan.write_text(broken)
    code, _, err = run("check", str(plan), "--fix", "--isolated", "-q")
    assert plan.read_text() == broken
    assert code == 1
    assert f"ramaudit: {plan} not fixed: it does not parse (RA001)" in err


def test_fix_leaves_a_file_with_nothing_to_fix_alone(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(CLEAN)
    before = os.stat(plan)
    run("check", str(plan), "--fix", "--isolated", "-q")
    after = os.stat(plan)
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_a_suppressed_finding_is_not_fixed(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = CLEAN.replace('"g-pipeline"', '"g-pipline"  # ramaudit: ignore[RA005] on purpose')
    plan.write_text(text)
    run("check", str(plan), "--fix", "--isolated", "-q")
    assert plan.read_text() == text


def test_a_rule_left_out_fixes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(MESSY)
    run("check", str(plan), "--fix", "--isolated", "-q", "--ignore", "RA005")
    assert plan.read_text() == MESSY.replace("objectivs:", "objectives:")


def test_fix_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(MESSY)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    run("check", str(link), "--fix", "--isolated", "-q")
    assert link.is_symlink() and real.read_text() == CLEAN


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_fix_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    from ramaudit.config.effective import DEFAULT_CONFIG

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    fixed = fix_file(str(fifo), DEFAULT_CONFIG, None)  # never opened: it would wait
    assert fixed.skipped == NOT_REGULAR and not fixed.changed
    # A file replaced by a pipe between reading and writing is not written either.
    made = Fixed("pipe.yaml", str(fifo), b"a: b\n", "a: b\n", "a: c\n")
    with pytest.raises(ChangedMeanwhile):
        write(made)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_file_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("a: b\n")
    made = Fixed("plan.yaml", str(plan), b"a: x\n", "a: x\n", "a: y\n")
    with pytest.raises(ChangedMeanwhile):
        write(made)
    assert plan.read_text() == "a: b\n"


def test_fix_and_write_baseline_do_not_go_together(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(MESSY)
    code, _, err = run("check", str(plan), "--fix", "--write-baseline", str(tmp_path / "b.json"))
    assert code == 2 and "--write-baseline" in err
    assert plan.read_text() == MESSY


def test_fix_across_the_files_of_a_workspace(tmp_path: Path) -> None:
    (tmp_path / ".ramaudit.toml").write_text('workspace = ["*.yaml"]\n')
    (tmp_path / "company.yaml").write_text(
        "plan:\n  name: Company\n  id: company\ngoals:\n  - id: g-grow-revenue\n"
    )
    team = tmp_path / "team.yaml"
    team.write_text("plan:\n  name: Team\nobjectives:\n  - id: o-a\n    goals: g-grow-revenu\n")
    _, out, err = run("check", str(team), "--diff")
    assert "+    goals: g-grow-revenue\n" in out, (out, err)
    run("check", str(team), "--fix", "-q")
    assert team.read_text().endswith("    goals: g-grow-revenue\n")


# ------------------------------------------------------------------ property

IDS = st.from_regex(r"[a-z]{6,10}", fullmatch=True)
QUOTES = st.sampled_from(["", "'", '"'])


def _misspelt(word: str, at: int) -> str:
    at %= len(word)
    return word[:at] + word[at + 1 :]


@st.composite
def plans(draw: st.DrawFn) -> str:
    goals = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    lines = ["# generated", "plan:", "  name: Plan", "goals:"]
    lines += [f"  - id: g-{g}" for g in goals]
    lines.append(draw(st.sampled_from(["objectives:", "objectivs:"])))
    for i in range(draw(st.integers(1, 4))):
        q = draw(QUOTES)
        target = f"g-{draw(st.sampled_from(goals))}"
        if draw(st.booleans()):
            target = _misspelt(target, draw(st.integers(2, 20)))
        key = draw(st.sampled_from(["goals", "goalz"]))
        kq = draw(QUOTES)
        lines += [f"  - id: o-{i}   # objective {i}", f"    {kq}{key}{kq}: {q}{target}{q}"]
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return eol.join(lines) + eol


def _unchanged_outside(before: str, after: str, edits: list[Edit]) -> None:
    b, a = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(a) == len(b)
    touched = {e.line: e for e in edits}
    for n, (old, new) in enumerate(zip(b, a, strict=True), start=1):
        e = touched.get(n)
        if e is None:
            assert old == new
        else:
            assert old[: e.column - 1] == new[: e.column - 1]
            assert old[e.end_column - 1 :] == new[e.column - 1 + len(e.replacement) :]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_fixing_changes_nothing_outside_the_fixed_spans(text: str) -> None:
    for _ in range(5):
        result = audit_text(text)
        chosen = choose(f.fix for f in result.findings if f.fix is not None and f.fix.safe)
        if not chosen:
            break
        fixed = {(f.code, f.message, f.line, f.column) for f in result.findings if f.fix in chosen}
        edits = [e for fix in chosen for e in fix.edits]
        assert len({e.line for e in edits}) == len(edits)  # one scalar per line here
        after = apply_edits(text, edits)
        _unchanged_outside(text, after, edits)
        assert parse(after) is not None
        again = audit_text(after)
        assert again.loaded
        assert not fixed & {(f.code, f.message, f.line, f.column) for f in again.findings}
        text = after
    # in the end no misspelling that has one close match is left
    assert "objectivs" not in text and "goalz" not in text


def test_stdin_that_is_not_text_passes_through_unchanged() -> None:
    data = MESSY.encode("latin-1") + "caf\xe9\n".encode("latin-1")
    result = CliRunner().invoke(app, ["check", "-", "--fix", "--isolated"], input=data)
    assert result.stdout_bytes == data
    assert result.exit_code == 2
    assert "not fixed: not UTF-8 text" in result.stderr


def test_stdin_skipped_by_force_exclude_passes_through(tmp_path: Path) -> None:
    (tmp_path / ".ramaudit.toml").write_text('exclude = ["skip.yaml"]\n')
    name = str(tmp_path / "skip.yaml")
    args = ["check", "-", "--fix", "--stdin-filename", name, "--force-exclude"]
    code, out, err = run(*args, stdin=MESSY.encode())
    assert (code, out, err) == (0, MESSY, "")


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85", "\r"], ids=repr)
def test_lines_are_counted_as_the_parser_counts_them(brk: str) -> None:
    # NEL and the Unicode separators end a line for the YAML parser (and so for the
    # finding's line); a lone CR before LF is one break with it.
    text = (
        f"plan:\n  name: P\ngoals:\n  - id: g-pipeline # x{brk}\n"
        "objectivs:\n  - id: o-a\n    goals: g-pipline\n"
    )
    after, done, _ = fix_text(text, audit_text)
    assert len(done) == 2
    assert after == text.replace("objectivs", "objectives").replace("g-pipline", "g-pipeline")
