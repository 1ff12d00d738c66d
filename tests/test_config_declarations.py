"""Each setting is declared once (ramaudit.config.declarations); what reads, checks,
shows and documents settings derives from that one declaration."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ramaudit.cli import app
from ramaudit.config.declarations import BY_KEY, SETTINGS, Merge
from ramaudit.config.effective import DEFAULT_CONFIG
from ramaudit.config.files import NUMBER_SETTINGS, TOP_KEYS, Overrides, Settings

runner = CliRunner()


def test_every_configuration_key_is_declared_once_in_show_order() -> None:
    assert tuple(s.key for s in SETTINGS) == TOP_KEYS
    assert len(set(TOP_KEYS)) == len(TOP_KEYS) == 19
    assert set(NUMBER_SETTINGS) == {"fail-under", "max-file-size", "max-nodes", "max-depth"}


def test_defaults_are_the_library_defaults() -> None:
    for setting in SETTINGS:
        if setting.field is not None and setting.merge is not Merge.EXTEND:
            expected = getattr(DEFAULT_CONFIG, setting.field)
            if setting.key in ("vocabulary", "benchmarks"):
                expected = {}  # nothing added: the built-in lists and ranges
            assert setting.default == expected, setting.key
    # What nothing sets resolves to the library's own defaults (select: every code;
    # explicit: no rule named, where the library reads that from its select of ALL).
    config = Settings(isolated=True).effective().config
    assert config.explicit == frozenset() == DEFAULT_CONFIG.named()
    assert replace(config, select=DEFAULT_CONFIG.select, explicit=None) == DEFAULT_CONFIG


@pytest.mark.parametrize("command", ["check", "config"])
def test_every_declared_flag_is_an_option_of_the_commands(command: str) -> None:
    help_text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    flags = [s.flag for s in SETTINGS if s.flag]
    if command == "config":  # config --show takes the flags that change what it shows
        flags = [f for f in flags if f not in ("--max-file-size", "--max-nodes")]
    for flag in flags:
        assert flag in help_text, flag
    assert {s.flag_attr for s in SETTINGS if s.flag} == set(Overrides.__dataclass_fields__)


def test_config_show_lists_the_settings_in_declaration_order(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text('extend-exclude = ["x"]\n[severity]\nRA1 = "info"\n')
    result = runner.invoke(app, ["config", "--show", "--format", "json"])
    keys = [row["key"].split(".")[0] for row in json.loads(result.stdout)["settings"]]
    shown = list(dict.fromkeys(k for k in keys if k != "enabled"))
    # extend, like extend-exclude, is listed only when a file gives it; workspace only
    # when set (a plan audited on its own has none).
    hidden = ("extend", "extend-select", "ignore", "extend-ignore", "workspace")
    assert shown == [k for k in TOP_KEYS if k not in hidden]
    assert keys.index("enabled") == 1  # after the selection it results from


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".ramaudit.toml", "vocabulary = 0\n"),
        (".ramaudit.toml", "vocabulary = false\n"),
        (".ramaudit.toml", "vocabulary = []\n"),
        (".ramaudit.toml", 'vocabulary = ""\n'),
        (".ramaudit.yaml", "vocabulary:\n"),
    ],
)
def test_a_vocabulary_that_is_not_a_table_is_refused_not_a_crash(
    tmp_path: Path, monkeypatch, name: str, text: str
) -> None:
    # 0, false and an empty YAML value used to crash; [] and "" passed unnoticed.
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text)
    result = runner.invoke(app, ["config", "--show"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"ramaudit: {name}:1: vocabulary: the vocabulary setting must be a table of lists\n"
    )


def test_an_extend_setting_names_what_it_extends() -> None:
    assert BY_KEY["extend-exclude"].extends == "exclude"
    assert BY_KEY["exclude"].extends is None
