"""The ``cablelint`` entry point: a plain one-file ``check`` starts without importing click.

Click and the full command line (``validator.cli``) cost ~20 ms of start-up, a third of a
one-file check. ``main`` recognises only the simplest ``check`` command lines (paths and a
few flags, nothing that takes a value) and runs them exactly as ``cli.check`` would, with
the same defaults; every other command line, including anything unusual about these (``--``,
``-`` for standard input, a path that starts with ``-``, shell completion), goes to click.
"""

from __future__ import annotations

import os
import sys

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

# Flags of `check` that take no value -> the keyword that ``cli.check`` passes to Options.
_FAST_FLAGS = {
    "--isolated": "isolated", "--exit-zero": "exit_zero", "-q": "quiet", "--quiet": "quiet",
    "--statistics": "statistics", "--force-exclude": "force_exclude", "--no-progress": "no_progress",
    "--no-cache": "no_cache",
}


def _echo_err(message: str) -> None:
    import click  # only when something went wrong

    click.echo(message, err=True)


def _user_errors() -> tuple:
    """The exceptions that are user errors; imported only when something was raised
    (the baseline module costs ~10 ms of start-up that a plain check does not need)."""
    from .baseline import BaselineError
    from .config import ConfigError
    from .discovery import PathError
    from .linter import UsageError

    return (ConfigError, BaselineError, PathError, UsageError)


def guarded(run) -> None:
    """Run a command body: user errors print one line and exit 2, never a traceback."""
    try:
        code = run()
    except _user_errors() as exc:  # evaluated only when an exception propagates
        _echo_err(f"cablelint: error: {exc}")
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        # The reader went away (`cablelint check . | head`): stop quietly, as ruff does.
        try:  # keep the interpreter's final flush from raising again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        sys.exit(EXIT_CLEAN)
    except OSError as exc:
        name = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        _echo_err(f"cablelint: error: {name}{exc.strerror or exc}")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _echo_err("cablelint: interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug: one line, a hint, exit 2
        _echo_err(f"cablelint: internal error: {type(exc).__name__}: {exc} (this is a bug; please report it "
                  "with the command line and, if you can, the file)")
        sys.exit(EXIT_ERROR)
    sys.exit(code)


def fast_check_arguments(argv: list[str]) -> dict | None:
    """The keyword arguments of ``cli.check`` for a simple ``check`` command line, else None."""
    if not argv or argv[0] != "check" or any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    flags: dict = {}
    paths: list[str] = []
    for arg in argv[1:]:
        if arg.startswith("-"):
            name = _FAST_FLAGS.get(arg)
            if name is None:
                return None  # an option with a value, --help, "-", "--", a combined short flag...
            flags[name] = True
        elif arg:
            paths.append(arg)
        else:
            return None
    return {"paths": tuple(paths), **flags}


def run_fast_check(arguments: dict) -> None:
    """``cli.check`` with click's defaults for every option not given (keep the two in step)."""
    from .linter import Options, run_check

    options = Options(
        paths=arguments["paths"] or (".",), select=None, ignore=[], extend_select=[], config=None,
        isolated=arguments.get("isolated", False), force_exclude=arguments.get("force_exclude", False),
        stdin_filename=None, fail_level=None, output_format=None, output_file=None,
        statistics=arguments.get("statistics", False), color="auto", exit_zero=arguments.get("exit_zero", False),
        baseline=None, strict_baseline=False, jobs=0, as_of=None, fix=False, unsafe_fixes=False, diff=False,
        show_level=None, quiet=arguments.get("quiet", False), progress=not arguments.get("no_progress", False),
        cache=not arguments.get("no_cache", False), cache_dir=None)
    guarded(lambda: run_check(options))


def main() -> None:
    try:
        arguments = fast_check_arguments(sys.argv[1:])
        if arguments is not None:
            _pause_collector()
            run_fast_check(arguments)
        from .cli import main as click_main

        click_main()
    finally:
        _skip_final_collection()


def _pause_collector() -> None:
    """Start-up (imports, configuration, rules, parser tables) allocates objects that all live to
    the end of the run, so the cyclic garbage collector's passes over them (~2 ms of a one-file
    check) free nothing: it is off until the files are checked (``parallel.ordered_map`` turns it
    back on when it freezes what start-up left)."""
    import gc

    gc.disable()
    from . import parallel

    parallel.resume_collector = True


def _skip_final_collection() -> None:
    """The process is ending: keep what is alive out of the interpreter's last garbage collection.

    At exit CPython collects once more over every object the run left (modules, parser tables,
    compiled patterns: ~5 ms of a one-file check's ~50), only to free memory the operating system
    takes back anyway. Frozen objects are skipped by that collection; nothing else changes
    (every output is written and closed by then; the standard streams are flushed after it)."""
    import gc

    gc.freeze()
