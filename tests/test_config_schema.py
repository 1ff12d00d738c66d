"""``ramaudit schema --config``: the JSON Schema of the configuration, derived from the
same declarations the checker uses. The README's example configurations validate
against it, and schema and checker refuse the same configurations.

The schema is the stricter of the two in one way, on purpose: for a rule option's
choices it lists the canonical words (which editors offer), while the checker also
takes other spellings of them (``Goals``, ``tactics``, ``reach`` for awareness). JSON
cannot tell ``1`` from ``1.0``, so the checker takes a whole number written ``1.0`` as
the schema does; NaN is no JSON value, so no JSON Schema refuses it (the checker does,
as the plan schema's tests say of plans); and a ``.ramaudit.yaml`` cannot
wrap its settings in a ``tool.ramaudit`` table as a TOML file named with ``--config`` may.
:data:`DIFFERENCES` pins those differences down.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ramaudit.cli import app
from ramaudit.config.declarations import SETTINGS, json_schema, json_schema_text
from ramaudit.config.files import ConfigError, Overrides, read_config_file
from ramaudit.config.values import up_to
from ramaudit.core.schemas import plan_schema_text, shipped_schema
from ramaudit.rules import ALL_RULES

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
COMMITTED = ROOT / "src" / "ramaudit" / "data" / "config.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def schema_accepts(table: object) -> bool:
    return VALIDATOR.is_valid(table)


def checker_accepts(tmp_path: Path, name: str, text: str) -> bool:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        read_config_file(path, explicit=True)
    except ConfigError:
        return False
    return True


def loaded(name: str, text: str) -> object:
    if name.endswith(".toml"):
        return tomllib.loads(text)
    return yaml.safe_load(text) or {}


# --------------------------------------------------------------------------- the command


def test_committed_schema_is_the_generated_one() -> None:
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json_schema(), (
        "regenerate with: ramaudit schema --config > src/ramaudit/data/config.schema.json"
    )
    assert shipped_schema("config") == json_schema()


def test_schema_config_prints_it_and_schema_alone_the_plan_schema() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["schema", "--config"])
    assert result.exit_code == 0 and result.stdout == json_schema_text()
    assert runner.invoke(app, ["schema"]).stdout == plan_schema_text()


def test_the_schema_is_a_valid_schema_describing_every_setting() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())
    properties = json_schema()["$defs"]["settings"]["properties"]
    assert list(properties) == [s.key for s in SETTINGS]
    assert all(properties[s.key]["description"] == s.doc for s in SETTINGS)


def test_rule_options_are_in_the_schema_with_descriptions_and_ranges() -> None:
    defs = json_schema()["$defs"]
    tolerance = defs["rule-RA305"]["properties"]["tolerance"]
    assert tolerance["minimum"] == 0 and tolerance["maximum"] == 10
    assert tolerance["description"].startswith("How far tactic budgets may exceed")
    stages = defs["rule-RA303"]["properties"]["stages"]
    assert stages["items"]["enum"] == ["awareness", "education", "conversion", "retention"]
    for rule in ALL_RULES:
        for option in rule.declared.values():
            assert defs[f"rule-{rule.code}"]["properties"][option.key]["description"] == option.doc


# --------------------------------------------------------------------------- README


def readme_configurations() -> list[tuple[str, str]]:
    """Every TOML block of the README, and every YAML block that is a .ramaudit.yaml
    (its first line says so), as (file name, text)."""
    text = README.read_text(encoding="utf-8")
    found = []
    for lang, body in re.findall(r"^```(toml|yaml)\n(.*?)^```", text, re.M | re.S):
        if lang == "toml":
            name = "pyproject.toml" if "[tool.ramaudit" in body else ".ramaudit.toml"
            found.append((name, body))
        elif body.startswith("# .ramaudit.yaml"):
            found.append((".ramaudit.yaml", body))
    return found


def test_the_readme_has_example_configurations_of_both_kinds() -> None:
    names = {name for name, _ in readme_configurations()}
    assert names >= {"pyproject.toml", ".ramaudit.yaml"}


@pytest.mark.parametrize(("name", "text"), readme_configurations())
def test_every_readme_configuration_validates_and_is_accepted(
    tmp_path: Path, name: str, text: str
) -> None:
    data = loaded(name, text)
    assert isinstance(data, dict)
    table = data["tool"]["ramaudit"] if name == "pyproject.toml" else data
    errors = [e.message for e in VALIDATOR.iter_errors(table)]
    assert not errors, errors
    if name == "pyproject.toml":
        text = '[project]\nname = "x"\n\n' + text
    if "\nextend = " in text:
        # The README's organisation example: each file stands where its first line
        # says, so that the extending one finds the one it extends.
        for _, block in readme_configurations():
            where = re.match(r"# ([\w./-]+\.toml)", block)
            if where is not None:
                (tmp_path / where.group(1)).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / where.group(1)).write_text(block, encoding="utf-8")
        named = re.match(r"# ([\w./-]+\.toml)", text)
        assert named is not None, "a README example that extends says where it stands"
        name = named.group(1)
    assert checker_accepts(tmp_path, name, text)


# --------------------------------------------------------------------------- agreement

GOOD = [
    "",
    # A whole number written with a point: JSON Schema counts 3.0 as an integer.
    "max-depth = 10.0\nmax-nodes = 5e3\nmax-file-size = 1048576.0\n",
    "[rules.RA309]\nmin-evidence = 1.0\n",
    'select = ["ALL"]\nignore = ["RA306", "no-voice-of-customer"]\n',
    'select = "RA1"\nextend-select = ["ra2", " Orphan-Tactic "]\nextend-ignore = []\n',
    'fail-on = "never"\nfail-under = 0\nrequire-reason = true\n',
    "fail-under = 100\nmax-nodes = 1000000000\nmax-depth = 1000\nmax-file-size = 10000000000\n",
    'max-file-size = "10MB"\n',
    'max-file-size = " 10 mib "\n',
    'max-file-size = "10GB"\n',
    'max-file-size = "9GiB"\n',
    'max-file-size = "0010kB"\n',
    'exclude = "drafts"\nextend-exclude = ["archive/**", "*.draft.yaml"]\n',
    '[severity]\nRA2 = "info"\norphan-tactic = "error"\nRA0 = "warning"\nALL = "info"\n',
    '[per-file-ignores]\n"legacy-*.yaml" = ["RA2", "missing-owner"]\n"old/**" = "RA1"\n',
    "[rules.RA101]\n",
    '[rules.funnel-gap]\nstages = ["awareness", "conversion"]\n',
    "[rules.ra305]\ntolerance = 10\n[rules.RA306]\ngrace_days = 3660\n",
    "[rules.RA205]\ninclude-tactics = false\n"
    "[rules.kpi-without-baseline]\ninclude_tactics = true\n",
    '[rules.RA301]\nlevels = []\n[rules.RA308]\nfields = ["name", "channel"]\n',
    '[vocabulary]\nvanity-metrics = ["story views"]\noutcome_metrics = "booked demos"\n',
    '[vocabulary]\nplaceholders = ["pending"]\nreplace = ["placeholders"]\n',
    '[vocabulary]\nplaceholders = ["pending"]\nreplace = true\n',
    '[vocabulary]\nremove = { vanity-metrics = ["registrations"], stage_synonyms = "trial" }\n',
    '[vocabulary]\nstage-synonyms = { trial = " Conversion " }\n',
    '[tool.ramaudit]\nselect = ["RA101"]\n[tool.other]\nx = 1\n',
    '[benchmarks]\n"qualified leads" = [50, 400]\nMQLs = { low = 80 }\nleads = []\n',
    "[benchmarks]\nleads = { high = 1e15, low = 0 }\nnew-customers = [0.5, 0.5]\n",
]

BAD = [
    'selct = ["RA1"]\n',
    "tool = 1\n",
    "select = 3\n",
    "select = [1]\n",
    'select = [""]\n',
    'select = ["RA99"]\n',
    'select = ["RAX"]\n',
    'select = "orphan-tactics"\n',
    'ignore = ["RA1", 5]\n',
    'extend-select = ["  "]\n',
    'severity = "x"\n',
    '[severity]\nRA99 = "info"\n',
    '[severity]\nRA001 = "warning"\n',
    '[severity]\n" Yaml-Syntax " = "info"\n',
    '[severity]\nresource-limit = "error"\n',
    '[severity]\nRA101 = "Error"\n',
    'fail-on = "warn"\n',
    "fail-on = 3\n",
    "fail-under = true\n",
    'fail-under = "50"\n',
    "fail-under = 100.5\n",
    "fail-under = -inf\n",
    "exclude = [1]\n",
    "extend-exclude = {a = 1}\n",
    "per-file-ignores = 3\n",
    '[per-file-ignores]\n"x.yaml" = ["RA99"]\n',
    "rules = 3\n",
    "[rules.RA777]\nx = 1\n",
    "rules.RA101 = 3\n",
    "[rules.RA101]\nfoo = 1\n",
    "[rules.RA303]\nstage = []\n",
    "[rules.funnel-gap]\nstages = 3\n",
    '[rules.funnel-gap]\nstages = "awareness"\n',
    '[rules.funnel-gap]\nstages = ["top"]\n',
    "[rules.RA309]\nmin-evidence = -3\n",
    "[rules.RA309]\nmin-evidence = 1.5\n",
    "[rules.RA309]\nmin-evidence = true\n",
    "[rules.RA305]\ntolerance = inf\n",
    '[rules.RA305]\ntolerance = "0.1"\n',
    "[rules.RA306]\ngrace-days = 3661\n",
    '[rules.RA205]\ninclude-tactics = "yes"\n',
    "[rules.RA205]\ninclude-tactic = true\n",
    "vocabulary = 3\n",
    "vocabulary = []\n",
    '[vocabulary]\nvanity-metric = ["x"]\n',
    '[vocabulary]\nVanity-Metrics = ["x"]\n',
    '[vocabulary]\nreplace = "x"\n',
    '[vocabulary]\nreplace = ["placeholders"]\n',
    '[vocabulary]\nreplace = ["nope"]\n',
    "[vocabulary]\nremove = 3\n",
    '[vocabulary]\nremove = {nope = ["x"]}\n',
    '[vocabulary]\nvanity-metrics = ["  "]\n',
    "[vocabulary]\nvanity-metrics = [3]\n",
    '[vocabulary]\nstage-synonyms = ["x"]\n',
    '[vocabulary]\nstage-synonyms = {trial = "sales"}\n',
    'max-file-size = "lots"\n',
    "max-file-size = 0\n",
    "max-file-size = 1.5\n",
    'max-file-size = "0MB"\n',
    'max-file-size = "11GB"\n',
    'max-file-size = "10GiB"\n',
    'max-file-size = "10 TB"\n',
    "max-file-size = 10000000001\n",
    "max-nodes = 0\n",
    'max-nodes = "5"\n',
    "max-depth = 1001\n",
    'require-reason = "yes"\n',
    "[tool.ramaudit]\nbogus = 1\n",
    'select = ["RA1"]\n[tool.ramaudit]\nselect = ["RA1"]\n',
    "benchmarks = 3\n",
    "benchmarks = [1, 2]\n",
    "[benchmarks]\nleads = [50]\n",
    "[benchmarks]\nleads = [1, 2, 3]\n",
    "[benchmarks]\nleads = [-1, 5]\n",
    "[benchmarks]\nleads = [1, 2e15]\n",
    '[benchmarks]\nleads = ["5", 6]\n',
    "[benchmarks]\nleads = [true, 6]\n",
    "[benchmarks]\nleads = {}\n",
    "[benchmarks]\nleads = { hgh = 5 }\n",
    "[benchmarks]\nleads = 5\n",
    '[benchmarks]\n" - " = [1, 2]\n',
]

# Where schema and checker part, on purpose (see the module docstring):
# (configuration, the schema accepts it, the checker accepts it).
DIFFERENCES = [
    ('[rules.RA301]\nlevels = ["Goals", "tactics"]\n', False, True),
    ('[rules.funnel-gap]\nstages = ["reach", "bottom of funnel"]\n', False, True),
    ("fail-under = nan\n", True, False),
    ("[rules.RA305]\ntolerance = nan\n", True, False),
    # JSON Schema cannot compare two values, nor read a metric as the vocabulary does.
    ("[benchmarks]\nleads = [400, 50]\n", True, False),
    ('[benchmarks]\n"conversion rate" = [1, 2]\n', True, False),
    ('[benchmarks]\nMQLs = [1, 2]\n"marketing qualified leads" = [1, 2]\n', True, False),
    ("[benchmarks]\nleads = [1, nan]\n", True, False),
]


@pytest.mark.parametrize("text", GOOD)
def test_schema_and_checker_accept_the_same_good_configurations(tmp_path: Path, text: str) -> None:
    assert checker_accepts(tmp_path, ".ramaudit.toml", text)
    assert schema_accepts(tomllib.loads(text)), list(VALIDATOR.iter_errors(tomllib.loads(text)))


@pytest.mark.parametrize("text", BAD)
def test_schema_and_checker_refuse_the_same_bad_configurations(tmp_path: Path, text: str) -> None:
    assert not checker_accepts(tmp_path, ".ramaudit.toml", text)
    assert not schema_accepts(tomllib.loads(text))


@pytest.mark.parametrize(("text", "schema", "checker"), DIFFERENCES)
def test_where_schema_and_checker_part_on_purpose(
    tmp_path: Path, text: str, schema: bool, checker: bool
) -> None:
    assert checker_accepts(tmp_path, ".ramaudit.toml", text) is checker
    assert schema_accepts(tomllib.loads(text)) is schema


def test_only_a_toml_file_may_wrap_its_settings_in_tool_ramaudit(tmp_path: Path) -> None:
    text = "tool:\n  ramaudit:\n    select: RA1\n"
    assert schema_accepts(yaml.safe_load(text))
    assert not checker_accepts(tmp_path, ".ramaudit.yaml", text)


def test_flags_are_checked_by_the_same_declarations() -> None:
    # The flag that overrides a setting refuses what the file refuses, in its words.
    with pytest.raises(ConfigError, match=r"^--fail-under: expected a fitness score from 0"):
        Overrides(fail_under=101).values()
    with pytest.raises(ConfigError, match=r"^--max-file-size: expected a size in bytes"):
        Overrides(max_file_size="11GB").values()
    with pytest.raises(ConfigError, match=r'^--fail-on: expected one of .*, got "warn"'):
        Overrides(fail_on="warn").values()
    flags = {s.flag_attr for s in SETTINGS if s.flag}
    assert flags == set(Overrides.__dataclass_fields__)


# --------------------------------------------------------------------------- generated

SELECTOR_WORDS = st.sampled_from(
    [
        *("ALL", "all", "RA", "RA1", "ra30", "RA305", " RA101 ", "orphan-tactic", "Funnel-Gap"),
        *("RA99", "RAX", "", "  ", "orphan", "RA001", "yaml-syntax", "RA0"),
    ]
)
SELECTORS = st.one_of(
    SELECTOR_WORDS, st.lists(st.one_of(SELECTOR_WORDS, st.integers()), max_size=3)
)
NUMBERS = st.one_of(
    st.integers(-5, 5),
    st.sampled_from([0, 1, 100, 101, 1000, 1001, 3660, 10**9, 10**9 + 1, 10**10, 10**10 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(["5", "10MB", "10 mib", "9GiB", "10GiB", "11GB", "0MB", "00012kb", "x"]),
)
LEVELS = st.sampled_from(["error", "warning", "info", "never", "Error", "warn", 3])
RULE_KEYS = st.sampled_from(["RA303", "funnel-gap", "ra305", "RA306", "RA101", "RA205", "RA777"])
OPTION_KEYS = st.sampled_from(
    ["stages", "tolerance", "grace-days", "grace_days", "include-tactics", "min-evidence", "x"]
)
OPTION_VALUES = st.one_of(
    NUMBERS,
    st.lists(st.sampled_from(["awareness", "conversion", "top", "name"]), max_size=2),
)
LIST_NAMES = st.sampled_from(["vanity-metrics", "vanity_metrics", "placeholders", "stage-synonyms"])
ENTRIES = st.one_of(
    st.sampled_from(["story views", " ", 3]),
    st.lists(st.sampled_from(["story views", "", "pending", 3]), max_size=2),
    st.dictionaries(st.sampled_from(["trial", "pilot"]), st.sampled_from(["conversion", "Sales"])),
)
VOCABULARY = st.one_of(
    st.dictionaries(LIST_NAMES, ENTRIES, max_size=2),
    st.fixed_dictionaries(
        {"placeholders": st.lists(st.just("pending"), max_size=1)},
        optional={
            "replace": st.one_of(st.booleans(), st.lists(LIST_NAMES, max_size=2)),
            "remove": st.dictionaries(LIST_NAMES, ENTRIES, max_size=1),
        },
    ),
    st.sampled_from([3, [], "x"]),
)
BOUNDS = st.one_of(
    st.integers(-5, 5), st.floats(allow_nan=False), st.booleans(), st.just("5"), st.just(2e15)
)
# Ranges whose low is no higher than their high, on results the vocabulary reads (a
# reversed range or a metric that counts nothing is one of the DIFFERENCES).
RANGES = st.one_of(
    st.just([]),
    st.tuples(BOUNDS, BOUNDS).map(
        lambda pair: sorted(pair, key=lambda b: b if isinstance(b, int | float) else 0)
    ),
    st.dictionaries(st.sampled_from(["low", "high", "hgh"]), BOUNDS, max_size=1),
    st.lists(BOUNDS, max_size=3).filter(lambda b: len(b) != 2),
    st.sampled_from([3, "x", None]),
)
BENCHMARKS = st.one_of(
    st.dictionaries(st.sampled_from(["leads", "new customers", "x", " - "]), RANGES, max_size=2),
    st.sampled_from([3, [], "x"]),
)
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "select": SELECTORS,
    "ignore": SELECTORS,
    "extend-select": SELECTORS,
    "fail-on": LEVELS,
    "fail-under": NUMBERS,
    "max-file-size": NUMBERS,
    "max-nodes": NUMBERS,
    "max-depth": NUMBERS,
    "require-reason": st.one_of(st.booleans(), st.just("yes")),
    "exclude": st.one_of(st.text(max_size=3), st.lists(st.one_of(st.text(max_size=3), st.just(1)))),
    "severity": st.dictionaries(SELECTOR_WORDS, LEVELS, max_size=2),
    "per-file-ignores": st.dictionaries(
        st.sampled_from(["*.yaml", "old/**"]), SELECTORS, max_size=2
    ),
    "rules": st.dictionaries(
        RULE_KEYS, st.dictionaries(OPTION_KEYS, OPTION_VALUES, max_size=2), max_size=2
    ),
    "vocabulary": VOCABULARY,
    "benchmarks": BENCHMARKS,
    "bogus": st.just(1),
}
CONFIGS = st.lists(st.sampled_from(sorted(VALUES)), max_size=3, unique=True).flatmap(
    lambda keys: st.fixed_dictionaries({k: VALUES[k] for k in keys})
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(CONFIGS)
def test_any_configuration_is_refused_by_both_or_by_neither(
    tmp_path: Path, table: dict[str, Any]
) -> None:
    text = yaml.safe_dump(table, allow_unicode=True)
    # The document as the checker reads it (YAML 1.2), which is what the schema sees.
    as_read = yaml.safe_load(text)
    if re.search(r"\.nan\b", text):
        return  # NaN, which JSON cannot hold: see DIFFERENCES
    assert schema_accepts(as_read) is checker_accepts(tmp_path, ".ramaudit.yaml", text), text


@pytest.mark.parametrize("high", [1, 9, 10, 99, 536, 9536, 9765625, 10**7, 10**10])
def test_up_to_matches_exactly_the_numbers_from_1_to_high(high: int) -> None:
    pattern = re.compile(rf"^{up_to(high)}$")
    probes = {0, 1, 2, 9, 10, 11, high - 1, high, high + 1, high * 10, 10 ** len(str(high))}
    probes |= {int(str(high)[:i] + "9" * (len(str(high)) - i)) for i in range(len(str(high)))}
    for n in probes:
        assert bool(pattern.match(str(n))) is (1 <= n <= high), (high, n)
        assert bool(pattern.match(f"00{n}")) is (1 <= n <= high), (high, n)


def test_a_whole_number_written_with_a_point_is_held_as_an_int(tmp_path: Path) -> None:
    # Found by the property test above: the schema took max-depth = 1.0 and the
    # checker refused it. Both take it now, and the run sees the int.
    from ramaudit.config.files import Settings
    from ramaudit.rules.no_voice_of_customer import NoVoiceOfCustomer

    config_file = tmp_path / ".ramaudit.toml"
    config_file.write_text("max-depth = 10.0\n[rules.RA309]\nmin-evidence = 2.0\n")
    config = Settings(config_file=config_file).config_for(tmp_path / "plan.yaml")
    assert config.max_depth == 10 and type(config.max_depth) is int
    evidence = NoVoiceOfCustomer.min_evidence.read(config.rule_options)
    assert evidence == 2 and type(evidence) is int
