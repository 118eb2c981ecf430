"""Progress of long runs on a terminal: files done, rate and time left, on stderr only.

``Progress.for_stream(enabled)`` returns None unless ``enabled`` (``--no-progress`` not
given) and the stream (stderr) is a terminal: a report file, stdout, a pipe or a CI log
never sees a progress byte. The line appears only once a run has lasted ``DELAY``
seconds (a short run stays silent), is redrawn at most every ``INTERVAL`` seconds, and is
erased at the end, before the summary. When stdout is the same terminal, the line is
erased before each result is handed on, so that diagnostics never land inside it.
"""

from __future__ import annotations

import os
import sys
import time

DELAY = 1.0  # seconds before the first progress line
INTERVAL = 0.1  # seconds between redraws
_CLEAR = "\r\x1b[K"


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class Progress:
    def __init__(self, stream, total: int | None = None, clock=time.monotonic, delay: float | None = None,
                 interval: float | None = None, shares_terminal: bool = False, out=None):
        self.stream = stream
        self.total = total
        self.clock = clock
        self.delay = DELAY if delay is None else delay
        self.interval = INTERVAL if interval is None else interval
        self.shares_terminal = shares_terminal  # stdout writes to the same terminal
        self.out = out  # stdout, flushed before each redraw
        self.done = 0
        self.start = clock()  # the run's start: the line waits ``delay`` from here
        self.t0 = self.start  # the start of checking: rates are measured from here
        self.found = 0  # files discovered so far, while the total is not known
        self._last_draw: float | None = None
        self._shown = False

    @classmethod
    def for_stream(cls, enabled: bool = True, stream=None, out=None, **kwargs) -> "Progress | None":
        """A Progress on ``stream`` (stderr) when enabled and a terminal, else None."""
        stream = sys.stderr if stream is None else stream
        if not enabled or not _isatty(stream):
            return None
        out = sys.stdout if out is None else out
        return cls(stream, shares_terminal=_isatty(out), out=out, **kwargs)

    # --- drawing -------------------------------------------------------------------------

    def line(self, now: float) -> str:
        if self.total is None and self.found:
            return f"cablelint: finding files: {self.found:,}"
        elapsed = max(now - self.t0, 1e-9)
        rate = self.done / elapsed
        parts = [f"{self.done:,}" + (f"/{self.total:,} files ({100 * self.done // max(self.total, 1)}%)"
                                     if self.total else " files")]
        parts.append(f"{rate:,.0f} files/s" if rate >= 10 else f"{rate:.1f} files/s")
        if self.total and self.done and rate > 0:
            parts.append(f"{_duration((self.total - self.done) / rate)} left")
        return "cablelint: " + ", ".join(parts)

    def _draw(self, now: float) -> None:
        text = self.line(now)
        width = _terminal_width(self.stream)
        if width and len(text) >= width:
            text = text[: width - 1]
        self._write(_CLEAR + text)
        self._shown = True
        self._last_draw = now

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: progress is not worth an error
            pass

    def clear(self) -> None:
        if self._shown:
            self._write(_CLEAR)
            self._shown = False

    # --- events --------------------------------------------------------------------------

    def discovered(self, targets):
        """Materialise the targets (for the total and the time left), showing the count found
        so far when discovery itself takes long; returns the list."""
        found = []
        for target in targets:
            found.append(target)
            self.found = len(found)
            if not self.found % 256:
                self._tick()
        self.set_total(len(found))
        return found

    def set_total(self, total: int) -> None:
        self.total = total
        self.t0 = self.clock()

    def _tick(self) -> None:
        now = self.clock()
        if now - self.start >= self.delay and (self._last_draw is None or now - self._last_draw >= self.interval):
            self._draw(now)

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = self.clock()
        if now - self.start < self.delay:
            return
        if self._last_draw is None or now - self._last_draw >= self.interval:
            if self.out is not None:  # what the caller printed goes before the line
                try:
                    self.out.flush()
                except (OSError, ValueError):
                    pass
            self._draw(now)

    def finish(self) -> None:
        self.clear()

    def wrap(self, items, prints=None):
        """Yield ``items``, counting each once it has been handled. ``prints(item)`` tells whether
        handling the item writes to the terminal (a diagnostic on stdout, an error on stderr):
        the line is erased first, and redrawn after. Without ``prints``, every item is assumed
        to print when stdout shares the terminal. The line is erased at the end (also on an
        exception or when the consumer stops early)."""
        if prints is None:
            shares = self.shares_terminal
            prints = lambda item: shares  # noqa: E731
        try:
            for item in items:
                if prints(item):
                    self.clear()
                yield item
                self.advance()
        finally:
            self.finish()


def _terminal_width(stream) -> int | None:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return None
