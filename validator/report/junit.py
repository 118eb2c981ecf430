"""``junit``: JUnit XML for CI test views: one testcase per checked file (so clean files
show as passed), one ``<failure>`` per finding at or above the fail level (findings below
it are listed in the testcase's ``<system-out>``: the file passed, as the run did),
testcase names unique."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .base import Reporter

# Characters XML 1.0 cannot carry (form feeds and other controls occur in real cables).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _line(d) -> str:
    return f"{d.path}:{d.span.line}:{d.span.column}: {d.code} [{d.severity}] {d.message}"


class JunitReporter(Reporter):
    def begin(self) -> None:
        self.cases: list[ET.Element] = []
        self.names: set[str] = set()
        self.failed = 0

    def _unique(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self.names:
            n += 1
            candidate = f"{name} ({n})"
        self.names.add(candidate)
        return candidate

    def file(self, path, diagnostics, lines) -> None:
        case = ET.Element("testcase", {"name": _clean(self._unique(path)), "classname": "cablelint"})
        failing = [d for d in diagnostics if d.severity >= self.fail_level]
        for d in failing:
            failure = ET.SubElement(case, "failure", {
                "message": _clean(f"{d.code}: {d.message}"),
                "type": str(d.severity),
            })
            failure.text = _clean(_line(d))
        below = [d for d in diagnostics if d.severity < self.fail_level]
        if below:
            ET.SubElement(case, "system-out").text = _clean("\n".join(_line(d) for d in below))
        if failing:
            self.failed += 1
        self.cases.append(case)

    def end(self, summary) -> None:
        counts = {"tests": str(len(self.cases)), "failures": str(self.failed), "errors": "0"}
        root = ET.Element("testsuites", {"name": "cablelint", **counts})
        suite = ET.SubElement(root, "testsuite", {"name": "cablelint", **counts, "skipped": "0"})
        suite.extend(self.cases)
        ET.indent(root, space="  ")
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode") + "\n")
