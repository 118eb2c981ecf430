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


# DEFERRED_FIELD: a few fields of the model are read by no marking rule, only by ``index`` and
# ``inspect`` (the signer, the name and title of the classifying authority, the REF list, the TAGS
# codes), and cost a tenth of a check to work out. The builder may give such a field a ``Deferred``:
# the record keeps it under DEFERRED_PREFIX + name, and the field's class attribute (``deferred_field``)
# works the value out on first read and keeps it, so a record reads the same either way.
DEFERRED_PREFIX = "deferred:"
_REQUIRED = object()


class Deferred:
    """``function(*args)``, called when the value is first needed and kept (a pure function of
    values that do not change: reading it early or late gives the same value)."""

    __slots__ = ("function", "args", "value", "known")

    def __init__(self, function, *args):
        self.function, self.args, self.known = function, args, False

    def get(self):
        if not self.known:
            self.value = self.function(*self.args)
            self.known = True
        return self.value

    def __repr__(self):
        return f"Deferred({getattr(self.function, '__name__', self.function)!s})"


class deferred_field:
    """The class attribute of a record field that may hold a ``Deferred``: the first read works the
    value out and keeps it in the instance, whose own entry then shadows this (non-data) descriptor.
    ``default`` is the field's declared default (tests/test_records.py rebuilds the dataclass)."""

    __slots__ = ("name", "key", "default")

    def __init__(self, name: str, default=_REQUIRED):
        self.name, self.key, self.default = name, DEFERRED_PREFIX + name, default

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        d = obj.__dict__
        pending = d.get(self.key)
        if pending is None:  # another thread kept the value meanwhile (or the record has no such field)
            try:
                return d[self.name]
            except KeyError:
                raise AttributeError(self.name) from None
        value = d[self.name] = pending.get()
        d.pop(self.key, None)  # a thread that read it at the same time may have removed it already
        return value


def store(d: dict, name: str, value) -> None:
    """Set field ``name`` of a record being built (its ``__dict__``): a ``Deferred`` waits under its key."""
    if value.__class__ is Deferred:
        d[DEFERRED_PREFIX + name] = value
    else:
        d[name] = value


def resolve(obj) -> None:
    """Work out every deferred field of a record now (those who read them all, ``index`` and
    ``inspect``, do it where an error is reported as the parser's, as it was before deferring)."""
    for key in [k for k in obj.__dict__ if isinstance(k, str) and k.startswith(DEFERRED_PREFIX)]:
        getattr(obj, key[len(DEFERRED_PREFIX):])


def _field(obj, name: str):
    """A field's value for a copy: a field still deferred stays deferred."""
    d = obj.__dict__
    if name not in d:
        pending = d.get(DEFERRED_PREFIX + name)
        if pending is not None:
            return pending
    return getattr(obj, name)


def replace(obj, **changes):
    """A copy of a record with some fields changed (as ``dataclasses.replace``). A changed copy
    gets its own ``extra`` without the facts derived from the original (they may not hold for it)."""
    for name in changes:
        if name not in obj._FIELDS:
            raise TypeError(f"{type(obj).__name__}.__init__() got an unexpected keyword argument {name!r}")
    values = {name: changes[name] if name in changes else _field(obj, name) for name in obj._FIELDS}
    extra = values.get("extra")
    if "extra" not in changes and isinstance(extra, dict):
        values["extra"] = {key: value for key, value in extra.items()
                           if not (isinstance(key, str) and key.startswith(FACT_PREFIX))}
    return type(obj)(**values)
