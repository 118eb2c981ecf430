"""The result cache (as ruff has): a file's results are stored on disk and reused while
nothing that could change them has changed.

An entry is keyed by a SHA-256 of
  - the file's path (as given: it is in every diagnostic) and the SHA-256 of its bytes;
  - the effective configuration of that file: each selected rule (class, code, severity set
    by the user, effective severity, options), in order, which is what
    ``linter.RuleSets.for_target`` returns;
  - ``--as-of`` and the kind of document facts asked for (``index``, ``model``, ``id``; the
    report's ``FileResult.cable`` is part of every result);
  - the cablelint version and a fingerprint of the installed code (size and mtime of every module
    and the grammar, so an edited checkout never reuses results of older code), the Lark and
    Python versions, and ``FORMAT``.
Without ``--as-of`` the date-dependent rules (EO007, EO008) read today's date: an entry whose
check read the reference day records that day and is a miss on any other day; entries that did
not read it are reused across days.

Entries live in ``<cache dir>/v<FORMAT>/<2 hex>.pack``: each is a record appended to the pack of
its key's first two hex digits (PACKS, below); the default directory is ``.cablelint_cache`` in the
working directory (``cache-dir`` in the configuration, ``--cache-dir``; ``--no-cache`` or the
environment variable ``CABLELINT_NO_CACHE=1`` turn the cache off, and then nothing is created).
Several processes may share a directory: a record is appended with one write, and a reader checks
its header (format, key, length) and a SHA-256 of its key and body; a missing, partial, corrupt or
foreign record is a miss, never an error. Entries are JSON (a cache directory copied from elsewhere
can at worst give wrong findings for itself, never run code), and an entry is stored only when
decoding it gives back a result equal to the one checked. Results with an I/O error, of standard
input or of a ``--fix``/``--diff`` run are never stored.

BATCHED_WRITES: in a run, the records of new entries are written by the process that collects the
results, one write per pack, once ``FLUSH_BYTES`` of them have gathered or ``FLUSH_SECONDS`` have passed,
and when the run ends; a worker process hands its records back with each file's result. (An append per
file cost an open, a write and a close, and made the next lookup in that pack read the record back.) A run
that stops early (an error, ^C) still writes the records it has; one whose process is killed loses those
of the last few seconds: misses later, never a wrong result.

Pruning: a hit on a record older than ``TOUCH_AFTER`` appends it again (young again); at most once
per ``PRUNE_INTERVAL`` a run rewrites the packs without the entries unused for ``MAX_AGE_DAYS``
and, beyond ``MAX_BYTES``, the least recently used ones, and removes stale temporary files.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time

from .checker import read_fd

FORMAT = 3  # bump when the layout of an entry changes
MAGIC = b"cablelint-result-cache"
_FORMAT_BYTES = str(FORMAT).encode("ascii")
SHARD_CHARS = 2  # a pack per first two hex digits of the key: 256 packs (PACKS)
PACK_SUFFIX = ".pack"
KEY_CHARS = 64  # a SHA-256 in hex
NUMBER_DIGITS = 20  # a record's length and time have at most this many digits (int() of more can raise)
HEADER_MAX = 256  # a whole header is shorter (MAGIC, FORMAT, key, length, checksum, time and blanks)
DEFAULT_DIR = ".cablelint_cache"
MAX_AGE_DAYS = 30  # entries not used for this long are removed
MAX_BYTES = 1 << 30  # beyond this total size, the least recently used entries are removed
PRUNE_INTERVAL = 24 * 3600  # seconds between two prunings of one cache directory
TOUCH_AFTER = 24 * 3600  # a hit refreshes the entry's mtime when older than this
FLUSH_BYTES = 1 << 20  # records gathered in a run before they are written (BATCHED_WRITES)
FLUSH_SECONDS = 5.0  # ... or kept at most this long (a run killed by SIGTERM loses what it had not written)
STALE_TMP = 3600  # temporary files older than this are leftovers of a killed writer
_STAMP = "last-prune"  # the file whose time says when the cache was last pruned
_DAY = 86400


def open_cache(options, settings) -> "ResultCache | None":
    """The cache of a run (``check``, ``index``, ``report`` without ``--fix``/``--diff``), or None when
    the environment turns it off (``CABLELINT_NO_CACHE`` set, not empty and not 0/false/no)."""
    if os.environ.get("CABLELINT_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no"):
        return None
    return ResultCache(resolve_dir(options.cache_dir, settings), options.as_of)


def resolve_dir(option: str | None, settings) -> str:
    """``--cache-dir``, else ``cache-dir`` of the working directory's configuration (relative to
    that file's directory), else ``.cablelint_cache`` in the working directory."""
    if option:
        return os.path.abspath(option)
    configured = getattr(settings, "cache_dir", None)
    if configured:
        return os.path.abspath(os.path.join(settings.root, os.path.expanduser(configured)))
    return os.path.abspath(DEFAULT_DIR)


