"""The result cache (validator/result_cache.py): hits and misses, identical output with and
without it, several processes at once, damaged entries, pruning, and turning it off."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import validator
from validator import checker, result_cache
from validator.linter import Options, iterate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "cables"
sys.path.insert(0, str(ROOT / "tests"))

import cablegen  # noqa: E402

DATED = """\
C O N F I D E N T I A L OTTAWA 000700

SIPDIS

E.O. 12958: DECL: 09/09/2019
TAGS: PREL, CA
SUBJECT: (U) TEST

Classified By: Ambassador John Doe, Reasons 1.4 (b) and (d)

1. (C) Text.
"""


# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def cache_on(monkeypatch):
    """conftest turns the cache off for every other test (CABLELINT_NO_CACHE)."""
    monkeypatch.delenv("CABLELINT_NO_CACHE", raising=False)


@pytest.fixture
def counted(monkeypatch):
    """Count the files actually checked (cache misses) by in-process runs."""
    calls: list[str] = []
    real = checker.check_bytes

    def spy(path, data, rules, facts=None):
        calls.append(path)
        return real(path, data, rules, facts)

    monkeypatch.setattr(checker, "check_bytes", spy)
    return calls


def run(paths, cache_dir, facts=None, **options):
    """Results of an in-process run with the cache (jobs 1), as comparable tuples."""
    opts = Options(paths=tuple(str(p) for p in paths), cache=True, cache_dir=str(cache_dir), jobs=1,
                   isolated=options.pop("isolated", True), **options)
    return [result_cache.comparable(result) for _target, result, _rules in iterate(opts, facts=facts)]


def entries(cache_dir) -> dict:
    """key -> (pack, written) of every entry a lookup would find."""
    return result_cache.entries(str(cache_dir))


def packs(cache_dir) -> list[Path]:
    return sorted(Path(cache_dir).glob(f"v{result_cache.FORMAT}/*{result_cache.PACK_SUFFIX}"))


def set_written(cache_dir, keys, when: float) -> None:
    """Make the records of ``keys`` look appended at ``when`` (their header's last field)."""
    for pack in packs(cache_dir):
        raw = pack.read_bytes()
        out = []
        for key, start, end, _written, _body in result_cache._records(raw):
            record = raw[start:end]
            if key in keys:
                header, _, rest = record.partition(b"\n")
                record = header.rsplit(b" ", 1)[0] + b" " + str(int(when)).encode() + b"\n" + rest
            out.append(record)
        pack.write_bytes(b"".join(out))


def corpus(tmp_path, n=40, seed=3) -> Path:
    """Generated cables, a third of them broken by a mutation (findings, fixes, related spans)."""
    directory = tmp_path / "cables"
    paths = cablegen.write_corpus(directory, n, seed=seed)
    kinds = sorted(cablegen.MUTATIONS)
    for i, path in enumerate(paths[::3]):
        text = Path(path).read_text(encoding="utf-8")
        for k in range(len(kinds)):
            mutated = cablegen.mutate(text, kinds[(i + k) % len(kinds)])
            if mutated is not None:
                Path(path).write_text(mutated[0], encoding="utf-8")
                break
    for fixture in FIXTURES.glob("*.txt"):
        (directory / fixture.name).write_bytes(fixture.read_bytes())
    return directory


def cli(*args, cwd, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "validator", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


# --- hits and misses ---------------------------------------------------------------------------


def test_second_run_hits_and_one_changed_byte_misses(tmp_path, counted):
    cables = corpus(tmp_path, n=12)
    files = sorted(cables.glob("*.txt"))
    cache = tmp_path / "cache"
    first = run([cables], cache)
    assert len(counted) == len(files) and len(entries(cache)) == len(files)
    counted.clear()
    assert run([cables], cache) == first
    assert counted == []
    data = bytearray(files[4].read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit of one byte
    files[4].write_bytes(bytes(data))
    again = run([cables], cache)
    assert counted == [str(files[4])]
    counted.clear()
    assert again == run([cables], tmp_path / "fresh")  # the changed file's result is the new one


def test_configuration_changes_miss(tmp_path, counted, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the root of --config's patterns
    cables = corpus(tmp_path, n=6)
    count = len(list(cables.glob("*.txt")))
    cache = tmp_path / "cache"
    config = tmp_path / "cablelint.toml"

    def with_config(text):
        config.write_text(text, encoding="utf-8")
        counted.clear()
        return run([cables], cache, isolated=False, config=str(config))

    with_config("")
    for text in ('severity = { POR003 = "warning" }\n', 'ignore = ["POR005"]\n', 'extend-select = ["EO007"]\n',
                 "declass-horizon-days = 5000\n"):
        with_config(text)
        assert len(counted) == count, text  # every file misses
        with_config(text)
        assert counted == [], text  # and hits the second time
    with_config('per-file-ignores = { "**/faulty.txt" = ["POR003"] }\n')
    assert [os.path.basename(p) for p in counted] == ["faulty.txt"]  # only the file whose rules changed
    counted.clear()
    run([cables], cache, select=["POR"])
    assert len(counted) == count


def test_version_and_code_changes_miss(tmp_path, counted, monkeypatch):
    cables = corpus(tmp_path, n=4)
    cache = tmp_path / "cache"
    run([cables], cache)
    counted.clear()
    monkeypatch.setattr(validator, "__version__", validator.__version__ + ".post1")
    run([cables], cache)
    assert len(counted) == len(list(cables.glob("*.txt")))
    counted.clear()
    run([cables], cache)
    assert counted == []
    monkeypatch.setattr(result_cache, "code_fingerprint", lambda: "an edited checkout")
    run([cables], cache)
    assert len(counted) == len(list(cables.glob("*.txt")))


def test_as_of_and_the_day_without_it(tmp_path, counted, monkeypatch):
    (tmp_path / "c").mkdir()
    dated = tmp_path / "c" / "09OTTAWA700.txt"
    dated.write_text(DATED, encoding="utf-8")
    plain = tmp_path / "c" / "09OTTAWA701.txt"  # no DECL date: nothing depends on the day
    plain.write_text(DATED.replace("C O N F I D E N T I A L", "UNCLAS").replace("DECL: 09/09/2019", "N/A")
                     .replace("(C) Text", "(U) Text"), encoding="utf-8")
    cache = tmp_path / "cache"
    select = ["ALL"]
    results = {}
    for day in ("2019-01-01", "2019-08-01", "2020-01-01"):
        counted.clear()
        results[day] = run([tmp_path / "c"], cache, select=select, as_of=dt.date.fromisoformat(day))
        assert len(counted) == 2, day  # --as-of is in the key
        counted.clear()
        assert run([tmp_path / "c"], cache, select=select, as_of=dt.date.fromisoformat(day)) == results[day]
        assert counted == []
    assert len({json.dumps([str(d) for r in results[d] for d in r.diagnostics]) for d in results}) == 3
    # Without --as-of: the cable whose check read today's date is valid today only.
    counted.clear()
    run([tmp_path / "c"], cache, select=select)
    assert sorted(counted) == sorted([str(dated), str(plain)])
    counted.clear()
    run([tmp_path / "c"], cache, select=select)
    assert counted == []
    tomorrow = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=1)
    monkeypatch.setattr(result_cache, "_today", lambda contexts: tomorrow)
    run([tmp_path / "c"], cache, select=select)
    assert counted == [str(dated)]


def test_kind_of_facts_is_in_the_key(tmp_path, counted):
    cables = corpus(tmp_path, n=3)
    count = len(list(cables.glob("*.txt")))
    cache = tmp_path / "cache"
    for facts in (None, "index", "model", "id"):
        counted.clear()
        first = run([cables], cache, facts=facts)
        assert len(counted) == count, facts
        counted.clear()
        assert run([cables], cache, facts=facts) == first
        assert counted == []


def test_the_path_is_in_the_key(tmp_path, counted):
    cables = corpus(tmp_path, n=2)
    cache = tmp_path / "cache"
    run([cables], cache)
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in cables.glob("*.txt"):
        (copy / f.name).write_bytes(f.read_bytes())
    counted.clear()
    results = run([copy], cache)
    assert len(counted) == len(results)
    assert all(d.path.startswith(str(copy)) for r in results for d in r.diagnostics)


# --- the same output with and without the cache -----------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "full"])
def test_check_output_identical_cached_and_uncached(tmp_path, fmt):
    cables = corpus(tmp_path, n=60)
    args = ["check", "--isolated", "--as-of", "2026-01-01", "--output-format", fmt, "--select", "ALL",
            "--jobs", "2", "cables"]
    uncached = cli(*args, "--no-cache", cwd=tmp_path)
    cold = cli(*args, cwd=tmp_path)
    warm = cli(*args, cwd=tmp_path)
    assert uncached.returncode == 1 and uncached.stdout
    for other in (cold, warm):
        assert (other.returncode, other.stdout, other.stderr) == (uncached.returncode, uncached.stdout,
                                                                   uncached.stderr)
    assert len(entries(tmp_path / ".cablelint_cache")) == len(list(cables.glob("*.txt")))


def test_fixture_and_index_output_identical(tmp_path):
    from click.testing import CliRunner

    from validator.cli import main

    runner = CliRunner()
    for args in (["check", "--isolated", "--output-format", "json", str(FIXTURES)],
                 ["index", "--isolated", "--as-of", "2020-01-01", str(FIXTURES)]):
        uncached = runner.invoke(main, args + ["--no-cache"])
        cold = runner.invoke(main, args + ["--cache-dir", str(tmp_path / "c")])
        warm = runner.invoke(main, args + ["--cache-dir", str(tmp_path / "c")])
        assert uncached.output and cold.output == uncached.output and warm.output == uncached.output, args
        assert cold.exit_code == warm.exit_code == uncached.exit_code


def test_report_uses_the_cache(tmp_path):
    cables = corpus(tmp_path, n=10)
    data = []
    for extra in (["--no-cache"], [], []):
        out = tmp_path / "r.html"
        done = cli("report", "--isolated", "--as-of", "2026-01-01", "-o", str(out), "cables", *extra, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        record = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        record.pop("meta", None)
        data.append(record)
    assert data[0] == data[1] == data[2]
    assert len(entries(tmp_path / ".cablelint_cache")) == len(list(cables.glob("*.txt")))


# --- several processes ------------------------------------------------------------------------


def test_two_processes_write_the_same_cache_at_once(tmp_path):
    cables = corpus(tmp_path, n=150)
    args = ["check", "--isolated", "--as-of", "2026-01-01", "--output-format", "json", "--jobs", "1", "cables"]
    expected = cli(*args, "--no-cache", cwd=tmp_path).stdout
    procs = [subprocess.Popen([sys.executable, "-m", "validator", *args], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert outputs == [expected, expected]
    assert len(entries(tmp_path / ".cablelint_cache")) == len(list(cables.glob("*.txt")))
    assert not list((tmp_path / ".cablelint_cache").glob("v*/*.tmp"))
    assert cli(*args, cwd=tmp_path).stdout == expected


_STRESS = """
import sys
from validator import result_cache
from validator.checker import check_path
from validator.records import replace
from validator.engine.runner import select_rules
path, directory, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
rules = select_rules()
bound = result_cache.Bound(directory, "stress")
data = open(path, "rb").read()
key = bound.key(path, data)
checked = result_cache.comparable(check_path(path, rules))
# Ten keys of one pack, each with a body of its own: a record read under the wrong key shows.
keys = [key[:2] + f"{n:x}" + key[3:] for n in range(10)]
expected = [replace(checked, facts={"n": n}) for n in range(10)]
bad = 0
for round in range(rounds):
    n = round % 10
    bound.store(keys[n], expected[n], None, data)
    for m in (n, (n * 7 + 3) % 10):
        got = bound.load(keys[m], data)
        if got is not None and got != expected[m]:
            bad += 1
print(bad)
"""


def test_concurrent_store_and_load_of_entries_of_one_pack(tmp_path):
    """Two processes append and read ten entries of one pack as fast as they can: a reader sees the
    whole entry of the key it asked for or nothing, never a torn one or another key's."""
    script = tmp_path / "stress.py"
    script.write_text(_STRESS, encoding="utf-8")
    target = str(FIXTURES / "faulty.txt")
    procs = [subprocess.Popen([sys.executable, str(script), target, str(tmp_path / "c"), "300"],
                              stdout=subprocess.PIPE, text=True) for _ in range(2)]
    assert [p.communicate(timeout=300)[0].strip() for p in procs] == ["0", "0"]
    assert len(entries(tmp_path / "c")) == 10 and len(packs(tmp_path / "c")) == 1


# --- BATCHED_WRITES: a run's records are written by the collecting process, a pack at a time ------


def _appends(monkeypatch) -> list[str]:
    """The packs written to, one entry per write."""
    writes: list[str] = []
    real = result_cache._append

    def spy(path, record, root):
        writes.append(path)
        return real(path, record, root)

    monkeypatch.setattr(result_cache, "_append", spy)
    return writes


def test_a_run_writes_its_entries_when_it_ends_one_write_per_pack(tmp_path, monkeypatch):
    cables = corpus(tmp_path, n=40)
    files = sorted(cables.glob("*.txt"))
    cache = tmp_path / "cache"
    writes = _appends(monkeypatch)
    opts = Options(paths=(str(cables),), cache=True, cache_dir=str(cache), jobs=1, isolated=True)
    results = iterate(opts)
    next(results)
    assert packs(cache) == [] and writes == []  # kept in memory while the run goes on
    rest = list(results)
    assert len(rest) == len(files) - 1
    assert len(entries(cache)) == len(files)
    assert len(writes) == len(set(writes)) == len(packs(cache)) < len(files)


def test_a_run_that_stops_early_writes_the_records_it_has(tmp_path):
    cables = corpus(tmp_path, n=12)
    cache = tmp_path / "cache"
    opts = Options(paths=(str(cables),), cache=True, cache_dir=str(cache), jobs=1, isolated=True)
    results = iterate(opts)
    for _ in range(5):
        next(results)
    assert entries(cache) == {}
    results.close()  # the reader stops reading (an error or ^C in the loop that reads the results)
    assert len(entries(cache)) == 5
    assert not (cache / "last-prune").exists()  # (pruning is for runs that end)


def test_flush_bytes_bounds_the_records_a_run_holds(tmp_path, monkeypatch):
    cables = corpus(tmp_path, n=6)
    cache = tmp_path / "cache"
    monkeypatch.setattr(result_cache, "FLUSH_BYTES", 1)  # every record is past the bound
    opts = Options(paths=(str(cables),), cache=True, cache_dir=str(cache), jobs=1, isolated=True)
    results = iterate(opts)
    next(results)
    assert len(entries(cache)) == 1  # written before the run goes on
    list(results)
    assert len(entries(cache)) == len(list(cables.glob("*.txt")))


def test_records_are_written_at_least_every_flush_seconds(tmp_path, monkeypatch):
    """A run killed by SIGTERM (no finally) loses at most the records of the last FLUSH_SECONDS."""
    cables = corpus(tmp_path, n=6)
    cache = tmp_path / "cache"
    clock = [1000.0]
    monkeypatch.setattr(result_cache.time, "monotonic", lambda: clock[0])
    opts = Options(paths=(str(cables),), cache=True, cache_dir=str(cache), jobs=1, isolated=True)
    results = iterate(opts)
    next(results)
    next(results)
    assert entries(cache) == {}  # the same second: kept
    clock[0] += result_cache.FLUSH_SECONDS
    next(results)
    assert len(entries(cache)) == 3  # written once the interval passed
    list(results)


def test_worker_processes_hand_their_records_to_the_collecting_process(tmp_path, counted, monkeypatch):
    cables = corpus(tmp_path, n=40)
    files = sorted(cables.glob("*.txt"))
    cache = tmp_path / "cache"
    writes = _appends(monkeypatch)  # (a worker writing would not be counted here: it runs its own copy)
    opts = Options(paths=(str(cables),), cache=True, cache_dir=str(cache), jobs=2, isolated=True)
    parallel_results = [result_cache.comparable(r) for _t, r, _rules in iterate(opts)]
    assert len(files) >= 2 * 8  # enough for two workers (parallel.MIN_ITEMS_PER_JOB)
    assert counted == []  # checked in the workers, not here
    assert len(entries(cache)) == len(files) and len(writes) == len(packs(cache))
    assert run([cables], cache) == parallel_results  # every file a hit, same results
    assert counted == []


def test_take_records_hands_each_record_over_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DATED, encoding="utf-8")
    bound = result_cache.Bound(str(tmp_path / "c"), "take")
    rules = checker_rules()
    result = bound.check_path(str(path), rules, None)
    records = bound.take_records()
    assert [pack for pack, _record in records] == [bound.pack_path(bound.key(str(path), DATED.encode()))]
    assert bound.take_records() == [] and not Path(records[0][0]).exists()
    cache = result_cache.ResultCache(str(tmp_path / "c"))
    cache.write_later(records)
    cache.finish()
    assert result_cache.comparable(bound.check_path(str(path), rules, None)) == result_cache.comparable(result)
    assert bound.take_records() == []  # a hit makes no record


def test_a_bound_used_alone_writes_what_nobody_takes(tmp_path, monkeypatch):
    """A caller of Bound.check_path that never takes the records does not make it hold them all."""
    monkeypatch.setattr(result_cache, "FLUSH_BYTES", 1)
    path = tmp_path / "a.txt"
    path.write_text(DATED, encoding="utf-8")
    bound = result_cache.Bound(str(tmp_path / "c"), "alone")
    bound.check_path(str(path), checker_rules(), None)
    assert bound.take_records() == [] and len(entries(tmp_path / "c")) == 1


def checker_rules():
    from validator.engine.runner import select_rules

    return select_rules()


# --- damaged entries ----------------------------------------------------------------------------


def _damage(kind: str, record: bytes, other: bytes) -> bytes:
    """One record of a pack, damaged; ``other``: another whole record of the pack (or this one)."""
    header, _, body = record.partition(b"\n")
    magic, fmt, key, _length, checksum, written = header.split(b" ")
    if kind == "flip":
        data = bytearray(record)
        data[-5] ^= 0x20
        return bytes(data)
    if kind == "truncate":  # torn: the next record follows on the same line
        return record[: len(record) // 2]
    if kind == "header":
        return record.replace(result_cache.MAGIC, b"something-else", 1)
    if kind == "swapped":  # another file's body and checksum under this key
        o_header, _, o_body = other.partition(b"\n")
        _m, _f, _k, o_length, o_checksum, _w = o_header.split(b" ")
        return b" ".join((magic, fmt, key, o_length, o_checksum, written)) + b"\n" + o_body
    if kind == "forged":  # a consistent checksum, but a body that is not a result
        forged = b'{"day":null,"result":{"path":1}}'
        return b" ".join((magic, fmt, key, str(len(forged)).encode(),
                          result_cache._checksum(key.decode(), forged), written)) + b"\n" + forged + b"\n"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["flip", "truncate", "empty", "garbage", "header", "swapped", "forged",
                                  "directory"])
def test_a_damaged_entry_is_a_miss(tmp_path, counted, kind):
    cables = tmp_path / "c"
    cables.mkdir()
    for fixture in FIXTURES.glob("*.txt"):
        (cables / fixture.name).write_bytes(fixture.read_bytes())
    cache = tmp_path / "cache"
    expected = run([cables], cache)
    assert len(entries(cache)) == len(expected)
    every = [raw[start:end] for raw in (p.read_bytes() for p in packs(cache))
             for _k, start, end, _w, _b in result_cache._records(raw)]
    for pack in packs(cache):
        raw = pack.read_bytes()
        if kind == "empty":
            pack.write_bytes(b"")
        elif kind == "garbage":
            pack.write_bytes(os.urandom(len(raw)))
        elif kind == "directory":
            pack.unlink()
            pack.mkdir()
        else:
            records = [raw[start:end] for _k, start, end, _w, _b in result_cache._records(raw)]
            pack.write_bytes(b"".join(_damage(kind, record, every[(every.index(record) + 1) % len(every)])
                                      for record in records))
    assert len(every) > 1 and (kind == "forged" or entries(cache) == {})  # forged: whole, but no result
    counted.clear()
    assert run([cables], cache) == expected
    assert len(counted) == len(expected)
    if kind != "directory":  # good records were appended after the bad ones
        assert len(entries(cache)) == len(expected)
        counted.clear()
        assert run([cables], cache) == expected
        assert counted == []


def test_records_are_appended_to_at_most_one_pack_per_key_prefix(tmp_path):
    """PACKS: a run adds no file per checked file; two runs of the same files add no entry."""
    cables = corpus(tmp_path, n=300)
    count = len(list(cables.glob("*.txt")))
    cache = tmp_path / "cache"
    run([cables], cache)
    assert len(entries(cache)) == count
    stored = packs(cache)
    assert len(stored) <= 16 ** result_cache.SHARD_CHARS < count
    assert {p.name for p in Path(cache, f"v{result_cache.FORMAT}").iterdir()} == {p.name for p in stored}
    sizes = [p.stat().st_size for p in stored]
    run([cables], cache)
    assert [p.stat().st_size for p in stored] == sizes  # hits append nothing


def test_a_torn_record_does_not_hide_the_records_after_it(tmp_path):
    bound = result_cache.Bound(str(tmp_path / "c"), "torn")
    good = checker.FileResult("a.txt", [], None, facts={"n": 1})
    key = "ab" + "0" * 62
    assert bound.store(key, good, None, b"")
    pack = Path(bound.pack_path(key))
    whole = pack.read_bytes()
    pack.write_bytes(whole[:-10])  # a writer that stopped short
    assert bound.load(key, b"") is None
    other = checker.FileResult("b.txt", [], None, facts={"n": 2})
    assert bound.store("ab" + "1" * 62, other, None, b"")  # appended right after the torn bytes
    assert bound.load("ab" + "1" * 62, b"") == other
    assert bound.store(key, good, None, b"")
    assert bound.load(key, b"") == good


def test_the_pack_index_follows_appends_rewrites_and_damage(tmp_path):
    """PACK_INDEX: a process that has read a pack sees what others append and a pruned (rewritten)
    pack; bytes changed under its index cost a miss, never a wrong result."""
    directory = str(tmp_path / "c")
    bound = result_cache.Bound(directory, "index")
    first, second = "aa" + "4" * 62, "aa" + "5" * 62
    one = checker.FileResult("a.txt", [], None, facts={"n": 1})
    two = checker.FileResult("b.txt", [], None, facts={"n": 2})
    assert bound.store(first, one, None, b"") and bound.load(first, b"") == one
    assert bound.load(second, b"") is None
    assert bound.store(second, two, None, b"")  # appended after this process read the pack
    assert bound.load(second, b"") == two and bound.load(first, b"") == one
    pack = Path(bound.pack_path(first))
    pack.write_bytes(pack.read_bytes() * 2)  # a second copy of each: pruning rewrites the pack
    assert result_cache.prune(directory) == 0
    assert bound.load(first, b"") == one and bound.load(second, b"") == two
    records = [raw[start:end] for raw in [pack.read_bytes()] for _k, start, end, _w, _b in result_cache._records(raw)]
    replacement = tmp_path / "replacement"
    replacement.write_bytes(b"".join(reversed(records)) + b"x" * 100)  # a new file, longer, in another order
    os.replace(replacement, pack)
    assert bound.load(first, b"") == one and bound.load(second, b"") == two
    raw = bytearray(pack.read_bytes())
    raw[raw.index(b'"n":1') + 4] = ord("7")  # in place: same file, same size
    with open(pack, "r+b") as handle:
        handle.write(bytes(raw))
    assert bound.load(first, b"") is None and bound.load(second, b"") == two


def test_a_torn_record_whose_length_runs_into_the_next_record_hides_nothing(tmp_path):
    """The torn record's declared length ends exactly at the end of the record appended after it: only
    its checksum tells it is not whole, and the record after it must still be found."""
    bound = result_cache.Bound(str(tmp_path / "c"), "runs-into")
    big, small = "ab" + "6" * 62, "ab" + "7" * 62
    assert bound.store(big, checker.FileResult("a.txt", [], None, facts={"text": "x" * 2000}), None, b"")
    pack = Path(bound.pack_path(big))
    whole = pack.read_bytes()
    other = checker.FileResult("b.txt", [], None, facts={"n": 2})
    probe = tmp_path / "probe"
    assert result_cache.Bound(str(probe), "runs-into").store(small, other, None, b"")
    size = len(next(probe.glob("v*/*.pack")).read_bytes())  # the size of the record to come
    pack.write_bytes(whole[:-size])
    assert bound.store(small, other, None, b"")
    assert bound.load(small, b"") == other and bound.load(big, b"") is None
    assert set(entries(tmp_path / "c")) == {small}
    result_cache.prune(str(tmp_path / "c"))
    assert bound.load(small, b"") == other


def test_header_like_garbage_is_a_miss_not_an_error(tmp_path):
    """A number too long for int() is not a header; a pack of header starts without their ends is
    skipped (each header's end is looked for within HEADER_MAX bytes) up to the whole record after it."""
    bound = result_cache.Bound(str(tmp_path / "c"), "garbage")
    key = "cd" + "8" * 62
    good = checker.FileResult("a.txt", [], None, facts={"n": 1})
    assert bound.store(key, good, None, b"")
    pack = Path(bound.pack_path(key))
    record = pack.read_bytes()
    long_number = b" ".join((result_cache.MAGIC, b"3", key.encode(), b"1" * 5000, b"0" * 64, b"1")) + b"\n"
    starts = (result_cache.MAGIC + b" 3 ") * 20000 + b"\n"
    for garbage in (long_number, starts):
        pack.write_bytes(garbage)
        assert bound.load(key, b"") is None and entries(tmp_path / "c") == {}
        assert result_cache.prune(str(tmp_path / "c")) == 0
        pack.write_bytes(garbage + record)
        assert bound.load(key, b"") == good and set(entries(tmp_path / "c")) == {key}


def test_the_newest_record_of_a_key_wins(tmp_path):
    bound = result_cache.Bound(str(tmp_path / "c"), "newest")
    key = "cd" + "2" * 62
    for n in range(3):
        assert bound.store(key, checker.FileResult("a.txt", [], None, facts={"n": n}), None, b"")
    assert bound.load(key, b"").facts == {"n": 2}
    assert len(entries(tmp_path / "c")) == 1


def test_an_unwritable_cache_does_not_fail_the_run(tmp_path, counted):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the directory should be", encoding="utf-8")
    assert run([FIXTURES], blocker) == run([FIXTURES], tmp_path / "fresh")


def test_unreadable_files_are_not_cached(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    (tmp_path / "c").mkdir()
    os.mkfifo(tmp_path / "c" / "pipe.txt")
    results = run([tmp_path / "c" / "pipe.txt"], tmp_path / "cache")
    assert results[0].error
    assert not (tmp_path / "cache").exists()


# --- pruning --------------------------------------------------------------------------------------


def test_pruning_by_age_size_and_leftovers(tmp_path):
    cables = corpus(tmp_path, n=10)
    cache = tmp_path / "cache"
    run([cables], cache)
    stored = sorted(entries(cache))
    now = time.time()
    set_written(cache, stored[:3], now - (result_cache.MAX_AGE_DAYS + 1) * 86400)
    current = cache / f"v{result_cache.FORMAT}"
    leftover = current / "ab.pack.123.abcd.tmp"
    leftover.write_bytes(b"partial")
    os.utime(leftover, (now - 2 * result_cache.STALE_TMP,) * 2)
    fresh_tmp = current / "cd.pack.123.abcd.tmp"
    fresh_tmp.write_bytes(b"being written")
    (cache / "v0" / "ab").mkdir(parents=True)  # an older layout
    (cache / "v0" / "ab" / "entry").write_bytes(b"old")
    stamp_left = cache / "last-prune.123.abcd.tmp"  # a run killed while it wrote the stamp
    stamp_left.write_bytes(b"1")
    os.utime(stamp_left, (now - 2 * result_cache.STALE_TMP,) * 2)
    (cache / "last-prune.124.abcd.tmp").write_bytes(b"being written")
    before = sum(p.stat().st_size for p in packs(cache))
    assert result_cache.prune(str(cache), now) == 3 + 1 + 1 + 1
    assert not stamp_left.exists() and (cache / "last-prune.124.abcd.tmp").exists()
    assert sorted(entries(cache)) == stored[3:] and fresh_tmp.exists() and not leftover.exists()
    assert not (cache / "v0").exists()
    assert sum(p.stat().st_size for p in packs(cache)) < before  # the packs were rewritten without them
    # beyond the size cap, the least recently used go first
    for age, key in enumerate(stored[3:]):
        set_written(cache, {key}, now - age * 60)
    sizes = {key: len(_record_of(cache, key)) for key in stored[3:]}
    cap = sum(sizes.values()) - sizes[stored[-1]] // 2
    assert result_cache.prune(str(cache), now, max_bytes=cap) == 1
    assert sorted(entries(cache)) == stored[3:-1]


def _record_of(cache, key: str) -> bytes:
    for pack in packs(cache):
        raw = pack.read_bytes()
        for found, start, end, _w, _b in result_cache._records(raw):
            if found == key:
                return raw[start:end]
    raise KeyError(key)


def test_pruning_keeps_the_newest_record_of_a_key_and_drops_damage(tmp_path):
    bound = result_cache.Bound(str(tmp_path / "c"), "compact")
    key = "ef" + "3" * 62
    for n in range(3):
        assert bound.store(key, checker.FileResult("a.txt", [], None, facts={"n": n}), None, b"")
    pack = Path(bound.pack_path(key))
    pack.write_bytes(pack.read_bytes() + b"torn record without its end")
    assert result_cache.prune(str(tmp_path / "c")) == 0  # no entry went: only copies and damage
    assert pack.read_bytes() == _record_of(tmp_path / "c", key)
    assert bound.load(key, b"").facts == {"n": 2}


def test_pruning_runs_at_most_once_per_interval_and_hits_refresh(tmp_path, counted, monkeypatch):
    cables = corpus(tmp_path, n=3)
    cache = tmp_path / "cache"
    pruned: list = []
    real_prune = result_cache.prune
    monkeypatch.setattr(result_cache, "prune", lambda *a, **k: pruned.append(a) or real_prune(*a, **k))
    run([cables], cache)
    assert (cache / "last-prune").exists() and pruned == []  # FIRST_STAMP: a new cache starts its interval
    now = time.time()
    assert not result_cache.prune_if_due(str(cache), now)
    assert result_cache.prune_if_due(str(cache), now + result_cache.PRUNE_INTERVAL + 1)
    assert len(pruned) == 1
    stored = entries(cache)
    set_written(cache, set(stored), now - 10 * 86400)
    assert all(written < now - 86400 for _pack, written in entries(cache).values())
    counted.clear()
    run([cables], cache)
    assert counted == []
    assert all(written > now - 60 for _pack, written in entries(cache).values())  # used entries are young again
    sizes = [p.stat().st_size for p in packs(cache)]
    run([cables], cache)
    assert [p.stat().st_size for p in packs(cache)] == sizes  # once a day, not at every hit


# --- turning it off and where it lives --------------------------------------------------------


def test_no_cache_creates_nothing(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "faulty.txt").write_bytes((FIXTURES / "faulty.txt").read_bytes())
    for args in (["check", "--isolated", "--no-cache", "c"], ["index", "--isolated", "--no-cache", "c"],
                 ["report", "--isolated", "--no-cache", "-o", "r.html", "c"],
                 ["check", "--isolated", "--diff", "c"], ["check", "--isolated", "--fix", "c"],
                 ["check", "--isolated", "--stdin-filename", "x.txt", "-"], ["inspect", "--isolated", "c"],
                 ["baseline", "write", "b.json", "--isolated", "c"]):
        done = subprocess.run([sys.executable, "-m", "validator", *args], cwd=tmp_path, capture_output=True,
                              input=(FIXTURES / "faulty.txt").read_bytes(), timeout=300)
        assert done.returncode in (0, 1), (args, done.stderr)
        assert not (tmp_path / ".cablelint_cache").exists(), args


def test_environment_turns_it_off(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "faulty.txt").write_bytes((FIXTURES / "faulty.txt").read_bytes())
    for value in ("1", "true"):
        assert cli("check", "--isolated", "c", cwd=tmp_path, env={"CABLELINT_NO_CACHE": value}).returncode == 1
        assert not (tmp_path / ".cablelint_cache").exists()
    assert cli("check", "--isolated", "c", cwd=tmp_path, env={"CABLELINT_NO_CACHE": "0"}).returncode == 1
    assert entries(tmp_path / ".cablelint_cache")


def test_cache_dir_from_option_and_configuration(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "faulty.txt").write_bytes((FIXTURES / "faulty.txt").read_bytes())
    done = cli("check", "--isolated", "--cache-dir", "elsewhere", "c", cwd=tmp_path)
    assert done.returncode == 1
    assert entries(tmp_path / "elsewhere") and (tmp_path / "elsewhere" / "CACHEDIR.TAG").exists()
    assert (tmp_path / "elsewhere" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    (tmp_path / "cablelint.toml").write_text('cache-dir = "build/lint-cache"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    done = cli("check", "../c", cwd=tmp_path / "sub")  # relative to the configuration file
    assert done.returncode == 1, done.stderr
    assert entries(tmp_path / "build" / "lint-cache")
    assert not (tmp_path / ".cablelint_cache").exists() and not (tmp_path / "sub" / ".cablelint_cache").exists()
    (tmp_path / "cablelint.toml").write_text("cache-dir = 3\n", encoding="utf-8")
    done = cli("check", "c", cwd=tmp_path)
    assert done.returncode == 2 and "cache-dir" in done.stderr


def test_a_result_that_does_not_survive_encoding_is_not_stored(tmp_path):
    from validator.checker import FileResult

    bound = result_cache.Bound(str(tmp_path / "c"), "x")
    odd = FileResult("a.txt", [], None, facts={"tuple": (1, 2)})  # JSON would give back a list
    assert not bound.store("0" * 64, odd, None, b"")
    assert not (tmp_path / "c").exists()
    assert bound.store("1" * 64, FileResult("a.txt", [], None, facts={"list": [1, 2]}), None, b"")


def test_the_cache_directory_is_never_checked(tmp_path):
    (tmp_path / ".cablelint_cache").mkdir()
    (tmp_path / ".cablelint_cache" / "stray.txt").write_bytes((FIXTURES / "faulty.txt").read_bytes())
    (tmp_path / "a.txt").write_bytes((FIXTURES / "clean.txt").read_bytes())
    done = cli("check", "--isolated", "--show-files", ".", cwd=tmp_path)
    assert done.stdout.split() == ["a.txt"]


# --- FROM_SOURCE: an entry names the file's lines instead of holding them ------------------------


def test_an_entry_names_the_files_lines_and_a_hit_reads_them_from_the_bytes(tmp_path, counted):
    path = tmp_path / "dated.txt"
    path.write_text(DATED.replace("1. (C) Text.", "1. Text without a mark."), encoding="utf-8")
    first = run([path], tmp_path / "cache")
    full = tuple(DATED.replace("1. (C) Text.", "1. Text without a mark.").splitlines())
    assert first[0].diagnostics and first[0].lines == checker.FindingLines.of(full, first[0].diagnostics)
    (key,) = entries(tmp_path / "cache")
    body = json.loads(_record_of(tmp_path / "cache", key).partition(b"\n")[2])
    assert body["result"]["lines"] == result_cache.FROM_SOURCE  # not the text of the file
    assert run([path], tmp_path / "cache") == first and counted == [str(path)]  # the hit has the lines


def test_lines_that_are_not_the_physical_lines_are_kept_in_the_entry():
    from validator.engine.diagnostic import Diagnostic, Severity
    from validator.model import Span

    result = checker.FileResult("x.txt", [Diagnostic("POR001", "n", Severity.ERROR, "m", "x.txt", Span(1, 1, 1, 2))],
                                ("other", "lines"))
    data = b"UNCLAS ROME 1\nTEXT\n"
    assert result_cache.encode(result, data)["lines"] == ["other", "lines"]
    same = checker.FileResult(result.path, result.diagnostics, ("UNCLAS ROME 1", "TEXT"))
    encoded = result_cache.encode(same, data)
    assert encoded["lines"] == result_cache.FROM_SOURCE
    assert result_cache.decode(encoded, data) == same
    with pytest.raises(ValueError):  # (a load without the bytes is a miss)
        result_cache.decode(encoded)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"UNCLAS ROME 1", b"", b" ", b"\r", b"\r\n", b"\n", b"\xef\xbb\xbf", b"\xff\xfe",
                                 b"\x00", b"\xe9", b"caf\xc3\xa9", b"\x0b", b"\xc2\x85"]), max_size=12).map(b"".join))
def test_a_hit_shows_the_lines_the_check_showed(data):
    """FROM_SOURCE: an entry names the file's lines and a hit reads them from the bytes again; on any
    bytes (BOMs, UTF-16, CR, NUL, cp1252, line breaks other than newline) they must be the lines the
    check itself showed, and the entry must name them (not hold a copy)."""
    from validator.engine.runner import select_rules

    result = checker.check_bytes("x.txt", data, select_rules())
    encoded = json.loads(json.dumps(result_cache.encode(result, data)))
    if result.diagnostics and result.lines is not None:
        assert encoded["lines"] == result_cache.FROM_SOURCE
    assert result_cache.decode(encoded, data) == result_cache.comparable(result)


_PIECES = st.lists(st.sampled_from([b"UNCLAS ROME 1", b"", b" ", b"\r", b"\r\n", b"\n", b"\xef\xbb\xbf", b"\xff\xfe",
                                    b"\x00", b"\xe9", b"caf\xc3\xa9", b"\x0b", b"\xc2\x85", b"\n\n"]),
                   max_size=12).map(b"".join)


@settings(max_examples=400, deadline=None)
@given(_PIECES, st.integers(min_value=0, max_value=40))
def test_are_physical_lines_is_the_comparison_with_the_split_lines(data, pick):
    """The cache proves FROM_SOURCE on the whole text (source.are_physical_lines): the same answer as
    comparing with physical_lines(), for the lines themselves and for near misses (a line changed,
    two lines joined by a newline, a line more or fewer)."""
    from validator import source
    from validator.source import are_physical_lines, physical_lines

    source._last_read = (None, None)  # (bytes a Source read last are proven by identity, not compared)
    lines = physical_lines(data)
    assert are_physical_lines(lines, data)
    near = [lines + ("",), lines[:-1], ("x",) + lines]
    if lines:
        at = pick % len(lines)
        near.append(lines[:at] + (lines[at] + "x",) + lines[at + 1:])
        if at + 1 < len(lines):
            near.append(lines[:at] + (lines[at] + "\n" + lines[at + 1],) + lines[at + 2:])
            near.append(lines[:at] + (lines[at] + "\n" + lines[at + 1], "") + lines[at + 2:])  # as many
    for other in near:
        assert are_physical_lines(other, data) == (other == lines), other


@settings(max_examples=200, deadline=None)
@given(_PIECES)
def test_the_lines_a_source_made_of_its_bytes_are_proven_by_identity(data):
    """PROVEN_LINES: the tuple Source.from_bytes made of these bytes is their physical lines, so the
    cache does not decode them again; equal lines of other bytes objects are compared as before."""
    from validator import source
    from validator.builder import build

    source._last_read = (None, None)
    expected = source.physical_lines(data)  # (worked out from the text: no Source has read these bytes)
    src = source.Source.from_bytes(data)
    lines = src.physical_tuple()
    assert lines == expected and build(src).lines is lines
    calls = []
    real = source.decode

    def counting(raw):
        calls.append(raw)
        return real(raw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(source, "decode", counting)
        assert source.are_physical_lines(lines, data) and calls == []
        assert source.physical_lines(data) is lines and calls == []  # the lines of those bytes, kept
        if lines:  # (the empty bytes and the empty tuple are one object each in CPython)
            copy = bytes(bytearray(data))  # equal bytes, another object
            assert source.are_physical_lines(lines, copy) and len(calls) == 1
            assert source.are_physical_lines(tuple(list(lines)), data) and len(calls) == 2  # another tuple
            assert not source.are_physical_lines(lines[:-1], data) and len(calls) == 3
            mutable = bytearray(data)  # bytes that may change later are never taken on trust
            assert source.are_physical_lines(source.Source.from_bytes(mutable).physical_tuple(), mutable)
            assert len(calls) == 5  # (one decode to build the Source, one to compare)


# --- files that are not packs, clocks, and the cost of pruning ----------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_a_pack_or_the_prune_stamp_does_not_block(tmp_path):
    """open() of a FIFO blocks until a writer (or reader) comes: a pack, or the prune stamp, that is
    one must be a miss or skipped, never a hang (the run is a subprocess with a time limit)."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "faulty.txt").write_bytes((FIXTURES / "faulty.txt").read_bytes())
    first = cli("check", "--isolated", "--cache-dir", "cache", "c", cwd=tmp_path)
    for pack in packs(tmp_path / "cache"):
        pack.unlink()
        os.mkfifo(pack)
    stamp = tmp_path / "cache" / "last-prune"
    stamp.unlink()
    os.mkfifo(stamp)
    os.utime(stamp, (0, 0))  # (pruning is due: the stamp is written)
    again = subprocess.run([sys.executable, "-m", "validator", "check", "--isolated", "--cache-dir", "cache", "c"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
    assert entries(tmp_path / "cache") == {}  # nothing was read from or written into the FIFOs
    bound = result_cache.Bound(str(tmp_path / "cache"), "fifo")
    key = packs(tmp_path / "cache")[0].name[:2] + "0" * 62
    assert not bound.store(key, checker.FileResult("a.txt", [], None), None, b"")
    assert bound.load(key, b"") is None


def test_records_dated_ahead_of_the_clock_age_out(tmp_path):
    """A record written under a clock set days ahead would be younger than any other for ever."""
    cables = corpus(tmp_path, n=4)
    cache = tmp_path / "cache"
    run([cables], cache)
    stored = sorted(entries(cache))
    now = time.time()
    set_written(cache, stored[:2], now + 3 * 86400)
    set_written(cache, stored[2:3], now + 3600)  # an hour ahead: clocks of two machines differ
    assert result_cache.prune(str(cache), now) == 2
    assert sorted(entries(cache)) == stored[2:]


def test_a_damaged_tail_is_read_once_not_at_every_lookup(tmp_path, monkeypatch):
    bound = result_cache.Bound(str(tmp_path / "c"), "tail")
    key = "ab" + "9" * 62
    good = checker.FileResult("a.txt", [], None, facts={"n": 1})
    assert bound.store(key, good, None, b"")
    pack = Path(bound.pack_path(key))
    pack.write_bytes(pack.read_bytes() + b"a torn record that no writer will finish")
    reads = []
    real = result_cache._records
    monkeypatch.setattr(result_cache, "_records", lambda raw: reads.append(len(raw)) or real(raw))
    for _ in range(3):
        assert bound.load(key, b"") == good
    assert len(reads) == 1
    other = checker.FileResult("b.txt", [], None, facts={"n": 2})
    assert bound.store("ab" + "8" * 62, other, None, b"")  # the pack grew: read again, from the tear
    assert bound.load("ab" + "8" * 62, b"") == other and len(reads) == 2


def _prune_half_measured(cache) -> tuple[int, int, int]:
    """Prune ``cache`` to half its size: (entries removed, peak memory while pruning, cache size)."""
    import tracemalloc

    total = sum(p.stat().st_size for p in packs(cache))
    tracemalloc.start()
    try:
        removed = result_cache.prune(str(cache), max_bytes=total // 2)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return removed, peak, total


def test_pruning_holds_one_pack_at_a_time(tmp_path):
    """The cache may be as large as MAX_BYTES: pruning must not read it all into memory at once."""
    bound = result_cache.Bound(str(tmp_path / "c"), "memory")
    body = "x" * 20_000
    for n in range(256):  # 128 packs of 2 entries, about 40 KB each
        key = f"{n % 128:02x}" + f"{n:062x}"
        assert bound.store(key, checker.FileResult("a.txt", [], None, facts={"text": body}), None, b"")
    removed, peak, total = _prune_half_measured(tmp_path / "c")
    assert removed == 128
    assert peak < total // 8  # (a few copies of one pack, about 1/25 of the cache: read, kept, rewritten)
    assert len(entries(tmp_path / "c")) == 128


def test_pruning_many_small_entries_holds_no_list_of_them(tmp_path):
    """Pruning by size must not keep a note per entry (for small entries that is as large as the
    cache): it adds up bytes by the second they were written."""
    bound = result_cache.Bound(str(tmp_path / "c"), "small")
    for n in range(8192):  # 256 packs of 32 small entries
        assert bound.store(f"{n % 256:02x}" + f"{n:062x}", checker.FileResult("a.txt", [], None), None, b"")
    removed, peak, total = _prune_half_measured(tmp_path / "c")
    assert removed == 4096
    assert peak < total // 8
    assert len(entries(tmp_path / "c")) == 4096


def test_an_entry_used_while_pruning_ran_is_kept(tmp_path, monkeypatch):
    """Pruning reads each pack twice (to choose, then to rewrite): a key whose record was appended
    again in between (a hit that refreshed it) was used, and stays."""
    directory = str(tmp_path / "c")
    bound = result_cache.Bound(directory, "between")
    old, other = "ab" + "1" * 62, "ab" + "2" * 62
    one = checker.FileResult("a.txt", [], None, facts={"n": 1})
    for key in (old, other):
        assert bound.store(key, one, None, b"")
    now = time.time()
    set_written(tmp_path / "c", {old, other}, now - (result_cache.MAX_AGE_DAYS + 1) * 86400)
    real, calls = result_cache._read_pack, []

    def read_pack(path):
        calls.append(path)
        if len(calls) == 2:  # the second pass: another process refreshed one key just before
            result_cache._append(path, result_cache._record(old, json.dumps(
                {"day": None, "result": result_cache.encode(one)}).encode(), now), directory)
        return real(path)

    monkeypatch.setattr(result_cache, "_read_pack", read_pack)
    result_cache.prune(directory, now)
    assert set(entries(tmp_path / "c")) == {old}
    assert bound.load(old, b"") == one
