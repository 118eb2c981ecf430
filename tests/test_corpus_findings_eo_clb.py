"""EO/CLB/STR rules on the shared real corpus: counts per rule, and a precision guard.

Every error-level finding on the corpus was read by hand (see REVIEWED_ERRORS, with the
reason each is a true marking problem). A new error outside that list is either a new
false positive (fix the rule or parser) or a newly found true error (read the cable,
then add it here with the reason). Skipped when ../shared is absent.
"""

from __future__ import annotations

import collections

from corpus_review import tolerated

from validator.builder import parse_file
from validator.engine import Severity
from validator.engine.runner import run_rules, select_rules

# (cable, rule) -> why it is a true problem (reviewed against the cable text).
_NO_CLASSIFIED_BY = "classified cable, ¶1 present, no Classified By/Derived From anywhere in the text"
# Read again in the second review (issue 14): 06BRASILIA861 and ten 09TRIPOLI cables lack SUBJECT as well
# as Classified By: the header block was dropped by the publisher (REC001 header-dropped, no CLB001), and
# 05DUBLIN143 is a partial extract (its Classified By line may be cut: CLB003 is not run on extracts).
REVIEWED_ERRORS = {
    **{(cable, "CLB001"): _NO_CLASSIFIED_BY for cable in (
        "07MANAMA1089", "09BUENOSAIRES142", "09CAIRO2292", "09KABUL376", "09LONDON100",
        "09TRIPOLI362", "09TRIPOLI492", "10BRUSSELS183", "10RABAT5")},
    ("09CAIRO2166", "CLB003"): "'Classified By: Minister-Counselor ... Donald A. Blome', no reason",
    ("09ROME752", "CLB003"): "'Classified By: CHARGE EDIBBLE', no reason",
    ("04MADRID4887", "EO005"): "DECL 12/29/2054 on a 2004 cable: 50 years",
    ("06LAPAZ3400", "EO005"): "DECL 08/18/2036 on a Dec 2006 cable: 30 years",
    ("06SANJOSE156", "EO005"): "DECL 01/18/2116 on a 2006 cable (typo for 2016)",
    ("06TEGUCIGALPA526", "EO005"): "DECL 03/16/2036 on a Mar 2006 cable: 30 years",
    ("09BUENOSAIRES561", "EO005"): "DECL 05/11/2039 on a May 2009 cable: 30 years",
    ("09NAIROBI1077", "EO005"): "DECL 05/27/2039 on a Jun 2009 cable: 30 years",
}


def test_eo_clb_str_findings_on_real_corpus(corpus):
    directory, manifest = corpus
    rules = select_rules(select=["EO", "CLB", "STR"])
    counts: collections.Counter = collections.Counter()
    unreviewed = []
    crashes = []
    for entry in manifest:
        doc = parse_file(str(directory / entry["file"]))
        for found in run_rules(doc, rules):
            counts[(found.code, str(found.severity))] += 1
            if found.code == "INT001":
                crashes.append((entry["file"], found.message))
            elif found.severity == Severity.ERROR:
                cable = entry["file"].rsplit(".", 1)[0]
                if (cable, found.code) not in REVIEWED_ERRORS and (entry["file"], found.code) not in tolerated():
                    unreviewed.append((entry["file"], found.code, found.span.line, found.message))
    for (code, severity), number in sorted(counts.items()):
        print(f"{code} {severity}: {number}")
    for item in unreviewed:
        print("UNREVIEWED ERROR:", *item)
    assert crashes == []
    assert unreviewed == [], "new error-level findings on real cables: review them (see module docstring)"
    # 1.5 after 2003 is common in real cables and must stay a warning.
    assert counts[("CLB004", "warning")] > 0
