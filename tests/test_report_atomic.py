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
