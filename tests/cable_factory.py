"""Small, correctly marked cables for rule tests, with one knob per header field.

``make_cable()`` returns a full ACP-127 cable that passes every E.O./Classified-By/
structure rule; tests change one field (or pass ``None`` to drop it) and check that
the rule fires on the line of that field. ``line_of`` finds that line.
"""

from __future__ import annotations

from validator.builder import parse_text
from validator.engine.runner import run_rules, select_rules

_LETTERS = {"CONFIDENTIAL": "CCCCC", "SECRET": "SSSSS", "UNCLAS": "UUUUU"}
_BANNERS = {"CONFIDENTIAL": "C O N F I D E N T I A L", "SECRET": "S E C R E T", "UNCLAS": "UNCLAS"}

DEFAULT_BODY = ("1. (C) Summary: the minister agreed with the proposal. End summary.\n\n"
                "2. (C) Further text of the cable.")


def make_cable(level: str = "CONFIDENTIAL", dtg: str | None = "O 091200Z SEP 09",
               captions: tuple[str, ...] = ("SIPDIS",),
               eo: str | None = "E.O. 12958: DECL: 09/09/2019",
               tags: str | None = "TAGS: PREL PGOV CA",
               subject: str | None = "SUBJECT: CANADA AGREES WITH THE PROPOSAL",
               classified_by: str | None = "Classified By: Ambassador John Doe, reasons 1.4 (b) and (d)",
               body: str = DEFAULT_BODY, serial: str = "000700") -> str:
    header = ["VZCZCXRO1844", "OO RUEHGA", "DE RUEHOT #0700 2522019",
              f"ZN{'R' if level == 'UNCLAS' else 'Y'} {_LETTERS[level]} ZZH"]
    if dtg:
        header.append(dtg)
    header += ["FM AMEMBASSY OTTAWA", "TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827", ""]
    lines = header + [f"{_BANNERS[level]} OTTAWA {serial}", ""]
    for caption in captions:
        lines += [caption, ""]
    for field in (eo, tags, subject):
        if field:
            lines.append(field)
    lines.append("")
    if classified_by:
        lines += [classified_by, ""]
    lines.append(body)
    return "\n".join(lines) + "\n"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in the cable")


def findings(text: str, select=("EO", "CLB", "STR"), path: str = "<test>"):
    """Run the selected rules on a cable text; returns the diagnostics."""
    return run_rules(parse_text(text, path), select_rules(select=list(select)))


def codes(text: str, select=("EO", "CLB", "STR"), path: str = "<test>") -> list[tuple[str, str, int]]:
    """(code, severity, line) of every finding."""
    return [(d.code, str(d.severity), d.span.line) for d in findings(text, select, path)]
