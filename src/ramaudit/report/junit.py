"""``--format junit``: JUnit XML, for CI services that show test reports (GitLab,
Jenkins, Azure DevOps, the JUnit report actions on GitHub).

One ``<testsuite>`` under a ``<testsuites>`` root; one ``<testcase>`` per plan file.
Each finding at or above the fail level (``--fail-on``) is a ``<failure>`` whose
``type`` is the rule code; lower findings are listed in the case's
``<system-out>``. A file that could not be read is an ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from ramaudit.findings import FAIL_LEVELS
from ramaudit.report import RenderOptions
from ramaudit.report.concise import finding_line

SUITE_NAME = "ramaudit"

# Characters XML 1.0 cannot carry at all, even escaped; a plan can hold them in a
# double-quoted YAML string ("\x01").
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _is_failure(f: Any, fail_on: str) -> bool:
    level = FAIL_LEVELS[fail_on]
    return level is not None and f.severity.rank >= level.rank


def testcase(result: Any, fail_on: str) -> tuple[ET.Element, bool, bool]:
    """The case for one file, and whether it failed / errored."""
    path = xml_safe(result.path)
    case = ET.Element(
        "testcase", {"name": path, "classname": SUITE_NAME, "file": path, "time": "0"}
    )
    if result.error:
        message = xml_safe(result.error)
        error = ET.SubElement(case, "error", {"type": "unreadable-file", "message": message})
        error.text = message
        return case, False, True
    findings = sorted(result.findings, key=lambda f: f.sort_key)
    failing = [f for f in findings if _is_failure(f, fail_on)]
    others = [f for f in findings if not _is_failure(f, fail_on)]
    for f in failing:
        failure = ET.SubElement(case, "failure", {"type": f.code, "message": xml_safe(f.message)})
        failure.text = xml_safe(_details(f))
    if others:
        out = ET.SubElement(case, "system-out")
        out.text = xml_safe("".join(finding_line(f) + "\n" for f in others))
    return case, bool(failing), False


def _details(f: Any) -> str:
    where = f" at {f.pointer}" if f.pointer else ""
    return f"{finding_line(f)}\nrule {f.code} {f.rule}{where}; see 'ramaudit rule {f.code}'\n"


def render(results: Sequence[Any], options: RenderOptions) -> str:
    cases = [testcase(r, options.fail_on) for r in results]
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for _, failed, _ in cases if failed)),
        "errors": str(sum(1 for _, _, errored in cases if errored)),
        "skipped": "0",
        "time": "0",
    }
    root = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **counts})
    for case, _, _ in cases:
        suite.append(case)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
