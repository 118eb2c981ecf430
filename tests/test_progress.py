"""Progress on long runs: on a terminal's stderr only, after a moment, never in stdout or a report."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from validator.progress import Progress

ROOT = Path(__file__).resolve().parent.parent


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Tty(io.StringIO):
    """A stream that says it is a terminal (the isatty stub)."""

    def isatty(self):
        return True


def test_nothing_is_shown_before_the_delay_then_done_rate_and_time_left():
    clock, stream = FakeClock(), Tty()
    progress = Progress(stream, clock=clock, delay=1.0, interval=0.1)
    items = progress.discovered(iter(range(10)))
    assert items == list(range(10)) and progress.total == 10
    for _ in range(3):
        clock.now += 0.2
        progress.advance()
    assert stream.getvalue() == ""  # 0.6 s: a short run stays silent
    clock.now += 0.5  # 1.1 s after the start, 4 files in 1.1 s
    progress.advance()
    text = stream.getvalue()
    assert text.startswith("\r\x1b[K") and "cablelint: 4/10 files (40%)" in text
    assert "3.6 files/s" in text and "2s left" in text
    clock.now += 0.01
    progress.advance()  # within the redraw interval: no new line
    assert stream.getvalue() == text
    progress.finish()
    assert stream.getvalue().endswith("\r\x1b[K")  # erased before the summary


def test_the_line_is_erased_before_an_item_that_prints_and_at_the_end():
    clock, stream = FakeClock(), Tty()
    progress = Progress(stream, clock=clock, delay=0, interval=0)
    progress.set_total(3)
    seen = []
    for item in progress.wrap(["quiet", "prints", "quiet"], prints=lambda item: item == "prints"):
        clock.now += 1
        seen.append((item, stream.getvalue().endswith("\r\x1b[K")))
    assert seen == [("quiet", False), ("prints", True), ("quiet", False)]
    assert stream.getvalue().endswith("\r\x1b[K")
    assert "3/3 files (100%)" in stream.getvalue()


def test_progress_only_on_a_terminal_and_only_when_enabled():
    assert Progress.for_stream(True, stream=io.StringIO()) is None  # a pipe or a file: never
    assert Progress.for_stream(False, stream=Tty()) is None  # --no-progress
    progress = Progress.for_stream(True, stream=Tty(), out=io.StringIO())
    assert progress is not None and not progress.shares_terminal
    assert Progress.for_stream(True, stream=Tty(), out=Tty()).shares_terminal


def test_time_left_formats():
    from validator.progress import _duration

    assert [_duration(s) for s in (0.4, 59, 61, 3599, 3600 * 2 + 60 * 5)] == ["0s", "59s", "1m01s", "59m59s",
                                                                               "2h05m"]


# ---- the real command, with stderr on a pseudo-terminal ----------------------------------------

pty = pytest.importorskip("pty")

# Run the CLI with no delay and no redraw interval, so that a run of a few files shows progress.
RUNNER = ("import sys, validator.progress as p; p.DELAY = 0; p.INTERVAL = 0; "
          "from validator.cli import main; sys.argv[0] = 'cablelint'; main()")


@pytest.fixture
def archive(tmp_path):
    import cablegen

    directory = tmp_path / "cables"
    cablegen.write_corpus(directory, 12, seed=3)
    return directory


def run_on_pty(args, cwd, stderr_tty=True) -> tuple[int, str, str]:
    """Run the CLI with stdout on a pipe and stderr on a pseudo-terminal (or a pipe)."""
    master, slave = pty.openpty() if stderr_tty else os.pipe()
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    stdout = proc.stdout.read()
    proc.stdout.close()
    code = proc.wait(timeout=120)
    os.close(master)
    return code, stdout.decode(), b"".join(chunks).decode(errors="replace")


def test_check_shows_progress_on_a_terminal_stderr_but_never_on_stdout(archive, tmp_path):
    code, out, err = run_on_pty(["check", "--isolated", "--jobs", "1", "--output-format", "concise", str(archive)],
                                tmp_path)
    assert code in (0, 1), err
    assert "/12 files (" in err and "files/s" in err and "12/12 files (100%)" in err
    assert "\x1b[K" in err and "Checked 12 files" in err
    assert "files/s" not in out and "\r" not in out and "\x1b" not in out


def test_no_progress_turns_it_off_on_a_terminal(archive, tmp_path):
    code, out, err = run_on_pty(["check", "--isolated", "--no-progress", str(archive)], tmp_path)
    assert "files/s" not in err and "\x1b[K" not in err and "Checked 12 files" in err


def test_no_progress_when_stderr_is_not_a_terminal(archive, tmp_path):
    code, out, err = run_on_pty(["check", "--isolated", str(archive)], tmp_path, stderr_tty=False)
    assert "files/s" not in err and "\r" not in err and "Checked 12 files" in err


def test_report_progress_goes_to_stderr_and_never_into_the_report(archive, tmp_path):
    code, out, err = run_on_pty(["report", "--isolated", "--jobs", "1", "-o", "r.html", str(archive)], tmp_path)
    assert code == 0, err
    assert "12/12 files (100%)" in err and out == ""
    for name in ("r.html", "r.json"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "files/s" not in text and "\x1b" not in text
