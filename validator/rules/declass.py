"""Declassification schedule: cables whose DECL date has passed or is near (archive audit).

The reference day is the run context's ``as_of`` (``--as-of`` on the command line, so that a
run can be reproduced), else today (UTC). The horizon of EO008 is the rule option
``declass-horizon-days`` (default 90).
"""

from __future__ import annotations

import datetime as _dt

from ..engine import Rule, Severity, register

DEFAULT_HORIZON_DAYS = 90


def _decl_date(doc) -> _dt.date | None:
    """The declassification date of a classified cable, when it gives one."""
    if doc.eo is None or doc.eo.decl.kind != "date" or doc.eo.decl.date is None:
        return None
    if doc.banner is None or not doc.banner.level.classified:
        return None
    return doc.eo.decl.date


@register
class DeclassificationPassed(Rule):
    """What it does: reports a classified cable whose DECL date is on or before the reference
    day (today, or --as-of YYYY-MM-DD).

    Why it matters: an archive must know which cables are due for declassification review; this
    is an audit query, not a marking error, so it is off unless selected (--select EO007).

    Example (fails, --as-of 2020-01-01):
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
    Example (passes, --as-of 2019-01-01):
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
    """

    code = "EO007"
    name = "declassification-date-passed"
    severity = Severity.INFO
    summary = "The cable's declassification date has passed (as of today or --as-of)."
    source = "RULEBOOK §3 (DECL dates); issue 7"
    default_enabled = False

    def check(self, doc):
        date = _decl_date(doc)
        if date is None:  # the result does not depend on the day: don't read it (see result_cache)
            return
        day = self.context.today()
        if date <= day:
            yield (f"declassification date {doc.eo.decl.raw_date} ({date.isoformat()}) has passed "
                   f"as of {day.isoformat()}", doc.eo.decl.span)


@register
class DeclassificationDue(Rule):
    """What it does: reports a classified cable whose DECL date falls within the next N days
    after the reference day (N is the declass-horizon-days option, default 90).

    Why it matters: lets an archive prepare the review of cables that are about to reach their
    declassification date.

    Example (fails, --as-of 2019-08-01):
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
    Example (passes, --as-of 2019-01-01):
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
    """

    code = "EO008"
    name = "declassification-date-near"
    severity = Severity.INFO
    summary = "The cable's declassification date falls within the next N days (declass-horizon-days)."
    source = "RULEBOOK §3 (DECL dates); issue 7"

    options_defaults = {"declass-horizon-days": DEFAULT_HORIZON_DAYS}

    def horizon(self) -> int:
        value = self.options.get("declass-horizon-days")
        return DEFAULT_HORIZON_DAYS if value is None else int(value)

    def check(self, doc):
        date = _decl_date(doc)
        if date is None:  # the result does not depend on the day: don't read it (see result_cache)
            return
        day = self.context.today()
        days = self.horizon()
        if day < date <= day + _dt.timedelta(days=days):
            yield (f"declassification date {doc.eo.decl.raw_date} ({date.isoformat()}) falls within "
                   f"{days} days of {day.isoformat()} ({(date - day).days} days left)", doc.eo.decl.span)
