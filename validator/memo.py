"""Per-document memo: facts that several rules need, computed once per Document and shared.

A fact is a pure function of the Document; it is kept in ``doc.extra`` (which does not take part
in comparisons) under the function's qualified name, so a second rule asking gets the same object.
A copy made with ``model.replace`` starts without them: a changed document may not have the facts
of the original.
"""

from __future__ import annotations

import functools

from .model import Document
from .records import FACT_PREFIX

_MISSING = object()


def per_document(fn):
    """Decorator: ``fn(doc)`` is computed once per Document (its result must not be mutated)."""
    key = f"{FACT_PREFIX}{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def cached(doc: Document):
        value = doc.extra.get(key, _MISSING)
        if value is _MISSING:
            value = doc.extra[key] = fn(doc)
        return value

    return cached
