"""``--format junit``: JUnit XML, for CI services that show test reports (GitLab,
Jenkins, Azure DevOps, the JUnit report actions on GitHub).

The shape is ruff's: one ``<testsuite>`` per plan file (named by its path) under a
``<testsuites>`` root, and one ``<testcase>`` per finding at or above the plan's fail
level (``--fail-on``, or the ``fail-on`` of the configuration that governs the plan),
named by its rule code and location, with the file as its ``classname`` and exactly one
``<failure>`` whose ``type`` is the rule code. RA001 and RA006 are always failures. A
fitness total below ``fail-under`` is one more case, ``fail-under``. A file that could
not be read is a case with an ``<error>``. A file with no finding at its fail level is
one passing case, so that every file shows in the report; findings below the fail
level are listed in its suite's ``<system-out>``. The exit code fails exactly the
files that have a failure here.

Elements and attributes are those both common JUnit schemas accept: Jenkins'
``junit-10.xsd`` and the Ant-style ``junit.xsd`` (no attributes on ``<testsuites>``;
on each suite ``timestamp``, ``hostname``, ``id`` and ``package``, then
``<properties>`` (the version of ramaudit and the fail level), the cases,
``<system-out>`` and ``<system-err>``, in that order; at most one failure or error per
case; integer counts, decimal times). Plan text is shown
escaped (:func:`ramaudit.report.escape.shown`), so no control character, not even one
XML could carry, reaches the report raw.
"""

from __future__ import annotations

import datetime as dt
import socket
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramaudit import __version__
from ramaudit.report import RenderOptions, fail_level, fail_under_message
from ramaudit.report.concise import finding_line
from ramaudit.report.escape import shown, xml_document

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.findings import Finding

PACKAGE = "ramaudit"


def xml_safe(text: str) -> str:
    """Plan text for the report: shown escaped, as in every output people read (which
    also takes out every character XML 1.0 cannot carry)."""
    return shown(text)


def _hostname() -> str:
    # The Ant schema asks for a non-empty name and says to use localhost when unknown.
    try:
        name = socket.gethostname().strip()
    except OSError:
        name = ""
    return xml_safe(name) or "localhost"


def _case(name: str, path: str, result: tuple[str, str, str, str] | None = None) -> ET.Element:
    """A case; ``result`` is (element, type, message, text) for its one failure or
    error."""
    case = ET.Element("testcase", {"name": name, "classname": path, "time": "0"})
    if result is not None:
        tag, kind, message, text = result
        ET.SubElement(case, tag, {"type": kind, "message": message}).text = text
    return case


def testsuite(result: AuditResult, fail_on: str, number: int, stamp: str, host: str) -> ET.Element:
    """The suite of one file: its cases, and the findings that do not fail it."""
    path = xml_safe(result.path) or "?"  # the schemas want a name that is not blank
    cases: list[ET.Element] = []
    others: list[Finding] = []
    if result.error:
        message = xml_safe(result.error)
        cases.append(_case("read the file", path, ("error", "unreadable-file", message, message)))
    else:
        findings = sorted(result.findings, key=lambda f: f.sort_key)
        failing_ids = {id(f) for f in result.failing(fail_on)}
        seen: Counter[str] = Counter()
        for f in findings:
            if id(f) not in failing_ids:
                others.append(f)
                continue
            name = f"{f.code} {f.line}:{f.column}"
            seen[name] += 1
            if seen[name] > 1:  # one name per case, so that no CI merges two findings
                name = f"{name} ({seen[name]})"
            failure = ("failure", f.code, xml_safe(f.message), _details(f))
            cases.append(_case(name, path, failure))
        check = result.fail_under()
        if check is not None and not check.passed:
            message = xml_safe(fail_under_message(result, check))
            cases.append(_case("fail-under", path, ("failure", "fail-under", message, message)))
        if not cases:
            cases.append(_case(f"no findings at fail-on {fail_on}", path))
    failures = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    suite = ET.Element(
        "testsuite",
        {
            "name": path,
            "tests": str(len(cases)),
            "failures": str(failures),
            "errors": str(errors),
            "skipped": "0",
            "time": "0",
            "timestamp": stamp,
            "hostname": host,
            "id": str(number),
            "package": PACKAGE,
        },
    )
    # Ant asks for <properties>, Jenkins for a property in it if there is one at all.
    properties = ET.SubElement(suite, "properties")
    for name, value in (("ramaudit-version", __version__), ("fail-on", fail_on)):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    suite.extend(cases)
    out = ET.SubElement(suite, "system-out")
    out.text = "".join(finding_line(f) + "\n" for f in others) or None
    ET.SubElement(suite, "system-err")
    return suite


def _details(f: Finding) -> str:
    where = f" at {shown(f.pointer)}" if f.pointer else ""
    return f"{finding_line(f)}\nrule {f.code} {f.rule}{where}; see 'ramaudit rule {f.code}'\n"


def render(results: Sequence[AuditResult], options: RenderOptions) -> str:
    # The time of the run, in UTC and without a zone, the form the Ant schema takes.
    stamp = options.extra.get("timestamp") or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    host = options.extra.get("hostname") or _hostname()
    root = ET.Element("testsuites")  # the Ant schema allows no attribute here
    for number, result in enumerate(results):
        root.append(testsuite(result, fail_level(result, options), number, stamp, host))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return xml_document('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n")