# --- what the key is made of -------------------------------------------------------------------


def code_fingerprint() -> str:
    """The cablelint version, the size and mtime of every module and grammar file of the
    installed package, and the Lark and Python versions."""
    import validator

    from .parse_tables import lark_version

    parts = [f"cablelint {validator.__version__}", f"lark {lark_version()}",
             f"{sys.implementation.name} {sys.version}"]
    roots = [os.path.dirname(os.path.abspath(validator.__file__))]
    try:
        from . import grammar

        roots.append(os.path.dirname(os.path.abspath(grammar.__file__ or "")))
    except ImportError:
        pass
    for root in dict.fromkeys(roots):
        for directory, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".lark")):
                    path = os.path.join(directory, name)
                    try:
                        info = os.stat(path)
                    except OSError:
                        continue
                    parts.append(f"{os.path.relpath(path, root)} {info.st_size} {info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "backslashreplace")).hexdigest()


def rules_fingerprint(rules) -> list:
    """The effective configuration of a file: its rules in order, with severities and options."""
    return [[f"{type(r).__module__}.{type(r).__qualname__}", r.code, int(r.effective_severity),
             None if r.user_severity is None else int(r.user_severity),
             sorted((str(k), repr(v)) for k, v in r.options.items())] for r in rules]


# --- the cache ---------------------------------------------------------------------------------


class ResultCache:
    """One run's view of a cache directory. ``bind(rules, facts)`` gives the small picklable
    ``Bound`` that a worker uses to look up and store the results of files checked with them."""

    def __init__(self, directory: str, as_of=None):
        self.directory = directory
        self.base = {"format": FORMAT, "code": code_fingerprint(),
                     "as_of": as_of.isoformat() if as_of is not None else None}
        self._bound: dict = {}  # id(rules), facts -> (rules, Bound): rules kept alive so ids stay unique
        self._pending: list = []  # (pack path, record) not written yet (BATCHED_WRITES)
        self._pending_bytes = 0
        self._flushed_at = time.monotonic()

    def bind(self, rules, facts: str | None) -> "Bound":
        key = (id(rules), facts)
        found = self._bound.get(key)
        if found is None:
            config = {**self.base, "facts": facts, "rules": rules_fingerprint(rules)}
            text = json.dumps(config, sort_keys=True, separators=(",", ":"))
            found = self._bound[key] = (rules, Bound(self.directory, hashlib.sha256(text.encode()).hexdigest()))
        return found[1]

    def write_later(self, records) -> None:
        """Keep ``records`` ((pack path, record) pairs from ``Bound.take_records``) to write with
        others of their pack; write them all once FLUSH_BYTES have gathered or FLUSH_SECONDS have passed
        since the last write (BATCHED_WRITES)."""
        self._pending += records
        self._pending_bytes += sum(len(record) for _path, record in records)
        if self._pending_bytes >= FLUSH_BYTES or time.monotonic() - self._flushed_at >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Append the records kept so far, one write per pack (never raises: an unwritable cache
        costs time only)."""
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        self._flushed_at = time.monotonic()
        _write_batches(pending, self.directory)

    def finish(self) -> None:
        """After a run: write the records kept, then prune the directory if it is due (never raises)."""
        self.flush()
        try:
            prune_if_due(self.directory)
        except OSError:
            pass


class Bound:
    """A cache directory and one configuration's fingerprint; travels to worker processes."""

    __slots__ = ("directory", "config", "_packs", "_contexts", "_staged", "_staged_bytes")

    def __init__(self, directory: str, config: str):
        self.directory, self.config = directory, config
        self._packs = os.path.join(directory, f"v{FORMAT}", "")  # where the packs are, with a separator
        self._contexts: tuple = (None, [])  # (rules, their RunContexts) of the last check
        self._staged: list = []  # (pack path, record) of entries check_path made, for take_records
        self._staged_bytes = 0

    def __getstate__(self):
        return (self.directory, self.config)

    def __setstate__(self, state):
        self.__init__(*state)

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.sha256(self.config.encode("ascii"))
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def pack_path(self, key: str) -> str:
        return self._packs + key[:SHARD_CHARS] + PACK_SUFFIX

    def check_path(self, path: str, rules, facts: str | None):
        """``checker.check_path`` through the cache. The record of a new entry is not written here:
        ``take_records`` hands it to the process that writes (BATCHED_WRITES)."""
        from .checker import TooLarge, check_bytes, check_path, read_bytes

        try:
            data = read_bytes(path)
        except TooLarge:
            return check_path(path, rules, facts)  # cheap, and not worth an entry
        except (OSError, ValueError):
            return check_path(path, rules, facts)  # the same error result; never stored
        key = self.key(path, data)
        if self._contexts[0] is not rules:  # (one rule list per run and file kind: worked out once)
            self._contexts = (rules, _contexts(rules))
        contexts = self._contexts[1]
        hit = self.load(key, data, contexts)
        if hit is not None:
            return hit
        for context in contexts:
            context.read_day = None
        result = check_bytes(path, data, rules, facts)
        # Without --as-of, a result that read the day holds for that day only.
        days = {c.read_day.isoformat() for c in contexts if c.as_of is None and c.read_day is not None}
        if result.error is None and len(days) <= 1:
            record = self.record(key, result, days.pop() if days else None, data)
            if record is not None:
                self._staged.append((self.pack_path(key), record))
                self._staged_bytes += len(record)
                if self._staged_bytes >= FLUSH_BYTES:  # nobody takes them (a caller of check_path alone)
                    _write_batches(self.take_records(), self.directory)
        return result

    def take_records(self) -> list:
        """The (pack path, record) pairs of the entries ``check_path`` made since the last call, for
        ``ResultCache.write_later``."""
        staged, self._staged, self._staged_bytes = self._staged, [], 0
        return staged

    def load(self, key: str, data: bytes, contexts=()):
        """The stored result for ``key`` (of the file whose bytes are ``data``: a hit's lines are read
        from them, FROM_SOURCE), or None (missing, damaged, foreign, another day)."""
        path = self.pack_path(key)
        found = _read_record(path, key)
        if found is None:
            return None
        written, body = found
        try:
            entry = json.loads(body)
            if entry["day"] is not None and entry["day"] != _today(contexts).isoformat():
                return None
            result = decode(entry["result"], data)
        except Exception:  # anything wrong with an entry is a miss
            return None
        now = time.time()
        if now - written > TOUCH_AFTER:  # used: young again for pruning (the record once more, at the end)
            try:
                _append(path, _record(key, body, now), self.directory)
            except OSError:
                pass
        return result

    def store(self, key: str, result, day: str | None, data: bytes) -> bool:
        """Append the entry to its pack now; False when the result does not survive encoding exactly
        or the directory cannot be written (the run goes on either way). ``data``: the file's bytes
        (the entry then names its lines instead of holding them, FROM_SOURCE)."""
        record = self.record(key, result, day, data)
        if record is None:
            return False
        try:
            return _append(self.pack_path(key), record, self.directory)
        except OSError:
            return False

    def record(self, key: str, result, day: str | None, data: bytes) -> bytes | None:
        """The record of an entry, or None when the result does not survive encoding exactly."""
        try:
            payload = encode(result, data)
            body = json.dumps({"day": day, "result": payload}, ensure_ascii=False,
                              separators=(",", ":")).encode("utf-8", "surrogatepass")
            if decode(json.loads(body)["result"], data) != comparable(result):
                return None
        except Exception:
            return None
        return _record(key, body, time.time())


def _contexts(rules) -> list:
    seen: dict = {}
    for rule in rules:
        context = getattr(rule, "context", None)
        if context is not None:
            seen[id(context)] = context
    return list(seen.values())


def _today(contexts):
    import datetime as _dt

    for context in contexts:
        if context.as_of is not None:
            return context.as_of
    return _dt.datetime.now(_dt.timezone.utc).date()


# --- packs: the records of one key prefix, appended ---------------------------------------------
#
# PACKS: a cache entry is a record appended to the pack of its key's first two hex digits (256 packs),
# not a file of its own: creating a file and renaming it into place cost 75-270 us a file here, a
# fifth of a first run; an append to an existing file costs 5 us. A record is one line of header and
# its body:  MAGIC FORMAT key length checksum written\n body \n, where the body is JSON (no raw newline),
# ``length`` its size in bytes, ``checksum`` the SHA-256 of the key and the body (a body moved under
# another key fails it), ``written`` when it was appended (seconds). Several processes append at once:
# each record is one write() on a file opened with O_APPEND, which POSIX places at the end as a whole;
# a reader that meets a torn, interleaved or damaged record skips it (a miss, never an error; the next
# header may follow it on the same line), and the newest whole record of a key wins. Pruning rewrites a
# pack with the newest record of each key it keeps.


def _checksum(key: str, body: bytes) -> bytes:
    return hashlib.sha256(key.encode("ascii") + b"\0" + body).hexdigest().encode("ascii")


def _record(key: str, body: bytes, written: float) -> bytes:
    return b" ".join((MAGIC, _FORMAT_BYTES, key.encode("ascii"), str(len(body)).encode("ascii"),
                      _checksum(key, body), str(int(written)).encode("ascii"))) + b"\n" + body + b"\n"


def _header(raw: bytes, at: int) -> tuple[str, int, int, int] | None:
    """The record whose header starts at ``at``: (key, body start, body length, written),
    or None when the header is not whole and well formed, the body is cut short, or the checksum
    of key and body does not hold. The header's end is looked for within HEADER_MAX bytes (a pack
    of header-like text stays linear to read)."""
    end = raw.find(b"\n", at, at + HEADER_MAX)
    if end < 0:
        return None
    parts = raw[at:end].split(b" ")
    if len(parts) != 6 or parts[0] != MAGIC or parts[1] != _FORMAT_BYTES or len(parts[2]) != KEY_CHARS \
            or not parts[3].isdigit() or not parts[5].isdigit() \
            or len(parts[3]) > NUMBER_DIGITS or len(parts[5]) > NUMBER_DIGITS:
        return None
    length = int(parts[3])
    if raw[end + 1 + length:end + 2 + length] != b"\n":
        return None
    try:
        key = parts[2].decode("ascii")
    except UnicodeDecodeError:
        return None
    if _checksum(key, raw[end + 1:end + 1 + length]) != parts[4]:
        return None
    return key, end + 1, length, int(parts[5])


def _records(raw: bytes):
    """Every whole record of a pack whose checksum holds, in order: (key, start, end, written, body
    start; the body is ``raw[body start:end - 1]``). Anything else is skipped up to the next header
    after its first byte (a torn record whose length runs into the next record hides nothing)."""
    at = 0
    start_of_record = MAGIC + b" " + _FORMAT_BYTES + b" "
    while at < len(raw):
        found = _header(raw, at)
        if found is None:
            at = raw.find(start_of_record, at + 1)
            if at < 0:
                return
            continue
        key, body_start, length, written = found
        end = body_start + length + 1
        yield key, at, end, written, body_start
        at = end


# PACK_INDEX: where each key's newest record stands in each pack this process has read: (device, inode),
# how far the pack has been parsed (to the end of its last whole record), how many bytes were read, and
# key -> (start, end). A lookup reads only what was appended since
# (a pack rewritten by pruning is a new file: read again) and then the record itself, so after its first
# lookup into a pack a process's lookups cost the same in a cache of a thousand files and of a million (the
# first reads the pack whole: 1/256 of the cache). The index only says where to look: every record read is
# checked again (its key, its checksum), so a stale index costs a miss, never a result.
_PACK_INDEX: dict[str, tuple[tuple[int, int], int, int, dict[str, tuple[int, int]]]] = {}


def _open_pack(path: str, flags: int = os.O_RDONLY) -> tuple[int, os.stat_result] | None:
    """A pack's file descriptor and its fstat, or None when ``path`` is not a regular file: opened
    without blocking (a FIFO or device put in place of a pack would block open() or read() for ever).
    Raw descriptors and reads: a file object costs more than the read of a record."""
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0), 0o644)
    try:
        info = os.fstat(fd)
    except BaseException:
        os.close(fd)
        raise
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return None
    return fd, info


