"""Helpers of the record classes that replace dataclasses on the start-up path.

Creating a dataclass runs ``exec`` on generated source (~0.4 ms a class), and importing
``dataclasses`` pulls in ``inspect``, ``ast`` and ``dis`` (~8 ms): a one-file check paid
~25 ms for ~40 classes. The classes of the model, the diagnostics, the configuration and
the run carry the methods that ``@dataclass`` would generate, written out (same
``__init__``, ``__repr__``, ``__eq__``, ``__hash__``; FrozenInstanceError on assignment to a
frozen one); tests/test_records.py checks each against the dataclass it replaces.
"""

from __future__ import annotations

_FACTORY = object()  # default of a field whose default is a new list or dict


def frozen_setattr(self, name, value):
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def frozen_delattr(self, name):
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot delete field {name!r}")


# Keys of a record's ``extra`` dict that hold a fact derived from the record (``memo.per_document``).
FACT_PREFIX = "fact:"


def replace(obj, **changes):
    """A copy of a record with some fields changed (as ``dataclasses.replace``). A changed copy
    gets its own ``extra`` without the facts derived from the original (they may not hold for it)."""
    for name in changes:
        if name not in obj._FIELDS:
            raise TypeError(f"{type(obj).__name__}.__init__() got an unexpected keyword argument {name!r}")
    values = {name: changes[name] if name in changes else getattr(obj, name) for name in obj._FIELDS}
    extra = values.get("extra")
    if "extra" not in changes and isinstance(extra, dict):
        values["extra"] = {key: value for key, value in extra.items()
                           if not (isinstance(key, str) and key.startswith(FACT_PREFIX))}
    return type(obj)(**values)
