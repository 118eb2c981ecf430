"""Run the selected rules on one document; never let a rule bug take the run down."""

from __future__ import annotations

from ..model import Document, Span
from .diagnostic import Diagnostic, Severity
from .registry import Rule, all_rules


def matches(code: str, patterns) -> bool:
    """A code matches an ID or a prefix (``POR``, ``POR00``, ``ALL``)."""
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def select_rules(select=None, ignore=None, extend_select=None, severities=None, context=None) -> list[Rule]:
    """Instantiate the rules chosen by select/ignore (codes or prefixes), with the same
    selection as the command line (``linter.selected_codes``)."""
    from ..linter import selected_codes

    catalog = all_rules()
    layer = ([s.upper() for s in select] if select else None,
             [s.upper() for s in extend_select or ()], [s.upper() for s in ignore or ()])
    by_code = {cls.code: cls for cls in catalog}
    return [by_code[code](severity=(severities or {}).get(code), context=context)
            for code in selected_codes(catalog, [layer])]


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
