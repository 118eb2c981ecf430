"""Every rule module; importing this package registers all rules (one line per family)."""
from . import declass  # noqa: F401
