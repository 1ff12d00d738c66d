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
import json.encoder
from collections.abc import Callable, Sequence
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
    return _fingerprint(
        (identity.code, identity.item, identity.pointer, identity.message), uri, rank
    )


def _fingerprint(identity: tuple[str, str, str, str], uri: str, rank: int) -> str:
    """:func:`fingerprint` of an identity given as its four parts, in order."""
    parts = [uri, *identity]
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


# What makes each entry of the run's results from a finding, the rule indices, the
# file's physical location and the fingerprint: :func:`result` (a dict) or, in
# :func:`render`, a :class:`ResultText` (its JSON text).
ResultMaker = Callable[["Finding", dict[str, int], dict[str, Any], str], Any]


def document(
    results: Sequence[AuditResult],
    cwd: str | None = None,
    rules: object = None,
    result_of: ResultMaker = result,
) -> dict[str, Any]:
    """The SARIF document; ``rules``, when given, stands in for the driver's list of
    rule descriptors, and ``result_of`` makes each entry of its results (see
    :func:`render`)."""
    from ramaudit.rules import ALL_RULES

    if rules is None:
        rules = [rule_descriptor(r) for r in ALL_RULES]
    rule_index = {r.code: i for i, r in enumerate(ALL_RULES)}
    artifacts: list[dict[str, Any]] = []
    sarif_results: list[Any] = []
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
        # An identity's parts as a tuple: what Identity holds, hashed at C speed.
        seen: dict[tuple[str, str, str, str], int] = {}
        for f in sorted(res.findings, key=lambda f: f.sort_key):
            ident = identities.parts(f)
            rank = seen.get(ident, 0)
            seen[ident] = rank + 1
            digest = _fingerprint(ident, uri, rank)
            sarif_results.append(result_of(f, rule_index, physical, digest))
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
    """The SARIF text: :func:`json_text` of :func:`document`, with the stored rule
    descriptors spliced in (see :func:`splice`)."""
    cwd = options.extra.get("cwd")
    stored = stored_rules_json()
    if stored is None:
        return document_text(results, cwd)
    return splice(document_text(results, cwd, rules=RULES_SLOT), stored)


def document_text(
    results: Sequence[AuditResult], cwd: str | None = None, rules: object = None
) -> str:
    """``json_text(document(results, cwd, rules))``, with each result's text made by
    :class:`ResultText` and spliced in (see :func:`splice_results`)."""
    doc = document(results, cwd, rules=rules, result_of=ResultText())
    run = doc["runs"][0]
    entries, run["results"] = run["results"], RESULTS_SLOT
    return splice_results(json_text(doc), entries)


# What stands in the document for the driver's rules until the stored text replaces it.
# The driver comes before anything a plan or a path writes, so the first occurrence of
# it, quoted as JSON writes it, is this one.
RULES_SLOT = "ramaudit-sarif-rules"
# And for the run's results: the document's last value, so the last occurrence.
RESULTS_SLOT = "ramaudit-sarif-results"
# The run is the one entry of "runs", its keys 6 spaces in: each result opens at 8.
_RESULT_INDENT = 8


def splice_results(text: str, entries: Sequence[str]) -> str:
    """``text`` (:func:`json_text` of a document whose run's results are
    :data:`RESULTS_SLOT`) with the list of ``entries`` (each a result's text as
    :class:`ResultText` writes it) in the slot: :func:`json_text` of the document with
    the results in place. Only closing brackets follow the results, so the last
    occurrence of the quoted slot is the slot (a plan's text, escaped, can end a string
    with those words, but that string is followed by more than brackets)."""
    slot = f'"{RESULTS_SLOT}"'
    at = text.rindex(slot)
    tail = text[at + len(slot) :]
    if tail.strip("\n ]}"):  # pragma: no cover - the results are the last value
        raise ValueError("the run's results are not the document's last value")
    if not entries:
        return text[:at] + "[]" + tail
    inner = "\n" + " " * _RESULT_INDENT
    outer = "\n" + " " * (_RESULT_INDENT - 2)
    return text[:at] + "[" + inner + ("," + inner).join(entries) + outer + "]" + tail


_encode = json.encoder.encode_basestring


