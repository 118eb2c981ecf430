"""Pluggable report formats. ``get_reporter(name)`` returns a Reporter class."""

from __future__ import annotations

from .base import Reporter, Summary

_FORMATS = {
    "full": ("validator.report.text", "FullReporter"),
    "concise": ("validator.report.text", "ConciseReporter"),
    "json": ("validator.report.jsonfmt", "JsonReporter"),
    "sarif": ("validator.report.sarif", "SarifReporter"),
    "github": ("validator.report.github", "GithubReporter"),
    "gitlab": ("validator.report.gitlab", "GitlabReporter"),
    "junit": ("validator.report.junit", "JunitReporter"),
}


def formats() -> list[str]:
    return list(_FORMATS)


def get_reporter(name: str) -> type[Reporter]:
    import importlib

    module, cls = _FORMATS[name]
    return getattr(importlib.import_module(module), cls)


__all__ = ["Reporter", "Summary", "formats", "get_reporter"]
