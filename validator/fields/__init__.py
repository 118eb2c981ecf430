"""Parsers for the values inside single header fields (marks, DECL, reasons, TAGS, REF)."""
