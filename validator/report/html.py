"""``cablelint report``: one self-contained HTML page about an archive, and its data as JSON.

The page has inline CSS, a little inline JavaScript (sorting and filtering the findings
list) and SVG charts drawn here; it loads nothing from the network, and every table is
readable without JavaScript. Sections: summary, findings by rule, errors by post and year
(heat map) and by year, the declassification calendar, the findings list, and the
documentation of every rule (the rule links of the page point there).

Scale: the run is streamed. Counters are kept in memory; the findings and per-file
records go to temporary files and from there into the JSON file (``report.json`` next to
the page), which holds everything. The page lists at most ``MAX_LISTED`` findings, errors
first, and says so when it shows fewer than there are; the heat map shows the
``HEATMAP_POSTS`` posts with the most errors and adds up the rest in one row.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import os
import sys
import tempfile
import time
from collections import Counter

from .. import __version__

MAX_LISTED = 5000  # findings listed on the page (errors first); report.json has them all
MAX_LIST_CHARS = 6_000_000  # ... and at most this much HTML of them (long paths or messages)
HEATMAP_POSTS = 40  # rows of the heat map; the other posts are added up in one row
SOURCE_CHARS = 200  # a source line longer than this is cut (with an ellipsis) on the page
JSON_SOURCE_CHARS = 1000  # ... and cut here in the JSON (a 4 MB one-line file must not repeat per finding)
# file-level problems (FIL), damaged copies (REC001: garbled banner, truncated, dropped header, spliced)
# and parser failures (INT002)
DAMAGE_PREFIXES = ("FIL", "REC", "INT")
NOT_DAMAGE = frozenset({"FIL006"})  # a UTF-8 byte-order mark does not damage a record
UNKNOWN = "(unknown)"
CLASSIFIED_LEVELS = ("CONFIDENTIAL", "SECRET", "TOP SECRET")
LEVEL_ORDER = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "LIMITED OFFICIAL USE", "UNCLASSIFIED")
SEVERITIES = ("error", "warning", "info")
# Why a classified cable has no computable declassification date, by DECL kind.
NO_DATE_REASONS = {
    None: "no E.O./DECL line",
    "date": "DECL date impossible",
    "oadr": "OADR (originating agency's determination required)",
    "na": "N/A on a classified cable",
    "exemption": "exemption (X1-X8, 25X, 50X)",
    "other": "other or unreadable DECL instruction",
}


def json_path_for(html_path: str) -> str:
    """``report.html`` -> ``report.json`` (``report`` -> ``report.json``)."""
    root, ext = os.path.splitext(html_path)
    return (root if ext.lower() in (".html", ".htm") else html_path) + ".json"


def _is_damage(d) -> bool:
    return (d.code.startswith(DAMAGE_PREFIXES) and d.code not in NOT_DAMAGE) or bool(getattr(d, "damage", False))


# --------------------------------------------------------------------------- collecting ----

class Collector:
    """Counts for the page, a bounded list of findings to show, everything else streamed to disk."""

    def __init__(self, as_of: _dt.date, max_listed: int = MAX_LISTED):
        self.as_of = as_of
        self.max_listed = max_listed
        self.files = 0
        self.unreadable: list[str] = []  # messages of files that could not be read (capped)
        self.unreadable_count = 0
        self.cables = 0  # parsed files that look like cables (facts computed)
        self.levels: Counter = Counter()  # banner level (or "no banner") -> cables
        self.severity: Counter = Counter()
        self.by_rule: Counter = Counter()
        self.rule_names: dict = {}
        self.rule_severities: dict = {}  # code -> Counter of severities reported
        self.files_with_error = 0
        self.damaged = 0
        self.damage_codes: Counter = Counter()  # code -> files
        self.heat: Counter = Counter()  # (post, year) -> error findings
        self.heat_year: Counter = Counter()  # year -> error findings
        self.due: Counter = Counter()  # (year, level) -> classified cables due that year
        self.past_due: Counter = Counter()  # level -> due on or before as_of
        self.future_due: Counter = Counter()  # level -> due after as_of
        self.no_date: Counter = Counter()  # (reason, level) -> classified cables
        self.not_classified = 0
        self.no_banner = 0
        self.listed: dict = {s: [] for s in SEVERITIES}
        # backslashreplace: an undecodable file name (a lone surrogate) must not abort the report
        self._files_json = tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace")
        self._findings_json = tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace")

    def close(self) -> None:
        self._files_json.close()
        self._findings_json.close()

    def add(self, result) -> None:
        self.files += 1
        facts = result.cable
        counts = Counter()
        if result.error:
            self.unreadable_count += 1
            if len(self.unreadable) < 100:
                self.unreadable.append(result.error)
        post = facts.post if facts and facts.post else None
        year = facts.year if facts else None
        damaged: set = set()
        lines = result.lines
        write = self._findings_json.write
        for d in result.diagnostics:
            sev = str(d.severity)
            counts[sev] += 1
            self.severity[sev] += 1
            self.by_rule[d.code] += 1
            self.rule_names[d.code] = d.name
            self.rule_severities.setdefault(d.code, Counter())[sev] += 1
            if _is_damage(d):
                damaged.add(d.code)
            if sev == "error":
                self.heat[(post or UNKNOWN, year)] += 1
                self.heat_year[year] += 1
            source = lines[d.span.line - 1] if lines and 0 < d.span.line <= len(lines) else ""
            row = (result.path, d.span.line, d.span.column, d.code, sev, d.message, source, post, year)
            listed = self.listed.get(sev)
            if listed is not None and len(listed) < self.max_listed:
                listed.append(row)
            write(json.dumps({
                "path": result.path, "line": d.span.line, "column": d.span.column,
                "end_line": d.span.end_line, "end_column": d.span.end_column, "code": d.code,
                "name": d.name, "severity": sev, "message": d.message, "suggestion": d.suggestion,
                "post": post, "year": year, "source": source[:JSON_SOURCE_CHARS],
            }, ensure_ascii=False) + "\n")
        if counts["error"]:
            self.files_with_error += 1
        if damaged:
            self.damaged += 1
            self.damage_codes.update(damaged)
        if facts is not None:
            self.cables += 1
            self._calendar(facts)
        self._files_json.write(json.dumps({
            "path": result.path, "cable_id": facts.cable_id if facts else None, "post": post, "year": year,
            "level": facts.level if facts else None, "decl_kind": facts.decl_kind if facts else None,
            "decl_date": facts.decl_date if facts else None, "errors": counts["error"],
            "warnings": counts["warning"], "infos": counts["info"], "damaged": bool(damaged),
            "error": result.error,
        }, ensure_ascii=False) + "\n")

    def _calendar(self, facts) -> None:
        level = facts.level
        self.levels[level or "no banner"] += 1
        if level is None:
            self.no_banner += 1
            return
        if level not in CLASSIFIED_LEVELS:
            self.not_classified += 1
            return
        if facts.decl_kind == "date" and facts.decl_date:
            day = _dt.date.fromisoformat(facts.decl_date)
            self.due[(day.year, level)] += 1
            (self.past_due if day <= self.as_of else self.future_due)[level] += 1
        else:
            reason = facts.decl_kind if facts.decl_kind in NO_DATE_REASONS else "other"
            self.no_date[(reason, level)] += 1

    # ------------------------------------------------------------------ derived data ----

    def listed_rows(self) -> list:
        """At most ``max_listed`` findings: errors first, then warnings, then infos (each in run order)."""
        rows: list = []
        for sev in SEVERITIES:
            rows.extend(self.listed[sev][: self.max_listed - len(rows)])
        return rows

    @property
    def total_findings(self) -> int:
        return sum(self.severity.values())

    def summary(self) -> dict:
        return {
            "files": self.files,
            "cables": self.cables,
            "unreadable_files": self.unreadable_count,
            "cables_by_level": {k: self.levels[k] for k in _level_keys(self.levels)},
            "findings_by_severity": {s: self.severity.get(s, 0) for s in SEVERITIES},
            "findings": self.total_findings,
            "files_with_error": self.files_with_error,
            "damaged_records": self.damaged,
            "damaged_records_by_rule": dict(sorted(self.damage_codes.items())),
            "damaged_records_definition": DAMAGED_DEFINITION,
        }

    def rules(self, catalog) -> list[dict]:
        names = {cls.code: cls.name for cls in catalog}
        out = []
        for code, count in sorted(self.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            sevs = self.rule_severities[code]
            out.append({"code": code, "name": self.rule_names.get(code) or names.get(code, ""), "count": count,
                        "severity": {s: sevs[s] for s in SEVERITIES if sevs[s]}})
        return out

    def calendar(self) -> dict:
        years = sorted({y for y, _ in self.due})
        return {
            "as_of": self.as_of.isoformat(),
            "levels": list(CLASSIFIED_LEVELS),
            "due_by_year": [{"year": y, **{lv: self.due[(y, lv)] for lv in CLASSIFIED_LEVELS}} for y in years],
            "past_due": {lv: self.past_due[lv] for lv in CLASSIFIED_LEVELS},
            "not_yet_due": {lv: self.future_due[lv] for lv in CLASSIFIED_LEVELS},
            "no_computable_date": [{"reason": NO_DATE_REASONS[r], "kind": r,
                                    **{lv: self.no_date[(r, lv)] for lv in CLASSIFIED_LEVELS}}
                                   for r in NO_DATE_REASONS if any(self.no_date[(r, lv)] for lv in CLASSIFIED_LEVELS)],
            "not_classified": self.not_classified,
            "no_banner": self.no_banner,
        }

    def heatmap(self) -> dict:
        return {
            "errors_by_post_and_year": [{"post": p, "year": y, "errors": n}
                                        for (p, y), n in sorted(self.heat.items(), key=_heat_key)],
            "errors_by_year": [{"year": y, "errors": n} for y, n in sorted(self.heat_year.items(), key=_year_key)],
        }

    def write_json(self, stream, meta: dict, catalog) -> None:
        """The full data: meta, summary, rules, heat map, calendar, then every file and finding."""
        head = {**meta, "summary": self.summary(), "rules": self.rules(catalog), "heatmap": self.heatmap(),
                "calendar": self.calendar(), "listed_on_page": min(self.total_findings, self.max_listed)}
        text = json.dumps(head, ensure_ascii=False, indent=1)
        stream.write(text[:-2] + ",\n")  # drop the closing "\n}" and go on with the long lists
        for key, temp in (("files", self._files_json), ("findings", self._findings_json)):
            stream.write(f' "{key}": [')
            temp.flush()
            temp.seek(0)
            first = True
            for line in temp:
                stream.write(("\n  " if first else ",\n  ") + line.rstrip("\n"))
                first = False
            stream.write("\n ]" + ("," if key == "files" else "") + "\n")
        stream.write("}\n")


DAMAGED_DEFINITION = ("files with a finding of a file-level rule (FIL001-FIL008: empty, whitespace-only, binary, "
                      "not UTF-8, UTF-16, not a cable, too large; not FIL006, a byte-order mark), of REC001 "
                      "(a copy damaged by its publisher: garbled banner, header cut or dropped, cables spliced) "
                      "or of INT002 (the parser failed on the file)")


def _level_keys(levels: Counter) -> list[str]:
    return [k for k in LEVEL_ORDER + ("no banner",) if levels.get(k)]


def _year_key(item) -> tuple:
    year = item[0]
    return (year is None, year or 0)


def _heat_key(item) -> tuple:
    (post, year), _n = item
    return (post == UNKNOWN, post, year is None, year or 0)


# --------------------------------------------------------------------------- rendering ----

def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


_CONTROL = {i: "\ufffd" for i in list(range(0, 9)) + list(range(11, 32)) + [127]}


def _source(text: str) -> str:
    text = text.translate(_CONTROL)
    if len(text) > SOURCE_CHARS:
        text = text[:SOURCE_CHARS] + "\u2026"
    return _e(text)


def _n(value: int) -> str:
    return f"{value:,}"


def _plural(value: int, noun: str) -> str:
    return f"{value:,} {noun}{'' if value == 1 else 's'}"


CSS = """
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg2:#f6f8fa;--err:#b42318;--warn:#9a6700;--info:#0969da}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0 auto;
 max-width:1320px;padding:16px 24px 48px}
