"""Check many files on several cores: results in input order, bounded memory, no lost files.

``check_files(paths, rules, jobs)`` yields one ``FileResult`` per path, in the order the
paths came, whatever ``jobs`` is. Paths are consumed lazily and at most a few chunks
per worker are in flight, so memory stays flat however large the archive. A file that
cannot be read, that makes the checker raise, or that kills its worker process
becomes an error result for that file alone; every other file is still checked.

Small runs (fewer than ``MIN_FILES_PER_JOB`` files per worker) stay in-process: starting
worker processes costs more than it saves, and a one-file pre-commit check should not
import multiprocessing at all.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections import deque
from typing import Iterable, Iterator

from .checker import FileResult, check_path

CHUNK_SIZE = 16  # files per task: amortises inter-process overhead, keeps order cheap
IN_FLIGHT_PER_JOB = 4  # chunks queued per worker: bounds memory, keeps workers busy
MIN_FILES_PER_JOB = 8


def default_jobs() -> int:
    return os.cpu_count() or 1


def check_one(path: str, rules) -> FileResult:
    """Check one file; any exception becomes an error result instead of ending the run."""
    try:
        return check_path(path, rules)
    except Exception as exc:  # a checker bug on one pathological file must not hide the others
        return FileResult(path, [], None, f"{path}: internal error while checking: {type(exc).__name__}: {exc}")


def check_files(paths: Iterable[str], rules, jobs: int | None = None,
                chunk_size: int = CHUNK_SIZE) -> Iterator[FileResult]:
    """Yield a result per path, in input order; ``jobs`` None or 0 means one per core."""
    jobs = default_jobs() if not jobs or jobs < 1 else jobs
    # Everything alive now (modules, parser tables, rules) lives as long as the run:
    # keep it out of the cyclic GC's scans (about 10% of a full check's time).
    gc.freeze()
    paths = iter(paths)
    head = list(itertools.islice(paths, jobs * MIN_FILES_PER_JOB)) if jobs > 1 else []
    if jobs == 1 or len(head) < jobs * MIN_FILES_PER_JOB:
        for path in itertools.chain(head, paths):
            yield check_one(path, rules)
        return
    yield from _parallel(itertools.chain(head, paths), rules, jobs, chunk_size)


# --------------------------------------------------------------- workers -------

_RULES = None


def _init_worker(rules) -> None:
    global _RULES
    _RULES = rules
    gc.freeze()


def _check_chunk(chunk: list[str]) -> list[FileResult]:
    return [check_one(path, _RULES) for path in chunk]


def _chunks(paths: Iterator[str], size: int) -> Iterator[list[str]]:
    while True:
        chunk = list(itertools.islice(paths, size))
        if not chunk:
            return
        yield chunk


def _parallel(paths: Iterator[str], rules, jobs: int, chunk_size: int) -> Iterator[FileResult]:
    from concurrent.futures.process import BrokenProcessPool

    from .parser import _runtime

    _runtime()  # load the parser tables once, before forking, so workers inherit them
    pool = _new_pool(rules, jobs)
    pending: deque = deque()  # (chunk, future) in input order
    chunks = _chunks(paths, chunk_size)
    try:
        while True:
            while len(pending) < jobs * IN_FLIGHT_PER_JOB:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending.append((chunk, _submit(pool, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # A worker died (crash, OOM kill): the pool is unusable. Retry this chunk
                # one file per fresh pool to isolate the culprit, then resubmit the rest.
                pool.shutdown(wait=True, cancel_futures=True)
                results = [_isolated(path, rules) for path in chunk]
                pool = _new_pool(rules, jobs)
                pending = deque((c, f if f.done() and f.exception() is None else _submit(pool, c))
                                for c, f in pending)
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool, chunk):
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_check_chunk, chunk)
    except BrokenProcessPool as exc:  # reported when the chunk's result is read
        from concurrent.futures import Future

        future: Future = Future()
        future.set_exception(exc)
        return future


def _new_pool(rules, jobs: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(rules,))


def _isolated(path: str, rules) -> FileResult:
    """Check one file in its own single-worker pool; a crash there is that file's error."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _new_pool(rules, 1)
    try:
        return pool.submit(_check_chunk, [path]).result()[0]
    except BrokenProcessPool:
        return FileResult(path, [], None, f"{path}: internal error: the checking process died on this file")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
