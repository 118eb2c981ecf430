"""Check many files on several cores: results in input order, bounded memory, no lost files.

``ordered_map(fn, items, jobs, error=...)`` runs ``fn(item)`` in worker processes and
yields ``(item, result)`` in the order the items came, whatever ``jobs`` is. Items are
consumed lazily and at most a few chunks per worker are in flight, so memory stays
flat however large the archive. When ``fn`` raises, or its worker process dies, the
result for that item alone is ``error(item, message)``; every other item still runs.
``fn`` and ``error`` must be module-level functions (they are sent to the workers by
name) and items must pickle (a file path, or a (target, rules) pair).

``check_files(paths, rules, jobs)`` is the plain use: one ``FileResult`` per path.

Small runs (fewer than ``MIN_ITEMS_PER_JOB`` items per worker) stay in-process: starting
workers costs more than it saves, and a one-file pre-commit check should not import
multiprocessing at all.
"""

from __future__ import annotations

import gc
import itertools
import math
import os
from collections import deque
TYPE_CHECKING = False  # typing costs ~3 ms of a one-file check; annotations only
if TYPE_CHECKING:
    from typing import Callable, Iterable, Iterator

from .checker import FileResult, check_path

CHUNK_SIZE = 16  # items per task at first: amortises inter-process overhead, keeps ordering cheap
# GROWING_CHUNKS: chunks double (after one round of ``jobs`` chunks at each size) up to this size: a
# chunk costs the process that collects results about 0.5 ms (a future, queue and pipe traffic, thread
# hand-offs), and with two cores that process competes with the workers; small first chunks keep a
# small run balanced and its first results early. check --jobs 2 over the shared corpus: 16 all along
# 1.55 s wall (collector 0.30 s CPU), growing to 64 1.47 s (0.22 s).
MAX_CHUNK_SIZE = 64
IN_FLIGHT_PER_JOB = 4  # chunks queued per worker: bounds memory, keeps workers busy
MIN_ITEMS_PER_JOB = 8
# Set by the ``cablelint`` entry point when it ran start-up with the collector off: the first
# ordered_map turns it back on (the files are checked with a collector, as in any other use).
resume_collector = False


# USABLE_CPUS: ``--jobs 0`` (the default) starts a worker per CPU this process may use, reading the limits
# ruff's available_parallelism reads: the CPUs of its affinity mask (taskset, a container's cpuset; on
# Python 3.13+ os.process_cpu_count, which also honours PYTHON_CPU_COUNT), capped by the smallest cgroup
# CPU quota of its cgroup and those above it (docker --cpus, Kubernetes limits, a systemd slice's
# CPUQuota), not every CPU of the machine: on a 64-CPU host a container allowed 2 would start 64 workers
# that the quota throttles. A part of a CPU is rounded up (ruff rounds down): a worker on half a CPU still
# adds to the throughput of a run.
CGROUP_ROOT = "/sys/fs/cgroup"
_CGROUP_V1_CPU = ("cpu", "cpu,cpuacct")  # where the v1 cpu hierarchy is mounted under CGROUP_ROOT


def default_jobs() -> int:
    """How many workers ``--jobs 0`` starts (USABLE_CPUS): at least one."""
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        count = counter() or 1
    else:
        try:
            count = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # (not on every platform)
            count = os.cpu_count() or 1
    quota = cgroup_cpu_quota()
    if quota is not None:
        count = min(count, max(1, math.ceil(quota)))
    return max(1, count)


def cgroup_cpu_quota(root: str = CGROUP_ROOT) -> float | None:
    """The smallest CPU quota (quota / period, in CPUs) of this process's cgroup and every cgroup above it,
    or None when none has one: cgroup v2 ``cpu.max`` ("max 100000" is none), and cgroup v1
    ``cpu.cfs_quota_us`` with ``cpu.cfs_period_us`` (-1 is none), the paths read from /proc/self/cgroup."""
    v2, v1 = _own_cgroups()
    quotas = [_read_quota(os.path.join(d, "cpu.max"), None) for d in _up_from(root, v2)]
    for mount in _CGROUP_V1_CPU:
        quotas += [_read_quota(os.path.join(d, "cpu.cfs_quota_us"), os.path.join(d, "cpu.cfs_period_us"))
                   for d in _up_from(os.path.join(root, mount), v1)]
    found = [q for q in quotas if q]
    return min(found) if found else None


