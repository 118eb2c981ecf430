"""``cablelint check`` and ``cablelint baseline write``: configuration, discovery, rules,
baseline and reporters put together. ``lint_target`` checks one file and is pure, so
that callers may run it in parallel; everything else streams in a stable order."""

from __future__ import annotations

import os
import sys

from .config import ConfigError, Resolver, Settings, valid_selector
from .engine.diagnostic import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A user error found before checking: bad option value, unknown rule, missing path."""


from .options import FixMode, Options  # noqa: E402,F401  (record classes: no dataclasses at start-up)


# --- rule selection ---------------------------------------------------------------------------


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def selected_codes(catalog, layers) -> list[str]:
    """Apply (select, extend_select, ignore) layers in order, as ruff does: a layer with
    ``select`` starts from nothing, otherwise from the previous layer; within a layer the
    most specific selector wins and ``ignore`` wins ties. Rules that are off by default
    are enabled only by their exact code or by ``ALL`` (every rule, as in ruff)."""
    enabled = {cls.code for cls in catalog if cls.default_enabled}
    for select, extend, ignore in layers:
        base = enabled if select is None else set()
        turned_on = list(select or ()) + list(extend or ())
        result = set()
        for cls in catalog:
            decisions = [(_specificity(s), 1) for s in turned_on
                         if s in (cls.code, "ALL") or (_matches(cls.code, s) and cls.default_enabled)]
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
            from .parallel import SharedList

            layers = [(settings.select, settings.extend_select, settings.ignore), self.cli_layer]
            if ignored:
                layers.append((None, (), ignored))
            by_code = {cls.code: cls for cls in self.catalog}
            rules = SharedList(by_code[code](severity=settings.severity.get(code), options=settings.rule_options(),
                                             context=self.context)
                               for code in selected_codes(self.catalog, layers))
            cached = self._cache[key] = (settings, rules)  # settings kept alive: id() stays unique
        return cached[1]


# --- one file ---------------------------------------------------------------------------------


def lint_target(target, rules, fix: FixMode | None = None, facts: str | None = None, cache=None):
    """Read and check one target; an unreadable file becomes a result with an error.
    ``fix`` applies its fixes (``check --fix/--diff``); ``facts`` (``"index"``, ``"model"``, ``"id"``) also
    returns those document facts (``FileResult.facts``); ``cache`` (a ``result_cache.Bound``) reuses
    and stores the results of files (never of standard input)."""
    from .checker import FileResult, check_bytes, check_path

    if fix is not None:
        return fix_target(target, rules, fix, facts)
    if target.stdin:
        try:
            data = sys.stdin.buffer.read()
        except OSError as exc:
            return FileResult(target.path, [], None, f"-: cannot read standard input: {exc}")
        return check_bytes(target.path, data, rules, facts)
    if cache is not None:
        return cache.check_path(target.path, rules, facts)
    return check_path(target.path, rules, facts)


def fix_target(target, rules, mode: FixMode, facts: str | None = None):
    """Check one target and apply its fixes (validator.fixes): write the file atomically, or
    keep the fixed bytes of standard input for stdout, or (``write`` False) only make the diff.
    The result carries the findings left after fixing (re-checked) and the count fixed."""
    from .atomic import atomic_write_bytes
    from .checker import FileResult, check_bytes, check_path, read_bytes
    from .fixes import fix_bytes, unified_diff

    path = target.path
    try:
        data = sys.stdin.buffer.read() if target.stdin else read_bytes(path)
    except OSError as exc:
        if target.stdin:
            return FileResult(path, [], None, f"-: cannot read standard input: {exc}")
        return check_path(path, rules)  # the same error (or FIL008) as a plain check
    first = last = check_bytes(path, data, rules, facts)

    def recheck(content: bytes):
        nonlocal last
        last = check_bytes(path, content, rules, facts)
        return last.diagnostics

    outcome = fix_bytes(data, recheck, mode.unsafe, first.diagnostics)
    if not mode.write:
        first.fixed, first.fixed_by_rule = outcome.fixed, dict(outcome.by_rule)
        first.diff = unified_diff(path, data, outcome.data) if outcome.changed else None
        return first
    if outcome.changed and not target.stdin:
        try:
            atomic_write_bytes(path, outcome.data)
        except OSError as exc:
            return FileResult(path, first.diagnostics, first.lines,
                              f"{path}: cannot write the fixed file: {exc.strerror or exc}")
    last.fixed, last.fixed_by_rule = outcome.fixed, dict(outcome.by_rule)
    if target.stdin:
        last.output = outcome.data
    return last


# --- the whole run ----------------------------------------------------------------------------


def _cli_layer(options: Options, codes) -> tuple:
    from .config import suggest_selector
    from .engine.registry import all_rules

    for key, values in (("--select", options.select or ()), ("--ignore", options.ignore),
                        ("--extend-select", options.extend_select)):
        for sel in values:
            if not valid_selector(sel, codes):
                hint = suggest_selector(sel, all_rules()) or " (see `cablelint rule --all`)"
                raise UsageError(f"invalid value for '{key}': unknown rule selector {sel!r}{hint}")
    return (options.select, options.extend_select, options.ignore)


def iterate(options: Options, resolver: Resolver | None = None, facts: str | None = None, progress=None):
    """Yield (target, result, rules) for every target; raises ConfigError / UsageError / PathError.

    The one pipeline of ``check``, ``baseline``, ``index``, ``inspect`` and ``report``: configuration,
    discovery, rule selection, file safety (``checker.read_bytes``) and worker processes.
    ``facts`` asks for document facts as well (see ``checker.document_facts``). With a
    ``progress.Progress``, the targets are listed first, for its total and time left."""
    from .discovery import collect

    resolver = resolver or Resolver(options.config, options.isolated)
    rulesets = RuleSets(options)
    if list(options.paths).count("-") > 1:
        raise UsageError("standard input ('-') can be given only once")
    from .parallel import ordered_map

    mode = FixMode(options.unsafe_fixes, not options.diff) if options.fix or options.diff else None
    cache = None
    if options.cache and mode is None:  # never in fix modes: the files change under it
        from .result_cache import open_cache

        cache = open_cache(options, resolver.for_directory("."))
    targets = collect(options.paths, resolver, options.force_exclude, options.stdin_filename)
    if progress is not None:
        targets = progress.discovered(targets)
    tasks = ((target, rules, mode, facts, cache and cache.bind(rules, facts))
             for target in targets for rules in (rulesets.for_target(target.path, target.settings),))
    jobs = 1 if "-" in options.paths else options.jobs  # stdin is read in this process
    try:
        for (target, rules, *_rest), (result, records) in ordered_map(_lint_task, tasks, jobs, error=_task_error):
            if records:
                cache.write_later(records)  # (written by this process, in batches: BATCHED_WRITES)
            yield target, result, rules
    finally:
        if cache is not None:
            cache.flush()  # also when the run stops early (an error, ^C, a reader that stops reading)
    if cache is not None:
        cache.finish()


def _lint_task(item):
    """A file's result, and the records of the cache entries its check made (written by the process
    that collects the results)."""
    from .checker import keep_finding_lines

    target, rules, mode, facts, cache = item
    result = keep_finding_lines(lint_target(target, rules, mode, facts, cache))
    return result, cache.take_records() if cache is not None else None


def _task_error(item, message: str):
    """``_lint_task``'s answer for a file whose check raised or killed its worker."""
    from .parallel import file_error

    return file_error(item, message), None


