"""Atomic file writes: a temporary file in the target directory, then ``os.replace``.

A reader (CI uploading a SARIF file, a reviewer opening a baseline) never sees a
half-written file, and a failed run leaves the previous file untouched.
"""

from __future__ import annotations

import contextlib
import os
TYPE_CHECKING = False  # typing costs ~2 ms of start-up; annotations only
if TYPE_CHECKING:
    from typing import Iterator, TextIO


def _mkstemp(**kwargs):
    import tempfile  # not at import: tempfile (shutil, random, bz2...) costs ~3 ms of start-up

    return tempfile.mkstemp(**kwargs)


@contextlib.contextmanager
def atomic_write(path: str, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Yield a text stream; on normal exit the file at ``path`` is replaced in one step."""
    target = os.path.abspath(path)
    directory = os.path.dirname(target)
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = _mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory)
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise _about(exc, path) from None
    try:
        # backslashreplace: a file name that is not valid UTF-8 must not abort the report.
        with os.fdopen(fd, "w", encoding=encoding, errors="backslashreplace", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.filename in (tmp, directory) or getattr(exc, "filename2", None) == target:
            raise _about(exc, path) from None
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _about(exc: OSError, path: str) -> OSError:
    """The same error, about ``path`` (the report file), with a reason a user can act on."""
    reason = exc.strerror or str(exc)
    if os.path.isdir(path):
        reason = "is a directory"
    elif exc.filename not in (None, path):
        reason = f"cannot create a file in {os.path.dirname(os.path.abspath(path))}: {reason}"
    return type(exc)(exc.errno, f"cannot write report ({reason})", path)


def _mode_for(target: str) -> int:
    """Keep an existing file's permissions; new files get 0666 minus the umask (mkstemp uses 0600)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: str, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` in one step (fixes keep the bytes exactly)."""
    target = os.path.abspath(path)
    directory = os.path.dirname(target)
    fd, tmp = _mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