def _up_from(base: str, path: str | None) -> list[str]:
    """``base`` + ``path`` and each directory above it up to ``base`` (``base`` alone for a path outside
    this view of the hierarchy, which a cgroup namespace shows with "..")."""
    parts = [part for part in (path or "").split("/") if part]
    if ".." in parts:
        parts = []
    return [os.path.join(base, *parts[:n]) for n in range(len(parts), -1, -1)]


def _own_cgroups() -> tuple[str | None, str | None]:
    """This process's cgroup v2 path ("0::/path") and v1 path of the cpu controller ("N:cpu,cpuacct:/path")
    from /proc/self/cgroup, each None when absent."""
    v2 = v1 = None
    try:
        with open("/proc/self/cgroup", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                fields = line.rstrip("\n").split(":", 2)
                if len(fields) != 3:
                    continue
                if fields[0] == "0" and fields[1] == "":
                    v2 = fields[2]
                elif "cpu" in fields[1].split(","):
                    v1 = fields[2]
    except OSError:
        pass
    return v2, v1


def _read_quota(path: str, period_path: str | None) -> float | None:
    """CPUs from a quota file: a positive number, 0.0 for "no quota", None when unreadable or malformed."""
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            fields = handle.read().split()
        if period_path is not None:
            with open(period_path, encoding="ascii", errors="replace") as handle:
                fields += handle.read().split()
    except OSError:
        return None
    if len(fields) != 2:
        return None
    if fields[0] in ("max", "-1"):
        return 0.0
    try:
        quota, period = int(fields[0]), int(fields[1])
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


# ------------------------------------------------------------ shared values ----

class SharedList(list):
    """A list sent to the worker processes once per content, not once per chunk (SHARED_RULES: the
    rule instances of a file's settings ride with every chunk of files, and unpickling 53 rules cost
    180 us a chunk, 11 us a file). Pickled, it is its content pickled once in this process; a worker
    unpickles each content once and hands out the same list again. Keyed by the pickled bytes
    themselves (pickled again at every send: a list changed meanwhile is sent as it is now), so a
    worker never gets another content's list. Here it is the list itself."""

    __slots__ = ()

    def __reduce_ex__(self, protocol):
        import pickle

        return _shared_list, (pickle.dumps(list(self), pickle.HIGHEST_PROTOCOL),)

    # copy uses __reduce_ex__ too: a copy must be a new list, not the one kept for that content
    def __copy__(self) -> "SharedList":
        return SharedList(self)

    def __deepcopy__(self, memo) -> "SharedList":
        import copy

        return SharedList(copy.deepcopy(list(self), memo))


_SHARED: dict[bytes, list] = {}  # in a worker: the lists unpickled so far, by their pickled bytes
_SHARED_MAX = 64  # distinct contents kept (one per configuration in a run; a bound, not a need)


def _shared_list(pickled: bytes) -> list:
    found = _SHARED.get(pickled)
    if found is None:
        import pickle

        if len(_SHARED) >= _SHARED_MAX:
            _SHARED.clear()
        found = _SHARED[pickled] = pickle.loads(pickled)
    return found


# ------------------------------------------------------------ file checking ----

def file_error(item, message: str) -> FileResult:
    """The result for a file whose check raised or killed its worker."""
    path = item[0] if isinstance(item, tuple) else item
    path = getattr(path, "path", path)  # the linter's items carry a discovery Target
    return FileResult(path, [], None, f"{path}: {message}")


def _check_task(item) -> FileResult:
    path, rules = item
    result = check_path(path, rules)  # an exception becomes file_error() in ordered_map
    if not result.diagnostics:
        result.lines = None  # only findings need the source lines; don't ship them between processes
    return result


def check_files(paths: Iterable[str], rules, jobs: int | None = None, chunk_size: int = CHUNK_SIZE,
                max_chunk_size: int = MAX_CHUNK_SIZE) -> Iterator[FileResult]:
    """Yield a result per path, in input order; ``jobs`` None or 0 means one per usable CPU (default_jobs)."""
    tasks = ((path, rules) for path in paths)
    for _item, result in ordered_map(_check_task, tasks, jobs, error=file_error, chunk_size=chunk_size,
                                     max_chunk_size=max_chunk_size):
        yield result


# ------------------------------------------------------------ ordered map ------

def ordered_map(fn: Callable, items: Iterable, jobs: int | None = None, *, error: Callable,
                chunk_size: int = CHUNK_SIZE, max_chunk_size: int = MAX_CHUNK_SIZE) -> Iterator[tuple]:
    """Yield ``(item, fn(item))`` in input order, using ``jobs`` processes (None/0: one per usable CPU).
    Items go to the workers in chunks of ``chunk_size``, doubling up to ``max_chunk_size``
    (GROWING_CHUNKS); at most ``jobs * IN_FLIGHT_PER_JOB`` chunks are in flight."""
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    # Everything alive now (modules, parser tables, rules) lives as long as the run:
    # keep it out of the cyclic GC's scans (about 10% of a full check's time).
    gc.freeze()
    global resume_collector
    if resume_collector:
        resume_collector = False
        gc.enable()
    try:
        items = iter(items)
        head = list(itertools.islice(items, jobs * MIN_ITEMS_PER_JOB)) if jobs > 1 else []
        if jobs == 1 or len(head) < jobs * MIN_ITEMS_PER_JOB:
            for item in itertools.chain(head, items):
                yield item, _call(fn, item, error)
            return
        sizes = chunk_sizes(chunk_size, max_chunk_size, jobs)
        yield from _parallel(fn, itertools.chain(head, items), jobs, sizes, error)
    finally:
        gc.unfreeze()  # callers that live on (tests, library use) get a normal collector back


def _call(fn, item, error):
    try:
        return fn(item)
    except Exception as exc:
        return error(item, _internal(exc))


def _internal(exc: BaseException) -> str:
    return (f"internal error while checking: {type(exc).__name__}: {exc} "
            "(this is a bug; please report it with the file if you can)")


def _run_chunk(fn, chunk: list, error) -> list:
    return [_call(fn, item, error) for item in chunk]


def chunk_sizes(first: int, largest: int, jobs: int) -> Iterator[int]:
    """GROWING_CHUNKS: ``jobs`` chunks of ``first`` items, ``jobs`` of twice as many, ... up to ``largest``."""
    size = max(1, first)
    largest = max(size, largest)
    while True:
        for _ in range(jobs):
            yield size
        size = min(size * 2, largest)


def _chunks(items: Iterator, sizes: Iterator[int]) -> Iterator[list]:
    for size in sizes:
        chunk = list(itertools.islice(items, size))
        if not chunk:
            return
        yield chunk


def _parallel(fn, items: Iterator, jobs: int, sizes: Iterator[int], error) -> Iterator[tuple]:
    from concurrent.futures.process import BrokenProcessPool

    from .parser import _runtime

    _runtime()  # load the parser tables once, before forking, so workers inherit them
    pool = _new_pool(jobs)
    pending: deque = deque()  # (chunk, future) in input order
    chunks = _chunks(items, sizes)
    try:
        while True:
            while len(pending) < jobs * IN_FLIGHT_PER_JOB:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending.append((chunk, _submit(pool, fn, chunk, error)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # A worker died (crash, OOM kill): the pool is unusable. Retry this chunk
                # one item per fresh pool to isolate the culprit, then resubmit the rest.
                pool.shutdown(wait=True, cancel_futures=True)
                results = [_isolated(fn, item, error) for item in chunk]
                pool = _new_pool(jobs)
                pending = deque((c, f if f.done() and f.exception() is None else _submit(pool, fn, c, error))
                                for c, f in pending)
            yield from zip(chunk, results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool, fn, chunk, error):
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_run_chunk, fn, chunk, error)
    except BrokenProcessPool as exc:  # reported when the chunk's result is read
        from concurrent.futures import Future

        future: Future = Future()
        future.set_exception(exc)
        return future


def _new_pool(jobs: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=gc.freeze)


def _isolated(fn, item, error):
    """Run one item in its own single-worker pool; a crash there is that item's error."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _new_pool(1)
    try:
        return pool.submit(_run_chunk, fn, [item], error).result()[0]
    except BrokenProcessPool:
        return error(item, "internal error: the checking process died on this file")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
