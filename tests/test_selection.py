"""One rule selector: the library, configuration files, flags, ``per-file-ignores`` and
``severity`` pick rules the same way (codes, prefixes, names, ALL; the more specific
selector wins, ignore on a tie)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramaudit.config import selection
from ramaudit.config.effective import ALWAYS_REPORTED, Config
from ramaudit.config.files import Overrides, Settings
from ramaudit.core.findings import Severity
from ramaudit.rules import ALL_RULES

CODES = [r.code for r in ALL_RULES]


def file_enabled(tmp_path: Path, select: tuple[str, ...], ignore: tuple[str, ...]) -> set[str]:
    def toml_list(items: tuple[str, ...]) -> str:
        return "[" + ", ".join(f'"{s}"' for s in items) + "]"

    (tmp_path / ".ramaudit.toml").write_text(
        f"select = {toml_list(select)}\nignore = {toml_list(ignore)}\n"
    )
    return set(Settings().effective(tmp_path).config.select)


def flag_enabled(select: tuple[str, ...], ignore: tuple[str, ...]) -> set[str]:
    overrides = Overrides(select=(",".join(select),), ignore=ignore)
    return set(Settings(overrides, isolated=True).effective().config.select)


def api_enabled(select: tuple[str, ...], ignore: tuple[str, ...]) -> set[str]:
    config = Config(select=select, ignore=ignore)
    return {code for code in CODES if config.enabled(code)}


def test_a_name_is_as_specific_as_its_code_everywhere(tmp_path: Path) -> None:
    # The case issue 10 names: the library used to say False here, files True.
    select, ignore = ("orphan-tactic",), ("RA1",)
    assert Config(select=select, ignore=ignore).enabled("RA101")
    assert not Config(select=select, ignore=ignore).enabled("RA102")
    expected = {"RA101"} | ALWAYS_REPORTED
    assert api_enabled(select, ignore) == expected
    assert file_enabled(tmp_path, select, ignore) == expected
    assert flag_enabled(select, ignore) == expected


@pytest.mark.parametrize(
    ("select", "ignore", "on", "off"),
    [
        (("RA101",), ("RA1",), {"RA101"}, {"RA102"}),
        (("RA1",), ("RA101",), {"RA102"}, {"RA101"}),
        (("RA1",), ("orphan-tactic",), {"RA102"}, {"RA101"}),
        (("ALL",), ("RA1",), {"RA201"}, {"RA101"}),
        (("RA1",), ("RA1",), set(), {"RA101", "RA102"}),  # a tie: ignore wins
        (("orphan-tactic",), ("RA101",), set(), {"RA101"}),  # a tie again
        (("ALL",), ("ALL",), set(), {"RA101", "RA201"}),
        ((" ra1 ",), (), {"RA101"}, {"RA201"}),  # any case, blanks around
        (("ORPHAN-TACTIC",), (), {"RA101"}, {"RA102"}),
        (("RA",), ("RA3",), {"RA101", "RA201"}, {"RA301"}),
    ],
)
def test_selection_cases_agree_in_library_files_and_flags(
    tmp_path: Path, select: tuple[str, ...], ignore: tuple[str, ...], on: set[str], off: set[str]
) -> None:
    results = [
        api_enabled(select, ignore),
        file_enabled(tmp_path, select, ignore),
        flag_enabled(select, ignore),
    ]
    for enabled in results:
        assert on <= enabled and not off & enabled, (select, ignore, enabled)
        assert enabled >= ALWAYS_REPORTED
    assert results[0] == results[1] == results[2]


def _spellings(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.lower(), word.upper(), f" {word} "])


SELECTORS = st.sampled_from(
    ["ALL", "RA", "RA0", "RA1", "RA10", "RA2", "RA3", "RA9", *CODES, *(r.name for r in ALL_RULES)]
).flatmap(_spellings)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(SELECTORS, max_size=4), st.lists(SELECTORS, max_size=4))
def test_any_selection_means_the_same_rules_everywhere(
    tmp_path: Path, select: list[str], ignore: list[str]
) -> None:
    expected = api_enabled(tuple(select), tuple(ignore))
    assert file_enabled(tmp_path, tuple(select), tuple(ignore)) == expected
    if select:  # an empty --select is refused, not every rule off
        assert flag_enabled(tuple(select), tuple(ignore)) == expected


def test_flags_layer_on_top_of_the_file(tmp_path: Path) -> None:
    (tmp_path / ".ramaudit.toml").write_text('ignore = ["RA1"]\n')
    overrides = Overrides(extend_select=("orphan-tactic",))
    config = Settings(overrides).effective(tmp_path).config
    # The command line's name beats the file's prefix: a later layer adds it back.
    assert "RA101" in config.select and "RA102" not in config.select


def test_per_file_ignores_take_every_kind_of_selector(tmp_path: Path) -> None:
    (tmp_path / ".ramaudit.toml").write_text(
        '[per-file-ignores]\n"a.yaml" = ["orphan-tactic", "RA2"]\n"b.yaml" = "ALL"\n'
    )
    effective = Settings().effective(tmp_path)
    assert effective.ignored_for(tmp_path / "a.yaml") == {"RA101"} | {
        c for c in CODES if c.startswith("RA2")
    }
    assert effective.ignored_for(tmp_path / "b.yaml") == set(CODES)
    assert selection.matching(["orphan-tactic", "RA2"]) == effective.ignored_for(
        tmp_path / "a.yaml"
    )


def test_severity_takes_the_most_specific_selector(tmp_path: Path) -> None:
    (tmp_path / ".ramaudit.toml").write_text(
        '[severity]\nRA1 = "info"\norphan-tactic = "error"\nALL = "warning"\nRA10 = "warning"\n'
    )
    severity = Settings().effective(tmp_path).config.severity
    assert severity["RA101"] is Severity.ERROR  # the name: as specific as RA101
    assert severity["RA102"] is Severity.WARNING  # RA10 beats RA1
    assert severity["RA201"] is Severity.WARNING  # only ALL names it
    assert not ALWAYS_REPORTED & set(severity)  # always errors
    assert selection.most_specific("RA101", {"RA1": 1, "orphan-tactic": 2}) == 2
    assert selection.most_specific("RA101", {"RA101": 1, "orphan-tactic": 2}) == 1  # first
    assert selection.most_specific("RA201", {"RA1": 1}) is None


@pytest.mark.parametrize(
    ("selector", "parsed"),
    [
        ("ALL", "ALL"),
        ("all", "ALL"),
        (" RA1 ", "RA1"),
        ("ra101", "RA101"),
        ("Orphan-Tactic", "orphan-tactic"),
        ("RA", "RA"),
    ],
)
def test_parse_keeps_a_selector_in_one_spelling(selector: str, parsed: str) -> None:
    assert selection.parse(selector) == parsed


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ("RA99", "unknown rule 'RA99'; did you mean 'RA900'?"),
        ("RAX", "unknown rule 'RAX'"),
        ("orphan-tactics", "unknown rule 'orphan-tactics'; did you mean 'orphan-tactic'?"),
        ("", 'expected a rule code, prefix or name, got ""'),
        (5, "expected a rule code, prefix or name, got 5"),
    ],
)
def test_parse_refuses_what_names_no_rule(selector: object, message: str) -> None:
    with pytest.raises(selection.SelectorError) as err:
        selection.parse(selector)
    assert str(err.value) == message


def test_the_library_reads_an_unknown_selector_as_selecting_nothing() -> None:
    assert not Config(select=("bogus",)).enabled("RA101")
    assert not Config(select=("",)).enabled("RA101")
    assert Config(select=("ALL",), ignore=("bogus",)).enabled("RA101")


@given(
    st.lists(SELECTORS | st.text(max_size=6), max_size=8),
    st.sampled_from([*CODES, "RA", "RA9999", "XX001"]),
)
def test_specificity_from_the_table_of_a_tuple_is_the_selector_by_selector_answer(
    selectors: list[str], code: str
) -> None:
    # A tuple of selectors is answered from a table worked out once per tuple (a run
    # asks every code about the same resolved selection); any other iterable, and any
    # code that is no rule's, selector by selector.
    one_by_one = max((selection._weight(code, s) for s in selectors), default=-1)
    assert selection.specificity(code, tuple(selectors)) == one_by_one
    assert selection.specificity(code, iter(selectors)) == one_by_one


def test_a_prefix_asked_as_a_code_is_named_by_all_as_selector_by_selector() -> None:
    # Hypothesis found it: the table of a tuple has rows for rule codes only, so "RA"
    # asked of ("ALL",) gave -1 where the selector-by-selector answer is 0.
    assert selection.specificity("RA", ("ALL",)) == 0 == selection._weight("RA", "ALL")
    assert selection.specificity("RA", ("RA1",)) == -1
