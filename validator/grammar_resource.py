"""Locate ``cable.lark``: shipped as ``validator/grammar/cable.lark`` in the wheel.

The source tree keeps the grammar at the repository root (``grammar/``); the build
maps that directory into the package, so the ``validator.grammar`` package finds it
both in an editable and in a regular install. The file is read next to that
package's ``__init__`` (cheap at start-up); ``importlib.resources`` is the fallback
for installs where the package is not a plain directory (e.g. a zip).
"""

from __future__ import annotations

import os


def grammar_text() -> str:
    from . import grammar

    path = os.path.join(os.path.dirname(grammar.__file__ or ""), "cable.lark")
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        from importlib import resources

        return resources.files("validator.grammar").joinpath("cable.lark").read_text(encoding="utf-8")