def _read_from(fd: int, offset: int, size: int) -> bytes:
    """``size`` bytes of the pack from ``offset`` (fewer at its end)."""
    os.lseek(fd, offset, os.SEEK_SET)
    # read_fd reads past ``limit`` only to tell a file that grew: with ``size - 1`` it stops at ``size``
    # bytes, in one read when they are there (no second read to find the end)
    return read_fd(fd, size, size - 1)


def _read_record(path: str, key: str) -> tuple[int, bytes] | None:
    """The newest whole record of ``key`` in the pack at ``path``, if its checksum holds: (written, body)."""
    try:
        opened = _open_pack(path)
        if opened is None:
            return None
        fd, info = opened
        try:
            identity = (info.st_dev, info.st_ino)
            known = _PACK_INDEX.get(path)
            if known is None or known[0] != identity or info.st_size < known[2]:  # (shrunk: rewritten in place)
                known = (identity, 0, 0, {})
            _identity, parsed, seen, index = known
            if info.st_size > seen:  # (a damaged tail is read again when the pack grows, not at each lookup)
                os.lseek(fd, parsed, os.SEEK_SET)
                tail = read_fd(fd, info.st_size - parsed + 1, sys.maxsize)
                whole = 0  # a record still being written is read again next time
                for found, start, end, _written, _body_start in _records(tail):
                    index[found] = (parsed + start, parsed + end)
                    whole = end
                _PACK_INDEX[path] = (identity, parsed + whole, parsed + len(tail), index)
            where = index.get(key)
            if where is None:
                return None
            raw = _read_from(fd, where[0], where[1] - where[0])
        finally:
            os.close(fd)
    except OSError:
        return None
    found = _header(raw, 0)  # (checks the checksum again: the index may be stale)
    if found is None or found[0] != key:
        return None
    _key, body_start, length, written = found
    return written, raw[body_start:body_start + length]


