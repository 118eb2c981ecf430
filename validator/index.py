"""``cablelint index``: one flat record per cable for archive audits (JSON Lines or CSV).

Records come from the same pipeline as ``check`` (``linter.iterate``: configuration,
discovery, rule selection, file safety, worker processes) with the document facts the
record needs; they are written one at a time, so memory stays constant on big archives.
"""

from __future__ import annotations

import csv
import json
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


def document_fields(doc: m.Document) -> dict:
    """The fields of a record that come from the parsed cable (all but the counts and ``error``)."""
    b, eo, cb = doc.banner, doc.eo, doc.classified_by
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
    }


def _row(path: str, fields: dict | None, diagnostics: Iterable[Diagnostic], error: str | None = None) -> dict:
    row = {name: ([] if name in LIST_FIELDS else None) for name in FIELDS}
    row.update(fields or {})
    counts = {"error": 0, "warning": 0, "info": 0}
    for d in diagnostics:
        key = str(d.severity)
        counts[key] = counts.get(key, 0) + 1
    row.update(path=path, errors=counts["error"], warnings=counts["warning"], infos=counts["info"], error=error)
    return row


def record(doc: m.Document, diagnostics: Iterable[Diagnostic]) -> dict:
    """The index record of one parsed cable and its findings."""
    return _row(doc.path, document_fields(doc), diagnostics)


def error_record(path: str, message: str) -> dict:
    """The record of a file that could not be read: a row all the same, with the reason."""
    return _row(path, None, (), message)


def result_record(result) -> dict:
    """The record of a ``checker.FileResult`` checked with ``facts="index"``: the file's row
    (document fields are empty when the file was not parsed: too large, parser failure)."""
    if result.error:
        path = result.path
        message = result.error[len(path) + 2:] if result.error.startswith(path + ": ") else result.error
        return error_record(path, message)
    return _row(result.path, result.facts, result.diagnostics)


def _index_task(item):
    from .checker import check_path

    path, rules = item
    return check_path(path, rules, facts="index")


def iter_records(paths: Iterable[str], rules, jobs: int = 1) -> Iterator[dict]:
    """Records in path order, streamed (library use; the CLI goes through ``linter.iterate``)."""
    from .parallel import file_error, ordered_map

    for _item, result in ordered_map(_index_task, ((p, rules) for p in paths), jobs, error=file_error):
        yield result_record(result)


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
