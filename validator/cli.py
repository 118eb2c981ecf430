"""The ``cablelint`` command line: ``check``, ``inspect``, ``rule``, ``index``, ``server``."""

from __future__ import annotations

import json
import sys

import click

from . import __version__

from .entry import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS  # noqa: F401


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
      cablelint inspect --format jsonl X  print the parsed document model (JSON Lines)
      cablelint rule POR003               explain a rule
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--output-format", "--format", "fmt", type=click.Choice(["text", "jsonl", "json"]), default="text",
              show_default=True, help="Output format: text, or jsonl (JSON Lines: one JSON object per file per "
                                      "line; json is an alias); --format is an alias.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this configuration file for every path (no discovery).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--force-exclude", is_flag=True,
              help="Apply exclude (and include) to files named explicitly, as pre-commit passes them.")
@click.option("--stdin-filename", help="Path of the cable read from '-'.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: one per usable CPU); output order never depends on it.")
def inspect(paths, fmt, jobs, **selection) -> None:
    """Print the parsed document model of each cable (text, or JSON Lines with --format jsonl).

    Files are chosen exactly as by `check` (configuration, include/exclude, gitignore).
    """
    options = _options(paths, select=(), ignore=(), extend_select=(), jobs=jobs, **selection)
    options.select = []  # no rules: only the model

    def run() -> int:
        from .linter import iterate

        status = EXIT_CLEAN
        for _target, result, _rules in iterate(options, facts="model"):
            if result.error or result.facts is None:
                message = result.error or "; ".join(d.message for d in result.diagnostics) or "not parsed"
                prefix = "" if result.error else f"{result.path}: "
                click.echo(f"cablelint: error: {prefix}{message}", err=True)
                status = EXIT_ERROR
                continue
            if fmt in ("jsonl", "json"):
                click.echo(json.dumps(result.facts, ensure_ascii=False))
            else:
                click.echo(_render_text(result.facts))
        return status

    _guarded(run)


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


def _cache_options(func):
    """``--no-cache`` and ``--cache-dir`` (the result cache: validator.result_cache)."""
    func = click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                        help="Result cache directory (default: cache-dir in the config, else .cablelint_cache).")(func)
    return click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")(func)


def _options(paths, select, ignore, extend_select, config_path, isolated, force_exclude, stdin_filename,
             **rest):
    from .linter import Options

    if "no_cache" in rest:  # commands with _cache_options use the cache unless told not to
        rest["cache"] = not rest.pop("no_cache")

    return Options(paths=tuple(paths), select=[s.upper() for s in _split(select)] or None,
                   ignore=[s.upper() for s in _split(ignore)],
                   extend_select=[s.upper() for s in _split(extend_select)], config=config_path,
                   isolated=isolated, force_exclude=force_exclude, stdin_filename=stdin_filename, **rest)


from .entry import guarded as _guarded  # noqa: E402  (click-free: shared with the fast path)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_config_options
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error, or fail-level in the config).")
@click.option("--show-level", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity shown (default: info, or show-level in the config); "
                   "the exit code still follows --fail-level.")
@click.option("-q", "--quiet", is_flag=True, help="Print diagnostics only: no summary.")
@click.option("--output-format", type=click.Choice(_FORMATS), default=None,
              help="Output format (default: full, or output-format in the config).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False),
              help="Write the report to this file (atomically) instead of stdout.")
@click.option("--statistics", is_flag=True,
              help="Print only a table of findings per rule and severity (count, code, severity, name).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour human output (auto honours FORCE_COLOR, NO_COLOR and the terminal).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach the fail level.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Hide the findings recorded in this baseline file.")
@click.option("--strict-baseline", is_flag=True, help="Stale baseline entries are errors (exit 1).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reference day (YYYY-MM-DD) for declassification rules EO007/EO008; default today.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: one per usable CPU); output order never depends on it.")
@click.option("--fix", is_flag=True,
              help="Apply safe fixes, rewriting each file atomically, then report the findings left.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff, also apply unsafe fixes (they change a marking decision).")
@click.option("--diff", is_flag=True,
              help="Print the fixes as a unified diff instead of writing them (exit 1 if there are any).")
@click.option("--show-settings", "show_settings", type=click.Path(), default=None, metavar="FILE",
              help="Print the configuration that applies to FILE (and where each value comes from); check nothing.")
@click.option("--show-files", is_flag=True, help="Print the files that would be checked; check nothing.")
@click.option("--no-progress", is_flag=True, help="Never show progress (shown on a terminal's stderr for long runs).")
@_cache_options
def check(paths, fail_level, output_format, output_file, statistics, color, exit_zero, baseline_path,
          strict_baseline, as_of=None, jobs=0, fix=False, unsafe_fixes=False, diff=False, show_level=None,
          quiet=False, show_settings=None, show_files=False, no_progress=False,
          **selection) -> None:
    """Check cables and report marking problems as path:line:col: CODE [severity] message.

    PATHS are files or directories (searched recursively for *.txt; default: the current
    directory); '-' reads standard input.
    """
    from .linter import run_check

    options = _options(paths or (".",), fail_level=fail_level, output_format=output_format, output_file=output_file,
                       statistics=statistics, color=color, exit_zero=exit_zero, baseline=baseline_path,
                       strict_baseline=strict_baseline, jobs=jobs, as_of=as_of.date() if as_of else None,
                       fix=fix, unsafe_fixes=unsafe_fixes, diff=diff, show_level=show_level, quiet=quiet,
                       progress=not no_progress, **selection)
    if show_settings is not None or show_files:
        from . import linter

        _guarded(lambda: linter.show_settings(options, show_settings) if show_settings is not None
                 else linter.show_files(options))
    _guarded(lambda: run_check(options))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_config_options