def _append(path: str, record: bytes, root: str) -> bool:
    """Append one record with one write (O_APPEND: at the end as a whole, whoever else appends)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
    try:
        handle = _open_pack(path, flags)
    except FileNotFoundError:
        _create(root, os.path.dirname(path))
        handle = _open_pack(path, flags)
    if handle is None:  # not a regular file: never written to
        return False
    fd, _info = handle
    try:
        return os.write(fd, record) == len(record)  # a short write leaves a torn record: skipped
    finally:
        os.close(fd)


def _write_batches(records, root: str) -> None:
    """Append (pack path, record) pairs, each pack's records in their order with one write (BATCHED_WRITES)."""
    batches: dict[str, list[bytes]] = {}
    for path, record in records:
        batches.setdefault(path, []).append(record)
    for path, grouped in batches.items():
        try:
            _append(path, b"".join(grouped), root)
        except OSError:
            pass


def _write_atomic(path: str, data: bytes) -> None:
    """Replace a file as a whole (pruning's rewrite of a pack)."""
    tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _read_pack(path: str) -> bytes | None:
    """The bytes of the pack at ``path``, or None when it cannot be read or is not a regular file."""
    try:
        opened = _open_pack(path)
        if opened is None:
            return None
        fd, info = opened
        try:
            return read_fd(fd, info.st_size + 1, sys.maxsize)
        finally:
            os.close(fd)
    except OSError:
        return None


