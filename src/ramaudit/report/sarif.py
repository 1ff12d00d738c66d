"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run. The driver lists every rule with its documentation (from the rule
docstrings); each finding is a result with a physical location (a URI relative to the
working folder, percent-encoded; 1-based region, columns counted in characters) and a
logical location (the pointer into the plan). ``partialFingerprints`` hash the file
and the finding's identity as a baseline records it (code, item id, pointer relative
to the item, message without its numbers; see :mod:`ramaudit.config.baseline`), not the line,
so that editing or inserting items above a finding does not make it look new. Two
findings of one file can share an identity (two items with the same id get the same
findings); the second and later get their rank among those in the hash, so that no two
results ever share a fingerprint and code scanning never merges two alerts into one.

A plan that does not parse is an RA001 result at the place the parser stopped. Files
that could not be read, and plans whose fitness total is below ``fail-under``, are tool
execution notifications rather than results (no rule ran on them), located at the file
and, when the reason has one, its line; they make the invocation's
``executionSuccessful`` false. The driver lists both kinds under ``notifications``.

The driver's rule descriptors are most of the document (some 240 kB) and the same in
every run: :mod:`ramaudit.report.sarif_rules` holds them as this module writes them,
generated from the rule declarations (``python -m ramaudit.report.sarif`` rewrites it;
``tests/test_sarif_rules.py`` checks that it is current), and :func:`render` splices
that text into the document instead of making and encoding them again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ramaudit import __version__
from ramaudit.config.baseline import Identities, Identity
from ramaudit.report import RenderOptions, fail_under_message
from ramaudit.report.escape import json_text
from ramaudit.report.paths import relative_path

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.findings import Finding
    from ramaudit.rules.base import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
# v2: the pointer is relative to the item and the message takes part.
# v3: the file takes part, and repeated identities their rank, so no two results share one.
FINGERPRINT_KEY = "ramaudit/v3"
# Notification descriptors (driver.notifications), by id.
NOTIFICATIONS = {
    "unreadable-file": "The file could not be read as a plan, so no rule ran on it.",
    "fail-under": "The plan's fitness total is below the fail-under threshold.",
}
NOTIFICATION_INDEX = {name: i for i, name in enumerate(NOTIFICATIONS)}


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    from ramaudit.report.rule_docs import help_markdown, plain_text

    doc = rule.doc()
    markdown = help_markdown(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {
            "text": unwrap(plain_text(doc.sections.get("What it does", doc.summary)))
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity.value]},
        "help": {"text": plain_text(markdown), "markdown": markdown},
        "properties": {"tags": ["marketing-plan", rule.category]},
    }


def unwrap(text: str) -> str:
    """Paragraphs on one line each: docstrings wrap at the source width, viewers wrap
    at theirs."""
    paragraphs = (" ".join(p.split()) for p in text.strip().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def fingerprint(identity: Identity, uri: str = "", rank: int = 0) -> str:
    """The hash of a finding's identity in the file at ``uri``; ``rank`` counts the
    earlier findings of that file with the same identity."""
    parts = [uri, identity.code, identity.item, identity.pointer, identity.message]
    if rank:
        parts.append(str(rank))
    key = "\0".join(parts)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def artifact_uri(path: str, cwd: str | None) -> tuple[str, bool]:
    """``(uri, relative)``: a relative URI reference for paths under the working
    folder (resolved against %SRCROOT%), an absolute file URI otherwise."""
    rel = relative_path(path, cwd)
    if Path(rel).is_absolute():
        return Path(rel).as_uri(), False
    return quote(_path_bytes(rel), safe="/"), True


def _path_bytes(path: str) -> bytes:
    """A path's bytes: a name that is not UTF-8 holds surrogate escapes, which stand for
    its own bytes; any other lone surrogate is kept as its UTF-8-style encoding."""
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogatepass")


def location(uri: str, relative: bool, index: int) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": uri, "index": index}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    return {"artifactLocation": artifact}


def region(f: Finding) -> dict[str, int]:
    out = {"startLine": f.line, "startColumn": f.column}
    if (
        f.end_line is not None
        and f.end_column is not None
        and ((f.end_line, f.end_column) > (f.line, f.column))
    ):
        out["endLine"] = f.end_line
        out["endColumn"] = f.end_column
    return out


def result(
    f: Finding, rule_index: dict[str, int], physical: dict[str, Any], digest: str
) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": f.code}
    if f.code in rule_index:
        out["ruleIndex"] = rule_index[f.code]
    out.update(
        {
            "level": LEVEL[f.severity.value],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {**physical, "region": region(f)}}],
            "partialFingerprints": {FINGERPRINT_KEY: digest},
        }
    )
    if f.pointer:
        logical: dict[str, Any] = {"fullyQualifiedName": f.pointer}
        if f.item:
            logical["name"] = f.item
        out["locations"][0]["logicalLocations"] = [logical]
    return out


