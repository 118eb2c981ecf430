"""The options of one run (``check``, ``index``, ``inspect``, ``report``), as given on the command line.

Record classes written out as ``@dataclass`` would generate them (see validator/records.py):
importing ``dataclasses`` costs a one-file check ~8 ms. Add a field to the annotations *and*
to ``__init__``, ``__repr__``, ``__eq__`` and ``_FIELDS``; tests/test_model_records.py checks them.
"""

from __future__ import annotations

from .records import _FACTORY, frozen_delattr, frozen_setattr


class Options:
    paths: tuple = ()
    select: list | None = None
    ignore: list  # default: a new list
    extend_select: list  # default: a new list
    fail_level: str | None = None
    show_level: str | None = None  # lowest severity shown (the exit code still counts every finding)
    quiet: bool = False  # diagnostics only: no summary
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
    jobs: int = 1  # worker processes; 0 = one per usable CPU (parallel.default_jobs)
    as_of: object = None  # datetime.date: reference day of the date-dependent rules (None: today)
    fix: bool = False  # apply safe fixes, rewrite files, report what is left
    unsafe_fixes: bool = False  # unsafe fixes too (with fix or diff); counted in the hints
    diff: bool = False  # print the fixes as a unified diff; write nothing
    progress: bool = True  # progress on stderr when it is a terminal (--no-progress: never)
    cache: bool = False  # reuse and store results in the result cache (check, index, report; not --fix/--diff)
    cache_dir: str | None = None  # --cache-dir (else cache-dir in the config, else .cablelint_cache)

    __match_args__ = ('paths', 'select', 'ignore', 'extend_select', 'fail_level', 'show_level', 'quiet', 'output_format', 'output_file', 'statistics', 'color', 'exit_zero', 'config', 'isolated', 'force_exclude', 'stdin_filename', 'baseline', 'strict_baseline', 'jobs', 'as_of', 'fix', 'unsafe_fixes', 'diff', 'progress', 'cache', 'cache_dir')
    _FIELDS = __match_args__

    def __init__(self, paths=(), select=None, ignore=_FACTORY, extend_select=_FACTORY, fail_level=None, show_level=None, quiet=False, output_format=None, output_file=None, statistics=False, color='auto', exit_zero=False, config=None, isolated=False, force_exclude=False, stdin_filename=None, baseline=None, strict_baseline=False, jobs=1, as_of=None, fix=False, unsafe_fixes=False, diff=False, progress=True, cache=False, cache_dir=None):
        self.paths = paths
        self.select = select
        self.ignore = [] if ignore is _FACTORY else ignore
        self.extend_select = [] if extend_select is _FACTORY else extend_select
        self.fail_level = fail_level
        self.show_level = show_level
        self.quiet = quiet
        self.output_format = output_format
        self.output_file = output_file
        self.statistics = statistics
        self.color = color
        self.exit_zero = exit_zero
        self.config = config
        self.isolated = isolated
        self.force_exclude = force_exclude
        self.stdin_filename = stdin_filename
        self.baseline = baseline
        self.strict_baseline = strict_baseline
        self.jobs = jobs
        self.as_of = as_of
        self.fix = fix
        self.unsafe_fixes = unsafe_fixes
        self.diff = diff
        self.progress = progress
        self.cache = cache
        self.cache_dir = cache_dir

    def __repr__(self):
        return f"{self.__class__.__qualname__}(paths={self.paths!r}, select={self.select!r}, ignore={self.ignore!r}, extend_select={self.extend_select!r}, fail_level={self.fail_level!r}, show_level={self.show_level!r}, quiet={self.quiet!r}, output_format={self.output_format!r}, output_file={self.output_file!r}, statistics={self.statistics!r}, color={self.color!r}, exit_zero={self.exit_zero!r}, config={self.config!r}, isolated={self.isolated!r}, force_exclude={self.force_exclude!r}, stdin_filename={self.stdin_filename!r}, baseline={self.baseline!r}, strict_baseline={self.strict_baseline!r}, jobs={self.jobs!r}, as_of={self.as_of!r}, fix={self.fix!r}, unsafe_fixes={self.unsafe_fixes!r}, diff={self.diff!r}, progress={self.progress!r}, cache={self.cache!r}, cache_dir={self.cache_dir!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.paths, self.select, self.ignore, self.extend_select, self.fail_level, self.show_level, self.quiet, self.output_format, self.output_file, self.statistics, self.color, self.exit_zero, self.config, self.isolated, self.force_exclude, self.stdin_filename, self.baseline, self.strict_baseline, self.jobs, self.as_of, self.fix, self.unsafe_fixes, self.diff, self.progress, self.cache, self.cache_dir) == (other.paths, other.select, other.ignore, other.extend_select, other.fail_level, other.show_level, other.quiet, other.output_format, other.output_file, other.statistics, other.color, other.exit_zero, other.config, other.isolated, other.force_exclude, other.stdin_filename, other.baseline, other.strict_baseline, other.jobs, other.as_of, other.fix, other.unsafe_fixes, other.diff, other.progress, other.cache, other.cache_dir)
        return NotImplemented

    __hash__ = None  # mutable: unhashable, as a dataclass with eq


class FixMode:
    """What ``check`` does with fixes in a worker: apply them (``write``) or only diff them."""

    unsafe: bool = False
    write: bool = True

    __match_args__ = ('unsafe', 'write')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, unsafe=False, write=True):
        d = self.__dict__
        d['unsafe'] = unsafe
        d['write'] = write

    def __repr__(self):
        return f"{self.__class__.__qualname__}(unsafe={self.unsafe!r}, write={self.write!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.unsafe, self.write) == (other.unsafe, other.write)
        return NotImplemented

    def __hash__(self):
        return hash((self.unsafe, self.write))
