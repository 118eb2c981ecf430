"""Executable rule docs: every example in every rule's docstring is run.

A rule docstring (printed by ``cablelint rule CODE``) holds examples in this form::

    Example (fails, --as-of 2020-01-01):
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
    Example (passes, --as-of 2019-01-01):
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019

The header names the kind, ``fails`` (the rule must report the example) or ``passes``
(the rule must not report it), then optional comma-separated options:

``--as-of YYYY-MM-DD``
    the reference day of date-dependent rules (the ``check`` option of that name);
``saved as ENCODING``
    the example is a file in that encoding (a Python codec name: cp1252, UTF-16, ...);
``bytes``
    the body is one Python bytes literal, optionally repeated (``b"..." * 3``), for files
    that cannot be shown as text (empty, binary, huge).

The body is the indented block under the header: a literal cable fragment, nothing
elided. Text examples are parsed with ``parse_text``; file examples (``saved as``,
``bytes``) go through ``check_bytes`` like a file given to ``cablelint check``. Only the
documented rule runs, also when it is off by default. A text example of a marking rule
must look like a cable to ``cablelint check`` (which runs only the FIL rules otherwise).
Ids: ``POR001-fails-1``, ``POR001-passes-1``, ...
"""

from __future__ import annotations

import ast
import codecs
import datetime as dt
import re
from dataclasses import dataclass

import pytest

from validator.builder import parse_text
from validator.checker import check_bytes
from validator.engine.registry import RunContext, all_rules
from validator.engine.runner import run_rules, select_rules
from validator.rules.input import triage

HEADER = re.compile(r"^Example \((?P<kind>fails|passes)(?P<options>(?:, [^,()]+)*)\):$")
# Any line that starts like an example header must be a well-formed one.
HEADER_LIKE = re.compile(r"^\s*Examples?\b")
OPTION_AS_OF = re.compile(r"^--as-of (\d{4}-\d{2}-\d{2})$")
OPTION_SAVED_AS = re.compile(r"^saved as (\S+)$")


@dataclass(frozen=True)
class Example:
    code: str
    kind: str  # "fails" or "passes"
    number: int  # 1-based among the rule's examples of this kind
    options: tuple[str, ...]
    body: str  # dedented, newline-terminated

    @property
    def id(self) -> str:
        return f"{self.code}-{self.kind}-{self.number}"


def examples_of(code: str, doc: str) -> list[Example]:
    """The examples of one docstring (already cleandoc'ed); ValueError on a malformed one."""
    lines = doc.splitlines()
    found: list[Example] = []
    counts = {"fails": 0, "passes": 0}
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not HEADER_LIKE.match(line):
            continue
        head = HEADER.match(line)
        if head is None:
            raise ValueError(f"{code}: malformed example header {line!r} "
                             "(expected 'Example (fails|passes[, option...]):')")
        body: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith((" ", "\t"))):
            body.append(lines[index])
            index += 1
        while body and not body[-1].strip():
            body.pop()
        if not body:
            raise ValueError(f"{code}: example {line!r} has no indented body")
        width = min(len(b) - len(b.lstrip()) for b in body if b.strip())
        text = "\n".join(b[width:] for b in body) + "\n"
        kind = head["kind"]
        counts[kind] += 1
        options = tuple(o.strip() for o in head["options"].split(",") if o.strip())
        found.append(Example(code, kind, counts[kind], options, text))
    return found


def _collect() -> tuple[list[Example], dict[str, str]]:
    examples, errors = [], {}
    for cls in all_rules():
        try:
            examples.extend(examples_of(cls.code, cls.doc()))
        except ValueError as exc:
            errors[cls.code] = str(exc)
    return examples, errors


EXAMPLES, PARSE_ERRORS = _collect()