def document(
    results: Sequence[AuditResult], cwd: str | None = None, rules: object = None
) -> dict[str, Any]:
    """The SARIF document; ``rules``, when given, stands in for the driver's list of
    rule descriptors (see :func:`render`)."""
    from ramaudit.rules import ALL_RULES

    if rules is None:
        rules = [rule_descriptor(r) for r in ALL_RULES]
    rule_index = {r.code: i for i, r in enumerate(ALL_RULES)}
    artifacts: list[dict[str, Any]] = []
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for res in results:
        uri, relative = artifact_uri(res.path, cwd)
        index = len(artifacts)
        physical = location(uri, relative, index)
        artifacts.append(
            {"location": {k: v for k, v in physical["artifactLocation"].items() if k != "index"}}
        )
        if res.error:
            where = dict(physical)
            line = res.error_line
            if line:
                where["region"] = {"startLine": line}
            notifications.append(notification("unreadable-file", res.error, where))
        check = res.fail_under()
        if check is not None and not check.passed:
            notifications.append(
                notification("fail-under", fail_under_message(res, check), physical)
            )
        identities = Identities(res)
        seen: dict[Identity, int] = {}
        for f in sorted(res.findings, key=lambda f: f.sort_key):
            ident = identities(f)
            rank = seen.get(ident, 0)
            seen[ident] = rank + 1
            digest = fingerprint(ident, uri, rank)
            sarif_results.append(result(f, rule_index, physical, digest))
    base = Path(cwd) if cwd is not None else Path.cwd()
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ramaudit",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
                "notifications": [
                    {"id": name, "shortDescription": {"text": text}}
                    for name, text in NOTIFICATIONS.items()
                ],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": base.resolve().as_uri().rstrip("/") + "/"}},
        "artifacts": artifacts,
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def notification(kind: str, text: str, physical: dict[str, Any]) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": text},
        "locations": [{"physicalLocation": physical}],
        "descriptor": {"id": kind, "index": NOTIFICATION_INDEX[kind]},
    }


def render(results: Sequence[AuditResult], options: RenderOptions) -> str:
    cwd = options.extra.get("cwd")
    stored = stored_rules_json()
    if stored is None:
        return json_text(document(results, cwd))
    return splice(json_text(document(results, cwd, rules=RULES_SLOT)), stored)


# What stands in the document for the driver's rules until the stored text replaces it.
# The driver comes before anything a plan or a path writes, so the first occurrence of
# it, quoted as JSON writes it, is this one.
RULES_SLOT = "ramaudit-sarif-rules"


def splice(text: str, rules_json: str) -> str:
    """``text`` (:func:`json_text` of a document whose rules are :data:`RULES_SLOT`)
    with ``rules_json`` (:func:`json_text` of the rules list alone, without its final
    newline) in the slot, indented to its depth: exactly :func:`json_text` of the
    whole document. JSON text breaks lines only between values (a line break in a
    string is written ``\\n``), so indenting is adding the slot's indent after each
    break; the escapes are made character by character, so escaping the parts apart
    gives what escaping the whole would."""
    slot = f'"{RULES_SLOT}"'
    at = text.index(slot)
    line = text[text.rfind("\n", 0, at) + 1 : at]
    indent = " " * (len(line) - len(line.lstrip(" ")))
    return text[:at] + rules_json.replace("\n", "\n" + indent) + text[at + len(slot) :]


def rules_json(rules: Sequence[type[Rule]]) -> str:
    """The driver's rule descriptors as :func:`json_text` writes them alone, without
    the final newline: what :mod:`ramaudit.report.sarif_rules` stores."""
    return json_text([rule_descriptor(r) for r in rules])[:-1]


def rules_key(rules: Sequence[type[Rule]]) -> str:
    """A digest of everything of the rules that their descriptors are made from (code,
    name, default severity, category, docstring), in catalogue order: the stored
    descriptors are used only while it is what they were made from. A change to the
    code that makes descriptors from these is what the test of the stored text
    catches."""
    digest = hashlib.sha256()
    for rule in rules:
        parts = (rule.code, rule.name, rule.severity.value, rule.category, rule.__doc__ or "")
        digest.update("\0".join(parts).encode("utf-8", "surrogatepass") + b"\1")
    return digest.hexdigest()


def stored_rules_json() -> str | None:
    """The stored descriptors of the rules as they are declared now, or None when the
    declarations changed since they were generated (a run then makes its own)."""
    from ramaudit.report import sarif_rules
    from ramaudit.rules import ALL_RULES

    if rules_key(ALL_RULES) != sarif_rules.KEY:
        return None
    return sarif_rules.RULES_JSON


def rules_module_text(rules: Sequence[type[Rule]]) -> str:
    """The source of :mod:`ramaudit.report.sarif_rules` for ``rules``."""
    text = rules_json(rules)
    lines = "".join(f"    {piece!r}\n" for piece in text.splitlines(keepends=True))
    return (
        '"""The SARIF driver\'s rule descriptors as :func:`ramaudit.report.sarif.rules_json`\n'
        "writes them: generated from the rule declarations, do not edit. Regenerate with\n"
        '``python -m ramaudit.report.sarif``."""\n\n'
        "# ruff: noqa: E501\n"
        "# fmt: off\n"
        f"KEY = {rules_key(rules)!r}\n"
        f"RULES_JSON = (\n{lines})\n"
    )


if __name__ == "__main__":  # python -m ramaudit.report.sarif: regenerate sarif_rules
    from ramaudit.rules import ALL_RULES

    Path(__file__).with_name("sarif_rules.py").write_text(
        rules_module_text(ALL_RULES), encoding="utf-8"
    )