def run_check(options: Options) -> int:
    """The ``check`` command; returns the exit code."""
    from .report import Summary, get_reporter
    from .report.color import use_color

    for stream in (sys.stdout, sys.stderr):  # undecodable file names must not abort the run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    resolver = Resolver(options.config, options.isolated)
    top = resolver.for_directory(".")  # run-wide settings come from the working directory's config
    output_format = options.output_format or top.output_format or "full"
    threshold = Severity.parse(options.fail_level) if options.fail_level else (top.fail_level or Severity.ERROR)
    shown = Severity.parse(options.show_level) if options.show_level else (top.show_level or Severity.INFO)
    progress = start_progress(options)
    baseline = None
    if options.baseline:
        from .baseline import Baseline

        baseline = Baseline.load(options.baseline)

    def run(stream, color: bool) -> tuple[Summary, bool, bool]:
        reporter = (_StatisticsReporter(stream, json_output=output_format == "json") if options.statistics
                    else get_reporter(output_format)(stream, color=color, fail_level=threshold))
        summary = Summary()
        failed = io_error = False
        if not options.diff:
            reporter.begin()
        results = iterate(options, resolver, facts="id" if baseline is not None else None, progress=progress)
        if progress is not None:  # erase the line before a diagnostic or an error reaches the terminal
            to_terminal = progress.shares_terminal and not options.output_file
            results = progress.wrap(results, lambda item: bool(item[1].error
                                                                or (to_terminal and item[1].diagnostics)))
        for target, result, rules in results:
            summary.files += 1
            summary.fixed += result.fixed
            if result.output is not None:  # check --fix -: the fixed text goes to stdout
                sys.stdout.flush()
                sys.stdout.buffer.write(result.output)
                sys.stdout.buffer.flush()
            if result.error:
                print(f"cablelint: error: {result.error}", file=sys.stderr)
                summary.errors += 1
                io_error = True
                continue
            if options.diff:  # only the diff is printed; exit 1 when there is one (as ruff)
                for d in result.diagnostics:
                    summary.add(d)
                if result.diff:
                    stream.write(result.diff)
                    failed = True
                continue
            diagnostics = result.diagnostics
            if baseline is not None:
                diagnostics = baseline.filter(result.path, diagnostics, result.lines,
                                              {r.code for r in rules}, (result.facts or {}).get("cable_id"))
            for d in diagnostics:
                failed = failed or d.severity >= threshold
            if shown > Severity.INFO:
                summary.hidden += len(diagnostics)
                diagnostics = [d for d in diagnostics if d.severity >= shown]
                summary.hidden -= len(diagnostics)
            for d in diagnostics:
                summary.add(d)
            reporter.file(result.path, diagnostics, result.lines)
        if not options.diff:
            reporter.end(summary)
        return summary, failed, io_error

    if options.output_file:
        from .atomic import atomic_write  # only for a report file

        with atomic_write(options.output_file) as stream:
            # A report file is coloured only on request: FORCE_COLOR is meant for terminals and CI logs.
            summary, failed, io_error = run(stream, options.color == "always")
    elif options.fix and not options.diff and "-" in options.paths:
        # check --fix -: stdout carries the fixed text, so the findings go to stderr
        summary, failed, io_error = run(sys.stderr, use_color(options.color, sys.stderr))
    else:
        summary, failed, io_error = run(sys.stdout, use_color(options.color, sys.stdout))
        sys.stdout.flush()
    if baseline is not None:
        stale = baseline.stale()
        kind = "error" if options.strict_baseline else "warning"
        for entry in stale:
            detail = f" ({entry.message})" if entry.message else ""
            print(f"cablelint: {kind}: {options.baseline}: stale baseline entry: {entry.path}: "
                  f"{entry.code}{detail}", file=sys.stderr)
        if stale and options.strict_baseline:
            failed = True
    if baseline is not None:
        summary.baselined = baseline.hidden
    if summary.files == 0:
        print("cablelint: warning: no files were checked: nothing under the given paths matches include, "
              "or all of it is excluded (see --show-files)", file=sys.stderr)
    if not options.quiet:
        print_summary(summary, shown)
        print_fix_summary(summary, options)
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


