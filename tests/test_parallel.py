"""check over many files: same output whatever --jobs, and one bad file never sinks the run."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from conftest import SEED
from validator import checker, parallel
from validator.cli import main
from validator.engine import Rule
from validator.engine.runner import select_rules

CABLE = SEED.read_text(encoding="utf-8")


class EveryParagraph(Rule):
    """Test-only rule (not registered): one finding per paragraph, so every file has output."""

    code = "TST001"
    name = "every-paragraph"
    summary = "test rule"

    def check(self, doc):
        for p in doc.paragraphs:
            yield (f"paragraph {p.number} of {os.path.basename(doc.path)}", p.span)


class ExitOnMarkedFile(Rule):
    """Test-only rule: kills its worker process on files whose name contains 'crash'."""

    code = "TST002"
    name = "exit-on-marked-file"
    summary = "test rule"

    def check(self, doc):
        if "crash" in os.path.basename(doc.path):
            os._exit(3)
        return ()


def _corpus(tmp_path, count=48):
    paths = []
    for i in range(count):
        path = tmp_path / f"{i:03d}.txt"
        # vary the content so results differ per file
        path.write_text(CABLE.replace("1. (C)", f"{i % 7 + 1}. (C)", 1), encoding="utf-8")
        paths.append(str(path))
    return paths


def _flat(results):
    return [(r.path, r.error, [(d.code, d.message, d.span) for d in r.diagnostics]) for r in results]


def test_results_are_identical_and_in_input_order_for_any_jobs(tmp_path):
    paths = _corpus(tmp_path)
    rules = [EveryParagraph()]
    one = _flat(parallel.check_files(iter(paths), rules, jobs=1))
    two = _flat(parallel.check_files(iter(paths), rules, jobs=2, chunk_size=3))
    three = _flat(parallel.check_files(iter(paths), rules, jobs=3, chunk_size=5))
    assert [r[0] for r in one] == paths
    assert all(r[2] for r in one)  # every file produced findings
    assert one == two == three


def test_unreadable_and_crashing_files_yield_errors_and_the_rest_is_checked(tmp_path, monkeypatch):
    paths = _corpus(tmp_path)
    missing = str(tmp_path / "gone.txt")
    paths.insert(5, missing)
    pathological = str(tmp_path / "017.txt")
    real_check_path = parallel.check_path

    def flaky(path, rules):
        if path == pathological:
            raise RecursionError("maximum recursion depth exceeded")
        return real_check_path(path, rules)

    monkeypatch.setattr(parallel, "check_path", flaky)  # inherited by the forked workers
    for jobs in (1, 2):
        results = list(parallel.check_files(iter(paths), [EveryParagraph()], jobs=jobs, chunk_size=4))
        assert [r.path for r in results] == paths
        errors = {r.path: r.error for r in results if r.error}
        assert set(errors) == {missing, pathological}
        assert "cannot read" in errors[missing] and "RecursionError" in errors[pathological]
        assert all(r.diagnostics for r in results if not r.error)


def test_a_worker_that_dies_costs_only_its_own_file(tmp_path):
    paths = _corpus(tmp_path, 40)
    crash = tmp_path / "crash.txt"
    crash.write_text(CABLE, encoding="utf-8")
    paths.insert(9, str(crash))
    results = list(parallel.check_files(iter(paths), [EveryParagraph(), ExitOnMarkedFile()], jobs=2, chunk_size=4))
    assert [r.path for r in results] == paths
    assert [r.path for r in results if r.error] == [str(crash)]
    assert "died" in results[9].error
    expected = _flat(parallel.check_files(iter(p for p in paths if p != str(crash)), [EveryParagraph()], jobs=1))
    assert _flat(r for r in results if not r.error) == expected


def test_small_runs_stay_in_process(tmp_path, monkeypatch):
    def no_pool(*_args, **_kwargs):
        raise AssertionError("a worker pool was started for a handful of files")

    monkeypatch.setattr(parallel, "_parallel", no_pool)
    paths = _corpus(tmp_path, 3)
    assert len(list(parallel.check_files(iter(paths), [], jobs=2))) == 3


def test_paths_are_consumed_lazily_with_bounded_look_ahead(tmp_path):
    paths = _corpus(tmp_path, 4)
    consumed = []

    def endless():
        i = 0
        while True:
            consumed.append(i)
            yield paths[i % len(paths)]
            i += 1

    for first, largest in ((2, 2), (2, 8)):
        consumed.clear()
        results = parallel.check_files(endless(), [], jobs=2, chunk_size=first, max_chunk_size=largest)
        for _ in range(50):
            next(results)
        results.close()
        # at most the in-flight window (of the largest chunks) beyond what was yielded
        assert len(consumed) <= 50 + 2 * parallel.IN_FLIGHT_PER_JOB * largest + 2 * parallel.MIN_ITEMS_PER_JOB


def test_chunks_grow_after_a_round_of_each_size():
    """GROWING_CHUNKS: a round of ``jobs`` chunks at each size, doubling up to the largest."""
    import itertools

    assert list(itertools.islice(parallel.chunk_sizes(16, 64, 2), 8)) == [16, 16, 32, 32, 64, 64, 64, 64]
    assert list(itertools.islice(parallel.chunk_sizes(3, 10, 1), 4)) == [3, 6, 10, 10]
    assert list(itertools.islice(parallel.chunk_sizes(5, 2, 2), 3)) == [5, 5, 5]  # (never below the first)
    assert list(itertools.islice(parallel.chunk_sizes(0, 0, 1), 2)) == [1, 1]
    chunks = list(parallel._chunks(iter(range(100)), parallel.chunk_sizes(16, 64, 2)))
    assert [len(c) for c in chunks] == [16, 16, 32, 32, 4] and sum(chunks, []) == list(range(100))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_exit_code_2_when_a_file_cannot_be_read_and_others_still_reported(tmp_path, jobs):
    if not os.path.exists("/proc/self/mem"):
        pytest.skip("needs /proc to make a file unreadable as root")
    _corpus(tmp_path, 30)
    os.symlink("/proc/self/mem", tmp_path / "015b.txt")  # is_file() but every read fails with EIO
    result = CliRunner().invoke(main, ["check", "-j", jobs, str(tmp_path)])
    assert result.exit_code == 2
    assert "015b.txt: cannot read" in result.output
    assert "Checked 31 files" in result.output


def test_cli_output_is_identical_for_jobs_1_and_2(tmp_path, monkeypatch):
    _corpus(tmp_path, 30)

    real = checker.run_rules
    extra = EveryParagraph()

    def with_test_rule(doc, rules):  # findings on every file, whatever rules are registered
        return sorted(real(doc, rules) + list(extra.run(doc)), key=lambda d: d.sort_key())

    monkeypatch.setattr(checker, "run_rules", with_test_rule)  # forked workers inherit the patch
    outputs = [CliRunner().invoke(main, ["check", "-j", jobs, str(tmp_path)]) for jobs in ("1", "2")]
    assert outputs[0].exit_code == outputs[1].exit_code
    assert "TST001" in outputs[0].output
    assert outputs[0].output == outputs[1].output


def _per_item_task(item):
    path, rules = item
    return checker.check_path(path, rules)


def test_ordered_map_keeps_per_item_rules_and_yields_the_items(tmp_path):
    # The linter gives each file its own rule set (per-file ignores): items carry them.
    paths = _corpus(tmp_path, 40)
    items = [(p, [EveryParagraph()] if i % 3 == 0 else []) for i, p in enumerate(paths)]
    pairs = list(parallel.ordered_map(_per_item_task, iter(items), jobs=2, error=parallel.file_error, chunk_size=3))
    assert [item[0] for item, _result in pairs] == paths
    assert [bool(result.diagnostics) for _item, result in pairs] == [i % 3 == 0 for i in range(40)]


def test_ordered_map_turns_a_collector_paused_by_the_entry_point_back_on():
    """`cablelint check` runs start-up with the cyclic GC off (validator/entry.py); the files are
    checked with it on, and a collector that was off for another reason stays off."""
    import gc

    was = gc.isenabled()
    try:
        gc.disable()
        parallel.resume_collector = True
        assert list(parallel.ordered_map(len, ["ab"], 1, error=parallel.file_error)) == [("ab", 2)]
        assert gc.isenabled() and parallel.resume_collector is False
        gc.disable()
        assert list(parallel.ordered_map(len, ["abc"], 1, error=parallel.file_error)) == [("abc", 3)]
        assert not gc.isenabled()
    finally:
        parallel.resume_collector = False
        if was:
            gc.enable()


def test_a_shared_list_is_unpickled_once_per_content():
    """SHARED_RULES: each chunk carries its files' rules; a worker unpickles a content once and hands
    the same list out again, and never another content's list."""
    import pickle

    parallel._SHARED.clear()
    first = parallel.SharedList(["a", ("b", 1)])
    again = pickle.loads(pickle.dumps(first))
    assert again == ["a", ("b", 1)] and pickle.loads(pickle.dumps([first, first])) == [again, again]
    assert pickle.loads(pickle.dumps(first))[0] is again[0]  # (the same list, not a copy)
    assert pickle.loads(pickle.dumps(parallel.SharedList(["a", ("b", 1)]))) is again
    other = pickle.loads(pickle.dumps(parallel.SharedList(["a", ("b", 2)])))
    assert other == ["a", ("b", 2)] and other is not again
    for n in range(parallel._SHARED_MAX + 1):  # bounded
        pickle.loads(pickle.dumps(parallel.SharedList([n])))
    assert len(parallel._SHARED) <= parallel._SHARED_MAX


