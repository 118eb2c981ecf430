"""``sarif``: SARIF 2.1.0 as GitHub code scanning accepts it.

Every registered rule is described in ``tool.driver.rules`` (GitHub shows the help of
a rule next to its alerts); results carry repository-relative URIs (``%SRCROOT%``),
full regions and ``partialFingerprints.primaryLocationLineHash`` computed from the
line's text, so alerts follow a finding when lines above it are added or removed.
"""

from __future__ import annotations

import json

from .. import __version__
from ..engine.diagnostic import Severity
from .base import Reporter
from .fingerprint import identities
from .location import artifact_uri

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Findings that do not come from a registered rule still need a descriptor.
_PSEUDO_RULES = {
    "INT001": ("internal-rule-error", "A rule failed on this file (a cablelint bug; please report it)."),
}


def rule_descriptor(cls) -> dict:
    from ..ruledoc import markdown, plain

    doc = cls.doc() or cls.summary
    source = f"\n\nSource: {cls.source}" if cls.source else ""
    help_markdown = f"**{cls.code} ({cls.name})**\n\n{markdown(doc)}{source}"
    return {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": plain(cls.summary or cls.name)},
        "fullDescription": {"text": plain(doc)},
        "help": {"text": plain(doc) + source, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVEL[cls.severity], "enabled": bool(cls.default_enabled)},
        "properties": {"tags": ["classification-marking"]},
    }


def _pseudo_descriptor(code: str) -> dict:
    name, text = _PSEUDO_RULES.get(code, (code.lower(), f"Finding {code}."))
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": text},
        "defaultConfiguration": {"level": "error"},
    }


def sarif_fix(fix, artifact: dict) -> dict:
    """A SARIF 2.1.0 ``fix`` (§3.55): one artifact change whose replacements are the edits.
    The applicability travels in the fix's property bag (SARIF has no field for it)."""
    return {
        "description": {"text": f"{fix.message} ({fix.applicability} fix)"},
        "artifactChanges": [{
            "artifactLocation": dict(artifact),
            "replacements": [{
                "deletedRegion": {"startLine": e.span.line, "startColumn": e.span.column,
                                  "endLine": e.span.end_line, "endColumn": e.span.end_column},
                "insertedContent": {"text": e.text},
            } for e in fix.edits],
        }],
        "properties": {"applicability": fix.applicability},
    }


class SarifReporter(Reporter):
    def begin(self) -> None:
        self.results: list[dict] = []

    def file(self, path, diagnostics, lines) -> None:
        for d, (_code, text, index) in zip(diagnostics, identities(diagnostics, lines)):
            uri, relative = artifact_uri(d.path, self.root)
            artifact = {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}
            self.results.append({
                "ruleId": d.code,
                "level": _LEVEL[d.severity],
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {"startLine": d.span.line, "startColumn": d.span.column,
                               "endLine": d.span.end_line, "endColumn": d.span.end_column},
                }}],
                "partialFingerprints": {"primaryLocationLineHash": f"{text}:{index + 1}"},
            })
            if d.fix is not None and d.fix.edits:
                self.results[-1]["fixes"] = [sarif_fix(d.fix, artifact)]
            if d.related:
                self.results[-1]["relatedLocations"] = [{
                    "id": number,
                    "physicalLocation": {"artifactLocation": artifact, "region": {
                        "startLine": span.line, "startColumn": span.column,
                        "endLine": span.end_line, "endColumn": span.end_column}},
                    "message": {"text": "related location"},
                } for number, span in enumerate(d.related, 1)]

    def end(self, summary) -> None:
        rules = [rule_descriptor(cls) for cls in sorted(self.catalog, key=lambda c: c.code)]
        known = {r["id"] for r in rules}
        for code in sorted({r["ruleId"] for r in self.results} - known):
            rules.append(_pseudo_descriptor(code))
        index = {r["id"]: i for i, r in enumerate(rules)}
        for result in self.results:
            result["ruleIndex"] = index[result["ruleId"]]
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "cablelint", "version": __version__,
                                    "semanticVersion": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": [{k: r[k] for k in ("ruleId", "ruleIndex", "level", "message", "locations",
                                               "relatedLocations", "partialFingerprints", "fixes") if k in r}
                            for r in self.results],
            }],
        }
        self.stream.write(json.dumps(log, indent=2, ensure_ascii=False) + "\n")
