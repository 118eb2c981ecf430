"""Baselines: adopt cablelint on an existing archive without editing the cables.

A baseline file records current findings; ``check --baseline FILE`` hides them. The
identity of a finding is rule code + the cable (its id when it has one, so that a moved
or renamed file keeps its entries; else its path relative to the baseline file) + hash
of the normalised text of its line + occurrence index among equal ones, never the line
number: inserting lines elsewhere does not resurrect a finding, fixing one makes its
entry stale. Line texts are stored only as hashes, so no cable text is copied.
``baseline update`` rewrites the file without its stale entries (and with moved paths).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from .atomic import atomic_write
from .report.fingerprint import identities

FORMAT_KEY = "cablelint-baseline"
FORMAT_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a cablelint baseline."""


@dataclass(frozen=True)
class Entry:
    code: str
    path: str  # POSIX, relative to the baseline file's directory
    line_hash: str
    occurrence: int
    message: str = ""
    cable: str = ""  # the cable id, when the cable has one: the identity that survives a rename

    @property
    def ident(self) -> str:
        return f"cable:{self.cable}" if self.cable else self.path

    @property
    def key(self) -> tuple:
        return (self.code, self.ident, self.line_hash, self.occurrence)


def _relative(path: str, base_dir: str) -> str:
    return os.path.relpath(os.path.abspath(path), base_dir).replace(os.sep, "/")


def entries_for(path: str, diagnostics, lines, base_dir: str, cable: str | None = None) -> list[Entry]:
    rel = _relative(path, base_dir)
    return [Entry(code, rel, text, index, d.message, cable or "")
            for d, (code, text, index) in zip(diagnostics, identities(diagnostics, lines))]


class Baseline:
    def __init__(self, path: str, entries: list[Entry]):
        self.path = path
        self.base_dir = os.path.dirname(os.path.abspath(path))
        self.entries = {e.key: e for e in entries}
        self.used: set[tuple] = set()
        self.checked: dict[str, set[str]] = {}  # identity (cable id or path) -> rule codes that ran on it
        self.moved: dict[tuple, str] = {}  # entry key -> the path its cable has now
        self.hidden = 0  # findings hidden in this run

    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise BaselineError(f"{path}: not a cablelint baseline (invalid JSON: {exc})") from None
        if not isinstance(data, dict) or data.get(FORMAT_KEY) != FORMAT_VERSION:
            raise BaselineError(f"{path}: not a cablelint baseline (expected \"{FORMAT_KEY}\": {FORMAT_VERSION})")
        entries = []
        for item in data.get("findings", []):
            try:
                entries.append(Entry(str(item["code"]), str(item["path"]), str(item["line-hash"]),
                                     int(item["occurrence"]), str(item.get("message", "")),
                                     str(item.get("cable") or "")))
            except (KeyError, TypeError, ValueError):
                raise BaselineError(f"{path}: malformed baseline entry {item!r}") from None
        return cls(path, entries)

    def filter(self, path: str, diagnostics, lines, active_codes, cable: str | None = None) -> list:
        """The diagnostics not recorded in the baseline (and remember which entries matched)."""
        rel = _relative(path, self.base_dir)
        self.checked.setdefault(rel, set()).update(active_codes)
        if cable:
            self.checked.setdefault(f"cable:{cable}", set()).update(active_codes)
        kept = []
        for d, entry in zip(diagnostics, entries_for(path, diagnostics, lines, self.base_dir, cable)):
            recorded = self.entries.get(entry.key)
            if recorded is None and cable:  # recorded before the cable had an id: by path
                recorded = self.entries.get((entry.code, rel, entry.line_hash, entry.occurrence))
            if recorded is not None:
                self.used.add(recorded.key)
                self.hidden += 1
                if recorded.path != rel:
                    self.moved[recorded.key] = rel
            else:
                kept.append(d)
        return kept

    def stale(self) -> list[Entry]:
        """Entries that no longer match: their cable was checked with their rule on, or is gone."""
        out = []
        for key, entry in self.entries.items():
            if key in self.used:
                continue
            codes = self.checked.get(entry.ident)
            gone = not os.path.exists(os.path.join(self.base_dir, entry.path)) and entry.ident not in self.checked
            if (codes is not None and entry.code in codes) or gone:
                out.append(entry)
        return sorted(out, key=lambda e: e.key)

    def updated(self) -> list[Entry]:
        """The entries without the stale ones, moved cables at their new paths."""
        stale = {e.key for e in self.stale()}
        out = []
        for key, entry in self.entries.items():
            if key in stale:
                continue
            if key in self.moved:
                entry = Entry(entry.code, self.moved[key], entry.line_hash, entry.occurrence, entry.message,
                              entry.cable)
            out.append(entry)
        return out


def write(path: str, entries: list[Entry]) -> None:
    """Write a baseline atomically, sorted so that diffs stay readable."""
    records = [{"code": e.code, "path": e.path, "line-hash": e.line_hash, "occurrence": e.occurrence,
                "message": e.message, **({"cable": e.cable} if e.cable else {})}
               for e in sorted(entries, key=lambda e: e.key)]
    with atomic_write(path) as stream:
        stream.write(json.dumps({FORMAT_KEY: FORMAT_VERSION, "findings": records}, indent=2,
                                ensure_ascii=False) + "\n")
