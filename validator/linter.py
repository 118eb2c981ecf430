"""``cablelint check`` and ``cablelint baseline write``: configuration, discovery, rules,
baseline and reporters put together. ``lint_target`` checks one file and is pure, so
that callers may run it in parallel; everything else streams in a stable order."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from .config import ConfigError, Resolver, Settings, valid_selector
from .engine.diagnostic import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A user error found before checking: bad option value, unknown rule, missing path."""


@dataclass
class Options:
    paths: tuple = ()
    select: list | None = None
    ignore: list = field(default_factory=list)
    extend_select: list = field(default_factory=list)
    fail_level: str | None = None
    output_format: str | None = None
    output_file: str | None = None
    statistics: bool = False
    color: str = "auto"
    exit_zero: bool = False
    config: str | None = None
    isolated: bool = False
    force_exclude: bool = False
    stdin_filename: str | None = None
    baseline: str | None = None
    strict_baseline: bool = False
    jobs: int = 1  # worker processes; 0 = one per core
    as_of: object = None  # datetime.date: reference day of the date-dependent rules (None: today)
    progress: bool = True  # progress on stderr when it is a terminal (--no-progress: never)


# --- rule selection ---------------------------------------------------------------------------


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def selected_codes(catalog, layers) -> list[str]:
    """Apply (select, extend_select, ignore) layers in order, as ruff does: a layer with
    ``select`` starts from nothing, otherwise from the previous layer; within a layer the
    most specific selector wins and ``ignore`` wins ties. Rules that are off by default
    are enabled only by their exact code."""
    enabled = {cls.code for cls in catalog if cls.default_enabled}
    for select, extend, ignore in layers:
        base = enabled if select is None else set()
        turned_on = list(select or ()) + list(extend or ())
        result = set()
        for cls in catalog:
            decisions = [(_specificity(s), 1) for s in turned_on
                         if (s == cls.code) or (_matches(cls.code, s) and cls.default_enabled)]
            decisions += [(_specificity(s), 0) for s in ignore or () if _matches(cls.code, s)]
            if decisions:
                on = max(decisions, key=lambda t: (t[0], -t[1]))[1] == 1
            else:
                on = cls.code in base
            if on:
                result.add(cls.code)
        enabled = result
    return sorted(enabled)


class RuleSets:
    """Rule instances per (settings, per-file ignores), built once and reused."""

    def __init__(self, options: Options):
        from .engine.registry import RunContext, all_rules

        self.catalog = all_rules()
        self.context = RunContext(options.as_of)
        self.cli_layer = _cli_layer(options, [cls.code for cls in self.catalog])
        self._cache: dict = {}

    def for_target(self, path: str, settings: Settings):
        absolute = os.path.abspath(path)
        ignored = tuple(code for pattern, codes in settings.per_file_ignores if pattern.matches(absolute)
                        for code in codes)
        key = (id(settings), ignored)
        cached = self._cache.get(key)
        if cached is None:
            layers = [(settings.select, settings.extend_select, settings.ignore), self.cli_layer]
            if ignored:
                layers.append((None, (), ignored))
            by_code = {cls.code: cls for cls in self.catalog}
            rules = [by_code[code](severity=settings.severity.get(code), options=settings.rule_options(),
                                   context=self.context)
                     for code in selected_codes(self.catalog, layers)]
            cached = self._cache[key] = (settings, rules)  # settings kept alive: id() stays unique
        return cached[1]


# --- one file ---------------------------------------------------------------------------------


def lint_target(target, rules):
    """Read and check one target; an unreadable file becomes a result with an error."""
    from .checker import FileResult, check_bytes, check_path

    if target.stdin:
        try:
            data = sys.stdin.buffer.read()
        except OSError as exc:
            return FileResult(target.path, [], None, f"-: cannot read standard input: {exc}")
        return check_bytes(target.path, data, rules)
    return check_path(target.path, rules)


# --- the whole run ----------------------------------------------------------------------------


def _cli_layer(options: Options, codes) -> tuple:
    for key, values in (("--select", options.select or ()), ("--ignore", options.ignore),
                        ("--extend-select", options.extend_select)):
        for sel in values:
            if not valid_selector(sel, codes):
                raise UsageError(f"invalid value for '{key}': unknown rule selector {sel!r} "
                                 "(see `cablelint rule --all`)")
    return (options.select, options.extend_select, options.ignore)


def iterate(options: Options, resolver: Resolver | None = None, progress=None):
    """Yield (target, result, rules) for every target; raises ConfigError / UsageError / PathError.

    With a ``progress.Progress``, the targets are listed first, for its total and time left."""
    from .discovery import collect

    resolver = resolver or Resolver(options.config, options.isolated)
    rulesets = RuleSets(options)
    if list(options.paths).count("-") > 1:
        raise UsageError("standard input ('-') can be given only once")
    from .parallel import file_error, ordered_map

    targets = collect(options.paths, resolver, options.force_exclude, options.stdin_filename)
    if progress is not None:
        targets = progress.discovered(targets)
    tasks = ((target, rulesets.for_target(target.path, target.settings)) for target in targets)
    jobs = 1 if "-" in options.paths else options.jobs  # stdin is read in this process
    for (target, rules), result in ordered_map(_lint_task, tasks, jobs, error=file_error):
        yield target, result, rules