def _bytes_literal(body: str) -> bytes:
    """``b"..."`` or ``b"..." * N``, evaluated without eval()."""
    tree = ast.parse(body.strip(), mode="eval").body
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Mult):
        data, count = ast.literal_eval(tree.left), ast.literal_eval(tree.right)
        assert isinstance(data, bytes) and isinstance(count, int), body
        return data * count
    data = ast.literal_eval(tree)
    assert isinstance(data, bytes), body
    return data


def run_example(example: Example):
    """(diagnostics, document or None) of the example with only its rule selected."""
    as_of, encoding, raw = None, None, False
    for option in example.options:
        if match := OPTION_AS_OF.match(option):
            as_of = dt.date.fromisoformat(match[1])
        elif match := OPTION_SAVED_AS.match(option):
            encoding = codecs.lookup(match[1]).name
        elif option == "bytes":
            raw = True
        else:
            raise AssertionError(f"{example.id}: unknown example option {option!r}")
    rules = select_rules([example.code], context=RunContext(as_of))
    assert [r.code for r in rules] == [example.code]
    if raw or encoding:
        data = _bytes_literal(example.body) if raw else example.body.encode(encoding)
        return check_bytes("<example>", data, rules).diagnostics, None
    doc = parse_text(example.body, "<example>")
    return run_rules(doc, rules), doc


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_rule_doc_example(example):
    diagnostics, doc = run_example(example)
    crashes = [d for d in diagnostics if d.code.startswith("INT")]
    assert not crashes, f"{example.id}: {crashes[0].message}"
    if doc is not None and not example.code.startswith("FIL"):
        # `cablelint check` runs only the FIL rules on a file that does not look like a cable.
        assert triage(doc) is None, f"{example.id}: the example is not seen as a cable ({triage(doc)})"
    fired = [d for d in diagnostics if d.code == example.code]
    if example.kind == "fails":
        assert fired, f"{example.id}: {example.code} does not fire on its own example:\n{example.body}"
    else:
        assert not fired, (f"{example.id}: {example.code} fires on an example documented as passing: "
                           f"{fired[0].message}\n{example.body}")


@pytest.mark.parametrize("cls", all_rules(), ids=lambda c: c.code)
def test_rule_doc_is_plain_and_has_a_failing_example(cls):
    assert cls.code not in PARSE_ERRORS, PARSE_ERRORS.get(cls.code)
    doc = cls.doc()
    assert "What it does:" in doc and "Why it matters:" in doc, cls.code
    assert "``" not in doc, f"{cls.code}: reST backticks in the docs (terminals show them raw)"
    kinds = [e.kind for e in EXAMPLES if e.code == cls.code]
    assert "fails" in kinds, f"{cls.code} has no 'Example (fails):' block"


@pytest.mark.parametrize("cls", all_rules(), ids=lambda c: c.code)
def test_rule_command_prints_the_examples(cls):
    """`cablelint rule CODE` shows the docs as plain text, examples exactly as tested here."""
    from lint_helpers import invoke

    result = invoke(["rule", cls.code])
    assert result.exit_code == 0, result.output
    assert "``" not in result.output
    assert examples_of(cls.code, result.output) == [e for e in EXAMPLES if e.code == cls.code]


def test_examples_are_parsed():
    """The extractor sees the examples (guards against a silently empty parametrization)."""
    codes = {cls.code for cls in all_rules()}
    assert len(EXAMPLES) >= len(codes)
    sample = examples_of("X", "What it does: x.\n\nExample (fails, --as-of 2020-01-01):\n"
                              "    UNCLAS STATE 000123\n\n    1. Text.\n\nExample (passes):\n    A\nSource: y")
    assert [(e.id, e.options, e.body) for e in sample] == [
        ("X-fails-1", ("--as-of 2020-01-01",), "UNCLAS STATE 000123\n\n1. Text.\n"),
        ("X-passes-1", (), "A\n"),
    ]
    with pytest.raises(ValueError):
        examples_of("X", "Example (reported):\n    A")