def statistics_rows(summary) -> list[tuple[int, str, str, str]]:
    """(count, code, severity, name) per rule and severity, most frequent first."""
    from .engine.registry import get_rule

    rows = []
    for (code, severity), count in summary.by_rule_severity.items():
        cls = get_rule(code)
        rows.append((count, code, str(severity), cls.name if cls else ""))
    return sorted(rows, key=lambda r: (-r[0], r[1], r[2]))


class _StatisticsReporter:
    """``--statistics``: only the table of findings per rule and severity (as ruff prints it)."""

    def __init__(self, stream, json_output: bool = False):
        self.stream, self.json_output = stream, json_output

    def begin(self) -> None:
        pass

    def file(self, path, diagnostics, lines) -> None:
        pass

    def end(self, summary) -> None:
        rows = statistics_rows(summary)
        if self.json_output:
            import json

            records = [{"code": c, "name": n, "severity": s, "count": k} for k, c, s, n in rows]
            self.stream.write(json.dumps(records, indent=2) + "\n")
            return
        widths = [max((len(str(r[i])) for r in rows), default=0) for i in range(3)]
        for count, code, severity, name in rows:
            self.stream.write(f"{count:>{widths[0]}}  {code:<{widths[1]}}  {severity:<{widths[2]}}  {name}".rstrip()
                              + "\n")


