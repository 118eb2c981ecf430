"""Every rule module; importing this package registers all rules (one line per family)."""
from . import eo  # noqa: F401,E402  E.O. line and declassification (EO001-EO006)
from . import authority  # noqa: F401,E402  Classified By and reasons (CLB001-CLB005)
from . import structure  # noqa: F401,E402  SUBJECT, SBU consistency (STR002, STR003)
