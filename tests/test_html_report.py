"""``cablelint report``: the HTML page and its JSON data, checked against ``cablelint check``.

The archive is built in a temporary directory: synthetic cables from tests/cablegen.py
(several posts, years and levels), some with an injected marking error, the hand-written
fixtures faulty.txt and special.txt (characters the page must escape) and an empty file
(a damaged record). The browser test renders the page in headless Chromium and compares
the numbers a reader sees with ``check --output-format json`` on the same files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import cablegen
from lint_helpers import CABLES

AS_OF = "2015-01-01"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def build_archive(directory: Path, count: int = 40) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    kinds = sorted(cablegen.MUTATIONS)
    for index in range(count):
        text = cablegen.generate(index, seed=7)
        if index % 3 == 0:
            mutated = cablegen.mutate(text, kinds[index % len(kinds)])
            text = mutated[0] if mutated else text
        (directory / f"{index:03d}_{cablegen.cable_name(index, seed=7)}").write_text(text, encoding="utf-8")
    for name in ("faulty.txt", "special.txt"):
        shutil.copy(CABLES / name, directory / name)
    (directory / "empty.txt").write_bytes(b"")
    return directory


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("report") / "cables")


def cli(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "validator", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def rendered(archive):
    """(check findings, report JSON, report HTML, output directory) for the archive."""
    out = archive.parent / "out"
    out.mkdir(exist_ok=True)
    check = cli("check", "--isolated", "--as-of", AS_OF, "--output-format", "json", "cables", cwd=archive.parent)
    assert check.returncode == 1, check.stderr
    report = cli("report", "--isolated", "--as-of", AS_OF, "-o", "out/report.html", "cables", cwd=archive.parent)
    assert report.returncode == 0, report.stderr
    assert report.stdout == "" and "Wrote out/report.html" in report.stderr
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return json.loads(check.stdout), data, (out / "report.html").read_text(encoding="utf-8"), out


def test_report_json_agrees_with_check(rendered, archive):
    findings, data, _page, _out = rendered
    files = len(list(archive.iterdir()))
    assert data["summary"]["files"] == files == len(data["files"])
    assert data["summary"]["findings_by_severity"] == {s: sum(f["severity"] == s for f in findings)
                                                       for s in ("error", "warning", "info")}
    assert {r["code"]: r["count"] for r in data["rules"]} == Counter(f["code"] for f in findings)
    key = lambda f: (f["path"], f["line"], f["column"], f["code"], f["message"])  # noqa: E731
    assert sorted(map(key, data["findings"])) == sorted(map(key, findings))
    assert data["summary"]["files_with_error"] == len({f["path"] for f in findings if f["severity"] == "error"})
    # empty.txt (FIL001) is the one damaged record
    assert data["summary"]["damaged_records"] == 1 and data["summary"]["damaged_records_by_rule"] == {"FIL001": 1}
    errors = sum(f["severity"] == "error" for f in findings)
    assert sum(c["errors"] for c in data["heatmap"]["errors_by_post_and_year"]) == errors
    assert sum(c["errors"] for c in data["heatmap"]["errors_by_year"]) == errors


def test_calendar_counts_classified_cables_by_decl_date(rendered):
    _findings, data, _page, _out = rendered
    cal, levels = data["calendar"], ("CONFIDENTIAL", "SECRET", "TOP SECRET")
    files = [f for f in data["files"] if f["level"] in levels]
    dated = [f for f in files if f["decl_kind"] == "date" and f["decl_date"]]
    past = Counter(f["level"] for f in dated if f["decl_date"] <= AS_OF)
    assert cal["past_due"] == {lv: past[lv] for lv in levels}
    assert sum(sum(r[lv] for lv in levels) for r in cal["due_by_year"]) == len(dated)
    no_date = sum(sum(r[lv] for lv in levels) for r in cal["no_computable_date"])
    assert no_date == len(files) - len(dated) and no_date > 0
    assert cal["not_classified"] == sum(f["level"] in ("UNCLASSIFIED", "LIMITED OFFICIAL USE") for f in data["files"])
    assert {f["post"] for f in data["files"] if f["post"]} >= {"STATE", "OTTAWA"} and len(cal["due_by_year"]) > 3


def test_page_is_self_contained_and_escapes_source_lines(rendered):
    _findings, _data, page, _out = rendered
    assert "<link" not in page and not re.search(r"\bsrc\s*=", page) and "@import" not in page
    assert not re.search(r"(?:href|src|url)\s*[=(]\s*[\"']?(?:https?:)?//", page)  # nothing to fetch
    # special.txt's line 7 (a CAP001 error) holds <angle> & quotes: shown escaped, never as markup
    assert "&lt;angle&gt; &amp; ampersand" in page and "<angle>" not in page
    assert "&lt;ITEMS&gt;" in page and "<ITEMS>" not in page


def test_rule_links_point_to_sections_of_the_page(rendered):
    findings, _data, page, _out = rendered
    anchors = set(re.findall(r'id="rule-([A-Z]+\d+)"', page))
    assert set(re.findall(r'href="#rule-([A-Z]+\d+)"', page)) <= anchors
    assert {f["code"] for f in findings} <= anchors


def test_listed_findings_are_capped_with_a_note_and_errors_first(archive, tmp_path, monkeypatch):
    from validator.engine.registry import all_rules
    from validator.linter import Options, iterate
    from validator.report import html
    from validator.report.html import Collector, render

    import datetime as dt

    collector = Collector(dt.date(2015, 1, 1), max_listed=5)
    try:
        for _t, result, _r in iterate(Options(paths=(str(archive),), isolated=True)):
            collector.add(result)
        page = render(collector, {"paths": ["x"], "generated": "now", "version": "0", "as_of": "2015-01-01"},
                      all_rules(), "report.json")
    finally:
        collector.close()
    rows = re.findall(r'<tr data-order="\d+"[^>]*data-sev="(\w+)"', page)
    assert len(rows) == 5 and rows == sorted(rows, key=["error", "warning", "info"].index)
    assert f"5 of {collector.total_findings:,} findings are listed" in page
    # and a character budget keeps the page small whatever the paths and messages are
    monkeypatch.setattr(html, "MAX_LIST_CHARS", 1500)
    page = render(collector, {"paths": ["x"], "generated": "now", "version": "0", "as_of": "2015-01-01"},
                  all_rules(), "report.json")
    rows = re.findall(r'<tr data-order="\d+"', page)
    assert 1 <= len(rows) < 5 and f"{len(rows)} of {collector.total_findings:,} findings are listed" in page


def test_heat_map_adds_up_the_posts_beyond_the_cap():
    from validator.report.html import _heatmap_svg

    heat = Counter({(f"POST{i:02d}", 2000 + i % 5): i + 1 for i in range(50)})
    svg = _heatmap_svg(heat, max_posts=10)
    counts = [int(n) for n in re.findall(r'data-count="(\d+)"', svg)]
    assert sum(counts) == sum(heat.values())
    assert "other posts (40)" in svg and "POST49" in svg and "POST00" not in svg


def test_json_path_is_beside_the_page_and_a_json_page_is_refused(tmp_path):
    from validator.report.html import json_path_for

    assert json_path_for("out/report.html") == "out/report.json"
    assert json_path_for("report") == "report.json"
    result = cli("report", "--isolated", "-o", "r.json", str(CABLES), cwd=tmp_path)
    assert result.returncode == 2 and "must not end in .json" in result.stderr


# ---- the page in a real browser -----------------------------------------------------------------

class Dom(HTMLParser):
    """What the test reads from the rendered DOM: texts by id, findings rows, rule rows, heat cells."""

    def __init__(self):
        super().__init__()
        self.by_id: dict = {}
        self.rows: list = []  # attributes of each findings row
        self.rule_rows: dict = {}  # code -> count text
        self.cells: list = []
        self.data_cells: dict = {}  # (data attribute, value) of a table cell -> its text
        self._stack: list = []  # (tag, id) being read
        self._cell = None
        self._rule = None
        self._td = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-order" in a:
            self.rows.append(a)
        if tag == "tr" and "data-rule" in a and "data-order" not in a:
            self._rule, self._td = a["data-rule"], 0
        if tag == "td" and self._rule:
            self._td += 1
        if tag == "td":
            self._cell = next(((k, v) for k, v in a.items() if k.startswith("data-")), None)
            if self._cell:
                self.data_cells[self._cell] = ""
        if tag == "rect" and a.get("class") == "cell":
            self.cells.append(a)
        if "id" in a:
            self._stack.append((tag, a["id"]))
            self.by_id[a["id"]] = ""

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1][0] == tag:
            self._stack.pop()
        if tag == "tr":
            self._rule = None
        if tag == "td":
            self._cell = None

    def handle_data(self, data):
        if self._cell:
            self.data_cells[self._cell] += data
        for _tag, ident in self._stack:
            self.by_id[ident] += data
        if self._rule and self._td == 4:
            self.rule_rows[self._rule] = self.rule_rows.get(self._rule, "") + data


def chromium(*args, url: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="cablelint-chromium-") as profile:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                               "--no-first-run", "--disable-background-networking", "--disable-component-update",
                               "--disable-sync", f"--user-data-dir={profile}", *args, url],
                              capture_output=True, text=True, timeout=120)


def number(text: str) -> int:
    return int(text.strip().replace(",", ""))


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not found: install Chromium (apt-get install chromium) to run the browser test")
    return CHROMIUM


def test_page_in_headless_chromium_shows_the_numbers_of_check(browser, rendered, archive):
    findings, data, _page, out = rendered
    url = (out / "report.html").as_uri()
    result = chromium("--dump-dom", url=url)
    assert result.returncode == 0 and "</html>" in result.stdout, result.stderr[-2000:]
    dom = Dom()
    dom.feed(result.stdout)

    severities = Counter(f["severity"] for f in findings)
    assert number(dom.by_id["count-files"]) == len(list(archive.iterdir()))
    assert number(dom.by_id["count-findings"]) == len(findings)
    for sev in ("error", "warning", "info"):
        assert number(dom.by_id[f"count-{sev}"]) == severities[sev], sev
    assert number(dom.by_id["count-files-with-error"]) == len({f["path"] for f in findings
                                                               if f["severity"] == "error"})
    assert number(dom.by_id["count-damaged"]) == 1
    assert {code: number(text) for code, text in dom.rule_rows.items()} == Counter(f["code"] for f in findings)
    # every finding is listed (fewer than the cap), the script ran and shows them all
    assert len(dom.rows) == len(findings) and not any("hidden" in row for row in dom.rows)
    assert number(dom.by_id["shown-count"]) == len(findings)
    assert "hidden" not in dom.by_id  # (sanity: ids are element ids, not attributes)
    assert sorted((r["data-path"], int(r["data-line"]), r["data-rule"]) for r in dom.rows) == sorted(
        (f["path"], f["line"], f["code"]) for f in findings)
    assert sum(int(c["data-count"]) for c in dom.cells) == severities["error"]

    # cables by level as `cablelint index` sees them; past due as `check --select EO007` counts them
    index = cli("index", "--format", "jsonl", "cables", cwd=archive.parent)
    levels = Counter(json.loads(line)["level"] for line in index.stdout.splitlines())
    shown = {value: number(text) for (key, value), text in dom.data_cells.items() if key == "data-level"}
    assert shown.pop("no banner") == levels[None] - 1  # empty.txt is not a cable
    assert shown == {level: n for level, n in levels.items() if level}
    eo007 = cli("check", "--isolated", "--select", "EO007", "--as-of", AS_OF, "--output-format", "json", "cables",
                cwd=archive.parent)
    past_due = len(json.loads(eo007.stdout))
    assert number(dom.data_cells[("data-past", "total")]) == past_due > 0


def test_filtering_in_the_browser_by_rule_post_and_year(browser, rendered):
    findings, data, _page, out = rendered
    code, count = Counter(f["code"] for f in findings).most_common(1)[0]
    result = chromium("--dump-dom", url=(out / "report.html").as_uri() + f"#findings?rule={code}")
    dom = Dom()
    dom.feed(result.stdout)
    visible = [r for r in dom.rows if "hidden" not in r]
    assert len(visible) == count and {r["data-rule"] for r in visible} == {code}
    assert number(dom.by_id["shown-count"]) == count

    error = next(f for f in data["findings"] if f["severity"] == "error" and f["post"] and f["year"])
    query = f"#findings?post={error['post']}&year={error['year']}&sev=error"
    dom = Dom()
    dom.feed(chromium("--dump-dom", url=(out / "report.html").as_uri() + query).stdout)
    expected = [f for f in data["findings"]
                if (f["post"], f["year"], f["severity"]) == (error["post"], error["year"], "error")]
    assert len([r for r in dom.rows if "hidden" not in r]) == len(expected) >= 1


def test_sorting_in_the_browser(browser, rendered):
    findings, _data, _page, out = rendered
    for query, key, reverse in (("sort=-year", "data-year", True), ("sort=rule", "data-rule", False)):
        dom = Dom()
        dom.feed(chromium("--dump-dom", url=(out / "report.html").as_uri() + "#findings?" + query).stdout)
        values = [r[key] for r in dom.rows]
        if key == "data-year":
            values = [int(v) if v else -1 for v in values]
        assert len(values) == len(findings) and values == sorted(values, reverse=reverse), query
        assert values != [r[key] if key != "data-year" else (int(r[key]) if r[key] else -1)
                          for r in sorted(dom.rows, key=lambda r: r["data-order"])]  # the order did change


def test_screenshot_of_the_page(browser, rendered):
    _findings, _data, _page, out = rendered
    directory = Path(os.environ.get("CABLELINT_ARTIFACTS") or tempfile.mkdtemp(prefix="cablelint-artifacts-"))
    directory.mkdir(parents=True, exist_ok=True)
    shot = directory / "report.png"
    if shot.exists():
        shot.unlink()
    result = chromium(f"--screenshot={shot}", "--window-size=1400,2000", url=(out / "report.html").as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_readme_report_commands_run_as_written(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Report\n", 1)[1].split("\n## ", 1)[0]
    commands = [line for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines()
                if line.startswith("cablelint report")]
    assert len(commands) == 2
    build_archive(tmp_path / "cables", count=8)
    for command in commands:
        args = command.split()[1:]
        result = cli(*args, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        page = tmp_path / args[args.index("-o") + 1]
        assert page.is_file() and page.with_suffix(".json").is_file()
    assert "docs/report.png" in section and (Path(__file__).resolve().parent.parent / "docs/report.png").is_file()


def test_selection_applies_and_an_unreadable_file_is_reported_with_exit_2(tmp_path):
    build_archive(tmp_path / "cables", count=6)
    (tmp_path / "cables" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    result = cli("report", "--isolated", "--select", "POR,FIL", "-o", "r.html", "cables", cwd=tmp_path)
    assert result.returncode == 2 and "gone.txt: cannot read" in result.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["unreadable_files"] == 1 and data["summary"]["files"] == 10
    assert data["findings"] and all(f["code"].startswith(("POR", "FIL")) for f in data["findings"])
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Files that could not be read" in page and "gone.txt: cannot read" in page
