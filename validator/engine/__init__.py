"""The rule engine: diagnostics, the rule base class and registry, and the runner."""

from .diagnostic import Diagnostic, Severity
from .registry import Rule, all_rules, get_rule, register

__all__ = ["Diagnostic", "Severity", "Rule", "all_rules", "get_rule", "register"]
