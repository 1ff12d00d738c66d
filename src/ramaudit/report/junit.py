"""``--format junit``: JUnit XML, for CI services that show test reports (GitLab,
Jenkins, Azure DevOps, the JUnit report actions on GitHub).

One ``<testsuite>`` under a ``<testsuites>`` root; one ``<testcase>`` per plan file.
Each finding at or above the plan's fail level (``--fail-on``, or the ``fail-on`` of
the configuration that governs the plan) is a ``<failure>`` whose ``type`` is the
rule code; lower findings are listed in the case's ``<system-out>``. RA001 and RA006
are always failures. A fitness total below ``fail-under`` is a failure of type
``fail-under``. A file that could not be read is an ``<error>``. The exit code
fails exactly the files that have a failure here.

The attributes are those the common JUnit schemas accept: Jenkins' ``junit-10.xsd``
(no ``file`` on a case, no ``skipped`` on the root) and the Ant-style ``junit.xsd``
(``timestamp``, ``hostname``, ``id`` and ``package`` on the suite; integer counts,
decimal times). Plan text is shown escaped (:func:`ramaudit.report.escape.shown`), so
no control character, not even one XML could carry, reaches the report raw.
"""

from __future__ import annotations

import datetime as dt
import socket
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from ramaudit.report import RenderOptions, fail_level, fail_under_message
from ramaudit.report.concise import finding_line
from ramaudit.report.escape import shown, xml_document

SUITE_NAME = "ramaudit"


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


def testcase(result: Any, fail_on: str) -> tuple[ET.Element, bool, bool]:
    """The case for one file, and whether it failed / errored."""
    case = ET.Element(
        "testcase", {"name": xml_safe(result.path), "classname": SUITE_NAME, "time": "0"}
    )
    if result.error:
        message = xml_safe(result.error)
        error = ET.SubElement(case, "error", {"type": "unreadable-file", "message": message})
        error.text = message
        return case, False, True
    findings = sorted(result.findings, key=lambda f: f.sort_key)
    failing_ids = {id(f) for f in result.failing(fail_on)}
    failing = [f for f in findings if id(f) in failing_ids]
    others = [f for f in findings if id(f) not in failing_ids]
    for f in failing:
        failure = ET.SubElement(case, "failure", {"type": f.code, "message": xml_safe(f.message)})
        failure.text = _details(f)  # made of shown text: finding_line escapes
    check = result.fail_under()
    low = check is not None and not check.passed
    if low:
        message = xml_safe(fail_under_message(result, check))
        failure = ET.SubElement(case, "failure", {"type": "fail-under", "message": message})
        failure.text = message
    if others:
        out = ET.SubElement(case, "system-out")
        out.text = "".join(finding_line(f) + "\n" for f in others)
    return case, bool(failing) or low, False


def _details(f: Any) -> str:
    where = f" at {shown(f.pointer)}" if f.pointer else ""
    return f"{finding_line(f)}\nrule {f.code} {f.rule}{where}; see 'ramaudit rule {f.code}'\n"


def render(results: Sequence[Any], options: RenderOptions) -> str:
    cases = [testcase(r, fail_level(r, options)) for r in results]
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for _, failed, _ in cases if failed)),
        "errors": str(sum(1 for _, _, errored in cases if errored)),
        "time": "0",
    }
    root = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    # The time of the run, in UTC and without a zone, the form the Ant schema takes.
    stamp = options.extra.get("timestamp") or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": SUITE_NAME,
            **counts,
            "skipped": "0",
            "timestamp": stamp,
            "hostname": options.extra.get("hostname") or _hostname(),
            "id": "0",
            "package": SUITE_NAME,
        },
    )
    for case, _, _ in cases:
        suite.append(case)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return xml_document('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n")
