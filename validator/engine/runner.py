"""Run the selected rules on one document; never let a rule bug take the run down."""

from __future__ import annotations

from ..model import Document, Span
from .diagnostic import Diagnostic, Severity
from .registry import Rule, all_rules


def matches(code: str, patterns) -> bool:
    """A code matches an ID or a prefix (``POR``, ``POR00``, ``ALL``)."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def select_rules(select=None, ignore=None, extend_select=None, severities=None, context=None) -> list[Rule]:
    """Instantiate the rules chosen by select/ignore (codes or prefixes)."""
    select = [s.upper() for s in select] if select else None
    ignore = [s.upper() for s in ignore or ()]
    extend = [s.upper() for s in extend_select or ()]
    chosen = []
    for cls in all_rules():
        if select is not None:
            on = cls.code in select or (matches(cls.code, select) and cls.default_enabled)
        else:
            on = cls.default_enabled
        if cls.code in extend or (matches(cls.code, extend) and cls.default_enabled):
            on = True
        if on and not matches(cls.code, ignore):
            chosen.append(cls(severity=(severities or {}).get(cls.code), context=context))
    return chosen


def run_rules(doc: Document, rules: list[Rule]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in rules:
        try:
            out.extend(rule.run(doc))
        except Exception as exc:  # a rule bug must not hide the other findings
            out.append(Diagnostic("INT001", "internal-rule-error", Severity.ERROR,
                                  f"rule {rule.code} failed on this file: {type(exc).__name__}: {exc} "
                                  "(please report this bug)", doc.path, Span(1, 1, 1, 1)))
    out.sort(key=Diagnostic.sort_key)
    return out
