"""The ``cablelint`` command line: ``check``, ``inspect``, ``rule``, ``index``."""

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
    from .checker import read_bytes
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
            data = read_bytes(path)  # never blocks on a FIFO; refuses huge files
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


_FORMATS = ["full", "concise", "json", "sarif", "github", "gitlab", "junit"]


def _config_options(func):
    """Options shared by ``check`` and ``baseline write``: configuration and file selection."""
    for option in reversed([
        click.option("--config", "config_path", type=click.Path(dir_okay=False),
                     help="Use this configuration file for every path (no discovery)."),
        click.option("--isolated", is_flag=True, help="Ignore all configuration files."),
        click.option("--select", multiple=True, help="Rule codes or prefixes to enable (comma-separated)."),
        click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable (comma-separated)."),
        click.option("--extend-select", multiple=True, help="Rule codes or prefixes to enable in addition."),
        click.option("--force-exclude", is_flag=True,
                     help="Apply exclude (and include) to files named explicitly, as pre-commit passes them."),
        click.option("--stdin-filename", help="Path of the cable read from '-' (config matching, reports)."),
    ]):
        func = option(func)
    return func


def _options(paths, select, ignore, extend_select, config_path, isolated, force_exclude, stdin_filename,
             **rest):
    from .linter import Options

    return Options(paths=tuple(paths), select=[s.upper() for s in _split(select)] or None,
                   ignore=[s.upper() for s in _split(ignore)],
                   extend_select=[s.upper() for s in _split(extend_select)], config=config_path,
                   isolated=isolated, force_exclude=force_exclude, stdin_filename=stdin_filename, **rest)


def _user_errors() -> tuple:
    """The exceptions that are user errors; imported only when something was raised
    (the baseline module costs ~10 ms of start-up that a plain check does not need)."""
    from .baseline import BaselineError
    from .config import ConfigError
    from .discovery import PathError
    from .linter import UsageError

    return (ConfigError, BaselineError, PathError, UsageError)


def _guarded(run) -> None:
    """Run a command body: user errors print one line and exit 2, never a traceback."""
    try:
        code = run()
    except _user_errors() as exc:  # evaluated only when an exception propagates
        click.echo(f"cablelint: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        # The reader went away (`cablelint check . | head`): stop quietly, as ruff does.
        import os

        try:  # keep the interpreter's final flush from raising again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        sys.exit(EXIT_CLEAN)
    except OSError as exc:
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        click.echo(f"cablelint: error: {name}{exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo("cablelint: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: one line, a hint, exit 2
        click.echo(f"cablelint: internal error: {type(exc).__name__}: {exc} (this is a bug; please report it "
                   "with the command line and, if you can, the file)", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(code)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_config_options
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error, or fail-level in the config).")
@click.option("--output-format", type=click.Choice(_FORMATS), default=None,
              help="Output format (default: full, or output-format in the config).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False),
              help="Write the report to this file (atomically) instead of stdout.")
@click.option("--statistics", is_flag=True, help="Also print the number of findings per rule (on stderr).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour human output (auto honours FORCE_COLOR, NO_COLOR and the terminal).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach the fail level.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Hide the findings recorded in this baseline file.")
@click.option("--strict-baseline", is_flag=True, help="Stale baseline entries are errors (exit 1).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reference day (YYYY-MM-DD) for declassification rules EO007/EO008; default today.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: one per core); output order never depends on it.")
@click.option("--no-progress", is_flag=True, help="Never show progress (shown on a terminal's stderr for long runs).")
def check(paths, fail_level, output_format, output_file, statistics, color, exit_zero, baseline_path,
          strict_baseline, as_of=None, jobs=0, no_progress=False, **selection) -> None:
    """Check cables and report marking problems as path:line:col: CODE [severity] message.

    PATHS are files or directories (searched recursively for *.txt); '-' reads standard input.
    """
    from .linter import run_check

    options = _options(paths, fail_level=fail_level, output_format=output_format, output_file=output_file,
                       statistics=statistics, color=color, exit_zero=exit_zero, baseline=baseline_path,
                       strict_baseline=strict_baseline, jobs=jobs, as_of=as_of.date() if as_of else None,
                       progress=not no_progress, **selection)
    _guarded(lambda: run_check(options))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_config_options
@click.option("-o", "--output-file", default="cablelint-report.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML page; the full data goes beside it as .json.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reference day (YYYY-MM-DD) of the declassification calendar and EO007/EO008; default today.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: one per core).")
@click.option("--no-progress", is_flag=True, help="Never show progress (shown on a terminal's stderr for long runs).")
def report(paths, output_file, as_of=None, jobs=0, no_progress=False, **selection) -> None:
    """Write a self-contained HTML report (summary, findings by rule, errors by post and year,
    declassification calendar, findings list) and its full data as JSON beside it.

    Discovery, configuration and --select/--ignore work as for check. Exit 0 when written,
    2 on a usage error or when some file could not be read (the report is written all the same).
    """
    from .report.html import run_report

    options = _options(paths, jobs=jobs, as_of=as_of.date() if as_of else None, progress=not no_progress,
                       **selection)
    _guarded(lambda: run_report(options, output_file))


@main.group()
def baseline() -> None:
    """Record current findings so that `check --baseline FILE` hides them."""


@baseline.command("write")
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_config_options
def baseline_write(file, paths, **selection) -> None:
    """Check PATHS and write every finding to the baseline FILE (replacing it atomically)."""
    from .linter import write_baseline

    options = _options(paths, **selection)
    _guarded(lambda: write_baseline(options, file))


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
def rule(code, show_all) -> None:
    """Explain a rule: name, severity, rationale and source (--all lists them)."""
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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="Output format: JSON Lines or CSV (lists joined with ';').")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to FILE instead of standard output.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to run for the finding counts.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes not to run.")
@click.option("--extend-select", multiple=True, help="Rule codes to run in addition to the defaults.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reference day (YYYY-MM-DD) for declassification rules EO007/EO008; default today.")
@click.option("-j", "--jobs", type=click.IntRange(1, None), default=1, show_default=True,
              help="Worker processes.")
def index(paths, fmt, output, select, ignore, extend_select, as_of, jobs) -> None:
    """Write one record per cable (id, date, level, DECL, authority, TAGS, subject, refs, signer, counts)."""
    from .discovery import PathError, iter_files
    from .engine.registry import RunContext
    from .engine.runner import select_rules
    from .index import WRITERS, iter_records

    selection = (_split(select) or None, _split(ignore), _split(extend_select))
    rules = select_rules(*selection, context=RunContext(as_of.date() if as_of else None))
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    status = EXIT_CLEAN
    count = 0
    try:
        writer = WRITERS[fmt](out)
        for row in iter_records(iter_files(paths), rules, jobs, selection, as_of.date() if as_of else None):
            writer.write(row)
            count += 1
            if row["error"]:
                click.echo(f"cablelint: error: {row['path']}: {row['error']}", err=True)
                status = EXIT_ERROR
    except PathError as exc:
        click.echo(f"cablelint: error: {exc}", err=True)
        status = EXIT_ERROR
    finally:
        if output:
            out.close()
    click.echo(f"Indexed {count} file{'s' if count != 1 else ''}.", err=True)
    sys.exit(status)