def entries(directory: str) -> dict[str, tuple[str, int]]:
    """The entries of a cache directory, as a lookup finds them: key -> (pack path, written) of the
    newest whole record of each key whose checksum holds (for tests and tools)."""
    found: dict = {}
    current = os.path.join(directory, f"v{FORMAT}")
    if not os.path.isdir(current):
        return found
    for name in sorted(os.listdir(current)):
        if not name.endswith(PACK_SUFFIX):
            continue
        path = os.path.join(current, name)
        raw = _read_pack(path)
        if raw is None:
            continue
        found.update((key, (path, written)) for key, _start, _end, written, _body in _records(raw))
    return found


def _create(root: str, directory: str) -> None:
    """Make the entry directory; a new cache directory gets a CACHEDIR.TAG and a .gitignore."""
    fresh = not os.path.isdir(root)
    os.makedirs(directory, exist_ok=True)
    if fresh or not os.path.exists(os.path.join(root, ".gitignore")):
        for name, text in ((".gitignore", "# Created by cablelint automatically.\n*\n"),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                                            "# This file is a cache directory tag created by cablelint.\n")):
            target = os.path.join(root, name)
            if not os.path.exists(target):
                tmp = f"{target}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
                with open(tmp, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(tmp, target)


# --- encoding a FileResult ---------------------------------------------------------------------


def comparable(result):
    """What a hit gives back for ``result``: the same, without the source lines when there is no
    finding (only findings show source lines; the check of standard input and of many files in
    worker processes drops them the same way)."""
    from .records import replace

    if not result.diagnostics and result.lines is not None:
        return replace(result, lines=None)
    return result


def _span(s) -> list:
    return [s.line, s.column, s.end_line, s.end_column]


# FROM_SOURCE: the lines a result shows with its findings are nearly always the file's physical lines,
# which a hit can read from the bytes it has just read for its key: the entry says so instead of holding
# them (a JSON list of the whole file was most of an entry and three quarters of the time to store it).
FROM_SOURCE = "source"


def _from_source(lines, data: bytes) -> bool:
    """Whether ``lines`` are the physical lines of ``data`` (a tuple is compared on the whole text)."""
    from .source import are_physical_lines, physical_lines

    if lines.__class__ is not tuple:
        return lines == physical_lines(data)
    return are_physical_lines(lines, data)


def encode(result, data: bytes | None = None) -> dict:
    """A FileResult of a plain check (no error, no fix) as JSON data; with the file's bytes ``data``,
    lines that are its physical lines are written as FROM_SOURCE."""
    if result.error is not None or result.fixed or result.fixed_by_rule or result.diff or result.output:
        raise ValueError("only the results of a plain check are cached")
    diagnostics = []
    for d in result.diagnostics:
        fix = None
        if d.fix is not None:
            fix = [d.fix.message, [[_span(e.span), e.text] for e in d.fix.edits], d.fix.applicability]
        diagnostics.append([d.code, d.name, int(d.severity), d.message, d.path, _span(d.span), d.suggestion,
                            fix, [_span(s) for s in d.related]])
    lines = None
    if result.lines is not None and result.diagnostics:
        lines = FROM_SOURCE if data is not None and _from_source(result.lines, data) else list(result.lines)
    return {"path": result.path, "diagnostics": diagnostics, "lines": lines,
            "facts": result.facts, "cable": None if result.cable is None else list(result.cable)}


def decode(data: dict, source: bytes | None = None):
    """The FileResult of ``encode``'s data; ``source``: the file's bytes (for FROM_SOURCE lines)."""
    from .checker import FileResult
    from .engine.diagnostic import Diagnostic, Edit, Fix, Severity
    from .facts import CableFacts
    from .model import Span

    diagnostics = []
    for code, name, severity, message, path, span, suggestion, fix, related in data["diagnostics"]:
        if fix is not None:
            fix = Fix(fix[0], tuple(Edit(Span(*s), text) for s, text in fix[1]), fix[2])
        diagnostics.append(Diagnostic(code, name, Severity(severity), message, path, Span(*span), suggestion,
                                      fix, tuple(Span(*s) for s in related)))
    lines = data["lines"]
    if lines == FROM_SOURCE:
        if source is None:
            raise ValueError("the entry's lines are the file's, and its bytes are not given")
        from .source import physical_lines

        lines = physical_lines(source)  # (record() verifies an entry by decoding it: the bytes just read)
    cable = data["cable"]
    return FileResult(data["path"], diagnostics, tuple(lines) if lines is not None else None,
                      facts=data["facts"], cable=CableFacts(*cable) if cable is not None else None)


# --- pruning -----------------------------------------------------------------------------------


def prune_if_due(directory: str, now: float | None = None) -> bool:
    """Prune ``directory`` when the last pruning is older than PRUNE_INTERVAL; True if it ran.
    FIRST_STAMP: a directory without the stamp (a new cache) starts its interval now instead of
    pruning (a first run would read every pack again to find nothing to remove)."""
    if not os.path.isdir(directory):
        return False
    now = time.time() if now is None else now
    stamp = os.path.join(directory, _STAMP)
    try:
        if now - os.stat(stamp).st_mtime < PRUNE_INTERVAL:
            return False
        due = True
    except FileNotFoundError:
        due = False  # FIRST_STAMP: stamp only
    _write_atomic(stamp, f"{now}\n".encode("ascii"))  # claim it first: concurrent runs skip
    os.utime(stamp, (now, now))  # (replaced, never opened: whatever is in its place cannot block)
    if due:
        prune(directory, now)
    return due


def prune(directory: str, now: float | None = None, max_age_days: float = MAX_AGE_DAYS,
          max_bytes: int = MAX_BYTES) -> int:
    """Remove entries unused for ``max_age_days``, stale temporary files, entries of other
    formats, then the least recently used entries beyond ``max_bytes``; each pack is rewritten
    with the newest whole record of each key it keeps (older copies and damaged stretches go).
    Returns how many entries (and files of other layouts) went. A record appended to a pack while
    it is rewritten may be lost: a miss later, never a wrong result."""
    now = time.time() if now is None else now
    removed = 0
    for name in os.listdir(directory):
        top = os.path.join(directory, name)
        if name.startswith(_STAMP + ".") and name.endswith(".tmp"):  # (a run killed writing the stamp)
            removed += _unlink_if_stale(top, now)
            continue
        if name.startswith("v") and name[1:].isdigit() and name != f"v{FORMAT}" and os.path.isdir(top):
            removed += _remove_tree(top)  # another layout: never readable by this version
    current = os.path.join(directory, f"v{FORMAT}")
    if not os.path.isdir(current):
        return removed
    # Two passes, so that one pack at a time is in memory (the cache may be MAX_BYTES): the first adds
    # up the bytes of each key's newest record by the second it was written (a key's records share a
    # pack), the second rewrites each pack without the records that go. What goes is decided by a
    # record's own time: those written before a cut-off second, then those of that second in pack
    # order until the cache fits, so a key used again since the first pass (a newer record) stays.
    def aged(written: int) -> bool:  # (more than a day ahead: a wrong clock; it would never age out)
        return now - written > max_age_days * _DAY or written - now > _DAY

    by_second: dict[int, int] = {}  # written -> bytes of the newest records kept by age
    paths = []
    for entry in os.scandir(current):
        if entry.name.endswith(".tmp"):
            removed += _unlink_if_stale(entry.path, now)
            continue
        if not entry.name.endswith(PACK_SUFFIX) or not entry.is_file(follow_symlinks=False):
            continue
        newest = _newest_records(entry.path)
        if newest is None:
            continue
        paths.append(entry.path)
        for written, start, end in newest.values():
            if not aged(written):
                by_second[written] = by_second.get(written, 0) + end - start
    cut, excess = None, sum(by_second.values()) - max_bytes  # drop what was written before ``cut``,
    for second in sorted(by_second):  # then ``excess`` more bytes of what was written in it
        if excess <= 0:
            break
        cut = second
        if by_second[second] >= excess:
            break
        excess -= by_second[second]
    del by_second
    for path in paths:
        raw = _read_pack(path)
        if raw is None:
            continue
        newest = _newest_records(path, raw)
        kept = []
        for written, start, end in newest.values():
            if aged(written) or (cut is not None and written < cut):
                removed += 1
            elif written == cut and excess > 0:
                removed += 1
                excess -= end - start
            else:
                kept.append(raw[start:end])
        data = b"".join(kept)
        if data == raw:
            continue
        try:
            if data:
                _write_atomic(path, data)
            else:
                os.unlink(path)
        except OSError:
            pass
    return removed


def _newest_records(path: str, raw: bytes | None = None) -> dict[str, tuple[int, int, int]] | None:
    """key -> (written, start, end) of each key's newest whole record in a pack (read unless given)."""
    if raw is None:
        raw = _read_pack(path)
        if raw is None:
            return None
    newest = {}
    for key, start, end, written, _body in _records(raw):
        newest[key] = (written, start, end)
    return newest


def _unlink_if_stale(path: str, now: float) -> int:
    """Remove a temporary file left by a run that was killed (not one being written now)."""
    try:
        if now - os.lstat(path).st_mtime > STALE_TMP:
            return _unlink(path)
    except OSError:
        pass
    return 0


def _unlink(path: str) -> int:
    try:
        os.unlink(path)
        return 1
    except OSError:
        return 0


def _remove_tree(top: str) -> int:
    removed = 0
    for directory, _dirs, files in os.walk(top, topdown=False):
        for name in files:
            removed += _unlink(os.path.join(directory, name))
        try:
            os.rmdir(directory)
        except OSError:
            pass
    return removed
