"""Stand-ins that keep a module off the start-up path must answer exactly as the module would."""

from __future__ import annotations

import calendar
import difflib
import random

from validator import config
from validator.rules import header


def test_leap_years_and_month_lengths_match_calendar():
    for year in range(-500, 10500):
        assert header._isleap(year) == calendar.isleap(year)
        for month in range(1, 13):
            assert header._month_days(year, month) == calendar.monthrange(year, month)[1]


def test_misspelled_section_prefilter_never_hides_a_difflib_match():
    rng = random.Random(1)
    words = ["setuptools", "pytest", "ruff", "cablelnit", "cable-lint", "cablelint2", "lint", "", "c",
             "CableLint", "coverage", "pylint", "cablint"]
    words += ["".join(rng.choice("cablentisx-_") for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for word in words:
        close = bool(difflib.get_close_matches(word, ["cablelint"], n=1, cutoff=0.75))
        if close:
            assert config._may_match(word, "cablelint", 0.75), word
        assert (config._may_match(word, "cablelint", 0.75) and config._close_to_cablelint(word)) == close
