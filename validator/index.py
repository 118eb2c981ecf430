"""``cablelint index``: one flat record per cable for archive audits (JSON Lines or CSV).

Records are produced and written one file at a time (or one bounded batch at a time with
``--jobs``), so memory stays constant on archives of hundreds of thousands of files.
"""

from __future__ import annotations

import csv
import json
from itertools import islice
from typing import IO, Iterable, Iterator

from . import model as m
from .engine.diagnostic import Diagnostic

FIELDS = (
    "path", "cable_id", "date", "level", "controls", "decl_kind", "decl_date", "decl_codes",
    "authority_name", "authority_title", "reason_section", "reason_letters", "tags", "subject",
    "ref_ids", "signer", "errors", "warnings", "infos", "error",
)
LIST_FIELDS = ("controls", "decl_codes", "reason_letters", "tags", "ref_ids")
# Lists in CSV cells are joined with this (no TAGS, code or cable id contains it).
CSV_LIST_SEPARATOR = ";"
BATCH = 64


def record(doc: m.Document, diagnostics: Iterable[Diagnostic]) -> dict:
    """The index record of one parsed cable and its findings."""
    b, eo, cb = doc.banner, doc.eo, doc.classified_by
    counts = {"error": 0, "warning": 0, "info": 0}
    for d in diagnostics:
        key = str(d.severity)
        counts[key] = counts.get(key, 0) + 1
    return {
        "path": doc.path,
        "cable_id": doc.cable_id,
        "date": doc.date.text,
        "level": b.level.value if b else None,
        "controls": sorted(b.controls) if b else [],
        "decl_kind": eo.decl.kind if eo else None,
        "decl_date": eo.decl.date.isoformat() if eo and eo.decl.date else None,
        "decl_codes": list(eo.decl.codes) if eo else [],
        "authority_name": cb.name if cb else None,
        "authority_title": cb.title if cb else None,
        "reason_section": cb.reason_section if cb else None,
        "reason_letters": list(cb.reasons) if cb else [],
        "tags": list(doc.tags.tags) if doc.tags else [],
        "subject": doc.subject.text if doc.subject else None,
        "ref_ids": [r.id for r in doc.refs if r.id],
        "signer": doc.signature.text if doc.signature else None,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "error": None,
    }


def error_record(path: str, message: str) -> dict:
    """The record of a file that could not be read: a row all the same, with the reason."""
    row = {name: ([] if name in LIST_FIELDS else None) for name in FIELDS}
    row.update(path=path, errors=0, warnings=0, infos=0, error=message)
    return row


def index_file(path: str, rules) -> dict:
    from .builder import build
    from .engine.runner import run_rules
    from .source import Source

    try:
        if path == "-":
            import sys

            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        return error_record(path, f"cannot read: {exc.strerror or exc}")
    doc = build(Source.from_bytes(data), path)
    return record(doc, run_rules(doc, rules))


# ---- parallel runs: each worker builds its own rules once -------------------------------
_WORKER_RULES: list = []


def _init_worker(selection: tuple, as_of) -> None:
    from .engine.registry import RunContext
    from .engine.runner import select_rules

    _WORKER_RULES[:] = select_rules(*selection, context=RunContext(as_of))


def _index_in_worker(path: str) -> dict:
    return index_file(path, _WORKER_RULES)


def iter_records(paths: Iterable[str], rules, jobs: int = 1, selection: tuple = (), as_of=None) -> Iterator[dict]:
    """Records in path order; with ``jobs`` > 1, bounded batches run in worker processes."""
    if jobs <= 1:
        for path in paths:
            yield index_file(path, rules)
        return
    import multiprocessing

    iterator = iter(paths)
    with multiprocessing.get_context("spawn").Pool(jobs, _init_worker, (selection, as_of)) as pool:
        while True:
            batch = list(islice(iterator, BATCH * jobs))
            if not batch:
                break
            yield from pool.map(_index_in_worker, batch, chunksize=max(1, len(batch) // (jobs * 4)))


class JsonlWriter:
    def __init__(self, out: IO[str]):
        self.out = out

    def write(self, row: dict) -> None:
        self.out.write(json.dumps(row, ensure_ascii=False) + "\n")


class CsvWriter:
    def __init__(self, out: IO[str]):
        self.writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, row: dict) -> None:
        self.writer.writerow({k: (CSV_LIST_SEPARATOR.join(v) if isinstance(v, list) else ("" if v is None else v))
                              for k, v in row.items()})


WRITERS = {"jsonl": JsonlWriter, "csv": CsvWriter}
