"""Atomic writes for -o and baselines: all or nothing, permissions kept."""

from __future__ import annotations

import os
import stat

import pytest

from validator.atomic import atomic_write


def test_new_file_gets_umask_permissions_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        with atomic_write(str(tmp_path / "new" / "report.json")) as stream:
            stream.write("{}\n")
    finally:
        os.umask(old)
    path = tmp_path / "new" / "report.json"
    assert path.read_text() == "{}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_existing_permissions_are_kept(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text("old")
    path.chmod(0o640)
    with atomic_write(str(path)) as stream:
        stream.write("new")
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640


def test_failure_leaves_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "out.sarif"
    path.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_write(str(path)) as stream:
            stream.write("half")
            raise RuntimeError("boom")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.sarif"]


def test_an_unwritable_target_is_named_in_the_error_not_the_temporary_file(tmp_path, monkeypatch):
    """Issue 11 point 5: the message names the -o target."""
    import tempfile

    def refuse(prefix, suffix, dir):
        raise PermissionError(13, "Permission denied", os.path.join(dir, prefix + "abc" + suffix))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = str(tmp_path / "report.sarif")
    with pytest.raises(OSError) as info:
        with atomic_write(target):
            pass
    assert info.value.filename == target and ".tmp" not in str(info.value)
    assert "Permission denied" in str(info.value)


@pytest.mark.skipif(not os.path.isfile("/proc/version"), reason="needs Linux /proc")
def test_output_file_in_proc_names_the_target(tmp_path):
    import subprocess
    import sys

    from lint_helpers import CABLES

    proc = subprocess.run([sys.executable, "-m", "validator", "check", "--isolated", "-o", "/proc/version",
                           str(CABLES / "clean.txt")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("cablelint: error: /proc/version: cannot write report"), proc.stderr
    assert ".tmp" not in proc.stderr