h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid var(--line);
 padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.meta,.note{color:var(--muted)}.note{font-size:13px}
nav a{margin-right:14px}
a{color:#0550ae}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;
 vertical-align:top}th{background:var(--bg2);font-weight:600}td.num,th.num{text-align:right;
 font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:150px;background:var(--bg2)}
.card .v{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}.card .k{color:var(--muted);font-size:12px}
.sev-error{color:var(--err);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}
.sev-info{color:var(--info)}
tr.past td{background:#fff4f2}
#findings-table code.src{display:block;font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;
 overflow-wrap:anywhere;max-width:560px}
#findings-table td.loc{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
#findings-table.js th[data-key]{cursor:pointer}#findings-table.js th[data-key]:after{content:" \\2195";color:#999}
#filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0;padding:8px;background:var(--bg2);
 border:1px solid var(--line);border-radius:6px}
#filters label{font-size:13px}
.ruledoc{border-top:1px solid var(--line);padding:6px 0}.ruledoc pre{white-space:pre-wrap;background:var(--bg2);
 padding:8px;margin:4px 0;font-size:12.5px}
svg text{font:11px system-ui,sans-serif}
.scroll{overflow-x:auto}
"""

JS = """
(function(){
var table=document.getElementById('findings-table');if(!table)return;
var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),form=document.getElementById('filters');
var shown=document.getElementById('shown-count'),keys=['rule','post','year','sev'];
form.hidden=false;table.className='js';
function val(k){return document.getElementById('f-'+k).value}
function apply(){var n=0,v={};keys.forEach(function(k){v[k]=val(k)});
 rows.forEach(function(r){var ok=keys.every(function(k){return !v[k]||r.getAttribute('data-'+k)===v[k]});
  r.hidden=!ok;if(ok)n++});shown.textContent=n.toLocaleString('en-US');}
keys.forEach(function(k){document.getElementById('f-'+k).addEventListener('change',apply)});
document.getElementById('f-reset').addEventListener('click',function(){keys.forEach(function(k){
 document.getElementById('f-'+k).value=''});apply()});
var sortKey=null,dir=1;
function cmp(k){return function(a,b){var x=a.getAttribute('data-'+k),y=b.getAttribute('data-'+k);
 if(k==='line'||k==='year'||k==='sevrank'){x=x===''?-1:+x;y=y===''?-1:+y;return (x-y)*dir}
 return (x<y?-1:x>y?1:0)*dir}}
function sortBy(k,d){sortKey=k;dir=d;var tie=cmp('order'),c=cmp(k);
 rows.sort(function(a,b){return c(a,b)||tie(a,b)*dir});
 var frag=document.createDocumentFragment();rows.forEach(function(r){frag.appendChild(r)});body.appendChild(frag)}
Array.prototype.forEach.call(table.tHead.querySelectorAll('th[data-key]'),function(th){
 function sort(){var k=th.getAttribute('data-key');sortBy(k,sortKey===k?-dir:1)}
 th.tabIndex=0;th.title='sort';th.addEventListener('click',sort);
 th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sort()}})});
