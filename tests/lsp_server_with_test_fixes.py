"""The real ``cablelint server`` with two test-only rules that carry fixes registered first.

tests/test_server_e2e.py starts this file as the server process (``python THIS [--log-level X]``):
the server code is the package's own; only the rule registry gains

* TFX001 (warning): the word ``TEH``, with a *safe* fix replacing it with ``THE``;
* TFX002 (info): the word ``XXX``, with an *unsafe* fix deleting it and the space after it.

They live here, not in the package, so that no other test sees them.
"""

from __future__ import annotations

import re
import sys

from validator.engine.diagnostic import Edit, Finding, Fix, Severity, UNSAFE
from validator.engine.registry import Rule, register
from validator.model import Span


def _words(doc, word):
    for number, line in enumerate(doc.lines, 1):
        for match in re.finditer(rf"\b{word}\b", line):
            yield number, match


@register
class TestTypo(Rule):
    """Test-only rule: ``TEH`` is a typo of ``THE``.

    Example (fails):
        1. (C) TEH MINISTER AGREED.
    """

    code = "TFX001"
    name = "test-typo"
    severity = Severity.WARNING
    summary = "Test-only: TEH should read THE."

    def check(self, doc):
        for line, match in _words(doc, "TEH"):
            span = Span(line, match.start() + 1, line, match.end() + 1)
            yield Finding("TEH should read THE", span, fix=Fix("Replace TEH with THE", (Edit(span, "THE"),)))


@register
class TestPlaceholder(Rule):
    """Test-only rule: ``XXX`` is a placeholder left in the text."""

    code = "TFX002"
    name = "test-placeholder"
    severity = Severity.INFO
    summary = "Test-only: a placeholder XXX is left in the text."

    def check(self, doc):
        for line, match in _words(doc, "XXX"):
            span = Span(line, match.start() + 1, line, match.end() + 1)
            end = match.end() + (2 if doc.lines[line - 1][match.end():match.end() + 1] == " " else 1)
            yield Finding("placeholder XXX left in the text", span,
                          fix=Fix("Delete XXX", (Edit(Span(line, match.start() + 1, line, end), ""),), UNSAFE),
                          related=(Span(1, 1, 1, 4),))


if __name__ == "__main__":
    from validator.cli import main

    main(["server", *sys.argv[1:]])