def print_summary(summary, shown=Severity.INFO) -> None:
    parts = [f"{summary.counts.get(s, 0)} {s}{'s' if summary.counts.get(s, 0) != 1 else ''}"
             for s in ("error", "warning", "info") if Severity.parse(s) >= shown]
    notes = []
    if summary.hidden:
        notes.append(f"{summary.hidden} below --show-level {shown} not shown")
    if summary.baselined:
        notes.append(f"{summary.baselined} hidden by the baseline")
    hidden = f" ({'; '.join(notes)})" if notes else ""
    print(f"Checked {summary.files} file{'s' if summary.files != 1 else ''}: " + ", ".join(parts) + hidden + ".",
          file=sys.stderr)


def _findings(count: int) -> str:
    return f"{count} finding{'s' if count != 1 else ''}"


def print_fix_summary(summary, options: Options) -> None:
    """ruff's fix hints, on stderr: what was fixed, what --fix (and --unsafe-fixes) would fix."""
    hidden = 0 if options.unsafe_fixes else summary.fixable_unsafe
    more = f" ({hidden} more fix{'es' if hidden != 1 else ''} available with --unsafe-fixes)" if hidden else ""
    if options.diff:
        if summary.fixed or hidden:
            print(f"Would fix {_findings(summary.fixed)}{more}.", file=sys.stderr)
    elif options.fix:
        if summary.fixed or hidden:
            print(f"Fixed {_findings(summary.fixed)}{more}.", file=sys.stderr)
    else:
        fixable = summary.fixable + (summary.fixable_unsafe if options.unsafe_fixes else 0)
        flags = "--fix --unsafe-fixes" if options.unsafe_fixes and summary.fixable_unsafe else "--fix"
        if fixable:
            print(f"{fixable} fixable with {flags}{more}.", file=sys.stderr)
        elif hidden:
            print(f"{hidden} fix{'es' if hidden != 1 else ''} available with --fix --unsafe-fixes.",
                  file=sys.stderr)


def show_files(options: Options) -> int:
    """``check --show-files``: the files discovery would check, one per line, in checking order."""
    from .discovery import collect

    resolver = Resolver(options.config, options.isolated)
    for target in collect(options.paths, resolver, options.force_exclude, options.stdin_filename):
        print(target.path)
    return EXIT_CLEAN


