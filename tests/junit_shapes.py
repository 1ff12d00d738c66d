"""What the two common JUnit schemas ask of ramaudit's JUnit output, encoded here (the
schema files are not vendored): Jenkins' junit-10.xsd (xunit plugin) and the
Ant-style junit.xsd. :func:`shape_errors` lists every breach."""

from __future__ import annotations

import re

from lxml import etree

# Per element: attributes allowed, attributes required.
JENKINS = {
    "testsuites": ({"name", "time", "tests", "failures", "errors"}, set()),
    "testsuite": (
        {"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp"}
        | {"hostname", "id", "package", "file", "log", "url"},
        {"name", "tests", "failures", "errors"},
    ),
    "testcase": ({"name", "time", "classname", "group"}, {"name"}),
    "failure": ({"type", "message"}, set()),
    "error": ({"type", "message"}, set()),
    "properties": (set(), set()),
    "property": ({"name", "value"}, {"name", "value"}),
    "system-out": (set(), set()),
    "system-err": (set(), set()),
}
ANT = {  # the Ant shape: a bare root, then each suite, its cases and their results
    "testsuites": (set(), set()),
    "testsuite": (
        {"name", "timestamp", "hostname", "tests", "failures", "errors", "skipped", "time"}
        | {"package", "id"},
        {"name", "timestamp", "hostname", "tests", "failures", "errors", "time", "package", "id"},
    ),
    "testcase": ({"name", "classname", "time"}, {"name", "classname", "time"}),
    "failure": ({"type", "message"}, {"type"}),
    "error": ({"type", "message"}, {"type"}),
    "properties": (set(), set()),
    "property": ({"name", "value"}, {"name", "value"}),
    "system-out": (set(), set()),
    "system-err": (set(), set()),
}
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?")
ANT_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
INTEGER = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
# Ant: a suite holds properties, its cases, system-out and system-err, in that order,
# the first and the last two exactly once (Jenkins takes the same order, each optional).
ANT_SUITE = re.compile(r"properties (testcase )*system-out system-err ")


def _children(element: etree._Element) -> list[str]:
    return [c.tag for c in element if isinstance(c.tag, str)]


def shape_errors(text: str) -> list[str]:
    root = etree.fromstring(text.encode("utf-8"))
    errors = []
    if root.tag != "testsuites" or set(_children(root)) - {"testsuite"}:
        errors.append(f"root {root.tag} holds {_children(root)}")
    for element in root.iter():
        for name, shape in (("jenkins", JENKINS), ("ant", ANT)):
            if element.tag not in shape:
                errors.append(f"{name}: no element {element.tag}")
                continue
            allowed, required = shape[element.tag]
            for attr in set(element.attrib) - allowed:
                errors.append(f"{name}: {element.tag} may not have {attr}")
            for attr in required - set(element.attrib):
                errors.append(f"{name}: {element.tag} needs {attr}")
        kids = _children(element)
        if element.tag == "testsuite" and not ANT_SUITE.fullmatch("".join(k + " " for k in kids)):
            errors.append(f"ant: testsuite holds {kids}")
        if element.tag == "properties" and element.getparent().tag == "testsuite" and not kids:
            errors.append("jenkins: properties needs a property")  # Jenkins' junit-4.xsd
        if element.tag == "testcase":
            results = [k for k in kids if k in ("failure", "error", "skipped")]
            if len(results) > 1 or set(kids) - {"failure", "error", "skipped"}:
                errors.append(f"ant: testcase holds {kids}; at most one failure or error")
        for attr, value in element.attrib.items():
            if element.tag in ("testsuites", "testsuite") and attr == "time":
                ok = SUREFIRE_TIME.fullmatch(value) and DECIMAL.fullmatch(value)
            elif attr == "time":
                ok = DECIMAL.fullmatch(value)
            elif attr in ("tests", "failures", "errors", "skipped", "id"):
                ok = INTEGER.fullmatch(value)
            elif attr == "timestamp":
                ok = ANT_TIMESTAMP.fullmatch(value)
            elif attr in ("hostname", "package", "classname") or (
                attr == "name" and element.tag != "property"
            ):
                ok = value.strip()  # xs:token of length 1 or more
            else:
                ok = True
            if not ok:
                errors.append(f"{element.tag} {attr}={value!r}")
    return errors