@click.option("-o", "--output-file", default="cablelint-report.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML page; the full data goes beside it as .json.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reference day (YYYY-MM-DD) of the declassification calendar and EO007/EO008; default today.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: one per usable CPU).")
@click.option("--no-progress", is_flag=True, help="Never show progress (shown on a terminal's stderr for long runs).")
@_cache_options
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


@baseline.command("update")
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path())
@_config_options
def baseline_update(file, paths, **selection) -> None:
    """Check PATHS (default: .) and rewrite the baseline FILE without its stale entries.

    Entries whose finding is gone are dropped; a moved or renamed cable keeps its entries (at its new
    path); new findings are not added (use `baseline write` for that).
    """
    from .linter import update_baseline

    options = _options(paths or (".",), **selection)
    _guarded(lambda: update_baseline(options, file))


@main.command()
@click.argument("code", required=False, metavar="[CODE|NAME]")
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
def rule(code, show_all) -> None:
    """Explain a rule, given its code (POR001) or name (unmarked-paragraph): name, severity,
    rationale and source (--all lists them)."""
    from .engine.registry import all_rules, get_rule
    from .ruledoc import plain

    if show_all or not code:
        rules = all_rules()
        code_width = max((len(cls.code) for cls in rules), default=0)
        name_width = max((len(cls.name) for cls in rules), default=0)
        for cls in rules:
            flag = "" if cls.default_enabled else "  (off by default)"
            click.echo(f"{cls.code:<{code_width}}  {cls.name:<{name_width}}  {str(cls.severity):<7}  "
                       f"{plain(cls.summary)}{flag}")
        return
    cls = get_rule(code) or next((c for c in all_rules() if c.name == code.lower()), None)
    if cls is None:
        from .config import did_you_mean

        hint = did_you_mean(code, [c.code for c in all_rules()] + [c.name for c in all_rules()])
        click.echo(f"cablelint: error: unknown rule {code!r}{hint}; see `cablelint rule --all`", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"# {cls.code} ({cls.name})\n\nDefault severity: {cls.severity}\n"
               f"Enabled by default: {'yes' if cls.default_enabled else 'no'}\n"
               f"Fix: {cls.fix_availability}{' (' + plain(cls.fix_note) + ')' if cls.fix_note else ''}\n\n"
               f"{plain(cls.summary)}\n\n{plain(cls.doc())}\n")
    if cls.source:
        click.echo(f"Source: {cls.source}")


@main.command()
@click.option("--log-level", type=click.Choice(["error", "warning", "info", "debug"]), default="warning",
              show_default=True, help="Lowest level of the messages logged on stderr.")
def server(log_level) -> None:
    """Run the language server (LSP on stdin/stdout) for editors; needs cablelint[server]."""
    try:
        from .server import serve  # pygls is imported only here: `check` never pays for it
    except ImportError as exc:
        click.echo(f"cablelint: error: the language server needs the 'server' extra "
                   f"(pip install 'cablelint[server]'): {exc}", err=True)
        sys.exit(EXIT_ERROR)
    serve(log_level)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_config_options
@click.option("--output-format", "--format", "output_format", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True, help="Output format: JSON Lines or CSV (lists joined with ';'); --format is an alias.")
@click.option("-o", "--output-file", "--output", "output_file", type=click.Path(dir_okay=False), default=None,
              help="Write the records to this file (atomically) instead of stdout.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Reference day (YYYY-MM-DD) for declassification rules EO007/EO008; default today.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes (default 0: one per usable CPU); output order never depends on it.")
@_cache_options
def index(paths, output_format, output_file, as_of, jobs, **selection) -> None:
    """Write one record per cable (id, date, level, DECL, authority, TAGS, subject, refs, signer, counts).

    Files, configuration and rules are chosen exactly as by `check`.
    """
    options = _options(paths, as_of=as_of.date() if as_of else None, jobs=jobs, **selection)
    _guarded(lambda: _run_index(options, output_format, output_file))


def _run_index(options, output_format: str, output_file: str | None) -> int:
    from .index import WRITERS, result_record
    from .linter import iterate

    def run(out) -> tuple[int, int]:
        writer = WRITERS[output_format](out)
        count, status = 0, EXIT_CLEAN
        for _target, result, _rules in iterate(options, facts="index"):
            row = result_record(result)
            writer.write(row)
            count += 1
            if row["error"]:
                click.echo(f"cablelint: error: {row['path']}: {row['error']}", err=True)
                status = EXIT_ERROR
        return count, status

    if output_file:
        from .atomic import atomic_write

        with atomic_write(output_file) as out:
            count, status = run(out)
    else:
        count, status = run(sys.stdout)
    click.echo(f"Indexed {count} file{'s' if count != 1 else ''}.", err=True)
    return status
