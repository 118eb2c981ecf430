"""Every rule module; importing this package registers all rules (one line per family)."""
from . import portion  # noqa: F401  POR001-POR006
from . import caption  # noqa: F401  CAP001-CAP005, CAP007, CAP008
from . import header  # noqa: F401
from . import banner  # noqa: F401
from . import eo  # noqa: F401  E.O. line and declassification (EO001-EO006)
from . import authority  # noqa: F401  Classified By and reasons (CLB001-CLB005)
from . import structure  # noqa: F401  SUBJECT, SBU consistency (STR002, STR003)
from . import declass  # noqa: F401  declassification schedule (EO007, EO008)
from . import input  # noqa: F401  FIL001-FIL008 file-level input problems
from . import record  # noqa: F401  REC001 damaged records (faulty copies)