def show_settings(options: Options, path: str) -> int:
    """``check --show-settings FILE``: the configuration that applies to FILE, value by value,
    with where each value came from (a file and line, the command line, or the default)."""
    from .engine.registry import all_rules

    resolver = Resolver(options.config, options.isolated)
    settings = resolver.for_path(path) if path != "-" else resolver.for_directory(".")
    origins = settings.origins
    cli = {"select": options.select, "ignore": options.ignore or None,
           "extend-select": options.extend_select or None, "fail-level": options.fail_level,
           "show-level": options.show_level, "output-format": options.output_format,
           "force-exclude": options.force_exclude or None}
    if options.isolated:
        source = "none (--isolated)"
    elif options.config:
        source = f"{os.path.abspath(options.config)} (--config)"
    else:
        source = settings.source or "none found (defaults)"
    lines = [f"Settings for {path}", f"  configuration file: {source}"]

    def show(key: str, value) -> None:
        if cli.get(key) is not None:
            where = "command line"
            value = cli[key]
            if key in ("select", "ignore", "extend-select") and origins.get(key):
                where += f" (on top of {origins[key]})"
        else:
            where = origins.get(key, "default")
        if isinstance(value, (list, tuple)):
            value = "[" + ", ".join(f'"{getattr(v, "text", v)}"' for v in value) + "]"
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif value is None:
            value = "(none)"
        elif not isinstance(value, int):
            value = f'"{value}"'
        lines.append(f"  {key} = {value}  # {where}")

    show("select", settings.select if settings.select is not None else None)
    show("ignore", settings.ignore)
    show("extend-select", settings.extend_select)
    show("include", settings.include)
    show("exclude", settings.exclude)
    if "extend-exclude" in origins:
        lines[-1] += f", extend-exclude at {origins['extend-exclude']}"
    show("respect-gitignore", settings.respect_gitignore)
    show("force-exclude", settings.force_exclude)
    show("fail-level", str(settings.fail_level) if settings.fail_level else "error")
    show("show-level", str(settings.show_level) if settings.show_level else "info")
    show("output-format", settings.output_format or "full")
    show("declass-horizon-days", settings.declass_horizon_days)
    absolute = os.path.abspath(path)
    for pattern, codes in settings.per_file_ignores:
        if pattern.matches(absolute):
            where = origins.get(f"per-file-ignores.{pattern.text}", origins.get("per-file-ignores"))
            codes_text = ", ".join(f'"{c}"' for c in codes)
            lines.append(f'  per-file-ignores."{pattern.text}" = [{codes_text}]  # {where} (matches this file)')
    for code, level in sorted(settings.severity.items()):
        where = next((origins[k] for k in (f"severity.{code}", f"severity.{code.lower()}", "severity")
                      if k in origins), "default")
        lines.append(f'  severity.{code} = "{level}"  # {where}')
    rules = RuleSets(options).for_target(path, settings)
    lines.append(f"  rules enabled ({len(rules)}): " + ", ".join(r.code for r in rules))
    print("\n".join(lines))
    return EXIT_CLEAN


def write_baseline(options: Options, file: str) -> int:
    """``cablelint baseline write FILE PATHS...``: record every current finding."""
    from .baseline import entries_for, write

    base_dir = os.path.dirname(os.path.abspath(file))
    entries = []
    io_error = False
    for _target, result, _rules in iterate(options, facts="id"):
        if result.error:
            print(f"cablelint: error: {result.error}", file=sys.stderr)
            io_error = True
            continue
        entries.extend(entries_for(result.path, result.diagnostics, result.lines, base_dir,
                                   (result.facts or {}).get("cable_id")))
    if io_error:
        print(f"cablelint: error: baseline not written to {file} because some files could not be read",
              file=sys.stderr)
        return EXIT_ERROR
    write(file, entries)
    print(f"Wrote {len(entries)} finding{'s' if len(entries) != 1 else ''} to {file}.", file=sys.stderr)
    return EXIT_CLEAN


def update_baseline(options: Options, file: str) -> int:
    """``cablelint baseline update FILE [PATHS...]``: check PATHS against the baseline and rewrite
    it without its stale entries (moved cables at their new paths); new findings are not added."""
    from .baseline import Baseline, write

    baseline = Baseline.load(file)
    io_error = False
    for _target, result, rules in iterate(options, facts="id"):
        if result.error:
            print(f"cablelint: error: {result.error}", file=sys.stderr)
            io_error = True
            continue
        baseline.filter(result.path, result.diagnostics, result.lines, {r.code for r in rules},
                        (result.facts or {}).get("cable_id"))
    if io_error:
        print(f"cablelint: error: baseline {file} not updated because some files could not be read",
              file=sys.stderr)
        return EXIT_ERROR
    kept = baseline.updated()
    dropped = len(baseline.entries) - len(kept)
    write(file, kept)
    print(f"Updated {file}: kept {len(kept)} finding{'s' if len(kept) != 1 else ''}, dropped {dropped} stale "
          f"entr{'ies' if dropped != 1 else 'y'}" + (f", {len(baseline.moved)} at a new path" if baseline.moved else "")
          + ".", file=sys.stderr)
    return EXIT_CLEAN


__all__ = ["ConfigError", "Options", "UsageError", "run_check", "write_baseline", "selected_codes"]