var m=/^#findings\\?(.*)$/.exec(location.hash);
if(m){m[1].split('&').forEach(function(p){var kv=p.split('='),v='';try{v=decodeURIComponent(kv[1]||'')}catch(e){}
 var el=document.getElementById('f-'+kv[0]);if(el)el.value=v;
 if(kv[0]==='sort'){var k=v.replace(/^-/,'');if(table.tHead.querySelector('th[data-key="'+k+'"]'))
  sortBy(k,v.charAt(0)==='-'?-1:1)}});apply();}
})();
"""


def _heat_level(count: int, top: int) -> float:
    """0..1 on a logarithmic scale (a few errors stay visible next to thousands)."""
    import math

    return math.log1p(count) / math.log1p(max(top, 1))


def _heat_color(count: int, top: int) -> str:
    """Light to dark red."""
    if count <= 0:
        return "#f6f8fa"
    t = _heat_level(count, top)
    lo, hi = (254, 229, 217), (153, 0, 13)
    r, g, b = (round(lo[i] + (hi[i] - lo[i]) * t) for i in range(3))
    return f"#{r:02x}{g:02x}{b:02x}"


def _short(count: int) -> str:
    if count < 1000:
        return str(count)
    if count < 10000:
        return f"{count / 1000:.1f}k".replace(".0k", "k")
    return f"{count // 1000}k"


def _heatmap_svg(heat: Counter, max_posts: int = HEATMAP_POSTS) -> str:
    if not heat:
        return '<p class="note">No error findings: nothing to map.</p>'
    per_post: Counter = Counter()
    for (post, _year), n in heat.items():
        per_post[post] += n
    posts = [p for p, _ in sorted(per_post.items(), key=lambda kv: (-kv[1], kv[0]))]
    shown, rest = posts[:max_posts], posts[max_posts:]
    known_years = sorted({y for _p, y in heat if y is not None})
    years: list = list(range(known_years[0], known_years[-1] + 1)) if known_years else []
    if any(y is None for _p, y in heat):
        years.append(None)
    grid: Counter = Counter()
    rest_label = f"other posts ({len(rest)})"
    for (post, year), n in heat.items():
        grid[(post if post in shown else rest_label, year)] += n
    rows = shown + ([rest_label] if rest else [])
    top = max(grid.values())
    cw, ch, left, head = 26, 18, 130, 34
    width = left + cw * len(years) + 60
    height = head + ch * len(rows) + 8
    out = [f'<svg id="heatmap-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="Error findings by post and year">']
    for j, year in enumerate(years):
        x = left + j * cw + cw / 2
        label = "?" if year is None else (str(year) if len(years) <= 20 or j % 2 == 0 else "")
        if label:
            out.append(f'<text x="{x:.0f}" y="{head - 8}" text-anchor="middle" '
                       f'transform="rotate(-45 {x:.0f} {head - 8})">{label}</text>')
    for i, post in enumerate(rows):
        y = head + i * ch
        total = sum(grid[(post, yr)] for yr in years)
        out.append(f'<text x="{left - 6}" y="{y + ch - 5}" text-anchor="end">{_e(post)}</text>')
        for j, year in enumerate(years):
            n = grid.get((post, year), 0)
            x = left + j * cw
            year_text = "unknown year" if year is None else str(year)
            out.append(f'<rect x="{x}" y="{y}" width="{cw - 1}" height="{ch - 1}" fill="{_heat_color(n, top)}"'
                       + (f' class="cell" data-post="{_e(post)}" data-year="{year if year is not None else ""}" '
                          f'data-count="{n}"><title>{_e(post)}, {year_text}: {_n(n)} error'
                          f'{"s" if n != 1 else ""}</title></rect>' if n else "/>"))
            if n:
                color = "#fff" if _heat_level(n, top) > 0.5 else "#1b1f24"
                out.append(f'<text x="{x + cw / 2 - 0.5:.1f}" y="{y + ch - 5}" text-anchor="middle" '
                           f'fill="{color}" font-size="10">{_short(n)}</text>')
        out.append(f'<text x="{left + cw * len(years) + 6}" y="{y + ch - 5}" fill="#57606a">{_short(total)}</text>')
    out.append("</svg>")
    note = (f'<p class="note">{len(posts)} posts have errors; the {len(shown)} with the most are shown, the other '
            f'{len(rest)} are added up in the last row.</p>' if rest else "")
    return "".join(out) + note


def _year_bars_svg(heat_year: Counter) -> str:
    if not heat_year:
        return ""
    items = sorted(heat_year.items(), key=_year_key)
    known = [y for y, _ in items if y is not None]
    years: list = list(range(known[0], known[-1] + 1)) if known else []
    if heat_year.get(None):
        years.append(None)
    top = max(heat_year.values())
    bw, h, base, left = 24, 140, 170, 50
    width = left + bw * len(years) + 20
    out = [f'<svg id="years-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{base + 40}" '
           f'viewBox="0 0 {width} {base + 40}" role="img" aria-label="Error findings by year">',
           f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#8c959f"/>']
    for j, year in enumerate(years):
        n = heat_year.get(year, 0)
        x = left + j * bw
        bar = round(h * n / top) if n else 0
        if n:
            out.append(f'<rect class="bar" x="{x + 2}" y="{base - bar}" width="{bw - 4}" height="{bar}" '
                       f'fill="#b42318" data-year="{"" if year is None else year}" data-count="{n}">'
                       f'<title>{"unknown year" if year is None else year}: {_n(n)} errors</title></rect>')
            out.append(f'<text x="{x + bw / 2:.0f}" y="{base - bar - 3}" text-anchor="middle" '
                       f'font-size="10">{_short(n)}</text>')
        label = "?" if year is None else str(year)
        out.append(f'<text x="{x + bw / 2:.0f}" y="{base + 14}" text-anchor="end" font-size="10" '
                   f'transform="rotate(-45 {x + bw / 2:.0f} {base + 14})">{label}</text>')
    out.append("</svg>")
    return "".join(out)


def render(c: Collector, meta: dict, catalog, json_name: str) -> str:
    s = c.summary()
    p: list[str] = []
    add = p.append
    add('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>cablelint report: {_n(c.files)} files</title><style>{CSS}</style></head><body>')
    add('<header><h1>cablelint report</h1>'
        f'<p class="meta">{_n(c.files)} files in {", ".join(_e(x) for x in meta["paths"])} &middot; '
        f'generated {_e(meta["generated"])} by cablelint {_e(meta["version"])} &middot; '
        f'declassification as of {_e(meta["as_of"])} &middot; full data: <a href="{_e(json_name)}">'
        f'{_e(json_name)}</a></p>'
        '<nav><a href="#summary">Summary</a><a href="#rules">Findings by rule</a><a href="#heatmap">Errors by post '
        'and year</a><a href="#calendar">Declassification calendar</a><a href="#findings">Findings</a>'
        '<a href="#rule-docs">Rules</a></nav></header>')

    # ---- summary
    def card(key: str, label: str, value: int, cls: str = "") -> str:
        return (f'<div class="card"><div class="v{(" " + cls) if cls else ""}" id="count-{key}">{_n(value)}</div>'
                f'<div class="k">{label}</div></div>')

    add('<section id="summary"><h2>Summary</h2><div class="cards">')
    add(card("files", "files checked", c.files))
    add(card("cables", "cables parsed", c.cables))
    add(card("findings", "findings", c.total_findings))
    for sev in SEVERITIES:
        add(card(sev, f"{sev}s", c.severity.get(sev, 0), f"sev-{sev}"))
    add(card("files-with-error", "files with an error", c.files_with_error))
    add(card("damaged", "damaged records", c.damaged))
    add(card("unreadable", "files not readable", c.unreadable_count))
    add('</div>')
    add('<h3>Cables by banner level</h3><table id="levels"><thead><tr><th>Level</th><th class="num">Cables</th>'
        '</tr></thead><tbody>')
    for key, n in s["cables_by_level"].items():
        add(f'<tr><td>{_e(key)}</td><td class="num" data-level="{_e(key)}">{_n(n)}</td></tr>')
    add(f'</tbody><tfoot><tr><th>total</th><th class="num">{_n(c.cables)}</th></tr></tfoot></table>')
    add(f'<p class="note"><b>Files with an error</b>: files with at least one finding of severity error. '
        f'<b>Damaged records</b>: {_e(DAMAGED_DEFINITION)}.')
    if c.damage_codes:
        add(" By rule: " + ", ".join(f'<a href="#rule-{_e(k)}">{_e(k)}</a> {_n(v)}'
                                     for k, v in sorted(c.damage_codes.items())) + ".")
    add(f' <b>Cables parsed</b>: files read and recognised as cables (the others are empty, binary, not a cable or '
        f'not readable).</p>')
    if c.unreadable:
        add('<h3>Files that could not be read</h3><ul>' + "".join(f"<li>{_e(m)}</li>" for m in c.unreadable)
            + "</ul>" + (f'<p class="note">First {len(c.unreadable)} of {_n(c.unreadable_count)}; all in '
                         f'{_e(json_name)}.</p>' if c.unreadable_count > len(c.unreadable) else ""))
    add('</section>')

    # ---- findings by rule
    add('<section id="rules"><h2>Findings by rule</h2>')
    rules = c.rules(catalog)
    if rules:
        add('<table id="rules-table"><thead><tr><th>Rule</th><th>Name</th><th>Severity</th>'
            '<th class="num">Findings</th></tr></thead><tbody>')
        for r in rules:
            sev = ", ".join(f'<span class="sev-{k}">{k}</span>' + (f" {_n(v)}" if len(r["severity"]) > 1 else "")
                            for k, v in r["severity"].items())
            add(f'<tr data-rule="{_e(r["code"])}"><td><a href="#rule-{_e(r["code"])}">{_e(r["code"])}</a></td>'
                f'<td>{_e(r["name"])}</td><td>{sev}</td><td class="num">{_n(r["count"])}</td></tr>')
        add(f'</tbody><tfoot><tr><th colspan="3">total</th><th class="num">{_n(c.total_findings)}</th></tr>'
            '</tfoot></table>')
    else:
        add('<p>No findings.</p>')
    add('</section>')

    # ---- heat map
    add('<section id="heatmap"><h2>Errors by post and year</h2><p class="note">Error findings counted by the post '
        'and year of the cable id (year from the date-time group, else from the file name); "(unknown)" and "?" '
        'hold files without them. Hover a cell for its count.</p>')
    add(f'<div class="scroll">{_heatmap_svg(c.heat)}</div>')
    if c.heat_year:
        add(f'<h3>Errors by year</h3><div class="scroll">{_year_bars_svg(c.heat_year)}</div>')
    add('</section>')

    # ---- declassification calendar
    cal = c.calendar()
    levels = cal["levels"]
    head = "".join(f'<th class="num">{lv}</th>' for lv in levels) + '<th class="num">total</th>'

    def cells(values: dict, key: str) -> str:
        total = sum(values[lv] for lv in levels)
        return ("".join(f'<td class="num" data-{key}="{_e(lv)}">{_n(values[lv])}</td>' for lv in levels)
                + f'<td class="num" data-{key}="total">{_n(total)}</td>')

    add(f'<section id="calendar"><h2>Declassification calendar</h2><p class="note">Classified cables '
        f'(CONFIDENTIAL, SECRET, TOP SECRET banners) by the date of their DECL instruction, as of '
        f'{_e(cal["as_of"])} (<code>--as-of</code>). A cable is past due when its date is on or before that day '
        f'(as rule EO007 counts). Not scheduled: {_plural(cal["not_classified"], "unclassified or LOU cable")}, '
        f'{_plural(cal["no_banner"], "cable")} without a banner.</p>')
    add(f'<table id="calendar-status"><thead><tr><th>Status</th>{head}</tr></thead><tbody>'
        f'<tr class="past"><td>past due (on or before {_e(cal["as_of"])})</td>{cells(cal["past_due"], "past")}</tr>'
        f'<tr><td>not yet due</td>{cells(cal["not_yet_due"], "future")}</tr>')
    no_date_total = Counter()
    for row in cal["no_computable_date"]:
        for lv in levels:
            no_date_total[lv] += row[lv]
    add(f'<tr><td>no computable date</td>{cells(no_date_total, "nodate")}</tr>')
    for row in cal["no_computable_date"]:
        add(f'<tr><td>&nbsp;&nbsp;&ndash; {_e(row["reason"])}</td>{cells(row, "reason-" + str(row["kind"]))}</tr>')
    add('</tbody></table>')
    if cal["due_by_year"]:
        add(f'<h3>Falling due per year</h3><table id="calendar-years"><thead><tr><th>Year</th>{head}</tr></thead>'
            '<tbody>')
        as_of_year = c.as_of.year
        for row in cal["due_by_year"]:
            tag = ' class="past"' if row["year"] < as_of_year else ""
            add(f'<tr{tag} data-year="{row["year"]}"><td>{row["year"]}'
                f'{" (past)" if row["year"] < as_of_year else ""}</td>{cells(row, "due")}</tr>')
        add('</tbody></table>')
    add('</section>')

    # ---- findings list
    listed = c.listed_rows()
    total = c.total_findings
    rank = {"error": 3, "warning": 2, "info": 1}
    rows: list[str] = []
    size = 0
    for i, (path, line, col, code, sev, message, source, post, year) in enumerate(listed):
        row = (f'<tr data-order="{i:07d}" data-path="{_e(path)}" data-line="{line}" data-rule="{_e(code)}" '
               f'data-sev="{sev}" data-sevrank="{rank[sev]}" data-post="{_e(post or "")}" '
               f'data-year="{"" if year is None else year}">'
               f'<td class="loc">{_e(path)}:{line}:{col}</td><td><a href="#rule-{_e(code)}">{_e(code)}</a></td>'
               f'<td class="sev-{sev}">{sev}</td><td>{_e(post or "")}</td><td>{"" if year is None else year}</td>'
               f'<td>{_e(message)}<br><code class="src">{_source(source)}</code></td></tr>')
        size += len(row)
        if size > MAX_LIST_CHARS:  # very long paths or messages: the page stays small all the same
            break
        rows.append(row)
    listed = listed[: len(rows)]
    add('<section id="findings"><h2>Findings</h2>')
    if total > len(listed):
        add(f'<p class="note" id="cap-note"><b>{_n(len(listed))} of {_n(total)} findings are listed</b> (at most '
            f'{_n(c.max_listed)}, errors first); every finding is in <a href="{_e(json_name)}">{_e(json_name)}</a>.'
            '</p>')
    if listed:
        def options(key: str, values) -> str:
            return (f'<label>{key} <select id="f-{key if key != "severity" else "sev"}"><option value="">all'
                    '</option>' + "".join(f'<option value="{_e(v)}">{_e(v if v != "" else UNKNOWN)}</option>'
                                          for v in values) + '</select></label>')

        rule_values = sorted({r[3] for r in listed})
        post_values = sorted({r[7] or "" for r in listed})
        year_values = sorted({"" if r[8] is None else str(r[8]) for r in listed})
        sev_values = [s for s in SEVERITIES if any(r[4] == s for r in listed)]
        add('<form id="filters" hidden onsubmit="return false">' + options("rule", rule_values)
            + options("post", post_values) + options("year", year_values) + options("severity", sev_values)
            + f'<button type="button" id="f-reset">show all</button><span><span id="shown-count">'
              f'{_n(len(listed))}</span> shown</span></form>')
        add('<table id="findings-table"><thead><tr><th data-key="path">Location</th><th data-key="rule">Rule</th>'
            '<th data-key="sevrank">Severity</th><th data-key="post">Post</th><th data-key="year">Year</th>'
            '<th>Message and source line</th></tr></thead><tbody>')
        p.extend(rows)
        add('</tbody></table>')
    else:
        add('<p>No findings.</p>')
    add('</section>')

    # ---- rule documentation
    add('<section id="rule-docs"><h2>Rules</h2><p class="note">Every registered rule; <code>cablelint rule CODE'
        '</code> prints the same text.</p>')
    for cls in catalog:
        count = c.by_rule.get(cls.code, 0)
        add(f'<div class="ruledoc" id="rule-{_e(cls.code)}"><h3>{_e(cls.code)} {_e(cls.name)} '
            f'<span class="sev-{cls.severity}">{cls.severity}</span>'
            f'{"" if cls.default_enabled else " (off by default)"}'
            f'{f" &middot; {_n(count)} finding" + ("s" if count != 1 else "") if count else ""}</h3>'
            f'<p>{_e(cls.summary)}</p><pre>{_e(cls.doc())}</pre>'
            + (f'<p class="note">Source: {_e(cls.source)}</p>' if cls.source else "") + '</div>')
    add('</section>')
    add(f'<script>{JS}</script></body></html>\n')
    return "".join(p)


# --------------------------------------------------------------------------- the command ----

def run_report(options, output: str) -> int:
    """``cablelint report``: check like ``check``, then write the page and ``report.json`` beside it."""
    from ..atomic import atomic_write
    from ..config import Resolver
    from ..engine.registry import RunContext, all_rules
    from ..linter import EXIT_CLEAN, EXIT_ERROR, iterate, start_progress

    started = time.monotonic()
    as_of = RunContext(options.as_of).today()
    json_out = json_path_for(output)
    if output.lower().endswith(".json"):
        from ..linter import UsageError

        raise UsageError(f"the report file {output!r} must not end in .json (the data goes to a .json beside it)")
    resolver = Resolver(options.config, options.isolated)
    progress = start_progress(options)
    collector = Collector(as_of)
    io_error = False
    try:
        results = iterate(options, resolver, progress=progress)
        if progress is not None:
            results = progress.wrap(results, lambda item: bool(item[1].error))
        for _target, result, _rules in results:
            if result.error:
                print(f"cablelint: error: {result.error}", file=sys.stderr)
                io_error = True
            collector.add(result)
        catalog = all_rules()
        meta = {"tool": "cablelint", "version": __version__,
                "generated": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "as_of": as_of.isoformat(), "paths": list(options.paths), "max_listed": collector.max_listed}
        with atomic_write(json_out) as stream:
            collector.write_json(stream, meta, catalog)
        page = render(collector, meta, catalog, os.path.basename(json_out))
        with atomic_write(output) as stream:
            stream.write(page)
    finally:
        collector.close()
    size = os.path.getsize(output)
    print(f"Wrote {output} ({size / 1e6:.1f} MB) and {json_out}: {collector.files:,} files, "
          f"{collector.total_findings:,} findings ({collector.severity.get('error', 0):,} errors) "
          f"in {time.monotonic() - started:.1f} s.", file=sys.stderr)
    return EXIT_ERROR if io_error else EXIT_CLEAN


__all__ = ["Collector", "MAX_LISTED", "HEATMAP_POSTS", "json_path_for", "render", "run_report"]
