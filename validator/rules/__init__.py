"""Every rule module; importing this package registers all rules (one line per family)."""
from . import header  # noqa: F401
from . import banner  # noqa: F401
