"""The ``cablelint`` command line: ``check``, ``inspect``, ``rule``."""

from __future__ import annotations

import json
import sys

import click

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values) -> list[str]:
    out: list[str] = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cablelint")
def main() -> None:
    """Validate classification markings of US diplomatic cables.

    \b
    Examples:
      cablelint check cables/             check every *.txt below cables/
      cablelint inspect --format json X   print the parsed document model
      cablelint rule POR003               explain a rule
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def inspect(paths, fmt) -> None:
    """Print the parsed document model of each cable (JSON: one object per file)."""
    from .builder import build
    from .discovery import PathError, iter_files
    from .serialize import document_to_dict
    from .source import Source

    status = EXIT_CLEAN
    try:
        files = list(iter_files(paths))
    except PathError as exc:
        click.echo(f"cablelint: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    for path in files:
        try:
            data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
        except OSError as exc:
            click.echo(f"cablelint: error: {path}: cannot read: {exc.strerror or exc}", err=True)
            status = EXIT_ERROR
            continue
        doc = build(Source.from_bytes(data), path)
        record = document_to_dict(doc)
        if fmt == "json":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(_render_text(record))
    sys.exit(status)


def _render_text(record: dict, indent: str = "") -> str:
    lines = []
    for key, value in record.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.append(_render_text(value, indent + "  "))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{indent}{key}: ({len(value)})")
            for item in value:
                lines.append(f"{indent}  - " + ", ".join(f"{k}={v}" for k, v in item.items()))
        else:
            lines.append(f"{indent}{key}: {value}")
    return "\n".join(lines)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (comma-separated).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable (comma-separated).")
@click.option("--extend-select", multiple=True, help="Rule codes to enable in addition to the defaults.")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--output-format", type=click.Choice(["full", "concise"]), default="full", show_default=True)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach the fail level.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: one per core); output order never depends on it.")
def check(paths, select, ignore, extend_select, fail_level, output_format, exit_zero, jobs) -> None:
    """Check cables and report marking problems as path:line:col: CODE [severity] message."""
    from .discovery import PathError, iter_files
    from .engine.diagnostic import Severity
    from .engine.runner import select_rules
    from .parallel import check_files
    from .report import Summary, get_reporter

    rules = select_rules(_split(select) or None, _split(ignore), _split(extend_select))
    reporter = get_reporter(output_format)(sys.stdout, color=False, rules=rules)
    summary = Summary()
    threshold = Severity.parse(fail_level)
    failed = io_error = False
    reporter.begin()
    try:
        for result in check_files(iter_files(paths), rules, jobs):
            path = result.path
            summary.files += 1
            if result.error:
                click.echo(f"cablelint: error: {result.error}", err=True)
                summary.errors += 1
                io_error = True
                continue
            for d in result.diagnostics:
                summary.add(d)
                failed = failed or d.severity >= threshold
            reporter.file(path, result.diagnostics, result.lines)
    except PathError as exc:
        click.echo(f"cablelint: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    reporter.end(summary)
    parts = [f"{summary.counts.get(s, 0)} {s}{'s' if summary.counts.get(s, 0) != 1 else ''}"
             for s in ("error", "warning", "info")]
    click.echo(f"Checked {summary.files} file{'s' if summary.files != 1 else ''}: " + ", ".join(parts) + ".",
               err=True)
    if io_error:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_CLEAN)


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
def rule(code, show_all) -> None:
    """Explain a rule: name, severity, rationale and source (``--all`` lists them)."""
    from .engine.registry import all_rules, get_rule

    if show_all or not code:
        for cls in all_rules():
            flag = "" if cls.default_enabled else "  (off by default)"
            click.echo(f"{cls.code}  {cls.name:<36} {str(cls.severity):<8} {cls.summary}{flag}")
        return
    cls = get_rule(code)
    if cls is None:
        click.echo(f"cablelint: error: unknown rule code {code!r}; see `cablelint rule --all`", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"# {cls.code} ({cls.name})\n\nDefault severity: {cls.severity}\n"
               f"Enabled by default: {'yes' if cls.default_enabled else 'no'}\n\n{cls.summary}\n\n{cls.doc()}\n")
    if cls.source:
        click.echo(f"Source: {cls.source}")