def test_rules_shared_with_workers_give_the_serial_results(tmp_path):
    paths = _corpus(tmp_path, 40)
    rules = parallel.SharedList(select_rules())
    assert _flat(parallel.check_files(iter(paths), rules, jobs=2, chunk_size=3, max_chunk_size=8)) \
        == _flat(parallel.check_files(iter(paths), rules, jobs=1))


def test_a_shared_list_changed_after_a_send_is_sent_as_it_is_now():
    import pickle

    shared = parallel.SharedList([1, 2])
    assert pickle.loads(pickle.dumps(shared)) == [1, 2]
    shared.append(3)
    assert pickle.loads(pickle.dumps(shared)) == [1, 2, 3]


def test_a_copy_of_a_shared_list_is_a_new_list():
    import copy

    shared = parallel.SharedList([[1], 2])
    shallow, deep = copy.copy(shared), copy.deepcopy(shared)
    assert shallow == deep == shared and shallow is not deep and shallow is not shared
    assert isinstance(shallow, parallel.SharedList) and deep[0] is not shared[0] and shallow[0] is shared[0]
    shallow.append(3)
    assert deep == shared == [[1], 2]


# --- USABLE_CPUS: --jobs 0 starts a worker per CPU this process may use --------------------------


def _cgroup(tmp_path, files: dict) -> str:
    root = tmp_path / "cgroup"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    root.mkdir(exist_ok=True)
    return str(root)