def _string(value: str) -> str:
    """A string as :func:`json_text` writes it: json's encoding, then its own escapes
    of what that leaves raw (never in printable ASCII, which nearly all plan text is)."""
    text = _encode(value)
    return text if text.isascii() and text.isprintable() else json_text(value)[:-1]


def _value(value: object) -> str:
    """A scalar as :func:`json_text` writes it; an int (every position) directly."""
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is str:
        return _string(value)
    return json_text(value)[:-1]


class ResultText:
    """Each result's JSON text, as :func:`json_text` writes :func:`result`'s dict at its
    depth in the document (opening :data:`_RESULT_INDENT` spaces in), without making
    the dict: what every finding of one rule and level shares, and every finding of
    one file, is written once. A 10,000-tactic plan has some 5,600 results, most of the
    document's text; written through the general writer they cost more than all the
    rest of the SARIF output."""

    def __init__(self) -> None:
        # nl[d]: a line break and the indentation d levels inside a result.
        nl = self._nl = ["\n" + " " * (_RESULT_INDENT + 2 * depth) for depth in range(6)]
        self._heads: dict[tuple[str, str, int | None], str] = {}
        self._physical: dict[str, Any] | None = None
        self._location = ""
        self._logical = (
            f'{nl[3]}}},{nl[3]}"logicalLocations": [{nl[4]}{{{nl[5]}"fullyQualifiedName": '
        )
        # From the end of the location to the fingerprint's value.
        self._fingerprint = (
            f'{nl[2]}}}{nl[1]}],{nl[1]}"partialFingerprints": {{{nl[2]}{_string(FINGERPRINT_KEY)}: '
        )
        self._end = f"{nl[1]}}}{nl[0]}}}"

    def __call__(
        self, f: Finding, rule_index: dict[str, int], physical: dict[str, Any], digest: str
    ) -> str:
        nl = self._nl
        key = (f.code, LEVEL[f.severity.value], rule_index.get(f.code))
        head = self._heads.get(key)
        if head is None:
            head = self._heads[key] = self._head(*key)
        if physical is not self._physical:
            self._physical = physical
            self._location = self._artifact(physical)
        parts = [head, _string(f.message), self._location, _region(f, nl[5], nl[4])]
        if f.pointer:
            parts += [self._logical, _string(f.pointer)]
            if f.item:
                parts += [f",{nl[5]}", '"name": ', _string(f.item)]
            parts.append(f"{nl[4]}}}{nl[3]}]")
        else:
            parts.append(nl[3] + "}")
        parts += [self._fingerprint, _string(digest), self._end]
        return "".join(parts)

    def _head(self, code: str, level: str, index: int | None) -> str:
        """From the result's opening brace to its message's text."""
        nl = self._nl
        text = f'{{{nl[1]}"ruleId": {_string(code)},'
        if index is not None:
            text += f'{nl[1]}"ruleIndex": {_value(index)},'
        return text + f'{nl[1]}"level": {_string(level)},{nl[1]}"message": {{{nl[2]}"text": '

    def _artifact(self, physical: dict[str, Any]) -> str:
        """From the end of the message's text to the region: the file's location."""
        nl = self._nl
        artifact = physical["artifactLocation"]
        fields = f",{nl[5]}".join(f"{_string(k)}: {_value(v)}" for k, v in artifact.items())
        return (
            f'{nl[1]}}},{nl[1]}"locations": [{nl[2]}{{{nl[3]}"physicalLocation": {{{nl[4]}'
            f'"artifactLocation": {{{nl[5]}{fields}{nl[4]}}},{nl[4]}"region": '
        )


def _region(f: Finding, inner: str, outer: str) -> str:
    """:func:`region`'s text: its keys after ``inner``, its closing brace after ``outer``."""
    text = f'{{{inner}"startLine": {_value(f.line)},{inner}"startColumn": {_value(f.column)}'
    end_line, end_column = f.end_line, f.end_column
    if (
        end_line is not None
        and end_column is not None
        and (end_line, end_column) > (f.line, f.column)
    ):
        text += f',{inner}"endLine": {_value(end_line)},{inner}"endColumn": {_value(end_column)}'
    return text + outer + "}"


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
