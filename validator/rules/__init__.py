"""Every rule module; importing this package registers all rules (one line per family)."""
from . import input  # noqa: F401  (FIL: file-level input problems)
