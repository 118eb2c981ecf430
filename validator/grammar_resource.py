"""Locate ``cable.lark``: shipped as ``validator/grammar/cable.lark`` in the wheel.

The source tree keeps the grammar at the repository root (``grammar/``); the build
maps that directory into the package, so ``importlib.resources`` finds it both in an
editable and in a regular install.
"""

from __future__ import annotations

from importlib import resources


def grammar_text() -> str:
    return resources.files("validator.grammar").joinpath("cable.lark").read_text(encoding="utf-8")
