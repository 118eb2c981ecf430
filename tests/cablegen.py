"""Synthetic cables: CORRECT cables across eras, and a mutator that breaks one marking.

``generate(index, seed)`` is deterministic. The eras follow RULEBOOK sections 0-6:

- 1975: ACP-126 header, E.O. 11652: N/A, UNCLASSIFIED or LIMITED OFFICIAL USE, unmarked
  paragraphs (portion marking came later).
- 1985: E.O. 12356: DECL: OADR, CONFIDENTIAL or SECRET, either "ENTIRE TEXT" or (C)/(S) marks.
- 1998: E.O. 12958 original, Classified By ... Reason 1.5 (x), DECL at most 10 years out.
- 2006: VZCZC/ACP-127 header, SIPDIS, reasons 1.4 (x), DECL 5-25 years out.
- 2009: multi-section ACP-127 cable: DE .../01, SECTION 01 OF nn, continuation headers.
- SBU: UNCLAS with SENSITIVE caption, E.O. 12958: N/A, (SBU) and (U) portions, ZNR UUUUU.
- NOFORN: S E C R E T with the NOFORN caption and (S/NF) portions.

Header relations hold as in real cables: FL2 digraph = DTG precedence doubled, DE Julian
day and time = DTG, SSN = serial mod 10000, FL4 letters = banner level, DE RI = FM post,
TO precedence word = DTG precedence, banner serial = continuation serial.

``mutate(text, kind)`` returns ``(mutated text, expected rule code, expected line)`` (the
line is an int, or a tuple of acceptable lines when two elements disagree and either may
carry the finding), or None when the mutation does not apply to that cable.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re

__all__ = ["generate", "write_corpus", "mutate", "MUTATIONS", "ERAS", "cable_name"]

# (routing indicator, FM PLAD, banner origin, country TAG) -- pairs seen in real headers.
POSTS = [
    ("RUEHOT", "AMEMBASSY OTTAWA", "OTTAWA", "CA"), ("RUEHSJ", "AMEMBASSY SAN JOSE", "SAN JOSE", "CS"),
    ("RUEHTRO", "AMEMBASSY TRIPOLI", "TRIPOLI", "LY"), ("RUEHEG", "AMEMBASSY CAIRO", "CAIRO", "EG"),
    ("RUEHLO", "AMEMBASSY LONDON", "LONDON", "UK"), ("RUEHRK", "AMEMBASSY REYKJAVIK", "REYKJAVIK", "IC"),
    ("RUEHMK", "AMEMBASSY MANAMA", "MANAMA", "BA"), ("RUEHBR", "AMEMBASSY BRASILIA", "BRASILIA", "BR"),
    ("RUEHBO", "AMEMBASSY BOGOTA", "BOGOTA", "CO"), ("RUEHMD", "AMEMBASSY MADRID", "MADRID", "SP"),
    ("RUEHMO", "AMEMBASSY MOSCOW", "MOSCOW", "RS"), ("RUEHFR", "AMEMBASSY PARIS", "PARIS", "FR"),
    ("RUEHBU", "AMEMBASSY BUENOS AIRES", "BUENOS AIRES", "AR"), ("RUEHNE", "AMEMBASSY NEW DELHI", "NEW DELHI", "IN"),
    ("RUEHME", "AMEMBASSY MEXICO", "MEXICO", "MX"), ("RUEHSG", "AMEMBASSY SANTIAGO", "SANTIAGO", "CI"),
    ("RUEHSO", "AMCONSUL SAO PAULO", "SAO PAULO", "BR"), ("RUEHRL", "AMEMBASSY BERLIN", "BERLIN", "GM"),
    ("RUEHNR", "AMEMBASSY NAIROBI", "NAIROBI", "KE"), ("RUEHAK", "AMEMBASSY ANKARA", "ANKARA", "TU"),
    ("RUEHTV", "AMEMBASSY TEL AVIV", "TEL AVIV", "IS"), ("RUEHSW", "AMEMBASSY BERN", "BERN", "SZ"),
    ("RUEHKB", "AMEMBASSY BAKU", "BAKU", "AJ"), ("RUEHLB", "AMEMBASSY BEIRUT", "BEIRUT", "LE"),
    ("RUEHC", "SECSTATE WASHDC", "STATE", None),
]
ADDRESSEES = ["AMEMBASSY LONDON", "AMEMBASSY PARIS", "AMEMBASSY BERLIN", "AMEMBASSY ROME", "USMISSION USNATO",
              "USMISSION USUN NEW YORK", "NSC WASHDC", "SECDEF WASHDC", "CIA WASHDC"]
ADDRESSEE_RI = {"AMEMBASSY LONDON": "RUEHLO", "AMEMBASSY PARIS": "RUEHFR", "AMEMBASSY BERLIN": "RUEHRL",
                "AMEMBASSY ROME": "RUEHRO", "USMISSION USNATO": "RUEHNO", "USMISSION USUN NEW YORK": "RUCNDT",
                "NSC WASHDC": "RHEHNSC", "SECDEF WASHDC": "RUEKJCS", "CIA WASHDC": "RUEAIIA"}
SUBJECT_TAGS = ["PREL", "PGOV", "ECON", "ETRD", "PTER", "PHUM", "MARR", "ENRG", "KCRM", "SNAR", "EFIN", "PINR"]
SURNAMES = ["MILLER", "HARTLEY", "OKAFOR", "LINDQVIST", "BRENNAN", "DUARTE", "KOWALSKI", "WHITFIELD", "NAKAMURA",
            "ABERNATHY", "CASTELLANO", "FITZGERALD"]
GIVEN = ["Anne", "Robert", "Maria", "David", "Susan", "Thomas", "Laura", "James", "Helen", "Mark"]
TITLES = ["Ambassador", "DCM", "Charge d'Affaires", "Political Counselor", "A/DCM", "Economic Counselor",
          "PolOff", "Deputy Chief of Mission"]
SUBJECTS = ["MINISTER OUTLINES PRIORITIES FOR THE COMING YEAR", "PARLIAMENT DEBATES BUDGET REFORM",
            "TALKS ON BORDER SECURITY COOPERATION", "VIEWS ON REGIONAL ENERGY MARKETS",
            "OPPOSITION LEADER ON ELECTION PREPARATIONS", "CUSTOMS ENFORCEMENT AND EXPORT CONTROLS",
            "FOREIGN MINISTRY ON UPCOMING SUMMIT", "COUNTERNARCOTICS PROGRAM REVIEW"]
SENTENCES = [
    "The minister said the government would continue to press for progress on the agreement",
    "Officials noted that the talks had been constructive and that further meetings were planned for next month",
    "Embassy contacts expect parliament to consider the measure before the summer recess",
    "Several ministries have raised concerns about funding and implementation",
    "The deputy foreign minister stressed that the decision would be taken at cabinet level",
    "Opposition leaders told poloff they would not support the bill in its current form",
    "The central bank governor described the outlook for the coming year as cautiously positive",
    "Our interlocutor asked for U.S. views on the proposal before the regional meeting",
    "Customs officials described recent seizures and asked for additional training",
    "The ambassador urged the government to move quickly on the outstanding issues",
    "Press reporting on the visit has been largely positive",
    "We will continue to follow the issue closely and report further developments",
]
PRECEDENCE_WORD = {"O": "IMMEDIATE", "P": "PRIORITY", "R": ""}
LEVEL_SPACED = {"C": "C O N F I D E N T I A L", "S": "S E C R E T"}
FL4 = {"U": "ZNR UUUUU", "C": "ZNY CCCCC", "S": "ZNY SSSSS"}

ERAS = ["1975", "1985", "1998", "2006", "2009", "sbu", "noforn"]


def _sentence(rng: random.Random, upper: bool) -> str:
    text = rng.choice(SENTENCES) + "."
    return text.upper() if upper else text


def _body(rng: random.Random, upper: bool) -> str:
    return " ".join(_sentence(rng, upper) for _ in range(rng.randint(1, 4)))


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _plus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _dtg(prec: str, when: dt.datetime) -> str:
    return f"{prec} {when:%d%H%M}Z {when:%b}".upper() + f" {when:%y}"


def cable_name(index: int, seed: int = 0) -> str:
    """The WikiLeaks-style file name (YY + origin + serial) of cable ``index``."""
    spec = _spec(index, seed)
    return f"{spec['date']:%y}{spec['origin'].replace(' ', '')}{spec['serial']}.txt"


def _spec(index: int, seed: int) -> dict:
    rng = random.Random(seed * 1_000_003 + index)
    era = ERAS[index % len(ERAS)]
    ri, plad, origin, country = rng.choice(POSTS)
    spec = {"rng": rng, "era": era, "ri": ri, "plad": plad, "origin": origin, "country": country,
            "serial": 100 + (index * 7919 + seed) % 99000}
    ranges = {"1975": (dt.date(1975, 1, 1), dt.date(1975, 12, 31)),
              "1985": (dt.date(1983, 1, 1), dt.date(1994, 12, 31)),
              "1998": (dt.date(1996, 1, 1), dt.date(2002, 12, 31)),
              "2006": (dt.date(2004, 1, 1), dt.date(2008, 12, 31)),
              "2009": (dt.date(2009, 1, 1), dt.date(2010, 2, 15)),
              "sbu": (dt.date(2006, 1, 1), dt.date(2009, 12, 31)),
              "noforn": (dt.date(2006, 1, 1), dt.date(2009, 12, 31))}
    spec["date"] = _date(rng, *ranges[era])
    level = {"1975": rng.choice("UL"), "1985": rng.choice("CCS"), "1998": rng.choice("CCS"),
             "2006": rng.choice("CCSU"), "2009": rng.choice("CCS"), "sbu": "U", "noforn": "S"}[era]
    spec["level"] = level
    spec["sections"] = rng.randint(2, 4) if era == "2009" else 1
    return spec


def generate(index: int, seed: int = 0) -> str:
    """The text of synthetic cable ``index`` (deterministic for a given seed)."""
    spec = _spec(index, seed)
    rng, era, level = spec["rng"], spec["era"], spec["level"]
    date, origin, serial = spec["date"], spec["origin"], spec["serial"]
    upper = era in ("1975", "1985")
    acp127 = era in ("2006", "2009", "sbu", "noforn")
    when = dt.datetime.combine(date, dt.time(rng.randint(0, 23), rng.randint(0, 59)))
    prec = rng.choice("OPR") if acp127 else rng.choice("PR")
    to_prec = PRECEDENCE_WORD[prec]
    lines: list[str] = []

    # ---- header
    if acp127:
        lines.append(f"VZCZCXRO{rng.randint(0, 9999):04d}")
        ris = sorted(rng.sample(["RUEHAG", "RUEHBC", "RUEHDE", "RUEHGA", "RUEHHA", "RUEHMT", "RUEHQU"],
                                rng.randint(1, 4)))
        lines.append(f"{prec}{prec} " + " ".join(ris))
        section = "/01" if spec["sections"] > 1 else ""
        lines.append(f"DE {spec['ri']} #{serial % 10000:04d}{section} "
                     f"{when.timetuple().tm_yday:03d}{when:%H%M}")
        lines.append(f"{FL4[level]} ZZH")
    lines.append(_dtg(prec, when))
    lines.append(f"FM {spec['plad']}")
    if spec["plad"] == "SECSTATE WASHDC":
        targets = rng.sample(ADDRESSEES, 2)  # a Department cable: posts are the addressees
        lines.append(("TO " + (ADDRESSEE_RI[targets[0]] + "/" if acp127 else "") + targets[0]
                      + (" " + to_prec if to_prec else "") + f" {rng.randint(1, 9999):04d}"))
        info = targets[1:]
    else:
        lines.append(("TO " + ("RUEHC/" if acp127 else "") + "SECSTATE WASHDC"
                      + (" " + to_prec if to_prec else "") + f" {rng.randint(1, 9999):04d}"))
        info = rng.sample([a for a in ADDRESSEES if a != spec["plad"]], rng.randint(0, 2))
    for i, name in enumerate(info):
        lines.append(("INFO " if i == 0 else "") + (ADDRESSEE_RI[name] + "/" if acp127 else "") + name
                     + (" PRIORITY" if prec == "O" else ""))
    lines.append("")

    # ---- banner and captions
    section_text = f"SECTION 01 OF {spec['sections']:02d} " if spec["sections"] > 1 else ""
    word = {"U": "UNCLAS", "L": "LIMITED OFFICIAL USE"}.get(level) or LEVEL_SPACED[level]
    if era == "1975" and level == "U":
        word = "UNCLASSIFIED"
    lines.append(f"{word} {section_text}{origin} {serial:06d}")
    lines.append("")
    if acp127:
        lines += ["SIPDIS", ""]
    if era == "noforn":
        lines += ["NOFORN", ""]
    if era == "sbu":
        lines += ["SENSITIVE", ""]
    if rng.random() < 0.4 and origin != "STATE":
        lines += [f"DEPT FOR {rng.choice(['EUR', 'WHA', 'NEA', 'AF', 'EAP'])}/{rng.choice(['PPD', 'RSA', 'ECON'])}", ""]

    # ---- E.O. line, TAGS, SUBJECT, REF, Classified By
    decl_years = None
    if era == "1975":
        lines.append("E.O. 11652: N/A")
    elif era == "1985":
        lines.append("E.O. 12356: DECL: OADR")
    elif level in ("U", "L"):
        lines.append("E.O. 12958: N/A")
    else:
        decl_years = rng.randint(2, 10) if era == "1998" else rng.choice([5, 10, 10, 10, 20, 25])
        decl = _plus_years(date, decl_years)
        fmt = rng.choice(["%m/%d/%Y", "%m/%d/%y"]) if era == "1998" else "%m/%d/%Y"
        lines.append(f"E.O. 12958: DECL: {decl.strftime(fmt)}")
    tags = rng.sample(SUBJECT_TAGS, rng.randint(2, 4)) + ([spec["country"]] if spec["country"] else [])
    lines.append("TAGS: " + " ".join(tags))
    lines.append("SUBJECT: " + rng.choice(SUBJECTS))
    lines.append("")
    if rng.random() < 0.6:
        lines += [f"REF: {rng.choice(['STATE', origin])} {rng.randint(1, 999999)}", ""]

    classifier = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES).title()}, {rng.choice(TITLES)}"
    reasons = " and ".join(f"({c})" for c in sorted(rng.sample("bd" if rng.random() < 0.7 else "abcdeg", 2)))
    paragraphs: list[tuple[str | None, str]] = []  # (mark letter(s) or None, text)
    cb_paragraph = None
    if level in ("C", "S"):
        if era == "1998":
            line = f"Classified By: {classifier}. Reason 1.5 {reasons}."
            if rng.random() < 0.5:
                cb_paragraph = f"(U) CLASSIFIED BY {classifier.upper()}. REASON: 1.5 {reasons.upper()}."
            else:
                lines += [line, ""]
        elif era in ("2006", "2009", "noforn"):
            lines += [f"Classified By: {classifier}, reasons 1.4 {reasons}", ""]

    # ---- paragraphs
    count = rng.randint(2, 6) + (spec["sections"] - 1) * 2
    entire = era == "1985" and rng.random() < 0.5
    marks: list[str | None] = []
    for i in range(count):
        if era == "1975":
            marks.append(None)
        elif era == "sbu":
            marks.append(rng.choice(["SBU", "SBU", "U"]))
        elif era == "noforn":
            marks.append(rng.choice(["S/NF", "S/NF", "S", "C", "U"]))
        elif level in ("U", "L"):
            marks.append("U")
        else:
            marks.append(rng.choice([level, level, "U"] + (["C"] if level == "S" else [])))
    if era == "noforn":
        marks[0] = "S/NF"
    elif level in ("C", "S") and level not in marks:
        marks[rng.randrange(count)] = level
    number = 1
    if cb_paragraph:
        paragraphs.append(("cb", cb_paragraph))
    if entire:
        full = "CONFIDENTIAL" if level == "C" else "SECRET"
        paragraphs.append(("entire", f"{full} - ENTIRE TEXT."))
    for mark in marks:
        paragraphs.append((None if entire else mark, _body(rng, upper)))
    pilcrow = acp127 and rng.random() < 0.7
    boundaries = set()
    if spec["sections"] > 1:
        per = max(1, len(paragraphs) // spec["sections"])
        boundaries = {per * k for k in range(1, spec["sections"])}
    section_no = 1
    for i, (mark, text) in enumerate(paragraphs):
        if i in boundaries and section_no < spec["sections"]:
            section_no += 1
            lines += [f"{origin} {serial:08d} {section_no:03d} OF {spec['sections']:03d}", ""]
        lead = f"{'¶' if pilcrow else ''}{number}. "
        if mark in ("cb", "entire"):
            lines.append(lead + text)
        elif mark:
            lines.append(f"{lead}({mark}) {text}")
        else:
            lines.append(lead + text)
        lines.append("")
        number += 1
    signer = rng.choice(SURNAMES)
    lines.append(signer)
    return "\n".join(lines) + "\n"


def write_corpus(directory, n: int, seed: int = 0) -> list[str]:
    """Write ``n`` synthetic cables into ``directory`` (created if needed); return their paths."""
    os.makedirs(directory, exist_ok=True)
    paths = []
    for index in range(n):
        path = os.path.join(directory, f"{index:05d}_{cable_name(index, seed)}")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(generate(index, seed))
        paths.append(path)
    return paths


# ============================================================== mutations

_PARA = re.compile(r"^(¶?\d{1,3}\. )\((?P<mark>[A-Z/]+)\) ")
_BANNER = re.compile(r"^(C O N F I D E N T I A L|S E C R E T|UNCLAS|UNCLASSIFIED|LIMITED OFFICIAL USE) ")
_EO = re.compile(r"^E\.O\. (?P<order>\d{5}): (?P<rest>.*)$")
_DECL_DATE = re.compile(r"DECL: (?P<m>\d\d)/(?P<d>\d\d)/(?P<y>\d{2,4})$")
_CB = re.compile(r"^(?:¶?\d{1,3}\. \(U\) )?Classified By", re.I)
_DE = re.compile(r"^DE (?P<ri>R[A-Z]+) #(?P<ssn>\d{4})(?P<sec>/\d\d)? (?P<day>\d{3})(?P<time>\d{4})$")
_DTG = re.compile(r"^(?P<prec>[ZOPR]) (?P<day>\d\d)(?P<hhmm>\d{4})Z (?P<mon>[A-Z]{3}) (?P<yy>\d\d)$")
_CONT = re.compile(r"^(?P<post>[A-Z][A-Z ]*?) (?P<serial>\d{8}) (?P<sec>\d{3}) OF (?P<total>\d{3})$")
_SUBJECT = re.compile(r"^SUBJECT: ")
_SECTION = re.compile(r"SECTION (\d\d) OF (\d\d)")
_LEVEL_RANK = {"U": 0, "SBU": 0, "C": 1, "S": 2, "TS": 3}


class _Cable:
    """The lines of a generated cable with the facts mutations need."""

    def __init__(self, text: str):
        self.lines = text.split("\n")

    def find(self, pattern: re.Pattern) -> int | None:
        return next((i for i, line in enumerate(self.lines) if pattern.search(line)), None)

    def find_all(self, pattern: re.Pattern) -> list[int]:
        return [i for i, line in enumerate(self.lines) if pattern.search(line)]

    def level(self) -> str | None:
        index = self.find(_BANNER)
        if index is None:
            return None
        word = _BANNER.match(self.lines[index]).group(1).replace(" ", "")
        return {"CONFIDENTIAL": "C", "SECRET": "S"}.get(word, "U")

    def date(self) -> dt.date | None:
        index = self.find(_DTG)
        if index is None:
            return None
        m = _DTG.match(self.lines[index])
        return dt.datetime.strptime(f"{m['day']} {m['mon']} {m['yy']}", "%d %b %y").date()

    def captions(self) -> set[str]:
        return {line.strip() for line in self.lines[: self.find(_EO) or 0]}

    def text(self) -> str:
        return "\n".join(self.lines)


def _raise_portion(c: _Cable):
    level = c.level()
    paras = [i for i in c.find_all(_PARA) if "/" not in _PARA.match(c.lines[i])["mark"]]
    if level is None or not paras or c.date() is None or c.date().year < 1980:
        return None
    higher = {"U": "C", "C": "S", "S": "TS"}[level]
    i = paras[-1]
    c.lines[i] = _PARA.sub(lambda m: f"{m.group(1)}({higher}) ", c.lines[i], count=1)
    return "POR003", i + 1


def _drop_marking(c: _Cable):
    paras = c.find_all(_PARA)
    if len(paras) < 2 or c.date() is None or c.date() < dt.date(1995, 10, 14) or c.level() is None:
        return None
    if c.level() == "U" and "SENSITIVE" not in c.captions():
        return None
    i = paras[1]
    c.lines[i] = _PARA.sub(lambda m: m.group(1), c.lines[i], count=1)
    return "POR001", i + 1


def _banner_to_unclas(c: _Cable):
    level, b = c.level(), c.find(_BANNER)
    above = [i for i in c.find_all(_PARA) if _LEVEL_RANK.get(_PARA.match(c.lines[i])["mark"].split("/")[0], 0) > 0]
    if level not in ("C", "S") or not above:
        return None
    c.lines[b] = _BANNER.sub("UNCLAS ", c.lines[b], count=1)
    return "POR003", tuple(i + 1 for i in above) + (b + 1,)


def _decl(c: _Cable, new_date):
    i = c.find(_EO)
    if i is None or not _DECL_DATE.search(c.lines[i]) or c.date() is None:
        return None
    c.lines[i] = _DECL_DATE.sub("DECL: " + new_date(c.date()), c.lines[i])
    return i


def _decl_impossible(c: _Cable):
    i = _decl(c, lambda d: f"02/30/{d.year + 5}")
    return None if i is None else ("EO004", i + 1)


def _decl_past(c: _Cable):
    i = _decl(c, lambda d: (d - dt.timedelta(days=40)).strftime("%m/%d/%Y"))
    return None if i is None else ("EO004", i + 1)


def _decl_30_years(c: _Cable):
    i = _decl(c, lambda d: _plus_years(d, 30).strftime("%m/%d/%Y"))
    return None if i is None else ("EO005", i + 1)


def _remove_classified_by(c: _Cable):
    i = c.find(_CB)
    b = c.find(_BANNER)
    if i is None or b is None:
        return None
    if _PARA.match(c.lines[i]) or re.match(r"^¶?\d", c.lines[i]):
        return None  # the 1990s form is paragraph 1; removing it renumbers the text
    del c.lines[i: i + 2]
    return "CLB001", b + 1


def _reason_letter(c: _Cable, replacement: str, pattern=r"1\.[45] \([a-z]\)(?: and \([a-z]\))?"):
    i = c.find(_CB)
    if i is None or not re.search(pattern, c.lines[i], re.I):
        return None
    c.lines[i] = re.sub(pattern, replacement, c.lines[i], count=1, flags=re.I)
    return "CLB004", i + 1


def _reason_k(c: _Cable):
    section = "1.5" if re.search(r"1\.5", "\n".join(c.lines)) else "1.4"
    return _reason_letter(c, f"{section} (k)")


def _reason_section(c: _Cable):
    return _reason_letter(c, "1.2 (b) and (d)")


def _section_total(c: _Cable):
    b = c.find(_BANNER)
    m = _SECTION.search(c.lines[b]) if b is not None else None
    conts = c.find_all(_CONT)
    if not m or not conts:
        return None
    total = int(m.group(2))
    c.lines[b] = _SECTION.sub(f"SECTION {m.group(1)} OF {total + 1:02d}", c.lines[b], count=1)
    return "BAN004", (b + 1,) + tuple(i + 1 for i in conts)


def _continuation_serial(c: _Cable):
    conts = c.find_all(_CONT)
    if not conts:
        return None
    i = conts[-1]
    m = _CONT.match(c.lines[i])
    c.lines[i] = f"{m['post']} {int(m['serial']) + 1:08d} {m['sec']} OF {m['total']}"
    return "BAN004", (i + 1, c.find(_BANNER) + 1)


def _julian_day(c: _Cable):
    i = c.find(_DE)
    if i is None:
        return None
    m = _DE.match(c.lines[i])
    day = (int(m["day"]) + 10 - 1) % 365 + 1
    c.lines[i] = f"DE {m['ri']} #{m['ssn']}{m['sec'] or ''} {day:03d}{m['time']}"
    return "HDR005", i + 1


def _julian_invalid(c: _Cable):
    i = c.find(_DE)
    if i is None:
        return None
    m = _DE.match(c.lines[i])
    c.lines[i] = f"DE {m['ri']} #{m['ssn']}{m['sec'] or ''} 400{m['time']}"
    return "HDR004", i + 1


def _ssn(c: _Cable):
    i = c.find(_DE)
    if i is None:
        return None
    m = _DE.match(c.lines[i])
    c.lines[i] = f"DE {m['ri']} #{(int(m['ssn']) + 1) % 10000:04d}{m['sec'] or ''} {m['day']}{m['time']}"
    return "HDR006", i + 1


def _fl3_section(c: _Cable):
    i = c.find(_DE)
    if i is None or not _DE.match(c.lines[i])["sec"]:
        return None
    m = _DE.match(c.lines[i])
    c.lines[i] = f"DE {m['ri']} #{m['ssn']}/02 {m['day']}{m['time']}"
    return "HDR007", (i + 1, c.find(_BANNER) + 1)


def _security_letters(c: _Cable):
    i = c.find(re.compile(r"^ZN[RY] (CCCCC|SSSSS|UUUUU)"))
    if i is None:
        return None
    swap = {"CCCCC": "SSSSS", "SSSSS": "CCCCC", "UUUUU": "CCCCC"}
    letters = c.lines[i].split()[1]
    c.lines[i] = c.lines[i].replace(letters, swap[letters]).replace("ZNR", "ZNY")
    return "HDR008", (i + 1, c.find(_BANNER) + 1)


def _znr_classified(c: _Cable):
    i = c.find(re.compile(r"^ZNY (CCCCC|SSSSS)"))
    if i is None:
        return None
    c.lines[i] = c.lines[i].replace("ZNY", "ZNR")
    return "HDR008", i + 1


def _dtg_invalid(c: _Cable):
    i = c.find(_DTG)
    if i is None:
        return None
    m = _DTG.match(c.lines[i])
    c.lines[i] = f"{m['prec']} 32{m['hhmm']}Z {m['mon']} {m['yy']}"
    return "HDR009", i + 1


def _precedence(c: _Cable):
    i = c.find(re.compile(r"^(OO|PP|RR) R"))
    if i is None:
        return None
    other = {"OO": "ZZ", "PP": "RR", "RR": "PP"}[c.lines[i][:2]]
    c.lines[i] = other + c.lines[i][2:]
    return "HDR003", i + 1


def _add_noforn(c: _Cable):
    if c.level() not in ("C", "S") or "NOFORN" in c.captions():
        return None
    paras = [i for i in c.find_all(_PARA) if _PARA.match(c.lines[i])["mark"] in ("C", "S")]
    if not paras:
        return None
    i = paras[0]
    c.lines[i] = _PARA.sub(lambda m: f"{m.group(1)}({m['mark']}/NF) ", c.lines[i], count=1)
    return "CAP001", (i + 1, c.find(_BANNER) + 1)


def _rel_with_noforn(c: _Cable):
    paras = [i for i in c.find_all(_PARA) if _PARA.match(c.lines[i])["mark"].endswith("/NF")]
    if not paras:
        return None
    i = paras[0]
    c.lines[i] = _PARA.sub(lambda m: f"{m.group(1)}({m['mark']}/REL UK) ", c.lines[i], count=1)
    return "CAP002", i + 1


def _sbu_on_classified(c: _Cable):
    paras = [i for i in c.find_all(_PARA) if _PARA.match(c.lines[i])["mark"] in ("C", "S")]
    if not paras:
        return None
    i = paras[0]
    c.lines[i] = _PARA.sub(lambda m: f"{m.group(1)}({m['mark']}/SBU) ", c.lines[i], count=1)
    return "CAP003", i + 1


def _nodis_with_exdis(c: _Cable):
    b = c.find(_BANNER)
    if b is None or c.level() not in ("C", "S"):
        return None
    c.lines[b + 1: b + 1] = ["", "NODIS", "", "EXDIS"]
    return "CAP004", (b + 3, b + 5, b + 1)


def _sipdis_with_nodis(c: _Cable):
    s = c.find(re.compile(r"^SIPDIS$"))
    if s is None or c.date() is None or c.date() < dt.date(2006, 1, 1):
        return None
    c.lines[s + 1: s + 1] = ["", "NODIS"]
    return "CAP005", (s + 1, s + 3)


def _na_on_classified(c: _Cable):
    i = c.find(_EO)
    if i is None or c.level() not in ("C", "S") or "DECL" not in c.lines[i]:
        return None
    c.lines[i] = f"E.O. {_EO.match(c.lines[i])['order']}: N/A"
    return "EO003", i + 1


def _decl_on_unclas(c: _Cable):
    i = c.find(_EO)
    if i is None or c.level() != "U" or "N/A" not in c.lines[i] or c.date() is None or c.date().year < 1996:
        return None
    c.lines[i] = f"E.O. 12958: DECL: {_plus_years(c.date(), 10):%m/%d/%Y}"
    return "EO003", i + 1


def _future_order(c: _Cable):
    i = c.find(_EO)
    if i is None or c.date() is None or not (dt.date(1996, 1, 1) <= c.date() <= dt.date(2009, 6, 30)):
        return None
    c.lines[i] = c.lines[i].replace("E.O. 12958", "E.O. 13526", 1)
    return "EO002", i + 1


def _oadr_late(c: _Cable):
    i = _decl(c, lambda d: "OADR")
    if i is None or c.date() < dt.date(1997, 1, 1):
        return None
    c.lines[i] = re.sub(r"DECL: .*$", "DECL: OADR", c.lines[i])
    return "EO006", i + 1


def _subject_above_banner(c: _Cable):
    i, level = c.find(_SUBJECT), c.level()
    if i is None or level != "C" or c.date() is None or c.date().year < 1996:
        return None
    c.lines[i] = c.lines[i].replace("SUBJECT: ", "SUBJECT: (S) ", 1)
    return "POR003", i + 1


def _classified_by_on_unclas(c: _Cable):
    i = c.find(_SUBJECT)
    if i is None or c.level() != "U" or c.date() is None or c.date().year < 1996:
        return None
    c.lines[i + 1: i + 1] = ["", "Classified By: Anne Miller, Ambassador, reasons 1.4 (b) and (d)"]
    return "CLB005", i + 3


def _lou_after_1995(c: _Cable):
    b = c.find(_BANNER)
    if b is None or c.level() != "U" or c.date() is None or c.date() < dt.date(1996, 1, 1):
        return None
    c.lines[b] = _BANNER.sub("LIMITED OFFICIAL USE ", c.lines[b], count=1)
    return "BAN006", b + 1


def _missing_banner(c: _Cable):
    b = c.find(_BANNER)
    if b is None:
        return None
    del c.lines[b]
    # A missing element has no line of its own: line 1, or where the banner should have been.
    eo = c.find(_EO)
    return "BAN001", (1,) + tuple(range(b + 1, (eo if eo is not None else b) + 2))


MUTATIONS = {
    "raise-portion": _raise_portion,            # a paragraph marked above the banner
    "drop-marking": _drop_marking,              # a numbered paragraph without its mark
    "banner-to-unclas": _banner_to_unclas,      # classified portions under UNCLAS
    "decl-impossible-date": _decl_impossible,   # DECL: 02/30/yyyy
    "decl-before-cable": _decl_past,            # DECL date before the DTG
    "decl-30-years": _decl_30_years,            # DECL 30 years out
    "remove-classified-by": _remove_classified_by,
    "reason-letter-k": _reason_k,               # 1.4 (k)
    "reason-section-1.2": _reason_section,      # 1.2 (b) and (d)
    "section-total": _section_total,            # SECTION 01 OF 02 -> 01 OF 03
    "continuation-serial": _continuation_serial,
    "julian-day": _julian_day,                  # DE day-of-year off by 10
    "julian-day-invalid": _julian_invalid,      # DE day 400
    "ssn-mismatch": _ssn,                       # DE #SSN != serial mod 10000
    "fl3-section": _fl3_section,                # DE .../02 on SECTION 01
    "security-letters": _security_letters,      # CCCCC -> SSSSS
    "znr-classified": _znr_classified,          # ZNR on a classified cable
    "dtg-invalid": _dtg_invalid,                # day 32
    "precedence-digraph": _precedence,          # OO with an O DTG -> ZZ
    "add-noforn": _add_noforn,                  # (C) -> (C/NF) without NOFORN caption
    "rel-with-noforn": _rel_with_noforn,        # (S/NF/REL UK)
    "sbu-on-classified": _sbu_on_classified,    # (C/SBU)
    "nodis-with-exdis": _nodis_with_exdis,
    "sipdis-with-nodis": _sipdis_with_nodis,
    "na-on-classified": _na_on_classified,      # classified with E.O. 12958: N/A
    "decl-on-unclas": _decl_on_unclas,          # UNCLAS with a DECL date
    "future-order": _future_order,              # E.O. 13526 before it existed
    "oadr-late": _oadr_late,                    # DECL: OADR under E.O. 12958
    "subject-above-banner": _subject_above_banner,
    "classified-by-on-unclas": _classified_by_on_unclas,
    "lou-after-1995": _lou_after_1995,
    "missing-banner": _missing_banner,
}


def mutate(text: str, kind: str):
    """Inject violation ``kind`` into a correct cable: (text, expected code, expected line(s)) or None."""
    cable = _Cable(text)
    found = MUTATIONS[kind](cable)
    if found is None:
        return None
    code, line = found
    return cable.text(), code, line
