"""The rule engine: diagnostics, the rule base class and registry, and the runner."""

from .diagnostic import SAFE, UNSAFE, Diagnostic, Edit, Finding, Fix, Severity
from .registry import Rule, RunContext, all_rules, get_rule, register

__all__ = ["SAFE", "UNSAFE", "Diagnostic", "Edit", "Finding", "Fix", "Severity", "Rule", "RunContext", "all_rules",
           "get_rule", "register"]