def _lint_task(item):
    target, rules = item
    return lint_target(target, rules)


def run_check(options: Options) -> int:
    """The ``check`` command; returns the exit code."""
    from .atomic import atomic_write
    from .report import Summary, get_reporter
    from .report.color import use_color

    for stream in (sys.stdout, sys.stderr):  # undecodable file names must not abort the run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    resolver = Resolver(options.config, options.isolated)
    top = resolver.for_directory(".")  # run-wide settings come from the working directory's config
    output_format = options.output_format or top.output_format or "full"
    threshold = Severity.parse(options.fail_level) if options.fail_level else (top.fail_level or Severity.ERROR)
    progress = start_progress(options)
    baseline = None
    if options.baseline:
        from .baseline import Baseline

        baseline = Baseline.load(options.baseline)

    def run(stream, color: bool) -> tuple[Summary, bool, bool]:
        reporter = get_reporter(output_format)(stream, color=color)
        summary = Summary()
        failed = io_error = False
        reporter.begin()
        results = iterate(options, resolver, progress)
        if progress is not None:  # erase the line before a diagnostic or an error reaches the terminal
            to_terminal = progress.shares_terminal and not options.output_file
            results = progress.wrap(results, lambda item: bool(item[1].error
                                                                or (to_terminal and item[1].diagnostics)))
        for target, result, rules in results:
            summary.files += 1
            if result.error:
                print(f"cablelint: error: {result.error}", file=sys.stderr)
                summary.errors += 1
                io_error = True
                continue
            diagnostics = result.diagnostics
            if baseline is not None:
                diagnostics = baseline.filter(result.path, diagnostics, result.lines,
                                              {r.code for r in rules})
            for d in diagnostics:
                summary.add(d)
                failed = failed or d.severity >= threshold
            reporter.file(result.path, diagnostics, result.lines)
        reporter.end(summary)
        return summary, failed, io_error

    if options.output_file:
        with atomic_write(options.output_file) as stream:
            # A report file is coloured only on request: FORCE_COLOR is meant for terminals and CI logs.
            summary, failed, io_error = run(stream, options.color == "always")
    else:
        summary, failed, io_error = run(sys.stdout, use_color(options.color, sys.stdout))
        sys.stdout.flush()
    if options.statistics:
        print_statistics(summary)
    if baseline is not None:
        stale = baseline.stale()
        kind = "error" if options.strict_baseline else "warning"
        for entry in stale:
            detail = f" ({entry.message})" if entry.message else ""
            print(f"cablelint: {kind}: {options.baseline}: stale baseline entry: {entry.path}: "
                  f"{entry.code}{detail}", file=sys.stderr)
        if stale and options.strict_baseline:
            failed = True
    print_summary(summary)
    if io_error:
        return EXIT_ERROR
    return EXIT_FINDINGS if failed and not options.exit_zero else EXIT_CLEAN


def start_progress(options: Options):
    """A progress line on stderr when it is a terminal and not turned off (``--no-progress``)."""
    if not options.progress or "-" in options.paths:
        return None
    try:  # checked here so that a run without a terminal does not even import the module
        if not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError, OSError):
        return None
    from .progress import Progress

    return Progress.for_stream(True)


def print_statistics(summary) -> None:
    """Count per rule, on stderr (stdout carries only diagnostics)."""
    from .engine.registry import get_rule

    for code, count in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        cls = get_rule(code)
        print(f"{count:>6}  {code:<8} {cls.name if cls else ''}".rstrip(), file=sys.stderr)


def print_summary(summary) -> None:
    parts = [f"{summary.counts.get(s, 0)} {s}{'s' if summary.counts.get(s, 0) != 1 else ''}"
             for s in ("error", "warning", "info")]
    print(f"Checked {summary.files} file{'s' if summary.files != 1 else ''}: " + ", ".join(parts) + ".",
          file=sys.stderr)


def write_baseline(options: Options, file: str) -> int:
    """``cablelint baseline write FILE PATHS...``: record every current finding."""
    from .baseline import entries_for, write

    base_dir = os.path.dirname(os.path.abspath(file))
    entries = []
    io_error = False
    for _target, result, _rules in iterate(options):
        if result.error:
            print(f"cablelint: error: {result.error}", file=sys.stderr)
            io_error = True
            continue
        entries.extend(entries_for(result.path, result.diagnostics, result.lines, base_dir))
    if io_error:
        print(f"cablelint: error: baseline not written to {file} because some files could not be read",
              file=sys.stderr)
        return EXIT_ERROR
    write(file, entries)
    print(f"Wrote {len(entries)} finding{'s' if len(entries) != 1 else ''} to {file}.", file=sys.stderr)
    return EXIT_CLEAN


__all__ = ["ConfigError", "Options", "UsageError", "run_check", "write_baseline", "selected_codes"]
