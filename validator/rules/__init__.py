"""Every rule module; importing this package registers all rules (one line per family)."""
from . import portion  # noqa: F401  POR001-POR006
from . import caption  # noqa: F401  CAP001-CAP005, CAP007, CAP008
from . import header  # noqa: F401
from . import banner  # noqa: F401