@pytest.mark.parametrize("files, cpus", [
    ({"cpu.max": "200000 100000\n"}, 2.0),  # cgroup v2: docker --cpus 2
    ({"cpu.max": "150000 100000\n"}, 1.5),
    ({"cpu.max": "max 100000\n"}, None),  # no quota
    ({"cpu/cpu.cfs_quota_us": "50000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 0.5),  # cgroup v1
    ({"cpu,cpuacct/cpu.cfs_quota_us": "300000\n", "cpu,cpuacct/cpu.cfs_period_us": "100000\n"}, 3.0),
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ({"cpu.max": "garbage\n"}, None),  # malformed: no quota read, never an error
    ({"cpu.max": "100000 0\n"}, None),
    ({}, None),
])
def test_cgroup_cpu_quota(tmp_path, monkeypatch, files, cpus):
    monkeypatch.setattr(parallel, "_own_cgroups", lambda: (None, None))
    assert parallel.cgroup_cpu_quota(_cgroup(tmp_path, files)) == cpus


@pytest.mark.parametrize("files, own, cpus", [
    # the process's own cgroup, below the root: its quota counts
    ({"cpu.max": "max 100000\n", "kubepods/pod1/cpu.max": "100000 100000\n"}, ("/kubepods/pod1", None), 1.0),
    # the quota sits on a cgroup above the process's own (a container running systemd, a slice's CPUQuota)
    ({"cpu.max": "200000 100000\n", "init.scope/cpu.max": "max 100000\n"}, ("/init.scope", None), 2.0),
    ({"a/cpu.max": "300000 100000\n", "a/b/cpu.max": "400000 100000\n", "a/b/c/cpu.max": "max 100000\n"},
     ("/a/b/c", None), 3.0),  # the smallest on the way up
    ({"cpu/docker/x/cpu.cfs_quota_us": "150000\n", "cpu/docker/x/cpu.cfs_period_us": "100000\n",
      "cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, (None, "/docker/x"), 1.5),  # v1
    ({"cpu.max": "200000 100000\n", "x/cpu.max": "100000 100000\n"}, ("/../x", None), 2.0),  # outside the view
])
def test_the_quotas_of_the_own_cgroup_and_those_above_it_count(tmp_path, monkeypatch, files, own, cpus):
    monkeypatch.setattr(parallel, "_own_cgroups", lambda: own)
    assert parallel.cgroup_cpu_quota(_cgroup(tmp_path, files)) == cpus


def test_own_cgroups_reads_the_v2_path_and_the_v1_cpu_path(tmp_path, monkeypatch):
    import builtins

    text = "12:memory:/m\n4:cpu,cpuacct:/docker/abc\n0::/system.slice/x.service\nbroken line\n"
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda path, *a, **k: __import__("io").StringIO(text)
                        if path == "/proc/self/cgroup" else real_open(path, *a, **k))
    assert parallel._own_cgroups() == ("/system.slice/x.service", "/docker/abc")


@pytest.mark.parametrize("affinity, quota, jobs", [
    (8, None, 8),  # the CPUs the process may run on
    (8, 2.0, 2),  # capped by the quota
    (8, 1.5, 2),  # a part of a CPU is used: rounded up
    (8, 0.5, 1),
    (2, 16.0, 2),  # a quota above the CPUs allowed changes nothing
])
def test_default_jobs_counts_the_usable_cpus(monkeypatch, affinity, quota, jobs):
    monkeypatch.delattr(parallel.os, "process_cpu_count", raising=False)  # (Python 3.13+)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: set(range(affinity)), raising=False)
    monkeypatch.setattr(parallel, "cgroup_cpu_quota", lambda: quota)
    assert parallel.default_jobs() == jobs


def test_default_jobs_uses_process_cpu_count_where_python_has_it(monkeypatch):
    """Python 3.13+: os.process_cpu_count (the affinity mask, and PYTHON_CPU_COUNT / -X cpu_count)."""
    monkeypatch.setattr(parallel.os, "process_cpu_count", lambda: 3, raising=False)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    monkeypatch.setattr(parallel, "cgroup_cpu_quota", lambda: None)
    assert parallel.default_jobs() == 3


def test_default_jobs_without_an_affinity_call_uses_the_cpu_count(monkeypatch):
    monkeypatch.delattr(parallel.os, "process_cpu_count", raising=False)
    monkeypatch.delattr(parallel.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 6)
    monkeypatch.setattr(parallel, "cgroup_cpu_quota", lambda: None)
    assert parallel.default_jobs() == 6
