"""`extend`: one configuration file read below another, as ruff's extend (issue 13)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ramaudit.cli import app
from ramaudit.config.files import ConfigError, Settings
from ramaudit.config.selection import codes, most_specific
from ramaudit.core.findings import Severity
from test_config import PLAN, write

runner = CliRunner()


def show(*args: str) -> dict:
    result = runner.invoke(app, ["config", "--show", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def source(doc: dict, key: str) -> str:
    (row,) = [r for r in doc["settings"] if r["key"] == key]
    return row["source"]


def value(doc: dict, key: str) -> object:
    (row,) = [r for r in doc["settings"] if r["key"] == key]
    return row["value"]


ORG, BASE, TEAM_FILE = "org/ramaudit.toml", "repo/ramaudit-base.toml", "repo/team/.ramaudit.toml"
TEAM, PLAN_PATH = "repo/team/plans", "repo/team/plans/plan.yaml"


@pytest.fixture
def chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """org/ramaudit.toml <- repo/ramaudit-base.toml <- repo/team/.ramaudit.toml, each
    overriding some of what the one below it says."""
    write(
        tmp_path / "org" / "ramaudit.toml",
        """\
        fail-on = "warning"
        fail-under = 40
        max-nodes = 5000
        ignore = ["RA309"]
        extend-exclude = ["org-drafts"]

        [severity]
        RA203 = "error"
        RA303 = "warning"

        [rules.RA305]
        tolerance = 0.5

        [rules.RA501]
        tolerance = 0.2
        off-track = 0.3
        """,
    )
    write(
        tmp_path / "repo" / "ramaudit-base.toml",
        """\
        extend = "../org/ramaudit.toml"
        fail-under = 50
        extend-select = ["RA309"]
        extend-exclude = ["repo-drafts"]

        [severity]
        RA303 = "info"

        [rules.RA501]
        off-track = 0.4
        """,
    )
    write(
        tmp_path / "repo" / "team" / ".ramaudit.toml",
        """\
        extend = "../ramaudit-base.toml"
        fail-on = "error"
        extend-ignore = ["RA101"]

        [rules.RA501]
        low-confidence = 0.6
        """,
    )
    write(tmp_path / "repo" / "team" / "plans" / "plan.yaml", PLAN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------- merging


def test_a_chain_of_three_files_overrides_level_by_level(chain: Path) -> None:
    config = Settings().config_for(PLAN_PATH)
    assert config.fail_on == "error"  # the team's over the organisation's
    assert config.fail_under == 50.0  # the repository's over the organisation's
    assert config.max_nodes == 5000  # the organisation's, said nowhere else
    # Tables merge per key: RA203 from the organisation, RA303 from the repository.
    assert config.severity["RA203"] is Severity.ERROR
    assert config.severity["RA303"] is Severity.INFO


def test_list_extending_settings_keep_extending_along_the_chain(chain: Path) -> None:
    config = Settings().config_for(PLAN_PATH)
    # The organisation ignores RA309, the repository adds it back, the team drops RA101.
    assert "RA309" in config.select
    assert "RA101" not in config.select
    assert "RA102" in config.select
    assert config.exclude == ("org-drafts", "repo-drafts")


def test_a_later_select_starts_the_selection_over(chain: Path) -> None:
    write(chain / "repo" / "team" / ".ramaudit.toml", 'extend = "../ramaudit-base.toml"\n')
    assert "RA309" in Settings().config_for(PLAN_PATH).select
    write(
        chain / "repo" / "team" / ".ramaudit.toml",
        'extend = "../ramaudit-base.toml"\nselect = ["RA1"]\n',
    )
    select = Settings().config_for(PLAN_PATH).select
    assert "RA309" not in select and "RA101" in select and "RA203" not in select


def test_rule_options_merge_per_option(chain: Path) -> None:
    options = Settings().config_for(PLAN_PATH).rule_options
    assert options["RA305"] == {"tolerance": 0.5}
    assert options["RA501"] == {"tolerance": 0.2, "off_track": 0.4, "low_confidence": 0.6}


def test_vocabulary_applies_file_by_file(tmp_path: Path) -> None:
    write(
        tmp_path / "base.toml",
        '[vocabulary]\noutcome-metrics = ["signed letters"]\n'
        'remove = { vanity-metrics = ["likes"] }\n',
    )
    top = write(
        tmp_path / "top.toml",
        'extend = "base.toml"\n[vocabulary]\noutcome-metrics = ["booked tastings"]\n',
    )
    vocabulary = Settings(config_file=top).effective().config.vocabulary
    assert {"signed letters", "booked tastings"} <= set(vocabulary.outcome_metrics)
    assert "likes" not in vocabulary.vanity_metrics


def test_benchmarks_for_the_same_result_are_the_extending_files(tmp_path: Path) -> None:
    write(tmp_path / "base.toml", "[benchmarks]\nleads = [10, 20]\ndemos = [100, 200]\n")
    top = write(tmp_path / "top.toml", 'extend = "base.toml"\n[benchmarks]\n"leads" = [30, 40]\n')
    entries = {e.metric: e for e in Settings(config_file=top).effective().config.benchmarks.entries}
    assert (entries["leads"].low, entries["leads"].high) == (30, 40)
    assert (entries["demos"].low, entries["demos"].high) == (100, 200)


def test_an_extended_yaml_file_and_pyproject_table(tmp_path: Path) -> None:
    write(tmp_path / "shared" / "org.yaml", "fail-on: info\nseverity:\n  RA203: error\n")
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.ramaudit]\nextend = "shared/org.yaml"\n',
    )
    config = Settings().effective(tmp_path).config
    assert config.fail_on == "info" and config.severity["RA203"] is Severity.ERROR


# --------------------------------------------------------------------------- paths


def test_globs_stay_relative_to_the_file_that_writes_them(tmp_path: Path) -> None:
    """The extended file lives in config/: its globs start there, not at the root."""
    write(
        tmp_path / "config" / "base.toml",
        """\
        extend = "org.toml"
        exclude = ["drafts/*.yaml"]

        [per-file-ignores]
        "legacy/*.yaml" = ["RA101"]
        """,
    )
    write(tmp_path / "config" / "org.toml", 'extend-exclude = ["old/*.yaml"]\n')
    write(tmp_path / ".ramaudit.toml", 'extend = "config/base.toml"\n')
    eff = Settings().effective(tmp_path)
    assert eff.excluded(tmp_path / "config" / "drafts" / "a.yaml")
    assert not eff.excluded(tmp_path / "drafts" / "a.yaml")
    assert eff.excluded(tmp_path / "config" / "old" / "a.yaml")
    assert not eff.excluded(tmp_path / "old" / "a.yaml")
    assert eff.ignored_for(tmp_path / "config" / "legacy" / "p.yaml") == {"RA101"}
    assert eff.ignored_for(tmp_path / "legacy" / "p.yaml") == set()
    # The extending file's own globs start at its own folder.
    write(tmp_path / ".ramaudit.toml", 'extend = "config/base.toml"\nexclude = ["drafts/*.yaml"]\n')
    eff = Settings().effective(tmp_path)
    assert eff.excluded(tmp_path / "drafts" / "a.yaml")
    assert not eff.excluded(tmp_path / "config" / "drafts" / "a.yaml")
    assert eff.excluded(tmp_path / "config" / "old" / "a.yaml")  # extend-exclude stays


def test_the_same_glob_in_the_extending_file_replaces_the_extended_ones(tmp_path: Path) -> None:
    write(
        tmp_path / "base.toml", '[per-file-ignores]\n"*.yaml" = ["RA101"]\n"x-*.yaml" = ["RA2"]\n'
    )
    top = write(
        tmp_path / "top.toml", 'extend = "base.toml"\n[per-file-ignores]\n"*.yaml" = ["RA3"]\n'
    )
    eff = Settings(config_file=top).effective()
    ignored = eff.ignored_for(tmp_path / "a.yaml")
    assert "RA101" not in ignored and "RA301" in ignored
    assert "RA201" in eff.ignored_for(tmp_path / "x-a.yaml")


def test_a_folder_search_skips_what_the_extended_file_excludes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "shared" / "base.toml", 'exclude = ["drafts"]\n')
    write(tmp_path / ".ramaudit.toml", 'extend = "shared/base.toml"\n')
    write(tmp_path / "plans" / "plan.yaml", PLAN)
    write(tmp_path / "plans" / "drafts" / "wip.yaml", "not: [a plan\n")
    result = runner.invoke(app, ["check", "plans", "--format", "json"])
    files = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert files == ["plans/plan.yaml"]


def test_home_folder_expands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write(tmp_path / "home" / "org.toml", 'fail-on = "never"\n')
    top = write(tmp_path / "repo" / "top.toml", 'extend = "~/org.toml"\n')
    assert Settings(config_file=top).effective().config.fail_on == "never"


# --------------------------------------------------------------------------- mistakes


def test_a_loop_is_an_error_naming_the_chain(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.toml", 'extend = "b.toml"\n')
    write(tmp_path / "b.toml", '# b\nfail-on = "info"\nextend = "./a.toml"\n')
    with pytest.raises(ConfigError) as caught:
        Settings(config_file="a.toml")
    err = caught.value
    assert (err.path, err.line) == ("b.toml", 3)
    assert "a loop: a.toml extends b.toml extends a.toml" in err.message


def test_a_file_that_extends_itself_is_a_loop(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.toml", 'extend = "a.toml"\n')
    with pytest.raises(ConfigError, match=r"a loop: a\.toml extends a\.toml"):
        Settings(config_file="a.toml")


def test_a_missing_extended_file_is_said_at_the_extend_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "repo" / ".ramaudit.toml", 'fail-on = "info"\nextend = "../org.toml"\n')
    write(tmp_path / "repo" / "plan.yaml", PLAN)
    result = runner.invoke(app, ["check", "repo"])
    assert result.exit_code == 2
    assert (
        "repo/.ramaudit.toml:2: extend: cannot read org.toml (no such file); check the path: "
        "it is relative to the folder of repo/.ramaudit.toml"
    ) in result.output


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("extend = 5", "extend: expected the path of a configuration file, got 5"),
        ('extend = ""', 'extend: expected the path of a configuration file, got ""'),
        ('extend = "."', "extend: cannot read . (is a directory, not a configuration file)"),
    ],
)
def test_a_bad_extend_value(tmp_path: Path, monkeypatch, written: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "top.toml", f'fail-on = "info"\n{written}\n')
    with pytest.raises(ConfigError) as caught:
        Settings(config_file="top.toml")
    assert (caught.value.path, caught.value.line) == ("top.toml", 2)
    assert caught.value.message.startswith(message)


def test_an_extended_pyproject_needs_its_table(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path / "top.toml", 'extend = "pyproject.toml"\n')
    with pytest.raises(ConfigError) as caught:
        Settings(config_file="top.toml")
    assert (caught.value.path, caught.value.line) == ("top.toml", 1)
    assert "pyproject.toml has no [tool.ramaudit] table" in caught.value.message


def test_a_bad_value_in_an_extended_file_is_reported_there(chain: Path) -> None:
    write(
        chain / "org" / "ramaudit.toml",
        """\
        fail-on = "warning"

        [rules.RA305]
        tolerance = "lots"
        """,
    )
    result = runner.invoke(app, ["check", TEAM])
    assert result.exit_code == 2
    assert f"{ORG}:4: rules: RA305.tolerance:" in result.output
    assert f"(in the file {BASE} extends)" in result.output


def test_an_unknown_key_in_an_extended_yaml_file_has_its_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "org.yaml", "fail-on: info\n\nfial-under: 3\n")
    write(tmp_path / "top.toml", 'extend = "org.yaml"\n')
    with pytest.raises(ConfigError) as caught:
        Settings(config_file="top.toml")
    assert (caught.value.path, caught.value.line) == ("org.yaml", 3)
    assert "unknown configuration key 'fial-under'; did you mean 'fail-under'?" in str(caught.value)


# --------------------------------------------------------------------------- config --show


def test_config_show_names_the_file_each_value_came_from(chain: Path) -> None:
    doc = show(TEAM)
    org, base, team = ORG, BASE, TEAM_FILE
    assert doc["config_file"] == team
    assert doc["extends"] == [base, org]
    assert source(doc, "fail-on") == team
    assert source(doc, "fail-under") == base
    assert source(doc, "max-nodes") == org
    assert source(doc, "severity.RA203") == org
    assert source(doc, "severity.RA303") == base
    assert source(doc, "rules.RA501.tolerance") == org
    assert source(doc, "rules.RA501.off-track") == base
    assert source(doc, "rules.RA501.low-confidence") == team
    assert source(doc, "rules.RA502.grace") == "default"
    assert source(doc, "ignore") == org and source(doc, "extend-select") == base
    extends = [(r["value"], r["source"]) for r in doc["settings"] if r["key"] == "extend"]
    assert extends == [("../org/ramaudit.toml", base), ("../ramaudit-base.toml", team)]
    excludes = [(r["value"], r["source"]) for r in doc["settings"] if r["key"] == "extend-exclude"]
    assert excludes == [(["org-drafts"], org), (["repo-drafts"], base)]


def test_config_show_text_lists_the_chain(chain: Path) -> None:
    result = runner.invoke(app, ["config", "--show", TEAM])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1:4] == [
        f"# configuration file: {TEAM_FILE}",
        f"# extends: {BASE} (named by {TEAM_FILE})",
        f"# extends: {ORG} (named by {BASE})",
    ]
    assert any(line.startswith("fail-under") and line.endswith(f"# {BASE}") for line in lines)


def test_config_show_splits_a_table_given_by_several_files(tmp_path: Path) -> None:
    write(tmp_path / "base.toml", '[per-file-ignores]\n"a-*.yaml" = ["RA101"]\n')
    write(tmp_path / "top.toml", 'extend = "base.toml"\n[per-file-ignores]\n"b-*.yaml" = ["RA2"]\n')
    doc = show("--config", str(tmp_path / "top.toml"))
    rows = [(r["value"], r["source"]) for r in doc["settings"] if r["key"] == "per-file-ignores"]
    assert [value for value, _ in rows] == [{"a-*.yaml": ["RA101"]}, {"b-*.yaml": ["RA2"]}]
    assert [Path(s).name for _, s in rows] == ["base.toml", "top.toml"]


def test_vocabulary_rows_name_every_file_that_changed_a_list(tmp_path: Path) -> None:
    write(tmp_path / "base.toml", '[vocabulary]\noutcome-metrics = ["signed letters"]\n')
    write(tmp_path / "top.toml", 'extend = "base.toml"\n[vocabulary]\noutcome-metrics = ["x y"]\n')
    doc = show("--config", str(tmp_path / "top.toml"))
    names = [Path(s).name for s in source(doc, "vocabulary.outcome-metrics").split(", ")]
    assert names == ["base.toml", "top.toml"]
    assert source(doc, "vocabulary.placeholders") == "default"


# --------------------------------------------------------------------------- flags


def test_isolated_ignores_the_whole_chain(chain: Path) -> None:
    doc = show(TEAM, "--isolated")
    assert doc["config_file"] is None and doc["extends"] == []
    assert value(doc, "fail-on") == "error" and source(doc, "fail-on") == "default"
    assert source(doc, "fail-under") == "default"


def test_an_explicit_config_file_may_extend_and_replaces_discovery(chain: Path) -> None:
    ci = write(chain / "ci.toml", 'extend = "org/ramaudit.toml"\nfail-under = 75\n')
    doc = show(TEAM, "--config", str(ci))
    assert doc["extends"] == [ORG]
    assert source(doc, "fail-under") == "ci.toml" and value(doc, "fail-under") == 75.0
    assert source(doc, "fail-on") == ORG  # the team's file is not read
    assert value(doc, "fail-on") == "warning"


def test_flags_win_over_every_file_of_the_chain(chain: Path) -> None:
    doc = show(TEAM, "--fail-on", "info", "--select", "RA2")
    assert value(doc, "fail-on") == "info"
    assert source(doc, "fail-on") == "command line (--fail-on)"
    assert "RA309" not in value(doc, "enabled")


def test_a_config_copied_from_pyproject_may_extend(tmp_path: Path) -> None:
    write(tmp_path / "org.toml", 'fail-on = "info"\n')
    ci = write(tmp_path / "ci.toml", '[tool.ramaudit]\nextend = "org.toml"\nfail-under = 10\n')
    config = Settings(config_file=ci).effective().config
    assert (config.fail_on, config.fail_under) == ("info", 10.0)


# --------------------------------------------------------------------------- property

LEVELS = ["error", "warning", "info"]
# Full codes only, so that every selector is as specific as every other and a layer is
# simple to apply by hand: ignore beats select and extend-select on a tie.
SELECTED = ["RA101", "RA102", "RA203", "RA305", "RA309"]
SELECTORS = ("select", "extend-select", "ignore")
SEVERITY_CODES = ["RA203", "RA303", "RA101", "RA2", "RA3"]
SCALARS = {
    "fail-on": st.sampled_from(["error", "warning", "info", "never"]),
    "max-nodes": st.integers(1, 10**6),
    "require-reason": st.booleans(),
    "fail-under": st.integers(0, 100),
}
LAYER = st.fixed_dictionaries(
    {},
    optional={
        **SCALARS,
        "severity": st.dictionaries(st.sampled_from(SEVERITY_CODES), st.sampled_from(LEVELS)),
        "tolerance": st.sampled_from([0.0, 0.1, 0.5, 2.0]),
        "grace-days": st.integers(0, 90),
        "extend-exclude": st.lists(st.sampled_from(["a", "b/*.yaml", "c/**"]), max_size=2),
        **{key: st.lists(st.sampled_from(SELECTED), max_size=3) for key in SELECTORS},
    },
)


def _toml(layer: dict, extend: str | None) -> str:
    lines = [f'extend = "{extend}"'] if extend else []
    for key in SCALARS:
        if key in layer:
            given = layer[key]
            lines.append(
                f"{key} = "
                + (json.dumps(given) if not isinstance(given, bool) else str(given).lower())
            )
    for key in ("extend-exclude", *SELECTORS):
        if key in layer and (layer[key] or key != "select"):
            lines.append(f"{key} = {json.dumps(layer[key])}")
    if layer.get("severity"):
        lines += ["[severity]", *(f'{k} = "{v}"' for k, v in layer["severity"].items())]
    options = {k: layer[k] for k in ("tolerance", "grace-days") if k in layer}
    if "tolerance" in options:
        lines += ["[rules.RA305]", f"tolerance = {options['tolerance']}"]
    if "grace-days" in options:
        lines += ["[rules.RA306]", f"grace-days = {options['grace-days']}"]
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layers=st.lists(LAYER, min_size=1, max_size=4))
def test_a_chain_merges_as_its_layers_applied_in_order(layers: list[dict]) -> None:
    """Each file of a chain, the first extended by all others, merged by ramaudit,
    equals the settings applied one layer after another by hand."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for n, layer in enumerate(layers):
            extend = f"layer{n - 1}.toml" if n else None
            (root / f"layer{n}.toml").write_text(_toml(layer, extend), encoding="utf-8")
        config = Settings(config_file=root / f"layer{len(layers) - 1}.toml").effective().config
    expected: dict = {"fail-on": "error", "max-nodes": 10_000_000, "require-reason": False}
    expected["fail-under"] = None
    severity: dict[str, str] = {}
    options: dict[str, dict] = {}
    exclude: list[str] = []
    enabled = set(codes())
    for layer in layers:
        if layer.get("select"):
            enabled = set(layer["select"])
        enabled = (enabled | set(layer.get("extend-select", []))) - set(layer.get("ignore", []))
        expected.update({k: layer[k] for k in SCALARS if k in layer})
        severity.update(layer.get("severity", {}))  # a later file's selector over the same one
        if "tolerance" in layer:
            options.setdefault("RA305", {})["tolerance"] = layer["tolerance"]
        if "grace-days" in layer:
            options.setdefault("RA306", {})["grace_days"] = layer["grace-days"]
        exclude += layer.get("extend-exclude", [])
    assert config.fail_on == expected["fail-on"]
    assert config.max_nodes == expected["max-nodes"]
    assert config.require_reason is expected["require-reason"]
    under = expected["fail-under"]
    assert config.fail_under == (None if under is None else float(under))
    assert config.exclude == tuple(exclude)
    assert config.rule_options == options
    assert set(config.select) == enabled | {"RA001", "RA006"}
    # The most specific selector decides each rule's severity, whichever file gave it.
    for code in codes():
        level = most_specific(code, severity)
        if code in ("RA001", "RA006"):
            continue
        assert config.severity.get(code) == (None if level is None else Severity(level))
