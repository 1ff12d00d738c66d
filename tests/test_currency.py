"""A plan's currency is an ISO 4217 code: read in any case, so that 'usd' and 'USD'
add up as one; a sign, a word or anything else is an RA002 error that says which code
to write, and the JSON Schema refuses what the audit refuses."""

from __future__ import annotations

import jsonschema
import pytest

from conftest import audit_yaml
from ramaudit.api import run_spend
from ramaudit.core.loader import load
from ramaudit.core.schemas import plan_schema


def plan(currency: str, orphans: int = 1) -> str:
    tactics = "".join(f"  - {{id: t-{i}, budget: 100}}\n" for i in range(orphans))
    return f"plan:\n  name: P\n  currency: {currency}\ntactics:\n{tactics}"


@pytest.mark.parametrize(("written", "code"), [("usd", "USD"), ("Eur", "EUR"), ("' gbp '", "GBP")])
def test_a_code_in_any_case_is_read_as_its_upper_case_code(written, code):
    result = audit_yaml(plan(written))
    assert not [f for f in result.findings if f.code == "RA002"]
    assert result.ram_spend.currency == code


def test_usd_and_USD_are_one_currency_in_the_run_summary():
    results = [audit_yaml(plan("usd"), path="a.yaml"), audit_yaml(plan("USD"), path="b.yaml")]
    (usd,) = run_spend(results)
    assert (usd.currency, usd.amount, usd.plans) == ("USD", 200, 2)


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("$", "write 'currency: USD' (or CAD, AUD, ... for another dollar)"),
        ("dollars", "write 'currency: USD'"),
        ("€", "write 'currency: EUR'"),
        ("£", "write 'currency: GBP'"),
        ("Euros", "write 'currency: EUR'"),
        ("US Dollar", "write its three-letter code, such as 'currency: EUR'"),
        ('"US\\nD"', "write its three-letter code"),
        ("840", "write its three-letter code"),
        ("EURO", "write 'currency: EUR'"),
    ],
)
def test_anything_but_a_three_letter_code_is_an_error_that_says_what_to_write(written, fix):
    result = audit_yaml(plan(written))
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert f.pointer == "plan.currency"
    assert f.message.startswith(
        "the plan block: 'currency' must be an ISO 4217 currency code of three letters, "
        "such as USD or EUR, but it holds "
    )
    assert f.message.endswith(fix) or fix in f.message


@pytest.mark.parametrize(
    "written", ["usd", "USD", "' eur '", "$", "€", "dollars", '"US\\nD"', "840", "EURO", "''"]
)
def test_the_schema_accepts_exactly_the_currencies_the_audit_accepts(written):
    text = plan(written, orphans=0).replace("tactics:\n", "")
    result = audit_yaml(text)
    audit_ok = not [f for f in result.findings if f.code == "RA002"]
    schema_ok = jsonschema.Draft202012Validator(plan_schema()).is_valid(load(text).data)
    assert audit_ok == schema_ok, (written, [f.message for f in result.findings])
